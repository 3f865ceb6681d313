"""A small pattern language over a sentence's items (see kg/rules/*.toml).

Elements: ``{SLOT}`` or ``{A|B}`` (an item of that kind), ``word`` or ``w1|w2`` (a word or
punctuation item), a trailing ``?`` for optional, ``^``/``$`` anchors, ``{GAP}`` (a few
items, as few as possible) and ``{CONTENT}`` (one or more items, as many as possible).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.normalise import fold

SLOTS = {"QUOTE", "SPEAKER", "VERB", "ROLE", "ORG", "STATE", "DEMONYM", "PERSON", "PLACE",
         "CONTENT", "GAP", "COMP", "ACCORDING", "PARTICIPLE", "NAME"}
# What each slot accepts, as item kinds.
SLOT_KINDS = {
    "SPEAKER": {"person", "official", "roleref", "pronoun", "anonymous", "coref"},
    "PERSON": {"person", "name"},
}
GAP_MAX = 30
# A {GAP} never spans a quote or another clause of speech.
GAP_STOPS = {"quote", "verb", "participle"}


@dataclass(frozen=True, slots=True)
class Element:
    kind: str                  # "slot" | "word" | "start" | "end"
    values: frozenset[str]     # slot names or folded words
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Pattern:
    source: str
    elements: tuple[Element, ...]

    @property
    def anchored(self) -> bool:
        return bool(self.elements) and self.elements[0].kind == "start"


def compile_pattern(source: str) -> Pattern:
    """Parse a pattern; raise ValueError naming the bad element."""
    elements = []
    for raw in source.split():
        optional = raw.endswith("?") and len(raw) > 1
        body = raw[:-1] if optional else raw
        if body == "^":
            elements.append(Element("start", frozenset()))
        elif body == "$":
            elements.append(Element("end", frozenset()))
        elif body.startswith("{") and body.endswith("}"):
            names = frozenset(body[1:-1].split("|"))
            unknown = names - SLOTS
            if unknown:
                raise ValueError(f"unknown slot {{{'|'.join(sorted(unknown))}}}; "
                                 f"known: {', '.join(sorted(SLOTS))}")
            elements.append(Element("slot", names, optional))
        elif "{" in body or "}" in body:
            raise ValueError(f"malformed element {raw!r}")
        else:
            elements.append(Element("word", frozenset(fold(w) for w in body.split("|")), optional))
    if not elements:
        raise ValueError("empty pattern")
    return Pattern(source, tuple(elements))


@dataclass(slots=True)
class Item:
    """One unit of a sentence as patterns see it."""

    kind: str           # word | punct | quote | verb | person | official | roleref | org | ...
    start: int
    end: int
    key: str = ""       # folded word / punctuation
    ref: object = None  # the record behind it (Mention, Official, RoleRef, quote span, verb)


def _accepts(slot: str, item: Item) -> bool:
    kinds = SLOT_KINDS.get(slot, {slot.lower()})
    return item.kind in kinds


@dataclass(slots=True)
class Match:
    start: int                       # item index range [start, end)
    end: int
    slots: dict[str, tuple[int, int]]  # slot -> item index range


def match(pattern: Pattern, items: list[Item], *, at: int | None = None,
          gap_max: int = GAP_MAX) -> Match | None:
    """First match of ``pattern`` in ``items`` (leftmost start), or None. A ``{GAP}`` spans at
    most ``gap_max`` items."""
    els = _compiled(pattern)
    if pattern.anchored:
        starts: Iterable[int] = [0]
    elif at is not None:
        starts = [at]
    else:
        seen = _seen(items)
        if not _may_match(els, seen):
            return None
        first = els[0] if not els[0].optional and els[0].kind in ("slot", "word") \
            and els[0].gap is None else None
        # the first element takes the item a match starts at
        starts = range(len(items)) if first is None else _starts(first, seen)
    for begin in starts:
        slots: dict[str, tuple[int, int]] = {}
        end = _match_from(els, 0, items, begin, slots, gap_max)
        if end is not None:
            return Match(begin, end, dict(slots))
    return None


class _Seen(threading.local):
    """Where each kind of item (and each word) stands in the items last matched against: the
    rules of a pass try one sentence after another, each sentence with every rule. Kept while
    the items are the same (compared member by member; an item is never changed in place)."""

    items: tuple = ()
    kinds: dict[str, list[int]] = {}
    words: dict[str, list[int]] | None = None


_SEEN = _Seen()


def _seen(items: list[Item]) -> _Seen:
    seen = _SEEN
    now = tuple(items)
    if seen.items != now:
        kinds: dict[str, list[int]] = {}
        for k, item in enumerate(items):
            kinds.setdefault(item.kind, []).append(k)
        seen.items, seen.kinds, seen.words = now, kinds, None
    return seen


def _words(seen: _Seen) -> dict[str, list[int]]:
    if seen.words is None:
        words: dict[str, list[int]] = {}
        for k, item in enumerate(seen.items):
            if item.kind in _WORDISH:
                words.setdefault(item.key, []).append(k)
        seen.words = words
    return seen.words


def _starts(first: _Step, seen: _Seen) -> list[int]:
    table, keys = (_words(seen), first.values) if first.kind == "word" else (seen.kinds, first.kinds)
    found = [table[key] for key in keys if key in table]
    return found[0] if len(found) == 1 else sorted(k for positions in found for k in positions)


@dataclass(frozen=True, slots=True)
class _Step:
    """An element with what it accepts worked out once."""

    kind: str                   # "slot" | "word" | "start" | "end"
    values: frozenset[str]
    optional: bool
    gap: str | None             # "GAP" or "CONTENT" for those slots
    kinds: frozenset[str]       # item kinds a slot accepts
    single: str | None          # the slot name, when there is one

    def accepts(self, item: Item) -> bool:
        if self.kind == "word":
            return item.kind in _WORDISH and item.key in self.values
        return item.kind in self.kinds


_WORDISH = frozenset({"word", "punct", "comp"})
_COMPILED: dict[int, tuple[Pattern, tuple[_Step, ...]]] = {}


def _compiled(pattern: Pattern) -> tuple[_Step, ...]:
    entry = _COMPILED.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        steps = []
        for el in pattern.elements:
            gaps = el.values & {"GAP", "CONTENT"} if el.kind == "slot" else frozenset()
            kinds = frozenset().union(*(SLOT_KINDS.get(v, {v.lower()}) for v in el.values)) \
                if el.kind == "slot" else frozenset()
            steps.append(_Step(el.kind, el.values, el.optional,
                               next(iter(el.values)) if gaps else None, kinds,
                               next(iter(el.values)) if len(el.values) == 1 else None))
        entry = _COMPILED[id(pattern)] = (pattern, tuple(steps))
    return entry[1]


def _may_match(els: tuple[_Step, ...], seen: _Seen) -> bool:
    """False when an element that must take an item has no item to take."""
    for el in els:
        if el.optional or el.gap is not None or el.kind not in ("slot", "word"):
            continue
        if el.kind == "word":
            if el.values.isdisjoint(_words(seen)):
                return False
        elif el.kinds.isdisjoint(seen.kinds):
            return False
    return True


def _match_from(els, e: int, items: list[Item], i: int, slots: dict,
                gap_max: int = GAP_MAX) -> int | None:
    if e == len(els):
        return i
    el = els[e]
    if el.kind == "start":
        return _match_from(els, e + 1, items, i, slots, gap_max) if i == 0 else None
    if el.kind == "end":
        j = i
        while j < len(items) and items[j].kind == "punct":
            j += 1
        return j if j == len(items) else None
    if el.gap is not None:
        name = el.gap
        if name == "GAP":
            rng = range(i, min(len(items), i + gap_max) + 1)
        else:
            rng = range(len(items), i, -1)
        for j in rng:
            if name == "GAP" and j > i and items[j - 1].kind in GAP_STOPS:
                break  # the gap would take a quote or a verb (items i..j-2 were checked)
            slots[name] = (i, j)
            end = _match_from(els, e + 1, items, j, slots, gap_max)
            if end is not None:
                return end
            slots.pop(name, None)
        return None
    if i < len(items) and el.accepts(items[i]):
        if el.kind == "slot":
            item = items[i]
            slots[el.single if el.single is not None else item.kind.upper()] = (i, i + 1)
            for v in el.values:
                if _accepts(v, item):
                    slots[v] = (i, i + 1)
        end = _match_from(els, e + 1, items, i + 1, slots, gap_max)
        if end is not None:
            return end
    if el.optional:
        return _match_from(els, e + 1, items, i, slots, gap_max)
    return None
