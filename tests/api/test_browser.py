"""A person's visit in Debian's chromium (headless, no Playwright browser download).

Query page -> run an example -> result table -> follow a link -> entity page with its timeline
SVG and Arabic names right to left -> article with highlights. Screenshots (query.png,
entity.png, article.png, article-ar.png) go to a temporary folder, so a test run changes no
tracked file; ``python3 docs/make_screenshots.py`` sets $SECKG_SCREENSHOTS to
docs/screenshots/ and reruns this walk to remake the ones the docs show.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pages_conftest import ARTICLE

from api import create_app
from kg import open_store

pytestmark = [pytest.mark.browser, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]
SHOTS_ENV = "SECKG_SCREENSHOTS"      # set by docs/make_screenshots.py only
SHOTS = Path("/nonexistent")         # replaced per test by the `shots` fixture below
DATA = [ROOT / "tests" / "data" / "sample.trig", Path(__file__).parent / "ui" / "browser.trig"]
ARABIC_ARTICLE = "/id/article/sample0003"


@pytest.fixture(autouse=True)
def shots(tmp_path, monkeypatch) -> Path:
    """Where screenshots go: a temporary folder, or $SECKG_SCREENSHOTS when making docs."""
    folder = Path(os.environ.get(SHOTS_ENV) or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(sys.modules[__name__], "SHOTS", folder)
    return folder


@pytest.fixture
def base_url(settings, live_server) -> str:
    store = open_store("memory:")
    for path in DATA:
        store.load(path.read_bytes(), format="trig")
    return live_server(create_app(settings, store=store))


@pytest.fixture
def page(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Playwright refuses --user-data-dir in launch(); a persistent context takes it instead.
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium"), executable_path="/usr/bin/chromium", headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--disable-quic"],
            viewport={"width": 1200, "height": 900}, locale="en-GB")
        yield context.pages[0] if context.pages else context.new_page()
        context.close()


def test_a_visit_from_query_to_entity_to_article(base_url, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(base_url + "/")
    page.select_option("#examples", "statements-per-organisation-per-month")
    assert "COUNT(DISTINCT ?statement)" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector(".results-table tbody tr", timeout=15000)
    status = page.inner_text("#status")
    assert "row" in status, status
    assert "query=" in page.url                      # the query is in the shareable URL
    assert page.locator("#downloads a", has_text="csv").count() == 1
    header = page.locator(".results-table thead th").all_text_contents()
    assert header[:3] == ["organisation", "name", "month"]
    page.screenshot(path=str(SHOTS / "query.png"), full_page=True)

    page.locator(".results-table tbody a", has_text="org/sco").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/id/org/sco")
    assert page.inner_text("h1") == "Shanghai Cooperation Organisation"
    dots = page.locator("svg.timeline a.dot")
    assert dots.count() >= 4
    assert page.locator("ul.undated li").count() >= 1
    arabic = page.locator('span.lit[lang="ar"]').first
    assert arabic.get_attribute("dir") == "auto"
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.screenshot(path=str(SHOTS / "entity.png"), full_page=True)

    dots.first.click()
    page.wait_for_load_state()
    assert "/id/statement/" in page.url
    page.locator("dl.fields a", has_text="source").count()   # the page has loaded its fields
    page.goto(base_url + "/id/" + ARTICLE.rsplit("/id/", 1)[1].replace("0001", "0002"))
    marks = page.locator(".article-text a.hl")
    assert marks.count() == 3
    assert marks.first.inner_text() == "Regional security is our shared responsibility."
    page.screenshot(path=str(SHOTS / "article.png"), full_page=True)

    page.goto(base_url + ARABIC_ARTICLE + "?lang=ar")
    body = page.locator(".article-text")
    assert body.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator(".article-text a.hl").count() == 2
    page.screenshot(path=str(SHOTS / "article-ar.png"), full_page=True)
