"""Per-app resources made on first use (query workers, SHACL shapes), kept in app.extensions."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

_LOCK = threading.Lock()


def lazily(key: str, make: Callable[[Flask], Any]) -> Any:
    """``app.extensions[key]``, made once with ``make(app)`` by the first request that needs it."""
    app = current_app._get_current_object()
    with _LOCK:
        if key not in app.extensions:
            app.extensions[key] = make(app)
        return app.extensions[key]
