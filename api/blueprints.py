"""Every blueprint of the app, registered in one place."""

from __future__ import annotations

from flask import Flask


def register_all(app: Flask) -> None:
    from api import canned, dumps, metrics, ops, pages, sparql

    metrics.init_app(app)
    for module in (ops, sparql, dumps, canned, pages):
        app.register_blueprint(module.bp)
