"""Operations: health, Prometheus metrics, POST /validate, conditional GETs, a proxy's URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from api import create_app
from kg import Settings

DATA = Path(__file__).resolve().parents[1] / "data"
BROKEN = b"""@prefix seckg: <https://w3id.org/seckg/ns#> .
<https://w3id.org/seckg/id/statement/x> a seckg:Statement ."""


@pytest.fixture
def client(sample_app):
    return sample_app.test_client()


def test_healthz_says_the_store_is_ready(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["store_ready"] is True and body["quads"] > 0


def test_metrics_count_requests_and_expose_the_store(client):
    client.get("/healthz")
    client.get("/id/nothing-here", headers={"Accept": "application/json"})
    text = client.get("/metrics").get_data(as_text=True)
    assert 'seckg_http_requests_total{endpoint="/healthz",method="GET",status="200"} 1' in text
    assert 'status="404"' in text
    assert "seckg_store_quads 63" in text
    assert "# TYPE seckg_http_request_seconds histogram" in text


@pytest.mark.parametrize(("fmt", "needle"), [("json", '"conforms": false'),
                                             ("text", "DOES NOT CONFORM"),
                                             ("junit", "<failure")])
def test_validate_posted_rdf(client, fmt, needle):
    response = client.post(f"/validate?format={fmt}", data=BROKEN, content_type="text/turtle")
    assert response.status_code == 200
    assert needle in response.get_data(as_text=True)


def test_validate_accepts_a_valid_graph(client):
    data = (DATA / "sample.trig").read_bytes()
    body = client.post("/validate", data=data, content_type="application/trig").get_json()
    assert body["conforms"] is True, body


def test_validate_refuses_unreadable_input(client):
    assert client.post("/validate", data=b"<<<", content_type="text/turtle").status_code == 400
    assert client.post("/validate", data=b"x", content_type="image/png").status_code == 415


def test_sparql_get_revalidates_with_304(client):
    query = {"query": "ASK { ?s ?p ?o }"}
    first = client.get("/sparql", query_string=query)
    assert first.status_code == 200 and first.headers["ETag"]
    assert "max-age" in first.headers["Cache-Control"]
    client.application.extensions["seckg.store"].close()   # no worker is needed for a 304
    again = client.get("/sparql", query_string=query,
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    other = client.get("/sparql", query_string=query, headers={
        "If-None-Match": first.headers["ETag"], "Accept": "application/sparql-results+xml"})
    assert other.status_code == 503            # another format is another answer: it must run


def test_service_description_names_the_url_the_client_used_behind_a_proxy(sample_store):
    app = create_app(Settings(store="memory:", behind_proxy=True), store=sample_store)
    body = app.test_client().get("/sparql", headers={
        "Accept": "text/turtle", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "kg.example.org",
        "X-Forwarded-Prefix": "/seckg"}).get_data(as_text=True)
    assert "sd:endpoint <https://kg.example.org/seckg/sparql>" in body


def test_metrics_count_query_timeouts_and_workers(sample_store):
    app = create_app(Settings(store="memory:", query_timeout=1.0, query_workers=1),
                     store=sample_store)
    client = app.test_client()
    numbers = " ".join(str(i) for i in range(1000))
    slow = "SELECT (COUNT(*) AS ?n) { " + " ".join(f"VALUES ?{v} {{ {numbers} }}" for v in "abc") + " }"
    try:
        assert client.get("/sparql", query_string={"query": slow}).status_code == 503
        text = client.get("/metrics").get_data(as_text=True)
    finally:
        app.extensions["seckg.store"].close()
    assert "seckg_query_timeouts_total 1" in text
    workers = 1 if sample_store.location.embedded else 0     # a server runs its own queries
    assert f"seckg_query_workers {workers}" in text and "seckg_query_workers_busy 0" in text
    assert 'seckg_http_requests_total{endpoint="/sparql",method="GET",status="503"} 1' in text
