"""ui/server.py's SessionCookies: the routes that set and clear the sign-in cookie (Streamlit
cannot), and what they refuse."""
from __future__ import annotations

from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from core import sessions
from ui.server import COOKIE_NAME, COOKIE_ROUTE, END_ROUTE, SessionCookies

FROM_THE_APP = {"X-ResumeDesk": "1"}


def client(base_url: str = "http://testserver") -> TestClient:
    async def page(_request):
        return PlainTextResponse("the app")

    app = Starlette(routes=[Route("/", page), Route("/candidate", page)], middleware=[Middleware(SessionCookies)])
    return TestClient(app, base_url=base_url)


def test_a_code_is_traded_for_an_httponly_strict_cookie(app_env, admin):
    session_id, code = sessions.begin(admin)
    response = client().post(COOKIE_ROUTE, content=code, headers=FROM_THE_APP)
    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    parts = [p.strip() for p in cookie.split(";")]
    token = parts[0].removeprefix(f"{COOKIE_NAME}=")
    assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= set(parts) and "Secure" not in parts
    assert any(p.startswith("Max-Age=") and int(p[8:]) > 6 * 86400 for p in parts)
    assert response.headers["cache-control"] == "no-store"
    user, resumed = sessions.resume(token)
    assert (user.id, resumed) == (admin.id, session_id)


def test_over_https_the_cookie_is_secure(app_env, admin):
    _, code = sessions.begin(admin)
    response = client("https://desk.example.com").post(COOKIE_ROUTE, content=code, headers=FROM_THE_APP)
    assert "Secure" in [p.strip() for p in response.headers["set-cookie"].split(";")]
    _, code = sessions.begin(admin)
    behind_proxy = client().post(COOKIE_ROUTE, content=code, headers={**FROM_THE_APP, "X-Forwarded-Proto": "https"})
    assert "Secure" in behind_proxy.headers["set-cookie"]


def test_requests_not_from_the_app_get_no_cookie(app_env, admin):
    _, code = sessions.begin(admin)
    c = client()
    assert c.post(COOKIE_ROUTE, content=code).status_code == 403  # a plain form cannot set the header
    other_site = c.post(COOKIE_ROUTE, content=code, headers={**FROM_THE_APP, "Origin": "https://evil.example"})
    assert other_site.status_code == 403 and "set-cookie" not in other_site.headers
    assert c.get(COOKIE_ROUTE).status_code == 405
    assert c.post(COOKIE_ROUTE, content="a guessed code", headers=FROM_THE_APP).status_code == 403
    assert c.post(COOKIE_ROUTE, content="x" * 5000, headers=FROM_THE_APP).status_code == 413
    # none of that used the code up
    ok = c.post(COOKIE_ROUTE, content=code, headers={**FROM_THE_APP, "Origin": "http://testserver"})
    assert ok.status_code == 204
    assert c.post(COOKIE_ROUTE, content=code, headers=FROM_THE_APP).status_code == 403  # used


def test_ending_the_session_clears_the_cookie_and_the_server_side_session(app_env, admin):
    _, code = sessions.begin(admin)
    c = client()
    token = c.post(COOKIE_ROUTE, content=code, headers=FROM_THE_APP).cookies[COOKIE_NAME]
    assert c.post(END_ROUTE).status_code == 403
    response = c.post(END_ROUTE, headers=FROM_THE_APP)  # the client sends the cookie it was given
    assert response.status_code == 204
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert sessions.resume(token) is None


def test_every_other_path_reaches_the_app(app_env):
    c = client()
    assert c.get("/candidate").text == "the app"
    assert c.get("/").text == "the app"
