"""The W3C SPARQL 1.1 Protocol test cases (shared/W3C-PROTOCOL-TESTS.md), written as our own
requests against a live server on 127.0.0.1, over a store loaded with `seckg load`.

The endpoint is read-only: the update_* cases and the bad_update_* cases other than
bad_update_get are not applicable; the tests record that by asserting the read-only refusal.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

import pytest

from api import create_app
from kg import Settings, open_store
from tests.servers import STORE_KINDS, location_for

DATA = Path(__file__).resolve().parents[1] / "data" / "w3c"
D = {n: f"http://kasei.us/2009/09/sparql/data/data{n}.rdf" for n in (0, 1, 2, 3)}
ASK_DEFAULT = f"ASK {{ <{D[1]}> a ?type . <{D[2]}> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{D[1]}> a ?type }} GRAPH ?g2 {{ <{D[2]}> a ?type }} }}"
ASK_FULL = (f"ASK {{ <{D[3]}> a ?type GRAPH ?g1 {{ <{D[1]}> a ?type }} "
            f"GRAPH ?g2 {{ <{D[2]}> a ?type }} }}")
ASK_MULTIPLE = (f"ASK FROM <{D[3]}> {{ GRAPH ?g1 {{ <{D[1]}> a ?type }} "
                f"GRAPH ?g2 {{ <{D[2]}> a ?type }} }}")
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


@pytest.fixture(scope="module", params=STORE_KINDS)
def server(request, tmp_path_factory):
    """A store loaded by `seckg load` (one named graph per file), served on a free port; the
    embedded store and a live Oxigraph server."""
    import threading

    from werkzeug.serving import make_server

    stack = ExitStack()
    request.addfinalizer(stack.close)
    location = location_for(request.param, tmp_path_factory.mktemp("w3c"), stack)
    root = Path(__file__).resolve().parents[2]
    for n in (1, 2, 3):
        done = subprocess.run([sys.executable, "-m", "kg.cli", "--store", location, "load",
                               "--graph", D[n], str(DATA / f"data{n}.nt")],
                              cwd=root, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    store = open_store(location, read_only=True)
    app = create_app(Settings(store=location, query_timeout=20), store=store)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    thread.join(timeout=10)
    httpd.server_close()
    app.extensions["seckg.store"].close()


def request(port, method, params=None, body=None, content_type=None, accept=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    path = "/sparql" + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    if isinstance(body, str):
        body = body.encode("utf-8")
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.getheader("Content-Type") or "", data


def form(**fields) -> str:
    return urllib.parse.urlencode(fields, doseq=True)


def boolean(data: bytes) -> bool:
    return json.loads(data)["boolean"]


J = "application/sparql-results+json"
POSITIVE = {
    "query_post_form": ("POST", {"default-graph-uri": D[0]}, form(query="ASK {}"), FORM, True),
    "query_dataset_default_graphs_get": ("GET", {"query": ASK_DEFAULT,
                                                 "default-graph-uri": [D[1], D[2]]}, None, None, True),
    "query_dataset_default_graphs_post": ("POST", {"default-graph-uri": [D[1], D[2]]},
                                          ASK_DEFAULT, DIRECT, True),
    "query_dataset_named_graphs_post": ("POST", {"named-graph-uri": [D[1], D[2]]}, ASK_NAMED,
                                        DIRECT, True),
    "query_dataset_named_graphs_get": ("GET", {"query": ASK_NAMED, "named-graph-uri": [D[1], D[2]]},
                                       None, None, True),
    "query_dataset_full": ("POST", {"default-graph-uri": D[3], "named-graph-uri": [D[1], D[2]]},
                           ASK_FULL, DIRECT, True),
    "query_multiple_dataset": ("POST", {"named-graph-uri": [D[1], D[2]]}, ASK_MULTIPLE, DIRECT,
                               True),
    "query_get": ("GET", {"query": "ASK {}"}, None, None, True),
    "query_post_direct": ("POST", None, "ASK {}", DIRECT, True),
}


@pytest.mark.parametrize("case", sorted(POSITIVE))
def test_query_cases(server, case):
    method, params, body, content_type, expected = POSITIVE[case]
    status, ctype, data = request(server, method, params, body, content_type, accept=J)
    assert 200 <= status < 400, data
    assert ctype.startswith(J)
    assert boolean(data) is expected


CONTENT_TYPES = {
    "query_content_type_select": ("SELECT (1 AS ?value) {}", {
        "application/sparql-results+xml", "application/sparql-results+json", "text/csv",
        "text/tab-separated-values"}),
    "query_content_type_ask": ("ASK {}", {"application/sparql-results+xml",
                                          "application/sparql-results+json"}),
    "query_content_type_describe": ("DESCRIBE <http://example.org/>", {
        "application/rdf+xml", "text/turtle", "application/n-triples"}),
    "query_content_type_construct": ("CONSTRUCT { <s> <p> 1 } WHERE {}",      # relative IRIs
                                     {"application/rdf+xml", "text/turtle",
                                      "application/n-triples", "application/ld+json"}),
}


@pytest.mark.parametrize("case", sorted(CONTENT_TYPES))
def test_query_content_type_cases(server, case):
    query, allowed = CONTENT_TYPES[case]
    accept = ", ".join(sorted(allowed))
    status, ctype, data = request(server, "POST", None, query, DIRECT, accept=accept)
    assert status == 200, data
    assert ctype.split(";")[0] in allowed


BAD = {
    "bad_query_method": ("PUT", None, form(query="ASK {}"), FORM),
    "bad_multiple_queries": ("GET", {"query": ["ASK {}", "SELECT * {}"]}, None, None),
    "bad_query_wrong_media_type": ("POST", None, "ASK {}", "text/plain"),
    "bad_query_missing_form_type": ("POST", None, "query=ASK%20%7B%7D", None),
    "bad_query_missing_direct_type": ("POST", None, "ASK {}", None),
    "bad_query_non_utf8": ("POST", None, "ASK {}".encode("utf-16"),
                           "application/sparql-query; charset=UTF-16"),
    "bad_query_syntax": ("GET", {"query": "ASK {"}, None, None),
    "bad_update_get": ("GET", {"update": "CLEAR ALL"}, None, None),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_cases(server, case):
    method, params, body, content_type = BAD[case]
    status, _ctype, data = request(server, method, params, body, content_type)
    assert 400 <= status < 500, (status, data)


NOT_APPLICABLE = {
    "update_dataset_default_graph": {"update": f"INSERT DATA {{ <{D[1]}> a <http://example.org/T> }}",
                                     "using-graph-uri": D[1]},
    "update_dataset_default_graphs": {"update": "INSERT DATA { <http://e/s> <http://e/p> 1 }"},
    "update_dataset_named_graphs": {"update": "INSERT DATA { <http://e/s> <http://e/p> 1 }"},
    "update_dataset_full": {"update": "INSERT DATA { <http://e/s> <http://e/p> 1 }"},
    "update_post_form": {"update": "CLEAR ALL"},
    "update_base_uri": {"update": "INSERT DATA { <test> <test> <test> }"},
    "bad_multiple_updates": {"update": ["CLEAR NAMED", "CLEAR DEFAULT"]},
    "bad_update_syntax": {"update": "CLEAR XYZ"},
    "bad_update_dataset_conflict": {"update": "CLEAR ALL", "using-graph-uri": D[1]},
}


@pytest.mark.parametrize("case", sorted(NOT_APPLICABLE))
def test_update_cases_are_not_applicable_while_read_only(server, case):
    """Recorded as not applicable: the endpoint refuses every update with 403."""
    status, _ctype, data = request(server, "POST", None, form(**NOT_APPLICABLE[case]), FORM)
    assert status == 403 and b"read-only" in data
    direct = request(server, "POST", None, "CLEAR ALL", "application/sparql-update")
    assert direct[0] == 403
    # and nothing changed
    still = request(server, "GET", {"query": f"ASK {{ GRAPH <{D[1]}> {{ ?s ?p ?o }} }}"}, accept=J)
    assert boolean(still[2]) is True


def test_relative_iris_resolve_against_the_endpoint_url(server):
    status, _ctype, data = request(server, "POST", None, "CONSTRUCT { <s> <p> 1 } WHERE {}",
                                   DIRECT, accept="application/n-triples")
    assert status == 200
    assert data.decode().startswith(f"<http://127.0.0.1:{server}/s> <http://127.0.0.1:{server}/p> ")


def test_service_description_for_browsers_is_a_page(server):
    status, ctype, data = request(server, "GET", accept="text/html,*/*;q=0.8")
    assert status == 200 and ctype.startswith("text/html")
    assert f"http://127.0.0.1:{server}/sparql".encode() in data


@pytest.mark.parametrize("accept", ["application/rdf+xml", "application/n-triples",
                                    "application/ld+json"])
def test_service_description_in_other_rdf_formats(server, accept):
    import pyoxigraph as ox

    status, ctype, data = request(server, "GET", accept=accept)
    assert status == 200 and ctype.startswith(accept)
    graph = ox.Store()
    graph.load(data, format=ox.RdfFormat.from_media_type(accept), to_graph=ox.DefaultGraph())
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert graph.query(f"ASK {{ ?s <{sd}endpoint> <http://127.0.0.1:{server}/sparql> }}")


def test_service_description_returns_rdf_with_the_endpoint_url(server):
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    status, ctype, data = request(server, "GET", accept="text/turtle")
    assert status == 200 and ctype.startswith("text/turtle")
    graph = Graph().parse(data=data.decode(), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = f"http://127.0.0.1:{server}/sparql"
    assert (None, URIRef(sd + "endpoint"), URIRef(endpoint)) in graph
    names = set()
    for named in graph.subjects(RDF.type, URIRef(sd + "NamedGraph")):     # conforms-to-schema
        assert graph.value(named, URIRef(sd + "name")) is not None
        names.add(str(graph.value(named, URIRef(sd + "name"))))
    assert names == {D[1], D[2], D[3]}                                      # dataset-with-graph
    service = URIRef(endpoint)                                              # typed-service
    assert (service, RDF.type, URIRef(sd + "Service")) in graph
    languages = set(graph.objects(service, URIRef(sd + "supportedLanguage")))
    assert languages == {URIRef(sd + "SPARQL11Query")}      # recognized-language; no Update claimed
