"""/validate reads only the posted bytes, within bounds: no remote or local JSON-LD context,
no DTD entity (expanded or fetched), no owl:imports; errors that do not tell which files
exist; a body size limit (413) and a time limit (503), the work done in a worker process.
A listener on 127.0.0.1 records every connection; each test asserts it saw none."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from api import create_app
from api.ops import MAX_VALIDATE_BYTES
from kg import Settings, open_store
from kg.store.answers import QueryTimeout
from kg.store.workers import Executor
from tests.api.test_ssrf import Listener, listener  # noqa: F401 - the fixture

DATA = Path(__file__).resolve().parent.parent / "data"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _app(tmp_path, **overrides):
    store = open_store("memory:")
    store.load((DATA / "sample.trig").read_bytes(), format="trig")
    settings = Settings(store="memory:", dist_dir=tmp_path / "dist", **overrides)
    return create_app(settings, store=store)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One live server for the module (its validation worker loads the shapes once)."""
    app = _app(tmp_path_factory.mktemp("validate"), query_timeout=60)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(timeout=10)
    http.server_close()
    if "seckg.validator" in app.extensions:
        app.extensions["seckg.validator"].close()


def post(server: str, body: bytes | str, media_type: str, **kwargs) -> requests.Response:
    kwargs.setdefault("data", body.encode() if isinstance(body, str) else body)
    return requests.post(f"{server}/validate", timeout=120,
                         headers={"Content-Type": media_type}, **kwargs)


def assert_error(answer: requests.Response, status: int) -> dict:
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["status"] == status and error["title"] and error["detail"]
    return error


def jsonld_context(url: str) -> str:
    return json.dumps({"@context": url, "@id": "http://e/s", "name": "x"})


def xml_entity(system: str) -> str:
    return (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{system}">]>'
            f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="http://e/s">'
            '<rdf:value>&x;</rdf:value></rdf:Description></rdf:RDF>')


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
          + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">'
                    for a, b in zip("abcdefgh", "bcdefghi", strict=True))
          + f']><rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="http://e/s">'
          '<rdf:value>&i;</rdf:value></rdf:Description></rdf:RDF>')


# -- nothing fetched ------------------------------------------------------------------------------
def test_a_remote_jsonld_context_is_refused_and_not_fetched(server, listener):  # noqa: F811
    error = assert_error(post(server, jsonld_context(f"{listener.url}/ctx.jsonld"),
                              "application/ld+json"), 400)
    assert "@context" in error["detail"]
    assert listener.hits == []


@pytest.mark.parametrize("doc", [
    {"@context": {"@import": "{url}/c.jsonld"}, "@id": "http://e/s", "http://e/v": "x"},
    {"@context": [{"v": "http://e/v"}, "{url}/c.jsonld"], "@id": "http://e/s", "v": "x"},
    {"@context": {"v": {"@id": "http://e/v", "@context": "{url}/scoped"}}, "@id": "http://e/s",
     "v": {"@id": "http://e/o"}},
    {"@graph": [{"@context": "{url}/nested", "@id": "http://e/s"}]},
], ids=["import", "in-a-list", "scoped", "nested-node"])
def test_no_jsonld_context_anywhere_is_fetched(server, listener, doc):  # noqa: F811
    body = json.dumps(doc).replace("{url}", listener.url)
    assert_error(post(server, body, "application/ld+json"), 400)
    assert listener.hits == []


def test_local_files_named_as_contexts_are_not_read_and_not_told_apart(server, tmp_path):
    present = tmp_path / "present.jsonld"
    present.write_text(json.dumps({"@context": {"name": "http://e/name"}}))
    answers = [post(server, jsonld_context(path), "application/ld+json").json()
               for path in (present.as_uri(), (tmp_path / "absent.jsonld").as_uri(),
                            "file:///etc/passwd", "/etc/hostname")]
    assert answers[0]["error"]["status"] == 400
    assert all(answer == answers[0] for answer in answers), answers


@pytest.mark.parametrize("system", ["{url}/entity", "file:///etc/hostname"],
                         ids=["remote", "local"])
def test_rdfxml_external_entities_are_refused_and_not_fetched(server, listener, system):  # noqa: F811
    body = xml_entity(system.replace("{url}", listener.url))
    error = assert_error(post(server, body, "application/rdf+xml"), 400)
    assert "DOCTYPE" in error["detail"]
    assert listener.hits == []


def test_entity_expansion_is_refused_at_once(server):
    assert len(LAUGHS) < 1024     # 10^8 characters once expanded
    error = assert_error(post(server, LAUGHS, "application/rdf+xml"), 400)
    assert "DOCTYPE" in error["detail"]


@pytest.mark.parametrize("predicate", ["http://www.w3.org/2002/07/owl#imports",
                                       "http://www.w3.org/ns/shacl#shapesGraph"],
                         ids=["owl-imports", "shapes-graph"])
def test_imports_in_the_posted_graph_are_not_followed(server, listener, predicate):  # noqa: F811
    body = f"<http://e/s> <{predicate}> <{listener.url}/ontology.ttl> ."
    answer = post(server, body, "text/turtle")
    assert answer.status_code == 200, answer.text
    assert listener.hits == []


def test_ordinary_rdf_is_still_validated(server):
    answer = post(server, (DATA / "sample.trig").read_bytes(), "application/trig",
                  params={"format": "json"})
    assert answer.status_code == 200, answer.text
    assert "conforms" in answer.json()


def test_inline_jsonld_contexts_and_plain_rdfxml_are_read(server):
    doc = {"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"},
           "@id": "http://e/s", "label": "x"}
    assert post(server, json.dumps(doc), "application/ld+json").status_code == 200
    xml = (f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="http://e/s">'
           "<rdf:value>x</rdf:value></rdf:Description></rdf:RDF>")
    assert post(server, xml, "application/rdf+xml").status_code == 200


# -- bounded --------------------------------------------------------------------------------------
def test_a_body_over_the_limit_gets_413_unread(server):
    line = b'<http://e/s> <http://e/p> "' + b"x" * 100 + b'" .\n'
    body = line * (MAX_VALIDATE_BYTES // len(line) + 1)
    error = assert_error(post(server, body, "application/n-triples"), 413)
    assert "Too Large" in error["title"]


def test_a_body_within_the_limit_is_validated(server):
    line = b'<http://e/s> <http://e/p> "x" .\n'
    answer = post(server, line * 1000, "application/n-triples")
    assert answer.status_code == 200, answer.text


def test_validation_past_the_time_limit_gets_503(live_server, tmp_path):
    """A limit no worker can meet (it cannot even start in 10 ms) is enforced: 503, at once."""
    server = live_server(_app(tmp_path, query_timeout=0.01))
    error = assert_error(post(server, (DATA / "sample.trig").read_bytes(),
                              "application/trig"), 503)
    assert "time limit" in error["detail"]


def test_the_validation_worker_is_replaced_after_a_timeout(tmp_path):
    store = open_store("memory:")
    store.load((DATA / "sample.trig").read_bytes(), format="trig")
    setup = {"shapes_dir": str(Settings().shapes_dir),
             "reference": store.dump("ntriples")}
    pool = Executor(location=None, nquads=None, workers=1, timeout=0.01, limit=0,
                    mode="validate", setup=setup)
    try:
        request = {"data": (DATA / "sample.trig").read_bytes(), "format": "trig",
                   "report": "json"}
        with pytest.raises(QueryTimeout):
            pool.ask(request, what="validation")
        pool.timeout = 120
        status, body, conforms = pool.ask(request, what="validation")
        assert status == "ok" and json.loads(body)["conforms"] == conforms
    finally:
        pool.close()


def test_a_chunked_body_over_the_limit_gets_413_too(server):
    line = b'<http://e/s> <http://e/p> "' + b"x" * 1000 + b'" .\n'
    chunks = (line for _ in range(MAX_VALIDATE_BYTES // len(line) + 2))   # no Content-Length
    error = assert_error(post(server, b"", "application/n-triples", data=chunks), 413)
    assert error["status"] == 413
