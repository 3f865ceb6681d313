"""Per-article limits: a too-large article or one whose work runs too long is quarantined
with its reason, and the build goes on with the others."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.build import build
from kg.config import Settings

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def test_an_article_over_the_size_limit_is_quarantined_and_the_rest_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in SEEDS[:2]:
        shutil.copy(path, folder / path.name)
    big = folder / "zz-transcript.txt"
    big.write_text("The envoy said the talks went on.\n" * 2000, encoding="utf-8")
    settings = Settings(store="memory:", dist_dir=tmp_path / "dist", max_article_bytes=50_000)
    report = build(settings, [folder])
    assert len(report.accepted) == 2
    [bad] = report.quarantined
    assert bad.source.endswith("zz-transcript.txt")
    assert "over the limit of 50,000" in bad.error and "split it" in bad.error


def test_an_article_past_the_time_limit_is_stopped_and_quarantined(tmp_path):
    settings = Settings(store="memory:", dist_dir=tmp_path / "dist", article_timeout=0.001)
    report = build(settings, SEEDS[:2], jobs=1)
    assert not report.accepted and len(report.quarantined) == 2
    assert all("ran past the limit of 0.001 s" in q.error for q in report.quarantined)
    pooled = build(settings, SEEDS[:2], jobs=2, fresh=True)      # in the process pool too
    assert not pooled.accepted and len(pooled.quarantined) == 2
    generous = build(settings.with_(article_timeout=600.0), SEEDS[:2], jobs=2, fresh=True)
    assert len(generous.accepted) == 2 and not generous.quarantined
