"""The one JSON error shape, for every error the app answers over HTTP::

    {"error": {"status": 400, "title": "Bad Request", "detail": "...",
               "line": 2, "column": 16}}          # line/column: query errors, when known

``problem`` builds it for the SPARQL endpoint; ``init_app`` makes every HTTP error the app
does not answer itself (unknown paths, wrong methods, an unexpected failure) take the same
shape, or an error page for browsers that ask for HTML (``api.problems.error``).
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from kg.errors import QueryError, StoreError

log = logging.getLogger("seckg.api")

TITLES = {403: "Forbidden", 413: "Query Too Large", 503: "Query Timeout"}


def title_of(status: int) -> str:
    if status in TITLES:
        return TITLES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(status: int, detail: str, *, title: str | None = None, line: int | None = None,
            column: int | None = None) -> Response:
    """A JSON error response in the app's shape (``Vary: Accept`` set)."""
    error: dict[str, object] = {"status": status, "title": title or title_of(status),
                                "detail": detail}
    if line is not None:
        error.update(line=line, column=column)
    response = Response(json.dumps({"error": error}, ensure_ascii=False), status=status,
                        mimetype="application/json")
    response.vary.add("Accept")
    return response


def from_query_error(exc: QueryError) -> Response:
    detail = exc.args[0] if exc.args else str(exc)
    return problem(exc.status, detail, line=exc.line, column=exc.column)


def _http_error(exc: HTTPException) -> Response:
    from api.problems import error

    status = exc.code or 500
    response = error(status, exc.description or title_of(status), title=title_of(status))
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    if status >= 500:
        log.error("HTTP %s on %s %s: %s", status, request.method, request.path, exc.description)
    return response


def _query_error(exc: QueryError) -> Response:
    """A query of a page or canned query that failed (past the time limit: 503): the
    reader's shape (HTML or JSON), never a 500."""
    from api.problems import error

    detail = exc.args[0] if exc.args else str(exc)
    return error(exc.status, detail, title=title_of(exc.status))


def _store_error(exc: StoreError) -> Response:
    from api.problems import error

    log.error("store error on %s %s: %s", request.method, request.path, exc)
    return error(503, f"the store cannot answer now: {exc}", title="Store Unavailable")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(QueryError, _query_error)
    app.register_error_handler(StoreError, _store_error)
