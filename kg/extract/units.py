"""Sentences ("units"), with quotes kept whole: a quote never splits a sentence."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.quotes import Quote


@dataclass(frozen=True, slots=True)
class Unit:
    start: int
    end: int
    paragraph: int


ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "gen", "st", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.n"}


def split_units(text: str, quotes: list[Quote], ends: list[str]) -> list[Unit]:
    inside = [False] * (len(text) + 1)
    closing_ends: set[int] = set()
    for q in quotes:
        inside[q.open:q.close + 1] = [True] * (q.close + 1 - q.open)
        if q.depth == 0 and q.close > 0 and text[q.close - 1] in ends:
            closing_ends.add(q.close)
    units: list[Unit] = []
    start, paragraph = 0, 0
    stops = _stops(tuple(e for e in ends if len(e) == 1))
    closing = sorted(closing_ends)
    i = 0
    while i < len(text):
        # nothing happens but at a newline, a sentence end or the close of a quote
        found = stops.search(text, i)
        nxt = found.start() if found else len(text)
        c = bisect.bisect_left(closing, i)
        if c < len(closing) and closing[c] < nxt:
            nxt = closing[c]
        if nxt >= len(text):
            break
        i = nxt
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
    return units


@lru_cache(maxsize=16)
def _stops(ends: tuple[str, ...]) -> re.Pattern:
    return re.compile("[\n" + "".join(re.escape(ch) for ch in sorted(set(ends))) + "]")


def _next_starts_sentence(text: str, i: int) -> bool:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i >= len(text) or text[i] == "\n" or not text[i].islower()


def _is_sentence_end(text: str, i: int) -> bool:
    if text[i] != ".":
        return True
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if not (nxt.isspace() or nxt in "”\"»’)"):
        return False       # 07.11.2024, A.Name, e.g.
    word_start = i
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:i].lower()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha() and text[word_start].isupper()):
        return False       # Mr. / an initial
    return True


def _add(units: list[Unit], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        units.append(Unit(start, end, paragraph))
