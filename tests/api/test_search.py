"""Search and the core questions (issue 10 item 3), as the server answers them.

Over tests/data/sample.trig, tests/api/ui/browser.trig and tests/api/ui/desk.trig (invented
names): names are found in any script and spelling the labels hold (hidden inflections
too), whatever the case and diacritics; every page has the search box; the lookups behind
the suggestions answer JSON; canned-query IRI parameters take names; the canned queries
answer who said what about an organisation, statements by a post's holders with their
tenures, attendance by event, officials with tenures, what changed since a date, and claims
reported in several articles counted once with their reports; JSON keeps language tags.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from pages_conftest import html_of

from api import canned, create_app, fold, name_index, passages
from kg import Settings, open_store

ROOT = Path(__file__).resolve().parents[2]
UI = Path(__file__).parent / "ui"
DATA = [ROOT / "tests" / "data" / "sample.trig", UI / "browser.trig", UI / "desk.trig"]
ID = "https://w3id.org/seckg/id/"
EXAMPLE = ID + "person/example-official"
FORMER = ID + "person/former-official"
SCO = ID + "org/sco"
POST = ID + "post/sco/secretary-general"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = open_store("memory:")
    for path in DATA:
        store.load(path.read_bytes(), format="trig")
    app = create_app(Settings(store="memory:", dist_dir=tmp_path_factory.mktemp("dist")),
                     store=store)
    app.config["TESTING"] = True
    return app.test_client()


def _html(client, path: str, **params) -> list:
    response = client.get(path, query_string=params, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return html_of(response.get_data(as_text=True))


def _lookup(client, q: str, **params) -> list[dict]:
    response = client.get("/search.json", query_string={"q": q, **params})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


def _json(client, name: str, **params) -> dict:
    response = client.get(f"/queries/{name}.json", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


@pytest.mark.parametrize("module", [fold, name_index, passages, canned])
def test_the_examples_in_the_docstrings_hold(module):
    failed, tried = doctest.testmod(module)
    assert tried and not failed


# -- names in any script and spelling ------------------------------------------------------
@pytest.mark.parametrize(("query", "iri", "matched"), [
    ("Example Official", EXAMPLE, None),
    ("example official", EXAMPLE, None),                      # case
    ("Éxample Offícial", EXAMPLE, None),                      # diacritics
    ("مسؤول مثال", EXAMPLE, "مسؤول مثال"),                      # Arabic label
    ("مَسْؤُولٌ مِثَال", EXAMPLE, "مسؤول مثال"),                   # with harakat
    ("Экзампл Офишиалом", EXAMPLE, "Экзампл Офишиалом"),      # a hidden (inflected) form
    ("E. Official", EXAMPLE, "E. Official"),                  # an alternative label
    ("Exampel Oficial", EXAMPLE, None),                       # a misspelling, by similarity
    ("Бывшего Чиновника", FORMER, "Бывшего Чиновника"),
    ("Экзамплстана", ID + "state/examplestan", "Экзамплстана"),
    ("republic of examplestan", ID + "state/examplestan", "Republic of Examplestan"),
    ("سامبليا", ID + "state/samplia", "سامبليا"),
    ("SCO", SCO, "SCO"),
], ids=["label", "case", "diacritics", "arabic", "harakat", "hidden-inflection", "alt-label",
        "misspelt", "russian-genitive", "state-hidden", "state-alt", "state-arabic", "acronym"])
def test_names_are_found_in_any_script_and_spelling(client, query, iri, matched):
    [first, *_] = _lookup(client, query)
    assert first["iri"] == iri
    assert first["href"] == "/id/" + iri.removeprefix(ID)
    assert first["matched"] == matched           # the name that matched, when not the label


def test_a_lookup_shows_names_in_the_readers_language_and_can_keep_to_one_kind(client):
    results = _lookup(client, "Official", lang="ar", kind="person")
    assert {(r["label"], r["lang"], r["kind"], r["kind_label"]) for r in results} == {
        ("مسؤول مثال", "ar", "person", "شخص"), ("مسؤول سابق", "ar", "person", "شخص")}
    states = _lookup(client, "a", kind="state")
    assert {r["iri"] for r in states} <= {ID + "state/examplestan", ID + "state/samplia"}
    assert len(_lookup(client, "e", limit=2)) == 2


def test_a_lookup_refuses_an_unknown_kind_in_the_json_error_shape(client):
    response = client.get("/search.json", query_string={"q": "x", "kind": "planet"})
    assert response.status_code == 400
    assert "planet" in response.get_json()["error"]["detail"]


def test_the_search_page_lists_matches_with_the_name_that_matched(client):
    elements = _html(client, "/search", q="Экзампл Офишиала", lang="ru")
    [result] = [e for e in elements if e.tag == "ol" and "search-results" in
                (e.attrs.get("class") or "")]
    link = next(e for e in elements if e.tag == "a" and e.attrs.get("href") ==
                "/id/person/example-official")
    assert (link.text, link.attrs["lang"], link.attrs["dir"]) == ("Экзампл Офишиал", "ru", "ltr")
    assert "совпало «Экзампл Офишиала»" in " ".join(result.text.split())
    nothing = _html(client, "/search", q="Nobody Atall")
    assert any("Nothing is named “Nobody Atall”." in e.text for e in nothing if e.tag == "p")


@pytest.mark.parametrize("path", ["/", "/queries/", "/queries/statements-by-official",
                                  "/id/person/example-official", "/id/article/sample0006",
                                  "/void", "/dumps/", "/search", "/id/nobody"])
def test_every_page_has_the_search_box(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    elements = html_of(response.get_data(as_text=True))
    [form] = [e for e in elements if e.tag == "form" and e.attrs.get("role") == "search"]
    assert form.attrs["action"] == "/search"
    box = next(e for e in elements if e.tag == "input" and e.attrs.get("name") == "q")
    assert box.attrs["data-lookup"] == "/search.json" and box.attrs["data-fill"] == "go"
    scripts = [e.attrs.get("src") for e in elements if e.tag == "script"]
    assert "/static/lookup.js" in scripts


# -- labels for the query page's table -----------------------------------------------------
def test_labels_name_statements_by_their_words_in_the_readers_language(client):
    response = client.post("/labels.json?lang=ar", json={"iris": [
        ID + "statement/sample0006-165-215", FORMER, "javascript:alert(1)", ID + "nothing"]})
    labels = response.get_json()["labels"]
    assert labels == {
        ID + "statement/sample0006-165-215": {
            "label": "“Examplestan and Samplia will hold joint exercises.”", "lang": "en"},
        FORMER: {"label": "مسؤول سابق", "lang": "ar"}}


@pytest.mark.parametrize("body", [None, {"iris": "x"}, {"iris": [1]}, {"iris": ["x"] * 501}])
def test_labels_refuse_what_is_not_a_list_of_iris(client, body):
    response = client.post("/labels.json", json=body)
    assert response.status_code == 400 and response.get_json()["error"]["status"] == 400


# -- canned queries by name ----------------------------------------------------------------
@pytest.mark.parametrize("name", ["Former Official", "former", "مسؤول سابق", "Бывшего Чиновника",
                                  FORMER, f"<{FORMER}>"])
def test_an_iri_parameter_takes_a_name(client, name):
    body = _json(client, "statements-by-official", official=name)
    assert body["parameters"]["official"] == FORMER
    assert {r["statement"] for r in body["rows"]} == {ID + "statement/sample0006-165-215",
                                                      ID + "statement/sample0007-65-106"}
    if not name.startswith(("http", "<")):
        assert body["resolved"]["official"]["iri"] == FORMER


@pytest.mark.parametrize(("name", "words"), [
    ("Official", ["names several", "Example Official", "Former Official", "give a fuller name"]),
    ("Zzyzx Qwerty", ["official", "nothing is named 'Zzyzx Qwerty'"]),
], ids=["ambiguous", "unknown"])
def test_a_name_that_fits_several_or_none_is_a_400_that_says_so(client, name, words):
    response = client.get("/queries/statements-by-official.json", query_string={"official": name})
    assert response.status_code == 400
    detail = response.get_json()["error"]["detail"]
    assert all(w in detail for w in words), detail


def test_the_canned_page_offers_lookups_for_iri_parameters_and_shows_the_name_chosen(client):
    elements = _html(client, "/queries/statements-by-post-holder", post="Secretary-General SCO")
    box = next(e for e in elements if e.tag == "input" and e.attrs.get("name") == "post")
    assert box.attrs["data-lookup"] == "/search.json" and box.attrs["data-fill"] == "iri"
    assert box.attrs["value"] == "Secretary-General SCO"       # what was typed stays
    chosen = next(e for e in elements if e.attrs.get("id") == "chosen-post")
    assert " ".join(chosen.text.split()) == "= Secretary-General of the SCO"
    sparql = next(e for e in elements if e.tag == "pre")
    assert f"<{POST}>" in sparql.text


# -- the core questions ----------------------------------------------------------------------
def _values(rows: list[dict], column: str) -> list:
    return [r[column]["value"] if isinstance(r.get(column), dict) else r.get(column)
            for r in rows]


def test_who_said_what_about_an_organisation_counts_each_claim_once(client):
    body = _json(client, "who-said-what-about", organisation=SCO, lang="ar")
    rows = body["rows"]
    assert len({r["claim"] for r in rows}) == len(rows) == 6
    by_claim = {r["claim"].rsplit("/", 1)[1]: r for r in rows}
    twice = by_claim["sample0006-165-215"]      # reported in English and in Arabic
    assert twice["reports"] == 2 and twice["date"] == "2022-06-01"
    assert twice["text"] == {"value": "ستجري إكزامبلستان وسامبليا مناورات مشتركة", "lang": "ar"}
    assert twice["name"] == {"value": "مسؤول سابق", "lang": "ar"}
    # mentions of a sub-body count; the newest first
    assert "sample0006-241-283" in by_claim
    assert _values(rows, "date") == sorted(_values(rows, "date"), reverse=True)


def test_statements_by_whoever_held_a_post_with_their_tenures(client):
    rows = _json(client, "statements-by-post-holder", post=POST)["rows"]
    holders = [(r["holder"].rsplit("/", 1)[1], r.get("from"), r.get("to")) for r in rows]
    assert holders[0] == ("former-official", "2019-01-01", "2023-12-31")
    assert set(holders) == {("former-official", "2019-01-01", "2023-12-31"),
                            ("example-official", "2024-01-01", None)}
    # the Arabic report names no post and no date: its twin's date falls in the tenure
    arabic = next(r for r in rows if r["statement"].endswith("sample0007-65-106"))
    assert arabic["date"] == "2022-06-01" and arabic["text"]["lang"] == "ar"


def test_attendance_by_event_lists_the_same_event_once(client):
    rows = _json(client, "attendance-by-event", lang="ar")["rows"]
    assert [(r["event"].rsplit("/", 1)[1], r["name"]["value"], r["reports"]) for r in rows] == [
        ("sample0001-1", "مسؤول مثال", 1),
        ("sample0006-88", "رئيس المجلس", 1), ("sample0006-88", "مسؤول سابق", 2)]
    assert {r["placeName"]["value"] for r in rows} == {"طشقند"}


def test_officials_of_an_organisation_with_their_tenures(client):
    rows = _json(client, "officials-of-organisation", organisation=SCO, lang="ar")["rows"]
    assert [(r["name"]["value"], r["role"]["value"], r.get("from"), r.get("to"))
            for r in rows] == [("مسؤول سابق", "الأمين العام", "2019-01-01", "2023-12-31"),
                               ("مسؤول مثال", "الأمين العام", "2024-01-01", None),
                               ("رئيس المجلس", "رئيس", "2021-06-01", None)]


def test_what_changed_since_a_date(client):
    rows = _json(client, "changes-since", since="2025-05-01")["rows"]
    assert [r["published"] for r in rows] == ["2025-05-13"] * 2 + ["2025-05-12"] * 3
    assert {r["article"].rsplit("/", 1)[1] for r in rows} == {"sample0002", "sample0003"}
    dialogue = next(r for r in rows if r["statement"].endswith("sample0002-279-318"))
    assert dialogue["alsoIn"] == ID + "article/sample0005"
    assert _json(client, "changes-since", since="2030-01-01")["rows"] == []


def test_a_claim_reported_in_several_articles_is_counted_once_with_its_reports(client):
    rows = _json(client, "claims-with-reports", lang="en")["rows"]
    assert [(r["claim"].rsplit("/", 1)[1], r["reports"], sorted(r["articles"].split()),
             sorted(r["languages"].split())) for r in rows] == [
        ("sample0002-125-172", 2, [ID + "article/sample0002", ID + "article/sample0003"],
         ["ar", "en"]),
        ("sample0002-279-318", 2, [ID + "article/sample0002", ID + "article/sample0005"],
         ["en", "ru"]),
        ("sample0006-165-215", 2, [ID + "article/sample0006", ID + "article/sample0007"],
         ["ar", "en"])]
    every = _json(client, "claims-with-reports", min="1")["rows"]
    assert len(every) == 9                        # 12 statements, three reported twice


def test_the_reports_of_a_claim_are_links_on_the_canned_page(client):
    elements = _html(client, "/queries/claims-with-reports")
    links = {e.attrs["href"] for e in elements if e.tag == "a"}
    assert {"/id/article/sample0005", "/id/article/sample0007"} <= links


@pytest.mark.parametrize(("query", "column", "params"), [
    ("who-mentioned-organisation", "statements", {"organisation": SCO}),
    ("statements-per-organisation-per-month", "statements", {}),
])
def test_counts_take_a_claim_reported_twice_once(client, query, column, params):
    rows = _json(client, query, **params)["rows"]
    if query == "who-mentioned-organisation":
        example = next(r for r in rows if r["speaker"] == EXAMPLE)
        assert (example["statements"], example["reports"]) == (4, 5)
    else:
        may = next(r for r in rows if r["organisation"] == SCO and r["month"] == "2025-05")
        assert may[column] == 2          # three dated statements, two of them the same claim


def test_json_keeps_language_tags_and_numbers(client):
    body = _json(client, "statements-by-official", official=EXAMPLE)
    texts = {r["text"]["lang"] for r in body["rows"]}
    assert texts == {"en", "ar", "ru"}
    assert all(set(r["text"]) == {"value", "lang"} for r in body["rows"])
    assert isinstance(_json(client, "claims-with-reports")["rows"][0]["reports"], int)
