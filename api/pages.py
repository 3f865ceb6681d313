"""Blueprint 'pages': what people read. Linked-data resources (``/id/...``), the query page
(``/``) and the dataset description (``/void``), each in its own module."""

from __future__ import annotations

from flask import Blueprint

from api import caching, canned, query_page, resources, void

bp = Blueprint("pages", __name__)
bp.register_blueprint(resources.bp)
bp.register_blueprint(query_page.bp)
bp.register_blueprint(void.bp)


@bp.record_once
def _setup(state) -> None:
    caching.init_app(state.app)
    canned.init_app(state.app)
