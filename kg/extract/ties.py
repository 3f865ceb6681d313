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

import bisect
from itertools import pairwise

from kg.extract.context import Context, Sentence
from kg.extract.events import dateline_spans, is_planned, quoted, usable_dates
from kg.extract.normalise import WORD, fold
from kg.model import StatementRecord


def tie_statements(ctx: Context) -> None:
    result = ctx.result
    for rec in result.statements:
        rec.date = rec.event = None
        for sentence in _sentences_of(ctx, rec):
            rec.date = rec.date or own_date(ctx, sentence, rec)
            rec.event = rec.event or _event_outside(sentence, rec)
    _by_speaker_event(ctx)
    _by_speaker_date(ctx)
    _dateline_place(ctx)
    events = {e.key: e for e in result.events}
    for event in result.events:
        if event.date is None and not is_planned(ctx, event) and not _vaguely_dated(ctx, event):
            dated = {r.date for r in result.statements if r.event == event.key and r.date}
            if len(dated) == 1:
                event.date = dated.pop()
        for rec in result.statements:
            if rec.event == event.key and rec.speaker not in event.attendees:
                event.attendees.append(rec.speaker)
    for rec in result.statements:
        if rec.date is None and rec.event and events[rec.event].date:
            rec.date = events[rec.event].date
    _drop_bare(ctx)


def _sentences_of(ctx: Context, rec: StatementRecord) -> list[Sentence]:
    """The sentences a statement spans, and the next one when its reporting verb is there
    ("... . Об этом заявил X на Совете министров.")."""
    inside = _overlapping(ctx, rec.start, rec.end)
    if inside and rec.verb:
        nxt = _numbered(ctx, inside[-1].index + 1)
        verb = fold(rec.verb)
        if nxt is not None and not any(s.unit.start <= rec.end - 1 < s.unit.end and
                                       verb in fold(ctx.text[rec.end:s.unit.end]) for s in inside) \
                and verb in fold(ctx.text[nxt.unit.start:nxt.unit.end]):
            inside.append(nxt)
    return inside


def _overlapping(ctx: Context, start: int, end: int) -> list[Sentence]:
    """``[s for s in ctx.sentences if s.unit.start < end and start < s.unit.end]``, found by
    bisection when the sentences follow each other (they do: units split the text in order)."""
    sentences = ctx.sentences
    memo = ctx.memo.get("sentence_bounds")
    if memo is None or memo[0] is not sentences or memo[1] != len(sentences):
        starts = [x.unit.start for x in sentences]
        ends = [x.unit.end for x in sentences]
        ordered = all(a <= b for a, b in pairwise(starts)) and \
            all(a <= b for a, b in pairwise(ends)) and \
            all(x.index == k for k, x in enumerate(sentences))
        memo = ctx.memo["sentence_bounds"] = (sentences, len(sentences), starts, ends, ordered)
    _, _, starts, ends, ordered = memo
    if not ordered:
        return [x for x in sentences if x.unit.start < end and start < x.unit.end]
    return sentences[bisect.bisect_right(ends, start):bisect.bisect_left(starts, end)]


def _numbered(ctx: Context, index: int) -> Sentence | None:
    """The sentence numbered ``index`` (its place in the list, when the list is in order)."""
    if 0 <= index < len(ctx.sentences) and ctx.sentences[index].index == index:
        return ctx.sentences[index]
    return next((x for x in ctx.sentences if x.index == index), None)


def own_date(ctx: Context, sentence: Sentence, rec: StatementRecord) -> str | None:
    """The first date of the sentence that is about the saying, not about what was said."""
    markers = ctx.folded("dates", "tie_markers")
    for d in usable_dates(ctx, sentence):
        inside = rec.start <= d.start < rec.end
        if not inside or _marked(ctx, d.start, markers):
            return d.value
    return None


def _marked(ctx: Context, pos: int, markers: set[str]) -> bool:
    """A tie word within the few words before the date ("وذلك اليوم الخميس ...")."""
    before = fold(ctx.text[max(0, pos - 30):pos]).split()[-3:]
    return any(w in markers for w in before)


def _event_outside(sentence: Sentence, rec: StatementRecord) -> str | None:
    """The event the sentence names outside the statement's content ("said at the meeting"),
    not one named only inside it ("said the next meeting will be held in Astana")."""
    for it in sentence.items:
        if it.kind.startswith("event:") and it.ref and not rec.start <= it.start < rec.end:
            return it.ref
    return None


def _dateline_place(ctx: Context) -> None:
    """A held event that the article's speakers spoke at, with no place of its own, took
    place where the dateline says the report comes from ("ВЕНА, 5 декабря. /ТАСС/.")."""
    place = dateline_place(ctx)
    if place is None:
        return
    spoken = {rec.event for rec in ctx.result.statements if rec.event}
    for event in ctx.result.events:
        if event.place is None and event.key in spoken and not quoted(event) \
                and not is_planned(ctx, event):
            event.place = place


def dateline_place(ctx: Context) -> str | None:
    """The place named in a dateline: before its date, or in capitals right after it. Datelines
    are written in capitals ("ВЕНА, 5 декабря"), so its words are looked up whatever their case."""
    for start, end, line in dateline_spans(ctx):
        for m in ctx.result.mentions:
            if m.kind == "place" and m.iri and start <= m.start < end and \
                    (m.start < line.start or m.surface.isupper()):
                return m.iri
        words = WORD.findall(fold(ctx.text[start:line.start]))
        for i, word in enumerate(words):
            for alias in ctx.gazetteer.index.get(word, ()):
                if alias.kind == "place" and tuple(words[i:i + len(alias.keys)]) == alias.keys:
                    return alias.entity
    return None


def _vaguely_dated(ctx: Context, event) -> bool:
    """The text dates the event itself, but to no one day ("held in India last week")."""
    sentence = next((s for s in ctx.sentences if s.unit.start <= event.start < s.unit.end), None)
    return sentence is not None and any(
        d.value is None and abs(d.start - event.end) < 60 for d in sentence.dates)


def _drop_bare(ctx: Context) -> None:
    """Events that nothing completed (no place, date, organiser, attendee or statement)."""
    spoken = {rec.event for rec in ctx.result.statements if rec.event}
    ctx.result.events = [e for e in ctx.result.events
                         if e.place or e.date or e.organiser or e.attendees or e.key in spoken]


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
    reporting verb or to the speaker's name ("Karpov said on Wednesday", "X on Tuesday told
    reporters", «сообщил сегодня»), or after a tie word; never a date inside what was said."""
    markers = ctx.folded("dates", "tie_markers")
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
