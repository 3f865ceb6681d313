"""Loopback load on the production recipe: ``seckg serve`` (waitress and query worker
processes) over the seeds, hit by 16 and 64 client threads at once with a mix of SPARQL
queries and page views, each phase bounded in time.

    python -m bench.load --clients 16,64 --seconds 20 [--markdown]

Reports per phase: requests answered, requests per second, p50/p95/max latency, and every
answer that was not 200/304 (an error is a failure of the server, never "load"). The suite
runs a small version (tests/api/test_load.py) through :func:`hammer`; figures in
docs/load.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QUERIES = [
    "SELECT ?s ?text WHERE { ?s a seckg:Statement ; seckg:text ?text } LIMIT 20",
    "SELECT ?org (COUNT(?s) AS ?n) WHERE { ?s seckg:mentions ?org } GROUP BY ?org "
    "ORDER BY DESC(?n) LIMIT 10",
    "SELECT ?p ?name WHERE { ?s seckg:speaker ?p . ?p rdfs:label ?name } LIMIT 50",
    "ASK { ?s a seckg:Statement }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s a seckg:Statement ; ?p ?o } LIMIT 200",
]
PREFIXES = ("PREFIX seckg: <https://w3id.org/seckg/ns#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
PAGES = ["/", "/id/org/sco", "/id/org/csto", "/id/org/cis", "/dumps/", "/queries/",
         "/healthz", "/void"]


@dataclass
class Phase:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        lat = sorted(self.latencies) or [0.0]
        return {"clients": self.clients, "requests": len(self.latencies),
                "per_second": round(len(self.latencies) / self.seconds, 1),
                "p50_ms": round(statistics.median(lat) * 1000, 1),
                "p95_ms": round(lat[int(0.95 * (len(lat) - 1))] * 1000, 1),
                "max_ms": round(lat[-1] * 1000, 1),
                "statuses": dict(sorted(self.statuses.items())),
                "failures": self.failures[:10]}


def mix() -> list[str]:
    """The request paths one client cycles through: queries and page views."""
    paths = []
    for n, query in enumerate(QUERIES):
        paths.append("/sparql?" + urllib.parse.urlencode({"query": PREFIXES + query}))
        paths.append(PAGES[n % len(PAGES)])
    return paths + PAGES[len(QUERIES):]


def hammer(port: int, *, clients: int, seconds: float | None = None,
           per_client: int | None = None) -> Phase:
    """``clients`` threads sending the mix for ``seconds`` (or ``per_client`` requests each)
    over keep-alive connections."""
    phase = Phase(clients, seconds or 0.0)
    lock = threading.Lock()
    paths = mix()
    started = time.monotonic()
    deadline = started + (seconds or 1e9)

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        sent = 0
        while time.monotonic() < deadline and (per_client is None or sent < per_client):
            path = paths[(offset + sent) % len(paths)]
            began = time.monotonic()
            try:
                conn.request("GET", path, headers={"Accept": "text/html, application/json"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                failure = f"{path}: {type(exc).__name__}"
            else:
                failure = f"{path}: {status}" if status not in (200, 304) else ""
            with lock:
                phase.latencies.append(time.monotonic() - began)
                phase.statuses[status] += 1
                if failure:
                    phase.failures.append(failure)
            sent += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds = time.monotonic() - started
    return phase


def serve(store: str, port: int, workers: int = 2, threads: int = 16) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "--store", store, "serve",
                                "--port", str(port), "--workers", str(workers), "--threads",
                                str(threads)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    process.stderr.readline()                     # "seckg serving ..." once it listens
    for _ in range(200):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.05)
        finally:
            conn.close()
    stop(process)
    raise SystemExit("seckg serve did not come up")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    finally:
        if process.stderr:
            process.stderr.close()


def rss_mb(pid: int) -> int:
    """Resident memory of a process and its children (the query workers), in MB."""
    total = 0
    pids = [pid] + [int(p) for p in _children(pid)]
    for one in pids:
        try:
            with open(f"/proc/{one}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total // 1024


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", default="16,64")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    from kg.build import build
    from kg.config import Settings
    from tests.servers import free_port

    with tempfile.TemporaryDirectory(prefix="seckg-load-") as scratch:
        settings = Settings(store=str(Path(scratch) / "store"), dist_dir=Path(scratch) / "dist")
        build(settings, [ROOT / "seeds"])
        port = free_port()
        os.environ.setdefault("SECKG_STORE", settings.store)
        process = serve(settings.store, port)
        rows = []
        try:
            for clients in (int(c) for c in args.clients.split(",")):
                row = hammer(port, clients=clients, seconds=args.seconds).summary()
                row["server_rss_mb"] = rss_mb(process.pid)
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
        finally:
            stop(process)
    if args.markdown:
        print("| clients | requests | req/s | p50 ms | p95 ms | max ms | statuses | "
              "server RSS MB |\n| --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in rows:
            print(f"| {r['clients']} | {r['requests']} | {r['per_second']} | {r['p50_ms']} | "
                  f"{r['p95_ms']} | {r['max_ms']} | {r['statuses']} | {r['server_rss_mb']} |")


if __name__ == "__main__":
    main()
