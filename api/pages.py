"""Blueprint 'pages': what people read. Linked-data resources (``/id/...``), the query page
(``/``), the dataset description (``/void``) and the search (``/search``), each in its own
module."""

from __future__ import annotations

from flask import Blueprint

from api import caching, canned, query_page, resources, search, void

bp = Blueprint("pages", __name__)
bp.register_blueprint(resources.bp)
bp.register_blueprint(query_page.bp)
bp.register_blueprint(void.bp)
bp.register_blueprint(search.bp)


@bp.record_once
def _setup(state) -> None:
    caching.init_app(state.app)
    canned.init_app(state.app)
    search.init_app(state.app)
