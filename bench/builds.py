"""The build side of ``python -m bench``: each step per article, and whole builds.

- **Steps**: extraction, mapping to RDF and SHACL validation of generated articles, CPU time
  per article, the least of ``passes`` passes each in a fresh process (``bench.bench_steps``,
  which also has the long articles and the comparison with an older commit).
- **Whole builds**: ``seckg build --jobs 2`` of generated corpora of the given sizes into a
  fresh embedded store, wall time, articles per second and peak memory (``bench.scale``, which
  also has Dask and a server store).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import bench_steps, scale

STEP_NAMES = ("extract", "rdf", "extract+rdf", "validate")


def measure(work: Path, *, articles: int, passes: int, sizes: list[int], say) -> dict:
    """``{"steps": {step: {"median", "p95"}, "articles": n}, "builds": [row per size]}``."""
    found: dict = {}
    if articles:
        say(f"build steps: {articles} generated articles, {passes} passes")
        paths = bench_steps.generated_articles(articles, work / "step-articles")
        rows = bench_steps.timed(bench_steps.ROOT, paths, passes=passes)
        for row in rows:
            row["extract+rdf"] = row["extract"] + row["rdf"]
        found["steps"] = {"articles": len(rows), "passes": passes, **{
            step: dict(zip(("median", "p95"), bench_steps.summary(rows, step), strict=True))
            for step in STEP_NAMES}}
    found["builds"] = []
    for size in sizes:
        say(f"whole build: {size:,} generated articles, --jobs 2")
        folders = scale.corpus(size, work / "corpora")
        with tempfile.TemporaryDirectory(prefix="build-", dir=work) as scratch:
            found["builds"].append(scale.run("jobs2", size, folders, Path(scratch)))
    return found
