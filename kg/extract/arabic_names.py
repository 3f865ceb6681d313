"""Arabic names nobody curated: how one name varies inside an article, and which person a
later, shorter or differently spelt mention names.

Arabic writers transliterate foreign names freely: «غوربونوف» and «كوربونوف», «فيدوروف» and
«فيدروف», «فاينبرغ» and «فاينبرج», «قره أوغلو» and «قره اوغلو», a surname with a
clitic («لوانغ», «وكارباني»). Two spellings name the same person when their *skeletons* agree:
the folded consonants, with the letters that stand for g (غ ج ق ك گ), the emphatic and plain
pairs (ت ط, س ص ث, ز ذ ظ ض) and the long vowels (ا و ي) collapsed.

>>> skeleton("غوربونوف") == skeleton("كوربونوف")
True
>>> skeleton("فيدوروف") == skeleton("فيدروف")
True
>>> skeleton("فاينبرغ") == skeleton("فاينبرج")
True
>>> skeleton("سوكولوف") == skeleton("شويغو")
False
>>> readings("لوانغ")
['لوانغ', 'وانغ']

A word names a person of the article when one of its readings has the skeleton of one word of
exactly one person's name (its last word, or any word of four letters or more); several
persons sharing the word leave it unresolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.normalise import fold

# Letters that transliterations of one sound swap, each to one representative.
_SAME = {"غ": "ك", "ج": "ك", "ق": "ك", "گ": "ك", "چ": "ك", "ط": "ت", "ص": "س", "ث": "س",
         "ذ": "ز", "ظ": "ز", "ض": "ز", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "پ": "ب",
         "ڤ": "ف", "ئ": "ي", "ؤ": "و", "ء": ""}
_VOWELS = set("اوي")
_CONJ = ("و", "ف")
_PREP = ("ل", "ب", "ك")
MIN_SKELETON = 3


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The consonant skeleton of a folded or raw Arabic word (see the module doc)."""
    letters = [_SAME.get(c, c) for c in fold(word).replace(" ", "")]
    letters = [c for c in letters if c]
    if not letters:
        return ""
    head, rest = letters[0], [c for c in letters[1:] if c not in _VOWELS]
    out = [head]
    for c in rest:
        if c != out[-1]:
            out.append(c)
    return "".join(out)


def readings(word: str) -> list[str]:
    """The word and its readings without a leading conjunction and/or preposition."""
    return list(_readings(word))


@lru_cache(maxsize=65536)
def _readings(word: str) -> tuple[str, ...]:
    key = fold(word)
    out = [key]
    for conj in ("", *_CONJ):
        if conj and not key.startswith(conj):
            continue
        rest = key[len(conj):]
        for prep in ("", *_PREP):
            if (conj or prep) and rest.startswith(prep) and len(rest) - len(prep) >= 3:
                out.append(rest[len(prep):])
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class Known:
    """A person the article names in full: their IRI and the words of the name as written."""

    person: str
    words: tuple[str, ...]


class NameIndex:
    """The persons an article has named, looked up by any spelling of their names."""

    def __init__(self, persons: Iterable[Known], *, common: frozenset[str] = frozenset()):
        self.persons = list(persons)
        self.common = common          # words that are never a name on their own
        self._by_word: dict[str, set[str]] = {}
        self._by_whole: dict[str, set[str]] = {}
        for known in self.persons:
            words = [w for w in known.words if skeleton(w)]
            for k, w in enumerate(words):
                last = k == len(words) - 1
                if (last or len(fold(w)) >= 4) and len(skeleton(w)) >= MIN_SKELETON:
                    self._by_word.setdefault(skeleton(w), set()).add(known.person)
            self._by_whole.setdefault(skeleton("".join(words)), set()).add(known.person)

    def word(self, word: str) -> str | None:
        """The one person a lone word (surname, partial name, clitic form) names."""
        for reading in readings(word):
            if reading in self.common or reading.startswith("ال"):
                continue
            found = self._by_word.get(skeleton(reading), set())
            if len(found) == 1:
                return next(iter(found))
        return None

    def name(self, words: list[str]) -> str | None:
        """The one person a run of words names (a full name in another spelling, a surname
        split in two, or a part of the name)."""
        whole = self._by_whole.get(skeleton("".join(words)), set())
        if len(whole) == 1:
            return next(iter(whole))
        each = [self.word(w) for w in words]
        people = set(each)
        if len(people) == 1 and None not in people:
            return each[0]
        return None


def quoted_name_words(text: str, start: int, end: int, *, ranks: frozenset[str],
                      stop: frozenset[str], max_words: int = 4) -> list[str] | None:
    """The words of a quotation that only wraps a name («"الجنرال أوليغ كارباني"»), ranks
    removed; None when the quotation says more than a name."""
    words = text[start:end].split()
    if not words or len(words) > max_words + 2:
        return None
    keys = [fold(w) for w in words]
    k = 0
    while k < len(keys) and (keys[k] in ranks or " ".join(keys[k:k + 2]) in ranks):
        k += 2 if " ".join(keys[k:k + 2]) in ranks else 1
    rest = keys[k:]
    if not rest or len(rest) > max_words:
        return None
    if any(w in stop or w.startswith("ال") or not w.isalpha() for w in rest):
        return None
    if len(rest) == 1 and k == 0:
        return None                   # one bare word in quotation marks: a term, not a name
    return words[k:]


# --- where an Arabic name stands in a sentence ------------------------------------------

TRIGGERS = ("verb", "according", "participle")
ENTITIES = ("org", "state", "demonym", "place", "role", "coref", "roleref")
PHRASE_MAX = 14


def mark_names(ctx, items: list, rules, *, official) -> None:
    """Mark the Arabic names of one sentence's items in place (``official(ctx, name_item,
    phrase_items)`` mints a person with the post of a role phrase):

    * a word or run of words that names a person the article has named (another spelling,
      a surname alone, a clitic form) becomes that person;
    * a quotation that only wraps a name, next to a reporting verb or a role phrase, is the
      name («قال "الجنرال أوليغ كارباني"»);
    * after a reporting verb and a role phrase, the words up to the complementiser, a comma
      or a stop word are a name;
    * a name followed by a role phrase («حذر أوليغ كاربوف رئيس مركز ...»,
      «..., تيمور ساباروف، نائب لجنة ...») is an official with that post.
    """
    from kg.extract.patterns import Item

    common = rules.stopwords | rules.role_heads | rules.ranks | rules.verbs | rules.phrase_words
    _drop_lone_surnames(ctx, items, Item)
    index = _index(ctx, common)
    _resolve_known(ctx, items, index, Item, rules.ranks)
    _quoted_names(ctx, items, rules, index, Item)
    _names_after_phrase(ctx, items, rules, common, official)
    _names_before_phrase(ctx, items, rules, common, official)


def _drop_lone_surnames(ctx, items: list, item_cls) -> None:
    """A lone surname names a reference person only when the article names them in full;
    otherwise it is a word (part of a name nobody curated, «... قره أوغلو»)."""
    full = {m.iri for m in ctx.result.mentions
            if m.kind == "person" and not m.partial and m.iri}
    full |= {o.person for o in ctx.result.officials}
    for k, it in enumerate(items):
        mention = it.ref
        if it.kind == "person" and getattr(mention, "partial", False) and mention.iri not in full:
            if mention in ctx.result.mentions:
                ctx.result.mentions.remove(mention)
            items[k] = item_cls("word", it.start, it.end, key=fold(ctx.text[it.start:it.end]))


def _index(ctx, common: frozenset[str]) -> NameIndex:
    known = [Known(iri, tuple(names[ctx.lang].split())) for iri, names in ctx.result.minted.items()
             if ctx.lang in names]
    known += [Known(m.iri, tuple(m.surface.split())) for m in ctx.result.mentions
              if m.kind == "person" and m.iri and not m.partial and len(m.surface.split()) >= 2]
    key = (tuple(known), common)
    last = ctx.memo.get("arabic_names")   # the same persons as the sentence before: same index
    if last is None or last[0] != key:
        last = ctx.memo["arabic_names"] = (key, NameIndex(known, common=common))
    return last[1]


def _person_item(ctx, item_cls, start: int, end: int, person: str, rule: str):
    from kg.model import Mention

    mention = Mention("person", start, end, ctx.text[start:end], person, rule=rule)
    ctx.result.mentions.append(mention)
    return item_cls("person", start, end, key=fold(ctx.text[start:end]), ref=mention)


def _resolve_known(ctx, items: list, index: NameIndex, item_cls, ranks: frozenset[str]) -> None:
    """Words naming a person of the article, in any spelling, become that person (with a
    rank before them: «الجنرال كارباني»)."""
    k = 0
    while k < len(items):
        it = items[k]
        if it.kind not in ("word", "name"):
            k += 1
            continue
        words = ctx.text[it.start:it.end].split()
        person = index.name(words) if len(words) > 1 else index.word(words[0])
        if person is None:
            k += 1
            continue
        z = k + 1
        while z < len(items) and items[z].kind == "word" and index.word(items[z].key) == person:
            z += 1
        a = k
        while a > 0 and items[a - 1].kind == "word" and items[a - 1].key in ranks:
            a -= 1
        items[a:z] = [_person_item(ctx, item_cls, it.start, items[z - 1].end, person,
                                   f"{ctx.lang}.coreference.name-variant")]
        k = a + 1


def _quoted_names(ctx, items: list, rules, index: NameIndex, item_cls) -> None:
    """A quotation that only wraps a name, where a speaker stands, is the name."""
    for k, it in enumerate(items):
        if it.kind != "quote" or not _speaker_slot(items, k, rules):
            continue
        q = it.ref
        words = quoted_name_words(ctx.text, q.start, q.end, ranks=rules.ranks,
                                  stop=rules.stopwords | rules.verbs)
        if words is None:
            lone = ctx.text[q.start:q.end].split()
            person = index.word(lone[0]) if len(lone) == 1 else None
            if person is not None:
                items[k] = _person_item(ctx, item_cls, q.start, q.end, person,
                                        f"{ctx.lang}.coreference.name-variant")
            continue
        start = ctx.text.index(words[0], q.start)
        end = ctx.text.index(words[-1], start) + len(words[-1])
        person = index.name(words) if len(words) > 1 else index.word(words[0])
        if person is not None:
            items[k] = _person_item(ctx, item_cls, start, end, person,
                                    f"{ctx.lang}.coreference.name-variant")
        elif len(words) >= 2:
            items[k] = item_cls("name", start, end, key=" ".join(fold(w) for w in words),
                                ref=[])


def _speaker_slot(items: list, k: int, rules) -> bool:
    """Item k stands where a speaker's name does: after a reporting verb, a rank or a role
    phrase that has a role word."""
    j = k - 1
    while j >= 0 and items[j].kind == "word" and items[j].key in rules.ranks:
        j -= 1
    if j < 0:
        return False
    if items[j].kind in TRIGGERS or j < k - 1:
        return True
    for i in range(j, max(-1, j - PHRASE_MAX), -1):
        it = items[i]
        if it.kind in ("role", "coref", "roleref") or _head(it, rules):
            return True
        if not _phrase_word(items, i, rules):
            return False
    return False


def _head(item, rules) -> bool:
    """A role word or rank, also with a conjunction or preposition on it («ورئيس»)."""
    return item.kind == "word" and any(r in rules.role_heads or r in rules.ranks
                                       for r in readings(item.key))


def _phrase_word(items: list, k: int, rules) -> bool:
    """Role words, words with the article, and a noun in construct with what follows
    ("هيئة الأركان", "خارجية روسيا")."""
    item = items[k]
    if item.kind in ENTITIES:
        return True
    if item.kind == "punct":
        return item.key == "-"
    if item.kind != "word":
        return False
    if _head(item, rules) or item.key in rules.phrase_words or item.key in rules.modifiers:
        return True
    if _definite(item, rules):
        return True
    nxt = items[k + 1] if k + 1 < len(items) else None
    return nxt is not None and (nxt.kind in ENTITIES or
                                (nxt.kind == "word" and _definite(nxt, rules)))


def _definite(item, rules) -> bool:
    """A word with the article (also after و، ب، ل); «أل» with hamza opens a name
    («أوليغ»), not the article."""
    raw = getattr(item.ref, "raw", "") or ""
    if raw[:2] in ("أل", "إل", "آل"):
        return False
    key = item.key
    return (key.startswith("ال") or key.startswith("وال") or key.startswith("بال")
            or key.startswith("لل")) and key not in rules.particles


def _name_run(items: list, i: int, common: frozenset[str], rules, *, max_words: int = 4) -> int:
    """How many name words start at item i (no article, no stop word, no role word)."""
    n = 0
    while i + n < len(items) and n < max_words:
        it = items[i + n]
        if it.kind != "word" or it.key in common or not it.key.isalpha():
            break
        if _definite(it, rules):
            break
        if n and (items[i + n - 1].end + 2 < it.start
                  or (it.key.startswith("و") and (len(it.key) > 4 or n >= 2))):
            break
        n += 1
    return n


def _names_after_phrase(ctx, items: list, rules, common: frozenset[str], official) -> None:
    """After a role phrase (and a reporting verb before it, or none), the words up to a
    boundary are the name: «وقال قائد القوات ... الفريق أول سامي حداد إن»,
    «وكان وزير الخارجية السويسري إغنازيو كاسيس والأمين العام ...». After a verb the name is
    marked for the speaker pass; elsewhere the phrase and name become an official."""
    from kg.extract.patterns import Item

    nouns = ctx.folded("speaker", "non_person_nouns")
    v = -1
    while v + 1 < len(items):
        v += 1
        trigger = items[v].kind in ("verb", "according")
        if trigger:
            n = _name_run(items, v + 1, common | nouns, rules, max_words=3)
            if n >= 2 and v + 1 + n < len(items) and items[v + 1 + n].kind == "comp":
                items[v + 1:v + 1 + n] = [_name_item(Item, items[v + 1:v + 1 + n])]
                continue
            k = v + 1
        elif _opens_phrase(items, v, rules):
            k = v + 1 if items[v].kind == "punct" else v
        else:
            continue
        seen_head = False
        while k < len(items) and k - v <= PHRASE_MAX and items[k].kind != "name" \
                and _phrase_word(items, k, rules):
            seen_head |= items[k].kind in ENTITIES or _head(items[k], rules) or \
                (not trigger and items[v].kind == "punct")
            k += 1
        appositive = items[v].kind == "verb" and k + 1 < len(items) and \
            items[k].kind == "punct" and items[k].key == "," and \
            any(_head(it, rules) or it.kind in ("role", "coref", "roleref")
                for it in items[v + 1:k])
        if appositive:                     # «مندوب ... لدى الأمم المتحدة، سامي حداد، ...»
            k += 1
        if not seen_head or k >= len(items) or items[k].kind != "word":
            continue
        n = _name_run(items, k, common | nouns, rules, max_words=3)
        if appositive and (k + n >= len(items) or items[k + n].key != ","):
            continue
        if n < 2 or not _ends_name(items, k + n, rules, strict=not trigger):
            continue
        name = _name_item(Item, items[k:k + n])
        if trigger:
            items[k:k + n] = [name]
            continue
        first = v + 1 if items[v].kind == "punct" else v
        off = official(ctx, name, items[first:k])
        items[first:k + n] = [Item("official", items[first].start, name.end, ref=off)]
        v = first


def _name_item(item_cls, words: list):
    return item_cls("name", words[0].start, words[-1].end,
                    key=" ".join(it.key for it in words), ref=[])


def _opens_phrase(items: list, v: int, rules) -> bool:
    """A role phrase with no verb before it starts at a role word or rank, or at a list
    entry («، والأذري ...») once the sentence has named an official."""
    it = items[v]
    if it.kind in ("role", "coref", "roleref") or _head(it, rules):
        return True
    if it.kind == "punct" and it.key == "," and v + 1 < len(items):
        nxt = items[v + 1]
        earlier = any(x.kind == "official" for x in items[:v])
        return earlier and (nxt.kind == "demonym" or
                            (nxt.kind == "word" and nxt.key.startswith("وال")
                             and nxt.key.endswith("ي")))
    return False


def _ends_name(items: list, z: int, rules, *, strict: bool = False) -> bool:
    """What may follow a name: the end, punctuation, a complementiser, a verb, a stop word;
    with no reporting verb before it (``strict``) also a word joined by «و», not a role word."""
    if z >= len(items):
        return True
    it = items[z]
    if it.kind in ("punct", "comp", "verb", "quote", "modifier"):
        return True
    if it.kind != "word":
        return strict and it.kind in ("official", "person", "pronoun", "anonymous")
    if strict:
        return it.key in rules.stopwords or (it.key.startswith("و") and len(it.key) > 3)
    return it.key in rules.stopwords or _head(it, rules)


def _names_before_phrase(ctx, items: list, rules, common: frozenset[str], official) -> None:
    """NAME [،] role phrase: an official with the post the phrase gives. The name is the two
    words before the phrase, three when the first is a given name or a particle (``[speaker]
    given_names``) or the middle one a patronymic."""
    from kg.extract.patterns import Item

    spec = ctx.rules.speaker
    given = ctx.folded("speaker", "given_names") | rules.particles
    patronymic = tuple(fold(w) for w in spec.get("patronymic_endings", []))
    a = 2
    while a < len(items):
        z = a - 1 if items[a - 1].kind == "punct" and items[a - 1].key == "," else a
        if not (_head(items[a], rules) or items[a].kind in ("role", "roleref", "coref")) \
                or z < 2:
            a += 1
            continue
        k = z - 2
        if _name_run(items, k, common, rules, max_words=2) != 2:
            a += 1
            continue
        if k >= 1 and _name_run(items, k - 1, common, rules, max_words=3) == 3 and \
                (items[k - 1].key in given or items[k].key in given
                 or items[k].key.endswith(patronymic or ("\0",))):
            k -= 1
        e = a
        while e < len(items) and e - a < PHRASE_MAX and _phrase_word(items, e, rules):
            e += 1
        phrase = items[a:e]
        if phrase[0].kind != "roleref" and not any(
                it.kind in ENTITIES or (it.kind == "word" and _definite(it, rules))
                for it in phrase[1:]):
            a += 1
            continue
        name = Item("name", items[k].start, items[z - 1].end,
                    key=" ".join(it.key for it in items[k:z]), ref=[])
        off = official(ctx, name, phrase)
        items[k:e] = [Item("official", items[k].start, items[e - 1].end, ref=off)]
        a = k + 2
