"""Which language an article is in, and whether the rules cover it.

The script most letters are in names a language (``[scripts]`` in ``kg/rules/common.toml``);
a language that shares a covered script but that the rules do not cover (Persian in Arabic
script) is told apart by words only it uses (``[uncovered.LANG]``). An article in a language
no rule file covers is reported, never read with another language's rules.

>>> from kg.ruleset import load_rules_common
>>> common = load_rules_common()
>>> detect_language("Вчера министр заявил, что переговоры продолжатся.", common)
'ru'
>>> detect_language("وزیر امور خارجه ایران گفت که این نشست برای منطقه مهم است.", common)
'fa'
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.errors import ArticleError
from kg.extract.normalise import WORD


@lru_cache(maxsize=8)
def _script(ranges: str) -> re.Pattern:
    return re.compile(f"[{ranges}]")


@lru_cache(maxsize=8)
def _markers(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


def detect_language(text: str, common: dict) -> str:
    """The language code of ``text`` by script, then by marker words."""
    scripts: dict[str, str] = common.get("scripts", {})
    counts = {lang: len(_script(ranges).findall(text)) for lang, ranges in scripts.items()}
    best = max(counts, key=lambda k: (counts[k], k == "en"))
    starts_in_script = _script(scripts[best]).match
    words = [w for w in WORD.findall(text) if starts_in_script(w)]
    for lang, spec in common.get("uncovered", {}).items():
        if spec.get("script") != best or not words:
            continue
        markers = _markers(tuple(spec.get("markers", [])))
        share = sum(1 for w in words if w in markers) / len(words)
        if share >= float(spec.get("min_share", 0.05)):
            return lang
    return best


def language_of(meta_language: str | None, text: str, common: dict, covered, source: str) -> str:
    """The article's language (its metadata's, else detected), or ArticleError when no rule
    file covers it."""
    lang = (meta_language or "").split("-")[0].strip().lower() or detect_language(text, common)
    if lang not in covered:
        name = common.get("uncovered", {}).get(lang, {}).get("name", lang)
        raise ArticleError(source, f"written in {name} ({lang}), which no rule file covers "
                           f"(kg/rules/ has {', '.join(sorted(covered))})",
                           f"add kg/rules/{lang}.toml, or set \"language\" in the article's "
                           ".meta.json if it is one of those")
    return lang
