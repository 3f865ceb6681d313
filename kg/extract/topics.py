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
    starting = _triggers(gazetteer.topic_triggers)
    found: set[str] = set()
    for i, options in enumerate(variants):
        for option in options:
            for trigger in starting(option):
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


_INDEXED: dict[int, tuple[list, int, object]] = {}


def _triggers(triggers: list[Alias]):
    """``starting(word)``: the triggers whose first key starts ``word`` (one of its prefixes
    is the key), in the order of ``triggers``; worked out once per word and trigger list (and
    again if the list grows)."""
    entry = _INDEXED.get(id(triggers))
    if entry is None or entry[0] is not triggers or entry[1] != len(triggers):
        by_first: dict[str, list[Alias]] = {}
        for trigger in triggers:
            by_first.setdefault(trigger.keys[0], []).append(trigger)
        lengths = tuple(sorted({len(k) for k in by_first}))

        @lru_cache(maxsize=65536)
        def starting(word: str) -> tuple[Alias, ...]:
            return tuple(t for n in lengths if n <= len(word) for t in by_first.get(word[:n], ()))

        entry = (triggers, len(triggers), starting)
        _INDEXED[id(triggers)] = entry
    return entry[2]
