"""resume path: the candidates column holding the stored file's server path is resume_path

It was called resume_url, but it never held a URL: the API's resume_url is now the download
address (/candidates/{id}/resume), made from the id.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 23:00:00
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('candidates', recreate='never') as batch_op:
        batch_op.alter_column('resume_url', new_column_name='resume_path')


def downgrade() -> None:
    with op.batch_alter_table('candidates', recreate='never') as batch_op:
        batch_op.alter_column('resume_path', new_column_name='resume_url')
