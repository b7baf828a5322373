"""UI pieces shared by the pages (Streamlit only; no SQL, no file I/O)."""
