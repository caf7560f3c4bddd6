"""`corroborate serve`: the dossiers of a store as a local web application."""

from .app import WebConfig, create_app
from .guard import PublicHostError, resolve_host
from .server import run_server

__all__ = ["PublicHostError", "WebConfig", "create_app", "resolve_host", "run_server"]
