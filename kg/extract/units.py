"""Sentences ("units"), with quotes kept whole: a quote never splits a sentence."""

from __future__ import annotations

from dataclasses import dataclass

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
        for k in range(q.open, q.close + 1):
            inside[k] = True
        if q.depth == 0 and q.close > 0 and text[q.close - 1] in ends:
            closing_ends.add(q.close)
    units: list[Unit] = []
    start, paragraph = 0, 0
    i = 0
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
    return units


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
