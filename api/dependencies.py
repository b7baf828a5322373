"""Who is asking: the bearer token's user, resolved once per request.

A request that carries a body (POST, PUT, PATCH) is checked by `authenticate_before_the_body`,
a middleware, before the body is read, so nobody without a token can make the server take a
10 MB upload; the user it found is kept for the route. Other requests are checked by the
`current_user` dependency. Either way a wrong, revoked or disabled user's token is a 401.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.errors import BEARER
from core import tokens
from core.accounts import UserRecord
from core.validation import MAX_ID
NO_TOKEN = "Send an API token: Authorization: Bearer TOKEN."
BAD_TOKEN = "The API token is wrong or was revoked."


async def authenticate_before_the_body(request: Request, call_next):
    """Refuse a body-carrying request without a valid token before reading its body."""
    if request.method in ("POST", "PUT", "PATCH"):
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        bearer = token.strip() if scheme.lower() == "bearer" else ""
        user = await run_in_threadpool(tokens.authenticate_token, bearer) if bearer else None
        if user is None:
            return JSONResponse({"detail": BAD_TOKEN if bearer else NO_TOKEN}, status_code=401,
                                headers={**BEARER, "Connection": "close"})
        request.state.user = user
    return await call_next(request)


_bearer = HTTPBearer(auto_error=False, description="A per-user API token (see `create-token`).")


def current_user(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> UserRecord:
    checked = getattr(request.state, "user", None)
    if checked is not None:  # authenticated by the middleware before the body was read
        return checked
    if credentials is None:
        raise HTTPException(401, NO_TOKEN, headers=BEARER)
    user = tokens.authenticate_token(credentials.credentials)
    if user is None:
        raise HTTPException(401, BAD_TOKEN, headers=BEARER)
    return user


Actor = Annotated[UserRecord, Depends(current_user)]
CandidateId = Annotated[int, Path(ge=1, le=MAX_ID, description="The candidate's id.")]
