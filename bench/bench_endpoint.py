"""seckg's /sparql against `oxigraph serve-read-only` over the same store, on loopback.

Builds one on-disk store from the synthetic dataset of bench_store.py, then serves that same
folder twice, read-only: with `seckg serve` (waitress, query worker processes) and with the
Oxigraph server (Rust, same storage format), and optionally with gunicorn over
api.wsgi:app_from. Every request is bounded: for each query, ``--requests`` sequential
requests (median and p95 latency), then the same number from ``--concurrency`` client threads
at once (throughput, errors). Reports the ratio seckg / oxigraph (machines are noisy: compare
ratios, not seconds).

    python3 bench/bench_endpoint.py --statements 20000 --requests 100 --concurrency 8
    python3 bench/bench_endpoint.py --gunicorn 4 --concurrency 32   # also the production recipe
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCEPT = {"results": "application/sparql-results+json", "rdf": "application/n-triples"}


def _bench_store():
    spec = importlib.util.spec_from_file_location("bench_store", ROOT / "bench" / "bench_store.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def queries(bench_store) -> dict[str, tuple[str, str]]:
    mix = {name: (text, "results") for name, text in bench_store.QUERIES.items()}
    mix["ask"] = ("ASK { ?s a <https://w3id.org/seckg/ns#Statement> }", "results")
    mix["construct 500 triples"] = (bench_store.P + """CONSTRUCT { ?s seckg:speaker ?p }
        WHERE { ?s seckg:speaker ?p } LIMIT 500""", "rdf")
    return mix


def build_store(folder: Path, statements: int, bench_store) -> int:
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    store.bulk_load(bench_store.nquads(statements), format=ox.RdfFormat.N_QUADS)
    store.flush()
    quads = len(store)
    del store
    return quads


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path + "?" + urllib.parse.urlencode({"query": "ASK {}"}),
                         headers={"Accept": ACCEPT["results"]})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def request(conn: http.client.HTTPConnection, path: str, query: str, kind: str) -> int:
    conn.request("GET", path + "?" + urllib.parse.urlencode({"query": query}),
                 headers={"Accept": ACCEPT[kind]})
    response = conn.getresponse()
    response.read()
    return response.status


def sequential(port: int, path: str, query: str, kind: str, n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times = []
    for _ in range(n):
        started = time.perf_counter()
        status = request(conn, path, query, kind)
        times.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"HTTP {status} for {query[:60]!r}")
    conn.close()
    return times


def concurrent(port: int, path: str, query: str, kind: str, n: int, clients: int) -> dict:
    """``n`` requests from ``clients`` threads at once: throughput, errors, worst latency."""
    remaining = iter(range(n))
    lock = threading.Lock()
    statuses: list[int] = []
    latencies: list[float] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if next(remaining, None) is None:
                    break
            started = time.perf_counter()
            try:
                status = request(conn, path, query, kind)
            except OSError:
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            with lock:
                statuses.append(status)
                latencies.append(time.perf_counter() - started)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {"per_second": n / seconds, "errors": sum(s != 200 for s in statuses),
            "p95_ms": 1000 * sorted(latencies)[int(0.95 * (len(latencies) - 1))]}


def measure(name: str, port: int, path: str, mix: dict, args) -> dict:
    out = {}
    for label, (query, kind) in mix.items():
        concurrent(port, path, query, kind, 2 * args.concurrency, args.concurrency)  # warm up
        times = sequential(port, path, query, kind, args.requests)
        load = concurrent(port, path, query, kind, args.requests, args.concurrency)
        out[label] = {"median_ms": 1000 * statistics.median(times),
                      "p95_ms": 1000 * sorted(times)[int(0.95 * (len(times) - 1))], **load}
        print(f"  {name:<10} {label:<40} {out[label]['median_ms']:8.1f} ms  "
              f"{load['per_second']:7.1f}/s x{args.concurrency}  errors {load['errors']}",
              file=sys.stderr)
    return out


def start(command: list[str], port: int, path: str, cwd: Path) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, path)
    except RuntimeError:
        process.kill()
        raise
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=100, help="per query and phase")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="seckg query worker processes")
    parser.add_argument("--threads", type=int, default=16, help="seckg HTTP threads")
    parser.add_argument("--gunicorn", type=int, default=0, metavar="N",
                        help="also run gunicorn with N processes over the same store")
    parser.add_argument("--only", choices=["gunicorn"], default=None,
                        help="run only this server (a load test of the production recipe)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    if args.only == "gunicorn" and not args.gunicorn:
        args.gunicorn = 2
    if shutil.which("oxigraph") is None:
        sys.exit("the oxigraph server is not installed (pip install oxigraph)")
    bench_store = _bench_store()
    mix = queries(bench_store)
    results: dict = {"args": {k: str(v) for k, v in vars(args).items()}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        results["quads"] = build_store(folder, args.statements, bench_store)
        print(f"store: {results['quads']} quads in {folder}", file=sys.stderr)
        servers = {
            "oxigraph": (["oxigraph", "serve-read-only", "--location", str(folder),
                          "--union-default-graph", "--bind", "127.0.0.1:{port}"], "/query"),
            "seckg": ([sys.executable, "-m", "kg.cli", "--store", str(folder), "serve",
                       "--port", "{port}", "--workers", str(args.workers),
                       "--threads", str(args.threads)], "/sparql"),
        }
        if args.gunicorn:
            servers["gunicorn"] = (
                [sys.executable, "-m", "gunicorn", "-w", str(args.gunicorn), "-k", "gthread",
                 "--threads", "4", "--timeout", "60", "-b", "127.0.0.1:{port}",
                 f"api.wsgi:app_from(store={str(folder)!r}, query_workers=2)"], "/sparql")
        if args.only:
            servers = {args.only: servers[args.only]}
        for name, (command, path) in servers.items():
            port = free_port()
            process = start([c.replace("{port}", str(port)) for c in command], port, path, ROOT)
            try:
                results[name] = measure(name, port, path, mix, args)
            finally:
                stop(process)
    if not args.only:
        compare(results, mix)
    if args.gunicorn:
        for label in mix:
            g = results["gunicorn"][label]
            print(f"gunicorn x{args.gunicorn} {label:<40} {g['per_second']:7.1f}/s with "
                  f"{args.concurrency} concurrent clients, p95 {g['p95_ms']:.0f} ms, "
                  f"errors {g['errors']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


def compare(results: dict, mix: dict) -> None:
    print(f"\n{'query':<40} {'seckg ms':>9} {'oxigraph ms':>12} {'ratio':>6} "
          f"{'seckg/s':>8} {'oxigraph/s':>10}")
    for label in mix:
        s, o = results["seckg"][label], results["oxigraph"][label]
        print(f"{label:<40} {s['median_ms']:9.1f} {o['median_ms']:12.1f} "
              f"{s['median_ms'] / o['median_ms']:6.1f} {s['per_second']:8.1f} "
              f"{o['per_second']:10.1f}")


if __name__ == "__main__":
    main()
