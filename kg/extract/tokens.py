"""Word tokens with offsets into the original text, folded for matching."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.normalise import WORD, normalise


@dataclass(frozen=True, slots=True)
class Token:
    start: int        # original offsets
    end: int
    key: str          # folded, lower case
    cased: str        # folded, case kept
    raw: str          # as written

    @property
    def capitalised(self) -> bool:
        return self.raw[:1].isupper()


def tokenise(text: str) -> list[Token]:
    low = normalise(text)
    cased = normalise(text, lower=False)
    tokens = []
    if low.identity and cased.identity:    # offsets are the text's own
        for m in WORD.finditer(low.text):
            start, end = m.span()
            tokens.append(Token(start, end, m.group(), cased.text[start:end], text[start:end]))
        return tokens
    for m in WORD.finditer(low.text):
        start, end = low.span(m.start(), m.end())
        tokens.append(Token(start, end, m.group(), cased.text[m.start():m.end()], text[start:end]))
    return tokens
