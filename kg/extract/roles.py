"""Officials and their posts from role patterns ("CSTO Secretary-General Taalatbek Masadykov",
"وزير الدفاع القيرغيزي"), and role-only mentions ("the SCO Secretary-General")."""

from __future__ import annotations

from kg.extract.context import Context, Sentence
from kg.extract.morphology import NORMALISERS
from kg.extract.names import mark_arabic_name
from kg.extract.patterns import Item, match
from kg.extract.speakers import role_words, speaker_rules
from kg.iris import minted_person, post_iri
from kg.model import Mention, Official, RoleRef


def apply_role_rules(ctx: Context, sentence: Sentence) -> None:
    """Replace matched role patterns in the sentence's items by 'official'/'roleref' items."""
    if speaker_rules(ctx).names == "arabic":
        _mark_arabic_names(ctx, sentence)
    for kind in ("role", "roleref"):
        for rule in ctx.rules.of(kind):
            while True:
                m = match(rule.pattern, sentence.items)
                if m is None:
                    break
                replacement = _record(ctx, sentence, rule.id, kind, m)
                if replacement is None:
                    break
                sentence.items[m.start:m.end] = [replacement]
    # a bare role word ("the Secretary-General", "الأمين العام") refers back to an official
    for i, item in enumerate(sentence.items):
        if item.kind == "role":
            sentence.items[i] = Item("coref", item.start, item.end, key=item.key,
                                     ref=(item.ref.iri,))


def _mark_arabic_names(ctx: Context, sentence: Sentence) -> None:
    """After a role and its organisation/state, an unknown name may follow."""
    stop = ctx.folded("lexicon", "name_stopwords")
    particles = ctx.folded("lexicon", "name_particles")
    verbs = ctx.folded("lexicon", "reporting_verbs")
    items = sentence.items
    i = 0
    while i + 1 < len(items):
        i += 1
        after_role = i >= 2 and items[i - 1].kind in ("org", "state", "demonym") and \
            items[i - 2].kind == "role"
        after_dash = i >= 3 and items[i - 1].kind == "punct" and items[i - 1].key == "-" and \
            items[i - 2].kind in ("org", "state", "demonym") and items[i - 3].kind == "role"
        if after_role or after_dash:
            name = mark_arabic_name(items, i, stop, particles, verbs)
            if name is not None:
                end = next(k for k in range(i, len(items)) if items[k].end == name.end)
                items[i:end + 1] = [name]


def _record(ctx: Context, sentence: Sentence, rule_id: str, kind: str, m) -> Item | None:
    items = sentence.items
    role = _slot(items, m, "ROLE")
    where = _slot(items, m, "ORG") or _slot(items, m, "STATE") or _slot(items, m, "DEMONYM")
    if role is None or where is None or role.ref.iri is None:
        return None
    organisation = where.ref.iri
    if organisation is None:
        return None
    role_iri = role.ref.iri
    post = ctx.gazetteer.post_for(organisation, role_iri) or post_iri(organisation, role_iri)
    start, end = items[m.start].start, items[m.end - 1].end
    if kind == "roleref":
        ref = RoleRef(post, organisation, role_iri, start, end, rule_id)
        ctx.result.rolerefs.append(ref)
        return Item("roleref", start, end, ref=ref)
    who = _slot(items, m, "PERSON")
    if who is None:
        return None
    person, name, minted = _person(ctx, who)
    if person is None:
        return None
    official = Official(person, name, who.start, who.end, rule_id, post, organisation, role_iri,
                        minted, ctx.lang)
    ctx.result.officials.append(official)
    # "the minister" may describe them later
    words = role_words((role_iri,), speaker_rules(ctx))
    ctx.described[person] = ctx.described.get(person, frozenset()) | words
    ctx.note_epithets(person, items[m.start:m.end])
    return Item("official", start, end, ref=official)


def _slot(items: list[Item], m, name: str) -> Item | None:
    rng = m.slots.get(name)
    return items[rng[0]] if rng else None


def _person(ctx: Context, item: Item) -> tuple[str | None, str, bool]:
    """The person an item names: a reference person, or a new one minted from the name."""
    surface = ctx.text[item.start:item.end]
    if item.kind == "person":
        mention: Mention = item.ref
        return mention.iri, surface, False
    key = item.key
    if key in ctx.minted_aliases:
        return ctx.minted_aliases[key], surface, True
    normalise = NORMALISERS.get(speaker_rules(ctx).normaliser)
    if normalise is not None:            # «Николая Бордюжи» → «Николай Бордюжа»
        surface = normalise(surface.split())
    iri = minted_person(surface)
    ctx.minted_aliases[key] = iri
    family = key.split()[-1]
    ctx.minted_aliases.setdefault(family, iri)
    ctx.result.minted.setdefault(iri, {})[ctx.lang] = surface
    return iri, surface, True
