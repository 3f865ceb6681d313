"""The build: offsets, determinism, quarantine, and a failed build leaving the store alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.config import Settings
from kg.errors import ConfigError
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def _settings(base: Path) -> Settings:
    return Settings(store=str(base / "store"), dist_dir=base / "dist")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("build")
    report = build(_settings(base), [SEEDS])
    return base, report


def test_every_offset_pair_slices_the_text_to_exact(built):
    base, _ = built
    store = open_store(str(base / "store"), read_only=True)
    rows = store.select("""
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX schema: <https://schema.org/>
        SELECT ?text ?start ?end ?exact WHERE {
          ?ev oa:hasSource ?art ; oa:hasSelector ?pos, ?q .
          ?pos oa:start ?start ; oa:end ?end . ?q oa:exact ?exact . ?art schema:text ?text }""")
    assert len(rows) > 30
    for row in rows:
        text, start, end = str(row["text"]), int(row["start"]), int(row["end"])
        assert text[start:end] == str(row["exact"])


def test_two_builds_give_byte_identical_dumps(built, tmp_path):
    base, first = built
    second = build(_settings(tmp_path), [SEEDS])
    assert first.build_id == second.build_id
    for name in ("seckg.ttl", "seckg.trig", "seckg.nq", "seckg.jsonld", "seckg.nq.gz"):
        assert (base / "dist" / name).read_bytes() == (tmp_path / "dist" / name).read_bytes(), name


def test_rebuilding_the_same_input_changes_nothing(built):
    base, first = built
    again = build(_settings(base), [SEEDS])
    assert again.build_id == first.build_id
    assert len(open_store(str(base / "store"), read_only=True)) > 0


def test_bad_articles_are_quarantined_and_the_rest_goes_in(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "000_b79c1716858aee63.txt", folder)
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    report = build(_settings(tmp_path), [folder])
    assert len(report.accepted) == 1
    bad = {Path(q.source).name: q.error for q in report.quarantined}
    assert set(bad) == {"empty.txt", "latin1.txt"}
    assert "empty article" in bad["empty.txt"]
    assert "not UTF-8" in bad["latin1.txt"]
    store = open_store(report.store, read_only=True)
    assert store.ask("ASK { ?s a <https://w3id.org/seckg/ns#Statement> }")


def test_failed_build_leaves_the_served_store_untouched(built, tmp_path):
    base, first = built
    store_dir = tmp_path / "store"
    shutil.copytree(base / "store", store_dir)
    before = len(open_store(str(store_dir), read_only=True))
    broken = Settings(store=str(store_dir), dist_dir=tmp_path / "dist",
                      rules_dir=tmp_path / "no-rules")
    with pytest.raises(Exception):  # noqa: B017 - any failure must leave the store alone
        build(broken, [SEEDS])
    assert len(open_store(str(store_dir), read_only=True)) == before


def test_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="no such file or folder"):
        build(_settings(tmp_path), [tmp_path / "nowhere"])


HOST_COUNTRY = {
    "en": ("Ministers gather for border talks\n\nDUSHANBE, 12 May 2023\n\n"
           "The CSTO Secretary-General held talks in Kazakhstan on Friday. \"Our joint "
           "forces will train together every season,\" he said.\n"),
    "ru": ("Министры обсудили границу\n\nДУШАНБЕ, 12 мая 2023 года\n\n"
           "Генеральный секретарь ОДКБ провёл переговоры в Казахстане в пятницу. «Наши "
           "силы будут учиться вместе каждый сезон», — сказал он.\n"),
}


@pytest.mark.parametrize("lang", sorted(HOST_COUNTRY))
def test_an_event_in_a_country_is_accepted_with_the_country_as_its_place(tmp_path, lang):
    """Regression: "held talks in <state>" made the state the event's schema:location and
    the Event-location shape (schema:Place only) quarantined the whole article; a
    schema:Country is a schema:Place (schema.org), and the shape now says so."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{lang}_host.txt").write_text(HOST_COUNTRY[lang], encoding="utf-8")
    report = build(Settings(store="memory:", dist_dir=tmp_path / "dist"), [folder])
    assert len(report.accepted) == 1, report.summary()["quarantined"]
    located = report.handle.select(
        "SELECT ?place WHERE { ?e a ?kind ; <https://schema.org/location> ?place }")
    assert {str(r["place"]) for r in located} >= {"https://w3id.org/seckg/id/state/kazakhstan"}
    report.handle.close()
