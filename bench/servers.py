"""The three servers of the bench, their loaders, and what a process costs (time, RSS, disk).

Each server is a :class:`Server`: a command started on a free 127.0.0.1 port, the path of its
SPARQL endpoint, and the time from start to the first answer of a real query. RSS is the sum
over the process and its descendants (seckg's query workers are child processes), read from
``/proc`` (Linux).
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * PAGE
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(c) for c in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def settled_rss(pid: int, *, every: float = 0.5, still: int = 4, longest: float = 600.0) -> int:
    """:func:`tree_rss` once it has stopped growing (within 1 % over ``still`` readings):
    seckg's query workers answer from disk at once and copy the store into memory meanwhile,
    so what a server holds when idle, and the latency rounds, come after the copies."""
    readings = [tree_rss(pid)]
    deadline = time.monotonic() + longest
    while time.monotonic() < deadline:
        time.sleep(every)
        readings.append(tree_rss(pid))
        window = readings[-still:]
        if len(window) == still and max(window) <= min(window) * 1.01:
            return window[-1]
    return readings[-1]


class PeakRss:
    """Samples :func:`tree_rss` of ``pid`` every ``every`` seconds until stopped."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.every)


def disk_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


@dataclass
class Loaded:
    seconds: float
    peak_rss: int
    disk: int


def run_load(command: list[str], folder: Path) -> Loaded:
    """Run a loader to the end: its wall time, peak RSS and the size of ``folder`` after."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    with PeakRss(process.pid) as rss:
        _, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({process.returncode}): {err.decode()[-2000:]}")
    return Loaded(seconds, rss.peak, disk_bytes(folder))


def load_seckg(data: Path, folder: Path) -> Loaded:
    """``seckg load`` into an embedded store (the command users run)."""
    return run_load([sys.executable, "-m", "kg.cli", "--store", str(folder), "load", str(data)],
                    folder)


def load_oxigraph(data: Path, folder: Path) -> Loaded:
    """Oxigraph's own loader (``oxigraph load``)."""
    return run_load([oxigraph_binary(), "load", "--location", str(folder), "--file", str(data)],
                    folder)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the Oxigraph server is missing: pip install oxigraph")
    return found


def rdflib_endpoint_binary() -> str | None:
    return shutil.which("rdflib-endpoint")


@dataclass
class Server:
    name: str
    command: list[str]
    path: str
    port: int
    process: subprocess.Popen | None = None
    startup: float = 0.0
    log: Path | None = None
    idle_rss: int = 0
    peak_rss: int = 0
    notes: list[str] = field(default_factory=list)

    def start(self, probe: str, *, accept: str, timeout: float) -> None:
        """Start and wait for the first answer to ``probe`` (a real query of the mix)."""
        started = time.perf_counter()
        if self.log:
            with open(self.log, "wb") as out:     # the child keeps its own descriptor
                self.process = subprocess.Popen(self.command, cwd=ROOT, stdout=out,
                                                stderr=subprocess.STDOUT)
        else:
            self.process = subprocess.Popen(self.command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL)
        deadline = started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}); see "
                                   f"{self.log}")
            if self._answers(probe, accept):
                self.startup = time.perf_counter() - started
                self.idle_rss = settled_rss(self.process.pid)
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} gave no answer in {timeout:.0f} s; see {self.log}")

    def _answers(self, probe: str, accept: str) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            conn.request("GET", self.url_for(probe), headers={"Accept": accept})
            response = conn.getresponse()
            body = response.read()
            conn.close()
        except OSError:
            return False
        if 400 <= response.status < 500:
            raise RuntimeError(f"{self.name}: HTTP {response.status} on the first query: "
                               f"{body[:300]!r}")
        return response.status == 200

    def url_for(self, query: str) -> str:
        return self.path + "?" + urllib.parse.urlencode({"query": query})

    def rss(self) -> int:
        return tree_rss(self.process.pid) if self.process else 0

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def seckg_server(folder: Path, log: Path, *, workers: int | None = None) -> Server:
    """`seckg serve` (production recipe) with no row cap (``bench.seckg_serve``)."""
    port = free_port()
    command = [sys.executable, "-m", "bench.seckg_serve", "--store", str(folder),
               "--", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    return Server("seckg", command, "/sparql", port, log=log)


def oxigraph_server(folder: Path, log: Path) -> Server:
    port = free_port()
    return Server("oxigraph", [oxigraph_binary(), "serve-read-only", "--location", str(folder),
                               "--union-default-graph", "--bind", f"127.0.0.1:{port}"],
                  "/query", port, log=log)


def rdflib_server(data: Path, log: Path) -> Server:
    """rdflib-endpoint over an rdflib Dataset whose default graph is the union (its CLI's
    choice), parsed from the same N-Quads at start."""
    port = free_port()
    return Server("rdflib-endpoint", [rdflib_endpoint_binary() or "rdflib-endpoint", "serve",
                                      str(data), "--host", "127.0.0.1", "--port", str(port)],
                  "/", port, log=log)
