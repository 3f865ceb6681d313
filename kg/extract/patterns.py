"""A small pattern language over a sentence's items (see kg/rules/*.toml).

Elements: ``{SLOT}`` or ``{A|B}`` (an item of that kind), ``word`` or ``w1|w2`` (a word or
punctuation item), a trailing ``?`` for optional, ``^``/``$`` anchors, ``{GAP}`` (a few
items, as few as possible) and ``{CONTENT}`` (one or more items, as many as possible).
"""

from __future__ import annotations

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
    if at is None and not _may_match(els, items):
        return None
    first = els[0] if els and not els[0].optional and els[0].kind in ("slot", "word") \
        and els[0].gap is None else None
    starts = [0] if pattern.anchored else range(len(items)) if at is None else [at]
    for begin in starts:
        if first is not None and (begin >= len(items) or not first.accepts(items[begin])):
            continue  # the first element takes this item or nothing matches here
        slots: dict[str, tuple[int, int]] = {}
        end = _match_from(els, 0, items, begin, slots, gap_max)
        if end is not None:
            return Match(begin, end, dict(slots))
    return None


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


def _may_match(els: tuple[_Step, ...], items: list[Item]) -> bool:
    """False when an element that must take an item has no item to take in ``items``."""
    kinds = words = None
    for el in els:
        if el.optional or el.gap is not None or el.kind not in ("slot", "word"):
            continue
        if kinds is None:
            kinds = {it.kind for it in items}
            words = {it.key for it in items if it.kind in _WORDISH}
        if not (el.values & words if el.kind == "word" else el.kinds & kinds):
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
