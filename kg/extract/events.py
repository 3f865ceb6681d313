"""Events (meetings, sessions, debates, summits) with organiser, place, date and attendees.

Every event word of a sentence is an event mention ("said at the meeting in Astana", "met in
Bishkek", «قمته», «на заседании»). Places and dates go to the nearest event word of their
sentence; a city is preferred to a state named after a place preposition (the host country,
"in Kazakhstan"). A mention with nothing of its own is the last event of that kind, or a new
bare event that the ties may complete (a dateline place, its statements' date) and that is
dropped if nothing completes it. Events told inside a quote ("on 9 October we held a dialogue
in Moscow") are events of their own, never the one the quote was said at.
"""

from __future__ import annotations

from kg.extract.context import Context, Sentence
from kg.extract.dates import datelines_of
from kg.extract.items import build_items
from kg.extract.normalise import fold
from kg.extract.patterns import Item
from kg.model import DateRef, EventRecord


def find_events(ctx: Context, sentence: Sentence) -> None:
    items = sentence.items
    words = [i for i, it in enumerate(items) if it.kind.startswith("event:")]
    places = _places(ctx, items)
    dates = usable_dates(ctx, sentence)
    for n, i in enumerate(words):
        item = items[i]
        kind = item.kind.split(":", 1)[1]
        place = _nearest(items, words, i, places)
        date = _nearest(items, words, i, [(d.start, d.value) for d in dates])
        event = _mention(ctx, sentence, item, kind, _organiser(items, i), place, date)
        item.ref = event.key
        if n == 0:
            sentence.event = event.key
    _quoted_events(ctx, sentence)
    if sentence.event is not None:
        _attendees(ctx, sentence)


def _mention(ctx: Context, sentence: Sentence, item: Item, kind: str, organiser, place, date):
    """The event this word names: one already reported that nothing contradicts, or a new one."""
    same = _compatible(ctx, kind, organiser, place, date, fold(ctx.text[item.start:item.end]))
    earlier = [e for e in ctx.result.events if e.kind == kind and not quoted(e)]
    if same is None and earlier and not organiser and not date and not place:
        same = earlier[-1]      # "the meeting", "the Bishkek meeting": the one reported
    if same is not None and (organiser or place or date):
        same.organiser = same.organiser or organiser
        same.place = same.place or place
        same.date = same.date or date
        return same
    if same is None and not (organiser or place or date) and earlier:
        return earlier[-1]
    if same is not None:
        return same
    key = f"{sentence.unit.start}-{item.start}"
    event = EventRecord(kind, item.start, item.end, ctx.text[item.start:item.end],
                        f"{ctx.lang}.event.{kind.lower()}", organiser, place, date, key=key)
    ctx.result.events.append(event)
    return event


def _places(ctx: Context, items: list[Item]) -> list[tuple[int, str]]:
    """(position, place) of the sentence's cities; where it names none, the states named after
    a place preposition ("in Kazakhstan", «في الهند», «в Казахстане»): the host country."""
    heads = dateline_spans(ctx)
    cities = [(it.start, it.ref.iri) for it in items if it.kind == "place" and it.ref.iri
              and not any(a <= it.start < z for a, z, _ in heads)]
    if cities:
        return cities
    preps = ctx.folded("events", "place_prepositions")
    return [(it.start, it.ref.iri) for k, it in enumerate(items)
            if it.kind == "state" and it.ref.iri and k > 0 and items[k - 1].key in preps]


def dateline_spans(ctx: Context) -> list[tuple[int, int, DateRef]]:
    """The datelines' place-and-date heads ("NEW YORK CITY, 19 April 2024", "date 2015-06-18
    MOSCOW"): from the start of each line to a little after its date."""
    return [(ctx.text.rfind("\n", 0, ln.start) + 1, ln.end + 30, ln)
            for ln in datelines_of(ctx.text, ctx.grammar)]


def _nearest(items: list[Item], words: list[int], i: int, found: list[tuple[int, str]]):
    """The value nearest to event word ``i`` among those no nearer to another event word."""
    mine = []
    for pos, value in found:
        closest = min(words, key=lambda w: (abs(items[w].start - pos), items[w].start > pos))
        if closest == i:
            mine.append((abs(items[i].start - pos), pos < items[i].start, value))
    return min(mine)[2] if mine else None


def _quoted_events(ctx: Context, sentence: Sentence) -> None:
    """Events a speaker tells of inside a quote, with the place and date the quote gives."""
    for quote in (it for it in sentence.items if it.kind == "quote"):
        inner = build_items(ctx.text, quote.start + 1, quote.end - 1, ctx.tokens,
                            ctx.result.mentions, [], ctx.lexicon)
        words = [i for i, it in enumerate(inner) if it.kind.startswith("event:")]
        places = _places(ctx, inner)
        dates = [(d.start, d.value) for d in sentence.dates
                 if d.value and quote.start < d.start < quote.end]
        for i in words:
            kind = inner[i].kind.split(":", 1)[1]
            place = _nearest(inner, words, i, places)
            date = _nearest(inner, words, i, dates)
            if place or date:
                it = inner[i]
                ctx.result.events.append(EventRecord(
                    kind, it.start, it.end, ctx.text[it.start:it.end],
                    f"{ctx.lang}.event.{kind.lower()}.quoted", _organiser(inner, i), place, date,
                    key=f"{sentence.unit.start}-{it.start}"))


def quoted(event: EventRecord) -> bool:
    return event.rule.endswith(".quoted")


def is_planned(ctx: Context, event: EventRecord) -> bool:
    """"the next meeting", "is due to take place", «القمة المقبلة», «очередное заседание
    состоится»: a word of the [events] planned list just before or after the event word."""
    planned = ctx.folded("events", "planned_markers")
    before = fold(ctx.text[max(0, event.start - 40):event.start]).split()[-3:]
    after = fold(ctx.text[event.end:event.end + 40]).split()[:3]
    return any(w.strip(".,;:«»\"'") in planned for w in before + after)


def _compatible(ctx: Context, kind: str, organiser, place, date, surface: str = ""):
    """An event of this article the new mention may be (same kind, nothing contradicts)."""
    for event in reversed(ctx.result.events):
        if event.kind != kind or quoted(event):
            continue
        pairs = ((event.organiser, organiser), (event.place, place), (event.date, date))
        if not any(a for a, _ in pairs) and any(b for _, b in pairs) and fold(event.surface) != surface:
            continue    # a bare "meeting" is not the "consultations in Moscow on 18 June"
        if all(a is None or b is None or a == b for a, b in pairs):
            return event
    return None


def _organiser(items, i: int) -> str | None:
    """The organisation the event word names: "meeting of the CIS Council", "اجتماع لمجلس…",
    "the SCO summit"."""
    if i > 0 and items[i - 1].kind == "org":
        return items[i - 1].ref.iri
    for it in items[i + 1:i + 5]:
        if it.kind == "org":
            return it.ref.iri
        if it.kind not in ("word", "punct"):
            break
    return None


def _date(ctx: Context, sentence: Sentence) -> str | None:
    dates = usable_dates(ctx, sentence)
    return dates[0].value if dates else None


def usable_dates(ctx: Context, sentence: Sentence) -> list[DateRef]:
    """The sentence's resolved dates that can date what it reports: not the dateline (the
    publication date), not inside a quote, not after a blocker ("until 5 May")."""
    blockers = ctx.folded("lexicon", "date_blockers")
    lines = datelines_of(ctx.text, ctx.grammar)
    return [d for d in sentence.dates
            if d.value and not any(ln.start <= d.start < ln.end for ln in lines)
            and not _blocked(ctx, d.start, blockers) and not _in_quote(sentence, d.start)]


def _blocked(ctx: Context, pos: int, blockers: set[str]) -> bool:
    before = ctx.text[max(0, pos - 20):pos].split()
    return bool(before) and fold(before[-1]) in blockers


def _in_quote(sentence: Sentence, pos: int) -> bool:
    return any(it.kind == "quote" and it.start <= pos < it.end for it in sentence.items)


def _attendees(ctx: Context, sentence: Sentence) -> None:
    verbs = {fold(v) for v in ctx.rules.lexicon.get("attendance_verbs", [])}
    words = {it.key for it in sentence.items if it.kind == "word"}
    text = fold(ctx.text[sentence.unit.start:sentence.unit.end])
    if not (words & verbs or any(v in text for v in verbs if " " in v)):
        return
    event = next(e for e in ctx.result.events if e.key == sentence.event)
    for it in sentence.items:
        person = getattr(it.ref, "person", None) if it.kind in ("official", "roleref") else (
            it.ref.iri if it.kind == "person" else None)
        if person and person not in event.attendees:
            event.attendees.append(person)


def date_of_sentence(ctx: Context, sentence: Sentence) -> str | None:
    return _date(ctx, sentence)
