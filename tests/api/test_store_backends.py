"""What the store serves is what was built and checked, on every backend; publications are
atomic per graph; servers of one store agree on the build (ETags)."""

from __future__ import annotations

import json
import threading
from contextlib import ExitStack
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from api import create_app
from kg.build import build
from kg.config import Settings
from kg.rdfio import read_graph, restore_model_datatypes
from kg.store import open_store
from tests.servers import STORE_KINDS, location_for, oxigraph_server

ROOT = Path(__file__).resolve().parents[2]
OA_START = URIRef("http://www.w3.org/ns/oa#start")


@pytest.fixture(scope="module", params=STORE_KINDS)
def built(request, tmp_path_factory):
    stack = ExitStack()
    request.addfinalizer(stack.close)
    base = tmp_path_factory.mktemp("backends")
    settings = Settings(store=location_for(request.param, base, stack), dist_dir=base / "dist")
    report = build(settings, [ROOT / "seeds"])
    return settings, report


def test_the_dump_and_the_graph_read_back_through_sparql_are_the_same(built):
    """The Turtle dump against CONSTRUCT over /sparql: the same triples; the store gives the
    offsets as xsd:integer (Oxigraph keeps no derived integer type), the dumps as the model's
    xsd:nonNegativeInteger, and nothing else differs (docs/model.md)."""
    settings, _report = built
    app = create_app(settings)
    try:
        response = app.test_client().post(
            "/sparql", data={"query": "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
                                      "FILTER(?g != <https://w3id.org/seckg/id/graph/build>) }"},
            headers={"Accept": "application/n-triples"})
        assert response.status_code == 200 and response.headers["X-Seckg-Truncated"] == "false"
    finally:
        app.extensions["seckg.store"].close()
    served = Graph().parse(data=response.data, format="nt")
    offsets = list(served.objects(None, OA_START))
    assert offsets and all(o.datatype == XSD.integer for o in offsets)
    dumped = read_graph((settings.dist_dir / "seckg.ttl").read_bytes(), "turtle")
    assert all(o.datatype == XSD.nonNegativeInteger for o in dumped.objects(None, OA_START))
    assert isomorphic(restore_model_datatypes(served), dumped)


def test_servers_of_one_store_send_the_same_etags(built):
    settings, report = built
    apps = [create_app(settings.with_(dist_dir=settings.dist_dir / f"elsewhere{n}"))
            for n in range(2)]                # no build.json beside either: the store says
    try:
        tags = [app.test_client().get("/sparql", query_string={"query": "ASK {}"}
                                      ).headers["ETag"] for app in apps]
        assert tags[0] == tags[1]
        assert apps[0].extensions["seckg.build"].build_id == report.build_id
    finally:
        for app in apps:
            app.extensions["seckg.store"].close()


def test_a_reader_never_sees_half_a_graph_while_it_is_replaced():
    """Graphs of 1 and 4000 triples put in turn, counted meanwhile: never anything between."""
    name = "https://w3id.org/seckg/id/article/replaced"
    versions = [Graph(), Graph()]
    versions[0].add((URIRef(name), URIRef("http://e/p"), Literal(0)))
    for n in range(4000):
        versions[1].add((URIRef(f"{name}#{n}"), URIRef("http://e/p"), Literal(n)))
    sizes = {len(v) for v in versions}
    with oxigraph_server() as location:
        writer, reader = open_store(location), open_store(location)
        writer.publish({name: versions[0].serialize(format="nt", encoding="utf-8")})
        seen, done = [], threading.Event()

        def read():
            while not done.is_set():
                seen.append(int(reader.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> "
                                              "{ ?s ?p ?o } }")[0]["n"]))

        thread = threading.Thread(target=read)
        thread.start()
        try:
            for n in range(12):
                writer.publish({name: versions[(n + 1) % 2].serialize(format="nt",
                                                                       encoding="utf-8")})
        finally:
            done.set()
            thread.join(timeout=60)
        writer.close()
        reader.close()
    assert len(seen) > 3 and set(seen) <= sizes, sorted(set(seen))


def test_a_server_without_a_union_default_graph_is_refused_with_the_fix(tmp_path):
    import subprocess

    from tests.servers import _wait_until_up, free_port, oxigraph_binary

    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_until_up(port, process)
        store = open_store(f"oxigraph+http://127.0.0.1:{port}")
        store.publish({"http://e/g": b"<http://e/s> <http://e/p> <http://e/o> .\n"})
        from kg.errors import StoreError

        with pytest.raises(StoreError, match="--union-default-graph"):
            store.serve(workers=1, timeout=10, limit=10)
        store.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stderr.close()


def test_the_command_line_builds_queries_and_serves_a_server_store(tmp_path):
    """`seckg --store oxigraph+http://...` build, query and serve, as a user runs them."""
    import json
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.servers import free_port

    def seckg(*args: str, **kwargs):
        return subprocess.run([sys.executable, "-m", "kg.cli", "--store", location, *args],
                              cwd=tmp_path, capture_output=True, text=True, timeout=300,
                              **kwargs)

    with oxigraph_server() as location:
        built = seckg("build", "--jobs", "1", "--dist", str(tmp_path / "dist"),
                      str(ROOT / "seeds"))
        assert built.returncode == 0, built.stderr
        assert "5 accepted" in built.stderr
        again = seckg("build", "--dist", str(tmp_path / "dist"), str(ROOT / "seeds"))
        assert "5 unchanged" in again.stderr, again.stderr
        answer = seckg("query", "--format", "json",
                       "SELECT (COUNT(*) AS ?n) WHERE { ?s a seckg:Statement }")
        assert answer.returncode == 0, answer.stderr
        assert int(json.loads(answer.stdout)["results"]["bindings"][0]["n"]["value"]) > 10
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "kg.cli", "--store", location, "serve",
                                   "--port", str(port)], cwd=tmp_path, stderr=subprocess.PIPE,
                                  text=True)
        try:
            line = server.stderr.readline()
            assert f"http://127.0.0.1:{port}/" in line, line
            url = f"http://127.0.0.1:{port}/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
            for _ in range(100):
                try:
                    with urllib.request.urlopen(url, timeout=10) as response:
                        assert json.load(response)["boolean"] is True
                        break
                except OSError:
                    time.sleep(0.1)
            else:
                raise AssertionError("seckg serve did not answer")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            server.stderr.close()
        assert server.returncode == 0


def test_two_seckg_serve_processes_share_one_server_store_and_follow_a_build(tmp_path):
    """Two real `seckg serve` processes over one Oxigraph server: the same ETag for the same
    request (the build id is read from the store), and both follow a later build made from a
    third process, whose dumps they never saw."""
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.servers import free_port

    query = "/sparql?query=SELECT%20%28COUNT%28%2A%29%20AS%20%3Fn%29%20WHERE%20%7B%20%3Fa%20a%20%3Chttps%3A%2F%2Fschema.org%2FNewsArticle%3E%20%7D"

    def get(port: int) -> tuple[str, int]:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{query}", timeout=30) as response:
            body = json.load(response)
            return response.headers["ETag"], int(body["results"]["bindings"][0]["n"]["value"])

    def build_into(location: str, folder: Path, dist: Path) -> None:
        done = subprocess.run([sys.executable, "-m", "kg.cli", "--store", location, "build",
                               "--jobs", "1", "--dist", str(dist), str(folder)],
                              cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    first = tmp_path / "first"
    first.mkdir()
    for seed in seeds[:2]:
        (first / seed.name).write_bytes(seed.read_bytes())
    with oxigraph_server() as location:
        build_into(location, first, tmp_path / "dist-builder")
        servers, ports = [], []
        try:
            for n in range(2):              # each in a folder of its own: no dist/ to read
                port, home = free_port(), tmp_path / f"server-{n}"
                home.mkdir()
                servers.append(subprocess.Popen(
                    [sys.executable, "-m", "kg.cli", "--store", location, "serve", "--port",
                     str(port), "--workers", "1"], cwd=home,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                ports.append(port)
            answers = []
            for port in ports:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        answers.append(get(port))
                        break
                    except OSError:
                        assert time.monotonic() < deadline, "seckg serve did not answer"
                        time.sleep(0.2)
            assert answers[0] == answers[1] and answers[0][1] == 2
            build_into(location, ROOT / "seeds", tmp_path / "dist-elsewhere")
            # the data is the server's at once; the build id (ETags) is read again within
            # kg.store.remote.REFRESH_SECONDS
            deadline = time.monotonic() + 30
            while True:
                now = [get(port) for port in ports]
                if all(n == len(seeds) and etag != answers[0][0] for etag, n in now):
                    break
                assert time.monotonic() < deadline, f"the servers did not follow: {now}"
                time.sleep(0.5)
            assert now[0] == now[1]
        finally:
            for server in servers:
                server.send_signal(signal.SIGTERM)
            for server in servers:
                server.wait(timeout=30)
