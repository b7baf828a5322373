"""app settings: the table of settings an admin changes is named apart from the environment's

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 22:30:00
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.rename_table('settings', 'app_settings')


def downgrade() -> None:
    op.rename_table('app_settings', 'settings')
