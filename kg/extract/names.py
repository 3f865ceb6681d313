"""Names of persons not in the reference data, found only where a role pattern expects one."""

from __future__ import annotations

from kg.extract.patterns import Item
from kg.extract.tokens import Token


def mark_english_names(items: list[Item], stopwords: set[str], titles: set[str]) -> list[Item]:
    """Merge runs of capitalised words (2-4, or an initial and a surname) into 'name' items."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        j = i
        words = 0
        while j < len(items) and words < 4:
            if _hyphen_inside(items, j, stopwords) and j > i:
                j += 1
                continue
            if not _name_word(items[j], stopwords):
                break
            if j > i and not _adjacent(items[j - 1], items[j]):
                break
            j += 1
            words += 1
        tokens = [it.ref for it in items[i:j] if it.kind == "word"]
        if words >= 2:
            out.append(Item("name", items[i].start, items[j - 1].end,
                            key=" ".join(t.key for t in tokens), ref=tokens))
            i = j
        else:
            out.append(items[i])
            i += 1
    return out


def _hyphen_inside(items: list[Item], j: int, stopwords: set[str]) -> bool:
    """A hyphen joining two parts of one name ("Jean-Claude", "Abdul-Karim")."""
    return items[j].kind == "punct" and items[j].key == "-" and 0 < j < len(items) - 1 and \
        items[j - 1].end == items[j].start and items[j].end == items[j + 1].start and \
        _name_word(items[j + 1], stopwords)


def _name_word(item: Item, stopwords: set[str]) -> bool:
    tok = item.ref
    if item.kind != "word" or not isinstance(tok, Token) or not tok.capitalised:
        return False
    if len(tok.raw) == 1:
        return True                      # an initial: "A. Name"
    return tok.raw not in stopwords and not tok.raw.isupper()


def _adjacent(a: Item, b: Item) -> bool:
    return b.start - a.end <= 2


def mark_arabic_name(items: list[Item], i: int, stopwords: set[str], particles: set[str],
                     verbs: set[str]) -> Item | None:
    """An Arabic name of 2-4 words starting at item i (no article on the first word)."""
    words: list[Item] = []
    j = i
    while j < len(items) and len(words) < 4:
        it = items[j]
        if it.kind != "word" or it.key in stopwords or it.key in verbs:
            break
        if it.key.startswith("ال") and it.key not in particles:
            break
        if len(words) >= 2 and it.key.startswith("و"):
            break                        # "... كاربوف وجاء": a conjunction starts a clause
        if words and not _adjacent(words[-1], it):
            break
        words.append(it)
        j += 1
    if len(words) < 2:
        return None
    return Item("name", words[0].start, words[-1].end, key=" ".join(w.key for w in words),
                ref=[w.ref for w in words])
