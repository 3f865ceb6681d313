"""The query page at ``/``: an editor prefilled with the example queries, run in the browser.

The page posts to ``/sparql`` (SPARQL 1.1 protocol) from api/static/query.js, shows the
answer as a table whose IRIs link to their ``/id/`` pages, keeps the query in the page URL
(``/?query=...``) to share it, and links downloads in every format of kg.formats.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from api import caching
from api.labels import reader_language
from kg import FORMATS

bp = Blueprint("query", __name__)
FIRST_EXAMPLE = "statements-by-official"      # what the editor holds on a first visit


@bp.get("/")
def query_page() -> Response:
    examples = [{"name": q.name, "title": q.title, "text": q.bind()}
                for q in current_app.extensions["seckg.queries"].values()]
    examples.sort(key=lambda e: (e["name"] != FIRST_EXAMPLE, e["title"]))
    text = request.args.get("query") or (examples[0]["text"] if examples else "")
    formats = {kind: [{"name": f.name, "ext": f.extension} for f in FORMATS
                      if f.kind == kind and (kind == "results" or not f.dataset
                                             or f.name == "jsonld")]
               for kind in ("results", "rdf")}
    html = render_template("query.html", examples=examples, text=text, formats=formats,
                           autorun=bool(request.args.get("query")), lang=reader_language())
    return caching.conditional(Response(html, mimetype="text/html"), reader_language())
