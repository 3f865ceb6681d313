"""Canned queries: the list, JSON and CSV answers, parameters bound safely, 400 for bad ones."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pages_conftest import OFFICIAL, STATEMENT, html_of

from api.query_library import BadParameter, load_queries, parse
from kg import ConfigError

QUERIES = Path(__file__).resolve().parents[2] / "queries"
SCO = "https://w3id.org/seckg/id/org/sco"


@pytest.fixture
def client(sample_app):
    return sample_app.test_client()


def test_every_example_file_loads_and_runs_with_its_defaults(sample_store):
    queries = load_queries(QUERIES)
    assert len(queries) >= 8
    for query in queries.values():
        assert query.title and not query.title.startswith("#")
        sample_store.select(query.bind())          # a syntax error would raise here


def test_list_is_json_for_programs(client):
    body = client.get("/queries/").get_json()
    by_name = {q["name"]: q for q in body["queries"]}
    official = by_name["statements-by-official"]
    assert official["title"] == "Statements by an official over time"
    assert {p["name"]: p["type"] for p in official["parameters"]} == {"official": "iri",
                                                                     "from": "date"}
    assert official["json"].endswith("/queries/statements-by-official.json")


def test_list_is_a_page_for_browsers(client):
    response = client.get("/queries/", headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    assert "Statements by an official over time" in response.get_data(as_text=True)


def test_json_answer_with_parameters(client):
    body = client.get("/queries/statements-by-official.json",
                      query_string={"official": OFFICIAL}).get_json()
    assert body["parameters"]["official"] == OFFICIAL
    assert body["columns"][:2] == ["date", "text"]
    [row] = body["rows"]
    assert row["statement"] == STATEMENT
    assert row["text"] == {"value": "Terrorism knows no borders,", "lang": "en"}   # tag kept
    assert row["date"] == "2025-03-04"


def test_iri_may_be_written_in_angle_brackets(client):
    body = client.get("/queries/statements-by-official.json",
                      query_string={"official": f"<{OFFICIAL}>"}).get_json()
    assert len(body["rows"]) == 1


@pytest.mark.parametrize(("start", "rows"), [("2025-03-04", 1), ("2025-03-05", 0)])
def test_date_parameter_filters(client, start, rows):
    body = client.get("/queries/statements-by-official.json",
                      query_string={"official": OFFICIAL, "from": start}).get_json()
    assert len(body["rows"]) == rows


@pytest.mark.parametrize(("lang", "name"), [("en", "Example Official"), ("ar", "مسؤول مثال"),
                                            ("ru", "Example Official")])
def test_language_parameter_with_english_fallback(client, lang, name):
    body = client.get("/queries/officials-of-organisation.json",
                      query_string={"organisation": SCO, "lang": lang}).get_json()
    assert [r["name"] for r in body["rows"]] == [{"value": name, "lang": lang if lang != "ru"
                                                  else "en"}]


def test_csv_answer(client):
    response = client.get("/queries/statements-by-official.csv", query_string={"official": OFFICIAL})
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:2] == ["date", "text"]
    assert rows[1][1] == "Terrorism knows no borders," and STATEMENT in rows[1]


def test_numbers_stay_numbers_in_json(client):
    body = client.get("/queries/who-mentioned-organisation.json",
                      query_string={"organisation": SCO}).get_json()
    assert body["rows"] == [] or isinstance(body["rows"][0]["statements"], int)


@pytest.mark.parametrize(("params", "word"), [
    ({"official": "not an iri"}, "official"),
    ({"official": "https://x/a b"}, "official"),
    ({"official": 'https://x/a> } ; DROP ALL ; SELECT * { <x'}, "official"),
    ({"official": "javascript:alert(1)"}, "official"),
    ({"from": "2025-13-40"}, "from"),
    ({"from": "yesterday"}, "from"),
    ({"from": '2025-01-01"^^xsd:date) } #'}, "from"),
    ({"colour": "red"}, "colour"),
], ids=["words", "space", "injection", "scheme", "bad-date", "word-date", "date-injection",
        "unknown"])
def test_bad_parameters_are_400_in_the_json_error_shape(client, params, word):
    for ext in ("json", "csv"):
        response = client.get(f"/queries/statements-by-official.{ext}", query_string=params)
        assert response.status_code == 400
        error = response.get_json()["error"]
        assert error["status"] == 400 and error["title"] == "Bad Request"
        assert word in error["detail"]


@pytest.mark.parametrize("lang", ["english!", "e", "en-"], ids=["punctuation", "short", "dash"])
def test_bad_language_is_400(client, lang):
    response = client.get("/queries/officials-of-organisation.json", query_string={"lang": lang})
    assert response.status_code == 400
    assert "language tag" in response.get_json()["error"]["detail"]


def test_unknown_query_is_404(client):
    response = client.get("/queries/no-such-query.json")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_answers_revalidate(client):
    url = "/queries/statements-by-official.json?official=" + OFFICIAL
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    other = client.get("/queries/statements-by-official.json")
    assert other.headers["ETag"] != first.headers["ETag"]


def test_query_page_has_a_form_and_a_linked_table(client):
    response = client.get("/queries/statements-by-official", query_string={"official": OFFICIAL},
                          headers={"Accept": "text/html"})
    elements = html_of(response.get_data(as_text=True))
    assert any(e.tag == "input" and e.attrs.get("name") == "official"
               and e.attrs.get("value") == OFFICIAL for e in elements)
    links = [e.attrs["href"] for e in elements if e.tag == "a"]
    assert "/id/statement/sample0001-1" in links


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_string_parameters_are_escaped_by_rdflib(tmp_path, sample_store):
    query = parse(_write(tmp_path, '# Find a text\n# @param needle "x" Words\n'
                         "SELECT ?n WHERE { BIND(?needle AS ?n) }\n"))
    evil = 'a" ) } ; DROP ALL ; # \\ \n'
    [row] = sample_store.select(query.bind({"needle": evil}))
    assert str(row["n"]) == evil


def test_values_go_inside_the_where_group_not_into_strings_or_comments(tmp_path):
    query = parse(_write(tmp_path, '# T\n# @param p <http://e/x> P\n'
                         'SELECT ?a WHERE { # where { in a comment\n BIND("where {" AS ?a) }\n'))
    bound = query.bind({})
    assert bound.index("VALUES (?p) { (<http://e/x>) }") < bound.index("# where { in a comment")


@pytest.mark.parametrize(("text", "message"), [
    ("SELECT * WHERE { ?s ?p ?o }\n", "first line"),
    ("# T\n# @param p nodefault\nSELECT * WHERE {}\n", "bad parameter line"),
    ('# T\n# @param p "1"^^xsd:float X\nSELECT * WHERE {}\n', "xsd:float"),
    ('# T\n# @param d "soon"^^xsd:date X\nSELECT * WHERE {}\n', "not a date"),
    ("# T\nASK {}\n", "WHERE"),
], ids=["no-title", "no-default", "unknown-type", "bad-default", "no-where"])
def test_malformed_files_are_refused_when_loaded(tmp_path, text, message):
    with pytest.raises((ConfigError, BadParameter), match=message):
        parse(_write(tmp_path, text))
