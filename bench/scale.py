"""How builds grow with the corpus: wall time, articles per second and peak memory of
``seckg build`` over generated corpora, per engine and per store.

    python -m bench.scale --sizes 1000,10000 --runs jobs1,jobs2,dask2,server [--out docs/scale.json]

Runs (each a fresh store and a fresh ``seckg build`` process, peak memory from
``wait4``, as ``/usr/bin/time -v`` gives it; the Dask cluster and the Oxigraph server run in their own processes,
whose memory is not counted):

- ``jobs1``  one process, embedded store on disk
- ``jobs2``  ``--jobs 2`` (a local process pool), embedded store
- ``dask2``  ``--scheduler`` of a ``distributed.LocalCluster`` with 2 worker processes
- ``server`` ``--jobs 2`` into a live Oxigraph server (``oxigraph serve``, PyPI)
- ``dask2-server`` the Dask cluster of ``dask2`` into a live Oxigraph server
- ``again``  ``--jobs 2`` once more over the same embedded store: nothing changed

Corpora come from ``bench.corpus`` (scale only, never quality) and are cached in
``--corpora`` (default ``/tmp/seckg-corpora``). The figures are appended as JSON lines to
``--out``; ``--markdown`` prints the table for docs/scale.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus(size: int, folder: Path) -> list[Path]:
    """The generated corpus of ``size`` articles (made once, then reused)."""
    target = folder / f"c{size}"
    done = target / ".complete"
    if not done.exists():
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "bench.corpus", "--count", str(size),
                        "--out", str(target)], check=True, cwd=ROOT)
        done.write_text("ok")
    return sorted(p for p in target.iterdir() if p.is_dir())


def timed_build(store: str, dist: Path, folders: list[Path], *extra: str) -> dict:
    """One ``seckg build`` in its own process: seconds, peak RSS (``wait4``: the build process
    or the largest of the processes it waited for, as ``/usr/bin/time`` reports it) and its
    summary line."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "kg.cli", "--store", store, "build",
                                    "--dist", str(dist), *extra, *map(str, folders)], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{stderr[-3000:]}")
    summary = next((line for line in stderr.splitlines() if "articles built" in line), "")
    info = json.loads((dist / "build.json").read_text(encoding="utf-8"))
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "accepted": info["accepted"], "articles": info["articles"],
            "unchanged": info.get("unchanged", 0), "statements": info["statements"],
            "summary": summary}


def run(kind: str, size: int, folders: list[Path], scratch: Path) -> dict:
    with ExitStack() as stack:
        store = str(scratch / "store")
        extra = ["--jobs", "2"]
        if kind == "jobs1":
            extra = ["--jobs", "1"]
        if kind in ("dask2", "dask2-server"):
            from distributed import LocalCluster

            cluster = stack.enter_context(LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address="127.0.0.1:0"))
            extra = ["--scheduler", cluster.scheduler_address]
        if kind in ("server", "dask2-server"):
            from tests.servers import oxigraph_server

            store = stack.enter_context(oxigraph_server(scratch / "oxigraph", timeout_s=600))
        if kind == "again":
            timed_build(store, scratch / "dist", folders, *extra)
        result = timed_build(store, scratch / "dist", folders, *extra)
    built = result["articles"] if kind != "again" else size
    return {"run": kind, "size": size, **result,
            "articles_per_s": round(built / result["seconds"], 2)}


def machine() -> dict:
    return {"python": platform.python_version(), "cores": os.cpu_count(),
            "platform": platform.platform(), "when": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                     time.gmtime())}


def markdown(rows: list[dict]) -> str:
    lines = ["| articles | run | wall (s) | articles/s | peak RSS of `seckg build` (MB) | "
             "accepted | statements |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['size']:,} | {r['run']} | {r['seconds']} | {r['articles_per_s']} "
                     f"| {r['peak_rss_mb']} | {r['accepted']:,} | {r['statements']:,} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--runs", default="jobs1,jobs2,dask2,server,again")
    parser.add_argument("--corpora", type=Path, default=Path(tempfile.gettempdir()) /
                        "seckg-corpora")
    parser.add_argument("--out", type=Path, default=None, help="append JSON lines here")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    print(json.dumps(machine()), file=sys.stderr)
    for size in (int(s) for s in args.sizes.split(",")):
        folders = corpus(size, args.corpora)
        for kind in args.runs.split(","):
            with tempfile.TemporaryDirectory(prefix="seckg-scale-") as scratch:
                row = run(kind, size, folders, Path(scratch))
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
            if args.out:
                with args.out.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({**row, **machine()}) + "\n")
    if args.markdown:
        print(markdown(rows))


if __name__ == "__main__":
    main()
