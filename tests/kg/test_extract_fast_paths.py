"""The quick ways the passes find things give what the plain ways gave: each is checked on
generated inputs against the plain version it replaced (kept here as the oracle), so that
speed never changes what is extracted. (The whole pipeline's output is compared on the seeds,
the development set and generated articles by bench/bench_steps.py and the quality gate.)"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.config import Settings
from kg.extract import normalise as norm
from kg.extract.items import _outer_quotes, within
from kg.extract.patterns import GAP_MAX, GAP_STOPS, SLOT_KINDS, Item, Match, _accepts, match
from kg.extract.quotes import Quote, _straight_role, find_quotes
from kg.extract.units import split_units
from tests.kg.conftest import load_ruleset

COMMON = tomllib.loads((Settings().rules_dir / "common.toml").read_text(encoding="utf-8"))
PAIRS = COMMON["quote_pairs"]
ENDS = COMMON["sentence_end"]
MARKS = sorted({c for pair in PAIRS for c in pair})
TEXT = st.text(alphabet=st.sampled_from(
    list("ab Cd.,:;!?\n\t-()") + MARKS + list("قال سيد") + ["\u0640", "\u064e", "\u200f", "ﬁ",
                                                             "Ⅳ", "ё", "Ё", "٣", "\u00a0"]),
    max_size=300)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- normalise: each character folded on its own, its offset kept -----------------------------

def plain_normalise(text: str, lower: bool) -> tuple[str, list[int]]:
    chars, index = [], []
    for i, ch in enumerate(text):
        for c in norm._fold_char(ch, lower):
            chars.append(c)
            index.append(i)
    index.append(len(text))
    return "".join(chars), index


@SETTINGS
@given(TEXT, st.booleans())
def test_normalise(text, lower):
    folded = norm.normalise(text, lower=lower)
    assert (folded.text, folded.index) == plain_normalise(text, lower)
    assert folded.identity == (folded.index == list(range(len(text) + 1)) and
                               len(folded.text) == len(text) and
                               all(len(norm._fold_char(c, lower)) == 1 for c in text))
    assert norm.fold(text, lower=lower) == folded.text


# --- quotes and sentences: every character visited --------------------------------------------

def plain_quotes(text: str, pairs) -> list[Quote]:
    openers, closers = {o for o, _ in pairs}, {c for _, c in pairs}
    closes_for: dict[str, set[str]] = {}
    for o, c in pairs:
        closes_for.setdefault(o, set()).add(c)
    stack: list[tuple[str, int]] = []
    found: list[Quote] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\n" and stack:
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            if j < len(text) and text[j] == stack[-1][0]:
                i = j + 1
                continue
        if ch in openers or ch in closers:
            straight = ch in openers and ch in closers and len(closes_for.get(ch, ())) == 1 \
                and ch in closes_for[ch]
            if straight:
                role = _straight_role(text, i)
                top_same = bool(stack) and stack[-1][0] == ch
                if role == "close" or (role == "either" and top_same):
                    if top_same:
                        _o, pos = stack.pop()
                        found.append(Quote(pos, i, len(stack)))
                elif role in ("open", "either"):
                    stack.append((ch, i))
            elif stack and ch in closes_for.get(stack[-1][0], ()):
                _o, pos = stack.pop()
                found.append(Quote(pos, i, len(stack)))
            elif ch in openers:
                stack.append((ch, i))
        i += 1
    return sorted(found, key=lambda q: (q.open, -q.close))


def plain_units(text: str, quotes: list[Quote], ends) -> list[tuple[int, int, int]]:
    from kg.extract.units import _add, _is_sentence_end, _next_starts_sentence

    inside = [False] * (len(text) + 1)
    closing_ends: set[int] = set()
    for q in quotes:
        for k in range(q.open, q.close + 1):
            inside[k] = True
        if q.depth == 0 and q.close > 0 and text[q.close - 1] in ends:
            closing_ends.add(q.close)
    units: list = []
    start, paragraph, i = 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\n" and not inside[i]:
            _add(units, text, start, i, paragraph)
            paragraph += 1
            start = i + 1
        elif i in closing_ends and _next_starts_sentence(text, i + 1):
            _add(units, text, start, i + 1, paragraph)
            start = i + 1
        elif ch in ends and not inside[i] and _is_sentence_end(text, i):
            j = i + 1
            while j < len(text) and text[j] in "”\"»’)":
                j += 1
            _add(units, text, start, j, paragraph)
            start = j
            i = j
            continue
        i += 1
    _add(units, text, start, len(text), paragraph)
    return [(u.start, u.end, u.paragraph) for u in units]


@SETTINGS
@given(TEXT)
def test_quotes_and_sentences(text):
    quotes = find_quotes(text, PAIRS)
    assert quotes == plain_quotes(text, PAIRS)
    assert [(u.start, u.end, u.paragraph) for u in split_units(text, quotes, ENDS)] == \
        plain_units(text, quotes, ENDS)


# --- spans of a range: an index instead of a scan ----------------------------------------------

@dataclass
class Span:
    start: int
    end: int


SPANS = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30)), max_size=120).map(
    lambda pairs: [Span(a, a + n) for a, n in pairs])


@SETTINGS
@given(SPANS, st.integers(0, 220), st.integers(0, 240), st.integers(0, 5))
def test_within(spans, start, end, edits):
    for _ in range(2):       # the same list again, then changed in place
        assert within(spans, start, end) == [s for s in spans if start <= s.start and s.end <= end]
        for _ in range(edits):
            if spans:
                spans.remove(spans[len(spans) // 3])
            spans.append(Span(start, start + edits))


QUOTES = st.lists(st.tuples(st.integers(0, 300), st.integers(1, 20), st.integers(0, 2)),
                  max_size=60).map(lambda qs: sorted({Quote(a, a + n, d) for a, n, d in qs},
                                                     key=lambda q: (q.open, -q.close)))


@SETTINGS
@given(QUOTES, st.integers(0, 320), st.integers(0, 340))
def test_outer_quotes(quotes, start, end):
    assert _outer_quotes(quotes, start, end) == [
        q for q in quotes if q.depth == 0 and start <= q.open and q.close < end]


# --- patterns: every start tried -------------------------------------------------------------

def plain_match(pattern, items, *, at=None, gap_max=GAP_MAX):
    starts = [0] if pattern.anchored else range(len(items)) if at is None else [at]
    for begin in starts:
        slots: dict = {}
        end = _plain_from(pattern.elements, 0, items, begin, slots, gap_max)
        if end is not None:
            return Match(begin, end, dict(slots))
    return None


def _plain_from(els, e, items, i, slots, gap_max):
    if e == len(els):
        return i
    el = els[e]
    if el.kind == "start":
        return _plain_from(els, e + 1, items, i, slots, gap_max) if i == 0 else None
    if el.kind == "end":
        j = i
        while j < len(items) and items[j].kind == "punct":
            j += 1
        return j if j == len(items) else None
    if el.kind == "slot" and el.values & {"GAP", "CONTENT"}:
        name = next(iter(el.values))
        rng = range(i, min(len(items), i + gap_max) + 1) if name == "GAP" else \
            range(len(items), i, -1)
        for j in rng:
            if name == "GAP" and any(items[k].kind in GAP_STOPS for k in range(i, j)):
                break
            slots[name] = (i, j)
            end = _plain_from(els, e + 1, items, j, slots, gap_max)
            if end is not None:
                return end
            slots.pop(name, None)
        return None
    accepts = (items[i].kind in ("word", "punct", "comp") and items[i].key in el.values
               if el.kind == "word" else any(_accepts(v, items[i]) for v in el.values)) \
        if i < len(items) else False
    if accepts:
        if el.kind == "slot":
            slots[next(iter(el.values)) if len(el.values) == 1 else items[i].kind.upper()] = \
                (i, i + 1)
            for v in el.values:
                if _accepts(v, items[i]):
                    slots[v] = (i, i + 1)
        end = _plain_from(els, e + 1, items, i + 1, slots, gap_max)
        if end is not None:
            return end
    if el.optional:
        return _plain_from(els, e + 1, items, i, slots, gap_max)
    return None


def _patterns():
    rules = load_ruleset()
    return [r.pattern for lang in rules.languages.values()
            for kind in ("attribution", "role", "roleref") for r in lang.of(kind)]


PATTERNS = _patterns()
KINDS = sorted({k for kinds in SLOT_KINDS.values() for k in kinds} |
               {"quote", "verb", "role", "org", "state", "demonym", "place", "comp", "according",
                "participle", "word", "punct", "gap"})
WORDS = sorted({w for p in PATTERNS for el in p.elements if el.kind == "word"
                for w in el.values} | {",", ":", "-"})
ITEMS = st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(WORDS)), max_size=45).map(
    lambda pairs: [Item(kind, 2 * n, 2 * n + 1, key=key) for n, (kind, key) in enumerate(pairs)])


@st.composite
def near_misses(draw) -> list[Item]:
    """Items made from one pattern's elements, some left out, some changed, noise between:
    sentences that match, or almost."""
    pattern = draw(st.sampled_from(PATTERNS))
    pairs = draw(st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(WORDS)), max_size=4))
    for el in pattern.elements:
        if el.kind in ("start", "end") or draw(st.integers(0, 9)) == 0:
            continue
        if el.kind == "word":
            pairs.append((draw(st.sampled_from(["word", "punct", "comp"])),
                          draw(st.sampled_from(sorted(el.values)))))
        elif el.values & {"GAP", "CONTENT"}:
            pairs += draw(st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(WORDS)),
                                   max_size=3))
        else:
            kinds = sorted(k for v in el.values for k in SLOT_KINDS.get(v, {v.lower()}))
            pairs.append((draw(st.sampled_from(kinds)), draw(st.sampled_from(WORDS))))
        if draw(st.integers(0, 5)) == 0:
            pairs.append((draw(st.sampled_from(KINDS)), draw(st.sampled_from(WORDS))))
    return [Item(kind, 2 * n, 2 * n + 1, key=key) for n, (kind, key) in enumerate(pairs)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ITEMS, near_misses()), st.integers(0, 50))
def test_match(items, gap_max):
    for pattern in PATTERNS:
        assert match(pattern, items, gap_max=gap_max) == plain_match(pattern, items,
                                                                      gap_max=gap_max), pattern
        if items:
            at = len(items) // 2
            assert match(pattern, items, at=at) == plain_match(pattern, items, at=at), pattern
