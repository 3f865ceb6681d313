"""Finding entities by name: the search page, the lookups behind autocomplete, and labels
for the query page's result table.

- ``GET /search?q=NAME[&kind=person]``: a page of matches (the search box on every page
  sends here);
- ``GET /search.json?q=NAME[&kind=..][&limit=10]``: the same as JSON, for the suggestions
  under the search box and under the canned-query parameters (api/static/lookup.js);
- ``POST /labels.json`` with ``{"iris": [...]}``: each IRI's label in the reader's language
  (statements by their words), for the query page's table (api/static/query.js).

Names match in any script and spelling the data lists, whatever the case or diacritics
(api/name_index.py).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request
from rdflib import URIRef

from api import caching, i18n
from api.labels import Labeller, reader_language
from api.name_index import KINDS, Match, NameIndex, Names
from api.negotiate import HTML
from api.problems import json_error
from api.terms import local_path

bp = Blueprint("search", __name__)
KEY = "seckg.names"
LIMIT, PAGE_LIMIT, MAX_LIMIT, MAX_IRIS = 10, 50, 50, 500
KIND_NAMES = [kind for kind, _ in KINDS]


def init_app(app: Flask) -> None:
    if KEY not in app.extensions:
        app.extensions[KEY] = Names(app.extensions["seckg.store"])


@bp.record_once
def _setup(state) -> None:
    caching.init_app(state.app)
    init_app(state.app)


def names() -> NameIndex:
    """The name index of this app's store (read again when the store has changed)."""
    init_app(current_app)
    return current_app.extensions[KEY].index()


def describe(match: Match, labels: Labeller) -> dict:
    """A match as the page and the JSON show it: the entity's name in the reader's language,
    and the name that matched when it is another."""
    shown = labels.literal(URIRef(match.iri))
    label = str(shown) if shown is not None else labels.label(URIRef(match.iri))
    other = str(match.name) != label
    return {"iri": match.iri, "href": local_path(match.iri) or match.iri, "label": label,
            "lang": shown.language if shown is not None else None, "kind": match.kind,
            "kind_label": str(i18n.message(f"entity_kind.{match.kind}")),
            "matched": str(match.name) if other else None,
            "matched_lang": match.name.language if other else None}


def _asked() -> tuple[str, str | None, Response | None]:
    text = request.args.get("q", "").strip()[:200]
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KIND_NAMES:
        return text, kind, json_error(400, f"kind: {kind!r} is not one of "
                                           f"{', '.join(KIND_NAMES)}")
    return text, kind, None


def _limit(default: int) -> int:
    try:
        return max(1, min(MAX_LIMIT, int(request.args.get("limit", default))))
    except ValueError:
        return default


@bp.get("/search")
def page() -> Response:
    text, kind, problem = _asked()
    if problem is not None:
        kind = None
    lang = reader_language()
    labels = Labeller(current_app.extensions["seckg.store"], lang)
    found = names().search(text, kind=kind, limit=PAGE_LIMIT) if text else []
    labels.fetch(URIRef(m.iri) for m in found)
    html = render_template("search.html", query=text, kind=kind, kinds=KIND_NAMES,
                           results=[describe(m, labels) for m in found], lang=lang)
    response = Response(html, mimetype=HTML)
    response.vary.add("Accept-Language")
    return caching.conditional(response, HTML, lang)


@bp.get("/search.json")
def lookup() -> Response:
    text, kind, problem = _asked()
    if problem is not None:
        return problem
    lang = reader_language()
    labels = Labeller(current_app.extensions["seckg.store"], lang)
    found = names().search(text, kind=kind, limit=_limit(LIMIT)) if text else []
    labels.fetch(URIRef(m.iri) for m in found)
    response = jsonify(query=text, kind=kind, lang=lang,
                       results=[describe(m, labels) for m in found])
    response.vary.add("Accept-Language")
    return caching.conditional(response, "json", lang)


@bp.post("/labels.json")
def labels_of() -> Response:
    body = request.get_json(silent=True)
    iris = body.get("iris") if isinstance(body, dict) else None
    if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
        return json_error(400, 'send {"iris": ["https://...", ...]} as JSON')
    if len(iris) > MAX_IRIS:
        return json_error(400, f"at most {MAX_IRIS} IRIs at a time")
    wanted = [URIRef(i) for i in dict.fromkeys(iris) if i.startswith(("http://", "https://"))]
    labels = Labeller(current_app.extensions["seckg.store"], reader_language())
    labels.fetch(wanted)
    out = {}
    for iri in wanted:
        literal = labels.literal(iri)
        if literal is not None:
            out[str(iri)] = {"label": str(literal), "lang": literal.language}
    return jsonify(labels=out)
