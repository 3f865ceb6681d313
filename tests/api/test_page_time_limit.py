"""Pages and canned queries answer with the query time limit too: past it the reader gets a
503 that says so, never a hung request or a 500. (A server store applies its own limit and
the client's read timeout: tests/api/test_sparql_clients.py stops a slow query on both.)"""

from __future__ import annotations

from pathlib import Path

from api import create_app
from kg import Settings, open_store

DATA = Path(__file__).resolve().parent.parent / "data"


def test_a_page_past_the_time_limit_is_a_503_that_says_so():
    store = open_store("memory:")
    store.load((DATA / "sample.trig").read_bytes(), format="trig")
    app = create_app(Settings(store="memory:", query_timeout=0.001, query_workers=1),
                     store=store)
    try:
        for path in ("/id/org/sco", "/queries/statements-by-official"):
            response = app.test_client().get(path, headers={"Accept": "text/html"})
            assert response.status_code == 503, (path, response.status_code)
            assert "time limit" in response.get_data(as_text=True)
    finally:
        app.extensions["seckg.store"].close()
