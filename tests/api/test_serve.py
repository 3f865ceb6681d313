"""`seckg serve`: builds when there is no store, logs its URL, answers SPARQL, refuses a
taken port in one line, and leaves no worker process behind when stopped (with SIGTERM,
which reaches a server started from a background shell, unlike SIGINT)."""

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


def stop(process: subprocess.Popen, timeout: float = 30) -> bool:
    """SIGTERM, wait, then SIGKILL after ``timeout``; True if SIGTERM was enough."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False


class FakeServer:
    """Stands in for waitress: answers one request through the test client, then stops."""

    def __init__(self, app, served: list, **options):
        self.app, self.served, self.options = app, served, options

    def run(self):
        client = self.app.test_client()
        self.served.append((self.options, client.get(
            "/sparql", query_string={"query": ASK},
            headers={"Accept": "application/json"}).get_json()))


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
        stopped = stop(server)
        server.stderr.close()
    assert stopped, "the server ignored SIGTERM and was killed"
    assert server.returncode == 0
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


def test_serve_builds_first_when_there_is_no_store(tmp_path, monkeypatch):
    import waitress

    import kg.build

    location = str(tmp_path / "store")
    calls, served = [], []
    port = free_port()

    def fake_build(settings, paths=None, **_):
        calls.append(settings)
        store = open_store(settings.store)
        store.load(SAMPLE.read_bytes(), format="trig")
        store.close()
        return SimpleNamespace(handle=None)

    monkeypatch.setattr(kg.build, "build", fake_build)
    monkeypatch.setattr(waitress, "create_server",
                        lambda app, **options: FakeServer(app, served, **options))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--store", location, "serve", "--port", str(port),
                                       "--admin-token", "t0ken", "--query-timeout", "7"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1 and calls[0].query_timeout == 7 and calls[0].admin_token == "t0ken"
    options, answer = served[0]
    assert options["port"] == port and options["host"] == "127.0.0.1"
    assert answer["boolean"] is True
    assert "building" in result.output and f"http://127.0.0.1:{port}/sparql" in result.output


def test_serve_does_not_build_over_an_existing_store(store_path, tmp_path, monkeypatch):
    import waitress

    import kg.build

    monkeypatch.setattr(kg.build, "build", lambda *a, **k: pytest.fail("built again"))
    monkeypatch.setattr(waitress, "create_server", lambda app, **o: FakeServer(app, [], **o))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--store", store_path, "serve", "--port",
                                       str(free_port())])
    assert result.exit_code == 0, result.output
    assert os.path.isdir(store_path)


def test_a_taken_port_is_one_line_naming_the_port_and_the_fix(store_path, monkeypatch):
    import kg.build

    monkeypatch.setattr(kg.build, "build", lambda *a, **k: pytest.fail("built before the check"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["--store", store_path, "serve", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert result.output == (f"seckg: error: port {port} is in use on 127.0.0.1; try --port "
                             f"{port + 1} (or stop what listens there)\n")
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                     SystemExit)


def test_a_port_taken_after_the_check_is_the_same_one_line(store_path, monkeypatch):
    import errno

    import waitress

    def taken(app, **options):
        raise OSError(errno.EADDRINUSE, "Address already in use")

    monkeypatch.setattr(waitress, "create_server", taken)
    port = free_port()
    result = CliRunner().invoke(main, ["--store", store_path, "serve", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"port {port} is in use" in result.output and "Traceback" not in result.output
    assert "serving" not in result.output
