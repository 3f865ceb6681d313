"""Security headers on every answer, and links only where they are safe (issue 9, item 10).

Every response (pages, /sparql, dumps, canned queries, static files, errors, even an
unexpected failure) carries a Content-Security-Policy without inline script or style,
``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``, ``nosniff`` and a Referrer-Policy;
the pages hold no inline script, event handler or style attribute the policy would block. A
sidecar ``url`` (or any IRI) of ``javascript:`` or ``data:`` is shown as text, never a link.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pages_conftest import html_of, make_dist

from api import create_app
from api.links import safe_href
from api.security_headers import HEADERS
from kg import Settings, open_store

ROOT = Path(__file__).resolve().parents[2]
DATA = [ROOT / "tests" / "data" / "sample.trig", Path(__file__).parent / "ui" / "browser.trig"]
ARTICLE = "https://w3id.org/seckg/id/article/sample0001"
HOSTILE = ["javascript:alert(document.domain)", "JavaScript:alert(1)",
           "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"]
# a statement minted outside our namespace, with a javascript: IRI, by the sample's official
EXTRA = f"""
<{ARTICLE}> <https://schema.org/url> <{HOSTILE[0]}> .
<{ARTICLE}> <https://schema.org/url> "{HOSTILE[2]}" .
<{ARTICLE}> <https://schema.org/sameAs> <{HOSTILE[1]}> .
<{HOSTILE[3]}> a <https://w3id.org/seckg/ns#Statement> ;
  <https://w3id.org/seckg/ns#speaker> <https://w3id.org/seckg/id/person/example-official> ;
  <https://schema.org/text> "A hostile statement"@en ;
  <http://purl.org/dc/terms/date> "2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
  <http://www.w3.org/ns/prov#wasDerivedFrom> <{ARTICLE}> .
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One app for the module, over the test data and the hostile addresses of EXTRA."""
    store = open_store("memory:")
    for path in DATA:
        store.load(path.read_bytes(), format="trig")
    store.load(EXTRA.encode(), format="turtle")
    settings = Settings(store="memory:", dist_dir=make_dist(tmp_path_factory.mktemp("dist")))
    app = create_app(settings, store=store)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


ROUTES = [
    ("GET", "/", {"Accept": "text/html"}, 200),
    ("GET", "/?lang=ar", {"Accept": "text/html"}, 200),
    ("GET", "/id/person/example-official", {"Accept": "text/html"}, 200),
    ("GET", "/id/article/sample0001", {"Accept": "text/html"}, 200),
    ("GET", "/id/org/sco.ttl", {}, 200),
    ("GET", "/sparql?query=ASK%7B%7D", {"Accept": "application/sparql-results+json"}, 200),
    ("GET", "/sparql?query=SELEC", {"Accept": "application/sparql-results+json"}, 400),
    ("GET", "/sparql", {}, 200),
    ("GET", "/dumps/", {"Accept": "text/html"}, 200),
    ("GET", "/dumps/seckg.ttl", {}, 200),
    ("GET", "/dumps/seckg.ttl.gz", {}, 200),
    ("GET", "/queries/", {"Accept": "application/json"}, 200),
    ("GET", "/queries/statements-by-official.csv", {}, 200),
    ("GET", "/queries/statements-by-official", {"Accept": "text/html"}, 200),
    ("GET", "/void", {"Accept": "text/turtle"}, 200),
    ("GET", "/static/query.js", {}, 200),
    ("GET", "/static/seckg.css", {}, 200),
    ("GET", "/healthz", {}, 200),
    ("GET", "/no/such/page", {"Accept": "text/html"}, 404),
    ("GET", "/id/person/nobody", {"Accept": "application/json"}, 404),
    ("DELETE", "/sparql", {}, 405),
]


@pytest.mark.parametrize(("method", "path", "headers", "status"), ROUTES,
                         ids=[f"{m} {p} {s}" for m, p, _, s in ROUTES])
def test_every_answer_carries_the_security_headers(client, method, path, headers, status):
    with client.open(path, method=method, headers=headers) as response:   # files get closed
        assert response.status_code == status, response.get_data(as_text=True)[:300]
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, name
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]


def test_a_not_modified_answer_carries_them_too(client):
    first = client.get("/id/person/example-official", headers={"Accept": "text/html"})
    again = client.get("/id/person/example-official",
                       headers={"Accept": "text/html", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]


def test_an_unexpected_failure_carries_them_too(tmp_path):
    store = open_store("memory:")
    app = create_app(Settings(store="memory:", dist_dir=tmp_path / "dist"), store=store)

    @app.get("/boom")
    def boom():
        raise RuntimeError("unexpected")

    response = app.test_client().get("/boom", headers={"Accept": "text/html"})
    assert response.status_code == 500
    assert response.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_policy_allows_no_inline_script_nor_framing():
    policy = dict(part.strip().split(" ", 1) for part in
                  HEADERS["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert "unsafe" not in HEADERS["Content-Security-Policy"]


PAGES = ["/", "/?lang=ar", "/id/person/example-official", "/id/article/sample0001",
         "/id/article/sample0003?lang=ar", "/id/statement/sample0001-1", "/id/org/sco",
         "/queries/", "/queries/statements-by-official", "/dumps/", "/void", "/id/nobody"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_hold_nothing_the_policy_would_block(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    elements = html_of(response.get_data(as_text=True))
    scripts = [e for e in elements if e.tag == "script"]
    assert all(s.attrs.get("src", "").startswith("/static/") and not s.text.strip()
               for s in scripts)
    assert not [e.tag for e in elements if e.tag == "style"]
    assert not [(e.tag, k) for e in elements for k in e.attrs
                if k == "style" or k.startswith("on")]
    links = [e.attrs["href"] for e in elements if e.tag in ("a", "link") and "href" in e.attrs]
    assert all(h.startswith(("/", "http://", "https://")) and not h.startswith("//")
               for h in links), [h for h in links if not h.startswith(("/", "http"))]


def test_a_javascript_or_data_url_is_shown_as_text_never_as_a_link(client):
    response = client.get("/id/article/sample0001", headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    elements = html_of(page)
    hrefs = [e.attrs.get("href", "") for e in elements]
    assert not [h for h in hrefs if re.match(r"\s*(javascript|data|vbscript):", h, re.I)]
    # the addresses are still there to read, as text
    shown = [e for e in elements if e.tag == "span" and "nolink" in (e.attrs.get("class") or "")]
    assert {e.attrs["title"] for e in shown} >= {HOSTILE[0], HOSTILE[1], HOSTILE[3]}
    assert HOSTILE[2].replace("<", "&lt;").replace(">", "&gt;") in page


def test_a_hostile_statement_iri_is_not_a_link_on_the_timeline_or_the_cards(client):
    page = client.get("/id/person/example-official", headers={"Accept": "text/html"})
    elements = html_of(page.get_data(as_text=True))
    assert not [e for e in elements if e.attrs.get("href", "").lower().startswith("vbscript")]
    dots = [e for e in elements if "dot" in (e.attrs.get("class") or "").split()]
    assert [e.tag for e in dots].count("g") == 1       # the hostile one, drawn without a link
    cards = [e for e in elements if "said" in (e.attrs.get("class") or "").split()]
    assert [c for c in cards if "href" not in c.attrs] and all(
        c.attrs.get("href", "/").startswith("/") for c in cards)


@pytest.mark.parametrize(("href", "expected"), [
    ("https://example.org/news/1", True), ("http://example.org", True), ("/id/org/cis", True),
    ("HTTPS://EXAMPLE.ORG/", True),
    ("javascript:alert(1)", False), ("JAVASCRIPT:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("java\nscript:alert(1)", False),
    ("\u202ejavascript:alert(1)", False), ("data:text/html,x", False), ("vbscript:x", False),
    ("//evil.example/", False), ("/\\evil.example", False), ("https:evil", False),
    ("https://", False), ("mailto:a@b.c", False), ("file:///etc/passwd", False), ("", False),
    (None, False), ("relative/path", False)],
    ids=lambda v: repr(v)[:24])
def test_safe_href(href, expected):
    assert (safe_href(href) is not None) is expected
