"""Linked data: ``/id/X`` answers for ``https://w3id.org/seckg/id/X``.

HTML for browsers; Turtle, JSON-LD, N-Triples and RDF/XML by Accept (q-values) or by a
suffix (``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``, taken from kg.formats); 404 for IRIs the store
does not know. Answers vary on Accept (and, for HTML, Accept-Language).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from rdflib import URIRef

from api import entity_view
from api.caching import conditional
from api.describe import description, safe_iri
from api.labels import Labeller, reader_language
from api.negotiate import HTML, best_media_type
from api.problems import error
from kg import FORMATS, RdfFormat
from kg.namespaces import ID, ORG, SCHEMA, SECKG

bp = Blueprint("resources", __name__)

#: graph formats offered for a description (JSON-LD carries graphs too)
GRAPH_FORMATS: list[RdfFormat] = [f for f in FORMATS if f.kind == "rdf"
                                  and (not f.dataset or f.name == "jsonld")]
BY_SUFFIX = {f".{f.extension}": f for f in GRAPH_FORMATS}
OFFERED = [HTML] + [f.media_type for f in GRAPH_FORMATS]


def split_suffix(path: str) -> tuple[str, RdfFormat | None]:
    """``("org/cis", turtle)`` for ``org/cis.ttl``; the path unchanged if no known suffix."""
    for suffix, fmt in BY_SUFFIX.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], fmt
    return path, None


@bp.get("/id/<path:rest>")
def resource(rest: str) -> Response:
    path, fmt = split_suffix(rest)
    iri = safe_iri(str(ID), path)
    store = current_app.extensions["seckg.store"]
    graph = description(store, iri) if iri else None
    if not graph:
        return error(404, f"no resource <{ID}{path}> in this dataset")
    if fmt is None:
        media_type = best_media_type(request.headers.get("Accept"), OFFERED)
        if media_type is None:
            return error(406, "this resource is served as " + ", ".join(OFFERED))
        fmt = None if media_type == HTML else next(f for f in GRAPH_FORMATS
                                                   if f.media_type == media_type)
    if fmt is None:
        response = Response(render_page(store, graph, URIRef(iri), path), mimetype=HTML)
        variant = (HTML, reader_language())
    else:
        response = Response(graph.serialize(format=fmt.rdflib, encoding="utf-8"),
                            content_type=fmt.content_type)
        variant = (fmt.name,)
    response.vary.update(("Accept", "Accept-Language"))
    return conditional(response, *variant)


def render_page(store, graph, iri: URIRef, path: str) -> str:
    lang = reader_language()
    labels = Labeller(store, lang)
    types = set(graph.objects(iri, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
    context = {"iri": str(iri), "lang": lang, "path": path,
               "alternates": [(f.name, f"{request.script_root}/id/{path}.{f.extension}",
                               f.media_type) for f in GRAPH_FORMATS]}
    hide = ()
    if SECKG.Statement in types:
        context["statement"] = entity_view.statement_fields(graph, iri, labels)
        hide = tuple(p for _, p in entity_view.STATEMENT_FIELDS) + (SCHEMA.text,)
    if SCHEMA.NewsArticle in types:
        context["article"] = entity_view.article(store, graph, iri, labels)
        hide = (SCHEMA.text,)
    if SCHEMA.Person in types or ORG.Organization in types:
        context["timeline"] = entity_view.statements_by(store, iri, labels)
    context["view"] = entity_view.overview(graph, iri, labels, hide=hide)
    return render_template("entity.html", **context)
