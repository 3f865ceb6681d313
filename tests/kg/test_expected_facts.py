"""Hand-written facts each article must yield, checked by SPARQL against the built graph.

Seeds: seeds/NAME.txt with tests/data/seeds/NAME.expected.toml. Our own articles (other
officials, other outlets, both languages): tests/data/articles/NAME.txt with NAME.expected.toml.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kg.articles import read_article
from kg.build import build
from kg.config import Settings
from kg.iris import article_iri
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLES = ROOT / "tests" / "data" / "articles"      # written by a second engineer
OWN = ROOT / "tests" / "data" / "own"                # written by the extractor's author
ID = "https://w3id.org/seckg/id/"
PREFIX = """PREFIX seckg: <https://w3id.org/seckg/ns#> PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _cases(folder: Path, expected_dir: Path) -> list[tuple[Path, Path]]:
    return [(t, expected_dir / f"{t.stem}.expected.toml") for t in sorted(folder.glob("*.txt"))
            if (expected_dir / f"{t.stem}.expected.toml").exists()]


SEED_CASES = _cases(SEEDS, ROOT / "tests" / "data" / "seeds")
OWN_CASES = _cases(ARTICLES, ARTICLES) + _cases(OWN, OWN)


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory):
    base = tmp_path_factory.mktemp("seeds")
    settings = Settings(store=str(base / "store"), dist_dir=base / "dist")
    report = build(settings, [SEEDS])
    assert not report.quarantined, [(q.source, q.error) for q in report.quarantined]
    return open_store(settings.store, read_only=True)


@pytest.fixture(scope="session")
def own_store(tmp_path_factory):
    base = tmp_path_factory.mktemp("own")
    settings = Settings(store=str(base / "store"), dist_dir=base / "dist")
    build(settings, [p for p in (ARTICLES, OWN) if p.exists()])
    return open_store(settings.store, read_only=True)


def _lit(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _where_key(key: str) -> str:
    return f"VALUES ?where {{ <{ID}org/{key}> <{ID}state/{key}> }}"


def check_article(store, text_path: Path, expected_path: Path) -> list[str]:
    """Every expected fact that the graph does not hold (an empty list: all hold)."""
    exp = tomllib.loads(expected_path.read_text(encoding="utf-8"))
    article = f"<{article_iri(read_article(text_path).key)}>"
    problems = []
    if "language" in exp and not store.ask(
            PREFIX + f"ASK {{ {article} schema:inLanguage {_lit(exp['language'])} }}"):
        problems.append(f"language is not {exp['language']}")
    if "published" in exp and not store.ask(
            PREFIX + f"ASK {{ {article} schema:datePublished {_lit(exp['published'])}^^xsd:date }}"):
        problems.append(f"datePublished is not {exp['published']}")
    for off in exp.get("officials", []):
        q = f"""ASK {{ GRAPH {article} {{ ?p org:holds ?post }} ?p rdfs:label|skos:altLabel ?l .
            FILTER(STR(?l) = {_lit(off['name'])}) ?post org:postIn ?where ;
            org:role <{ID}role/{off['role']}> . {_where_key(off['org'])} }}"""
        if not store.ask(PREFIX + q):
            problems.append(f"official {off['name']} as {off['role']} of {off['org']} missing")
    for st in exp.get("statements", []):
        mode = "seckg:DirectQuote" if st["mode"] == "direct" else "seckg:ReportedSpeech"
        date = st.get("date", "none")
        date_check = ("FILTER NOT EXISTS { ?s dcterms:date ?d }" if date == "none"
                      else f"?s dcterms:date {_lit(date)}^^xsd:date .")
        q = f"""ASK {{ ?s a seckg:Statement ; prov:wasDerivedFrom {article} ; seckg:mode {mode} ;
            schema:text ?t ; seckg:speaker ?p . ?p rdfs:label|skos:altLabel ?l .
            FILTER(STR(?l) = {_lit(st['speaker'])}) FILTER(CONTAINS(STR(?t), {_lit(st['contains'])}))
            {date_check} }}"""
        if not store.ask(PREFIX + q):
            problems.append(f"statement by {st['speaker']} ({st['mode']}, date {date}) "
                            f"containing {st['contains']!r} missing")
    for ev in exp.get("events", []):
        parts = [f"?e a schema:Event, seckg:{ev['kind']} ; prov:wasDerivedFrom {article} ."]
        if ev.get("place"):
            parts.append(f"?e schema:location <{ID}place/{ev['place']}> .")
        date = ev.get("date", "none")
        parts.append("FILTER NOT EXISTS { ?e schema:startDate ?d }" if date == "none"
                     else f"?e schema:startDate {_lit(date)}^^xsd:date .")
        if not store.ask(PREFIX + "ASK { " + " ".join(parts) + " }"):
            problems.append(f"event {ev['kind']} at {ev.get('place')} on {date} missing")
    for np in exp.get("not_persons", []):
        q = f"""ASK {{ GRAPH {article} {{ ?p a schema:Person ; rdfs:label ?l }}
            FILTER(CONTAINS(STR(?l), {_lit(np['name'])})) }}"""
        if store.ask(PREFIX + q):
            problems.append(f"{np['name']} was minted as a person")
    for un in exp.get("unattributed", []):
        q = f"""ASK {{ ?s a seckg:Statement ; prov:wasDerivedFrom {article} ; schema:text ?t .
            FILTER(CONTAINS(STR(?t), {_lit(un['contains'])})) }}"""
        if store.ask(PREFIX + q):
            problems.append(f"{un['contains']!r} was attributed to someone")
    if "statement_count" in exp:
        n = store.select(PREFIX + f"""SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a seckg:Statement ;
            prov:wasDerivedFrom {article} }}""")[0]["n"]
        if int(n) != exp["statement_count"]:
            problems.append(f"{int(n)} statements, expected {exp['statement_count']}")
    return problems


@pytest.mark.parametrize(("text", "expected"), SEED_CASES, ids=[t.stem for t, _ in SEED_CASES])
def test_seed_facts(seeds_store, text, expected):
    problems = check_article(seeds_store, text, expected)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("text", "expected"), OWN_CASES, ids=[t.stem for t, _ in OWN_CASES])
def test_own_article_facts(own_store, text, expected):
    problems = check_article(own_store, text, expected)
    assert not problems, "\n".join(problems)


def test_every_seed_has_expected_facts():
    assert len(SEED_CASES) == len(list(SEEDS.glob("*.txt")))


def test_enough_own_articles_in_both_languages():
    langs = [tomllib.loads(e.read_text(encoding="utf-8"))["language"] for _t, e in OWN_CASES]
    assert langs.count("en") >= 3 and langs.count("ar") >= 3
