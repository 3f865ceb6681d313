"""The real thing: the seeds built by `kg.build` and served by the app, as a reader sees them."""

from __future__ import annotations

import urllib.parse
from contextlib import ExitStack
from pathlib import Path

import pytest
from pages_conftest import html_of

from api import create_app
from kg.build import build
from kg.config import Settings
from kg.store import open_store
from tests.servers import STORE_KINDS, location_for

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/seckg/id/"
LEBEDEV = ID + "person/sergei-lebedev"


@pytest.fixture(scope="module", params=STORE_KINDS)
def seeds(request, tmp_path_factory):
    """The seeds built into each kind of store (embedded, live Oxigraph server)."""
    stack = ExitStack()
    request.addfinalizer(stack.close)
    base = tmp_path_factory.mktemp("served")
    settings = Settings(store=location_for(request.param, base, stack), dist_dir=base / "dist")
    build(settings, [ROOT / "seeds"])
    store = open_store(settings.location(), read_only=True)
    request.addfinalizer(store.close)
    app = create_app(settings, store=store)
    app.config["TESTING"] = True
    return app, store


def _page(app, iri: str) -> list:
    response = app.test_client().get("/" + iri.removeprefix("https://w3id.org/seckg/"),
                                     headers={"Accept": "text/html"})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return html_of(response.get_data(as_text=True))


def test_an_officials_page_has_a_timeline_of_their_statements(seeds):
    app, store = seeds
    elements = _page(app, LEBEDEV)
    dots = [e for e in elements if e.tag == "a" and e.attrs.get("class") == "dot"]
    dated = store.select(f"""SELECT ?s WHERE {{ ?s <https://w3id.org/seckg/ns#speaker> <{LEBEDEV}> ;
        <http://purl.org/dc/terms/date> ?d }}""")
    assert len(dots) == len(dated) > 10
    assert any(e.tag == "svg" for e in elements)


def test_every_seed_article_page_highlights_exactly_its_statements(seeds):
    app, store = seeds
    articles = [str(r["a"]) for r in store.select(
        "SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> }")]
    assert len(articles) == 5
    for article in articles:
        exact = sorted(str(r["x"]) for r in store.select(f"""
            PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX seckg: <https://w3id.org/seckg/ns#>
            SELECT ?x WHERE {{ ?s a seckg:Statement ; seckg:evidence ?ev .
              ?ev oa:hasSource <{article}> ; oa:hasSelector/oa:exact ?x }}"""))
        marks = [e for e in _page(app, article) if "hl" in (e.attrs.get("class") or "").split()]
        by_link: dict[str, str] = {}
        for m in marks:
            by_link[m.attrs["href"]] = by_link.get(m.attrs["href"], "") + m.text
        assert sorted(by_link.values()) == exact, article


def test_an_english_statement_reaches_the_arabic_date_through_the_alignment(seeds):
    _app, store = seeds
    rows = store.select("""PREFIX seckg: <https://w3id.org/seckg/ns#>
        PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?en ?date WHERE { ?en a seckg:Statement ; schema:text ?t ; seckg:sameStatementAs ?ar .
          FILTER(lang(?t) = "en") FILTER NOT EXISTS { ?en dcterms:date ?x }
          ?ar dcterms:date ?date }""")
    assert rows and {str(r["date"]) for r in rows} == {"2024-11-07"}


def test_entity_rdf_of_a_seed_statement(seeds):
    app, store = seeds
    [row] = store.select("""PREFIX seckg: <https://w3id.org/seckg/ns#> SELECT ?s WHERE {
        ?s seckg:extractedBy "en.reported.according" }""")
    path = "/" + str(row["s"]).removeprefix("https://w3id.org/seckg/") + ".ttl"
    response = app.test_client().get(urllib.parse.quote(path))
    assert response.status_code == 200
    assert b"sirojiddin-muhriddin" in response.data


@pytest.mark.parametrize(("english", "arabic"), [
    ("The Commonwealth of Independent States (CIS) has initiated", "بلدان الرابطة بدأت"),
    ("Personal contacts between the top officials", "الاتصالات الشخصية لكبار المسؤولين"),
    ("In this regard, we are strengthening cooperation", "في هذا الصدد، فإننا نعمل"),
    ("the perceived collapse of the global security system", "تدمير نظام الأمن العالمي"),
])
def test_the_english_and_arabic_reports_are_aligned_statement_by_statement(seeds, english, arabic):
    _app, store = seeds
    rows = store.select("""PREFIX seckg: <https://w3id.org/seckg/ns#> PREFIX schema: <https://schema.org/>
        SELECT ?en ?ar WHERE { ?e seckg:sameStatementAs ?a . ?e schema:text ?en . ?a schema:text ?ar .
        FILTER(lang(?en) = "en" && lang(?ar) = "ar") }""")
    partners = [str(r["ar"]) for r in rows if str(r["en"]).startswith(english)]
    assert len(partners) == 1 and partners[0].startswith(arabic)
