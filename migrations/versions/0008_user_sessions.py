"""user sessions: a signed-in browser's cookie stands for a row here (hashed token, idle and
absolute ends, revocable)."""
import sqlalchemy as sa
from alembic import op

from core.models import AwareDateTime

revision = '0008'
down_revision = '0007'


def upgrade() -> None:
    op.create_table(
        'user_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('session_version', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=True),
        sa.Column('code_hash', sa.String(length=64), nullable=True),
        sa.Column('code_expires_at', AwareDateTime(timezone=True), nullable=True),
        sa.Column('created_at', AwareDateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', AwareDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', AwareDateTime(timezone=True), nullable=False),
        sa.Column('ended_at', AwareDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
        sa.UniqueConstraint('code_hash'),
    )
    op.create_index('ix_user_sessions_user', 'user_sessions', ['user_id'])
    op.create_index('ix_user_sessions_expires', 'user_sessions', ['expires_at'])


def downgrade() -> None:
    op.drop_index('ix_user_sessions_expires', table_name='user_sessions')
    op.drop_index('ix_user_sessions_user', table_name='user_sessions')
    op.drop_table('user_sessions')
