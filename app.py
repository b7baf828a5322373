"""ResumeDesk: the entry point. Page set-up, navigation, and the parser pool once per process."""
import logging

import streamlit as st

from core import jobs
from core.db import get_engine

st.set_page_config(page_title="ResumeDesk", page_icon=":material/description:", layout="wide")


@st.cache_resource(show_spinner=False)
def start_services() -> int:
    """Once per server process: schema, storage directory, and unfinished jobs resubmitted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    get_engine()
    return jobs.start()


start_services()

pages = [
    st.Page("pages/candidates.py", title="Candidates", icon=":material/groups:", default=True),
    st.Page("pages/add_candidate.py", title="Add candidate", icon=":material/person_add:"),
    st.Page("pages/candidate.py", title="Candidate", icon=":material/badge:"),
]
st.navigation(pages).run()
