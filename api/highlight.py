"""Cut an article's text into pieces at the statements' offsets, for highlighting.

Offsets are code points (Python ``str`` indices), end exclusive, as oa:TextPositionSelector
gives them. Overlapping spans are fine: a piece lists every span covering it.

>>> [(p.text, p.spans) for p in pieces("ab cd ef", [Span(3, 5, "s1")])]
[('ab ', ()), ('cd', ('s1',)), (' ef', ())]
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    key: str          # what the piece links to (a statement's local path)


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    spans: tuple[str, ...]


def pieces(text: str, spans: list[Span]) -> list[Piece]:
    """The text cut at every span boundary; spans outside the text are left out."""
    good = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in good), *(s.end for s in good)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = tuple(s.key for s in good if s.start <= a and b <= s.end)
        out.append(Piece(text[a:b], covering))
    return out
