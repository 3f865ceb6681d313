"""The analyst's desk over the real thing: the seeds built by ``kg.build`` and served by the
app (issue 10 items 2 and 3). Resources are found by query, not by their hashed IRIs.

A curated official's page lists his posts with their tenures and none of his inflected
(hidden) names; the Arabic report's meeting is named from what the text says, not «اجتماع»;
an undated English statement shows the date its Arabic twin gives and links to its passage;
the search finds names in every script and inflection; canned-query parameters take names
and know the kind of entity they want; claims reported in English and Arabic count once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pages_conftest import html_of

from api import create_app
from kg.build import build
from kg.config import Settings
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/seckg/id/"
LEBEDEV = ID + "person/sergei-lebedev"
PREFIXES = """PREFIX seckg: <https://w3id.org/seckg/ns#> PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#>
"""


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    base = tmp_path_factory.mktemp("desk")
    settings = Settings(store=str(base / "store"), dist_dir=base / "dist")
    build(settings, [ROOT / "seeds"])
    store = open_store(settings.location(), read_only=True)
    app = create_app(settings, store=store)
    app.config["TESTING"] = True
    yield app.test_client(), store
    store.close()


def _path(iri: str) -> str:
    return "/id/" + iri.removeprefix(ID)


def _page(client, path: str, **params) -> list:
    response = client.get(path, query_string=params, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return html_of(response.get_data(as_text=True))


def _classes(e) -> list[str]:
    return (e.attrs.get("class") or "").split()


def test_an_officials_posts_come_with_their_tenures(seeds):
    client, _store = seeds
    elements = _page(client, _path(LEBEDEV))
    assert next(e.text for e in elements if e.tag == "h2") == "Posts and tenures"   # on top
    start = next(i for i, e in enumerate(elements) if "tenures" in _classes(e))
    end = next(i for i, e in enumerate(elements) if i > start and e.tag == "table")
    cells = [" ".join(e.text.split()) for e in elements[start:end] if e.tag == "td"]
    assert cells == ["Executive Secretary of the CIS", "Commonwealth of Independent States",
                     "5 October 2007", "31 December 2022",
                     "Secretary-General of the CIS", "Commonwealth of Independent States",
                     "1 January 2023", "now"]


def test_an_officials_hidden_inflections_are_not_among_his_names(seeds):
    client, store = seeds
    hidden = [str(r["h"]) for r in store.select(
        PREFIXES + f"SELECT ?h WHERE {{ <{LEBEDEV}> skos:hiddenLabel ?h }}")]
    assert hidden
    names = next(e for e in _page(client, _path(LEBEDEV))
                 if e.tag == "table" and "names" in _classes(e))
    cells = {" ".join(c.split()) for c in names.text.split("\n")}
    assert not set(hidden) & cells and "Сергей Лебедев" in names.text


def test_the_arabic_reports_meeting_is_named_from_what_the_text_says(seeds):
    client, store = seeds
    [row] = store.select(PREFIXES + """SELECT ?e WHERE { ?e a schema:Event ;
        schema:name "اجتماع"@ar }""")
    elements = _page(client, _path(str(row["e"])), lang="ar")
    title = next(e for e in elements if e.tag == "h1").text
    assert title.startswith("اجتماع") and title != "اجتماع"
    assert "موسكو" in title and "2024" in title           # its place and its date
    marks = [e.text for e in elements if e.tag == "mark"]
    assert "اجتماع" in marks                                 # the text's own word, in context


def test_an_undated_statement_shows_its_twins_date_and_links_to_its_passage(seeds):
    client, store = seeds
    rows = store.select(PREFIXES + """SELECT ?en WHERE { ?en a seckg:Statement ; schema:text ?t ;
        seckg:sameStatementAs ?ar . FILTER(lang(?t) = "en")
        FILTER NOT EXISTS { ?en dcterms:date ?own } ?ar dcterms:date ?d } ORDER BY ?en LIMIT 1""")
    elements = _page(client, _path(str(rows[0]["en"])))
    assert any(e.tag == "small" and "dated by the report in Arabic" in e.text for e in elements)
    figures = [e.attrs["lang"] for e in elements if e.tag == "figure" and "report" in _classes(e)]
    assert figures[0] == "en" and "ar" in figures[1:]
    passage = next(e.attrs["href"] for e in elements if e.tag == "a" and "passage" in _classes(e)
                   and "characters" in e.text)
    article, anchor = passage.split("#")
    assert [e for e in _page(client, article) if e.attrs.get("id") == anchor]


@pytest.mark.parametrize("name", ["Лебедева", "Сергея Лебедева", "ليبيديف", "lebedev",
                                  "Sergey Lebedev"])
def test_the_search_finds_an_official_in_every_script_and_inflection(seeds, name):
    client, _store = seeds
    results = client.get("/search.json", query_string={"q": name}).get_json()["results"]
    assert results[0]["iri"] == LEBEDEV


def test_a_canned_parameter_knows_its_kind_and_takes_a_name(seeds):
    client, _store = seeds
    elements = _page(client, "/queries/statements-by-official", official="Лебедева")
    box = next(e for e in elements if e.tag == "input" and e.attrs.get("name") == "official")
    assert box.attrs["data-kind"] == "person"
    body = client.get("/queries/statements-by-official.json",
                      query_string={"official": "Лебедева"}).get_json()
    assert body["parameters"]["official"] == LEBEDEV and len(body["rows"]) > 10


def test_claims_reported_in_english_and_arabic_count_once(seeds):
    client, _store = seeds
    rows = client.get("/queries/claims-with-reports.json").get_json()["rows"]
    assert rows and all(r["reports"] >= 2 and sorted(r["languages"].split()) == ["ar", "en"]
                        for r in rows)
    said = client.get("/queries/who-said-what-about.json").get_json()["rows"]
    assert len({r["claim"] for r in said}) == len(said)
    mentioned = client.get("/queries/who-mentioned-organisation.json",
                           query_string={"organisation": ID + "org/cis"}).get_json()["rows"]
    lebedev = next(r for r in mentioned if r["speaker"] == LEBEDEV)
    assert lebedev["statements"] < lebedev["reports"]
