"""changes: candidates.change_count, raised by every update of a row, and an index on
(parse_status, updated_at, change_count), for core/changes.py's question "has anything
changed?" asked by every live page."""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'


def upgrade() -> None:
    with op.batch_alter_table('candidates', recreate='never') as batch_op:
        batch_op.add_column(sa.Column('change_count', sa.Integer(), nullable=False, server_default='0'))
    op.create_index('ix_candidates_status_updated', 'candidates', ['parse_status', 'updated_at', 'change_count'])


def downgrade() -> None:
    op.drop_index('ix_candidates_status_updated', table_name='candidates')
    with op.batch_alter_table('candidates') as batch_op:
        batch_op.drop_column('change_count')
