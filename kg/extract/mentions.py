"""Entities named in the text, from the curated aliases: longest match, case and script aware,
Arabic clitics stripped from the first word."""

from __future__ import annotations

from functools import lru_cache

from kg.extract.normalise import is_arabic
from kg.extract.tokens import Token
from kg.gazetteer import Alias, Gazetteer, clitic_variants, token_key
from kg.model import Mention

GAP_OK = set(" \t-.'\u2019\u00a0\u2011\u2010\u0640")


def _joined(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end:right.start]
    return len(gap) <= 3 and all(c in GAP_OK for c in gap)


def _first_keys(token: Token) -> tuple[tuple[str, int], ...]:
    """Keys under which the first token may start an alias, with the clitic length."""
    return _keys_of(token.key)


@lru_cache(maxsize=65536)
def _keys_of(key: str) -> tuple[tuple[str, int], ...]:
    if not is_arabic(key):
        return ((key, 0),)
    return tuple((token_key(variant), len(key) - len(variant)) for variant in clitic_variants(key))


def _match_at(text: str, tokens: list[Token], i: int, alias: Alias, first_key: str) -> int:
    """Number of tokens ``alias`` covers from token i (0: no match)."""
    n = len(alias.keys)
    if i + n > len(tokens) or alias.keys[0] != first_key:
        return 0
    for j in range(1, n):
        tok = tokens[i + j]
        if token_key(tok.key) != alias.keys[j] or not _joined(text, tokens[i + j - 1], tok):
            return 0
    if alias.cased is not None:
        words = tuple(t.cased for t in tokens[i:i + n])
        if words != alias.cased:
            return 0
    return n


def find_mentions(text: str, tokens: list[Token], gazetteer: Gazetteer,
                  kinds: set[str] | None = None) -> list[Mention]:
    """Greedy left-to-right longest matches; a match never overlaps another."""
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        best: tuple[int, int, list[Alias]] | None = None  # (length, clitic, aliases)
        for key, clitic in _first_keys(tokens[i]):
            for alias in gazetteer.index.get(key, ()):
                if kinds is not None and alias.kind not in kinds:
                    continue
                n = _match_at(text, tokens, i, alias, key)
                if n and (best is None or n > best[0]):
                    best = (n, clitic, [alias])
                elif n and best is not None and n == best[0] and alias not in best[2]:
                    best[2].append(alias)
        if best is None:
            i += 1
            continue
        n, clitic, aliases = best
        start = tokens[i].start + _orig_clitic_len(tokens[i], clitic)
        end = tokens[i + n - 1].end
        full = [a for a in aliases if not a.partial]
        chosen = full or aliases
        entities = tuple(dict.fromkeys(a.entity for a in chosen))
        kind = chosen[0].kind
        mentions.append(Mention(kind=kind, start=start, end=end, surface=text[start:end],
                                iri=entities[0] if len(entities) == 1 else None,
                                rule=f"gazetteer.{kind}", partial=not full,
                                candidates=entities))
        i += n
    return mentions


def _orig_clitic_len(token: Token, folded_len: int) -> int:
    """Map a clitic length in folded characters back to the original token."""
    if folded_len == 0:
        return 0
    seen = 0
    for k, ch in enumerate(token.raw):
        if seen == folded_len:
            return k
        if ch not in "\u0640" and not ("\u064b" <= ch <= "\u065f"):
            seen += 1
    return len(token.raw)
