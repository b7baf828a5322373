"""ui/server.py and .streamlit/config.toml: what the dashboard's server sends and refuses
(framing, the metrics endpoint, the tables' CSV button, tracebacks, postMessage parents)."""
from __future__ import annotations

import tomllib

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from core.config import APP_ROOT
from ui.server import SecurityHeaders, frame_headers
from utils import set_env


def _app() -> TestClient:
    async def page(_request):
        return PlainTextResponse("the app")

    routes = [Route("/", page), Route("/_stcore/metrics", page), Route("/base/_stcore/metrics", page)]
    return TestClient(Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)]))


def test_no_site_may_frame_the_dashboard_by_default(app_env):
    response = _app().get("/")
    assert response.text == "the app"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"] == "frame-ancestors 'none'"


def test_frame_ancestors_names_the_sites_that_may(app_env, monkeypatch):
    set_env(monkeypatch, FRAME_ANCESTORS="https://intranet.example.com, https://*.example.org:8443")
    response = _app().get("/")
    assert response.headers["content-security-policy"] == \
        "frame-ancestors https://intranet.example.com https://*.example.org:8443"
    assert "x-frame-options" not in response.headers


@pytest.mark.parametrize("bad", ["*", "https://a.example; script-src *", "javascript:alert(1)", "example.com\r\nX: y"])
def test_frame_ancestors_that_are_not_origins_are_refused(bad):
    with pytest.raises(ValueError, match="FRAME_ANCESTORS"):
        frame_headers((bad,))


def test_the_metrics_endpoint_is_not_served(app_env):
    client = _app()
    for path in ("/_stcore/metrics", "/_stcore/metrics/", "/base/_stcore/metrics"):
        response = client.get(path)
        assert response.status_code == 404 and "the app" not in response.text


def test_streamlit_is_told_to_keep_data_and_tracebacks_in():
    config = tomllib.loads((APP_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    client, server = config["client"], config["server"]
    assert client["disableDataExport"] is True, "the tables' own CSV download bypasses permissions and the audit log"
    assert client["showErrorDetails"] == "none", "tracebacks (paths, SQL) stay in the server's log"
    assert client["allowedOrigins"] == [], "no parent frame may drive the app"
    assert client["toolbarMode"] == "viewer"
    assert server["enableXsrfProtection"] is True and server["enableStaticServing"] is False


def test_make_run_serves_the_app_behind_the_middleware():
    serve = (APP_ROOT / "serve.py").read_text(encoding="utf-8")
    assert ('st.App("app.py", middleware=[Middleware(SecurityHeaders), Middleware(SessionCookies)], '
            'lifespan=stop_cleanly)') in serve
    assert "streamlit run serve.py" in (APP_ROOT / "Makefile").read_text(encoding="utf-8")
