"""ResumeDesk's logic: no UI here, so tests, the CLI and an API can use it."""
