"""Operations: liveness and readiness."""

from flask import Blueprint, current_app, jsonify

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    store = current_app.extensions["seckg.store"]
    return jsonify(status="ok", quads=len(store))
