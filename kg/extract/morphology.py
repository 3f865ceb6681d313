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

Besides names, the Russian rules use the analyser for three more jobs, each through a table
keyed like ``NORMALISERS``: the forms of reporting verbs from their lemmas at rule-load time
(``VERB_FORMS``), the dictionary forms a name word may stand for in any case (``NAME_KEYS``:
«Лаврова» → «лавров»), and whether a word can be the subject of a sentence (``SUBJECTS``).

>>> russian_verb_forms(["заявить"])
['заявил', 'заявила', 'заявило', 'заявили']
>>> sorted(russian_verb_forms(["считать"]))
['считает', 'считал', 'считала', 'считали', 'считало', 'считают']
>>> russian_verb_forms(["обратить внимание"])[:2]
['обратил внимание', 'обратила внимание']
>>> russian_gerunds(["добавить", "отмечать"])
['добавив', 'отмечая']
>>> sorted(russian_name_keys("Лаврова"))
['лавров', 'лаврова']
>>> russian_may_be_subject("журналистам"), russian_may_be_subject("председатель")
(False, True)
>>> russian_looks_like_name(["Организации", "Договора"]), russian_looks_like_name(["Геннадием", "Сорокиным"])
(False, True)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

NAME_TAGS = ("Name", "Surn", "Patr")


@lru_cache(maxsize=1)
def _analyser():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def russian_nominative(words: list[str], cases: frozenset[str] | None = None) -> str:
    """The nominative of a Russian personal name; words that do not inflect stay as written.

    The words of one name agree in case and gender: the reading every word allows, among
    ``cases`` when the context tells them (a post word before the name is in the same case,
    «председателя»; a subject is in the nominative), else the likeliest."""
    if len(words) < 2:
        return " ".join(words)       # a lone surname: its case is a guess; keep it as written
    agreed = _agreed_case(words, cases)
    if agreed is not None:
        case, gender = agreed
        if case == "nomn":
            return " ".join(words)
        return " ".join(_inflect_agreed(w, case, gender) for w in words)
    if (not cases or "nomn" in cases) and all(russian_may_be_subject(w) for w in words):
        return " ".join(words)
    return _nominative_by_given_name(words)


def russian_cases(word: str) -> frozenset[str]:
    """The cases a noun may be in («председателя» → genitive)."""
    return frozenset(p.tag.case for p in _analyser().parse(word)
                     if p.tag.POS == "NOUN" and p.tag.case)


Reading = tuple[str, str]           # (case, gender) of one singular reading


def _readings(word: str) -> dict[Reading, float] | None:
    """Singular noun readings of a name word by (case, gender) with their scores; None for a
    word that does not inflect («Кравченко»)."""
    parses = [p for p in _analyser().parse(word) if p.tag.POS == "NOUN"]
    if any("Fixd" in p.tag and _named(p) for p in parses):
        return None
    single = [p for p in parses if p.tag.number == "sing"]
    named = [p for p in single if _named(p)] or single
    out: dict[Reading, float] = {}
    for p in named:
        genders = ("masc", "femn") if p.tag.gender is None or "ms-f" in p.tag \
            else (p.tag.gender,)
        for g in genders:
            out[(p.tag.case, g)] = out.get((p.tag.case, g), 0.0) + p.score
    return out


def _agreed_case(words: list[str], cases: frozenset[str] | None) -> Reading | None:
    readings = [r for r in (_readings(w) for w in words) if r is not None]
    if not readings:
        return "nomn", ""
    common = set(readings[0]).intersection(*readings[1:])
    if not common:
        return None
    if cases:
        common = {r for r in common if r[0] in cases} or common
    return max(sorted(common), key=lambda r: sum(rd.get(r, 0.0) for rd in readings))


def _inflect_agreed(word: str, case: str, gender: str) -> str:
    parses = [p for p in _analyser().parse(word) if p.tag.POS == "NOUN"]
    if any("Fixd" in p.tag and _named(p) for p in parses):
        return word
    fits = [p for p in parses if p.tag.case == case and p.tag.number == "sing" and
            (p.tag.gender is None or p.tag.gender == gender or "ms-f" in p.tag)]
    for p in sorted(fits, key=lambda p: (not _named(p), -p.score)):
        form = p.inflect({"nomn"})
        if form is not None:
            return _recase(form.word, word)
    return word


def _nominative_by_given_name(words: list[str]) -> str:
    """Fallback when the words share no reading (foreign names the dictionary guesses at):
    the case and gender of the given name."""
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


def _lexeme_forms(lemma: str, keep) -> list[str]:
    """Forms of the verb ``lemma`` (its first word; the rest is kept: «обратить внимание»)
    whose tag ``keep`` accepts, in the dictionary's order."""
    first, _, rest = lemma.partition(" ")
    parses = [p for p in _analyser().parse(first) if p.tag.POS == "INFN"]
    out: list[str] = []
    for parse in parses:             # «считать» reads as perfective and imperfective
        for form in parse.lexeme:
            if keep(form.tag, parse.tag):
                word = form.word.replace("ё", "е")
                out.append(f"{word} {rest}" if rest else word)
    return list(dict.fromkeys(out))


def _reporting_form(tag, infinitive) -> bool:
    """Past forms, and the present of an imperfective verb (third person): «заявил»,
    «заявила», «заявили», «заявляет»; not the future «заявит»."""
    if tag.POS != "VERB" or "impr" in tag:
        return False
    return "past" in tag or ("pres" in tag and "3per" in tag and "impf" in infinitive)


def russian_verb_forms(lemmas: list[str]) -> list[str]:
    """The finite forms that report speech, for each infinitive in ``lemmas``."""
    return [f for lemma in lemmas for f in _lexeme_forms(lemma, _reporting_form)]


def russian_gerunds(lemmas: list[str]) -> list[str]:
    """The short adverbial participles («добавив», «отмечая») of each infinitive."""
    return [f for lemma in lemmas
            for f in _lexeme_forms(lemma, lambda t, _i: t.POS == "GRND")[:1]]


def russian_name_keys(word: str) -> frozenset[str]:
    """The folded dictionary forms a capitalised word may stand for as a name, the word
    itself included: «Лаврова» → {лаврова, лавров}."""
    low = word.lower().replace("ё", "е")
    keys = {low}
    for p in _analyser().parse(word):
        if _named(p):
            keys.add(p.normal_form.replace("ё", "е"))
            if p.tag.gender == "femn" and "Surn" in p.tag:
                form = p.inflect({"femn", "nomn"})
                if form is not None:
                    keys.add(form.word.replace("ё", "е"))
    return frozenset(keys)


def russian_may_be_subject(word: str) -> bool:
    """True when some reading of ``word`` is in the nominative (or does not inflect)."""
    parses = _analyser().parse(word)
    return any(p.tag.case in ("nomn", None) or "Fixd" in p.tag for p in parses)


def russian_looks_like_name(words: list[str]) -> bool:
    """A run of capitalised words reads as a person's name: a given name, patronymic or
    family name among its readings, and no word read only as a place, an organisation or a
    common noun."""
    morph = _analyser()
    named = 0
    for word in words:
        parses = morph.parse(word)
        if any(_named(p) for p in parses):
            named += 1
        elif parses and parses[0].tag.POS == "NOUN" and parses[0].score >= 0.5 and \
                "Geox" not in parses[0].tag and "Orgn" not in parses[0].tag and \
                morph.word_is_known(word.lower()):
            return False
    return named > 0


@lru_cache(maxsize=4096)
def russian_lemma(word: str) -> str:
    """The dictionary form of a noun («председателя» → «председатель»), else the word."""
    for p in _analyser().parse(word):
        if p.tag.POS == "NOUN":
            return p.normal_form.replace("ё", "е")
    return word


def russian_never_name(word: str) -> bool:
    """A capitalised word that only reads as a place, an organisation, an abbreviation or an
    inanimate common noun («Госдумы», «Ирана», «МИДа»), never as part of a person's name."""
    parses = _analyser().parse(word)
    if any(_named(p) for p in parses) or not parses:
        return False
    top = parses[0].tag
    return any(t in top for t in ("Geox", "Orgn", "Abbr")) or top.POS in ("ADJF", "PRTF") or \
        (top.POS == "NOUN" and "inan" in top)


def russian_gender(words: list[str]) -> str | None:
    """"masc" or "femn" when a name in the nominative tells it by its given name, else its
    family name; None when it does not («Кравченко», an unknown foreign name)."""
    morph = _analyser()
    for tag in ("Name", "Surn"):
        for word in words:
            genders = {p.tag.gender for p in morph.parse(word) if tag in p.tag and
                       p.tag.number == "sing" and "ms-f" not in p.tag and p.tag.case == "nomn"}
            if len(genders) == 1:
                return genders.pop()
    return None


NORMALISERS: dict[str, Callable[..., str]] = {"russian": russian_nominative}
GENDERS: dict[str, Callable[[list[str]], str | None]] = {"russian": russian_gender}
NOT_NAMES: dict[str, Callable[[str], bool]] = {"russian": russian_never_name}
CASES: dict[str, Callable[[str], frozenset[str]]] = {"russian": russian_cases}
LEMMAS: dict[str, Callable[[str], str]] = {"russian": russian_lemma}
VERB_FORMS: dict[str, Callable[[list[str]], list[str]]] = {"russian": russian_verb_forms}
GERUNDS: dict[str, Callable[[list[str]], list[str]]] = {"russian": russian_gerunds}
NAME_KEYS: dict[str, Callable[[str], frozenset[str]]] = {"russian": russian_name_keys}
SUBJECTS: dict[str, Callable[[str], bool]] = {"russian": russian_may_be_subject}
NAME_CHECKS: dict[str, Callable[[list[str]], bool]] = {"russian": russian_looks_like_name}


def generated(lexicon: dict, key: str, table: dict[str, Callable[[list[str]], list[str]]]) -> list[str]:
    """The forms ``table[lexicon["morphology"]]`` makes from the lemmas listed under ``key``
    (none when the language names no morphology)."""
    make = table.get(lexicon.get("morphology", ""))
    return make(lexicon.get(key, [])) if make else []
