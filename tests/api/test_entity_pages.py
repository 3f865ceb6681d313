"""Entity-centred pages (issue 10 item 2), as the server writes them (Flask test client).

Over tests/data/sample.trig, tests/api/ui/browser.trig and tests/api/ui/desk.trig (invented
names): a person opens with posts and tenures and lists no hidden (match-only) names; claims
are grouped by date and event, a statement reported twice counted once with its other report
beside it; an organisation lists its sub-bodies, member states and officials over time; a
post its holders with dates; an event is named from its kind, organiser, place and date (also
through the same event in another report) with its attendees, the passages that tell of it
and what was said there; a statement has its date (also a twin's), a link to its highlighted
passage, whose anchor the article page carries, and its twins side by side.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pages_conftest import html_of

from api import create_app
from kg import Settings, open_store

ROOT = Path(__file__).resolve().parents[2]
UI = Path(__file__).parent / "ui"
DATA = [ROOT / "tests" / "data" / "sample.trig", UI / "browser.trig", UI / "desk.trig"]
PERSON = "/id/person/example-official"
FORMER = "/id/person/former-official"
SCO = "/id/org/sco"
POST = "/id/post/sco/secretary-general"
EVENT_EN = "/id/event/sample0006-88"            # dated, with organiser and attendees
EVENT_AR = "/id/event/sample0007-47"            # «اجتماع»: undated, no organiser of its own
STATEMENT_AR = "/id/statement/sample0007-65-106"        # undated; its English twin is dated
STATEMENT_EN = "/id/statement/sample0006-165-215"
UNDATED_EN = "/id/statement/sample0002-279-318"          # its Russian report dates it


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = open_store("memory:")
    for path in DATA:
        store.load(path.read_bytes(), format="trig")
    app = create_app(Settings(store="memory:", dist_dir=tmp_path_factory.mktemp("dist")),
                     store=store)
    app.config["TESTING"] = True
    return app.test_client()


def _page(client, path: str, lang: str = "en") -> list:
    response = client.get(path, query_string={"lang": lang}, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return html_of(response.get_data(as_text=True))


def _classes(element) -> list[str]:
    return (element.attrs.get("class") or "").split()


def _one(elements, tag: str, cls: str):
    [found] = [e for e in elements if e.tag == tag and cls in _classes(e)]
    return found


def _fields(elements, nth: int = 0) -> dict[str, str]:
    """The ``nth`` description list of the page as {term: description}, spaces normalised."""
    lists = [e for e in elements if e.tag == "dl"]
    start = elements.index(lists[nth])
    out, name = {}, None
    for e in elements[start + 1:]:
        if e.tag == "dl":
            break
        if e.tag == "dt":
            name = " ".join(e.text.split())
        elif e.tag == "dd" and name is not None:
            out[name] = " ".join(e.text.split())
            name = None
    return out


def _tenure_rows(elements) -> list[list[str]]:
    rows, current = [], None
    inside = False
    for e in elements:
        if e.tag == "table" and "tenures" in _classes(e):
            inside = True
        elif inside and e.tag == "tr":
            current = []
            rows.append(current)
        elif inside and e.tag in ("td",) and current is not None:
            current.append(" ".join(e.text.split()))
        elif inside and e.tag in ("section", "h2"):
            break
    return [r for r in rows if r]


def _headings(elements, tag: str = "h2") -> list[str]:
    return [" ".join(e.text.split()) for e in elements if e.tag == tag]


# -- persons ----------------------------------------------------------------------------
def test_a_person_opens_with_posts_and_tenures(client):
    elements = _page(client, PERSON)
    assert _headings(elements)[0] == "Posts and tenures"
    assert _tenure_rows(elements) == [["Secretary-General of the SCO",
                                       "Shanghai Cooperation Organisation", "1 January 2024",
                                       "now"]]
    former = _page(client, FORMER, "ar")
    assert _tenure_rows(former) == [["Secretary-General of the SCO", "منظمة شنغهاي للتعاون",
                                     "1 يناير 2019", "31 ديسمبر 2023"]]


def test_a_person_lists_no_hidden_inflections_among_their_names(client):
    elements = _page(client, PERSON)
    names = _one(elements, "table", "names").text
    assert "Экзампл Офишиал" in names and "E. Official" in names
    assert "Офишиала" not in names and "Офишиалом" not in names
    assert "matched form" not in names


def test_a_persons_claims_are_grouped_by_date_and_event_each_counted_once(client):
    elements = _page(client, PERSON)
    groups = [" ".join(e.text.split()) for e in elements
              if e.tag == "h3" and "when" in _classes(e)]
    assert groups == ["15 October 2024", "20 November 2024",
                      "4 March 2025 · Meeting of the Shanghai Cooperation Organisation in "
                      "Tashkent, 4 March 2025", "12 May 2025", "Undated"]
    claims = [e for e in elements if e.tag == "li" and "claim" in _classes(e)]
    assert len(claims) == 7                      # nine statements, two of them reported twice
    twice = next(c for c in claims if "Regional security" in c.text)
    assert "الأمن الإقليمي مسؤوليتنا المشتركة" in twice.text and "Arabic" in twice.text
    count = _one(elements, "p", "claims-count")
    assert count.text.startswith("7 claims")


def test_a_claim_undated_in_the_readers_report_says_which_report_dates_it(client):
    elements = _page(client, PERSON)
    claim = next(e for e in elements if e.tag == "li" and "claim" in _classes(e)
                 and "Dialogue is the only path" in e.text)
    assert "dated by the report in Russian" in " ".join(claim.text.split())
    group = [e for e in elements if e.tag == "h3" and "when" in _classes(e)][0]
    assert group.text.strip() == "15 October 2024"


def test_pointing_here_no_longer_repeats_every_statement(client):
    elements = _page(client, PERSON)
    incoming = _one(elements, "table", "incoming")
    assert "seckg:speaker" not in incoming.text and "schema:mentions" in incoming.text


def test_a_person_lists_the_events_attended(client):
    elements = _page(client, PERSON)
    attended = _one(elements, "ul", "attended")
    assert " ".join(attended.text.split()) == (
        "4 March 2025 Meeting of the Shanghai Cooperation Organisation in Tashkent, 4 March 2025")


# -- organisations and posts -------------------------------------------------------------
def test_an_organisation_lists_sub_bodies_member_states_and_officials_over_time(client):
    elements = _page(client, SCO)
    assert _one(elements, "ul", "bodies").text.strip() == "SCO Council of Example Ministers"
    members = elements.index(_one(elements, "ul", "members"))
    assert [e.text for e in elements[members:members + 5] if e.tag == "li"] == ["Examplestan",
                                                                              "Samplia"]
    assert _tenure_rows(elements) == [
        ["Former Official", "Secretary-General of the SCO", "Shanghai Cooperation Organisation",
         "1 January 2019", "31 December 2023"],
        ["Council Chair", "Chair of the SCO Council of Example Ministers",
         "SCO Council of Example Ministers", "1 June 2021", "now"],
        ["Example Official", "Secretary-General of the SCO", "Shanghai Cooperation Organisation",
         "1 January 2024", "now"]]
    incoming = [e for e in elements if e.tag == "table" and "incoming" in _classes(e)]
    assert not incoming or "org:memberOf" not in incoming[0].text


def test_an_organisations_claims_include_its_sub_bodies_officials(client):
    elements = _page(client, SCO)
    claims = [" ".join(e.text.split()) for e in elements
              if e.tag == "li" and "claim" in _classes(e)]
    assert any(c.startswith("Council Chair “the council would meet again") for c in claims)


def test_a_post_lists_its_holders_with_dates_and_what_was_said_in_it(client):
    elements = _page(client, POST, "ru")
    assert _tenure_rows(elements) == [["Бывший Чиновник", "1 января 2019 г.", "31 декабря 2023 г."],
                                      ["Экзампл Офишиал", "1 января 2024 г.", "по сей день"]]
    assert "Сказано в этой должности" in _headings(elements)
    assert "Связи" not in _headings(elements)       # every link shown above: no empty section
    claims = [e for e in elements if e.tag == "li" and "claim" in _classes(e)]
    assert len(claims) == 6 and claims[0].text.split()[:2] == ["Бывший", "Чиновник"]


# -- events ------------------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Meeting of the SCO Council of Example Ministers in Tashkent, 1 June 2022"),
    ("ar", "اجتماع مجلس الوزراء المثاليين لمنظمة شنغهاي في طشقند، 1 يونيو 2022"),
    ("ru", "Встреча: Совет примерных министров ШОС, Tashkent, 1 июня 2022 г."),
])
def test_an_event_is_named_from_what_the_text_says_not_its_one_word(client, lang, title):
    """The Arabic report calls it just «اجتماع» and gives no date nor organiser: its name
    comes from its kind and place and, through the same event's English report, its
    organiser and date."""
    elements = _page(client, EVENT_AR, lang)
    h1 = next(e for e in elements if e.tag == "h1")
    assert h1.text == title
    assert (h1.attrs["lang"], h1.attrs["dir"]) == (lang, "rtl" if lang == "ar" else "ltr")


def test_an_event_has_its_date_place_organiser_attendees_and_statements(client):
    elements = _page(client, EVENT_AR)
    fields = _fields(elements)
    assert fields["what"] == "Meeting · «اجتماع»"
    assert fields["when"] == ("1 June 2022 from another report of it: English · SCO ministers "
                              "meet in Tashkent")
    twin = next(e for e in elements if e.tag == "a" and "twin" in _classes(e))
    assert twin.attrs["href"] == EVENT_EN
    assert fields["where"] == "Tashkent"
    assert fields["organiser"] == "SCO Council of Example Ministers"
    attendees = elements.index(_one(elements, "ul", "attendees"))
    assert [e.text for e in elements[attendees:attendees + 5] if e.tag == "li"] == [
        "Council Chair", "Former Official"]
    # the passages that tell of it, the words marked, each linked to its place in the article
    marks = [e.text for e in elements if e.tag == "mark"]
    assert sorted(marks) == ["meeting", "اجتماع"]
    told = [e for e in elements if e.tag == "blockquote" and "told" in _classes(e)]
    assert {(e.attrs["lang"], e.attrs["dir"]) for e in told} == {("en", "ltr"), ("ar", "rtl")}
    links = {e.attrs["href"] for e in elements if e.tag == "a" and "passage" in _classes(e)}
    assert {"/id/article/sample0007#event-sample0007-47",
            "/id/article/sample0006#event-sample0006-88"} <= links
    # what was said there, at it or at the same event in the other report, counted once
    claims = [e for e in elements if e.tag == "li" and "claim" in _classes(e)]
    assert len(claims) == 2
    assert "«ستجري إكزامبلستان وسامبليا مناورات مشتركة»" in claims[0].text
    # one group: at this event or at its report in the other article is the same event
    groups = [e for e in elements if e.tag == "h3" and "when" in _classes(e)]
    assert [" ".join(g.text.split()) for g in groups] == [
        "1 June 2022 · Meeting of the SCO Council of Example Ministers in Tashkent, 1 June 2022"]
    # its own report's passage first
    first = next(e for e in elements if e.tag == "blockquote" and "told" in _classes(e))
    assert first.attrs["lang"] == "ar"


def test_an_event_with_its_own_date_does_not_borrow_one(client):
    elements = _page(client, EVENT_EN)
    fields = _fields(elements)
    assert fields["when"] == "1 June 2022" and fields["what"] == "Meeting · “meeting”"


# -- statements and articles ---------------------------------------------------------------
def test_a_statement_without_a_date_takes_its_twins_and_says_so(client):
    elements = _page(client, STATEMENT_AR)
    assert _fields(elements)["date"] == "1 June 2022 dated by the report in English"
    twin = next(e for e in elements if e.tag == "a" and "twin" in _classes(e))
    assert twin.attrs["href"] == STATEMENT_EN
    day = next(e for e in elements if e.tag == "time" and e.attrs.get("datetime") == "2022-06-01")
    assert day.text == "1 June 2022"


def test_a_statement_links_to_its_highlighted_passage(client):
    elements = _page(client, STATEMENT_AR)
    evidence = next(e for e in elements if e.tag == "a" and "passage" in _classes(e)
                    and "characters" in e.text)
    href = evidence.attrs["href"]
    assert href == "/id/article/sample0007#statement-sample0007-65-106"
    page, anchor = href.split("#")
    target = [e for e in _page(client, page) if e.attrs.get("id") == anchor]
    assert len(target) == 1 and "hl" in _classes(target[0])
    assert target[0].attrs["href"] == STATEMENT_AR
    assert target[0].text == "ستجري إكزامبلستان وسامبليا مناورات مشتركة"


def test_a_statement_stands_beside_its_twins_in_other_languages(client):
    elements = _page(client, UNDATED_EN)
    figures = [e for e in elements if e.tag == "figure" and "report" in _classes(e)]
    assert [(f.attrs["lang"], "this" in _classes(f)) for f in figures] == [("en", True),
                                                                        ("ru", False)]
    quotes = [e for e in elements if e.tag == "blockquote"]
    assert [q.text for q in quotes] == ["Dialogue is the only path to stability.",
                                        "Диалог — единственный путь к стабильности"]
    assert "15 October 2024" in figures[1].text and "Russian" in figures[1].text
    # the twins are beside it, not repeated among the fields
    assert "same statement as" not in _fields(elements)


@pytest.mark.parametrize("article", ["sample0002", "sample0003", "sample0006", "sample0007"])
def test_every_passage_on_an_article_page_has_one_anchor(client, article):
    elements = _page(client, f"/id/article/{article}")
    ids = [e.attrs["id"] for e in elements if e.attrs.get("id")]
    hrefs = {e.attrs["href"] for e in elements if e.tag == "a" and {"hl", "mention"} & set(
        _classes(e))}
    expected = {"statement-" + h.rsplit("/", 1)[1] if "/statement/" in h
                else "event-" + h.rsplit("/", 1)[1] for h in hrefs}
    assert expected <= set(ids) and len(ids) == len(set(ids))


def test_an_event_mentioned_in_an_article_is_marked_and_in_the_legend(client):
    elements = _page(client, "/id/article/sample0007", "ar")
    [mention] = [e for e in elements if e.tag == "a" and _classes(e) == ["mention"]]
    assert (mention.text, mention.attrs["href"]) == ("اجتماع", EVENT_AR)
    assert (mention.attrs["lang"], mention.attrs["dir"]) == ("ar", "rtl")
    swatches = [e.text for e in elements if "swatch" in _classes(e)]
    assert swatches == ["اقتباس مباشر", "كلام منقول", "حدث مذكور"]


def test_statements_in_result_tables_are_shown_by_their_words(client):
    response = client.get("/queries/statements-by-official",
                          query_string={"official": "https://w3id.org/seckg/id/person/"
                                                    "former-official"},
                          headers={"Accept": "text/html"})
    elements = html_of(response.get_data(as_text=True))
    link = next(e for e in elements if e.tag == "a"
                and e.attrs.get("href") == STATEMENT_EN)
    assert link.text == "“Examplestan and Samplia will hold joint exercises.”"
    assert link.attrs["title"] == "https://w3id.org/seckg/id" + STATEMENT_EN.removeprefix("/id")
