"""Topics of a statement: a topic applies when one of its labels occurs in the text
(each word of a label matches the start of a word, so "terroris" matches "terrorism";
Arabic clitics are allowed before it)."""

from __future__ import annotations

from functools import lru_cache

from kg.extract.normalise import WORD, fold, is_arabic
from kg.gazetteer import Alias, Gazetteer, clitic_variants, token_key


def topics_of(text: str, gazetteer: Gazetteer) -> list[str]:
    words = WORD.findall(fold(text))
    variants = [_variants(w) for w in words]
    by_first, lengths = _triggers(gazetteer.topic_triggers)
    found: set[str] = set()
    for i, options in enumerate(variants):
        for option in options:
            for n in lengths:
                if n > len(option):
                    break
                for trigger in by_first.get(option[:n], ()):
                    keys = trigger.keys
                    if trigger.entity not in found and i + len(keys) <= len(words) and all(
                            _starts(variants[i + k], keys[k]) for k in range(1, len(keys))):
                        found.add(trigger.entity)
    return sorted(found)


def _starts(options: tuple[str, ...], key: str) -> bool:
    return any(o.startswith(key) for o in options)


@lru_cache(maxsize=65536)
def _variants(word: str) -> tuple[str, ...]:
    return tuple(token_key(v) for v in (clitic_variants(word) if is_arabic(word) else [word]))


_INDEXED: dict[int, tuple[list, int, dict, tuple]] = {}


def _triggers(triggers: list[Alias]) -> tuple[dict[str, list[Alias]], tuple[int, ...]]:
    """The triggers by their first key, and the lengths of first keys (shortest first): a
    word starts with a trigger's first key when one of its prefixes is that key. Built once
    per trigger list (and again if it grows)."""
    entry = _INDEXED.get(id(triggers))
    if entry is None or entry[0] is not triggers or entry[1] != len(triggers):
        by_first: dict[str, list[Alias]] = {}
        for trigger in triggers:
            by_first.setdefault(trigger.keys[0], []).append(trigger)
        entry = (triggers, len(triggers), by_first, tuple(sorted({len(k) for k in by_first})))
        _INDEXED[id(triggers)] = entry
    return entry[2], entry[3]
