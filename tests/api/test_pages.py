"""Linked-data pages: conneg, suffixes, 404s, validators, labels, highlighting, lang and dir
(tests/api/test_rtl.py has the right-to-left and translation cases in depth)."""

from __future__ import annotations

import json

import pytest
from pages_conftest import ARTICLE, OFFICIAL, STATEMENT, html_of, parse_rdf
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from api.negotiate import best_language, best_media_type, wants_html

OFFERED = ["text/html", "text/turtle", "application/n-triples", "application/ld+json"]


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "text/html"),
    ("*/*", "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json"),
    ("text/*;q=0.3, application/n-triples", "application/n-triples"),
    ("text/html;q=0, */*;q=0.1", "text/turtle"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("image/png", None),
], ids=["none", "any", "turtle", "q-values", "wildcard-loses", "html-refused", "browser", "unservable"])
def test_best_media_type(accept, expected):
    assert best_media_type(accept, OFFERED) == expected


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/html", True), ("*/*", False), ("application/json", False), (None, False),
    ("application/json, text/html;q=0.5", False)], ids=["html", "any", "json", "none", "json-first"])
def test_wants_html(accept, expected):
    assert wants_html(accept) is expected


@pytest.mark.parametrize(("header", "expected"), [
    ("ar-EG,ar;q=0.9,en;q=0.5", "ar"), ("ru", "ru"), ("de, fr;q=0.5", "en"), (None, "en"),
    ("en;q=0.2, ru;q=0.8", "ru")], ids=["regional", "plain", "unknown", "none", "q"])
def test_best_language(header, expected):
    assert best_language(header, ["en", "ar", "ru"]) == expected


@pytest.fixture
def client(sample_app):
    return sample_app.test_client()


def _path(iri: str) -> str:
    return "/id/" + iri.removeprefix("https://w3id.org/seckg/id/")


@pytest.mark.parametrize(("accept", "suffix", "media_type"), [
    ("text/turtle", "", "text/turtle"),
    ("application/ld+json", "", "application/ld+json"),
    ("application/n-triples", "", "application/n-triples"),
    ("text/turtle;q=0.2, application/ld+json;q=0.8", "", "application/ld+json"),
    ("text/html", ".ttl", "text/turtle"),
    (None, ".jsonld", "application/ld+json"),
    ("text/turtle", ".nt", "application/n-triples"),
], ids=["turtle", "jsonld", "ntriples", "q-values", "ttl-suffix-beats-accept", "jsonld-suffix",
        "nt-suffix"])
def test_entity_rdf_by_accept_or_suffix(client, accept, suffix, media_type):
    headers = {"Accept": accept} if accept else {}
    response = client.get(_path(OFFICIAL) + suffix, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]
    graph = parse_rdf(response.get_data(), media_type)
    person = URIRef(OFFICIAL)
    assert (person, RDFS.label, Literal("Example Official", lang="en")) in graph
    # incoming links are part of the description
    assert (URIRef(STATEMENT), URIRef("https://w3id.org/seckg/ns#speaker"), person) in graph


def test_statement_description_includes_its_evidence_and_selectors(client):
    response = client.get(_path(STATEMENT) + ".nt")
    graph = Graph().parse(data=response.get_data(as_text=True), format="nt")
    exact = URIRef("http://www.w3.org/ns/oa#exact")
    assert (URIRef(STATEMENT + "/quote"), exact, Literal("Terrorism knows no borders,")) in graph
    assert (URIRef(STATEMENT + "/position"), URIRef("http://www.w3.org/ns/oa#start"), None) in graph


def test_browsers_get_html(client):
    response = client.get(_path(OFFICIAL), headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]
    assert 'rel="alternate" type="text/turtle"' in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/id/person/nobody", "/id/person/nobody.ttl", "/id/a%3Eb",
                                  "/id/org//sco"], ids=["unknown", "unknown-suffix", "bad-iri",
                                                        "double-slash"])
def test_unknown_iris_are_404_in_the_json_error_shape(client, path):
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["status"] == 404 and error["title"] and error["detail"]


def test_unknown_iris_are_an_html_page_for_browsers(client):
    response = client.get("/id/person/nobody", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "person/nobody" in response.get_data(as_text=True)


def test_unservable_accept_is_406(client):
    response = client.get(_path(OFFICIAL), headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.get_json()["error"]["status"] == 406


@pytest.mark.parametrize("path", [_path(OFFICIAL), _path(OFFICIAL) + ".ttl", "/void", "/"])
def test_pages_revalidate_with_304(client, path):
    first = client.get(path, headers={"Accept": "text/html"})
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"]
    again = client.get(path, headers={"Accept": "text/html", "If-None-Match": etag})
    assert again.status_code == 304
    assert not again.get_data()


def test_etag_differs_between_formats(client):
    html = client.get(_path(OFFICIAL), headers={"Accept": "text/html"})
    turtle = client.get(_path(OFFICIAL), headers={"Accept": "text/turtle"})
    assert html.headers["ETag"] != turtle.headers["ETag"]
    stale = client.get(_path(OFFICIAL), headers={"Accept": "text/turtle",
                                                  "If-None-Match": html.headers["ETag"]})
    assert stale.status_code == 200


def _page(client, iri: str, **params) -> list:
    response = client.get(_path(iri), query_string=params, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return html_of(response.get_data(as_text=True))


def test_article_highlights_each_statement_at_its_offsets(client, sample_store):
    elements = _page(client, ARTICLE)
    marks = [e for e in elements if "hl" in (e.attrs.get("class") or "").split()]
    assert marks, "no highlighted statement"
    assert {m.attrs["href"] for m in marks} == {_path(STATEMENT)}
    highlighted = "".join(m.text for m in marks)
    [row] = sample_store.select("""SELECT ?exact WHERE {
        ?q <http://www.w3.org/ns/oa#exact> ?exact }""")
    assert highlighted == str(row["exact"])
    body = next(e for e in elements if "article-text" in (e.attrs.get("class") or ""))
    [text] = sample_store.select(f"SELECT ?t WHERE {{ <{ARTICLE}> <https://schema.org/text> ?t }}")
    assert body.text == str(text["t"])


def test_article_lists_what_was_extracted(client):
    elements = _page(client, ARTICLE)
    facts = next(e for e in elements if e.tag == "section" and "facts" in (e.attrs.get("class") or ""))
    for word in ("Statements", "Persons", "Organisations", "Events", "Example Official",
                 "Shanghai Cooperation Organisation",
                 "Meeting of the Shanghai Cooperation Organisation in Tashkent, 4 March 2025"):
        assert word in facts.text


def test_person_page_draws_a_timeline_linking_to_statements(client):
    elements = _page(client, OFFICIAL)
    svgs = [e for e in elements if e.tag == "svg"]
    assert len(svgs) == 1 and "timeline" in svgs[0].attrs["class"]
    dots = [e for e in elements if e.tag == "a" and e.attrs.get("class") == "dot"]
    assert [d.attrs["href"] for d in dots] == [_path(STATEMENT)]
    assert any(e.tag == "circle" for e in elements)


def test_statement_page_shows_its_fields(client):
    elements = _page(client, STATEMENT)
    fields = next(e for e in elements if e.tag == "dl")
    for word in ("speaker", "Example Official", "post", "Secretary-General of the SCO", "mode",
                 "4 March 2025", "event",
                 "Meeting of the Shanghai Cooperation Organisation in Tashkent", "topics",
                 "counter-terrorism", "source article", "SCO official speaks in Tashkent"):
        assert word in fields.text, word
    days = [e for e in elements if e.tag == "time" and e.attrs.get("datetime") == "2025-03-04"]
    assert days and all(day.text == "4 March 2025" for day in days)
    quote = next(e for e in elements if e.tag == "blockquote")
    assert quote.text == "Terrorism knows no borders,"
    assert (quote.attrs["lang"], quote.attrs["dir"]) == ("en", "ltr")


def test_labels_follow_the_readers_language(client):
    arabic = _page(client, OFFICIAL, lang="ar")
    assert next(e for e in arabic if e.tag == "h1").text == "مسؤول مثال"
    response = client.get(_path(OFFICIAL), headers={"Accept": "text/html",
                                                     "Accept-Language": "ar,en;q=0.5"})
    h1 = next(e for e in html_of(response.get_data(as_text=True)) if e.tag == "h1")
    assert h1.text == "مسؤول مثال" and h1.attrs["lang"] == "ar" and h1.attrs["dir"] == "rtl"
    # no Russian label: English is the fallback
    russian = _page(client, OFFICIAL, lang="ru")
    assert next(e for e in russian if e.tag == "h1").text == "Example Official"


@pytest.mark.parametrize("iri", [OFFICIAL, ARTICLE, STATEMENT, "https://w3id.org/seckg/id/org/sco"])
def test_every_literal_element_takes_its_direction_from_its_language(client, iri):
    elements = _page(client, iri, lang="ar")
    literals = [e for e in elements if "lit" in (e.attrs.get("class") or "").split()
                or e.attrs.get("lang") in ("ar", "en", "ru") and e.tag != "html"]
    assert literals
    expected = {"ar": "rtl", "en": "ltr", "ru": "ltr", None: "auto"}
    assert all(e.attrs.get("dir") == expected[e.attrs.get("lang")] for e in literals), [
        (e.tag, e.attrs) for e in literals if e.attrs.get("dir") != expected[e.attrs.get("lang")]]
    assert any(e.attrs.get("lang") == "ar" for e in literals)


def test_void_by_content_negotiation(client):
    turtle = client.get("/void", headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"
    graph = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    void = "http://rdfs.org/ns/void#"
    dataset = URIRef("https://w3id.org/seckg/void#dataset")
    assert int(graph.value(dataset, URIRef(void + "triples"))) > 40
    assert graph.value(dataset, URIRef(void + "sparqlEndpoint")) is not None
    assert graph.value(dataset, URIRef("http://purl.org/dc/terms/license")) is not None
    jsonld = client.get("/void", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json" and json.loads(jsonld.get_data())
    assert len(parse_rdf(jsonld.get_data(), "application/ld+json")) == len(graph)
    html = client.get("/void", headers={"Accept": "text/html"})
    assert html.mimetype == "text/html" and "named graphs" in html.get_data(as_text=True)
