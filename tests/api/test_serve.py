"""`seckg serve`: builds when there is no store, logs its URL, answers SPARQL, and leaves no
worker process behind when stopped."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from kg import open_store
from kg.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "sample.trig"
ASK = "ASK { ?s a <https://w3id.org/seckg/ns#Statement> }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def store_path(tmp_path) -> str:
    location = str(tmp_path / "store")
    done = subprocess.run([sys.executable, "-m", "kg.cli", "--store", location, "load",
                           str(SAMPLE)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return location


def test_serve_logs_its_url_answers_and_stops_cleanly(store_path, tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "--store", store_path, "serve", "--port", str(port),
         "--workers", "2", "--query-timeout", "5"],
        cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        assert f"http://127.0.0.1:{port}/sparql" in line and "read-only" in line, line
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": ASK})
        for _ in range(50):
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    assert json.loads(response.read())["boolean"] is True
                break
            except urllib.error.URLError as exc:   # not listening yet
                assert isinstance(exc.reason, ConnectionRefusedError), exc
                time.sleep(0.1)
        else:
            pytest.fail("the server never answered")
        workers = children(server.pid)
        assert len(workers) == 2
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)
        server.stderr.close()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


def test_serve_builds_first_when_there_is_no_store(tmp_path, monkeypatch):
    import waitress

    import kg.build

    location = str(tmp_path / "store")
    calls, served = [], []

    def fake_build(settings, paths=None, **_):
        calls.append(settings)
        store = open_store(settings.store)
        store.load(SAMPLE.read_bytes(), format="trig")
        store.close()
        return SimpleNamespace(handle=None)

    def fake_serve(app, **options):
        client = app.test_client()
        served.append((options, client.get("/sparql", query_string={"query": ASK},
                                           headers={"Accept": "application/json"}).get_json()))
        app.extensions["seckg.executor"].close()

    monkeypatch.setattr(kg.build, "build", fake_build)
    monkeypatch.setattr(waitress, "serve", fake_serve)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--store", location, "serve", "--port", "5999",
                                       "--admin-token", "t0ken", "--query-timeout", "7"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1 and calls[0].query_timeout == 7 and calls[0].admin_token == "t0ken"
    options, answer = served[0]
    assert options["port"] == 5999 and options["host"] == "127.0.0.1"
    assert answer["boolean"] is True
    assert "building" in result.output and "http://127.0.0.1:5999/sparql" in result.output


def test_serve_does_not_build_over_an_existing_store(store_path, tmp_path, monkeypatch):
    import waitress

    import kg.build

    monkeypatch.setattr(kg.build, "build", lambda *a, **k: pytest.fail("built again"))
    monkeypatch.setattr(waitress, "serve",
                        lambda app, **_: app.extensions["seckg.executor"].close())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--store", store_path, "serve"])
    assert result.exit_code == 0, result.output
    assert os.path.isdir(store_path)
