"""The SPARQL 1.1 Service Description answered by GET /sparql without a query.

Turtle for programs, a short HTML page for browsers. ``sd:endpoint`` is the URL the client
used (behind a reverse proxy, ProxyFix makes it the public one). It claims only what is
served: SPARQL 1.1 Query (and Update when an admin token is set), the union default graph,
the result formats of ``kg.formats``, and the store's named graphs.
"""

from __future__ import annotations

from html import escape

from flask import Response, current_app, request

from api.negotiate import wants_html
from kg.formats import FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
# W3C's IRIs for formats (https://www.w3.org/ns/formats/), by kg.formats name
W3C_FORMATS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML",
               "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV", "turtle": "Turtle",
               "ntriples": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF_XML",
               "trig": "TriG", "nquads": "N-Quads"}


def _turtle(endpoint: str, graphs: list[str], *, update: bool) -> str:
    languages = "sd:SPARQL11Query" + (", sd:SPARQL11Update" if update else "")
    formats = ",\n        ".join(f"<http://www.w3.org/ns/formats/{W3C_FORMATS[f.name]}>"
                                 for f in FORMATS if f.name in W3C_FORMATS)
    named = "".join(f"\n        sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ] ;"
                    for g in graphs)
    return f"""@prefix sd: <{SD}> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage {languages} ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [ a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ] ;{named}
    ] .
"""


def _html(endpoint: str, graphs: list[str], *, update: bool) -> str:
    results = ", ".join(f.media_type for f in FORMATS if f.kind == "results")
    rdf = ", ".join(f.media_type for f in FORMATS if f.kind == "rdf")
    mode = ("SPARQL Update is enabled for holders of the admin token"
            if update else "read-only")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>seckg SPARQL endpoint</title></head>
<body><main><h1>SPARQL endpoint</h1>
<p>A SPARQL 1.1 Query endpoint at <code>{escape(endpoint)}</code> ({mode}). Send
<code>query=</code> by GET or POST, or a POST body of type <code>application/sparql-query</code>;
this page is its service description (ask for <code>text/turtle</code> to get it as RDF).</p>
<p>The default graph is the union of the {len(graphs)} named graphs.</p>
<p>SELECT and ASK answers: {escape(results)}.<br>CONSTRUCT and DESCRIBE answers: {escape(rdf)}.</p>
</main></body></html>"""


SD_GRAPH = "urn:x-seckg-service-description"


def service_description() -> Response:
    endpoint = request.base_url
    store = current_app.extensions["seckg.store"]
    update = bool(current_app.config["SECKG_SETTINGS"].admin_token)
    graphs = store.graphs()
    if wants_html(request.headers.get("Accept")):
        response = Response(_html(endpoint, graphs, update=update), mimetype="text/html")
    else:
        response = _rdf(_turtle(endpoint, graphs, update=update))
    response.vary.add("Accept")
    return response


def _rdf(turtle: str) -> Response:
    """The description in the RDF format the client accepts (Turtle unless it says else)."""
    from api.conneg import choose_format
    from api.errors import problem
    from kg.formats import format_by_name

    name = choose_format("rdf", request.headers.get("Accept"))
    if name is None:
        return problem(406, "the service description is available as "
                       + ", ".join(f.media_type for f in FORMATS if f.kind == "rdf"))
    fmt = format_by_name(name)
    body = turtle.encode("utf-8")
    if name != "turtle":          # our own small document: safe to parse in this process
        from kg.store import open_store

        scratch = open_store("memory:")
        scratch.load(body, format="turtle", graph=SD_GRAPH)
        body = scratch.dump(fmt.name, graph=SD_GRAPH)
    return Response(body, content_type=fmt.content_type)
