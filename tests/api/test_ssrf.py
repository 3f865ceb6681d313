"""Nothing a request or a command names is ever connected to: SERVICE, LOAD and FROM through
/sparql on a live server, the worker processes themselves (the second wall, with the guard
out of the way), and `seckg query` / `seckg load`. A listener on 127.0.0.1 records every
connection; each test asserts it saw none."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from api import create_app
from kg import QueryError, Settings, open_store
from kg.store.workers import Executor

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass
class Listener:
    """A TCP server on 127.0.0.1 that records every connection made to it."""

    port: int
    hits: list[bytes] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    found = Listener(server.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    found.hits.append(conn.recv(4096) or b"(connected)")
                except OSError:
                    found.hits.append(b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield found
    stop.set()
    thread.join(timeout=5)
    server.close()


def test_the_listener_records_a_connection(listener):
    """The probe works: a real connection is seen (so an empty list means none was made)."""
    with socket.create_connection(("127.0.0.1", listener.port), timeout=5) as conn:
        conn.sendall(b"hello")
    thread_wait(lambda: listener.hits)
    assert listener.hits == [b"hello"]


def thread_wait(condition, seconds: float = 5.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


# -- through /sparql on a live server ----------------------------------------------------------
def hostile_queries(url: str) -> dict[str, str]:
    svc = f"SERVICE <{url}/sparql> {{ ?x ?y ?z }}"
    return {
        "escaped-hash-in-local-name": f"PREFIX ex: <http://e/>\nSELECT * WHERE {{ "
                                      f"BIND(ex:a\\# AS ?v) {svc} }}",
        "escaped-quote-in-local-name": f"PREFIX ex: <http://e/>\nSELECT * WHERE {{ "
                                       f"BIND(ex:it\\'s AS ?v) {svc} }} # '",
        "comment-ended-by-carriage-return": f"SELECT * WHERE {{ # note\r {svc} }}",
        "after-a-long-string": f'SELECT * WHERE {{ BIND("""a\n"" # "\n""" AS ?v) {svc} }}',
        "after-a-long-single-quoted-string": f"SELECT * WHERE {{ BIND('''it''s\n#''' AS ?v) "
                                             f"{svc} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{url}/s> {{ ?x ?y ?z }} }}",
        "iri-with-hash": f"SELECT * WHERE {{ ?s <http://e/p#x> ?o . {svc} }}",
    }


@pytest.fixture
def server(live_server, tmp_path):
    store = open_store("memory:")
    store.load((DATA / "sample.trig").read_bytes(), format="trig")
    settings = Settings(store="memory:", dist_dir=tmp_path / "dist", query_timeout=20,
                        admin_token="secret-token")
    app = create_app(settings, store=store)
    yield live_server(app)


@pytest.mark.parametrize("name", list(hostile_queries("http://x")))
def test_service_through_the_endpoint_is_refused_and_connects_nowhere(server, listener, name):
    query = hostile_queries(listener.url)[name]
    answer = requests.post(f"{server}/sparql", data=query.encode(), timeout=60,
                           headers={"Content-Type": "application/sparql-query"})
    assert answer.status_code == 403, answer.text
    assert answer.json()["error"]["detail"].startswith("SERVICE is refused")
    assert listener.hits == []


@pytest.mark.parametrize("update", [
    "PREFIX ex: <http://e/>\nINSERT DATA { ex:a\\# ex:p 1 } ; LOAD <{url}/x.ttl>",
    "DELETE WHERE { ?s ?p ?o } # x\r ; LOAD <{url}/x.ttl>",
    "INSERT { ?s ?p ?o } WHERE { BIND(<http://e/#> AS ?p) SERVICE <{url}/s> { ?s ?p ?o } }",
], ids=["load-after-escaped-hash", "load-after-carriage-return", "service-in-update"])
def test_load_and_service_in_updates_are_refused_even_for_the_admin(server, listener, update):
    answer = requests.post(f"{server}/sparql", data=update.replace("{url}", listener.url).encode(),
                           timeout=60, headers={"Content-Type": "application/sparql-update",
                                                "Authorization": "Bearer secret-token"})
    assert answer.status_code == 403, answer.text
    assert listener.hits == []


@pytest.mark.parametrize("query", [
    "SELECT * FROM <{url}/g> WHERE { ?s ?p ?o }",
    "PREFIX g: <{url}/>\nSELECT * FROM NAMED g:x WHERE { GRAPH ?g { ?s ?p ?o } }",
], ids=["from-iri", "from-named-prefixed-name"])
def test_from_names_only_graphs_of_the_store(server, listener, query):
    answer = requests.get(f"{server}/sparql", params={"query": query.replace("{url}", listener.url)},
                          timeout=60)
    assert answer.status_code == 400, answer.text
    assert "not in this dataset" in answer.json()["error"]["detail"]
    assert listener.hits == []


def test_with_the_guard_out_of_the_way_the_workers_still_cannot_connect(server, listener,
                                                                        monkeypatch):
    """The second wall: if the guard missed a SERVICE, the worker's connect is refused."""
    from api import guard

    monkeypatch.setattr(guard, "check_query", lambda *a, **k: None)
    monkeypatch.setattr(guard, "check_graphs", lambda *a, **k: None)
    for query in hostile_queries(listener.url).values():
        answer = requests.post(f"{server}/sparql", data=query.encode(), timeout=60,
                               headers={"Content-Type": "application/sparql-query"})
        assert answer.status_code in (200, 400), answer.text   # SILENT answers empty
    answer = requests.get(f"{server}/sparql", timeout=60, params={
        "query": f"SELECT * FROM <{listener.url}/g> WHERE {{ ?s ?p ?o }}",
        "default-graph-uri": f"{listener.url}/d"})
    assert answer.status_code == 200, answer.text
    assert listener.hits == []


def test_with_the_guard_out_of_the_way_updates_still_cannot_connect(server, listener,
                                                                    monkeypatch):
    from api import guard

    monkeypatch.setattr(guard, "check_update", lambda *a, **k: None)
    monkeypatch.setattr(guard, "check_graphs", lambda *a, **k: None)
    for update in (f"LOAD <{listener.url}/x.ttl>", f"LOAD SILENT <{listener.url}/x.ttl>",
                   f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}/s> {{ ?s ?p ?o }} }}"):
        answer = requests.post(f"{server}/sparql", data=update.encode(), timeout=60,
                               headers={"Content-Type": "application/sparql-update",
                                        "Authorization": "Bearer secret-token"})
        assert answer.status_code in (200, 400), answer.text   # SILENT succeeds, empty
    assert listener.hits == []


# -- the worker processes alone ------------------------------------------------------------------
@pytest.fixture
def executor():
    store = open_store("memory:")
    store.load((DATA / "sample.trig").read_bytes(), format="trig")
    pool = Executor(location=None, nquads=store.dump("nquads"), workers=1, timeout=30,
                    limit=100)
    yield pool
    pool.close()


def test_query_workers_refuse_sockets(executor, listener):
    with pytest.raises(QueryError, match="Permission denied|PermissionError"):
        executor.run(f"SELECT * {{ SERVICE <{listener.url}/s> {{ ?s ?p ?o }} }}")
    assert listener.hits == []


def test_update_workers_refuse_sockets(executor, listener):
    with pytest.raises(QueryError, match="Permission denied|PermissionError"):
        executor.update(f"LOAD <{listener.url}/x.ttl>")
    with pytest.raises(QueryError, match="Permission denied|PermissionError"):
        executor.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}/s> "
                        "{ ?s ?p ?o } }")
    assert listener.hits == []


# -- the command line ----------------------------------------------------------------------------
def seckg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, timeout=120,
                          capture_output=True, text=True)


def test_seckg_query_refuses_service(tmp_path, listener):
    store = tmp_path / "store"
    loaded = seckg("--store", str(store), "load", str(DATA / "sample.trig"), cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    for query in hostile_queries(listener.url).values():
        done = seckg("--store", str(store), "query", query, cwd=tmp_path)
        assert done.returncode != 0
        assert "SERVICE is refused" in done.stderr
    assert listener.hits == []


def test_seckg_load_fetches_no_context_and_no_entity(tmp_path, listener):
    context = tmp_path / "remote.jsonld"
    context.write_text(json.dumps({"@context": f"{listener.url}/context.jsonld",
                                   "@id": "http://e/s", "v": "x"}))
    imports = tmp_path / "imports.jsonld"
    imports.write_text(json.dumps({"@context": {"@import": f"{listener.url}/c.jsonld"},
                                   "@id": "http://e/s", "http://e/v": "x"}))
    entity = tmp_path / "entity.rdf"
    entity.write_text(f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{listener.url}/e">'
                      ']><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                      '<rdf:Description rdf:about="http://e/s"><rdf:value>&x;</rdf:value>'
                      '</rdf:Description></rdf:RDF>')
    for path in (context, imports, entity):
        done = seckg("--store", str(tmp_path / "store"), "load", str(path), cwd=tmp_path)
        assert done.returncode != 0, path.name
    assert listener.hits == []


def test_seckg_validate_fetches_no_context(tmp_path, listener):
    context = tmp_path / "remote.jsonld"
    context.write_text(json.dumps({"@context": f"{listener.url}/context.jsonld",
                                   "@id": "http://e/s", "v": "x"}))
    done = seckg("validate", str(context), cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 2, done.stderr
    assert "@context" in done.stderr + done.stdout
    assert listener.hits == []


# -- the sandbox itself ------------------------------------------------------------------------
SANDBOXED = """
import json, socket, sys
from kg.sandbox import forbid_network
mechanism = forbid_network()
seen = {"mechanism": mechanism}
for name, family, kind in [("inet", socket.AF_INET, socket.SOCK_STREAM),
                           ("inet6", socket.AF_INET6, socket.SOCK_STREAM),
                           ("udp", socket.AF_INET, socket.SOCK_DGRAM)]:
    try:
        socket.socket(family, kind).close()
        seen[name] = "opened"
    except OSError as exc:
        seen[name] = type(exc).__name__
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
    seen["connect"] = "connected"
except OSError as exc:
    seen["connect"] = type(exc).__name__
a, b = socket.socketpair()
a.sendall(b"x")
seen["unix"] = b.recv(1).decode()
print(json.dumps(seen))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux only")
def test_forbid_network_refuses_every_network_socket_but_keeps_local_ones(listener):
    done = subprocess.run([sys.executable, "-c", SANDBOXED, str(listener.port)], timeout=60,
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen == {"mechanism": "seccomp", "inet": "PermissionError",
                    "inet6": "PermissionError", "udp": "PermissionError",
                    "connect": "PermissionError", "unix": "x"}
    assert listener.hits == []
