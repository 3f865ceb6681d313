"""Processing time grows with the article, not with its square: an article four times as long
takes well under eight times as long to extract, map to RDF and validate (timings compared
within one run, CPU time, so a busy machine slows both alike); and a long article is done in
seconds. The bounds are generous on purpose: they catch a step that scans the whole article
for each sentence or statement (which made 52 KB take minutes), not a slow machine.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.articles import read_article
from kg.build import Toolkit
from kg.config import Settings
from kg.extract.pipeline import extract
from kg.iris import article_iri
from kg.to_rdf import article_graph
from kg.validate import validate

SIZES = (12_000, 48_000)          # bytes: one long article, then four times as long


@pytest.fixture(scope="module")
def toolkit() -> Toolkit:
    return Toolkit.load(Settings())


@pytest.fixture(scope="module")
def pool(tmp_path_factory) -> list[Path]:
    from bench.corpus import generate

    return generate(120, tmp_path_factory.mktemp("pool"), seed=3)


def joined(pool: list[Path], lang: str, size: int, folder: Path) -> Path:
    """Generated articles of one language joined by blank lines up to ``size`` bytes."""
    parts, total = [], 0
    for path in (p for p in pool if p.stem.endswith(f"_{lang}")):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        if total >= size:
            break
    assert total >= size, "the pool is too small for this size"
    target = folder / f"joined_{lang}_{size}.txt"
    target.write_text("\n\n".join(parts), encoding="utf-8")
    return target


def steps(path: Path, toolkit: Toolkit) -> dict[str, float]:
    """CPU seconds of each step for one article (the best of two runs)."""
    article = read_article(path)
    best: dict[str, float] = {}
    for _ in range(2):
        t0 = time.process_time()
        found = extract(article, toolkit.ruleset)
        t1 = time.process_time()
        graph = article_graph(article, found, toolkit.ruleset.gazetteer)
        t2 = time.process_time()
        validate(graph, shapes=toolkit.shapes, reference=toolkit.ruleset.reference,
                 article=article_iri(article.key))
        t3 = time.process_time()
        for step, seconds in (("extract", t1 - t0), ("rdf", t2 - t1), ("validate", t3 - t2)):
            best[step] = min(best.get(step, seconds), seconds)
    best["total"] = best["extract"] + best["rdf"] + best["validate"]
    return best


@pytest.mark.parametrize("lang", ["en", "ar", "ru"])
def test_four_times_the_text_takes_less_than_eight_times_as_long(toolkit, pool, tmp_path, lang,
                                                                 capsys):
    small, large = (steps(joined(pool, lang, size, tmp_path), toolkit) for size in SIZES)
    with capsys.disabled():
        print(f"\n[linear] {lang}: " + ", ".join(
            f"{step} {small[step]:.2f}s -> {large[step]:.2f}s" for step in small))
    for step in ("extract", "validate", "total"):
        # a step too quick to time well is not judged by its ratio
        assert large[step] < max(8 * small[step], 0.5), (step, small, large)
    assert large["total"] < 60, large


def test_a_100_kb_article_is_done_in_seconds(toolkit, pool, tmp_path, capsys):
    from bench.corpus import generate

    more = generate(400, tmp_path / "more", seed=4)
    path = joined(more, "en", 100_000, tmp_path)
    took = steps(path, toolkit)
    with capsys.disabled():
        print(f"\n[linear] {path.stat().st_size // 1000} KB: " +
              ", ".join(f"{step} {seconds:.2f}s" for step, seconds in took.items()))
    assert took["total"] < 30, took      # 5 s on an idle machine; the bound leaves room
