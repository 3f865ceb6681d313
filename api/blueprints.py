"""Every blueprint of the app, registered in one place, with what applies to all of them:
the interface catalogue (api/i18n.py), the link check (api/links.py) and the security
headers (api/security_headers.py)."""

from __future__ import annotations

from flask import Flask


def register_all(app: Flask) -> None:
    from api import canned, dumps, i18n, links, metrics, ops, pages, security_headers, sparql

    metrics.init_app(app)
    security_headers.init_app(app)
    i18n.init_app(app)
    links.init_app(app)
    for module in (ops, sparql, dumps, canned, pages):
        app.register_blueprint(module.bp)
