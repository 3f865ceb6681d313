"""Names to their dictionary form, per language, with maintained morphology libraries.

``NORMALISERS`` maps the ``normaliser`` key of a language's ``[speaker]`` rules to a function
from the words of a name, as written, to the name in the nominative. Russian uses pymorphy3
with its bundled dictionaries: «Николая Бордюжи» → «Николай Бордюжа».

>>> russian_nominative(["Ильдара", "Гайнуллина"])
'Ильдар Гайнуллин'
>>> russian_nominative(["Марии", "Захаровой"])
'Мария Захарова'
>>> russian_nominative(["Ильдар", "Гайнуллин"])
'Ильдар Гайнуллин'
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

NAME_TAGS = ("Name", "Surn", "Patr")


@lru_cache(maxsize=1)
def _analyser():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def russian_nominative(words: list[str]) -> str:
    """The nominative of a Russian personal name; words that do not inflect stay as written."""
    if len(words) < 2:
        return " ".join(words)       # a lone surname: its case is a guess; keep it as written
    morph = _analyser()
    parses = [[p for p in morph.parse(w) if p.tag.POS == "NOUN"] for w in words]
    fixed = [any("Fixd" in p.tag for p in ps if _named(p)) for ps in parses]
    hint = next((p.tag.gender for ps in parses for p in ps if "Name" in p.tag), None)
    case, gender = _case_and_gender([ps for ps, f in zip(parses, fixed, strict=True) if not f],
                                    hint)
    if case in (None, "nomn"):
        return " ".join(words)
    return " ".join(w if f else _inflect(w, ps, case, gender)
                    for w, ps, f in zip(words, parses, fixed, strict=True))


def _named(parse) -> bool:
    return any(t in parse.tag for t in NAME_TAGS)


def _case_and_gender(parses, hint: str | None) -> tuple[str | None, str | None]:
    """The case and gender of the given name, else of the surname; a lone surname that
    may be nominative is taken as written."""
    for tags in (("Name",), ("Surn", "Patr")):
        for ps in parses:
            named = [p for p in ps if any(t in p.tag for t in tags)
                     and (hint is None or p.tag.gender in (None, hint))]
            if not named:
                continue
            if tags != ("Name",) and any(p.tag.case == "nomn" for p in named):
                return "nomn", None
            best = max(named, key=lambda p: p.score)
            return best.tag.case, best.tag.gender
    return None, None


def _inflect(word: str, parses, case: str, gender: str | None) -> str:
    in_case = [p for p in parses if p.tag.case == case]
    named = [p for p in in_case if _named(p) and
             (gender is None or p.tag.gender in (None, gender) or "ms-f" in p.tag)]
    for p in named or [p for p in in_case if not _named(p)]:
        form = p.inflect({"nomn"})
        if form is not None:
            return _recase(form.word, word)
    return word


def _recase(form: str, like: str) -> str:
    parts = form.split("-")
    cased = [part[:1].upper() + part[1:] if like[:1].isupper() else part for part in parts]
    return "-".join(cased)


NORMALISERS: dict[str, Callable[[list[str]], str]] = {"russian": russian_nominative}
