"""Topics of a statement: a topic applies when one of its labels occurs in the text
(each word of a label matches the start of a word, so "terroris" matches "terrorism";
Arabic clitics are allowed before it)."""

from __future__ import annotations

from kg.extract.normalise import WORD, fold, is_arabic
from kg.gazetteer import Gazetteer, clitic_variants, token_key


def topics_of(text: str, gazetteer: Gazetteer) -> list[str]:
    words = WORD.findall(fold(text))
    variants = [[token_key(v) for v in (clitic_variants(w) if is_arabic(w) else [w])]
                for w in words]
    found: list[str] = []
    for trigger in gazetteer.topic_triggers:
        if trigger.entity in found:
            continue
        n = len(trigger.keys)
        for i in range(len(words) - n + 1):
            if all(_starts(variants[i + k], trigger.keys[k]) for k in range(n)):
                found.append(trigger.entity)
                break
    return sorted(found)


def _starts(options: list[str], key: str) -> bool:
    return any(o.startswith(key) for o in options)
