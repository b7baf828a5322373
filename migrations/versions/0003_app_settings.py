"""app settings: the table of settings an admin changes is named apart from the environment's
(core.config.Settings)."""
from alembic import op

revision = '0003'
down_revision = '0002'


def upgrade() -> None:
    op.rename_table('settings', 'app_settings')


def downgrade() -> None:
    op.rename_table('app_settings', 'settings')
