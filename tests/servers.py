"""Live servers for tests: a real Oxigraph server (PyPI ``oxigraph``) on 127.0.0.1, started
on a free port and stopped (SIGTERM, then wait) by whoever started it.

``STORE_KINDS`` names the stores the endpoint suites run against: the embedded store and a
live Oxigraph server. ``location_for(kind, folder, stack)`` gives a ``--store`` value of
that kind (starting the server on ``stack``, an ``ExitStack`` that stops it).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

STORE_KINDS = ["embedded", "oxigraph-server"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph")
    assert found, "the Oxigraph server is missing: pip install 'seckg[test]' (PyPI oxigraph)"
    return found


@contextmanager
def oxigraph_server(folder: Path | None = None, *, timeout_s: int = 30):
    """An Oxigraph server whose default graph is the union of its named graphs (as seckg
    needs), in memory or on disk in ``folder``; yields its ``oxigraph+http://`` location."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}",
               "--union-default-graph", "--timeout-s", str(timeout_s)]
    if folder is not None:
        command += ["--location", str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_until_up(port, process)
        yield f"oxigraph+http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:   # pragma: no cover - it stops on SIGTERM
            process.kill()
            process.wait(timeout=10)
        process.stderr.close()


def wait_until_up(url: str, process: subprocess.Popen, name: str, *, seconds: float = 60,
                  log=lambda: "") -> None:
    """Poll ``url`` until it answers; fail naming ``name`` (and its ``log()``) if the process
    exits or the time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{name} exited: {log()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.05)
    raise AssertionError(f"{name} did not answer at {url} in {seconds} s: {log()}")


def _wait_until_up(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    wait_until_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process, "oxigraph serve",
                  seconds=seconds, log=lambda: process.stderr.read().decode())


def location_for(kind: str, folder: Path, stack: ExitStack) -> str:
    """A store location of ``kind``: a folder for the embedded store, else a live server."""
    if kind == "embedded":
        return str(folder / "store")
    return stack.enter_context(oxigraph_server())
