"""Every blueprint of the app, registered in one place."""

from __future__ import annotations

from flask import Flask, jsonify


def register_all(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():  # replaced by api/ops.py
        store = app.extensions["seckg.store"]
        return jsonify(status="ok", quads=len(store))
