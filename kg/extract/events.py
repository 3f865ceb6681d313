"""Events (meetings, sessions, debates, summits) with organiser, place, date and attendees."""

from __future__ import annotations

from kg.extract.context import Context, Sentence
from kg.extract.dates import dateline_of
from kg.extract.normalise import fold
from kg.model import DateRef, EventRecord


def find_events(ctx: Context, sentence: Sentence) -> None:
    items = sentence.items
    for i, item in enumerate(items):
        if not item.kind.startswith("event:"):
            continue
        kind = item.kind.split(":", 1)[1]
        organiser = _organiser(items, i)
        place = next((it.ref.iri for it in items if it.kind == "place" and it.ref.iri), None)
        date = _date(ctx, sentence)
        same = _compatible(ctx, kind, organiser, place, date)
        earlier = [e for e in ctx.result.events if e.kind == kind]
        if same is None and earlier and not organiser and not date:
            same = earlier[-1]      # "the meeting", "the Bishkek meeting": the one reported
        if same is not None and (organiser or place or date):
            same.organiser = same.organiser or organiser
            same.place = same.place or place
            same.date = same.date or date
            sentence.event = same.key
        elif organiser or place or date:
            key = f"{sentence.unit.start}-{item.start}"
            event = EventRecord(kind, item.start, item.end, ctx.text[item.start:item.end],
                                f"{ctx.lang}.event.{kind.lower()}", organiser, place, date, key=key)
            ctx.result.events.append(event)
            sentence.event = key
        elif ctx.result.events and sentence.event is None:
            same = [e for e in ctx.result.events if e.kind == kind]
            sentence.event = (same or ctx.result.events)[-1].key
        break
    if sentence.event is not None:
        _attendees(ctx, sentence)


def _compatible(ctx: Context, kind: str, organiser, place, date):
    """An event of this article the new mention may be (same kind, nothing contradicts)."""
    for event in reversed(ctx.result.events):
        if event.kind != kind:
            continue
        pairs = ((event.organiser, organiser), (event.place, place), (event.date, date))
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
    blockers = {fold(w) for w in ctx.rules.lexicon.get("date_blockers", [])}
    line = dateline_of(ctx.text, ctx.grammar)
    return [d for d in sentence.dates
            if d.value and not (line is not None and line.start <= d.start < line.end)
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
        person = it.ref.person if it.kind == "official" else (
            it.ref.iri if it.kind == "person" else None)
        if person and person not in event.attendees:
            event.attendees.append(person)


def date_of_sentence(ctx: Context, sentence: Sentence) -> str | None:
    return _date(ctx, sentence)
