"""How `make run` serves the dashboard: `streamlit run serve.py` runs app.py as an st.App behind
ui/server.py's middleware (no framing, no /_stcore/metrics, the sign-in cookie), handing running parse jobs back
when it stops."""
import streamlit as st
from starlette.middleware import Middleware

from ui.server import SecurityHeaders, SessionCookies, stop_cleanly

app = st.App("app.py", middleware=[Middleware(SecurityHeaders), Middleware(SessionCookies)], lifespan=stop_cleanly)
