"""Operations: liveness and readiness, Prometheus metrics, SHACL validation of posted RDF."""

from __future__ import annotations

import atexit
import weakref

from flask import Blueprint, Response, current_app, jsonify, request

from api.errors import from_query_error
from api.extensions import lazily
from api.problems import json_error
from kg import REFERENCE_GRAPH, QueryError, format_by_media_type
from kg.store.workers import Executor

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness, and readiness of the store (it answers a query)."""
    store = current_app.extensions["seckg.store"]
    try:
        ready = store.ask("ASK { ?s ?p ?o }")
        quads = len(store)
    except Exception as exc:  # the store is unusable: not ready
        return jsonify(status="unavailable", detail=str(exc)), 503
    return jsonify(status="ok", store_ready=ready, quads=quads,
                   query_workers=store.status()["workers"])


@bp.get("/metrics")
def metrics():
    store = current_app.extensions["seckg.store"]
    status = store.status()
    text = current_app.extensions["seckg.metrics"].exposition(
        timeouts=status["timeouts"], crashes=status["crashes"], busy=status["busy"],
        workers=status["workers"], quads=len(store), graphs=len(store.graphs()))
    return Response(text, content_type="text/plain; version=0.0.4; charset=utf-8")


# -- /validate: posted RDF parsed and validated in worker processes -----------------------
MAX_VALIDATE_BYTES = 4 * 1024 * 1024   # a posted graph larger than this gets a 413 unread
REPORT_TYPES = {"json": "application/json", "text": "text/plain", "junit": "application/xml"}


def _make_validator(app) -> Executor:
    """One validation worker (shapes and reference triples loaded once), stopped at exit."""
    settings = app.config["SECKG_SETTINGS"]
    store = app.extensions["seckg.store"]
    setup = {"shapes_dir": str(settings.shapes_dir),
             "reference": store.dump("ntriples", graph=str(REFERENCE_GRAPH))}
    validator = Executor(location=None, nquads=None, workers=1, timeout=settings.query_timeout,
                         limit=0, mode="validate", setup=setup)
    atexit.register(validator.close)
    weakref.finalize(app, validator.close)
    return validator


def _read_body(most: int) -> bytes:
    """At most ``most`` bytes of the body (a stream read may return less than asked)."""
    parts, size = [], 0
    while size < most:
        part = request.stream.read(most - size)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


@bp.post("/validate")
def validate_posted():
    """SHACL validation of the posted RDF (Turtle, TriG, N-Quads, N-Triples, JSON-LD,
    RDF/XML) against the project's shapes and the reference data; the report as JSON, text
    or JUnit XML. The body is capped (413), parsed without fetching anything (no remote
    JSON-LD contexts, no DTDs) and validated in a worker process with the query time limit."""
    # one byte over the limit is read, to tell a chunked body over it (werkzeug would cut it)
    request.max_content_length = MAX_VALIDATE_BYTES + 1
    try:
        fmt = format_by_media_type(request.mimetype or "text/turtle")
    except KeyError:
        return json_error(415, f"cannot read {request.mimetype!r}; send text/turtle, "
                          "application/trig, application/n-quads, application/n-triples, "
                          "application/ld+json or application/rdf+xml")
    wanted = request.args.get("format") or ("junit" if "xml" in request.headers.get("Accept", "")
                                            else "json")
    if wanted not in REPORT_TYPES:
        return json_error(400, "format must be json, text or junit")
    data = _read_body(MAX_VALIDATE_BYTES + 1)   # a longer Content-Length: 413 unread
    if len(data) > MAX_VALIDATE_BYTES:
        return json_error(413, f"the posted RDF is over {MAX_VALIDATE_BYTES:,} bytes: "
                          "validate it in parts, or run 'seckg validate' on the file")
    try:
        reply = lazily("seckg.validator", _make_validator).ask(
            {"data": data, "format": fmt.name, "report": wanted}, what="validation")
    except QueryError as exc:
        return from_query_error(exc)
    status, *payload = reply
    if status == "input":
        return json_error(400, payload[0])
    if status != "ok":
        return json_error(500, f"validation failed: {payload[0]}")
    return Response(payload[0], content_type=f"{REPORT_TYPES[wanted]}; charset=utf-8")
