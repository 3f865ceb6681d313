"""Quoted spans in every quote style, nested, and continued across paragraphs.

A quote is (open, close): offsets of the opening and closing marks; its words are
text[open + 1:close]. Straight quotes are told apart by what stands beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Quote:
    open: int
    close: int          # index of the closing mark (exclusive end of the words)
    depth: int          # 0 for outermost

    @property
    def start(self) -> int:
        return self.open + 1

    @property
    def end(self) -> int:
        return self.close


def _straight_role(text: str, i: int) -> str:
    """'open', 'close' or 'either' for a straight quote at i."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    space_before = before.isspace() or before in "([{:،,—–-"
    space_after = after.isspace() or after in ".,;:!?،؛)]}…"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    if not space_before and not space_after:
        # a clitic glued to a quoted word opens (لـ"الدول), a word then quote closes
        return "open" if before in "\u0640لبوفك" else "close"
    return "either"


def find_quotes(text: str, pairs: list[list[str]]) -> list[Quote]:
    openers = {o for o, _ in pairs}
    closers = {c for _, c in pairs}
    closes_for = {}
    for o, c in pairs:
        closes_for.setdefault(o, set()).add(c)
    stack: list[tuple[str, int]] = []
    found: list[Quote] = []
    marks = _marks(tuple(openers | closers))
    i = 0
    while i < len(text):
        m = marks.search(text, i)     # nothing happens at other characters
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch == "\n" and stack:
            # a paragraph ends inside a quote: it goes on only if the next paragraph
            # re-opens with the same mark (newspaper style) or never closes it here
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
                        o, pos = stack.pop()
                        found.append(Quote(pos, i, len(stack)))
                elif role == "open" or role == "either":
                    stack.append((ch, i))
            else:
                if stack and ch in closes_for.get(stack[-1][0], ()):
                    o, pos = stack.pop()
                    found.append(Quote(pos, i, len(stack)))
                elif ch in openers:
                    stack.append((ch, i))
        i += 1
    # unclosed openers are marks, not quotes
    return sorted(found, key=lambda q: (q.open, -q.close))


@lru_cache(maxsize=16)
def _marks(marks: tuple[str, ...]) -> re.Pattern:
    return re.compile("[\n" + "".join(re.escape(ch) for ch in sorted(marks)) + "]")


def outermost(quotes: list[Quote]) -> list[Quote]:
    out: list[Quote] = []
    for q in quotes:
        if out and q.open > out[-1].open and q.close < out[-1].close:
            continue
        out.append(q)
    return out
