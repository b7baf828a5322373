"""The HTTP API, served by uvicorn beside the dashboard: `make api`. The entry point is api/app.py."""
