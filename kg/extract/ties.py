"""Statements tied to events and dates, where the text ties them.

A statement's own date is a date of its sentence outside what was said (a date inside the
content belongs to what was said: "the summit will be held on 5 June") and outside the
dateline, unless a tie word puts it on the report («وذلك اليوم الخميس 7 نوفمبر 2024»).
A statement is made at the event its sentence names outside its content ("said at the
meeting"), or at the one event its speaker is tied to. A speaker's statements share the one
date the text gives for that speaker's words ("he said on Tuesday", then quote after quote);
an undated event takes the one date of the statements made there, and an undated statement
its event's date. Nothing is guessed: two different dates tie nothing.
"""

from __future__ import annotations

from kg.extract.context import Context, Sentence
from kg.extract.events import usable_dates
from kg.extract.normalise import fold
from kg.model import StatementRecord


def tie_statements(ctx: Context) -> None:
    result = ctx.result
    sentence_of = {id(rec): _sentence_at(ctx, rec.start) for rec in result.statements}
    for rec in result.statements:
        sentence = sentence_of[id(rec)]
        if sentence is not None:
            rec.date = own_date(ctx, sentence, rec)
            rec.event = sentence.event if _names_event_outside(sentence, rec) else None
    _by_speaker_event(ctx)
    _by_speaker_date(ctx)
    events = {e.key: e for e in result.events}
    for event in result.events:
        if event.date is None:
            dated = {r.date for r in result.statements if r.event == event.key and r.date}
            if len(dated) == 1:
                event.date = dated.pop()
        for rec in result.statements:
            if rec.event == event.key and rec.speaker not in event.attendees:
                event.attendees.append(rec.speaker)
    for rec in result.statements:
        if rec.date is None and rec.event and events[rec.event].date:
            rec.date = events[rec.event].date


def _sentence_at(ctx: Context, pos: int) -> Sentence | None:
    return next((s for s in ctx.sentences if s.unit.start <= pos < s.unit.end), None)


def own_date(ctx: Context, sentence: Sentence, rec: StatementRecord) -> str | None:
    """The first date of the sentence that is about the saying, not about what was said."""
    markers = {fold(w) for w in ctx.rules.dates.get("tie_markers", [])}
    for d in usable_dates(ctx, sentence):
        inside = rec.start <= d.start < rec.end
        if not inside or _marked(ctx, d.start, markers):
            return d.value
    return None


def _marked(ctx: Context, pos: int, markers: set[str]) -> bool:
    """A tie word within the few words before the date ("وذلك اليوم الخميس ...")."""
    before = fold(ctx.text[max(0, pos - 30):pos]).split()[-3:]
    return any(w in markers for w in before)


def _names_event_outside(sentence: Sentence, rec: StatementRecord) -> bool:
    """The sentence names its event outside the statement's content ("said at the meeting"),
    not only inside it ("said the next meeting will be held in Astana")."""
    if sentence.event is None:
        return False
    words = [it for it in sentence.items if it.kind.startswith("event:")]
    return not words or any(not (rec.start <= it.start < rec.end) for it in words)


def _by_speaker_event(ctx: Context) -> None:
    """A statement with no event of its own is made at the one event its speaker is tied to
    (named as attending, or speaking where the text names the event)."""
    events_of: dict[str, set[str]] = {}
    for event in ctx.result.events:
        for person in event.attendees:
            events_of.setdefault(person, set()).add(event.key)
    for rec in ctx.result.statements:
        if rec.event:
            events_of.setdefault(rec.speaker, set()).add(rec.event)
    for rec in ctx.result.statements:
        if rec.event is None and len(events_of.get(rec.speaker, ())) == 1:
            rec.event = next(iter(events_of[rec.speaker]))


def _by_speaker_date(ctx: Context) -> None:
    """A date the text gives for a speaker's words reaches that speaker's following undated
    statements (quote after quote of the same occasion), until the text gives another."""
    points: dict[str, list[tuple[int, str]]] = {}
    for rec in ctx.result.statements:
        if rec.date:
            points.setdefault(rec.speaker, []).append((rec.start, rec.date))
    for person, start, value in _said_on(ctx):
        points.setdefault(person, []).append((start, value))
    for rec in sorted(ctx.result.statements, key=lambda r: r.start):
        if rec.date is None:
            before = [p for p in points.get(rec.speaker, ()) if p[0] <= rec.start]
            if before:
                rec.date = max(before)[1]


PEOPLE = ("person", "official", "roleref")
NEAR = 3         # at most this many words between a date and the verb or the name it dates


def _said_on(ctx: Context) -> list[tuple[str, int, str]]:
    """(person, sentence start, date) where a sentence says when a person spoke: the date next to the
    reporting verb or to the speaker's name ("Novikov said on Wednesday", "X on Tuesday told
    reporters", «сообщил сегодня»), or after a tie word; never a date inside what was said."""
    markers = {fold(w) for w in ctx.rules.dates.get("tie_markers", [])}
    found = []
    for sentence in ctx.sentences:
        items = sentence.items
        verbs = [i for i, it in enumerate(items) if it.kind == "verb"]
        people = [i for i, it in enumerate(items) if it.kind in PEOPLE and _person(it)]
        if not verbs or not people:
            continue
        for d in usable_dates(ctx, sentence):
            k = next((i for i, it in enumerate(items) if it.start >= d.end), len(items))
            j = next((i for i, it in enumerate(items) if it.end > d.start), len(items))
            near = [i for i in verbs + people if _close(items, i, j, k)]
            if near or _marked(ctx, d.start, markers):
                person = _person(items[min(people, key=lambda i: abs(i - j))])
                found.append((person, sentence.unit.start, d.value))
    return found


def _close(items, anchor: int, first: int, after: int) -> bool:
    """Only a few plain words between item ``anchor`` and the date (items first..after-1)."""
    between = items[anchor + 1:first] if anchor < first else items[after:anchor]
    return len(between) <= NEAR and all(it.kind in ("word", "punct") for it in between) \
        and not any(it.key in (",", "،") for it in between if it.kind == "punct")


def _person(item) -> str | None:
    ref = item.ref
    if item.kind == "person":
        return getattr(ref, "iri", None)
    return getattr(ref, "person", None)
