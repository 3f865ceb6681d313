"""The synthetic scale corpus (bench/corpus.py): same seed, same bytes; the language mix asked
for; files the reader takes as they are; and articles the real pipeline extracts statements
from and accepts, in every language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import bench.corpus as corpus
from kg.articles import find_articles, read_article
from kg.build import Toolkit, process_article
from kg.config import Settings
from kg.sidecar import KEYS

SCRIPTS = {"en": re.compile(r"[A-Za-z]"), "ar": re.compile(r"[\u0600-\u06FF]"),
           "ru": re.compile(r"[\u0400-\u04FF]")}
COUNT = 12


@pytest.fixture(scope="module")
def cast():
    return corpus.load_cast()


@pytest.fixture(scope="module")
def generated(cast, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    return out, corpus.generate(COUNT, out, seed=3, cast=cast)


@pytest.fixture(scope="module")
def kit():
    return Toolkit.load(Settings())


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _language_of(text: str) -> str:
    return max(SCRIPTS, key=lambda lang: len(SCRIPTS[lang].findall(text)))


def test_the_same_seed_gives_the_same_bytes(cast, generated, tmp_path):
    out, _ = generated
    corpus.generate(COUNT, tmp_path / "again", seed=3, cast=cast)
    assert _files(tmp_path / "again") == _files(out)
    corpus.generate(COUNT, tmp_path / "other", seed=4, cast=cast)
    assert _files(tmp_path / "other") != _files(out)


def test_a_smaller_corpus_is_the_start_of_a_larger_one(cast, generated, tmp_path):
    out, paths = generated
    small = corpus.generate(5, tmp_path, seed=3, cast=cast)
    assert [p.relative_to(tmp_path) for p in small] == [p.relative_to(out) for p in paths[:5]]
    assert all(p.read_bytes() == (out / p.relative_to(tmp_path)).read_bytes() for p in small)


def test_languages_are_taken_in_turn_and_written_in_their_script(generated):
    _, paths = generated
    langs = [p.stem.split("_")[1] for p in paths]
    assert langs == ["en", "ar", "ru"] * (COUNT // 3)
    for path, lang in zip(paths, langs, strict=True):
        article = read_article(path)
        assert _language_of(article.text) == lang, path
        assert article.meta.get("language", lang) == lang


def test_only_the_languages_asked_for(cast, tmp_path):
    paths = corpus.generate(4, tmp_path, languages=["ru"], cast=cast)
    assert [_language_of(p.read_text(encoding="utf-8")) for p in paths] == ["ru"] * 4
    with pytest.raises(ValueError, match="fr"):
        corpus.generate(1, tmp_path, languages=["fr"], cast=cast)


def test_the_reader_takes_every_file_as_it_is(generated):
    out, paths = generated
    assert find_articles([p.parent for p in paths][:1]) == [p for p in paths
                                                              if p.parent == paths[0].parent]
    with_sidecar = 0
    for path in paths:
        article = read_article(path)
        assert article.notes == ()                     # no field dropped, no HTML cleaned
        assert article.text == path.read_text(encoding="utf-8")
        assert 500 < len(article.text.encode()) < 8000
        side = path.with_name(path.stem + ".meta.json")
        if side.exists():
            with_sidecar += 1
            assert set(json.loads(side.read_text(encoding="utf-8"))) == set(KEYS)
            assert article.meta["title"] == article.text.split("\n", 1)[0]
    assert 0 < with_sidecar < len(paths)


def test_folders_hold_at_most_a_thousand_files(cast, tmp_path, monkeypatch):
    assert 2 * corpus.ARTICLES_PER_FOLDER <= 1000       # each article may bring a sidecar
    monkeypatch.setattr(corpus, "ARTICLES_PER_FOLDER", 4)
    paths = corpus.generate(10, tmp_path, cast=cast)
    assert sorted({p.parent.name for p in paths}) == ["0000", "0001", "0002"]
    assert all(len(list(folder.iterdir())) <= 8 for folder in tmp_path.iterdir())


def test_the_command_line_writes_the_corpus(cast, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(corpus, "load_cast", lambda: cast)
    assert corpus.main(["--count", "3", "--out", str(tmp_path), "--languages", "ar,en"]) == 0
    assert [p.name for p in find_articles([tmp_path / "0000"])] == [
        "000000_ar.txt", "000001_en.txt", "000002_ar.txt"]
    assert "3 articles" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        corpus.main(["--count", "1", "--out", str(tmp_path), "--languages", "de"])
    assert stop.value.code == 2


@pytest.mark.parametrize("lang", corpus.LANGUAGES)
def test_the_pipeline_finds_statements_and_accepts_the_articles(cast, generated, kit, lang):
    """The corpus exercises the real pipeline: statements by the reference officials the
    article quotes, an event, and a graph that passes the SHACL gate (the shortest
    article of each language)."""
    _, paths = generated
    officials = {corpus.ID + o.key for o in cast.officials}
    mine = sorted((p for p in paths if p.stem.endswith(lang)), key=lambda p: p.stat().st_size)
    result = process_article(mine[0], kit)
    assert result.accepted, result.error or result.report
    extraction = result.extraction
    assert extraction.language == lang and extraction.published
    assert len(extraction.statements) >= 2
    assert {s.speaker for s in extraction.statements} <= officials
    assert {s.mode for s in extraction.statements} == {"direct", "reported"}
    assert any(s.speaker_post for s in extraction.statements)
    assert extraction.events


def test_an_article_without_sidecar_is_dated_by_its_dateline(generated, kit):
    _, paths = generated
    bare = next(p for p in paths if not p.with_name(p.stem + ".meta.json").exists())
    result = process_article(bare, kit)
    assert result.accepted, result.error or result.report
    published = result.extraction.published
    dateline = result.article.text.split("\n")[2]
    assert published and published[:4] in dateline and str(int(published[8:])) in dateline
