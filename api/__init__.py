"""The HTTP API (the original contract), served by uvicorn beside the dashboard: `make api`.

Routes are thin: they resolve the acting user from the bearer token and call the use cases
in core/candidates.py, which check permissions, validate, audit and queue parsing.
"""
