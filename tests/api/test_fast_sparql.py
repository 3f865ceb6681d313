"""The fast path for plain ``GET /sparql`` answers exactly as the Flask view does.

Each request is sent twice to the same app: through the fast path (the app as served) and
straight to Flask (the middleware's inner WSGI app); status, body and every header but
``Date`` must be equal, and the fast path must have answered the requests it is meant for.
"""

from __future__ import annotations

import pytest

from api import create_app
from api.fast_sparql import QueryFastPath

ORG = "https://w3id.org/seckg/id/org/sco"
LABELS = f"SELECT ?o WHERE {{ <{ORG}> ?p ?o }} ORDER BY ?o"
MINE = {  # name: (query string parameters, Accept, answered by the fast path)
    "select json": ({"query": LABELS}, "application/sparql-results+json", True),
    "select xml": ({"query": LABELS}, "application/sparql-results+xml", True),
    "select csv by parameter": ({"query": LABELS, "format": "csv"}, None, True),
    "select, no Accept": ({"query": LABELS}, None, True),
    "ask": ({"query": "ASK { ?s ?p ?o }"}, "application/sparql-results+json", True),
    "construct turtle with prefixes": ({"query": "PREFIX sco: <https://w3id.org/seckg/id/org/> "
                                                 "CONSTRUCT { sco:sco ?p ?o } WHERE { "
                                                 "sco:sco ?p ?o }"}, "text/turtle", True),
    "describe as n-triples": ({"query": f"DESCRIBE <{ORG}>"}, "application/n-triples", True),
    "construct, SPARQLWrapper's format pair": (
        {"query": f"CONSTRUCT {{ <{ORG}> ?p ?o }} WHERE {{ <{ORG}> ?p ?o }}",
         "format": ["xml", "application/rdf+xml"]}, None, True),
    "relative IRI against the base": ({"query": "SELECT ?x WHERE { BIND(<here> AS ?x) }"},
                                      "application/sparql-results+json", True),
    "engine error (same variable bound twice)": (
        {"query": "SELECT * WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }"}, None, True),
    # Flask answers these
    "refused by the guard (SERVICE)": (
        {"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"}, None, False),
    "FROM a graph": ({"query": f"SELECT * FROM <{ORG}> WHERE {{ ?s ?p ?o }}"}, None, False),
    "default-graph-uri": ({"query": LABELS, "default-graph-uri": ORG}, None, False),
    "unknown format": ({"query": LABELS, "format": "png"}, None, False),
    "nothing acceptable": ({"query": LABELS}, "image/png", False),
    "two queries": ({"query": [LABELS, LABELS]}, None, False),
    "update over GET": ({"update": "CLEAR ALL"}, None, False),
}


def _fast_path(app) -> QueryFastPath:
    assert isinstance(app.wsgi_app, QueryFastPath)
    return app.wsgi_app


def _compare(app, params, accept):
    headers = {"Accept": accept} if accept else {}
    client = app.test_client()
    fast = client.get("/sparql", query_string=params, headers=headers)
    middleware = _fast_path(app)
    app.wsgi_app = middleware.flask_wsgi
    try:
        flask = client.get("/sparql", query_string=params, headers=headers)
    finally:
        app.wsgi_app = middleware
    return fast, flask


def _headers(response) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in response.headers.items() if k != "Date")


@pytest.mark.parametrize("name", list(MINE))
def test_the_fast_path_answers_as_flask_does(sample_app, name):
    params, accept, answered_here = MINE[name]
    sample_app.test_client().get("/sparql", query_string={"query": "ASK {}"})  # workers up
    before = _fast_path(sample_app).answered
    fast, flask = _compare(sample_app, params, accept)
    assert fast.status_code == flask.status_code
    assert fast.data == flask.data
    assert _headers(fast) == _headers(flask)
    assert (_fast_path(sample_app).answered - before == 1) is answered_here, name
    if answered_here and fast.status_code == 200:
        assert fast.headers["ETag"] and fast.headers["X-Seckg-Truncated"] == "false"
        assert "Date" in fast.headers


def test_a_cut_answer_says_so_on_the_fast_path(settings, sample_store):
    app = create_app(settings.with_(result_limit=1), store=sample_store)
    app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    fast, flask = _compare(app, {"query": LABELS}, "application/sparql-results+json")
    assert fast.status_code == 200 and _fast_path(app).answered >= 1
    assert fast.headers["X-Seckg-Truncated"] == "true"
    assert fast.headers["X-Seckg-Result-Limit"] == "1"
    assert (fast.data, _headers(fast)) == (flask.data, _headers(flask))


def test_conditional_requests_and_metrics_stay_right(sample_app):
    client = sample_app.test_client()
    client.get("/sparql", query_string={"query": "ASK {}"})
    first = client.get("/sparql", query_string={"query": LABELS})
    assert first.status_code == 200
    again = client.get("/sparql", query_string={"query": LABELS},
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    metrics = client.get("/metrics").get_data(as_text=True)
    line = 'seckg_http_requests_total{endpoint="/sparql",method="GET",status="200"}'
    counted = next(x for x in metrics.splitlines() if x.startswith(line))
    assert int(counted.split()[-1]) >= 2
