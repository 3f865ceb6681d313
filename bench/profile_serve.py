"""Where a light query's time goes in ``seckg serve``, layer by layer, against Oxigraph server.

    python -m bench.profile_serve --triples 1000000 --out docs/benchmarks-profile.md

Over the bench's domain graph (``bench.graph``, loaded by ``seckg load`` and ``oxigraph
load``), the light queries of the analyst mix (``bench.mix``) are answered in interleaved
rounds by five layers, each one the previous plus what a request adds on top:

1. ``engine``: pyoxigraph over an in-memory copy of the store, in this process, query and
   serialisation exactly as a query worker runs them (``kg.store.workers.run_query``);
2. ``store``: ``Store.answer``, the same through a query worker process (the worker hop);
3. ``app``: the WSGI app called in this process (the fast path of ``api.fast_sparql``);
4. ``http``: ``seckg serve`` over HTTP on 127.0.0.1 (waitress), a keep-alive client;
5. ``oxigraph``: ``oxigraph serve-read-only`` over HTTP, the peer.

Then py-spy samples ``seckg serve`` and its workers while one client sends the light queries
that take under 10 ms,
and the samples are sorted by where each thread was (waitress, the fast path, the worker hop,
the engine, waiting); the Markdown report has both tables and the command.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from bench import graph
from bench.mix import ACCEPT, MIX, QUERIES
from bench.servers import (
    load_oxigraph,
    load_seckg,
    oxigraph_server,
    seckg_server,
    settled_rss,
)

LAYERS = ("engine", "store", "app", "http", "oxigraph")
LIGHT = [q for q in MIX if q.light]


def _timed(call, reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        started = time.perf_counter()
        call()
        out.append(time.perf_counter() - started)
    return out


def _http_call(server, query: str, accept: str):
    conn = http.client.HTTPConnection("127.0.0.1", server.port)
    url = server.url_for(query)

    def call():
        conn.request("GET", url, headers={"Accept": accept})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{server.name}: HTTP {response.status}")
    return call


def layer_calls(work: Path, servers: dict) -> dict:
    """{layer: {query name: a function answering it once}} for every layer."""
    from werkzeug.test import EnvironBuilder

    from api import create_app
    from kg import Settings, open_store
    from kg.store import QueryRequest
    from kg.store.generations import Generations
    from kg.store.workers import run_query

    location = str(work / "seckg-store")
    copy = ox.Store()
    copy.bulk_load(ox.Store.read_only(str(Generations(Path(location)).current())).dump(
        format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    settings = Settings().with_(store=location, result_limit=10_000_000, query_workers=1)
    store = open_store(settings.location(), read_only=True)
    app = create_app(settings, store=store)
    app.test_client().get("/sparql", query_string={"query": "ASK {}"})   # workers started
    settled_rss(os.getpid())                                            # and their copies made
    calls: dict = {layer: {} for layer in LAYERS}
    for q in LIGHT:
        text, accept = QUERIES[q.name], ACCEPT[q.kind]
        request = {"query": text, "results_type": ACCEPT["results"], "rdf_type": ACCEPT["rdf"],
                   "default_graphs": None, "named_graphs": None, "base_iri": None,
                   "limit": 10_000_000, "prefixes": {}}
        calls["engine"][q.name] = lambda request=request: run_query(ox, copy, **request)
        calls["store"][q.name] = lambda text=text: store.answer(QueryRequest(
            text, results_type=ACCEPT["results"], rdf_type=ACCEPT["rdf"]))
        environ = EnvironBuilder(path="/sparql", query_string={"query": text},
                                 headers={"Accept": accept}).get_environ()
        calls["app"][q.name] = lambda environ=environ: b"".join(
            app.wsgi_app(dict(environ), lambda status, headers: None))
        calls["http"][q.name] = _http_call(servers["seckg"], text, accept)
        calls["oxigraph"][q.name] = _http_call(servers["oxigraph"], text, accept)
    return calls


def measure_layers(calls: dict, rounds: int, reps: int) -> dict:
    samples: dict = {(layer, q.name): [] for layer in LAYERS for q in LIGHT}
    for layer in LAYERS:                               # warm every path once
        for q in LIGHT:
            calls[layer][q.name]()
    for k in range(rounds):
        order = LAYERS[k % len(LAYERS):] + LAYERS[:k % len(LAYERS)]
        for layer in order:
            for q in LIGHT:
                samples[layer, q.name] += _timed(calls[layer][q.name], reps)
    return {key: statistics.median(values) for key, values in samples.items()}


# -- py-spy -------------------------------------------------------------------------------
WAITING = ("Condition.wait", "select (", "poll (", "_wait (kg/store/workers.py", "receive (")


def category(stack: str) -> str:
    """Where one py-spy sample was: the process, then the innermost part that explains it."""
    frames = stack.split(";")
    if "kg.store.workers" in frames[1] if len(frames) > 1 else False:
        body = ";".join(frames[2:])
        if "run_query" in body:
            return "worker: the query (pyoxigraph) and its serialisation"
        if body.endswith(tuple(w for w in WAITING)) or "receive (" in frames[-1]:
            return "worker: idle, waiting for a request"
        return "worker: reading the request, sending the answer"
    leaf = frames[-1]
    if "fast_sparql.py" in stack:
        if "kg/store/workers.py" in stack:
            if "_wait (" in stack and ("select" in leaf or "_wait (" in leaf):
                return "app: waiting for the worker's answer"
            return "app: the worker hop (request out, answer in)"
        return "app: the fast path's own work (plan, headers, metrics)"
    if "flask/" in stack:
        return "app: Flask (other requests)"
    if "handler_thread" in stack and leaf.startswith("Condition.wait"):
        return "app: idle HTTP threads"
    if "waitress" in stack:
        return "app: waitress (sockets, HTTP parsing, handing requests to threads)"
    return "app: other"


FAST = 0.010
"""Queries answered over HTTP in less than this (seconds, median) are the ones py-spy samples:
where a request's fixed cost shows (a 160 ms text search would be nearly all the samples)."""


def profile(server, seconds: float, out: Path, queries: list) -> Counter:
    """py-spy record of ``server`` and its workers while one client loops ``queries``;
    sample counts by :func:`category`."""
    spy = shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is missing: pip install py-spy (the bench extra)")
    stop = threading.Event()

    def client() -> None:
        calls = [_http_call(server, QUERIES[q.name], ACCEPT[q.kind]) for q in queries]
        while not stop.is_set():
            for call in calls:
                call()

    thread = threading.Thread(target=client)
    thread.start()
    try:
        subprocess.run([spy, "record", "--pid", str(server.process.pid), "--duration",
                        str(int(seconds)), "--format", "raw", "--output", str(out),
                        "--subprocesses", "--rate", "500", "--nonblocking"],
                       check=True, capture_output=True)
    finally:
        stop.set()
        thread.join()
    counts: Counter = Counter()
    for line in out.read_text(encoding="utf-8").splitlines():
        stack, _, n = line.rpartition(" ")
        if stack:
            counts[category(stack)] += int(n)
    return counts


# -- report -------------------------------------------------------------------------------
def markdown(command: str, shape, medians: dict, counts: Counter, names: list[str]) -> str:
    lines = ["# Where a light query's time goes", "", "```sh", command, "```", "",
             f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python "
             f"{sys.version.split()[0]}, pyoxigraph {ox.__version__}; the graph: "
             f"{shape.triples:,} triples (`bench/graph.py`). Medians of the interleaved rounds, "
             "ms; each layer is the one before plus what it adds (see `bench/profile_serve.py`).",
             "", "| query | engine | + worker hop (store) | + app (WSGI) | + HTTP (seckg serve) "
             "| Oxigraph server | seckg / Oxigraph |", "| --- | ---: | ---: | ---: | ---: | ---: "
             "| ---: |"]
    for q in LIGHT:
        row = [medians[layer, q.name] * 1000 for layer in LAYERS]
        lines.append(f"| {q.name} | " + " | ".join(f"{v:.2f}" for v in row)
                     + f" | {row[3] / row[4]:.2f} |")
    added = {layer: statistics.median(
        medians[layer, q.name] - medians[LAYERS[i - 1], q.name] for q in LIGHT) * 1000
        for i, layer in enumerate(LAYERS[1:4], start=1)}
    lines += ["", "Median over the queries of what each layer adds: worker hop "
              f"{added['store']:.2f} ms, app {added['app']:.2f} ms, HTTP server "
              f"{added['http']:.2f} ms.", "",
              "## py-spy: where the threads of `seckg serve` were", "",
              "One client sending in turn the light queries seckg answers in under "
              f"{FAST * 1000:.0f} ms ({', '.join(names)}); samples of the app process and its "
              "query workers (idle HTTP threads and idle workers left out of the shares).",
              "", "| where | samples | share of busy samples |", "| --- | ---: | ---: |"]
    busy = {k: v for k, v in counts.items() if "idle" not in k}
    total = sum(busy.values()) or 1
    for where, n in sorted(busy.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {where} | {n} | {100 * n / total:.0f} % |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0, help="py-spy sampling time")
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown here")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    command = "python -m bench.profile_serve " + " ".join(argv if argv is not None
                                                          else sys.argv[1:])
    work = args.work or Path(tempfile.mkdtemp(prefix="seckg-profile-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "graph.nq"
    with data.open("wb") as out:
        shape = graph.write(out, triples=args.triples)
    for name, loader in (("seckg-store", load_seckg), ("oxigraph-store", load_oxigraph)):
        shutil.rmtree(work / name, ignore_errors=True)
        shutil.rmtree(work / (name + ".d"), ignore_errors=True)
        loader(data, work / name)
    servers = {"seckg": seckg_server(work / "seckg-store", work / "seckg.log"),
               "oxigraph": oxigraph_server(work / "oxigraph-store", work / "oxigraph.log")}
    try:
        for server in servers.values():
            server.start(QUERIES[LIGHT[0].name], accept=ACCEPT[LIGHT[0].kind], timeout=600)
        medians = measure_layers(layer_calls(work, servers), args.rounds, args.reps)
        fast = [q for q in LIGHT if medians["http", q.name] < FAST] or LIGHT
        counts = profile(servers["seckg"], args.seconds, work / "py-spy.txt", fast)
    finally:
        for server in servers.values():
            server.stop()
    text = markdown(command, shape, medians, counts, [q.name for q in fast])
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
