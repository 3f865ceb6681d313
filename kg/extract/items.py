"""A sentence as a list of items: entity mentions, quotes, verbs, words and punctuation."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from kg.extract.normalise import is_arabic
from kg.extract.patterns import Item
from kg.extract.quotes import Quote
from kg.extract.tokens import Token
from kg.gazetteer import clitic_variants, token_key
from kg.model import Mention

PUNCT = {",": ",", "،": ",", ":": ":", ";": ";", "؛": ";", "-": "-", "–": "-", "—": "-",
         "(": "(", ")": ")"}


# Item kinds that never carry the article: a name such as "فالنتين" is never read as
# ف + ال + a verb.
NOT_NOMINAL = {"verb", "participle", "comp", "modifier", "pronoun", "according"}


@dataclass
class Lexicon:
    """Folded multi-word entries per item kind, longest first: [(words, kind, surface)]."""

    entries: dict[str, list[tuple[tuple[str, ...], str]]]  # first word -> [(words, kind)]
    # token -> the entries that may start with it, in the order they are tried
    starting: dict[str, list[tuple[tuple[str, ...], str]]] = field(
        default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, groups: dict[str, list[tuple[str, ...]]]) -> Lexicon:
        entries: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for kind, phrases in groups.items():
            for words in phrases:
                words = tuple(token_key(w) for w in words)
                entries.setdefault(words[0], []).append((words, kind))
        for bucket in entries.values():
            bucket.sort(key=lambda e: -len(e[0]))
        return cls(entries)

    def match(self, tokens: list[Token], i: int, end: int) -> tuple[int, str] | None:
        """(number of tokens, kind) of the longest entry at token i."""
        first = tokens[i].key
        candidates = self.starting.get(first)
        if candidates is None:
            candidates = self.starting[first] = self._starting(first)
        for words, kind in candidates:
            n = len(words)
            if i + n <= end and all(_token_key(tokens[i + k].key) == words[k]
                                    for k in range(1, n)):
                return n, kind
        return None

    def _starting(self, first: str) -> list[tuple[tuple[str, ...], str]]:
        if len(self.starting) > 200_000:
            self.starting.clear()
        keys = clitic_variants(first) if is_arabic(first) and len(first) > 3 else [first]
        out = []
        for key in dict.fromkeys(token_key(k) for k in keys):
            nominal = key not in keys        # reached by dropping an article: not a verb
            out.extend((words, kind) for words, kind in self.entries.get(key, ())
                       if not (nominal and kind in NOT_NOMINAL))
        return out


_token_key = lru_cache(maxsize=65536)(token_key)


def build_items(text: str, start: int, end: int, tokens: list[Token], mentions: list[Mention],
                quotes: list[Quote], lexicon: Lexicon) -> list[Item]:
    """Items of text[start:end]. Outermost quotes and mentions replace their tokens."""
    spans: list[tuple[int, int, Item]] = []
    for q in _outer_quotes(quotes, start, end):
        spans.append((q.open, q.close + 1, Item("quote", q.open, q.close + 1, ref=q)))
    for m in within(mentions, start, end):
        if not any(a <= m.start < z for a, z, _ in spans):
            spans.append((m.start, m.end, Item(m.kind, m.start, m.end, ref=m)))
    spans.sort(key=lambda s: s[0])
    items: list[Item] = []
    toks = within(tokens, start, end)
    ends = [t.end for t in toks]
    ordered = all(a <= b for a, b in pairwise(ends))
    k = 0
    pos = start
    span_i = 0
    while pos < end:
        if span_i < len(spans) and spans[span_i][0] <= pos:
            a, z, item = spans[span_i]
            items.append(item)
            pos = max(pos, z)
            span_i += 1
            while k < len(toks) and toks[k].start < pos:
                k += 1
            continue
        nxt_span = spans[span_i][0] if span_i < len(spans) else end
        if k < len(toks) and toks[k].start == pos and toks[k].end <= nxt_span:
            limit = max(k, bisect.bisect_right(ends, nxt_span)) if ordered else \
                _limit(toks, k, nxt_span)
            hit = lexicon.match(toks, k, limit)
            if hit:
                n, kind = hit
                items.append(Item(kind, toks[k].start, toks[k + n - 1].end,
                                  key=" ".join(t.key for t in toks[k:k + n])))
                pos = toks[k + n - 1].end
                k += n
            else:
                items.append(Item("word", toks[k].start, toks[k].end, key=toks[k].key, ref=toks[k]))
                pos = toks[k].end
                k += 1
            continue
        # up to the next token or span: only punctuation makes items
        stop = toks[k].start if k < len(toks) and toks[k].start > pos else end
        stop = min(stop, nxt_span)
        for m in _PUNCT.finditer(text, pos, stop):
            items.append(Item("punct", m.start(), m.start() + 1, key=PUNCT[m.group()]))
        pos = stop
    return items


_PUNCT = re.compile("[" + "".join(re.escape(ch) for ch in PUNCT) + "]")


def _outer_quotes(quotes: list[Quote], start: int, end: int) -> list[Quote]:
    """``[q for q in quotes if q.depth == 0 and start <= q.open and q.close < end]``, the
    outermost quotes sorted by opening mark (as find_quotes gives them) found by bisection."""
    if len(quotes) < 16:
        return [q for q in quotes if q.depth == 0 and start <= q.open and q.close < end]
    members = (len(quotes), id(quotes[0]), id(quotes[len(quotes) // 2]), id(quotes[-1]))
    entry = _QUOTES.get(id(quotes))
    if entry is None or entry[1] != members:
        outer = [q for q in quotes if q.depth == 0]
        opens = [q.open for q in outer]
        if any(a > b for a, b in pairwise(opens)):
            return [q for q in quotes if q.depth == 0 and start <= q.open and q.close < end]
        entry = (quotes, members, outer, opens)
        if len(_QUOTES) > 64:
            _QUOTES.clear()
        _QUOTES[id(quotes)] = entry
    _, _, outer, opens = entry
    found = []
    for k in range(bisect.bisect_left(opens, start), len(outer)):
        if outer[k].open >= end:
            break
        if outer[k].close < end:
            found.append(outer[k])
    return found


_QUOTES: dict[int, tuple[list, tuple, list[Quote], list[int]]] = {}


def _limit(toks: list[Token], k: int, bound: int) -> int:
    j = k
    while j < len(toks) and toks[j].end <= bound:
        j += 1
    return j


_SPANS: dict[int, tuple[list, tuple, list[int], list[int]]] = {}


def within(spans: list, start: int, end: int) -> list:
    """The members of ``spans`` (anything with ``start`` and ``end``) inside [start, end), in
    list order: ``[s for s in spans if start <= s.start and s.end <= end]``, through an index
    by start (the passes over one article ask for every sentence: a scan of the list each
    time grows with the square of the article).

    The index is rebuilt when the list changes length or its first, middle or last member:
    the article's lists only grow by new members appended and lose members by removal."""
    if len(spans) < 32:
        return [s for s in spans if start <= s.start and s.end <= end]
    members = (len(spans), id(spans[0]), id(spans[len(spans) // 2]), id(spans[-1]))
    entry = _SPANS.get(id(spans))
    if entry is None or entry[1] != members:
        order = sorted(range(len(spans)), key=lambda k: spans[k].start)
        starts = [spans[k].start for k in order]
        entry = (spans, members, starts, order)
        if len(_SPANS) > 64:
            _SPANS.clear()
        _SPANS[id(spans)] = entry
    _, _, starts, order = entry
    lo = bisect.bisect_left(starts, start)
    hits = [k for k in order[lo:bisect.bisect_right(starts, end)] if spans[k].end <= end]
    hits.sort()
    return [spans[k] for k in hits]
