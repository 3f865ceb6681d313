"""Names folded for matching: case, diacritics and letter variants made not to matter.

A name and a search are compared in their folded form: Unicode compatibility forms, case
(``casefold``), combining marks (Latin accents, Arabic harakat and hamza carriers, the
Cyrillic breve and diaeresis), tatweel, Arabic letter variants (ة/ه, ى/ي, Persian ک/ی) and
punctuation all fall away; what is left is words separated by single spaces.

>>> fold("Sérgei  LEBEDEV") == fold("sergei lebedev")
True
>>> fold("مُسْؤُول مِثال") == fold("مسؤول مثال") == fold("مسوول مثال")
True
>>> fold("Ёлка-Палка")
'елка палка'
"""

from __future__ import annotations

import re
import unicodedata

#: letters written in more than one way in Arabic script, to one form
_LETTERS = str.maketrans({"ة": "ه", "ى": "ي", "ک": "ك", "ی": "ي", "ـ": None, "ٱ": "ا"})
_SEPARATORS = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """``text`` without case, marks, letter variants or punctuation (see the module doc)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", bare.casefold().translate(_LETTERS)).strip()
