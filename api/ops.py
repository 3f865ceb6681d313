"""Operations: liveness and readiness, Prometheus metrics, SHACL validation of posted RDF."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request
from rdflib import Graph

from api.extensions import lazily
from api.problems import json_error
from kg import REFERENCE_GRAPH, format_by_media_type

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
    executor = current_app.extensions.get("seckg.executor")
    return jsonify(status="ok", store_ready=ready, quads=quads,
                   query_workers=executor.size if executor else 0)


@bp.get("/metrics")
def metrics():
    store = current_app.extensions["seckg.store"]
    executor = current_app.extensions.get("seckg.executor")
    text = current_app.extensions["seckg.metrics"].exposition(
        timeouts=executor.timeouts if executor else 0,
        crashes=executor.crashes if executor else 0, busy=executor.busy if executor else 0,
        workers=executor.size if executor else 0, quads=len(store), graphs=len(store.graphs()))
    return Response(text, content_type="text/plain; version=0.0.4; charset=utf-8")


def _make_toolkit(app):
    from kg.validate import load_shapes

    store = app.extensions["seckg.store"]
    reference = Graph()
    reference.parse(data=store.dump("ntriples", graph=str(REFERENCE_GRAPH)), format="nt")
    return load_shapes(app.config["SECKG_SETTINGS"].shapes_dir), reference


def _toolkit():
    """Shapes and reference graph, loaded once per app (pyshacl gets copies each run)."""
    return lazily("seckg.shapes", _make_toolkit)


@bp.post("/validate")
def validate_posted():
    """SHACL validation of the posted RDF (Turtle, TriG, N-Quads, N-Triples, JSON-LD) against
    the project's shapes and the reference data; the report as JSON, text or JUnit XML."""
    from kg.rdfio import read_graph
    from kg.validate import format_reports, validate

    try:
        fmt = format_by_media_type(request.mimetype or "text/turtle")
    except KeyError:
        return json_error(415, f"cannot read {request.mimetype!r}; send text/turtle, "
                          "application/trig, application/n-quads or application/ld+json")
    try:
        data = read_graph(request.get_data(), fmt.name)
    except Exception as exc:  # rdflib's parsers raise many types
        return json_error(400, f"cannot parse the posted {fmt.name}: {exc}")
    shapes, reference = _toolkit()
    report = validate(data, shapes=shapes, reference=reference, article=None)
    wanted = request.args.get("format") or ("junit" if "xml" in request.headers.get("Accept", "")
                                            else "json")
    if wanted not in ("json", "text", "junit"):
        return json_error(400, "format must be json, text or junit")
    body = format_reports([report], wanted)
    media = {"json": "application/json", "text": "text/plain", "junit": "application/xml"}[wanted]
    return Response(body, content_type=f"{media}; charset=utf-8")
