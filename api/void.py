"""``/void``: a VoID and DCAT description of the dataset (Turtle, JSON-LD, HTML by conneg).

Triples, entities, class partitions, one subset per named graph, the SPARQL endpoint, the
dump files, the licence and, when the build wrote ``build.json``, the build id and time.
Counts are computed once per build id and kept.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, url_for
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from api import caching
from api.dumps import listing
from api.labels import reader_language
from api.negotiate import HTML, best_media_type
from api.problems import error
from kg import FORMATS
from kg.namespaces import ID, OA, ORG, PREFIXES, PROV, SCHEMA, SECKG, SKOS

bp = Blueprint("void", __name__)
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
LICENCE = "https://www.apache.org/licenses/LICENSE-2.0"
FORMATS_OFFERED = [f for f in FORMATS if f.name in ("turtle", "jsonld", "ntriples")]
CLASSES = [SCHEMA.NewsArticle, SECKG.Statement, SCHEMA.Person, ORG.Organization,
           SCHEMA.Country, SCHEMA.Event, SCHEMA.Place, ORG.Post, SKOS.Concept]
KEY = "seckg.void-counts"


def counts(store) -> dict:
    """Triples, entities, instances per class and triples per named graph (cached per build)."""
    build_id = caching.build_info().build_id
    cached = current_app.extensions.get(KEY)
    if cached and cached[0] == build_id:
        return cached[1]
    one = lambda q: int(store.select(q)[0]["n"])  # noqa: E731
    values = " ".join(c.n3() for c in CLASSES)
    found = {
        "triples": one("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                       "WHERE { ?s ?p ?o } }"),
        "entities": one(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o "
                        f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), {Literal(str(ID)).n3()})) }}"),
        "classes": {str(r["c"]): int(r["n"]) for r in store.select(
            f"SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?c {{ {values} }} ?x a ?c }} "
            "GROUP BY ?c")},
        "graphs": {str(r["g"]): int(r["n"]) for r in store.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")},
    }
    current_app.extensions[KEY] = (build_id, found)
    return found


def void_graph() -> Graph:
    settings = current_app.config["SECKG_SETTINGS"]
    store = current_app.extensions["seckg.store"]
    info = caching.build_info()
    found = counts(store)
    g = Graph()
    for name, namespace in {**PREFIXES, "void": str(VOID), "dcat": str(DCAT),
                            "sd": str(SD)}.items():
        g.bind(name, namespace, override=True)
    ds = URIRef(settings.base_url + "void#dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("seckg: security organisations and their officials' "
                                      "statements", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Statements by officials of the CIS, CSTO, SCO, UN Security Council and NATO, extracted "
        "from English and Arabic news, with their speakers, posts, dates, events and evidence.",
        lang="en")))
    g.add((ds, DCTERMS.license, URIRef(current_app.config.get("SECKG_LICENCE", LICENCE))))
    g.add((ds, VOID.triples, Literal(found["triples"])))
    g.add((ds, VOID.entities, Literal(found["entities"])))
    g.add((ds, VOID.uriSpace, Literal(str(ID))))
    g.add((ds, VOID.sparqlEndpoint, URIRef(request.url_root + "sparql")))
    g.add((ds, DCAT.landingPage, URIRef(url_for("pages.query.query_page", _external=True))))
    for vocabulary in (SECKG, SCHEMA, ORG, PROV, OA, SKOS):
        g.add((ds, VOID.vocabulary, URIRef(str(vocabulary))))
    g.add((ds, DCTERMS.identifier, Literal(info.build_id)))
    if info.built_at is not None:
        g.add((ds, DCTERMS.modified, Literal(info.built_at.isoformat().replace("+00:00", "Z"),
                                             datatype=XSD.dateTime)))
    for cls, n in sorted(found["classes"].items()):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n)))
    for name, n in found["graphs"].items():
        sub = BNode()
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, SD.NamedGraph))
        g.add((sub, SD.name, URIRef(name)))
        g.add((sub, VOID.triples, Literal(n)))
    for dump in listing():
        url = URIRef(dump["gzip_url"] or dump["url"])
        g.add((ds, VOID.dataDump, url))
        dist = BNode()
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, Literal(dump["media_type"])))
        if dump["gzip_url"]:
            g.add((dist, DCAT.compressFormat, Literal("application/gzip")))
            g.add((dist, DCAT.byteSize, Literal(dump["gzip_size"], datatype=XSD.nonNegativeInteger)))
        else:
            g.add((dist, DCAT.byteSize, Literal(dump["size"], datatype=XSD.nonNegativeInteger)))
    return g


@bp.get("/void")
@bp.get("/void.<ext>")
def void(ext: str | None = None) -> Response:
    by_ext = {f.extension: f for f in FORMATS_OFFERED}
    if ext is not None:
        fmt = by_ext.get(ext)
        if fmt is None:
            return error(404, f"no /void.{ext}; try " + ", ".join(f"/void.{e}" for e in by_ext))
        media_type = fmt.media_type
    else:
        media_type = best_media_type(request.headers.get("Accept"),
                                     [HTML] + [f.media_type for f in FORMATS_OFFERED])
        if media_type is None:
            return error(406, "/void is served as HTML, Turtle, JSON-LD or N-Triples")
    graph = void_graph()
    if media_type == HTML:
        turtle = graph.serialize(format="turtle")
        response = Response(render_template("void.html", turtle=turtle, counts=counts(
            current_app.extensions["seckg.store"]), build=caching.build_info(),
            dumps=listing(), lang=reader_language()), mimetype=HTML)
    else:
        fmt = next(f for f in FORMATS_OFFERED if f.media_type == media_type)
        response = Response(graph.serialize(format=fmt.rdflib, encoding="utf-8"),
                            content_type=fmt.content_type)
    response.vary.add("Accept")
    return caching.conditional(response, media_type, reader_language())
