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
    identity: bool = False   # every character folded to one: index[i] == i

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


_TABLES: dict[bool, dict[int, str]] = {True: {}, False: {}}   # for str.translate
_UNEVEN: dict[bool, set[str]] = {True: set(), False: set()}    # folded to 0 or 2+ characters


def _normalise(text: str, lower: bool) -> Normalised:
    table, uneven = _TABLES[lower], _UNEVEN[lower]
    chars = set(text)
    for ch in chars:
        if ord(ch) not in table:
            folded = table[ord(ch)] = fold_char(ch, lower=lower)
            if len(folded) != 1:
                uneven.add(ch)
    if uneven.isdisjoint(chars):          # one character for one: the map is the identity
        return Normalised(text.translate(table), list(range(len(text) + 1)), identity=True)
    index: list[int] = []
    pos = 0
    for m in _uneven_re(lower).finditer(text):
        i = m.start()
        index.extend(range(pos, i))
        index.extend([i] * len(table[ord(text[i])]))
        pos = i + 1
    index.extend(range(pos, len(text) + 1))
    return Normalised(text.translate(table), index)


_UNEVEN_RE: dict[bool, tuple[int, re.Pattern]] = {}


def _uneven_re(lower: bool) -> re.Pattern:
    """A character class of the characters known to fold to none or several."""
    uneven = _UNEVEN[lower]
    known = _UNEVEN_RE.get(lower)
    if known is None or known[0] != len(uneven):
        known = _UNEVEN_RE[lower] = (len(uneven), re.compile(
            "[" + "".join(re.escape(ch) for ch in sorted(uneven)) + "]"))
    return known[1]


_normalise_short = lru_cache(maxsize=65536)(_normalise)
_normalise_long = lru_cache(maxsize=8)(_normalise)


def fold(text: str, *, lower: bool = True) -> str:
    """The folded form of a label (what the matcher compares), remembered per process."""
    known = _FOLDS[lower]
    folded = known.get(text)
    if folded is None:
        folded = normalise(text, lower=lower).text
        if len(text) <= _SHORT:         # labels and words, not whole passages
            if len(known) > 200_000:
                known.clear()
            known[text] = folded
    return folded


_FOLDS: dict[bool, dict[str, str]] = {True: {}, False: {}}


def is_arabic(text: str) -> bool:
    return bool(ARABIC.search(text))
