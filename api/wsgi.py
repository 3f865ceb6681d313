"""An app factory for WSGI servers that take ``module:factory(literal arguments)``.

    gunicorn -w 4 -k gthread --threads 4 --timeout 60 \\
        "api.wsgi:app_from(store='var/store', query_workers=2, query_timeout=30)"

Each server process builds its own app: it opens the store read-only and starts its query
workers at once (do not use ``--preload``: the store must be opened after the fork).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from flask import Flask

from api.app import create_app
from kg import Settings

_PATHS = {f.name for f in fields(Settings) if isinstance(f.default, Path)}


def app_from(**options: object) -> Flask:
    """``create_app`` over ``Settings(**options)``; path settings may be given as strings.

    >>> app = app_from(store="memory:", query_workers=1)
    >>> app.config["SECKG_SETTINGS"].query_workers, app.extensions["seckg.store"].status()["workers"]
    (1, 1)
    >>> app.extensions["seckg.store"].close()
    """
    from api.sparql import serving

    values = {k: Path(v) if k in _PATHS and isinstance(v, str) else v for k, v in options.items()}
    app = create_app(Settings().with_(**values))
    serving(app)
    return app
