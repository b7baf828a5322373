"""privacy: candidate notes and tags, where a resume came from (source), consent-until date."""
import sqlalchemy as sa
from alembic import op

from core.models import AwareDateTime

revision = '0009'
down_revision = '0008'


def upgrade() -> None:
    with op.batch_alter_table('candidates', recreate='never') as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=20), nullable=False, server_default='upload'))
        batch_op.add_column(sa.Column('source_detail', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('consent_until', sa.Date(), nullable=True))
    op.create_index('ix_candidates_consent_until', 'candidates', ['consent_until'])
    op.create_table(
        'candidate_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('author_email', sa.String(length=320), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', AwareDateTime(), nullable=False),
        sa.Column('updated_at', AwareDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_candidate_notes_candidate', 'candidate_notes', ['candidate_id', 'created_at'])
    op.create_table(
        'candidate_tags',
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('tag', sa.String(length=40), nullable=False),
        sa.Column('created_at', AwareDateTime(), nullable=False),
        sa.Column('created_by', sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('candidate_id', 'tag'),
    )
    op.create_index('ix_candidate_tags_tag', 'candidate_tags', ['tag'])


def downgrade() -> None:
    op.drop_index('ix_candidate_tags_tag', table_name='candidate_tags')
    op.drop_table('candidate_tags')
    op.drop_index('ix_candidate_notes_candidate', table_name='candidate_notes')
    op.drop_table('candidate_notes')
    op.drop_index('ix_candidates_consent_until', table_name='candidates')
    with op.batch_alter_table('candidates', recreate='never') as batch_op:
        batch_op.drop_column('consent_until')
        batch_op.drop_column('source_detail')
        batch_op.drop_column('source')

