"""The SPARQL 1.1 Protocol endpoint at /sparql.

GET ``?query=``, POST form ``query=``, POST ``application/sparql-query``; ``default-graph-uri``
and ``named-graph-uri`` name graphs of the store (unknown ones are empty, nothing is fetched).
Read-only unless ``Settings.admin_token`` is set: then POST form ``update=`` or
``application/sparql-update`` with ``Authorization: Bearer TOKEN`` runs SPARQL Update.
Queries are checked (``api.guard``), negotiated (``api.conneg``) and run in worker processes
by the store with a time limit (``Store.answer``); every answer and error carries ``Vary: Accept`` and CORS.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import re
import time
import weakref
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from api import caching, guard
from api.conneg import OFFERED, UnknownFormat, choose_format
from api.errors import from_query_error, problem
from api.extensions import lazily
from api.sparql_sd import service_description
from kg import QueryError, Settings, format_by_name
from kg.store import QueryRequest

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)


# -- the store, answering with time limits ---------------------------------------------------
def serving(app: Flask):
    """The app's store, answering every query (from /sparql, pages, canned queries) with the
    time limit and row limit of the settings; started on first use, stopped at exit."""
    with app.app_context():
        return lazily("seckg.serving", _start_serving)


def _start_serving(app: Flask):
    settings: Settings = app.config["SECKG_SETTINGS"]
    store = app.extensions["seckg.store"]
    store.serve(workers=settings.query_workers, timeout=settings.query_timeout,
                limit=settings.result_limit, in_memory=settings.query_in_memory)
    atexit.register(store.close)
    if app.extensions.get("seckg.owns_store"):     # opened by create_app: it goes with the app
        weakref.finalize(app, store.close)
    return store


# -- reading the request ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Operation:
    kind: str                     # "query" | "update" | "describe-service"
    text: str = ""
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    formats: tuple[str, ...] = ()


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise QueryError(f"{len(values)} {name} parameters: send exactly one")
    return values[0] if values else None


def _body_text() -> str:
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError("the body is not UTF-8", status=415) from exc


def read_operation() -> Operation:
    """What the request asks for, checked against the SPARQL 1.1 Protocol's rules."""
    args = request.args
    graphs = {"default_graphs": args.getlist("default-graph-uri") or None,
              "named_graphs": args.getlist("named-graph-uri") or None}
    if request.method == "GET":
        if "update" in args:
            raise QueryError("updates are never accepted over GET: POST them", status=400)
        query = _one(args.getlist("query"), "query")
        formats = tuple(args.getlist("format") + args.getlist("output") + args.getlist("results"))
        if query is None:
            return Operation("describe-service")
        return Operation("query", query, formats=formats, **graphs)
    mimetype = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise QueryError(f"the body must be UTF-8, not {charset}", status=415)
    if mimetype == FORM:
        form = request.form
        graphs = {"default_graphs": request.values.getlist("default-graph-uri") or None,
                  "named_graphs": request.values.getlist("named-graph-uri") or None}
        formats = tuple(request.values.getlist("format") + request.values.getlist("output")
                        + request.values.getlist("results"))
        if "update" in form:
            _authorised()
        query, update = _one(form.getlist("query"), "query"), _one(form.getlist("update"), "update")
        if query is not None and update is not None:
            raise QueryError("send query= or update=, not both")
        if update is not None:
            return Operation("update", update, formats=formats, **graphs)
        if query is None:
            raise QueryError("no query: send query= (or update=) in the form")
        return Operation("query", query, formats=formats, **graphs)
    formats = tuple(args.getlist("format") + args.getlist("output") + args.getlist("results"))
    if mimetype == QUERY:
        return Operation("query", _body_text(), formats=formats, **graphs)
    if mimetype == UPDATE:
        _authorised()
        return Operation("update", _body_text(), **graphs)
    raise QueryError(f"POST needs Content-Type {FORM} (query= or update=), {QUERY} or "
                     f"{UPDATE}, not {mimetype or 'none'!r}", status=415)


# -- answering ------------------------------------------------------------------------------
def _kind(text: str) -> str:
    return "results" if guard.query_form(text) in ("SELECT", "ASK") else "rdf"


def query_prefixes(text: str) -> dict[str, str]:
    """The PREFIX declarations of a query, for the answer's serialiser."""
    return {name or "": iri for name, iri in _PREFIX.findall(text) if iri}


def _limits(settings: Settings) -> dict[str, int]:
    return {"max_length": settings.max_query_length, "max_depth": settings.max_query_depth,
            "max_clauses": settings.max_query_clauses}


def _answer_query(op: Operation, settings: Settings) -> Response:
    guard.check_query(op.text, **_limits(settings))
    named_in_text = guard.dataset_graphs(op.text)
    if named_in_text:
        guard.check_graphs(named_in_text, set(current_app.extensions["seckg.store"].graphs()))
    kind = _kind(op.text)
    accept = request.headers.get("Accept")
    try:
        chosen = {k: choose_format(k, accept, op.formats) for k in ("results", "rdf")}
    except UnknownFormat as exc:
        raise QueryError(str(exc)) from None
    if chosen[kind] is None:
        return problem(406, "cannot answer in any type the Accept header allows; this query "
                       f"is answered as {', '.join(OFFERED[kind])}")
    types = {k: format_by_name(v or ("json" if k == "results" else "turtle"), k)
             for k, v in chosen.items()}
    if request.method == "GET":      # the answer changes only with the build: revalidate
        fresh = _not_modified(types[kind].name)
        if fresh is not None:
            return fresh
    answer = serving(current_app._get_current_object()).answer(QueryRequest(
        op.text, results_type=types["results"].media_type, rdf_type=types["rdf"].media_type,
        default_graphs=op.default_graphs, named_graphs=op.named_graphs,
        base_iri=request.base_url, prefixes=query_prefixes(op.text)))
    media = types["rdf" if answer.kind == "rdf" else "results"]
    response = Response(answer.body, status=200, content_type=media.content_type)
    response.headers["X-Seckg-Truncated"] = "true" if answer.truncated else "false"
    if answer.truncated:
        response.headers["X-Seckg-Result-Limit"] = str(settings.result_limit)
    if request.method == "GET":
        caching.init_app(current_app)
        response = caching.conditional(response, media.name)
    return response


def _not_modified(variant: str) -> Response | None:
    """A 304 when the client's copy is of this build, decided before any work is done."""
    if not request.if_none_match:
        return None
    caching.init_app(current_app)
    probe = caching.conditional(Response(status=200), variant)
    return probe if probe.status_code == 304 else None


def _authorised() -> None:
    """Updates need the admin token: 403 when none is set, 401 when the request lacks it."""
    settings: Settings = current_app.config["SECKG_SETTINGS"]
    if not settings.admin_token:
        raise QueryError("SPARQL Update is refused: this endpoint is read-only (start it "
                         "with --admin-token to allow updates)", status=403)
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(),
                                                              settings.admin_token.encode()):
        raise QueryError("SPARQL Update needs the header 'Authorization: Bearer <admin "
                         "token>'", status=401)


def _answer_update(op: Operation, settings: Settings) -> Response:
    if request.values.getlist("using-graph-uri") or request.values.getlist(
            "using-named-graph-uri"):
        raise QueryError("using-graph-uri and using-named-graph-uri are not supported: "
                         "write USING / USING NAMED in the update")
    guard.check_update(op.text, **_limits(settings))
    app = current_app._get_current_object()
    named_in_text = guard.dataset_graphs(op.text)
    if named_in_text:
        guard.check_graphs(named_in_text, set(app.extensions["seckg.store"].graphs()))
    store = serving(app)
    store.update(op.text, base_iri=request.base_url)
    _new_build_info(app, store)
    return jsonify(updated=True, quads=len(store), graphs=len(store.graphs()))


def _new_build_info(app: Flask, store) -> None:
    """After an update the answers change: so does the build id every ETag derives from."""
    caching.init_app(app)
    old = app.extensions[caching.KEY]
    shape = f"{old.build_id}/{len(store)}/{store.graphs()}/{time.time_ns()}"
    app.extensions[caching.KEY] = caching.BuildInfo(
        "update-" + hashlib.sha256(shape.encode()).hexdigest()[:16])


@bp.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def sparql():
    settings: Settings = current_app.config["SECKG_SETTINGS"]
    # a body longer than the longest query could be (12 bytes per character percent-encoded)
    # is refused before it is read
    request.max_content_length = settings.max_query_length * 12 + 65536
    try:
        op = read_operation()
        if op.kind == "describe-service":
            return service_description()
        if op.kind == "update":
            return _answer_update(op, settings)
        return _answer_query(op, settings)
    except QueryError as exc:
        response = from_query_error(exc)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="seckg"'
        return response


@bp.route("/sparql", methods=["OPTIONS"])
def preflight():
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = ("Content-Type, Accept, Authorization, "
                                                        "If-None-Match")
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


CORS_HEADERS = (("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Expose-Headers", "X-Seckg-Truncated, X-Seckg-Result-Limit, ETag"))
"""On every answer of the endpoint (and of its fast path, ``api.fast_sparql``)."""


@bp.after_request
def _cors_and_vary(response: Response) -> Response:
    for name, value in CORS_HEADERS:
        response.headers[name] = value
    if request.method != "OPTIONS":
        response.vary.add("Accept")
    return response
