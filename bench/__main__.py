"""One command that measures seckg's endpoint against Oxigraph server and rdflib-endpoint,
and the build steps.

    python -m bench --triples 1000000           # the full run: writes docs/benchmarks.md
    python -m bench --smoke --out /tmp/b.md     # seconds: a tiny graph, one round

Generates the domain graph (``bench.graph``), loads it with ``seckg load`` and with
``oxigraph load``, starts the three servers on free 127.0.0.1 ports over the same data, checks
that each gives the same answer to every query of the analyst mix (``bench.mix``), measures
latency in interleaved rounds, throughput at several client counts, RSS and start-up, and
writes the tables and plots (``bench.report``). rdflib-endpoint is capped in time: a query
slower than ``--rdflib-slow`` seconds is measured once, and a request longer than
``--rdflib-timeout`` stops it for the rest of the run (both said in the report). Then the
build (``bench.builds``): extraction, RDF and validation per generated article (``--steps``),
and whole ``seckg build --jobs 2`` runs of generated corpora (``--builds``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench import builds, graph, report
from bench.measure import Caps, Session, throughput
from bench.mix import ACCEPT, MIX, QUERIES
from bench.servers import (
    ROOT,
    Server,
    load_oxigraph,
    load_seckg,
    oxigraph_binary,
    oxigraph_server,
    rdflib_endpoint_binary,
    rdflib_server,
    seckg_server,
)

SMOKE = {"triples": 3000, "rounds": 1, "reps": 1, "seconds": 1.0, "steps": 6,
         "step_passes": 1, "builds": "8"}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the graph")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved latency rounds")
    parser.add_argument("--reps", type=int, default=3, help="requests per query, server, round")
    parser.add_argument("--clients", type=int, nargs="+", default=[4, 16])
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="length of each throughput run")
    parser.add_argument("--workers", type=int, default=None,
                        help="seckg query workers (default: seckg serve's)")
    parser.add_argument("--no-rdflib", action="store_true", help="leave rdflib-endpoint out")
    parser.add_argument("--rdflib-slow", type=float, default=5.0, metavar="S",
                        help="rdflib queries slower than this are measured once")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, metavar="S",
                        help="an rdflib request longer than this stops it")
    parser.add_argument("--steps", type=int, default=200, metavar="N",
                        help="generated articles timed step by step (0: none)")
    parser.add_argument("--step-passes", type=int, default=3, metavar="K",
                        help="passes over them, each in a fresh process; the least counts")
    parser.add_argument("--builds", default="1000,10000", metavar="SIZES",
                        help="whole builds (--jobs 2) of generated corpora of these sizes, "
                             "comma-separated ('' for none)")
    parser.add_argument("--smoke", action="store_true",
                        help=f"a tiny run in seconds ({SMOKE}); does not touch docs/ unless "
                             "--out says so")
    parser.add_argument("--out", type=Path, default=None,
                        help="Markdown file (default docs/benchmarks.md; with --smoke: none)")
    parser.add_argument("--plots", type=Path, default=None,
                        help="folder of the PNG plots (default: docs/benchmarks/ beside --out)")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures")
    parser.add_argument("--work", type=Path, default=None,
                        help="folder for the data, stores and logs (default: a temporary one)")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.smoke:
        given = set(_given(argv))
        for key, value in SMOKE.items():
            if key not in given:
                setattr(args, key, value)
    elif args.out is None:
        args.out = ROOT / "docs" / "benchmarks.md"
    if args.out is not None and args.plots is None:
        args.plots = args.out.parent / "benchmarks"
    return args


def _given(argv: list[str] | None) -> list[str]:
    return [a[2:].split("=")[0].replace("-", "_") for a in (argv or sys.argv[1:])
            if a.startswith("--")]


def main(argv: list[str] | None = None) -> dict:
    args = parse(argv)
    oxigraph_binary()                       # fail now, not after generating the graph
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        return run(args, args.work)
    with tempfile.TemporaryDirectory(prefix="seckg-bench-") as tmp:
        return run(args, Path(tmp))


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace, work: Path) -> dict:
    data = work / "graph.nq"
    with data.open("wb") as out:
        shape = graph.write(out, triples=args.triples)
    say(f"graph: {shape.triples:,} triples, {shape.articles:,} articles -> {data}")
    results: dict = {"command": _command(args), "date": time.strftime("%Y-%m-%d"),
                     "machine": machine(), "versions": versions(), "notes": [],
                     "graph": {k: getattr(shape, k) for k in shape.__slots__},
                     "rounds": args.rounds, "reps": args.reps,
                     "throughput_seconds": args.seconds}
    results["load"] = {"seckg": vars(load_seckg(data, work / "seckg-store")),
                       "oxigraph": vars(load_oxigraph(data, work / "oxigraph-store"))}
    say(f"loaded: {results['load']}")
    servers = [seckg_server(work / "seckg-store", work / "seckg.log", workers=args.workers),
               oxigraph_server(work / "oxigraph-store", work / "oxigraph.log")]
    caps = {}
    if not args.no_rdflib:
        if rdflib_endpoint_binary():
            servers.append(rdflib_server(data, work / "rdflib.log"))
            caps["rdflib-endpoint"] = Caps(args.rdflib_slow, args.rdflib_timeout)
            results["notes"].append(
                f"rdflib-endpoint is capped in time: a query whose first answer took more "
                f"than {args.rdflib_slow:g} s is measured once only; a request over "
                f"{args.rdflib_timeout:g} s would stop it for the rest of the run.")
        else:
            results["notes"].append("rdflib-endpoint is not installed (pip install "
                                    "'rdflib-endpoint[cli]'): left out.")
    try:
        measure_all(args, servers, caps, results)
    finally:
        for server in servers:
            server.stop()
    results.update(builds.measure(work, articles=args.steps, passes=args.step_passes,
                                  sizes=[int(s) for s in str(args.builds).split(",")
                                         if s.strip()], say=say))
    if args.out is not None:
        report.write(results, args.out, args.plots)
        say(f"wrote {args.out}")
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report.section(results, None), flush=True)
    return results


def measure_all(args: argparse.Namespace, servers: list[Server], caps: dict,
                results: dict) -> None:
    probe = QUERIES[MIX[0].name]
    for server in servers:              # one at a time: start-up is not shared with another
        say(f"starting {server.name}")
        server.start(probe, accept=ACCEPT[MIX[0].kind],
                     timeout=max(300.0, args.triples / 1000))
        say(f"{server.name}: first answer after {server.startup:.1f} s")
    results["servers"] = [s.name for s in servers]
    results["startup"] = {s.name: s.startup for s in servers}
    session = Session(servers, caps)
    try:
        session.check_answers(reference="oxigraph")
        say("answers checked; latency rounds")
        session.rounds(args.rounds, args.reps)
    finally:
        session.close()
    results["queries"] = {q.name: {s.name: _tally(session.tally[s.name, q.name])
                                   for s in servers} for q in MIX}
    light = [q for q in MIX if q.light]
    results["throughput"] = {}
    for k, clients in enumerate(args.clients):
        by: dict = {}
        order = servers[k % len(servers):] + servers[:k % len(servers)]
        for server in order:
            if not _fit_for_load(server, session, light, results):
                continue
            say(f"throughput: {server.name}, {clients} clients")
            by[server.name] = throughput(server, light, clients=clients, seconds=args.seconds)
        results["throughput"][clients] = by
    results["rss"] = {s.name: {"idle": s.idle_rss, "peak": s.peak_rss} for s in servers}


def _fit_for_load(server: Server, session: Session, light: list, results: dict) -> bool:
    """rdflib-endpoint joins the throughput runs only if its light queries answer in under a
    second each (else a run is a handful of answers, and its threads outlive the run)."""
    if server.name in session.stopped:
        return False
    if server.name != "rdflib-endpoint":
        return True
    slowest = max((session.tally[server.name, q.name].p50 or float("inf")) for q in light)
    if slowest < 1.0:
        return True
    note = (f"rdflib-endpoint left out of the throughput runs: its slowest light query takes "
            f"{slowest:.1f} s at p50.")
    if note not in results["notes"]:
        results["notes"].append(note)
    return False


def _tally(t) -> dict:
    return {"p50": t.p50, "p95": t.p(0.95), "n": len(t.samples), "rows": t.rows,
            "agrees": t.agrees, "note": t.note}


def _command(args: argparse.Namespace) -> str:
    return " ".join(["python -m bench", *map(shlex.quote, args.argv)])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (OSError, ValueError):
        mem = 0
    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GB RAM, {platform.system()} "
            f"{platform.release()}")


def versions() -> dict[str, str]:
    out = {"Python": platform.python_version()}
    for package in ("pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "flask", "waitress"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "absent"
    try:
        out["seckg commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                             capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    return out


if __name__ == "__main__":
    main()
