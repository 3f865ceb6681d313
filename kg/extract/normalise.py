"""Normalisation for matching, with a map back to the original offsets.

Matching never changes the article text: ``normalise`` returns a folded copy and, for
every folded character, the index of the original character it came from.

>>> n = normalise("وقال نورلان يرميكباييف")
>>> n.text
'وقال نورلان يرميكباييف'
>>> normalise("Al-Ámal").text
'al-ámal'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

ARABIC_DIACRITICS = set(range(0x064B, 0x0660)) | {0x0670}
DROP = {0x0640, 0x200E, 0x200F, 0x061C, 0x200C, 0x200D, 0xFEFF}
FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك",
        "ؤ": "و", "ئ": "ي", "\u00a0": " ", "\u2011": "-", "\u2010": "-", "\u2013": "-",
        "\u2014": "-", "\u2019": "'", "\u2018": "'", "ё": "е", "Ё": "Е"}
DIGITS = {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}

WORD = re.compile(r"[^\W_]+", re.UNICODE)
ARABIC = re.compile(r"[\u0600-\u06FF]")


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str            # folded text
    index: list[int]     # index[i] = offset in the original of folded char i (len = len+1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of folded [start, end); marks dropped after the last folded
        character (shadda, tatweel) stay inside the span."""
        if end <= start:
            return self.index[start], self.index[start]
        return self.index[start], max(self.index[end], self.index[end - 1] + 1)


def fold_char(ch: str, *, lower: bool = True) -> str:
    table = _FOLDED[lower]
    out = table.get(ch)
    if out is None:
        out = table[ch] = _fold_char(ch, lower)
    return out


def _fold_char(ch: str, lower: bool) -> str:
    if ord(ch) in DROP or ord(ch) in ARABIC_DIACRITICS:
        return ""
    if ch in DIGITS:
        return DIGITS[ch]
    ch = FOLD.get(ch, ch)
    out = unicodedata.normalize("NFKC", ch)
    if lower:
        low = out.lower()
        out = low if len(low) == len(out) else out
    return FOLD.get(out, out)


_FOLDED: dict[bool, dict[str, str]] = {True: {}, False: {}}   # character -> its folded form
_SHORT = 256              # texts up to this length are remembered many at a time


def normalise(text: str, *, lower: bool = True) -> Normalised:
    """Fold ``text`` for matching: NFKC, Arabic letter forms, no diacritics/tatweel/bidi marks,
    Western digits, and (by default) lower case; keep the offset map.

    Each character is folded once per process, and a text once per few calls (an article's
    passes share one folding of it); the result is shared, so never change it."""
    if len(text) <= _SHORT:
        return _normalise_short(text, lower)
    return _normalise_long(text, lower)


def _normalise(text: str, lower: bool) -> Normalised:
    table = _FOLDED[lower]
    folded = [table.get(ch) for ch in text]
    if None in folded:
        folded = [fold_char(ch, lower=lower) if f is None else f for ch, f in zip(text, folded, strict=True)]
    if all(len(f) == 1 for f in folded):      # one character for one: the map is the identity
        return Normalised("".join(folded), list(range(len(text) + 1)))
    index: list[int] = []
    for i, f in enumerate(folded):
        if len(f) == 1:
            index.append(i)
        elif f:
            index.extend([i] * len(f))
    index.append(len(text))
    return Normalised("".join(folded), index)


_normalise_short = lru_cache(maxsize=65536)(_normalise)
_normalise_long = lru_cache(maxsize=8)(_normalise)


def fold(text: str, *, lower: bool = True) -> str:
    """The folded form of a label (what the matcher compares)."""
    return normalise(text, lower=lower).text


def is_arabic(text: str) -> bool:
    return bool(ARABIC.search(text))
