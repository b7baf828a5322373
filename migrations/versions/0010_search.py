"""search: candidate_search and candidate_skills (core/search.py), the full-text engine of each
database over them, and every existing candidate indexed.

SQLite: FTS5 tables over candidate_search (external content), kept in step by triggers.
PostgreSQL: the pg_trgm extension (in the public schema, so that dropping another schema never
takes it away), a generated tsvector column and GIN indexes.

Existing candidates are indexed from their fields and parsed resumes (their resumes' full
text was not kept before; a re-parse adds it).
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'

FTS_COLUMNS = ("name_text", "contact_text", "headline_text", "skills_text", "history_text", "body_text")
# One word between two fields keeps a phrase from running from one field into the next, as
# FTS5 keeps it inside a column; it is then taken out of the vector.
FIELD_GAP = "zzfieldgap"


def _tables() -> None:
    op.create_table(
        'candidate_search',
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        *[sa.Column(name, sa.Text(), nullable=False) for name in FTS_COLUMNS],
        sa.Column('contact_key', sa.Text(), nullable=False),
        sa.Column('location_key', sa.String(length=200), nullable=False),
        sa.Column('employers_key', sa.Text(), nullable=False),
        sa.Column('exp_closed_months', sa.Integer(), nullable=False),
        sa.Column('exp_open_since', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('candidate_id'),
    )
    op.create_table(
        'candidate_skills',
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('skill', sa.String(length=200), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('candidate_id', 'skill'),
    )
    op.create_index('ix_candidate_skills_skill', 'candidate_skills', ['skill'])


def _sqlite_engine() -> None:
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    op.execute(f"CREATE VIRTUAL TABLE candidate_fts USING fts5({cols}, content='candidate_search', "
               "content_rowid='candidate_id', tokenize='unicode61 remove_diacritics 2')")
    op.execute("CREATE VIRTUAL TABLE candidate_trgm USING fts5(contact_key, content='candidate_search', "
               "content_rowid='candidate_id', tokenize='trigram')")
    insert = (f"INSERT INTO candidate_fts(rowid, {cols}) VALUES (new.candidate_id, {new}); "
              "INSERT INTO candidate_trgm(rowid, contact_key) VALUES (new.candidate_id, new.contact_key);")
    remove = (f"INSERT INTO candidate_fts(candidate_fts, rowid, {cols}) VALUES ('delete', old.candidate_id, {old}); "
              "INSERT INTO candidate_trgm(candidate_trgm, rowid, contact_key) "
              "VALUES ('delete', old.candidate_id, old.contact_key);")
    op.execute(f"CREATE TRIGGER candidate_fts_ai AFTER INSERT ON candidate_search BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER candidate_fts_ad AFTER DELETE ON candidate_search BEGIN {remove} END")
    op.execute(f"CREATE TRIGGER candidate_fts_au AFTER UPDATE ON candidate_search BEGIN {remove} {insert} END")


def _postgresql_engine() -> None:
    conn = op.get_bind()
    schema = conn.execute(sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                                  "WHERE e.extname = 'pg_trgm'")).scalar()
    if schema is None:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        schema = "public"
    weights = dict(zip(FTS_COLUMNS, "AABBCD"))
    parts = [f"setweight(to_tsvector('simple'::regconfig, {c} || ' {FIELD_GAP}'), '{w}')" for c, w in weights.items()]
    vector = f"ts_delete({' || '.join(parts)}, '{FIELD_GAP}'::text)"
    op.execute(f"ALTER TABLE candidate_search ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({vector}) STORED")
    op.execute("CREATE INDEX ix_candidate_search_tsv ON candidate_search USING gin (tsv)")
    op.execute(f'CREATE INDEX ix_candidate_search_contact_trgm ON candidate_search '
               f'USING gin (contact_key "{schema}".gin_trgm_ops)')


def _index_existing() -> None:
    from core.search import bulk_index

    conn = op.get_bind()
    candidates = sa.table('candidates', *(sa.column(c) for c in ('id', 'full_name', 'email', 'phone')),
                          sa.column('parsed_resume', sa.JSON()))
    c = candidates.c
    bulk_index(conn, conn.execute(sa.select(c.id, c.full_name, c.email, c.phone, c.parsed_resume).order_by(c.id)).all())


def upgrade() -> None:
    _tables()
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_engine()
    else:
        _sqlite_engine()
    _index_existing()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index('ix_candidate_search_contact_trgm', table_name='candidate_search')
        op.drop_index('ix_candidate_search_tsv', table_name='candidate_search')
    else:
        for trigger in ("candidate_fts_ai", "candidate_fts_ad", "candidate_fts_au"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE candidate_trgm")
        op.execute("DROP TABLE candidate_fts")
    op.drop_index('ix_candidate_skills_skill', table_name='candidate_skills')
    op.drop_table('candidate_skills')
    op.drop_table('candidate_search')
