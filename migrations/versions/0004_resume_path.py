"""resume path: the candidates column holding the stored file's path on the server is resume_path.

It was called resume_url but never held a URL; the API's resume_url is the download address
(/candidates/{id}/resume), made from the id.
"""
from alembic import op

revision = '0004'
down_revision = '0003'


def upgrade() -> None:
    with op.batch_alter_table('candidates', recreate='never') as batch_op:
        batch_op.alter_column('resume_url', new_column_name='resume_path')


def downgrade() -> None:
    with op.batch_alter_table('candidates', recreate='never') as batch_op:
        batch_op.alter_column('resume_path', new_column_name='resume_url')
