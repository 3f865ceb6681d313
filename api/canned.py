"""Canned queries: the ``queries/*.rq`` files as a stable JSON and CSV API.

``/queries/`` lists them (JSON, or HTML for browsers); ``/queries/<name>.json`` and
``.csv`` run one with named parameters from the query string (defaults from the file's
header); ``/queries/<name>`` is a page with a form and the answer as a table. Bad values
give 400 in the JSON error shape.

An IRI parameter also takes a name (``?official=Tavrinov``, «تافرينوف», "Тавринова"): it is
looked up among the names of entities of the default's kind (api/name_index.py) and must
name exactly one best; the answer says what it was resolved to. JSON keeps each literal's
language tag (``{"value": "...", "lang": "ar"}``); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from api import caching
from api.labels import Labeller, reader_language
from api.negotiate import HTML, best_media_type
from api.problems import error, json_error
from api.query_library import BadParameter, CannedQuery, load_queries, to_term
from api.search import names
from api.terms import term
from kg import QueryError

bp = Blueprint("canned", __name__)
KEY = "seckg.queries"
DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "queries"
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long,
           XSD.nonNegativeInteger}
#: a value that is meant as an IRI (a scheme, maybe in angle brackets), not looked up as a name
_SCHEME = re.compile(r"\s*<?[A-Za-z][A-Za-z0-9+.-]*:")


def init_app(app: Flask) -> None:
    """Load the queries once; ``app.config["SECKG_QUERIES_DIR"]`` may point elsewhere."""
    if KEY not in app.extensions:
        folder = Path(app.config.get("SECKG_QUERIES_DIR", DEFAULT_FOLDER))
        app.extensions[KEY] = load_queries(folder)


@bp.record_once
def _setup(state) -> None:
    caching.init_app(state.app)
    init_app(state.app)


def queries() -> dict[str, CannedQuery]:
    return current_app.extensions[KEY]


def describe(query: CannedQuery) -> dict:
    return {"name": query.name, "title": query.title,
            "parameters": [{"name": p.name, "type": p.kind, "default": p.default, "help": p.help}
                           for p in query.params],
            "html": url_for("canned.page", name=query.name, _external=True),
            "json": url_for("canned.run", name=query.name, ext="json", _external=True),
            "csv": url_for("canned.run", name=query.name, ext="csv", _external=True),
            "sparql": query.bind()}


@bp.get("/queries/")
def index() -> Response:
    media_type = best_media_type(request.headers.get("Accept"), ["application/json", HTML])
    if media_type == HTML:
        response = Response(render_template("queries.html", queries=list(queries().values()),
                                            lang=reader_language()), mimetype=HTML)
    else:
        response = jsonify(queries=[describe(q) for q in queries().values()])
    response.vary.add("Accept")
    return caching.conditional(response, media_type or "", reader_language())


def kinds(query: CannedQuery) -> dict[str, str | None]:
    """The kind of entity (person, organisation, post...) each IRI parameter takes: that of
    its default, as the name index knows it (None: any kind)."""
    index = names()
    return {p.name: index.kind_of(p.default) for p in query.params if p.kind == "iri"}


def resolve(query: CannedQuery, args: dict[str, str]) -> dict[str, dict]:
    """Look up the names given for IRI parameters; ``args`` then holds their IRIs. Returns
    ``{parameter: {"name", "iri", "matched"}}``; BadParameter when a name matches nothing,
    or several equally well."""
    resolved = {}
    wanted = kinds(query)
    for param in query.params:
        raw = args.get(param.name, "")
        if param.kind != "iri" or not raw.strip() or _SCHEME.match(raw):
            continue
        kind = wanted[param.name]
        found = names().search(raw, kind=kind, limit=6)
        what = f"no {kind}" if kind else "nothing"
        if not found:
            raise BadParameter(f"{param.name}: {what} is named {raw.strip()!r}; try another "
                               "spelling, or give the IRI")
        best = [m for m in found if m.score == found[0].score]
        if len({m.iri for m in best}) > 1:
            options = "; ".join(f"{m.name} <{m.iri}>" for m in best)
            raise BadParameter(f"{param.name}: {raw.strip()!r} names several: {options}; "
                               "give a fuller name or the IRI")
        args[param.name] = found[0].iri
        resolved[param.name] = {"name": raw.strip(), "iri": found[0].iri,
                                "matched": str(found[0].name)}
    return resolved


def _execute(name: str, *, page: bool = False) -> tuple | Response:
    """The query, its columns, its rows, the arguments bound (IRIs for names) and what each
    name was resolved to; or a JSON error answer."""
    query = queries().get(name)
    if query is None:
        return json_error(404, f"no canned query {name!r}; see /queries/ for the list")
    args = request.args.to_dict()
    if page and "lang" not in {p.name for p in query.params}:
        args.pop("lang", None)          # on pages, ?lang= picks the labels' language
    try:
        resolved = resolve(query, args)
        sparql = query.bind(args)
    except BadParameter as exc:
        return json_error(400, str(exc))
    store = current_app.extensions["seckg.store"]
    try:
        rows = store.select(sparql)
    except QueryError as exc:
        return json_error(getattr(exc, "status", 400), str(exc))
    limit = current_app.config["SECKG_SETTINGS"].result_limit
    columns = list(dict.fromkeys(k for row in rows for k in row))
    return query, columns, rows[:limit], args, resolved


def plain(value: object) -> object:
    """A term as JSON: IRIs and strings as text, numbers and booleans as such, a literal with
    a language tag as ``{"value": text, "lang": tag}``.

    >>> plain(Literal("مسؤول", lang="ar")), plain(Literal(3)), plain(URIRef("https://e/x"))
    ({'value': 'مسؤول', 'lang': 'ar'}, 3, 'https://e/x')
    """
    if isinstance(value, Literal):
        if value.language:
            return {"value": str(value), "lang": value.language}
        if value.datatype in NUMERIC:
            return value.toPython()
        if value.datatype == XSD.boolean:
            return bool(value.toPython())
    return str(value)


@bp.get("/queries/<name>.<any(json, csv):ext>")
def run(name: str, ext: str) -> Response:
    answer = _execute(name)
    if isinstance(answer, Response):
        return answer
    query, columns, rows, args, resolved = answer
    if ext == "json":
        response = jsonify(query=query.name, title=query.title,
                           parameters={p.name: str(to_term(p, args.get(p.name, p.default)))
                                       for p in query.params},
                           resolved=resolved, columns=columns,
                           rows=[{c: plain(row[c]) for c in columns if c in row} for row in rows])
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([[str(row.get(c, "")) for c in columns] for row in rows])
        response = Response(out.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return caching.conditional(response, ext)


def cell(value: object, labels: Labeller) -> list:
    """A table cell's terms: a list of IRIs (a GROUP_CONCAT of them) as links, one by one."""
    if isinstance(value, Literal) and not value.language and value.datatype in (None, XSD.string):
        parts = str(value).split()
        if parts and all(_SCHEME.match(p) and p.startswith(("http://", "https://"))
                         for p in parts):
            labels.fetch(URIRef(p) for p in parts)
            return [term(URIRef(p), labels) for p in parts]
    return [term(value, labels)]


@bp.get("/queries/<name>")
def page(name: str) -> Response:
    answer = _execute(name, page=True)
    if isinstance(answer, Response):
        return error(answer.status_code, answer.get_json()["error"]["detail"])
    query, columns, rows, args, resolved = answer
    lang = reader_language()
    labels = Labeller(current_app.extensions["seckg.store"], lang)
    labels.fetch(v for row in rows for v in row.values() if isinstance(v, URIRef))
    labels.fetch(URIRef(r["iri"]) for r in resolved.values())
    table = [[cell(row[c], labels) if c in row else None for c in columns] for row in rows]
    values = {p.name: request.args.get(p.name, p.default) for p in query.params}
    bound = {p.name: args.get(p.name, p.default) for p in query.params}
    chosen = {name: term(URIRef(r["iri"]), labels) for name, r in resolved.items()}
    html = render_template("canned.html", query=query, columns=columns, table=table,
                           values=values, bound=bound, chosen=chosen, kinds=kinds(query),
                           lang=lang, args=request.args.to_dict())
    response = Response(html, mimetype=HTML)
    response.vary.add("Accept-Language")
    return caching.conditional(response, HTML, lang)
