"""The same seckg app behind several WSGI servers, one light query, interleaved rounds.

    pip install cheroot granian gunicorn          # not dependencies of seckg: for this only
    python -m bench.wsgi_servers --store var/store --oxigraph /tmp/ox-store

``seckg serve`` runs the app under waitress. This measures what the HTTP server costs a light
query by serving the same app (``api.create_app`` over ``--store``, query workers included)
with waitress, cheroot, granian and gunicorn (gthread), each with 8 threads, and Oxigraph
server over ``--oxigraph`` (the same data loaded by ``oxigraph load``) as the peer: one
keep-alive client, ``--rounds`` rounds of ``--reps`` requests per server, servers in turn,
once every server's memory has settled (its query workers' copies of the store made).
A server whose package is missing is left out.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from bench.servers import ROOT, free_port, oxigraph_server, settled_rss

QUERY = ("SELECT ?p ?o WHERE { ?s a <http://www.w3.org/ns/org#FormalOrganization> ; ?p ?o } "
         "LIMIT 20")
ACCEPT = "application/sparql-results+json"
APP = "from kg import Settings; from api import create_app; app = create_app(Settings().with_(store={store!r}))"


def commands(store: str) -> dict[str, list[str]]:
    """How each server is started on PORT (replaced), when its package is installed."""
    app = APP.format(store=store)
    found = {"waitress": [sys.executable, "-c", f"{app}; import waitress; waitress.serve(app, "
                          "host='127.0.0.1', port=PORT, threads=8, _quiet=True)"]}
    if importlib.util.find_spec("cheroot"):
        found["cheroot"] = [sys.executable, "-c", f"{app}; from cheroot import wsgi; "
                            "wsgi.Server(('127.0.0.1', PORT), app, numthreads=8).start()"]
    if shutil.which("granian"):
        found["granian"] = ["granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port",
                            "PORT", "--blocking-threads", "8", "--no-log", "--factory",
                            "bench.wsgi_servers:app_from_environment"]
    if shutil.which("gunicorn"):
        found["gunicorn"] = ["gunicorn", "-k", "gthread", "--threads", "8", "-w", "1", "-b",
                             "127.0.0.1:PORT", "bench.wsgi_servers:app_from_environment()"]
    return found


def app_from_environment():
    """The app for servers that import it by name (granian, gunicorn): the store from
    ``$SECKG_BENCH_STORE``, which :func:`main` sets for them."""
    import os

    from api import create_app
    from kg import Settings

    return create_app(Settings().with_(store=os.environ["SECKG_BENCH_STORE"]))


def _ask(port: int, path: str) -> http.client.HTTPConnection | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path, headers={"Accept": ACCEPT})
        response = conn.getresponse()
        response.read()
        return conn if response.status == 200 else None
    except OSError:
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", required=True, help="a seckg store folder")
    parser.add_argument("--oxigraph", type=Path, required=True,
                        help="an Oxigraph store of the same data")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=300)
    args = parser.parse_args(argv)
    import os

    env = {**os.environ, "SECKG_BENCH_STORE": args.store}
    running: dict[str, tuple[subprocess.Popen | None, int, str]] = {}
    oxigraph = oxigraph_server(args.oxigraph, Path(os.devnull))
    try:
        for name, command in commands(args.store).items():
            port = free_port()
            process = subprocess.Popen([part.replace("PORT", str(port)) for part in command],
                                       cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            running[name] = (process, port, "/sparql?" + urllib.parse.urlencode({"query": QUERY}))
        oxigraph.start(QUERY, accept=ACCEPT, timeout=120)
        running["oxigraph"] = (None, oxigraph.port, oxigraph.url_for(QUERY))
        for name, (_process, port, path) in running.items():
            deadline = time.monotonic() + 120
            while _ask(port, path) is None:
                if time.monotonic() > deadline:
                    raise SystemExit(f"{name} gave no answer in 120 s")
                time.sleep(0.2)
        for process, _port, _path in running.values():   # the query workers' copies made
            if process is not None:
                settled_rss(process.pid)
        samples: dict[str, list[float]] = {name: [] for name in running}
        for _round in range(args.rounds):
            for name, (_process, port, path) in running.items():
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                for _ in range(args.reps):
                    started = time.perf_counter()
                    conn.request("GET", path, headers={"Accept": ACCEPT})
                    response = conn.getresponse()
                    response.read()
                    samples[name].append(time.perf_counter() - started)
                conn.close()
        base = statistics.median(samples["oxigraph"])
        print("| server | p50 ms | p90 ms | / Oxigraph |\n| --- | ---: | ---: | ---: |")
        for name, values in samples.items():
            ordered = sorted(values)
            p50 = statistics.median(values)
            print(f"| {name} | {p50 * 1000:.2f} | {ordered[int(0.9 * len(ordered))] * 1000:.2f} "
                  f"| {p50 / base:.2f} |")
    finally:
        for process, _port, _path in running.values():
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        oxigraph.stop()


if __name__ == "__main__":
    main()
