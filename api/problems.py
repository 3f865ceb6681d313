"""Error answers of the pages, dumps and canned queries, in the app's one JSON error shape.

``{"error": {"status": 404, "title": "Not Found", "detail": "..."}}`` for programs; a page
with the same three facts for browsers (clients that name text/html in Accept).
"""

from __future__ import annotations

from flask import Response, jsonify, render_template, request

from api.negotiate import wants_html

TITLES = {400: "Bad Request", 404: "Not Found", 406: "Not Acceptable", 500: "Server Error"}


def json_error(status: int, detail: str, *, title: str | None = None) -> Response:
    """The JSON error shape, always (for the APIs that only speak JSON and CSV)."""
    body = {"error": {"status": status, "title": title or TITLES.get(status, "Error"),
                      "detail": detail}}
    response = jsonify(body)
    response.status_code = status
    return response


def error(status: int, detail: str, *, title: str | None = None) -> Response:
    """An HTML error page for browsers, the JSON error shape for everyone else."""
    if wants_html(request.headers.get("Accept")):
        html = render_template("error.html", status=status,
                               title=title or TITLES.get(status, "Error"), detail=detail)
        response = Response(html, status=status, mimetype="text/html")
    else:
        response = json_error(status, detail, title=title)
    response.vary.add("Accept")
    return response
