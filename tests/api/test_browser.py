"""A person's visit in Debian's chromium (headless, no Playwright browser download).

Query page -> run an example -> result table (our resources named by label) -> follow a link
-> entity page with its timeline SVG and Arabic names right to left -> article with
highlights; then what the browser makes of direction: an Arabic article (even one opening with
a Latin line) and Arabic statements read right to left, the whole page does under ``?lang=ar``,
and nothing the Content-Security-Policy blocks is on any page. The analyst's desk: the search
box's suggestions by name (an inflected Russian form finds the person), a canned query's IRI
parameter filled by picking a name, a statement beside its twin and its link to the passage,
the posts and tenures on top of a person's page. Screenshots go to a temporary folder, so a
test run changes no tracked file; ``python3 docs/make_screenshots.py`` sets
$SECKG_SCREENSHOTS to docs/screenshots/ and reruns these tests to remake the ones the docs
show (query.png, entity.png, article.png, article-ar.png, and PAGE-en.png, PAGE-ar.png for
every kind of page in either interface).
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
UI = Path(__file__).parent / "ui"
DATA = [ROOT / "tests" / "data" / "sample.trig", UI / "browser.trig", UI / "desk.trig"]
ARABIC_ARTICLE = "/id/article/sample0003"
LATIN_FIRST = "/id/article/sample0004"       # Arabic, its first line is "Ru En"
#: the pages the docs show, each in English and in Arabic
TOUR = [("query", "/"), ("person", "/id/person/example-official"),
        ("organisation", "/id/org/sco"), ("post", "/id/post/sco/secretary-general"),
        ("event", "/id/event/sample0007-47"),
        ("statement", "/id/statement/sample0002-279-318"),
        ("article-english", "/id/article/sample0002"), ("article-arabic", ARABIC_ARTICLE),
        ("search", "/search?q=%D9%85%D8%B3%D8%A4%D9%88%D9%84"),
        ("canned", "/queries/claims-with-reports")]
COMPUTED_DIRECTION = "e => getComputedStyle(e).direction"


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
def browser(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Playwright refuses --user-data-dir in launch(); a persistent context takes it instead.
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium"), executable_path="/usr/bin/chromium", headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--disable-quic"],
            viewport={"width": 1200, "height": 900}, locale="en-GB")
        yield context
        context.close()


@pytest.fixture
def refused(browser) -> list[str]:
    """Console messages of the pages that say the Content-Security-Policy refused something."""
    messages: list[str] = []
    browser.on("console", lambda m: messages.append(m.text)
               if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    return messages


@pytest.fixture
def page(browser, refused):
    return browser.pages[0] if browser.pages else browser.new_page()


def test_a_visit_from_query_to_entity_to_article(base_url, page, refused):
    page.goto(base_url + "/")
    page.select_option("#examples", "statements-per-organisation-per-month")
    assert "COUNT(DISTINCT ?claim)" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector(".results-table tbody tr", timeout=15000)
    status = page.inner_text("#status")
    assert "row" in status, status
    assert "query=" in page.url                      # the query is in the shareable URL
    assert page.locator("#downloads a", has_text="csv").count() == 1
    header = page.locator(".results-table thead th").all_text_contents()
    assert header[:3] == ["organisation", "name", "month"]
    page.screenshot(path=str(SHOTS / "query.png"), full_page=True)

    # our resources are named by their labels once /labels.json has answered
    page.wait_for_selector("#results.labelled", timeout=15000)
    sco = page.locator('.results-table tbody a[data-iri$="/org/sco"]').first
    assert sco.inner_text() == "Shanghai Cooperation Organisation"
    sco.click()
    page.wait_for_load_state()
    assert page.url.endswith("/id/org/sco")
    assert page.inner_text("h1") == "Shanghai Cooperation Organisation"
    dots = page.locator("svg.timeline a.dot")
    assert dots.count() >= 4
    assert page.locator(".claim-group h3 .undated").count() == 1     # the undated claims, last
    arabic = page.locator('span.lit[lang="ar"]').first
    assert arabic.get_attribute("dir") == "rtl"
    assert arabic.evaluate(COMPUTED_DIRECTION) == "rtl"
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
    assert body.evaluate(COMPUTED_DIRECTION) == "rtl"
    assert page.locator(".article-text a.hl").count() == 2
    page.screenshot(path=str(SHOTS / "article-ar.png"), full_page=True)
    assert not refused


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_arabic_article_reads_right_to_left_even_when_its_first_line_is_latin(
        base_url, page, lang):
    page.goto(f"{base_url}{LATIN_FIRST}?lang={lang}")
    body = page.locator(".article-text")
    assert body.evaluate(COMPUTED_DIRECTION) == "rtl"
    paragraphs = page.locator(".article-text p")
    assert paragraphs.count() == 6
    assert paragraphs.evaluate_all("ps => ps.map(p => getComputedStyle(p).direction)") == [
        "rtl"] * 6
    marks = page.locator(".article-text a.hl")
    assert marks.evaluate_all("ms => ms.map(m => getComputedStyle(m).direction)") == ["rtl"] * 3
    # "Ru En" sits at the right edge of the text block, as an Arabic line does
    edges = paragraphs.first.evaluate("""p => {
        const range = document.createRange(); range.selectNodeContents(p);
        const text = range.getBoundingClientRect(), box = p.getBoundingClientRect();
        return [box.right - text.right, text.left - box.left]; }""")
    assert edges[0] < 2 and edges[1] > 100, edges
    # the kinds look different: a direct quote and reported speech have different backgrounds
    direct = page.locator(".article-text a.hl-direct").first
    reported = page.locator(".article-text a.hl-reported").first
    colour = "e => getComputedStyle(e).backgroundColor"
    assert direct.evaluate(colour) != reported.evaluate(colour)
    legend = page.locator(".legend .swatch")
    assert legend.count() == 2
    assert legend.nth(0).evaluate(colour) == direct.evaluate(colour)
    assert legend.nth(1).evaluate(colour) == reported.evaluate(colour)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_arabic_statements_read_right_to_left_with_their_marks_inside(base_url, page, lang):
    page.goto(f"{base_url}/id/person/example-official?lang={lang}")
    quotes = page.locator('.statements .quote[lang="ar"]')
    assert quotes.count() >= 3
    assert set(quotes.evaluate_all("qs => qs.map(q => getComputedStyle(q).direction)")) == {"rtl"}
    texts = quotes.all_inner_texts()
    assert all(t.startswith("«") and t.endswith("»") for t in texts), texts
    english = page.locator('.statements .quote[lang="en"]').first
    assert english.evaluate(COMPUTED_DIRECTION) == "ltr"
    page.goto(f"{base_url}/id/statement/sample0003-142-175?lang={lang}")
    assert page.locator(".report.this blockquote").evaluate(COMPUTED_DIRECTION) == "rtl"
    assert page.locator(".report:not(.this) blockquote").evaluate(COMPUTED_DIRECTION) == "ltr"


def test_the_whole_page_is_right_to_left_in_arabic(base_url, page, refused):
    page.goto(base_url + "/?lang=ar")
    html = page.locator("html")
    assert html.evaluate(COMPUTED_DIRECTION) == "rtl"
    assert page.locator("main h1").evaluate(COMPUTED_DIRECTION) == "rtl"
    assert page.inner_text("#run") == "نفّذ الاستعلام"
    # the header runs from the right: the brand is right of the menu
    brand = page.locator("header.top .brand").bounding_box()
    menu = page.locator("header.top nav").bounding_box()
    assert brand["x"] > menu["x"]
    # the SPARQL editor stays left to right
    assert page.locator("#query").evaluate(COMPUTED_DIRECTION) == "ltr"
    page.select_option("#examples", "statements-per-organisation-per-month")
    page.click("#run")
    page.wait_for_selector(".results-table tbody tr", timeout=15000)
    status = page.inner_text("#status")
    assert "مللي ثانية" in status and "row" not in status, status   # the status speaks Arabic
    page.goto(base_url + "/?lang=en")
    assert page.locator("html").evaluate(COMPUTED_DIRECTION) == "ltr"
    assert not refused


def test_the_query_page_marks_language_and_never_links_a_script_address(base_url, page, refused):
    query = ('SELECT ?x ?label WHERE { BIND(IRI("javascript:alert(1)") AS ?x) '
             '<https://w3id.org/seckg/id/org/sco> <http://www.w3.org/2000/01/rdf-schema#label> '
             '?label FILTER(lang(?label) = "ar") }')
    page.goto(base_url + "/")
    page.fill("#query", query)
    page.click("#run")
    page.wait_for_selector(".results-table tbody tr", timeout=15000)
    assert page.locator('.results-table a[href^="javascript"]').count() == 0
    shown = page.locator(".results-table .nolink")
    assert shown.count() == 1 and shown.get_attribute("title") == "javascript:alert(1)"
    cell = page.locator('.results-table td[lang="ar"]')
    assert cell.count() == 1 and cell.evaluate(COMPUTED_DIRECTION) == "rtl"
    assert not refused


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_kind_of_page_in_english_and_arabic(base_url, page, refused, lang):
    """Screenshots PAGE-LANG.png for the docs; each page in the interface's direction."""
    for name, path in TOUR:
        page.goto(f"{base_url}{path}{'&' if '?' in path else '?'}lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").evaluate(COMPUTED_DIRECTION) == (
            "rtl" if lang == "ar" else "ltr"), name
        if name == "query":
            page.select_option("#examples", "statements-per-organisation-per-month")
            page.click("#run")
            page.wait_for_selector(".results-table tbody tr", timeout=15000)
        page.screenshot(path=str(SHOTS / f"{name}-{lang}.png"), full_page=True)
    assert not refused


# -- the analyst's desk ------------------------------------------------------------------------
def _suggestions(page, box, text: str):
    box.click()
    box.press_sequentially(text, delay=20)
    page.wait_for_selector("ul.suggestions:not([hidden]) li", timeout=15000)
    return page.locator("ul.suggestions:not([hidden]) li")


def test_the_search_box_suggests_names_in_any_inflection_and_opens_the_page(
        base_url, page, refused):
    page.goto(base_url + "/id/org/sco")
    box = page.locator("header form.search input[name=q]")
    options = _suggestions(page, box, "Бывшего Чиновника")      # a hidden, inflected form
    assert options.first.locator(".name").inner_text() == "Former Official"
    assert options.first.locator(".matched").inner_text() == "Бывшего Чиновника"
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/id/person/former-official")
    assert page.inner_text("h1") == "Former Official"
    # the same in Arabic: the page and the suggestions read right to left
    page.goto(base_url + "/id/org/sco?lang=ar")
    box = page.locator("header form.search input[name=q]")
    options = _suggestions(page, box, "مَسْؤُول")                   # with harakat
    names = options.locator(".name")
    assert set(names.all_inner_texts()) == {"مسؤول مثال", "مسؤول سابق"}
    assert names.first.evaluate(COMPUTED_DIRECTION) == "rtl"
    box_right = box.bounding_box()
    listed = page.locator("ul.suggestions:not([hidden])").bounding_box()
    assert abs((listed["x"] + listed["width"]) - (box_right["x"] + box_right["width"])) < 2
    page.screenshot(path=str(SHOTS / "search-suggestions-ar.png"))
    box.press("Enter")                                             # no choice: the search page
    page.wait_for_url("**/search?**")
    assert page.locator("ol.search-results li").count() == 2
    assert not refused


def test_a_canned_query_parameter_is_filled_by_picking_a_name(base_url, page, refused):
    page.goto(base_url + "/queries/statements-by-official")
    box = page.locator("input[name=official]")
    box.fill("")
    options = _suggestions(page, box, "Former")
    options.first.click()
    assert box.input_value() == "https://w3id.org/seckg/id/person/former-official"
    assert page.inner_text("#chosen-official") == "= Former Official"
    page.click(".params-form button[type=submit]")
    page.wait_for_load_state()
    cells = page.locator(".results-table tbody a.said, .results-table tbody a").all_inner_texts()
    assert "“Examplestan and Samplia will hold joint exercises.”" in cells
    # a name typed and sent without picking is looked up by the server
    page.goto(base_url + "/queries/statements-by-official?official=Бывший+Чиновник")
    assert page.inner_text("#chosen-official") == "= Former Official"
    assert page.locator(".results-table tbody tr").count() == 2
    assert not refused


def test_the_query_page_names_statements_by_their_words(base_url, page, refused):
    page.goto(base_url + "/?lang=ar")
    page.fill("#query", "PREFIX seckg: <https://w3id.org/seckg/ns#>\n"
                        "SELECT ?s WHERE { ?s a seckg:Statement ; seckg:speaker "
                        "<https://w3id.org/seckg/id/person/former-official> } ORDER BY ?s")
    page.click("#run")
    page.wait_for_selector("#results.labelled", timeout=15000)
    links = page.locator(".results-table tbody a")
    assert links.all_inner_texts() == ["“Examplestan and Samplia will hold joint exercises.”",
                                       "«ستجري إكزامبلستان وسامبليا مناورات مشتركة»"]
    assert links.nth(1).evaluate(COMPUTED_DIRECTION) == "rtl"
    assert links.nth(0).get_attribute("title").endswith("/statement/sample0006-165-215")
    assert not refused


def test_a_statement_stands_beside_its_twin_and_links_to_its_passage(base_url, page, refused):
    page.goto(base_url + "/id/statement/sample0002-279-318?lang=ar")
    this, twin = page.locator("figure.report").all()
    a, b = this.bounding_box(), twin.bounding_box()
    assert abs(a["y"] - b["y"]) < 2 and a["x"] > b["x"]       # side by side, from the right
    assert this.locator("blockquote").evaluate(COMPUTED_DIRECTION) == "ltr"   # English words
    assert twin.get_attribute("lang") == "ru"
    assert "15 أكتوبر 2024" in page.locator("dl.fields").inner_text()     # the twin's date
    page.locator("dl.fields a.passage").click()
    page.wait_for_url("**/id/article/sample0002#statement-sample0002-279-318")
    target = page.locator(":target")
    assert target.inner_text() == "Dialogue is the only path to stability."
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    box = target.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]         # scrolled into view
    assert not refused


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_person_page_opens_with_posts_then_claims(base_url, page, refused, lang):
    page.goto(f"{base_url}/id/person/former-official?lang={lang}")
    tenures = page.locator("table.tenures").bounding_box()
    claims = page.locator(".claims").bounding_box()
    assert tenures["y"] < claims["y"]
    assert page.locator("table.tenures").evaluate(COMPUTED_DIRECTION) == (
        "rtl" if lang == "ar" else "ltr")
    reports = page.locator("li.claim ul.reports li")
    assert reports.count() == 1                     # the Arabic report beside the English one
    assert not refused
