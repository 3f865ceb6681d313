"""Where a statement or an event sits in its article: the anchor of its highlighted passage
on the article page, the link to it, and the sentence around a few words of the text.

An anchor is the resource's path under ``id/`` with its slashes as dashes, so it is stable,
readable and unique on the page:

>>> anchor("https://w3id.org/seckg/id/statement/sample0002-125-172")
'statement-sample0002-125-172'
>>> sentence_around("One. Two three four. Five.", 9, 14)
('Two ', 'three', ' four.')
"""

from __future__ import annotations

import re

from api.terms import local_path
from kg.namespaces import ID

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
#: where a sentence ends, in the three scripts (Arabic question mark and full stop too), with
#: the closing quotation marks that follow it
_ENDS = re.compile(r"[.!?؟۔。][”»\"’']*|\n")
MAX_CONTEXT = 160          # characters kept on either side of the words, at most


def anchor(iri: str) -> str:
    """The ``id`` of the resource's first highlighted piece on its article's page."""
    path = iri.removeprefix(str(ID))
    return _UNSAFE.sub("-", path.replace("/", "-")).strip("-") or "passage"


def passage_href(article: str, iri: str) -> str | None:
    """``/id/article/X#statement-...``: the article page, scrolled to the passage."""
    page = local_path(article)
    return f"{page}#{anchor(iri)}" if page else None


def sentence_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence holding ``text[start:end]``, cut in three: before, the words, after."""
    if not 0 <= start <= end <= len(text):
        return "", "", ""
    ends_before = [m.end() for m in _ENDS.finditer(text, max(0, start - MAX_CONTEXT), start)]
    first = ends_before[-1] if ends_before else max(0, start - MAX_CONTEXT)
    found = _ENDS.search(text, end, min(len(text), end + MAX_CONTEXT))
    last = found.end() if found and found.group() != "\n" else (
        found.start() if found else min(len(text), end + MAX_CONTEXT))
    return text[first:start].lstrip(), text[start:end], text[end:last]
