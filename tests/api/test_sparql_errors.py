"""One JSON error shape for every error over HTTP: {"error": {status, title, detail[, line,
column]}}, whatever part of the app answers."""

from __future__ import annotations

import pytest

from api import create_app
from kg import Settings

SHAPE = {"status", "title", "detail"}
OPTIONAL = {"line", "column"}

CASES = [
    # method, path, kwargs, status
    ("GET", "/sparql", {"query_string": {"query": "SELECT *\nWHERE { ?s ?p }"}}, 400,
     "syntax-error"),
    ("GET", "/sparql", {"query_string": {"query": "ASK {}", "format": "png"}}, 400,
     "unknown-format"),
    ("GET", "/sparql", {"query_string": {"update": "CLEAR ALL"}}, 400, "update-over-get"),
    ("GET", "/sparql", {"query_string": {"query": ["ASK {}", "ASK {}"]}}, 400, "two-queries"),
    ("GET", "/sparql", {"query_string": {"query": "SELECT * WHERE " + "{" * 200 + "}" * 200}},
     400, "too-deep"),
    ("GET", "/sparql", {"query_string": {"query": "SELECT * { FILTER(1" + "+1" * 2000 + ") }"}},
     400, "too-many-clauses"),
    ("GET", "/sparql", {"query_string": {"query": "SELECT * FROM <file:///etc/passwd> {}"}},
     400, "from-outside"),
    ("POST", "/sparql", {"data": "update=CLEAR+ALL",
                         "content_type": "application/x-www-form-urlencoded"}, 403, "read-only"),
    ("GET", "/sparql", {"query_string": {"query": "SELECT * { SERVICE <http://x/> {} }"}}, 403,
     "service"),
    ("GET", "/sparql", {"query_string": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}},
     406, "not-acceptable"),
    ("PUT", "/sparql", {"data": "query=ASK+%7B%7D"}, 405, "wrong-method"),
    ("POST", "/sparql", {"data": "x" * 200_000, "content_type": "application/sparql-query"}, 413,
     "too-long"),
    ("POST", "/sparql", {"data": "ASK {}", "content_type": "text/plain"}, 415, "wrong-type"),
    ("POST", "/sparql", {"data": "ASK {}"}, 415, "no-type"),
    ("POST", "/sparql", {"data": "", "content_type": "application/x-www-form-urlencoded"}, 400,
     "empty-form"),
    ("GET", "/no/such/path", {}, 404, "unknown-path"),
    ("POST", "/validate", {"data": b"x", "content_type": "image/png"}, 415, "validate-type"),
    ("GET", "/boom", {}, 500, "server-error"),
]


@pytest.fixture
def client(sample_store):
    app = create_app(Settings(store="memory:", query_timeout=10), store=sample_store)

    def boom():
        raise RuntimeError("deliberate failure for the error-shape test")

    app.add_url_rule("/boom", "boom", boom)
    yield app.test_client()
    executor = app.extensions.get("seckg.serving")
    if executor is not None:
        executor.close()


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [c[:4] for c in CASES],
                         ids=[c[4] for c in CASES])
def test_every_error_has_the_json_shape(client, method, path, kwargs, status):
    response = client.open(path, method=method, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert SHAPE <= set(error) <= SHAPE | OPTIONAL, error
    assert error["status"] == status
    assert isinstance(error["title"], str) and error["title"]
    assert isinstance(error["detail"], str) and error["detail"]
    if "line" in error:
        assert isinstance(error["line"], int) and isinstance(error["column"], int)


def test_syntax_errors_carry_line_and_column(client):
    response = client.get("/sparql", query_string={"query": "SELECT *\nWHERE { ?s ?p }"})
    error = response.get_json()["error"]
    assert (error["line"], error["column"]) == (2, 16)
    assert "line 2, column 16" in error["detail"]


def test_a_wrong_method_says_which_are_allowed(client):
    response = client.put("/sparql")
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_browsers_get_an_error_page(client):
    response = client.get("/no/such/path", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.mimetype == "text/html"
