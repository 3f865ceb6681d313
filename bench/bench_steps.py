"""The build steps article by article: extraction, RDF and SHACL validation, timed.

    python -m bench.bench_steps                      # seeds, 200 generated articles, long ones
    python -m bench.bench_steps --baseline 9051236   # and the same articles on that commit
    python -m bench.bench_steps --count 50 --sizes 25 --pyshacl 20 --json out.json

For each article: CPU seconds (``time.process_time``: the machine may be shared, and CPU time
is what a build pays) of ``extract``, of ``article_graph`` and of ``validate``, each article
once per pass, after three articles of warm-up (rules compiled, reference indexed). Each pass
is a fresh process, and an article's time is the least over ``--repeat`` passes (default 3):
every pass sees the articles in the same order with the same caches, so the least is the one
other work on the machine disturbed least. Sets: the seeds; a generated corpus
(``bench.corpus``, same seed, same bytes); long articles made by joining generated articles of
one language up to 25, 50 and 100 KB (``--sizes``), which shows how time grows with length.

``--pyshacl N`` also validates the first N articles of each set with pySHACL itself
(``engine="pyshacl"``) in the first pass, and compares the reports.
``--baseline REF`` exports that commit of the repository (``git archive``; the working tree is
not touched) and times the same articles there (one pass; a long article that takes more than
``--baseline-timeout`` seconds there is reported as such).

Prints Markdown tables (median and p95 per step, ratios to the baseline); ``--json`` writes
every timing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("extract", "rdf", "validate")
WARM_UP = 3


# --- the articles ------------------------------------------------------------------------------

def seed_articles() -> list[Path]:
    return sorted((ROOT / "seeds").glob("*.txt"))


def generated_articles(count: int, folder: Path) -> list[Path]:
    from bench.corpus import generate

    return list(generate(count, folder, seed=0))


def long_articles(sizes_kb: list[int], folder: Path, *, pool: int = 400) -> list[Path]:
    """Per language and size: generated articles of that language joined by blank lines up to
    the size in bytes (UTF-8), the first article's sidecar kept without its url."""
    from bench.corpus import generate

    source = folder / "pool"
    paths = generate(pool, source, seed=1)
    out = []
    for lang in ("en", "ar", "ru"):
        mine = [p for p in paths if p.stem.endswith(f"_{lang}")]
        for size in sizes_kb:
            parts, total = [], 0
            for path in mine:
                text = path.read_text(encoding="utf-8")
                parts.append(text)
                total += len(text.encode("utf-8")) + 2
                if total >= size * 1000:
                    break
            target = folder / f"long_{lang}_{size:03d}kb.txt"
            target.write_text("\n\n".join(parts), encoding="utf-8")
            meta = mine[0].with_name(mine[0].stem + ".meta.json")
            if meta.exists():
                data = json.loads(meta.read_text(encoding="utf-8"))
                data.pop("url", None)
                target.with_name(target.stem + ".meta.json").write_text(json.dumps(data),
                                                                         encoding="utf-8")
            out.append(target)
    return out


# --- timing (also what a baseline subprocess runs) -----------------------------------------------

def time_articles(paths: list[Path], *, pyshacl: int = 0) -> list[dict]:
    """One row per article: its size and the CPU seconds of each step (pySHACL's validation
    for the first ``pyshacl`` articles, with whether its report is the fast path's)."""
    import inspect

    from kg.articles import read_article
    from kg.build import Toolkit
    from kg.config import Settings
    from kg.extract.pipeline import extract
    from kg.iris import article_iri
    from kg.to_rdf import article_graph
    from kg.validate import validate

    kit = Toolkit.load(Settings())
    engines = "engine" in inspect.signature(validate).parameters
    clock = time.process_time

    def run(article, **options):
        t0 = clock()
        found = extract(article, kit.ruleset)
        t1 = clock()
        graph = article_graph(article, found, kit.ruleset.gazetteer)
        t2 = clock()
        report = validate(graph, shapes=kit.shapes, reference=kit.ruleset.reference,
                          article=article_iri(article.key), **options)
        t3 = clock()
        return graph, report, {"extract": t1 - t0, "rdf": t2 - t1, "validate": t3 - t2}

    articles = [read_article(p) for p in paths]
    for article in articles[:WARM_UP]:
        run(article)
    rows = []
    for k, (path, article) in enumerate(zip(paths, articles, strict=True)):
        graph, report, row = run(article)
        row.update(file=path.name, bytes=path.stat().st_size, chars=len(article.text),
                   triples=len(graph), violations=len(report.violations))
        if engines and k < pyshacl:
            t = clock()
            slow = validate(graph, shapes=kit.shapes, reference=kit.ruleset.reference,
                            article=article_iri(article.key), engine="pyshacl")
            row["pyshacl"] = clock() - t
            row["same_report"] = slow == report
        rows.append(row)
    return rows


def export(ref: str) -> Path:
    """Commit ``ref`` of this repository as a folder (``git archive``; nothing else touched)."""
    tree = Path(tempfile.mkdtemp(prefix="seckg-baseline-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def timed(tree: Path, paths: list[Path], *, passes: int = 1, pyshacl: int = 0,
          timeout: float = 0) -> list[dict]:
    """The articles timed by the code in ``tree``, in fresh processes: per article, the least
    of ``passes`` passes for each step. With ``timeout`` each article runs alone and one past
    ``timeout`` seconds is a row with ``timed_out``."""
    groups = [paths] if timeout <= 0 else [[p] for p in paths]
    rows: list[dict] = []
    for group in groups:
        best: list[dict] | None = None
        for n in range(passes):
            found = _worker(tree, group, pyshacl if n == 0 else 0, timeout)
            if found is None:
                best = [{"file": p.name, "bytes": p.stat().st_size, "timed_out": timeout}
                        for p in group]
                break
            if best is None:
                best = found
                continue
            for row, again in zip(best, found, strict=True):
                for step in STEPS:
                    row[step] = min(row[step], again[step])
        rows.extend(best or [])
    return rows


def _worker(tree: Path, paths: list[Path], pyshacl: int, timeout: float) -> list[dict] | None:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", out.name,
                   "--pyshacl", str(pyshacl), *map(str, paths)]
        try:
            subprocess.run(command, cwd=tree, env=env, check=True, capture_output=True,
                           timeout=timeout if timeout > 0 else None)
        except subprocess.TimeoutExpired:
            return None
        return json.loads(Path(out.name).read_text())


# --- the table ---------------------------------------------------------------------------------

def summary(rows: list[dict], step: str) -> tuple[float, float] | None:
    values = sorted(r[step] for r in rows if step in r)
    if not values:
        return None
    return statistics.median(values), values[min(len(values) - 1, int(0.95 * len(values)))]


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.1f}"


def table(sets: dict[str, list[dict]], baseline: dict[str, list[dict]]) -> str:
    lines = ["| set | articles | step | median ms | p95 ms | baseline median ms | ratio |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: |"]
    for name, rows in sets.items():
        for step in (*STEPS, "extract+rdf", "pyshacl"):
            for r in rows + baseline.get(name, []):
                if "extract" in r:
                    r["extract+rdf"] = r["extract"] + r["rdf"]
            now = summary(rows, step)
            if now is None:
                continue
            then = summary(baseline.get(name, []), step)
            ratio = f"{then[0] / now[0]:.0f}x" if then and now[0] else "-"
            lines.append(f"| {name} | {len(rows)} | {step} | {ms(now[0])} | {ms(now[1])} | "
                         f"{ms(then[0] if then else None)} | {ratio} |")
    return "\n".join(lines)


def long_table(rows: list[dict], baseline: list[dict]) -> str:
    then = {r["file"]: r for r in baseline}
    lines = ["| article | KB | triples | extract s | rdf s | validate s | total s | baseline total s |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        old = then.get(r["file"])
        if old is None:
            before = "-"
        elif "timed_out" in old:
            before = f"> {old['timed_out']:.0f}"
        else:
            before = f"{old['extract'] + old['rdf'] + old['validate']:.2f}"
        total = r["extract"] + r["rdf"] + r["validate"]
        lines.append(f"| {r['file']} | {r['bytes'] / 1000:.0f} | {r['triples']} | "
                     f"{r['extract']:.2f} | {r['rdf']:.2f} | {r['validate']:.2f} | {total:.2f} | "
                     f"{before} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="generated articles (default 200)")
    parser.add_argument("--sizes", default="25,50,100",
                        help="sizes of the long articles in KB, comma-separated ('' for none)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="passes, each in a fresh process; the least time counts (default 3)")
    parser.add_argument("--pyshacl", type=int, default=20,
                        help="articles per set also validated by pySHACL (default 20)")
    parser.add_argument("--baseline", help="a commit to time the same articles on")
    parser.add_argument("--baseline-timeout", type=float, default=120.0,
                        help="seconds a long article may take on the baseline (default 120)")
    parser.add_argument("--json", type=Path, help="write every timing here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:  # one pass, in the tree this process imports kg from
        rows = time_articles([Path(f) for f in args.files], pyshacl=args.pyshacl)
        Path(args.worker).write_text(json.dumps(rows))
        return 0
    work = Path(tempfile.mkdtemp(prefix="seckg-bench-steps-"))
    sets = {"seeds": seed_articles(),
            f"generated ({args.count})": generated_articles(args.count, work / "corpus")}
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    longs = long_articles(sizes, work / "long") if sizes else []
    now = {name: timed(ROOT, paths, passes=args.repeat, pyshacl=args.pyshacl)
           for name, paths in sets.items()}
    long_rows = timed(ROOT, longs, passes=args.repeat) if longs else []
    baseline: dict[str, list[dict]] = {}
    if args.baseline:
        tree = export(args.baseline)
        for name, paths in sets.items():
            baseline[name] = timed(tree, paths)
        if longs:
            baseline["long"] = timed(tree, longs, timeout=args.baseline_timeout)
    print(f"CPU time per article (time.process_time; least of {args.repeat} passes), "
          f"{time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
          + (f"; baseline {args.baseline}, one pass" if args.baseline else "") + "\n")
    print(table(now, baseline))
    same = [r["same_report"] for rows in now.values() for r in rows if "same_report" in r]
    if same:
        print(f"\nfast path report == pySHACL's: {sum(same)} of {len(same)} articles")
    if long_rows:
        print("\n" + long_table(long_rows, baseline.get("long", [])))
    if args.json:
        args.json.write_text(json.dumps({"sets": now, "long": long_rows,
                                         "baseline": baseline}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
