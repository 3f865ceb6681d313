"""seckg's /sparql against Oxigraph server over the same data, in the same run (ratios).

Builds the seeds (or uses --store), loads the same quads into `oxigraph serve-read-only`
(the `oxigraph` package from PyPI), starts `seckg serve`, then sends the same query mix to both
on 127.0.0.1: first one client at a time, then several concurrent clients. Bounded: a fixed
number of requests per query; both servers are stopped at the end.

    python3 bench/bench_endpoint.py --requests 200 --clients 4
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
P = ("PREFIX seckg: <https://w3id.org/seckg/ns#> PREFIX schema: <https://schema.org/> "
     "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
QUERIES = {
    "statements of an official": P + """SELECT ?date ?text WHERE { ?s seckg:speaker
        <https://w3id.org/seckg/id/person/sergei-lebedev> ; schema:text ?text .
        OPTIONAL { ?s dcterms:date ?date } } ORDER BY ?date""",
    "count by speaker": P + """SELECT ?name (COUNT(?s) AS ?n) WHERE { ?s a seckg:Statement ;
        seckg:speaker ?p . ?p rdfs:label ?name FILTER(lang(?name) = "en") } GROUP BY ?name""",
    "ask": "ASK { ?s a <https://w3id.org/seckg/ns#Statement> }",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def ask(endpoint: str, query: str) -> None:
    req = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": "application/sparql-results+json",
                                          "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        resp.read()


def run(endpoint: str, query: str, requests: int, clients: int) -> float:
    """Requests per second."""
    started = time.perf_counter()
    if clients == 1:
        for _ in range(requests):
            ask(endpoint, query)
    else:
        with cf.ThreadPoolExecutor(clients) as pool:
            list(pool.map(lambda _: ask(endpoint, query), range(requests)))
    return requests / (time.perf_counter() - started)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="seckg-bench-"))
    procs = []
    try:
        store, dist = work / "store", work / "dist"
        subprocess.run([sys.executable, "-m", "kg.cli", "--store", str(store), "build",
                        "--dist", str(dist)], cwd=ROOT, check=True, capture_output=True)
        oxi = work / "oxigraph"
        subprocess.run(["oxigraph", "load", "--location", str(oxi), "--file",
                        str(dist / "seckg.nq")], check=True, capture_output=True)
        op, sp = free_port(), free_port()
        procs.append(subprocess.Popen(["oxigraph", "serve-read-only", "--location", str(oxi),
                                       "--bind", f"127.0.0.1:{op}", "--union-default-graph"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen([sys.executable, "-m", "kg.cli", "--store", str(store),
                                       "serve", "--port", str(sp), "--workers", str(args.clients)],
                                      cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        ends = {"oxigraph server": f"http://127.0.0.1:{op}/query",
                "seckg": f"http://127.0.0.1:{sp}/sparql"}
        wait_for(f"http://127.0.0.1:{op}/query?query=ASK%7B%7D")
        wait_for(f"http://127.0.0.1:{sp}/healthz")
        for endpoint in ends.values():          # warm up (seckg starts its workers lazily)
            for q in QUERIES.values():
                ask(endpoint, q)
        print(f"{args.requests} requests per query; requests/second; ratio = seckg / oxigraph\n")
        print("| query | clients | oxigraph server | seckg | ratio |\n|---|---|---|---|---|")
        ratios = []
        for name, q in QUERIES.items():
            for clients in (1, args.clients):
                rate = {k: run(e, q, args.requests, clients) for k, e in ends.items()}
                ratio = rate["seckg"] / rate["oxigraph server"]
                ratios.append(ratio)
                print(f"| {name} | {clients} | {rate['oxigraph server']:.0f} | "
                      f"{rate['seckg']:.0f} | {ratio:.2f} |")
        print(f"\nmedian ratio {statistics.median(ratios):.2f}")
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
