"""Direction and language on the pages, as the server writes them (Flask test client).

Every element holding language-tagged text carries that tag as ``lang`` and the tag's
direction as ``dir`` (``rtl`` for Arabic), untagged text alone gets ``dir="auto"``; the
article text takes its direction from the article's language, per paragraph and per
highlight, even when its first line is Latin; quotation marks sit inside the span of the
words they quote; ``?lang=`` and Accept-Language translate the interface from
api/messages/*.toml and turn the whole page right to left in Arabic.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from pages_conftest import html_of

from api import create_app, entity_view
from api.event_names import EVENT_KINDS
from api.i18n import (
    FOLDER,
    CatalogueError,
    direction,
    load_catalogues,
    plural_category,
)
from api.name_index import KINDS as NAME_KINDS
from kg import Settings, open_store

ROOT = Path(__file__).resolve().parents[2]
DATA = [ROOT / "tests" / "data" / "sample.trig", Path(__file__).parent / "ui" / "browser.trig"]
ID = "https://w3id.org/seckg/id/"
LATIN_FIRST = "/id/article/sample0004"          # Arabic, opens with the Latin line "Ru En"
ARABIC = "/id/article/sample0003"
ENGLISH = "/id/article/sample0002"
PERSON = "/id/person/example-official"
ORGANISATION = "/id/org/sco"
STATEMENT_AR = "/id/statement/sample0003-142-175"
TEMPLATES = ROOT / "api" / "templates"


@pytest.fixture(scope="module")
def store():
    store = open_store("memory:")
    for path in DATA:
        store.load(path.read_bytes(), format="trig")
    return store


@pytest.fixture(scope="module")
def app(store, tmp_path_factory):
    """One app over one store for the module (an app closes its store when it goes)."""
    settings = Settings(store="memory:", dist_dir=tmp_path_factory.mktemp("dist"))
    app = create_app(settings, store=store)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def _get(client, path: str, **headers: str):
    response = client.get(path, headers={"Accept": "text/html", **headers})
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    return response


def _page(client, path: str, **headers: str) -> list:
    return html_of(_get(client, path, **headers).get_data(as_text=True))


def _classes(element) -> list[str]:
    return (element.attrs.get("class") or "").split()


def _text_of(store, iri: str, prop: str = "https://schema.org/text") -> str:
    [row] = store.select(f"SELECT ?t WHERE {{ <{iri}> <{prop}> ?t }}")
    return str(row["t"])


# -- the article text -------------------------------------------------------------------------
def _article_text(page: str) -> str:
    """The HTML of the article text's block (its <div> and everything in it)."""
    start = page.index('<div class="article-text"')
    return page[start:page.index("</div>", start) + len("</div>")]


@pytest.mark.parametrize("lang", ["en", "ar", "ru"])
def test_arabic_article_text_is_rtl_from_its_language_even_with_a_latin_first_line(
        client, store, lang):
    page = _get(client, f"{LATIN_FIRST}?lang={lang}").get_data(as_text=True)
    elements = html_of(_article_text(page))
    body = elements[0]
    assert (body.attrs.get("lang"), body.attrs.get("dir")) == ("ar", "rtl")
    paragraphs = [e for e in elements if e.tag == "p"]
    assert len(paragraphs) == 6                      # "Ru En", blank, headline, blank, 2 lines
    assert paragraphs[0].text == "Ru En\n"
    assert all((p.attrs.get("lang"), p.attrs.get("dir")) == ("ar", "rtl") for p in paragraphs)
    marks = [e for e in elements if "hl" in _classes(e)]
    assert len(marks) == 3 and all((m.attrs.get("lang"), m.attrs.get("dir")) == ("ar", "rtl")
                                   for m in marks)
    assert not [e for e in elements if e.attrs.get("dir") == "auto"]
    # every character of the text is there, line ends included, in order
    assert body.text == _text_of(store, ID + "article/sample0004")


def test_a_quote_across_a_line_end_is_highlighted_in_both_paragraphs(client, store):
    elements = _page(client, LATIN_FIRST)
    marks = [e for e in elements if "hl" in _classes(e)]
    by_link: dict[str, str] = {}
    for mark in marks:
        by_link[mark.attrs["href"]] = by_link.get(mark.attrs["href"], "") + mark.text
    quote = "/id/statement/sample0004-79-110"
    assert by_link[quote] == "التعاون العسكري أولوية\nلبلداننا"
    assert sum(m.attrs["href"] == quote for m in marks) == 2


@pytest.mark.parametrize(("path", "kinds"), [
    (ARABIC, {"/id/statement/sample0003-142-175": "hl-direct",
              "/id/statement/sample0003-204-243": "hl-reported"}),
    (ENGLISH, {"/id/statement/sample0002-125-172": "hl-direct",
               "/id/statement/sample0002-188-235": "hl-reported",
               "/id/statement/sample0002-279-318": "hl-direct"}),
], ids=["ar", "en"])
def test_highlights_are_coloured_by_kind(client, path, kinds):
    marks = [e for e in _page(client, path) if "hl" in _classes(e)]
    assert {m.attrs["href"]: next(c for c in _classes(m) if c.startswith("hl-"))
            for m in marks} == kinds


@pytest.mark.parametrize(("lang", "direct", "reported", "title"), [
    ("en", "Direct quote", "Reported speech", "Highlights:"),
    ("ar", "اقتباس مباشر", "كلام منقول", "التظليل:"),
    ("ru", "Прямая речь", "Косвенная речь", "Выделение:"),
])
def test_the_article_page_has_a_legend_of_the_highlights(client, lang, direct, reported, title):
    elements = _page(client, f"{ARABIC}?lang={lang}")
    [legend] = [e for e in elements if "legend" in _classes(e)]
    assert legend.text.split()[0] == title.split()[0]
    swatches = {c: e.text for e in elements if "swatch" in _classes(e)
                for c in _classes(e) if c.startswith("hl-")}
    assert swatches == {"hl-direct": direct, "hl-reported": reported}
    # the swatches are not highlights: no page lists them among its statements
    assert not any("hl" in _classes(e) for e in elements if "swatch" in _classes(e))


# -- statement cards and other language-tagged text ----------------------------------------
@pytest.mark.parametrize("path", [PERSON, ORGANISATION], ids=["person", "organisation"])
def test_statement_cards_hold_their_quotation_marks_inside_the_quote(client, path):
    elements = _page(client, path)
    saids = [e for e in elements if "said" in _classes(e)]
    quotes = [e for e in elements if "quote" in _classes(e)]
    assert len(saids) == len(quotes) >= 7
    for said, quote in zip(saids, quotes, strict=True):
        assert said.text == quote.text                # nothing outside the quote's span
        marks = "«»" if quote.attrs.get("lang") == "ar" else "“”"
        assert quote.text[0] == marks[0] and quote.text[-1] == marks[1], quote.text
        assert quote.attrs.get("dir") == direction(quote.attrs.get("lang"))
    assert any(q.attrs.get("lang") == "ar" and q.attrs.get("dir") == "rtl" for q in quotes)


@pytest.mark.parametrize("path", [PERSON, ORGANISATION, ARABIC, ENGLISH, LATIN_FIRST,
                                  STATEMENT_AR, "/queries/statements-by-official"],
                         ids=["person", "organisation", "article-ar", "article-en",
                              "article-latin-first", "statement-ar", "canned"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_tagged_text_takes_lang_and_dir_from_its_tag(client, path, lang):
    elements = _page(client, f"{path}?lang={lang}")
    tagged = [e for e in elements if e.attrs.get("lang")]
    assert any(e.attrs["lang"] == "ar" for e in tagged)
    wrong = [(e.tag, e.attrs, e.text[:40]) for e in tagged
             if e.attrs.get("dir") != direction(e.attrs["lang"])]
    assert not wrong
    guessed = [(e.tag, e.attrs) for e in elements
               if e.attrs.get("dir") == "auto" and e.attrs.get("lang")]
    assert not guessed                                 # auto only where there is no tag


def test_table_cells_of_one_language_take_its_direction(client):
    elements = _page(client, PERSON)
    cells = [e for e in elements if e.tag == "td" and e.attrs.get("lang")]
    assert {(c.attrs["lang"], c.attrs["dir"]) for c in cells} == {("ar", "rtl"), ("en", "ltr")}
    arabic_name = next(c for c in cells if c.text.startswith("مسؤول مثال"))
    assert arabic_name.attrs["dir"] == "rtl"


def test_statement_page_quote_is_rtl(client):
    elements = _page(client, STATEMENT_AR)
    quote, twin = [e for e in elements if e.tag == "blockquote"]      # the statement, its twin
    assert (quote.attrs["lang"], quote.attrs["dir"]) == ("ar", "rtl")
    assert quote.text == "الأمن الإقليمي مسؤوليتنا المشتركة"
    assert (twin.attrs["lang"], twin.attrs["dir"]) == ("en", "ltr")


# -- the interface in three languages ----------------------------------------------------
@pytest.mark.parametrize(("lang", "page_dir", "nav", "statements", "names", "date"), [
    ("en", "ltr", ["Query", "Canned queries", "Dumps", "Dataset"], "Statements", "Names",
     "12 May 2025"),
    ("ar", "rtl", ["استعلام", "استعلامات جاهزة", "ملفات البيانات", "مجموعة البيانات"],
     "التصريحات", "الأسماء", "12 مايو 2025"),
    ("ru", "ltr", ["Запрос", "Готовые запросы", "Выгрузки", "Набор данных"], "Высказывания",
     "Имена и названия", "12 мая 2025 г."),
])
def test_lang_translates_the_interface(client, lang, page_dir, nav, statements, names, date):
    elements = _page(client, f"{PERSON}?lang={lang}")
    html = next(e for e in elements if e.tag == "html")
    assert (html.attrs["lang"], html.attrs["dir"]) == (lang, page_dir)
    header_nav = next(e for e in elements if e.tag == "nav")
    assert [e.text for e in elements if e.tag == "a" and e.text in nav] == nav
    assert all(word in header_nav.text for word in nav)
    headings = [e.text for e in elements if e.tag == "h2"]
    assert statements in headings and names in headings
    dates = [e for e in elements if e.tag == "time" and e.attrs.get("datetime") == "2025-05-12"]
    assert dates and all(d.text == date for d in dates)


def test_accept_language_picks_the_interface_and_the_page_varies_on_it(client):
    response = _get(client, PERSON, **{"Accept-Language": "ar-EG,ar;q=0.9,en;q=0.5"})
    html = next(e for e in html_of(response.get_data(as_text=True)) if e.tag == "html")
    assert (html.attrs["lang"], html.attrs["dir"]) == ("ar", "rtl")
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/", "/queries/", "/queries/statements-by-official",
                                  "/dumps/", "/void", PERSON, ORGANISATION, ARABIC, ENGLISH,
                                  STATEMENT_AR, "/id/post/sco/secretary-general",
                                  "/id/event/sample0001-1", "/search?q=مثال",
                                  "/search?q=nobody"],
                         ids=["query", "canned-list", "canned", "dumps", "void", "person",
                              "organisation", "article-ar", "article-en", "statement", "post",
                              "event", "search", "search-nothing"])
def test_no_english_interface_text_is_left_on_arabic_pages(client, path):
    en, ar = _catalogue("en"), _catalogue("ar")
    english = {v for k, v in en.items() if isinstance(v, str) and v != ar.get(k) and len(v) > 3}
    phrases = {p for text in english for p in re.split(r"\{\w+\}", text)
               if " " in p.strip() and len(p.strip()) > 10}
    page = _get(client, path + ("&" if "?" in path else "?") + "lang=ar").get_data(as_text=True)
    html = next(e for e in html_of(page) if e.tag == "html")
    assert (html.attrs["lang"], html.attrs["dir"]) == ("ar", "rtl")
    # English data (labels, statements, query titles, SPARQL) is marked lang="en" or is code
    for tag in ("title", "code", "pre", "textarea", "svg"):
        page = re.sub(rf"<{tag}\b.*?</{tag}>", "", page, flags=re.S)
    page = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', "", page, flags=re.S)
    elements = html_of(page)
    body = next(e for e in elements if e.tag == "body")
    assert not [p for p in phrases if p.strip() in body.text]
    assert not [(e.tag, e.text) for e in elements if e.text.strip() in english]


def test_error_pages_are_translated_too(client):
    response = client.get("/id/person/nobody?lang=ar", headers={"Accept": "text/html"})
    assert response.status_code == 404
    elements = html_of(response.get_data(as_text=True))
    html = next(e for e in elements if e.tag == "html")
    assert (html.attrs["lang"], html.attrs["dir"]) == ("ar", "rtl")
    assert next(e for e in elements if e.tag == "h1").text == "404 · غير موجود"


def test_the_language_links_keep_the_other_parameters(client):
    elements = _page(client, "/queries/statements-by-official?from=2025-01-01&lang=ru")
    links = {e.attrs["hreflang"]: e.attrs["href"] for e in elements if e.attrs.get("hreflang")}
    assert links["ar"] == "/queries/statements-by-official?from=2025-01-01&lang=ar"
    assert set(links) == {"en", "ar", "ru"}


@pytest.mark.parametrize("form", ['<form class="params-form"', '<form class="search"'])
def test_a_canned_query_form_keeps_the_interface_language(client, form):
    page = _get(client, "/queries/statements-by-official?lang=ar").get_data(as_text=True)
    start = page.index(form)
    elements = html_of(page[start:page.index("</form>", start)])
    kept = [e for e in elements if e.tag == "input" and e.attrs.get("name") == "lang"]
    assert [(e.attrs["type"], e.attrs["value"]) for e in kept] == [("hidden", "ar")]


def test_the_query_page_hands_its_script_the_messages_of_its_language(client):
    elements = _page(client, "/?lang=ru")
    form = next(e for e in elements if e.attrs.get("id") == "query-form")
    import json

    messages = json.loads(form.attrs["data-messages"])
    assert messages["lang"] == "ru" and messages["running"] == "Выполняется…"
    assert set(messages["rows"]) == {"one", "few", "many"}


# -- the catalogue ----------------------------------------------------------------------------
def _catalogue(lang: str) -> dict:
    return load_catalogues()[lang]


def test_every_catalogue_holds_the_same_keys():
    catalogues = load_catalogues()
    assert set(catalogues) == {"en", "ar", "ru"}
    assert set(catalogues["en"]) == set(catalogues["ar"]) == set(catalogues["ru"])


def test_every_message_the_templates_and_views_use_is_in_the_catalogue():
    keys = set(_catalogue("en"))
    used = set()
    views = ["entity_view.py", "sections.py", "event_names.py", "search.py", "claims.py"]
    for path in [*TEMPLATES.glob("*.html"), *(ROOT / "api" / name for name in views)]:
        used |= {key for key in re.findall(r"""(?:\b_n?|gettext|message)\(\s*["']([\w.]+)["']""",
                                           path.read_text()) if not key.endswith(".")}
    used |= {f"field.{name}" for name, _ in entity_view.STATEMENT_FIELDS}
    used |= {f"facts.{name}" for name, _ in entity_view.FACT_KINDS}
    used |= {f"mode.{name}" for name in entity_view.MODES.values()}
    used |= {f"name_kind.{p.rsplit('#', 1)[-1]}" for p in entity_view.LABELS}
    used |= {f"kind.{k}" for k in ("iri", "date", "language", "integer", "string")}
    used |= {f"event.kind.{k}" for k, _ in EVENT_KINDS} | {"event.kind.Event"}
    used |= {f"event.name.{k}" for k in ("organiser", "organiser_word", "place", "date")}
    used |= {f"entity_kind.{k}" for k, _ in NAME_KINDS}
    used |= {f"language_name.{k}" for k in ("en", "ar", "ru")}
    assert len(used) > 60
    assert used - keys == set()


def test_a_catalogue_missing_a_key_stops_the_app_naming_file_and_key(tmp_path):
    folder = tmp_path / "messages"
    shutil.copytree(FOLDER, folder)
    text = (folder / "ru.toml").read_text(encoding="utf-8")
    (folder / "ru.toml").write_text(text.replace('incoming = "Ссылаются сюда"\n', ""),
                                    encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"ru\.toml: missing key 'entity\.incoming'"):
        load_catalogues(folder)


def test_a_plural_lacking_a_form_of_its_language_is_refused(tmp_path):
    folder = tmp_path / "messages"
    shutil.copytree(FOLDER, folder)
    text = (folder / "ru.toml").read_text(encoding="utf-8")
    (folder / "ru.toml").write_text(text.replace('few = "{n} строки", ', ""), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"ru\.toml: plural 'canned\.rows' lacks .*few"):
        load_catalogues(folder)


def test_catalogue_files_are_toml_with_their_own_language():
    for path in FOLDER.glob("*.toml"):
        assert tomllib.loads(path.read_text(encoding="utf-8"))["language"] == path.stem


@pytest.mark.parametrize(("lang", "n", "category"), [
    ("en", 1, "one"), ("en", 0, "other"), ("en", 2, "other"),
    ("ru", 1, "one"), ("ru", 21, "one"), ("ru", 11, "many"), ("ru", 3, "few"), ("ru", 14, "many"),
    ("ru", 0, "many"), ("ar", 0, "zero"), ("ar", 2, "two"), ("ar", 5, "few"), ("ar", 11, "many"),
    ("ar", 100, "other"), ("ar", 103, "few")])
def test_plural_categories(lang, n, category):
    assert plural_category(lang, n) == category


@pytest.mark.parametrize(("tag", "expected"), [("ar", "rtl"), ("ar-EG", "rtl"), ("fa", "rtl"),
                                               ("en", "ltr"), ("ru", "ltr"), ("", None),
                                               (None, None)])
def test_direction_of_a_language_tag(tag, expected):
    assert direction(tag) == expected
