"""Cut an article's text into pieces at the statements' offsets, for highlighting.

Offsets are code points (Python ``str`` indices), end exclusive, as oa:TextPositionSelector
gives them. Overlapping spans are fine: a piece lists every span covering it. ``paragraphs``
then groups the pieces line by line (a piece crossing a line end is cut there), so each
paragraph can carry its own ``dir`` and ``lang``; every character stays, line ends included.

>>> [(p.text, p.spans) for p in pieces("ab cd ef", [Span(3, 5, "s1")])]
[('ab ', ()), ('cd', ('s1',)), (' ef', ())]
>>> [[(p.text, p.spans) for p in line] for line in paragraphs(pieces("a\\nbc", [Span(0, 3, "s")]))]
[[('a\\n', ('s',))], [('b', ('s',)), ('c', ())]]
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


def paragraphs(cut: list[Piece]) -> list[list[Piece]]:
    """The pieces line by line; each line keeps its ``\n`` at the end of its last piece."""
    lines: list[list[Piece]] = [[]]
    for piece in cut:
        parts = piece.text.split("\n")
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            text = part if last else part + "\n"
            if text:
                lines[-1].append(Piece(text, piece.spans))
            if not last:
                lines.append([])
    return [line for line in lines if line]
