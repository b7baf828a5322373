"""session version: users.session_version, raised when a password, role or enabled flag
changes, ends the user's other dashboard sessions."""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'


def upgrade() -> None:
    with op.batch_alter_table('users', recreate='never') as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('session_version')
