"""Incremental builds, into the embedded store and a live Oxigraph server: articles given are
added or replaced, unchanged ones skipped, others kept; --prune and --fresh; a changed rule
rebuilds everything; nothing stored is dropped without being reported; one build at a time."""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest

from kg.build import build, build_lock
from kg.config import Settings
from kg.errors import ConfigError
from kg.store import open_store
from kg.store.record import BUILD_GRAPH, read_record
from tests.servers import STORE_KINDS, location_for

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _copy(names: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in names:
        for part in (path, path.with_name(path.stem + ".meta.json")):
            if part.exists():
                shutil.copy(part, folder / part.name)
        copied.append(folder / path.name)
    return copied


def _articles(settings: Settings) -> set[str]:
    store = open_store(settings.location(), read_only=True)
    try:
        return {str(r["a"]) for r in store.select(
            "SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> }")}
    finally:
        store.close()


@pytest.fixture(params=STORE_KINDS)
def settings(request, tmp_path):
    stack = ExitStack()
    request.addfinalizer(stack.close)
    return Settings(store=location_for(request.param, tmp_path, stack),
                    dist_dir=tmp_path / "dist")


def test_a_build_adds_articles_and_keeps_the_others(settings, tmp_path):
    first, second = _copy(SEEDS[:2], tmp_path / "a"), _copy(SEEDS[2:4], tmp_path / "b")
    one = build(settings, [tmp_path / "a"])
    assert len(one.accepted) == 2
    two = build(settings, [second[0]])            # one file: the first two stay
    assert len(two.accepted) == 1 and two.kept == 2
    assert len(_articles(settings)) == 3
    record = read_record(open_store(settings.location(), read_only=True))
    assert {Path(a.source).name for a in record.articles.values()} == {
        first[0].name, first[1].name, second[0].name}
    assert two.build_id != one.build_id


def test_an_unchanged_article_is_not_built_again_and_a_changed_one_is(settings, tmp_path):
    files = _copy(SEEDS[:2], tmp_path / "in")
    first = build(settings, [tmp_path / "in"])
    again = build(settings, [tmp_path / "in"])
    assert again.articles == [] and len(again.unchanged) == 2
    assert again.build_id == first.build_id
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = build(settings, [tmp_path / "in"])
    assert [Path(a.source).name for a in third.articles] == [files[0].name]
    assert len(third.unchanged) == 1 and len(_articles(settings)) == 2


def test_a_vanished_file_is_reported_and_kept_until_prune(settings, tmp_path):
    files = _copy(SEEDS[:3], tmp_path / "in")
    build(settings, [tmp_path / "in"])
    files[1].unlink()
    kept = build(settings, [tmp_path / "in"])
    assert kept.missing == [str(files[1])] and len(_articles(settings)) == 3
    pruned = build(settings, [tmp_path / "in"], prune=True)
    assert len(pruned.pruned) == 1 and len(_articles(settings)) == 2
    assert str(files[1]) not in {a.source for a in read_record(
        open_store(settings.location(), read_only=True)).articles.values()}


def test_fresh_keeps_only_the_articles_given(settings, tmp_path):
    _copy(SEEDS[:3], tmp_path / "in")
    build(settings, [tmp_path / "in"])
    only = _copy(SEEDS[3:4], tmp_path / "other")
    build(settings, only, fresh=True)
    assert len(_articles(settings)) == 1


def test_a_changed_rule_file_rebuilds_every_article_and_says_so(settings, tmp_path):
    _copy(SEEDS[:2], tmp_path / "in")
    rules = tmp_path / "rules"
    shutil.copytree(settings.rules_dir, rules)
    settings = settings.with_(rules_dir=rules)
    build(settings, [tmp_path / "in"])
    first = sorted(rules.glob("*.toml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    again = build(settings, [tmp_path / "in"])
    assert again.rebuilt_for_toolkit and len(again.articles) == 2 and not again.unchanged


def test_an_article_rebuilt_into_quarantine_leaves_the_store_and_is_reported(settings,
                                                                             tmp_path):
    files = _copy(SEEDS[:2], tmp_path / "in")
    build(settings, [tmp_path / "in"])
    files[0].write_bytes(b"\xff\xfe\x00broken")
    report = build(settings, [tmp_path / "in"])
    assert [Path(q.source).name for q in report.quarantined] == [files[0].name]
    assert len(_articles(settings)) == 1


def test_the_build_record_is_in_the_store_not_in_the_dumps(settings, tmp_path):
    _copy(SEEDS[:1], tmp_path / "in")
    report = build(settings, [tmp_path / "in"])
    store = open_store(settings.location(), read_only=True)
    assert BUILD_GRAPH in store.graphs()
    assert store.build_info()["build_id"] == report.build_id
    assert BUILD_GRAPH.encode() not in (settings.dist_dir / "seckg.nq").read_bytes()


def test_a_second_build_is_refused_while_one_runs(tmp_path):
    settings = Settings(store=str(tmp_path / "store"), dist_dir=tmp_path / "dist")
    with build_lock(settings), pytest.raises(ConfigError, match="another build is writing"):
        build(settings, SEEDS[:1])
    assert build(settings, SEEDS[:1]).accepted            # the lock is gone with the build


def _aligned(settings: Settings) -> set[tuple[str, str]]:
    store = open_store(settings.location(), read_only=True)
    try:
        return {(str(r["a"]), str(r["b"])) for r in store.select(
            "SELECT ?a ?b WHERE { ?a <https://w3id.org/seckg/ns#sameStatementAs> ?b }")}
    finally:
        store.close()


def test_a_new_article_is_aligned_with_kept_ones_from_the_alignment_cache(tmp_path):
    """The kept articles' statements come from the cache beside the dumps: a build adding one
    article to a large store does not extract every stored one again, and a kept article whose
    file is gone keeps its links; without the cache the files are extracted again."""
    whole = Settings(store=str(tmp_path / "whole"), dist_dir=tmp_path / "whole-dist")
    build(whole, [_copy(SEEDS, tmp_path / "all")[0].parent])
    expected = _aligned(whole)
    assert expected, "the seeds report some statements twice"

    settings = Settings(store=str(tmp_path / "store"), dist_dir=tmp_path / "dist")
    kept = _copy(SEEDS[:-1], tmp_path / "kept")
    build(settings, [tmp_path / "kept"])
    entries = list((tmp_path / "dist" / "alignment").glob("*/*.json"))
    assert len(entries) == len(kept)
    shutil.rmtree(tmp_path / "kept")              # the kept articles' files are gone
    last = build(settings, _copy(SEEDS[-1:], tmp_path / "new"))
    assert last.kept == len(kept) and len(last.accepted) == 1
    assert _aligned(settings) == expected

    shutil.rmtree(tmp_path / "dist" / "alignment")      # no cache: the files are read again
    again = Settings(store=str(tmp_path / "again"), dist_dir=tmp_path / "again-dist")
    build(again, [_copy(SEEDS[:-1], tmp_path / "kept-again")[0].parent])
    shutil.rmtree(tmp_path / "again-dist" / "alignment")
    build(again, [tmp_path / "new"])
    assert _aligned(again) == expected
    assert len(list((tmp_path / "again-dist" / "alignment").glob("*/*.json"))) == len(SEEDS)
