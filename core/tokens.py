"""Per-user API tokens for the HTTP API (`Authorization: Bearer TOKEN`).

A token is 32 random bytes (`rd_` + URL-safe base64); only its SHA-256 is stored, which is
enough for a secret with that much entropy (no salt or slow hash needed: nothing to guess).
The token itself is returned once, when it is made, and never again. A token acts as its
user: same role, same checks (every use case reloads the user), so disabling the account or
changing its role takes effect on the next request. Tokens are revocable; each keeps the time
it was last used (written at most once a minute, so a busy client does not turn every read
into a write).

Admins make and revoke tokens (the Users page); `python -m core.users create-token EMAIL`
makes one from a shell. Disabling an account or resetting its password revokes its tokens.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from core import audit
from core.accounts import UserRecord, email_key, find_user
from core.db import session_scope
from core.errors import NotFoundError, ValidationError
from core.models import API_TOKEN_NAME_LENGTH, ApiToken, User, utcnow
from core.permissions import Perm, require
from core.validation import one_line

PREFIX = "rd_"
MAX_NAME = API_TOKEN_NAME_LENGTH
MAX_TOKEN_LENGTH = 200
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenRecord:
    id: int
    user_id: int
    user_email: str
    name: str
    hint: str
    created_at: datetime
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: ApiToken, user_email: str) -> "TokenRecord":
        return cls(id=row.id, user_id=row.user_id, user_email=user_email, name=row.name, hint=row.hint,
                   created_at=row.created_at, created_by=row.created_by, last_used_at=row.last_used_at,
                   revoked_at=row.revoked_at)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def _issue(s, user: User | None, who: str, name: str, admin: UserRecord | None) -> tuple[TokenRecord, str]:
    """A new token for `user` in the caller's transaction, made by `admin` (None: from a shell)."""
    if user is None:
        raise NotFoundError(f"There is no user {who}.")
    if not user.enabled:
        raise ValidationError(f"{user.email} is disabled; enable the account first.")
    token = _new_token()
    made_by = admin.email if admin else audit.SHELL
    row = ApiToken(user_id=user.id, name=name, token_hash=hash_token(token), hint=token[:len(PREFIX) + 6],
                   created_by=made_by[:320], created_at=utcnow())
    s.add(row)
    s.flush()
    audit.record(s, admin, audit.TOKEN_CREATE, detail=f"{user.email}: token {row.hint}… {name}".rstrip(),
                 actor_email=made_by)
    return TokenRecord.from_row(row, user.email), token


def create_token(actor: UserRecord, user_id: int, name: str = "") -> tuple[TokenRecord, str]:
    """A new token for a user: (its record, the token itself, to be shown once)."""
    admin = require(actor, Perm.MANAGE_USERS)
    with session_scope() as s:
        return _issue(s, s.get(User, int(user_id)), f"#{user_id}", one_line(name, MAX_NAME), admin)


def create_token_from_shell(email: str, name: str = "") -> tuple[TokenRecord, str]:
    """From a shell (trusted, like create-admin): a new token for the user with this email."""
    email = email_key(email)
    with session_scope() as s:
        return _issue(s, find_user(s, email), email, one_line(name, MAX_NAME) or audit.SHELL, None)


def list_tokens(actor: UserRecord, user_id: int | None = None, *, include_revoked: bool = False) -> list[TokenRecord]:
    """Newest first; every user's tokens, or one user's."""
    require(actor, Perm.MANAGE_USERS)
    q = select(ApiToken, User.email).join(User, User.id == ApiToken.user_id)
    if user_id is not None:
        q = q.where(ApiToken.user_id == int(user_id))
    if not include_revoked:
        q = q.where(ApiToken.revoked_at.is_(None))
    q = q.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    with session_scope(readonly=True) as s:
        return [TokenRecord.from_row(row, email) for row, email in s.execute(q).all()]


def revoke_token(actor: UserRecord, token_id: int) -> TokenRecord:
    """The token stops working at once; revoking it twice changes nothing."""
    admin = require(actor, Perm.MANAGE_USERS)
    with session_scope() as s:
        row = s.get(ApiToken, int(token_id))
        if row is None:
            raise NotFoundError(f"There is no API token #{token_id}.")
        email = s.get(User, row.user_id).email
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            audit.record(s, admin, audit.TOKEN_REVOKE, detail=f"{email}: token {row.hint}… {row.name}".rstrip())
        s.flush()
        return TokenRecord.from_row(row, email)


def revoke_user_tokens(s, user_id: int) -> int:
    """Revoke every live token of a user, in the caller's transaction (the account was disabled
    or its password reset); how many. Enabling the account again brings none back."""
    result = s.execute(update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount


def authenticate_token(token: str | None) -> UserRecord | None:
    """The enabled user a live token belongs to; None for anything else (no reason given)."""
    token = str(token or "").strip()
    if not token.startswith(PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(token)
    with session_scope(readonly=True) as s:
        found = s.execute(
            select(ApiToken, User).join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == digest)
        ).first()
        if found is None:
            return None
        row, user = found
        # The lookup is by hash (an index), the comparison once more in constant time.
        if not hmac.compare_digest(row.token_hash, digest) or row.revoked_at is not None or not user.enabled:
            return None
        token_id, last_used, record = row.id, row.last_used_at, UserRecord.from_row(user)
    now = utcnow()
    if last_used is None or now - last_used >= LAST_USED_RESOLUTION:
        with session_scope() as s:
            s.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
                      .execution_options(synchronize_session=False))
    return record
