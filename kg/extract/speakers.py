"""Speakers nobody curated: the noun phrase attached to a reporting verb or frame.

A name next to a reporting verb ("Timur Saparov said", "said Li Wenjun", "— сообщил
начальник ... Олег Карпов", «وقال قائد ... سامي حداد إن») is the speaker. The words
around it that describe a post (a role phrase: "Deputy Interior Minister", "commander of the
peacekeeping contingent", "Indonesia's envoy to the bloc") give the post when they
name exactly one known role and one organisation or state. The person is minted from the
name (normalised by the language's name normaliser) and the phrase becomes one ``official``
item, so the attribution rules see an ordinary speaker.

What counts as a role phrase, where the speaker stands and how names are found are rule
data (``[speaker]`` in ``kg/rules/LANG.toml``)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.context import Context, Sentence
from kg.extract.morphology import CASES, LEMMAS, NAME_CHECKS, NORMALISERS, NOT_NAMES, SUBJECTS
from kg.extract.normalise import WORD, fold
from kg.extract.patterns import Item
from kg.gazetteer import token_key
from kg.iris import minted_person, post_iri
from kg.model import Mention, Official

TRIGGERS = ("verb", "according")
PERSONS = ("person", "official", "roleref", "pronoun", "anonymous", "coref")
# Item kinds a role phrase may hold besides words.
PHRASE_KINDS = {"org", "state", "demonym", "place", "role", "coref", "roleref"}
PHRASE_MAX = 20
PARENTHETICAL_MAX = 4                # "for his part", «в свою очередь», «من جهته»
SUBJECT = frozenset({"nomn"})        # the case of a speaker next to its verb
# What may stand between a reporting verb and the speaker after it: an addressee, a time.
ADJUNCT_KINDS = {"word", "quote", "org", "state", "place", "modifier"}


@dataclass(frozen=True, slots=True)
class SpeakerRules:
    """The ``[speaker]`` table of a language's rules, folded for matching."""

    role_heads: frozenset[str]        # nouns heading a post ("director", "командующий", "رئيس")
    ranks: frozenset[str]             # military and diplomatic ranks, never part of a name
    phrase_words: frozenset[str]      # function words inside a role phrase ("of", "the", "to")
    modifiers: frozenset[str]         # words that qualify a post ("permanent", "special")
    loose_words: bool                 # any other word may stand in a role phrase (inflected
                                      # genitive chains); else only capitalised ones
    blockers: frozenset[str]          # words that end a role phrase ("who", "and", "at")
    adjuncts: int                     # items a verb may have before the speaker after it
    links: frozenset[str]             # prepositions inside a role phrase before a place/body
    head_first: bool                  # the first post word heads the phrase (genitive chains)
    bare_descriptions: bool           # a post phrase with no determiner may describe a person
    describe_anywhere: bool           # a name after a post phrase is a person, verb or not
    determiners: frozenset[str]       # "the", "this": a described speaker ("the envoy said")
    indefinite: frozenset[str]        # "a", "an": a speaker introduced before being named
    head_groups: tuple[frozenset[str], ...]   # post words that describe the same person
    after_verb: str                   # "always" | "inverted" (only after a quote or content)
    names: str                        # "capitalised" | "arabic"
    normaliser: str                   # key of kg.extract.morphology.NORMALISERS
    stopwords: frozenset[str]
    particles: frozenset[str]
    verbs: frozenset[str]

    @classmethod
    def of(cls, lexicon: dict, spec: dict) -> SpeakerRules:
        def folded(key: str, source: dict = spec) -> frozenset[str]:
            return frozenset(fold(w) for w in source.get(key, []))

        return cls(
            role_heads=folded("role_heads"), ranks=folded("ranks"),
            phrase_words=folded("phrase_words"), modifiers=folded("modifiers"),
            loose_words=bool(spec.get("loose_words", False)), blockers=folded("blockers"),
            adjuncts=int(spec.get("adjuncts", 0)), links=folded("links"),
            head_first=bool(spec.get("head_first", False)),
            bare_descriptions=bool(spec.get("bare_descriptions", False)),
            describe_anywhere=bool(spec.get("describe_anywhere", False)),
            determiners=folded("determiners"), indefinite=folded("indefinite"),
            head_groups=tuple(frozenset(fold(w) for w in g) for g in spec.get("head_groups", [])),
            after_verb=spec.get("after_verb", "inverted"), names=spec.get("names", "capitalised"),
            normaliser=spec.get("normaliser", ""),
            stopwords=folded("name_stopwords", lexicon),
            particles=folded("name_particles", lexicon),
            verbs=folded("reporting_verbs", lexicon))


def speaker_rules(ctx: Context) -> SpeakerRules:
    cache = ctx.compiled
    key = ("speaker", ctx.lang)
    if key not in cache:
        cache[key] = SpeakerRules.of(ctx.rules.lexicon, ctx.rules.speaker)
    return cache[key]


def find_speakers(ctx: Context, sentence: Sentence) -> None:
    """Turn speaker phrases next to reporting verbs into ``official`` items."""
    rules = speaker_rules(ctx)
    if not rules.role_heads:
        return
    items = sentence.items
    if rules.names == "arabic":
        _mark_arabic_names(ctx, items, rules)
    else:
        _regroup_names(items, rules)
        _titled_names(ctx, items, rules)
    if rules.head_first:
        _dependent_posts(ctx, items, rules)
    v = 0
    while v < len(items):
        if items[v].kind in TRIGGERS:
            found = _before(ctx, items, v, rules) or _after(ctx, items, v, rules) or \
                _described(ctx, items, v, rules)
            if found is not None:
                a, z, official = found
                items[a:z] = [Item("official", items[a].start, items[z - 1].end, ref=official)]
                v = a + 1 if a > v else v + 1
                continue
        v += 1
    if rules.describe_anywhere:
        _describe(ctx, items, rules)


def _dependent_posts(ctx: Context, items: list[Item], rules: SpeakerRules) -> None:
    """«заместитель министра обороны Олег Карпов»: a role pattern found the
    minister, but the post word before it heads the phrase; the person keeps no post."""
    k = 1
    while k < len(items):
        off = items[k].ref
        if items[k].kind == "official" and _head_word(items[k - 1], rules) and off.post:
            ctx.result.officials.remove(off)
            off = Official(off.person, off.name, off.start, off.end, off.rule, None, None,
                           None, off.minted, off.lang)
            ctx.result.officials.append(off)
            items[k - 1:k + 1] = [Item("official", items[k - 1].start, items[k].end, ref=off)]
            continue
        k += 1


def _describe(ctx: Context, items: list[Item], rules: SpeakerRules) -> None:
    """A name a post phrase introduces anywhere («председатель комитета Олег Карпов избран»,
    «во главе с начальником штаба генерал-майором Геннадием Сорокиным») is a person of
    the article, remembered with the post words that may later stand for them."""
    looks_like = NAME_CHECKS.get(rules.normaliser)
    k = 0
    while k < len(items):
        item = items[k]
        if _is_name(item):
            a = _phrase_start(items, k, rules)
            words = ctx.text[item.start:item.end].replace("-", " ").split()
            if _is_role_phrase(items[a:k], rules) and (
                    item.kind == "person" or looks_like is None or looks_like(words)):
                official = _official(ctx, item, items[a:k])
                items[a:k + 1] = [Item("official", items[a].start, item.end, ref=official)]
                k = a + 1
                continue
        k += 1


def _before(ctx, items, v, rules):
    """"[role phrase] NAME said", "NAME, role phrase, said", "role phrase, NAME, said"."""
    j = v - 1
    if j < 0:
        return None
    if _is_name(items[j]):
        a = _phrase_start(items, j, rules)
        if not _is_role_phrase(items[a:j], rules):
            a = j
        return a, v, _official(ctx, items[j], items[a:j], cases=SUBJECT)
    if items[j].kind != "punct" or items[j].key != ",":
        return None
    # NAME , apposition , VERB
    for k in range(j - 1, max(-1, j - PHRASE_MAX - 1), -1):
        if items[k].kind == "punct" and items[k].key == ",":
            if k >= 1 and _is_name(items[k - 1]):
                appos = items[k + 1:j]
                if _is_role_phrase(appos, rules) and _anchors(appos[0], rules) or \
                        appos and appos[0].key in rules.phrase_words and _is_role_phrase(
                            appos[1:2], rules):
                    return k - 1, v, _official(ctx, items[k - 1], appos)
            break
        if not _appos_item(items[k], rules):
            break
    # NAME , parenthetical , VERB: "X, for his part, said", «X, в свою очередь, отметил»
    for k in range(j - 2, max(0, j - PARENTHETICAL_MAX - 2), -1):
        if not (items[k].kind == "punct" and items[k].key == ","):
            continue
        inner = items[k + 1:j]
        if _is_name(items[k - 1]) and all(it.kind == "word" and not _head_word(it, rules)
                                          for it in inner):
            a = _phrase_start(items, k - 1, rules)
            if not _is_role_phrase(items[a:k - 1], rules):
                a = k - 1
            return a, v, _official(ctx, items[k - 1], items[a:k - 1])
        break
    # role phrase , NAME , VERB
    if j >= 2 and _is_name(items[j - 1]) and items[j - 2].kind == "punct" \
            and items[j - 2].key == ",":
        a = _phrase_start(items, j - 2, rules)
        phrase = items[a:j - 2]
        if _is_role_phrase(phrase, rules):
            return a, v, _official(ctx, items[j - 1], phrase)
    return None


def _after(ctx, items, v, rules):
    """"said NAME", "said the role phrase NAME", "сообщил командующий ... NAME"."""
    if rules.after_verb != "always":
        prev = items[v - 1] if v else None
        if prev is None or not (prev.kind == "quote" or (prev.kind == "punct" and prev.key == ",")):
            return None
    k = v + 1
    lead = k                  # where the speaker phrase starts, after any adjuncts
    while k < len(items) and k - v <= PHRASE_MAX and not _is_name(items[k]):
        if items[k].kind == "official" and rules.adjuncts and k - v <= rules.adjuncts + 1 and \
                not any(_anchors(it, rules) for it in items[v + 1:k]):
            return v + 1, k + 1, items[k].ref     # «заявил в понедельник [official]»
        if not (_phrase_item(items[k], rules) or _linked(items, k, rules) or
                items[k].key == "," and k > v + 1):
            if k - v > rules.adjuncts or items[k].kind not in ADJUNCT_KINDS:
                return None
            lead = k + 1      # «заявил журналистам», «сообщил в понедельник»: not the phrase
        k += 1
    if k >= len(items) or not _is_name(items[k]):
        return None
    if lead > v + 1:
        lead = _phrase_start(items, k, rules, floor=lead)
    phrase = items[lead:k]
    if phrase and not _is_role_phrase(phrase, rules):
        return None
    if items[v].kind == "verb" and not _may_be_subject(ctx, phrase[:1] or [items[k]], rules):
        return None
    z = k + 1
    appos: list[Item] = []
    if not phrase and z + 1 < len(items) and items[z].kind == "punct" and items[z].key == ",":
        end = z + 1
        while end < len(items) and end - z <= PHRASE_MAX and _appos_item(items[end], rules):
            end += 1
        if _is_role_phrase(items[z + 1:end], rules) and (
                _anchors(items[z + 1], rules) or items[z + 1].key in rules.phrase_words):
            appos = items[z + 1:end]
    cases = SUBJECT if items[v].kind == "verb" else None
    return v + 1, z, _official(ctx, items[k], phrase or appos, cases=cases)


def _is_name(item: Item) -> bool:
    return item.kind in ("name", "person")


def _may_be_subject(ctx: Context, first: list[Item], rules: SpeakerRules) -> bool:
    """The speaker phrase after a verb opens in the nominative, where the language inflects
    («сообщил журналистам руководитель», not «заявил в беседе с Сергеем Лавровым»)."""
    check = SUBJECTS.get(rules.normaliser)
    if check is None or first[0].kind not in ("word", "name"):
        return True
    return check(ctx.text[first[0].start:first[0].end].split()[0])


def _titled_names(ctx: Context, items: list[Item], rules: SpeakerRules) -> None:
    """A lone capitalised word right after a capitalised title is a name ("Minister Varga",
    "General Okafor"); not a word that can only be a place or a body («Спикер Госдумы»)."""
    never = NOT_NAMES.get(rules.normaliser, lambda _w: False)
    for k in range(1, len(items)):
        prev, item = items[k - 1], items[k]
        if item.kind == "word" and _capitalised(item) and _capitalised(prev) and \
                _head_word(prev, rules) and item.key not in rules.stopwords and \
                item.key not in rules.role_heads and item.key not in rules.ranks and \
                prev.end < item.start and not never(ctx.text[item.start:item.end]):
            items[k] = Item("name", item.start, item.end, key=item.key, ref=[item.ref])


def find_introduced(ctx: Context, sentence: Sentence) -> None:
    """"A Chinese envoy said ..." in a lead, named only later ("Li Wenjun, China's deputy
    envoy to the bloc ..."): the first person described by that post word after it.
    Runs once every sentence has had ``find_speakers``."""
    rules = speaker_rules(ctx)
    if not rules.indefinite:
        return
    items = sentence.items
    for v, item in enumerate(items):
        if item.kind != "verb":
            continue
        a = _phrase_start(items, v, rules)
        if a > 0 and items[a - 1].key in rules.indefinite:
            a -= 1
        if a >= v or items[a].key not in rules.indefinite:
            continue
        heads = _heads(items[a:v], rules)
        if not heads or any(it.kind == "name" for it in items[a:v]):
            continue
        later = [o for o in ctx.result.officials if o.start > item.end]
        for official in later:
            if heads & ctx.described.get(official.person, frozenset()):
                items[a:v] = [Item("official", items[a].start, items[v - 1].end, ref=official)]
                return


def _described(ctx, items, v, rules):
    """"the envoy said", "said the general", "the Belarusian minister said": the person
    this article described with that post word."""
    if not rules.determiners and not rules.bare_descriptions:
        return None
    spans = []
    a = _phrase_start(items, v, rules)
    if a < v and items[a].key in rules.determiners:
        spans.append((a, v))
    elif a < v and rules.bare_descriptions and _anchors(items[a], rules) and \
            (a == 0 or items[a - 1].kind in ("punct", "quote")):
        spans.append((a, v))                  # «Глава дипмиссии указал»
    if rules.after_verb == "always" or (v and items[v - 1].kind in ("quote", "punct")):
        k = v + 1
        if k < len(items) and items[k].key in rules.determiners:
            k += 1
            while k < len(items) and k - v <= PHRASE_MAX and _phrase_item(items[k], rules):
                k += 1
            spans.append((v + 1, k))
        elif rules.bare_descriptions and k < len(items) and _phrase_item(items[k], rules) and \
                any(_anchors(it, rules) for it in items[k:k + 3]) and \
                (items[v].kind != "verb" or _may_be_subject(ctx, [items[k]], rules)):
            while k < len(items) and k - v <= PHRASE_MAX and _phrase_item(items[k], rules):
                k += 1
            if k == len(items) or items[k].kind == "punct":
                spans.append((v + 1, k))      # «— отметил председатель комитета», «по словам посла,»
    for a, z in spans:
        heads = _heads(items[a:z], rules)
        if not heads or any(it.kind == "name" for it in items[a:z]):
            continue
        for official in reversed(ctx.officials_before(items[a].start)):
            if heads & ctx.described.get(official.person, frozenset()):
                return a, z, official
    return None


def _heads(phrase: list[Item], rules: SpeakerRules) -> frozenset[str]:
    """The post words of a phrase, role items by their last word ("foreign minister" →
    "minister")."""
    out = set()
    lemma = LEMMAS.get(rules.normaliser, str)
    headed = False
    for k, it in enumerate(phrase):
        if headed and rules.head_first and it.key not in rules.ranks and \
                lemma(it.key) not in rules.ranks:
            continue                 # «заместитель секретаря»: a deputy, not the secretary
        if _head_word(it, rules):
            out.add(lemma(it.key))
            headed = True
            nxt = phrase[k + 1] if k + 1 < len(phrase) else None
            if rules.head_first and nxt is not None and nxt.kind == "word":
                out.add(f"{lemma(it.key)} {lemma(nxt.key)}")    # «глава государства»
        elif it.kind in ("role", "coref", "roleref") and it.key:
            out.add(lemma(it.key.split()[-1]))
            headed = True
        out |= role_words(_role_iris(it), rules)
    for group in rules.head_groups:
        if out & group:
            out |= group
    return frozenset(out)


def _role_iris(item: Item) -> tuple[str, ...]:
    if item.kind == "coref":
        return tuple(item.ref or ())
    if item.kind == "role":
        return (item.ref.iri,) if item.ref is not None and item.ref.iri else ()
    if item.kind == "roleref":
        return (item.ref.role,)
    return ()


def role_words(roles, rules: SpeakerRules) -> set[str]:
    """Post words of known roles: ".../role/foreign-minister" gives "foreign minister" and,
    being a post word, "minister"."""
    out = set()
    for iri in roles:
        words = iri.rsplit("/", 1)[-1].split("-")
        out.add(" ".join(words))
        out.add("-".join(words))
        if words[-1] in rules.role_heads:
            out.add(words[-1])
    return out


def _appos_item(item: Item, rules: SpeakerRules) -> bool:
    """Inside an apposition set off by commas ("X, head of the regional centre, said") any
    word but a blocker may stand: the commas and the post word at its start delimit it."""
    return _phrase_item(item, rules) or item.kind == "word" and item.key not in rules.blockers


def _phrase_item(item: Item, rules: SpeakerRules) -> bool:
    if item.kind in PHRASE_KINDS:
        return True
    if item.kind == "punct":
        return item.key in ("(", ")", "-")
    if item.kind != "word" or item.key in rules.blockers:
        return False
    if rules.loose_words or item.key in rules.phrase_words or item.key in rules.modifiers:
        return True
    return _head_word(item, rules) or _capitalised(item)


def _linked(items: list[Item], k: int, rules: SpeakerRules) -> bool:
    """A preposition that ties a post to a place or body inside a role phrase («посол
    Беларуси в Армении», «постоянный представитель при ОБСЕ»)."""
    return items[k].kind == "word" and items[k].key in rules.links and k + 1 < len(items) \
        and items[k + 1].kind in ("org", "state", "place", "demonym")


def _capitalised(item: Item) -> bool:
    raw = getattr(item.ref, "raw", "")
    return raw[:1].isupper()


def _phrase_start(items: list[Item], end: int, rules: SpeakerRules, *, floor: int = 0) -> int:
    a = end
    while a > floor and end - a < PHRASE_MAX and (_phrase_item(items[a - 1], rules) or
                                                  _linked(items, a - 1, rules)):
        a -= 1
    # a role phrase starts at its first role word, rank or entity, not at a loose word
    while a < end and not _anchors(items[a], rules) and items[a].key not in rules.phrase_words \
            and (rules.loose_words or not _capitalised(items[a])):
        a += 1
    return a


def _anchors(item: Item, rules: SpeakerRules) -> bool:
    return item.kind in PHRASE_KINDS or _head_word(item, rules)


def _head_word(item: Item, rules: SpeakerRules) -> bool:
    """A post word or rank, in any of its forms where the language has a lemmatiser."""
    if item.kind != "word":
        return False
    if item.key in rules.role_heads or item.key in rules.ranks:
        return True
    lemma = LEMMAS.get(rules.normaliser)
    return lemma is not None and (lemma(item.key) in rules.role_heads or
                                  lemma(item.key) in rules.ranks)


def _is_role_phrase(phrase: list[Item], rules: SpeakerRules) -> bool:
    return bool(phrase) and any(
        it.kind in ("role", "coref", "roleref") or _head_word(it, rules) for it in phrase)


def _official(ctx: Context, name: Item, phrase: list[Item], *,
              cases: frozenset[str] | None = None) -> Official:
    """The person ``name`` names, with the post ``phrase`` gives; ``cases``: the cases the
    name may be in where the language inflects (the phrase's post word tells them better)."""
    rules = speaker_rules(ctx)
    if name.kind == "person":             # a reference person, with the post this phrase gives
        return _known(ctx, name, phrase, rules)
    name = _trim_name(ctx, name, rules)
    surface = _name_surface(ctx, name, rules, _phrase_cases(ctx, phrase, rules) or cases)
    key = fold(surface)
    person = ctx.minted_aliases.get(key) or ctx.minted_aliases.get(name.key) or \
        _reference_person(ctx, surface)
    if person is None:
        person = minted_person(surface)
        ctx.result.minted.setdefault(person, {})[ctx.lang] = surface
    words = key.split()
    # the full name, the last word, and the first (family names come first in Chinese)
    for alias in (key, name.key, words[-1], words[0]):
        if alias not in rules.ranks and alias not in rules.role_heads:
            ctx.minted_aliases.setdefault(alias, person)
    ctx.described[person] = ctx.described.get(person, frozenset()) | _heads(phrase, rules)
    ctx.note_epithets(person, phrase)
    post, organisation, role = _post(ctx, phrase, rules)
    official = Official(person, surface, name.start, name.end, f"{ctx.lang}.speaker.phrase",
                        post, organisation, role, True, ctx.lang)
    ctx.result.officials.append(official)
    ctx.result.mentions.append(Mention("person", name.start, name.end,
                                       ctx.text[name.start:name.end], person,
                                       rule=f"{ctx.lang}.speaker.phrase"))
    return official


def _reference_person(ctx: Context, surface: str) -> str | None:
    """The reference person whose full name the normalised name is, when the text's case form
    is not among the reference labels («Сергеем Лавровым» → «Сергей Лавров»)."""
    keys = tuple(token_key(w) for w in WORD.findall(fold(surface)))
    found = {a.entity for a in ctx.gazetteer.index.get(keys[0], ()) if keys and
             a.kind == "person" and not a.partial and a.keys == keys}
    return found.pop() if len(found) == 1 else None


def _known(ctx: Context, name: Item, phrase: list[Item], rules: SpeakerRules) -> Official:
    person = name.ref.iri
    ctx.described[person] = ctx.described.get(person, frozenset()) | _heads(phrase, rules)
    ctx.note_epithets(person, phrase)
    post, organisation, role = _post(ctx, phrase, rules)
    official = Official(person, ctx.text[name.start:name.end], name.start, name.end,
                        f"{ctx.lang}.speaker.phrase", post, organisation, role, False, ctx.lang)
    ctx.result.officials.append(official)
    return official


def _name_surface(ctx: Context, name: Item, rules: SpeakerRules,
                  cases: frozenset[str] | None = None) -> str:
    words = ctx.text[name.start:name.end].split()
    while len(words) > 1 and fold(words[0]) in rules.ranks:
        words = words[1:]
    normalise = NORMALISERS.get(rules.normaliser)
    return normalise(words, cases) if normalise else " ".join(words)


def _regroup_names(items: list[Item], rules: SpeakerRules) -> None:
    """Where the language can tell, a run of capitalised words holds a name only from its
    first word that may belong to one: «Совета Федерации Олег Кравченко» is an institution,
    then the name."""
    never = NOT_NAMES.get(rules.normaliser)
    if never is None:
        return
    k = 0
    while k < len(items):
        if items[k].kind != "name" or not isinstance(items[k].ref, list):
            k += 1
            continue
        z = k + 1
        while z < len(items) and items[z].start - items[z - 1].end <= 1 and (
                items[z].kind == "name" and isinstance(items[z].ref, list) or
                items[z].kind == "word" and _capitalised(items[z]) and
                items[z].key not in rules.stopwords):
            z += 1
        tokens = [t for it in items[k:z]
                  for t in (it.ref if isinstance(it.ref, list) else [it.ref])]
        first = next((i for i, t in enumerate(tokens)
                      if not never(t.raw) and not _head_word(Item("word", 0, 0, key=t.key), rules)),
                     len(tokens))
        keep = tokens[first:first + 4]
        rest = tokens[first + 4:]
        out = [Item("word", t.start, t.end, key=t.key, ref=t) for t in tokens[:first]]
        if len(keep) >= 2:
            out.append(Item("name", keep[0].start, keep[-1].end,
                            key=" ".join(t.key for t in keep), ref=keep))
        else:
            out += [Item("word", t.start, t.end, key=t.key, ref=t) for t in keep]
        out += [Item("word", t.start, t.end, key=t.key, ref=t) for t in rest]
        items[k:z] = out
        k += len(out)


def _trim_name(ctx: Context, name: Item, rules: SpeakerRules) -> Item:
    """Drop capitalised words before a name that cannot belong to one («Сената Олега
    Карпова», «Индонезии Арифа Вибото»), keeping two words at least."""
    never = NOT_NAMES.get(rules.normaliser)
    tokens = list(name.ref) if isinstance(name.ref, list) else []
    if never is None or len(tokens) < 3:
        return name
    while len(tokens) > 2 and never(tokens[0].raw):
        tokens.pop(0)
    if tokens[0].start == name.start:
        return name
    return Item("name", tokens[0].start, name.end, key=" ".join(t.key for t in tokens),
                ref=tokens)


def _phrase_cases(ctx: Context, phrase: list[Item], rules: SpeakerRules) -> frozenset[str] | None:
    """The cases of the post word nearest the name: a name in apposition shares its case."""
    cases_of = CASES.get(rules.normaliser)
    if cases_of is None:
        return None
    for item in reversed(phrase):
        if _head_word(item, rules) or item.kind in ("role", "coref", "roleref"):
            return cases_of(ctx.text[item.start:item.end].split()[0]) or None
    return None


def _post(ctx: Context, phrase: list[Item], rules: SpeakerRules):
    """(post, organisation, role) when the phrase names one known role and one place of it,
    and no other post word ("deputy", "head") stands beside the role."""
    roles = [it for it in phrase if it.kind in ("role", "coref")]
    heads = [it for it in phrase if it.kind == "word" and it.key in rules.role_heads]
    where = [it for it in phrase if it.kind in ("org", "state", "demonym")]
    found = [it for it in phrase if it.kind == "roleref"]
    if len(found) == 1 and not roles and not heads and not where:
        ref = found[0].ref                    # a role pattern already read «министр ... России»
        return ref.post, ref.organisation, ref.role
    if len(roles) != 1 or heads or not where:
        return None, None, None
    role = roles[0]
    role_iri = role.ref.iri if role.kind == "role" else role.ref[0]
    if role.kind == "coref" and len(role.ref) != 1:
        return None, None, None
    organisation = where[0].ref.iri
    if not role_iri or not organisation:
        return None, None, None
    post = ctx.gazetteer.post_for(organisation, role_iri) or post_iri(organisation, role_iri)
    return post, organisation, role_iri


def _mark_arabic_names(ctx: Context, items: list[Item], rules: SpeakerRules) -> None:
    """Arabic has no capitals: names are found by where they stand and matched across
    spellings (kg.extract.arabic_names)."""
    from kg.extract.arabic_names import mark_names

    mark_names(ctx, items, rules, official=_official)


def _arabic_phrase_word(items: list[Item], k: int, rules: SpeakerRules) -> bool:
    """Role words, words with the article, and a noun in construct with what follows
    ("هيئة الأركان", "خارجية روسيا")."""
    item = items[k]
    if item.kind in PHRASE_KINDS:
        return True
    if item.kind != "word":
        return False
    if item.key in rules.role_heads or item.key in rules.ranks or item.key in rules.phrase_words \
            or item.key in rules.modifiers:
        return True
    if item.key.startswith("ال") and item.key not in rules.particles:
        return True
    nxt = items[k + 1] if k + 1 < len(items) else None
    return nxt is not None and (nxt.kind in PHRASE_KINDS or
                                (nxt.kind == "word" and nxt.key.startswith("ال")
                                 and nxt.key not in rules.particles))
