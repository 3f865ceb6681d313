"""The SPARQL 1.1 Protocol endpoint at /sparql (read-only)."""

from __future__ import annotations

import atexit
import json
import re

from flask import Blueprint, Response, current_app, render_template_string, request

from api.extensions import lazily
from api.guard import _blank_opaque, check_graphs, check_query, from_graphs
from api.negotiate import best_media_type, wants_html
from api.problems import json_error
from kg import FORMATS, QueryError, format_by_name
from kg.store.oxigraph import OxigraphStore

bp = Blueprint("sparql", __name__)

RESULT_TYPES = [f.media_type for f in FORMATS if f.kind == "results"]
RDF_TYPES = ["text/turtle", "application/n-triples", "application/ld+json",
             "application/rdf+xml", "application/trig", "application/n-quads"]
OX_RESULTS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
OX_RDF = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "jsonld": "JSON_LD", "rdfxml": "RDF_XML",
          "trig": "TRIG", "nquads": "N_QUADS"}
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def _make_executor(app):
    from api.executor import Executor

    settings = app.config["SECKG_SETTINGS"]
    store = app.extensions["seckg.store"]
    on_disk = isinstance(store, OxigraphStore) and not store.location.startswith(
        ("memory", ":memory:", "oxigraph:memory"))
    executor = Executor(location=store.location.removeprefix("oxigraph:") if on_disk else None,
                        nquads=None if on_disk else store.dump("nquads"),
                        workers=settings.query_workers, timeout=settings.query_timeout,
                        limit=settings.result_limit)
    atexit.register(executor.close)
    return executor


def _executor():
    """The app's query workers, started on first use."""
    return lazily("seckg.executor", _make_executor)


FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


def _params() -> tuple[str | None, list[str] | None, list[str] | None, str | None]:
    values = request.values
    if request.method == "POST" and request.mimetype not in (FORM, DIRECT,
                                                              "application/sparql-update"):
        raise QueryError(f"POST needs Content-Type {FORM} (query=...) or {DIRECT} (the query "
                         f"as the body), not {request.mimetype or 'none'!r}", status=415)
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise QueryError(f"queries must be UTF-8, not {charset}", status=415)
    if len(request.values.getlist("query")) > 1:
        raise QueryError("more than one query parameter: send exactly one query")
    query = values.get("query")
    if request.method == "POST" and request.mimetype == DIRECT:
        try:
            query = request.get_data().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise QueryError("the query body is not UTF-8", status=415) from exc
    if request.method == "POST" and (request.mimetype == "application/sparql-update"
                                     or "update" in request.form):
        raise QueryError("updates are refused: this endpoint is read-only", status=403)
    if request.method == "GET" and "update" in request.args:
        raise QueryError("updates are never accepted over GET (and this endpoint is read-only)",
                         status=400)
    default = request.values.getlist("default-graph-uri") or None
    named = request.values.getlist("named-graph-uri") or None
    fmt = values.get("format") or values.get("output") or values.get("results")
    return query, default, named, fmt


def _form(query: str) -> str:
    match = _FORM.search(_blank_opaque(query))
    return match.group(1).upper() if match else "SELECT"


def _choose(kind: str, fmt: str | None) -> str | None:
    """A kg.formats name for the answer, from ?format= or Accept; None: not acceptable."""
    if fmt:
        try:
            return format_by_name(fmt, kind).name
        except KeyError:
            alias = {"rdf": "rdfxml", "n3": "turtle", "nt": "ntriples"}.get(fmt.lower())
            return alias if kind == "rdf" and alias else None
    offered = RESULT_TYPES if kind == "results" else RDF_TYPES
    accept = request.headers.get("Accept")
    chosen = best_media_type(accept, offered + ["application/json", "application/xml",
                                                "text/xml", "text/plain"])
    if chosen is None:
        return None
    if chosen in ("application/json",):
        chosen = "application/sparql-results+json" if kind == "results" else "application/ld+json"
    if chosen in ("application/xml", "text/xml"):
        chosen = "application/sparql-results+xml" if kind == "results" else "application/rdf+xml"
    if chosen == "text/plain":
        chosen = "text/tab-separated-values" if kind == "results" else "application/n-triples"
    return format_by_name(chosen, kind).name


def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "X-Seckg-Truncated, ETag"
    return response


@bp.route("/sparql", methods=["OPTIONS"])
def preflight():
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept, Authorization"
    response.headers["Access-Control-Max-Age"] = "86400"
    return _cors(response)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    settings = current_app.config["SECKG_SETTINGS"]
    try:
        query, default, named, fmt = _params()
        if query is None:
            if request.method == "POST":
                raise QueryError("no query: send query= (form) or an application/sparql-query body")
            return _cors(service_description())
        check_query(query, max_length=settings.max_query_length,
                    max_depth=settings.max_query_depth)
        store = current_app.extensions["seckg.store"]
        # graphs the protocol names resolve against the store (unknown ones are empty);
        # FROM clauses may name only graphs the store has: nothing is ever fetched
        named_in_query = from_graphs(query)
        if named_in_query:
            check_graphs(named_in_query, set(store.graphs()))
        kind = "results" if _form(query) in ("SELECT", "ASK") else "rdf"
        chosen = _choose(kind, fmt)
        if chosen is None:
            response = json_error(406, "cannot answer in any type the Accept header allows; "
                                  f"offered: {', '.join(RESULT_TYPES if kind == 'results' else RDF_TYPES)}")
            response.vary.add("Accept")
            return _cors(response)
        kind_formats = {"results": {chosen: OX_RESULTS.get(chosen, "JSON")},
                        "rdf": {chosen: OX_RDF.get(chosen, "TURTLE")}}
        if kind == "results" and chosen not in OX_RESULTS or kind == "rdf" and chosen not in OX_RDF:
            raise QueryError(f"format {fmt!r} does not fit a {_form(query)} query", status=406)
        answer = _executor().run(query, chosen, kind_formats, default_graphs=default,
                                 named_graphs=named)
    except QueryError as exc:
        return _cors(_query_error(exc))
    media = format_by_name(chosen, "results" if answer.kind != "rdf" else "rdf")
    response = Response(answer.body, status=200, content_type=media.content_type)
    response.vary.add("Accept")
    response.headers["X-Seckg-Truncated"] = "true" if answer.truncated else "false"
    if answer.truncated:
        response.headers["X-Seckg-Result-Limit"] = str(settings.result_limit)
    if request.method == "GET":        # the answer changes only with the build: revalidate
        from api.caching import conditional, init_app

        init_app(current_app)
        response = conditional(response, chosen)
    return _cors(response)


def _query_error(exc: QueryError) -> Response:
    """The app's JSON error shape, with the line and column of a syntax error."""
    titles = {403: "Query Refused", 413: "Query Too Large", 415: "Unsupported Media Type",
              503: "Query Timeout"}
    payload = {"error": {"status": exc.status, "title": titles.get(exc.status, "Bad Request"
                                                                  if exc.status < 500 else "Error"),
                         "detail": str(exc), "line": exc.line, "column": exc.column}}
    response = Response(json.dumps(payload, ensure_ascii=False), status=exc.status,
                        mimetype="application/json")
    response.vary.add("Accept")
    return response


SD_TURTLE = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
{formats}
    sd:defaultDataset [ a sd:Dataset ; void:sparqlEndpoint <{endpoint}> ;
        sd:defaultGraph [ a sd:Graph ] ;
{graphs}
    ] .
"""

SD_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>seckg SPARQL endpoint</title><link rel="stylesheet" href="{{ url_for('static', filename='seckg.css') }}"></head>
<body><main><h1>SPARQL endpoint</h1>
<p>This is a SPARQL 1.1 Query endpoint at <code>{{ endpoint }}</code> (read-only). Send
<code>query=</code> by GET or POST, or use the <a href="{{ url_for('pages.query_page') if has_page else '/' }}">query page</a>.</p>
<p>The default graph is the union of all named graphs. Results: {{ results }}; graphs: {{ rdf }}.</p>
</main></body></html>"""


def service_description() -> Response:
    endpoint = request.base_url
    store = current_app.extensions["seckg.store"]
    accept = request.headers.get("Accept")
    if wants_html(accept):
        has_page = "pages.query_page" in current_app.view_functions
        html = render_template_string(SD_HTML, endpoint=endpoint, has_page=has_page,
                                      results=", ".join(RESULT_TYPES), rdf=", ".join(RDF_TYPES))
        response = Response(html, mimetype="text/html")
    else:
        formats = "\n".join(f"    sd:resultFormat <{iri}> ;" for iri in (
            "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
            "http://www.w3.org/ns/formats/SPARQL_Results_XML",
            "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
            "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
            "http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/N-Triples",
            "http://www.w3.org/ns/formats/JSON-LD", "http://www.w3.org/ns/formats/RDF_XML",
            "http://www.w3.org/ns/formats/TriG", "http://www.w3.org/ns/formats/N-Quads"))
        graphs = "\n".join(f"        sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ] ;"
                           for g in store.graphs())
        text = SD_TURTLE.format(endpoint=endpoint, formats=formats, graphs=graphs)
        response = Response(text, content_type="text/turtle; charset=utf-8")
    response.vary.add("Accept")
    return response
