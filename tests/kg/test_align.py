"""Alignment across reports: one-to-one, parts of a quote split by one report, events,
blocking, and the invariants (symmetric, deterministic)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from kg.align import align, align_all, blocks, statements_of
from kg.build import Toolkit, alignment_graph, process_article
from kg.config import Settings
from kg.iris import ID, event_iri, statement_iri
from kg.model import EventRecord, Extraction, StatementRecord
from kg.namespaces import SECKG

ROOT = Path(__file__).resolve().parents[2]
SPEAKER = f"{ID}person/anna-example"
OTHER = f"{ID}person/boris-example"
MOSCOW, MINSK = f"{ID}place/moscow", f"{ID}place/minsk"
CIS, NATO, US = f"{ID}org/cis", f"{ID}org/nato", f"{ID}state/united-states"
ORDER, SECURITY, TRADE = (f"{ID}topic/{t}" for t in ("world-order", "security", "trade"))


def quote(start: int, text: str, *mentions: str, speaker: str = SPEAKER, date: str | None = None,
          event: str | None = "e") -> StatementRecord:
    return StatementRecord(speaker, "direct", start, start + len(text), text, "said", "test",
                           date=date, event=event,
                           mentions=[m for m in mentions if "/topic/" not in m],
                           topics=[m for m in mentions if "/topic/" in m])


def meeting(start: int = 0, *, place: str | None = MOSCOW, date: str | None = None,
            kind: str = "Meeting", attendees: tuple[str, ...] = (), key: str = "e") -> EventRecord:
    return EventRecord(kind, start, start + 7, "meeting", "test", None, place, date,
                       list(attendees), key)


def report(lang: str, statements: list[StatementRecord], events: list[EventRecord] | None = None
           ) -> Extraction:
    return Extraction(lang, None, None, events=[meeting()] if events is None else events,
                      statements=statements)


def iri(key: str, rec: StatementRecord) -> str:
    return statement_iri(key, rec.start, rec.end)


# -- parts of a split quote ---------------------------------------------------------------

SPLIT_A = [quote(100, "These are hard times for the order of the world.", ORDER),
           quote(160, "Old wars flare again; the United States and NATO are to blame for it all.",
                 ORDER, US, NATO),
           quote(300, "Trade between our states grew by 12 percent this year.", TRADE, CIS)]
SPLIT_B = [quote(90, "Times are hard for the world order: old wars flare again, and the blame lies "
                     "with the United States and NATO.", ORDER, US, NATO),
           quote(260, "Our trade grew by 12 percent.", TRADE, CIS)]


def test_each_part_of_a_split_quote_links_to_the_whole():
    pairs = align([("a", report("en", SPLIT_A)), ("b", report("ru", SPLIT_B))])
    whole = iri("b", SPLIT_B[0])
    assert (iri("a", SPLIT_A[0]), whole) in pairs
    assert (iri("a", SPLIT_A[1]), whole) in pairs
    assert (iri("a", SPLIT_A[2]), iri("b", SPLIT_B[1])) in pairs
    assert len(pairs) == 3


def test_the_whole_may_be_in_either_report():
    pairs = align([("z", report("en", SPLIT_A)), ("b", report("ru", SPLIT_B))])
    assert (iri("b", SPLIT_B[0]), iri("z", SPLIT_A[0])) in pairs


def test_a_neighbour_sharing_only_an_organisation_is_not_a_part():
    a = [quote(100, "Our states agreed on a common plan for security, said the commonwealth.",
               SECURITY, CIS),
         quote(180, "The commonwealth will meet again soon in the spring.", CIS)]
    b = [quote(50, "The commonwealth's states agreed on a common security plan, and they will "
                   "meet again in the spring.", SECURITY, CIS)]
    pairs = align([("a", report("en", a)), ("b", report("ar", b))])
    assert pairs == [(iri("a", a[0]), iri("b", b[0]))]


def test_a_whole_no_longer_than_its_partner_takes_no_part():
    a = [quote(100, "These are hard times for the order of the world.", ORDER),
         quote(160, "Old wars flare again; the United States and NATO are to blame for it all.",
               ORDER, US, NATO)]
    b = [quote(90, "Old wars flare; the US and NATO are to blame.", ORDER, US, NATO)]
    pairs = align([("a", report("en", a)), ("b", report("ru", b))])
    assert pairs == [(iri("a", a[1]), iri("b", b[0]))]


def test_a_part_is_not_taken_from_a_statement_already_paired():
    a = [quote(100, "Trade between our states grew by 12 percent this year.", TRADE, CIS),
         quote(200, "Trade will grow by 12 percent more next year as well.", TRADE, CIS)]
    b = [quote(10, "Trade between our states grew by 12 percent this year, and it will grow by "
                   "12 percent more next year.", TRADE, CIS),
         quote(150, "Trade will grow by 12 percent next year.", TRADE, CIS)]
    pairs = align([("a", report("en", a)), ("b", report("ru", b))])
    assert sorted(pairs) == sorted([(iri("a", a[0]), iri("b", b[0])),
                                    (iri("a", a[1]), iri("b", b[1]))])


def test_parts_too_small_to_pair_alone_link_to_the_whole_together():
    a = [quote(100, "Trade across the border grew nine percent, up 9 from last spring.", TRADE),
         quote(180, "The alliance sent 12 more aircraft to the north, and that was before summer.",
               NATO)]
    b = [quote(80, "Trade grew 9 percent while the alliance sent 12 aircraft north; security in "
                   "a changing world order suffers, and the United States stands behind it.",
               TRADE, NATO, SECURITY, ORDER, US)]
    assert all(len(q.features) == 2 for q in statements_of("a", report("en", a)))
    pairs = align([("a", report("en", a)), ("b", report("ru", b))])
    assert pairs == sorted((iri("a", q), iri("b", b[0])) for q in a)


def test_no_run_of_parts_when_one_shares_only_an_organisation():
    a = [quote(100, "Trade across the border grew nine percent, up 9 from last spring.", TRADE),
         quote(180, "The alliance will hold its talks with the commonwealth at some point.",
               NATO, CIS)]
    b = [quote(80, "Trade grew 9 percent while the alliance sent aircraft north; security in "
                   "a changing world order suffers, and the United States stands behind it.",
               TRADE, NATO, SECURITY, ORDER, US)]
    assert align([("a", report("en", a)), ("b", report("ru", b))]) == []


@pytest.mark.parametrize(("change", "expected"), [
    (dict(speaker=OTHER), 0),
    (dict(date="2024-01-02"), 0),
    (dict(date="2024-01-01"), 3),
], ids=["other speaker", "other date", "same date"])
def test_candidates_share_speaker_and_occasion(change, expected):
    a = [quote(q.start, q.text, *q.mentions, *q.topics, date="2024-01-01") for q in SPLIT_A]
    b = [quote(q.start, q.text, *q.mentions, *q.topics, **change) for q in SPLIT_B]
    assert len(align([("a", report("en", a)), ("b", report("ru", b))])) == expected


# -- events -------------------------------------------------------------------------------

def test_events_of_aligned_statements_are_linked_and_one_report_dates_them():
    a = report("en", SPLIT_A, [meeting(5)])
    b = report("ar", [quote(q.start, q.text, *q.mentions, *q.topics, date="2024-11-07")
                      for q in SPLIT_B], [meeting(20, date="2024-11-07")])
    found = align_all([("a", a), ("b", b)])
    assert found.events == [(event_iri("a", 5), event_iri("b", 20))]


def test_an_event_told_inside_aligned_statements_is_linked():
    a = report("en", SPLIT_A, [meeting(5), meeting(310, key="t", place=MINSK)])
    b = report("ar", SPLIT_B, [meeting(20), meeting(270, key="t", place=MINSK,
                                                     date="2024-10-09")])
    found = align_all([("a", a), ("b", b)])
    assert (event_iri("a", 310), event_iri("b", 270)) in found.events
    assert (event_iri("a", 5), event_iri("b", 20)) in found.events
    assert len(found.events) == 2


@pytest.mark.parametrize(("ea", "eb", "linked"), [
    (meeting(date="2024-11-07", attendees=(OTHER,)), meeting(date="2024-11-07", attendees=(OTHER,)),
     True),
    (meeting(date="2024-11-07", attendees=(OTHER,)), meeting(date="2024-11-08", attendees=(OTHER,)),
     False),
    (meeting(attendees=(OTHER,)), meeting(date="2024-11-07", attendees=(OTHER,)), False),
    (meeting(date="2024-11-07", attendees=(OTHER,)),
     meeting(date="2024-11-07", attendees=(OTHER,), kind="Summit"), False),
    (meeting(date="2024-11-07", attendees=(OTHER,)), meeting(date="2024-11-07", attendees=(SPEAKER,)),
     False),
], ids=["same day and attendee", "other day", "one undated, no statement ties them", "other kind",
        "no shared person"])
def test_events_without_aligned_statements(ea, eb, linked):
    found = align_all([("a", report("en", [], [ea])), ("b", report("ar", [], [eb]))])
    assert bool(found.events) is linked


def test_events_in_other_places_are_not_linked_by_their_statements():
    a = report("en", SPLIT_A, [meeting(5, place=MINSK)])
    b = report("ar", [quote(q.start, q.text, *q.mentions, *q.topics, date="2024-11-07")
                      for q in SPLIT_B], [meeting(20, date="2024-11-07")])
    assert align_all([("a", a), ("b", b)]).events == []


# -- blocking -----------------------------------------------------------------------------

def test_only_articles_sharing_a_speaker_and_an_occasion_are_compared():
    many = {f"k{n:03}": statements_of(f"k{n:03}", report("en", [
        quote(0, "Trade grew by 12 percent.", TRADE, speaker=f"{ID}person/p{n % 10}",
              date=f"2024-01-{n % 25 + 1:02}", event=None)], [])) for n in range(500)}
    found = blocks(many)
    # 10 speakers, 25 days: articles n, m meet only when n = m mod 50, i.e. 50 groups of 10
    assert len(found) == 50 * 45            # not 500 * 499 / 2
    assert all(int(a[1:]) % 50 == int(b[1:]) % 50 for _s, a, b in found)


# -- invariants ---------------------------------------------------------------------------

FEATURES = [ORDER, SECURITY, TRADE, CIS, NATO, US]
statements = st.lists(st.tuples(st.sets(st.sampled_from(FEATURES), max_size=3),
                                st.integers(5, 120), st.sampled_from([SPEAKER, OTHER]),
                                st.sampled_from([None, "2024-11-07"])), max_size=6)


def _generated(spec, lang) -> Extraction:
    out, pos = [], 0
    for feats, length, speaker, date in spec:
        out.append(quote(pos, "w" * length, *sorted(feats), speaker=speaker, date=date))
        pos += length + 3
    return report(lang, out, [meeting(pos + 1, date="2024-11-07" if lang == "ar" else None)])


@settings(max_examples=80, deadline=None)
@given(statements, statements, statements)
def test_aligning_is_symmetric_and_deterministic(sa, sb, sc):
    inputs = [("a", _generated(sa, "en")), ("b", _generated(sb, "ar")), ("c", _generated(sc, "ru"))]
    first = align_all(inputs)
    assert align_all(list(reversed(inputs))) == first
    assert align_all(inputs) == first
    assert all(x < y for x, y in first.statements + first.events)
    counts: dict[tuple[str, str], int] = {}
    for x, y in first.events:
        for one, other in ((x, y), (y, x)):
            key = (one, other.rsplit("/", 1)[1].split("-")[0])
            counts[key] = counts.get(key, 0) + 1
    assert all(n == 1 for n in counts.values())


# -- the seeds ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_results():
    kit = Toolkit.load(Settings(), with_shapes=False)
    return [process_article(path, kit) for path in sorted((ROOT / "seeds").glob("00[01]_*.txt"))]


def _statement(result, begins: str) -> URIRef:
    [rec] = [s for s in result.extraction.statements if s.text.startswith(begins)]
    return URIRef(statement_iri(result.article.key, rec.start, rec.end))


def _event(result, place: str, word_after: int = 0) -> URIRef:
    events = sorted(e.start for e in result.extraction.events
                    if e.place == f"{ID}place/{place}" and e.start >= word_after)
    return URIRef(event_iri(result.article.key, events[0]))


def test_both_parts_of_the_seed_quote_link_to_the_arabic_whole(seed_results):
    english, arabic = seed_results
    graph, _pairs = alignment_graph(seed_results)
    whole = _statement(arabic, "نحن نمر بأوقات عصيبة")
    for part in ("We are living through a difficult period", "New armed conflicts have emerged"):
        assert (_statement(english, part), SECKG.sameStatementAs, whole) in graph
        assert (whole, SECKG.sameStatementAs, _statement(english, part)) in graph


def test_the_seed_events_are_linked(seed_results):
    english, arabic = seed_results
    graph, _pairs = alignment_graph(seed_results)
    links = set(graph.subject_objects(SECKG.sameEventAs))
    meeting_en, meeting_ar = _event(english, "moscow"), _event(arabic, "moscow")
    dialogue_en, dialogue_ar = _event(english, "moscow", 1000), _event(arabic, "moscow", 1000)
    assert links == {(meeting_en, meeting_ar), (meeting_ar, meeting_en),
                     (dialogue_en, dialogue_ar), (dialogue_ar, dialogue_en)}
