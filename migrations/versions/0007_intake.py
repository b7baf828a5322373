"""intake: candidates may wait for their email from the parse; phones kept as E.164 and as
typed; a folded name for duplicate matching; the needs-review flag; duplicate pairs, merges,
and bulk intake batches."""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'


def _name_key(name: str) -> str | None:
    text = "".join(c for c in unicodedata.normalize("NFKD", name or "") if not unicodedata.combining(c)).casefold()
    words = sorted(w for w in re.split(r"[\W_]+", text) if w)
    return " ".join(words)[:200] or None


def _e164(phone: str | None) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(phone or "", None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def upgrade() -> None:
    with op.batch_alter_table('candidates') as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(320), nullable=True)
        batch_op.add_column(sa.Column('phone_e164', sa.String(20), nullable=True))
        batch_op.add_column(sa.Column('phone_typed', sa.String(100), nullable=True))
        batch_op.add_column(sa.Column('name_key', sa.String(200), nullable=True))
        batch_op.add_column(sa.Column('fill_from_parse', sa.String(40), nullable=True))
        batch_op.add_column(sa.Column('needs_review', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('review_reason', sa.String(500), nullable=True))
        batch_op.add_column(sa.Column('resume_uploaded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_candidates_sha256', ['resume_sha256'])
        batch_op.create_index('ix_candidates_phone_e164', ['phone_e164'])
        batch_op.create_index('ix_candidates_name_key', ['name_key'])
        batch_op.create_index('ix_candidates_needs_review', ['needs_review'])
    conn = op.get_bind()
    rows = conn.execute(sa.text("select id, full_name, phone, created_at from candidates")).all()
    for id_, name, phone, created in rows:
        conn.execute(sa.text("update candidates set name_key = :k, phone_e164 = :p, phone_typed = :t, "
                             "resume_uploaded_at = case when resume_path is null then null else :c end "
                             "where id = :id"),
                     {"k": _name_key(name), "p": _e164(phone), "t": phone, "c": created, "id": id_})

    op.create_table(
        'duplicate_pairs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('other_id', sa.Integer(), nullable=False),
        sa.Column('rule', sa.String(20), nullable=False),
        sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('dismissed_by', sa.String(320), nullable=True),
        sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['other_id'], ['candidates.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('candidate_id', 'other_id', name='uq_duplicate_pair'),
    )
    op.create_index('ix_duplicate_pairs_other', 'duplicate_pairs', ['other_id'])
    op.create_table(
        'candidate_merges',
        sa.Column('removed_id', sa.Integer(), nullable=False),
        sa.Column('kept_id', sa.Integer(), nullable=False),
        sa.Column('merged_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_email', sa.String(320), nullable=False),
        sa.PrimaryKeyConstraint('removed_id'),
    )
    op.create_index('ix_candidate_merges_kept', 'candidate_merges', ['kept_id'])
    op.create_table(
        'intake_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_email', sa.String(320), nullable=False),
        sa.Column('files', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'intake_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(500), nullable=False),
        sa.Column('outcome', sa.String(20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('candidate_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['batch_id'], ['intake_batches.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_intake_items_batch', 'intake_items', ['batch_id', 'position'])


def downgrade() -> None:
    op.drop_table('intake_items')
    op.drop_table('intake_batches')
    op.drop_table('candidate_merges')
    op.drop_table('duplicate_pairs')
    with op.batch_alter_table('candidates') as batch_op:
        for index in ('ix_candidates_needs_review', 'ix_candidates_name_key', 'ix_candidates_phone_e164',
                      'ix_candidates_sha256'):
            batch_op.drop_index(index)
        for column in ('resume_uploaded_at', 'review_reason', 'needs_review', 'fill_from_parse', 'name_key',
                       'phone_typed', 'phone_e164'):
            batch_op.drop_column(column)
        batch_op.alter_column('email', existing_type=sa.String(320), nullable=False)
