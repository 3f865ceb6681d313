"""A deterministic corpus of synthetic news articles, for scale benchmarks only.

    python -m bench.corpus --count 1000 --out /tmp/corpus1k [--seed 0] [--languages en,ar,ru]

FOR SCALE, NEVER FOR QUALITY. The articles are composed from templates written here, filled
with the project's own reference data (officials with their posts and tenures, organisations,
states, places and topics in ``ontology/reference/*.ttl``) and its rule vocabulary (reporting
verbs, month and weekday names in ``kg/rules/*.toml``). They say what the rules were written
to read, so extraction scores on them mean nothing: extraction quality is measured on the
development set (docs/extraction-quality.md). What the corpus is for is volume that looks like
the input: a dateline with place and date, a headline, 3-8 paragraphs of direct quotes and
reported speech by several officials holding their posts on that date, an event (meeting,
session, summit, debate) with place and date, organisations named in each language.

Each article is ``NNNNNN_LANG.txt`` with, for most, a ``NNNNNN_LANG.meta.json`` sidecar
(``language``, ``published``, ``url``, ``publisher``, ``title``), in folders ``0000/``,
``0001/`` ... of at most 1000 files. Article ``i`` depends only on the seed and ``i`` (its own
``random.Random``, sorted inputs, no clock): the same seed gives byte-identical files, and a
smaller corpus is the start of a larger one.

>>> import tempfile
>>> paths = generate(3, Path(tempfile.mkdtemp()), seed=0)
>>> [p.name for p in paths]
['000000_en.txt', '000001_ar.txt', '000002_ru.txt']
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import pymorphy3
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.config import Settings
from kg.extract.morphology import russian_gender
from kg.namespaces import ORG, SCHEMA, SECKG
from kg.ruleset import load_language, load_reference

T = TypeVar("T")
LANGUAGES = ("en", "ar", "ru")
ARTICLES_PER_FOLDER = 500          # an article and its sidecar: at most 1000 files a folder
FIRST_DAY, LAST_DAY = date(2021, 1, 1), date(2025, 12, 31)
SIZE = (900, 5600)                 # bytes of paragraphs an article gets, drawn log-uniform
SIDECAR_SHARE = 0.85               # the rest carry their date in the text alone
ID = "https://w3id.org/seckg/id/"
PUBLISHERS = {"en": "Bench Wire", "ar": "وكالة بنش للأنباء", "ru": "Бенч-Ньюс"}


# --- the cast: reference data and rule vocabulary, loaded once -----------------------------

@dataclass(frozen=True, slots=True)
class Body:
    """An organisation or a state, with the forms the templates need in each language."""
    key: str                                   # "org/csto", "state/russia"
    name: dict[str, str]                       # rdfs:label per language
    short: dict[str, str]                      # abbreviation (or the label) per language
    adjective: dict[str, tuple[str, ...]]      # en: ("Russian",); ar: (masculine, feminine)
    ru_genitive: str
    members: tuple[str, ...] = ()              # member states
    parent: str | None = None                  # org:subOrganizationOf


@dataclass(frozen=True, slots=True)
class Official:
    key: str
    name: dict[str, str]
    family: dict[str, str]
    female: bool
    seat: str                                  # the body the post is in
    role: str                                  # "foreign-minister"
    role_name: dict[str, str]
    start: str | None
    end: str | None

    def in_office(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Place:
    key: str
    name: dict[str, str]
    ru_in: str                                 # Russian locative ("в Минске")
    state: str | None


@dataclass(frozen=True, slots=True)
class Verb:
    forms: tuple[str, str]                     # (masculine, feminine) as written
    link: str = ""                             # Arabic complementiser ("إن", "إلى أن")


@dataclass(frozen=True, slots=True)
class Cast:
    bodies: dict[str, Body]
    officials: tuple[Official, ...]
    places: dict[str, Place]
    topics: tuple[dict[str, str], ...]
    verbs: dict[str, dict[str, tuple[Verb, ...]]]    # language -> frame -> verbs
    months: dict[str, dict[int, tuple[str, ...]]]    # language -> month -> names
    weekdays: dict[str, dict[int, str]]


def _tail(node) -> str:
    return str(node).removeprefix(ID)


def _texts(graph: Graph, node, *props) -> list[Literal]:
    """Literals in a fixed order (rdflib's own order follows hash seeds)."""
    found = [o for p in props for o in graph.objects(node, p) if isinstance(o, Literal)]
    return sorted(found, key=lambda lit: (lit.language or "", str(lit)))


def _by_language(graph: Graph, node, prop=RDFS.label) -> dict[str, str]:
    out: dict[str, str] = {}
    for lit in _texts(graph, node, prop):
        out.setdefault(lit.language or "en", str(lit))
    return out


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def _recase(form: str, like: str) -> str:
    return "".join(c.upper() if i < len(like) and like[i].isupper() else c
                   for i, c in enumerate(form))


def russian_case(phrase: str, case: str, known: set[str]) -> str | None:
    """``phrase`` with its head noun (and the adjectives before it) in ``case``, when the
    reference data knows that form: the extractor then finds what the text names."""
    words = phrase.split()
    out = []
    for i, word in enumerate(words):
        parse = next((p for p in _morph().parse(word)
                      if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF")), None)
        inflected = parse.inflect({case}) if parse is not None and not word.isupper() else None
        if inflected is None:
            out += words[i:]
            break
        out.append(_recase(inflected.word, word))
        if parse.tag.POS == "NOUN":
            out += words[i + 1:]
            break
    form = " ".join(out)
    return form if form in known and form != phrase else None


def russian_guess(word: str, case: str) -> str:
    """A place or state name in ``case`` as the dictionary declines it; as written when the
    dictionary does not know it as a place, or it does not decline."""
    parse = next((p for p in _morph().parse(word) if "Geox" in p.tag), None)
    inflected = parse.inflect({case}) if parse is not None and "Fixd" not in parse.tag else None
    return _recase(inflected.word, word) if inflected else word


def _short(forms: list[str], label: str) -> str:
    """The first all-capitals variant ("CSTO", "ОДКБ"), else the label."""
    caps = [f for f in forms if f.replace(" ", "").isalpha() and f.isupper() and len(f) <= 9]
    return min(caps) if caps else label


def _body(graph: Graph, node: URIRef) -> Body:
    names = _by_language(graph, node)
    every = _texts(graph, node, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel)
    short = {lang: _short([str(x) for x in every if x.language == lang], names[lang])
             for lang in names}
    demonyms = [str(x) for x in _texts(graph, node, SECKG.demonym)]
    ar = [d for d in demonyms if d.startswith("ال")]
    adjective = {"en": tuple(d for d in demonyms if d.isascii())[:1],
                 "ar": (next((d for d in ar if not d.endswith("ة")), ""),
                        next((d for d in ar if d.endswith("ة")), ""))}
    known = {str(x) for x in every if x.language == "ru"}
    ru = names.get("ru", "")
    genitive = russian_case(ru, "gent", known) or (
        russian_guess(ru, "gent") if node.startswith(ID + "state/") else short.get("ru", ru))
    members = tuple(sorted(_tail(s) for s in graph.subjects(ORG.memberOf, node)))
    parent = graph.value(node, ORG.subOrganizationOf)
    return Body(_tail(node), names, short, adjective, genitive, members,
                _tail(parent) if parent is not None else None)


def _place(graph: Graph, node: URIRef) -> Place:
    names = _by_language(graph, node)
    known = {str(x) for x in _texts(graph, node, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel)
             if x.language == "ru"}
    ru = names["ru"]
    state = graph.value(node, SCHEMA.containedInPlace)
    return Place(_tail(node), names, russian_case(ru, "loct", known) or russian_guess(ru, "loct"),
                 _tail(state) if state is not None else None)


def _officials(graph: Graph) -> list[Official]:
    out = []
    for m in sorted(graph.subjects(RDF.type, ORG.Membership)):
        person, seat = graph.value(m, ORG.member), graph.value(m, ORG.organization)
        role, interval = graph.value(m, ORG.role), graph.value(m, ORG.memberDuring)
        if None in (person, seat, role):
            continue
        start = graph.value(interval, SECKG.startDate) if interval is not None else None
        end = graph.value(interval, SECKG.endDate) if interval is not None else None
        name = _by_language(graph, person)
        family = {**name, **_by_language(graph, person, SCHEMA.familyName)}
        female = russian_gender(name.get("ru", "").split()) == "femn"
        out.append(Official(_tail(person), name, family, female, _tail(seat),
                            _tail(role).removeprefix("role/"), _by_language(graph, role),
                            str(start) if start else None, str(end) if end else None))
    return out


# Verbs the templates use, by frame: kept only where the language's rule file lists them, so
# a verb the rules drop leaves the corpus too. Arabic verbs carry their complementiser.
VERB_CHOICE = {
    "en": {"that": ["said", "stated", "noted", "stressed", "emphasized", "underlined",
                    "pointed out", "explained", "warned", "confirmed", "reaffirmed",
                    "recalled", "observed", "argued", "insisted", "indicated", "asserted",
                    "told reporters", "announced", "acknowledged", "reiterated"],
           "quote": ["said", "added", "noted", "stressed", "explained", "warned", "remarked",
                     "continued", "told reporters", "concluded", "insisted", "observed"]},
    "ar": {"that": [("قال", "قالت", "إن"), ("أكد", "أكدت", "أن"), ("أوضح", "أوضحت", "أن"),
                    ("أشار", "أشارت", "إلى أن"), ("أضاف", "أضافت", "أن"),
                    ("شدد", "شددت", "على أن"), ("لفت", "لفتت", "إلى أن"),
                    ("اعتبر", "اعتبرت", "أن"), ("ذكر", "ذكرت", "أن"), ("أعلن", "أعلنت", "أن"),
                    ("حذر", "حذرت", "من أن"), ("أفاد", "أفادت", "بأن"), ("صرح", "صرحت", "بأن"),
                    ("كشف", "كشفت", "أن")],
           "quote": [("قال", "قالت", ""), ("أضاف", "أضافت", ""), ("تابع", "تابعت", ""),
                     ("أكد", "أكدت", ""), ("أردف", "أردفت", "")]},
    "ru": {"that": ["заявить", "отметить", "подчеркнуть", "сообщить", "указать", "пояснить",
                    "напомнить", "констатировать", "заверить", "уточнить"],
           "quote": ["заявить", "отметить", "подчеркнуть", "сказать", "добавить", "сообщить",
                     "пояснить", "констатировать"]},
}


def _russian_past(lemma: str) -> tuple[str, str]:
    parse = next(p for p in _morph().parse(lemma) if "INFN" in p.tag)
    return tuple(parse.inflect({"VERB", "past", g, "sing"}).word for g in ("masc", "femn"))


def _verbs(lang: str, lexicon: dict) -> dict[str, tuple[Verb, ...]]:
    listed = set(lexicon.get("reporting_verbs", [])) | set(lexicon.get("reporting_verb_lemmas", []))
    out = {}
    for frame, choice in VERB_CHOICE[lang].items():
        if lang == "en":
            verbs = [Verb((v, v)) for v in choice if v in listed]
        elif lang == "ar":
            verbs = [Verb((m, f), link) for m, f, link in choice if m in listed and f in listed]
        else:
            verbs = [Verb(_russian_past(v)) for v in choice if v in listed]
        if not verbs:
            raise ValueError(f"kg/rules/{lang}.toml lists none of the {frame!r} verbs "
                             "bench/corpus.py writes; update VERB_CHOICE")
        out[frame] = tuple(verbs)
    return out


def _calendar(rules) -> tuple[dict[int, tuple[str, ...]], dict[int, str]]:
    """Month names by number (full names, in the rule file's order) and one weekday name each."""
    months: dict[int, list[str]] = {}
    for name, number in rules.dates.get("months", {}).items():
        months.setdefault(number, []).append(name)
    for number, names in months.items():              # "jan" and "sept" are short for "january"...
        months[number] = [n for n in names if not any(o != n and o.startswith(n) for o in names)]
    weekdays: dict[int, str] = {}
    for name, number in rules.dates.get("weekdays", {}).items():
        weekdays.setdefault(number, name)
    return {k: tuple(v) for k, v in months.items()}, weekdays


def load_cast(settings: Settings | None = None) -> Cast:
    """Reference data and rule vocabulary, in a fixed order."""
    settings = settings or Settings()
    graph = load_reference(settings.ontology_dir)
    nodes = sorted(set(graph.subjects(RDF.type, ORG.Organization)) |
                   set(graph.subjects(RDF.type, SCHEMA.Country)))
    bodies = {_tail(n): _body(graph, n) for n in nodes if isinstance(n, URIRef)}
    places = {_tail(n): _place(graph, n)
              for n in sorted(set(graph.subjects(RDF.type, SCHEMA.Place)))
              if isinstance(n, URIRef) and _tail(n).startswith("place/")}
    topics = tuple(_by_language(graph, t, SKOS.prefLabel)
                   for t in sorted(graph.subjects(RDF.type, SKOS.Concept)))
    verbs, months, weekdays = {}, {}, {}
    for lang in LANGUAGES:
        rules = load_language(settings.rules_dir / f"{lang}.toml")
        verbs[lang] = _verbs(lang, rules.lexicon)
        months[lang], weekdays[lang] = _calendar(rules)
    return Cast(bodies, tuple(_officials(graph)), places, topics, verbs, months, weekdays)


# --- scenes: who meets where, and who speaks there -----------------------------------------

@dataclass(frozen=True, slots=True)
class Scene:
    host: str                                   # the organisation the story is about
    body: str                                   # the body that meets
    kind: str                                   # meeting | session | summit | debate
    roles: tuple[str, ...]                      # state posts whose holders attend
    places: tuple[str, ...] = ()                # where it meets (default: member states' cities)
    guests: tuple[tuple[str, str], ...] = ()    # (seat, role) of officials who comment


MINISTRY_VOICES = (("state/russia", "spokesperson"), ("state/russia", "foreign-minister"))
SCENES = (
    Scene("org/cis", "org/cis-council-of-heads-of-state", "summit", ("president",)),
    Scene("org/cis", "org/cis-council-of-foreign-ministers", "meeting", ("foreign-minister",)),
    Scene("org/cis", "org/cis-council-of-defence-ministers", "meeting", ("defence-minister",)),
    Scene("org/cis", "org/cis-council-of-heads-of-government", "session", ("prime-minister",)),
    Scene("org/csto", "org/csto-collective-security-council", "session", ("president",)),
    Scene("org/csto", "org/csto-council-of-foreign-ministers", "meeting", ("foreign-minister",)),
    Scene("org/csto", "org/csto-council-of-defence-ministers", "meeting", ("defence-minister",)),
    Scene("org/csto", "org/csto-committee-of-secretaries-of-security-councils", "meeting",
          ("security-council-secretary",)),
    Scene("org/sco", "org/sco-council-of-heads-of-state", "summit", ("president",)),
    Scene("org/sco", "org/sco-council-of-foreign-ministers", "meeting", ("foreign-minister",)),
    Scene("org/eaeu", "org/supreme-eurasian-economic-council", "session",
          ("president", "prime-minister")),
    Scene("org/eaeu", "org/eurasian-intergovernmental-council", "meeting", ("prime-minister",)),
    Scene("org/un-security-council", "org/un-security-council", "debate",
          ("permanent-representative", "foreign-minister"), ("place/new-york-city",),
          (("org/cis", "secretary-general"), ("org/csto", "secretary-general"),
           ("org/sco", "secretary-general"), ("org/cis", "executive-secretary"))),
    Scene("org/nato", "org/nato", "summit", (), ("place/brussels",), MINISTRY_VOICES),
)


def speakers_for(cast: Cast, scene: Scene, day: str) -> list[Official]:
    """Officials in office on ``day`` who speak at the scene: the host's own officers, the
    holders of the scene's posts in its member states, and its guests."""
    host = cast.bodies[scene.host]
    members = set(host.members)
    out = []
    for o in cast.officials:
        own = o.seat in (scene.host, scene.body, host.parent)
        delegate = o.role in scene.roles and o.seat.startswith("state/") and (
            o.seat in members or not members)
        guest = (o.seat, o.role) in scene.guests
        if (own or delegate or guest) and o.in_office(day):
            out.append(o)
    return out


def places_for(cast: Cast, scene: Scene) -> list[Place]:
    if scene.places:
        return [cast.places[k] for k in scene.places if k in cast.places]
    members = set(cast.bodies[scene.host].members)
    return [p for p in cast.places.values() if p.state in members]


# --- the story: what an article tells, before it is worded ---------------------------------

@dataclass
class Story:
    scene: Scene
    day: date
    published: date
    place: Place
    next_place: Place
    speakers: list[Official]
    topics: list[dict[str, str]]
    others: list[Body]                          # other organisations to mention
    year: int                                   # a year ahead that plans aim at
    bare: bool                                  # no sidecar: the dateline gives the year
    introduced: set[str] = field(default_factory=set)


def plan(cast: Cast, rng: random.Random) -> Story:
    """A scene, a day in it when at least two of its speakers held their posts, a place."""
    span = (LAST_DAY - FIRST_DAY).days
    while True:
        scene = rng.choice(SCENES)
        day = FIRST_DAY + timedelta(days=rng.randrange(span))
        speakers = speakers_for(cast, scene, day.isoformat())
        places = places_for(cast, scene)
        if len(speakers) >= 2 and places:
            break
    rng.shuffle(speakers)
    speakers = speakers[:rng.randint(2, min(4, len(speakers)))]
    topics = rng.sample(cast.topics, 3)
    others = [cast.bodies[k] for k in ("org/un", "org/cis", "org/csto", "org/sco", "org/eaeu")
              if k != scene.host]
    place = rng.choice(places)
    later = [p for p in places if p is not place] or list(cast.places.values())
    return Story(scene, day, day + timedelta(days=rng.choice((0, 0, 1))), place,
                 rng.choice(later), speakers, topics, others, day.year + rng.randint(1, 6),
                 rng.random() > SIDECAR_SHARE)


# --- wording -------------------------------------------------------------------------------

def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Words a story in one language: the tables below are the templates, the methods fill
    their slots. Subclasses give the language's own forms of names, posts, dates and events."""

    lang = ""
    clauses: tuple[str, ...] = ()       # reported content (after "that")
    quotes: tuple[str, ...] = ()        # first-person speech, last sentence without a stop
    background: tuple[str, ...] = ()    # sentences with no speech in them
    moves: tuple[str, ...] = ()         # statement templates, by name (see say())

    def __init__(self, cast: Cast, story: Story, rng: random.Random):
        self.cast, self.story, self.rng = cast, story, rng
        self.decks: dict[tuple, list] = {}
        self.last: Official | None = None
        self.style = rng.randrange(4)          # which of a month's names (Arabic: regional)

    def month(self, number: int) -> str:
        names = self.cast.months[self.lang][number]
        return names[self.style % len(names)] if self.lang == "ar" else names[0]

    def draw(self, options: tuple[T, ...]) -> T:
        """The next of ``options`` in a shuffled deck: no repeat until all were used."""
        deck = self.decks.get(options)
        if not deck:
            deck = self.decks[options] = self.rng.sample(options, len(options))
        return deck.pop()

    # slots shared by the templates
    def slots(self) -> dict[str, str]:
        s, rng = self.story, self.rng
        t1, t2 = rng.sample(s.topics, 2)
        other = rng.choice(s.others)
        host = self.cast.bodies[s.scene.host]
        city = rng.choice(places_for(self.cast, s.scene))
        return {"topic": t1[self.lang], "topic2": t2[self.lang], "year": str(s.year),
                "n": str(rng.randint(5, 19)), "org": self.org(host), "other": self.org(other),
                "city": city.name[self.lang], "place_in": self.place_in(s.place),
                "next_in": self.place_in(s.next_place), "event": self.event(),
                "date": self.date(s.day), "members": str(len(host.members))}

    def fill(self, template: str) -> str:
        return template.format_map(self.slots())

    def aside(self) -> str:
        """A sentence with no speech in it (member counts only for a body with members)."""
        host = self.cast.bodies[self.story.scene.host]
        usable = [t for t in self.background if host.members or "{members}" not in t]
        return _cap(self.fill(self.draw(tuple(usable))))

    def clause(self) -> str:
        return self.fill(self.draw(self.clauses))

    def quote(self) -> str:
        first = self.fill(self.draw(self.quotes))
        if self.rng.random() < 0.4:
            return f"{first}. {self.fill(self.draw(self.quotes))}"
        return first

    def who(self, speaker: Official, *, apposition: bool = True) -> str:
        """The full description on first mention (``apposition``: it may be "NAME, the
        POST,"), the family name after."""
        if speaker.key in self.story.introduced:
            return speaker.family[self.lang]
        self.story.introduced.add(speaker.key)
        return self.intro(speaker, apposition)

    def verb(self, frame: str) -> Verb:
        return self.draw(self.cast.verbs[self.lang][frame])

    def say(self, speaker: Official, move: str | None = None) -> str:
        said = getattr(self, f"move_{move or self.draw(self.moves)}")(speaker)
        self.last = speaker
        return said

    def continues(self, speaker: Official) -> bool:
        """The speaker spoke last: a pronoun (or Arabic's dropped subject) finds them."""
        return self.last is speaker

    def paragraph(self, speaker: Official, budget: int) -> str:
        """Statements by one speaker, now and then a sentence of background, until the
        paragraph has about ``budget`` bytes."""
        sentences = [self.say(speaker)]
        while sum(len(x.encode()) for x in sentences) < budget and len(sentences) < 5:
            sentences.append(self.aside() if self.rng.random() < 0.25 else self.say(speaker))
        return " ".join(sentences)

    def body(self) -> list[str]:
        """The lead, then paragraphs until the article has about its drawn size (log-uniform
        over SIZE bytes): every speaker gets a paragraph, the first ones again after."""
        s, rng = self.story, self.rng
        size = int(SIZE[0] * (SIZE[1] / SIZE[0]) ** rng.random())
        count = min(8, max(3, round(size / 700)))
        paragraphs = [self.lead(s.speakers[0])]
        self.last = s.speakers[0]
        waiting = s.speakers[1:]
        while len(paragraphs) < count:
            speaker = waiting.pop(0) if waiting else rng.choice(s.speakers)
            paragraphs.append(self.paragraph(speaker, size // count))
        return paragraphs

    # what each language defines
    def org(self, body: Body) -> str:
        raise NotImplementedError

    def place_in(self, place: Place) -> str:
        raise NotImplementedError

    def event(self) -> str:
        raise NotImplementedError

    def date(self, day: date) -> str:
        raise NotImplementedError

    def intro(self, speaker: Official, apposition: bool) -> str:
        raise NotImplementedError

    def lead(self, speaker: Official) -> str:
        raise NotImplementedError

    def headline(self) -> str:
        raise NotImplementedError

    def dateline(self) -> str:
        raise NotImplementedError


class English(Writer):
    lang = "en"
    clauses = (
        "the member states of {org} would step up cooperation on {topic} over the next {n} years",
        "{org} remained the main framework for joint work on {topic} in the region",
        "the parties had agreed to draft a joint programme on {topic} until {year}",
        "{city} was ready to host the next round of consultations on {topic}",
        "cooperation with {other} on {topic} and {topic2} would remain a priority",
        "the situation on the external borders required closer coordination among the allies",
        "the new plan gave special attention to {topic} and to the training of national units",
        "no member state would be left alone in the face of new threats",
        "the organisation intended to expand its contacts with {other} on {topic}",
        "{n} draft documents on {topic} had been prepared for the heads of delegation",
        "attempts to undermine the arms control regime worried all the participants",
        "joint exercises near {city} would test how quickly the forces could be deployed",
    )
    quotes = (
        "We are convinced that progress on {topic} can only be achieved together",
        "Our countries share one space of security, and no one will divide it",
        "The organisation has proved its worth. Today our task is to make cooperation on {topic} more practical",
        "We expect the decisions adopted here to be implemented in full by {year}",
        "The threats we face do not stop at national borders",
        "We have agreed on concrete steps on {topic} and {topic2}",
        "There is no alternative to dialogue, and we will keep the door open to all partners",
        "This is a difficult time, but our partnership has never been stronger",
        "Every member state will contribute to the common work on {topic}",
        "We cannot afford to lose time while the situation around us is getting worse",
    )
    background = (
        "{org} brings together {members} member states.",
        "The talks were held in restricted and expanded formats.",
        "The participants adopted a joint statement and signed {n} documents.",
        "The agenda also covered {topic} and {topic2}.",
        "The next meeting is scheduled to take place {next_in} in {year}.",
        "Delegations reviewed {n} items on the agenda, including {topic}.",
    )
    moves = ("that", "quote_after", "quote_before", "according", "content_first", "pronoun",
             "participle")
    EVENT_WORDS = {"meeting": ("meeting", "session"), "session": ("session", "meeting"),
                   "summit": ("summit",), "debate": ("debate", "meeting")}

    def org(self, body: Body) -> str:
        short = body.short["en"]
        return short if short == body.name["en"] else f"the {short}"

    def place_in(self, place: Place) -> str:
        return f"in {place.name['en']}"

    def event(self) -> str:
        s = self.story
        word = self.rng.choice(self.EVENT_WORDS[s.scene.kind])
        if s.scene.kind == "summit":
            return f"the {self.cast.bodies[s.scene.host].short['en']} {word}"
        if s.scene.body == s.scene.host:
            return f"the {self.cast.bodies[s.scene.host].name['en']} {word}"
        return f"a {word} of the {self.cast.bodies[s.scene.body].name['en']}"

    def date(self, day: date) -> str:
        month = self.month(day.month).capitalize()
        if self.rng.random() < 0.3:
            return self.cast.weekdays["en"][day.weekday()].capitalize()
        return f"{day.day} {month} {day.year}" if self.rng.random() < 0.5 else f"{month} {day.day}"

    def intro(self, o: Official, apposition: bool) -> str:
        seat, role, name = self.cast.bodies[o.seat], o.role_name["en"], o.name["en"]
        if o.seat.startswith("org/"):
            forms = [f"{seat.short['en']} {role} {name}", f"{name}, the {seat.short['en']} {role},"]
        else:
            adjective = seat.adjective["en"][0] if seat.adjective["en"] else seat.name["en"]
            forms = [f"{adjective} {role} {name}", f"{seat.name['en']}’s {role} {name}",
                     f"{name}, the {adjective} {role},"]
        return self.rng.choice([f for f in forms if apposition or not f.endswith(",")])

    def _v(self, o: Official, frame: str) -> str:
        return self.verb(frame).forms[o.female]

    def move_that(self, o):
        return f"{_cap(self.who(o))} {self._v(o, 'that')} that {self.clause()}."

    def move_quote_after(self, o):
        return f"“{self.quote()},” {self.who(o, apposition=False)} {self._v(o, 'quote')}."

    def move_quote_before(self, o):
        return f"{_cap(self.who(o, apposition=False))} {self._v(o, 'quote')}: “{self.quote()}.”"

    def move_according(self, o):
        return f"According to {self.who(o, apposition=False)}, {self.clause()}."

    def move_content_first(self, o):
        return f"{_cap(self.clause())}, {self.who(o, apposition=False)} {self._v(o, 'that')}."

    def move_pronoun(self, o):
        if not self.continues(o):
            return self.move_that(o)
        return f"{'She' if o.female else 'He'} also {self._v(o, 'that')} that {self.clause()}."

    def move_participle(self, o):
        return f"{_cap(self.who(o))} {self._v(o, 'that')} that {self.clause()}, adding that " \
               f"{self.clause()}."

    LEADS = ("Speaking at {event} in {place} on {date}, {who} {verb} that {clause}.",
             "{Event} opened in {place} on {date}. Addressing the participants, {who} {verb} "
             "that {clause}.",
             "{who} {verb} on {date} that {clause}. {He} spoke at {event} in {place}.")
    HEADLINES = ("{host} officials discuss {topic} in {place}",
                 "{family} urges partners to focus on {topic}",
                 "{body} meets in {place}",
                 "{place} talks put {topic} at the top of the {host} agenda")

    def lead(self, o: Official) -> str:
        event = self.event()
        return _cap(self.rng.choice(self.LEADS).format(
            event=event, Event=_cap(event), place=self.story.place.name["en"],
            date=self.date(self.story.day), who=self.who(o, apposition=False),
            verb=self._v(o, "that"), clause=self.clause(), He="She" if o.female else "He"))

    def headline(self) -> str:
        s = self.story
        return self.rng.choice(self.HEADLINES).format(
            host=self.cast.bodies[s.scene.host].short["en"], topic=s.topics[0]["en"],
            place=s.place.name["en"], family=s.speakers[0].family["en"],
            body=self.cast.bodies[s.scene.body].name["en"])

    def dateline(self) -> str:
        s = self.story
        month = self.month(s.published.month).capitalize()
        if s.bare:
            return f"{s.place.name['en']}, {s.published.day} {month} {s.published.year}"
        return f"{s.place.name['en'].upper()}, {month} {s.published.day} ({PUBLISHERS['en']})"


class Arabic(Writer):
    lang = "ar"
    clauses = (
        "الدول الأعضاء في {org} ستعزز التعاون في مجال {topic} خلال السنوات الـ{n} المقبلة",
        "العمل المشترك في مجال {topic} يبقى من أولويات الدول الأعضاء في {org}",
        "الأطراف اتفقت على إعداد برنامج مشترك في مجال {topic} حتى عام {year}",
        "{city} مستعدة لاستضافة الجولة المقبلة من المشاورات حول {topic}",
        "التعاون مع {other} في مجالي {topic} و{topic2} سيبقى من الأولويات",
        "الوضع على الحدود الخارجية يتطلب تنسيقا أوثق بين الحلفاء",
        "الخطة الجديدة تولي اهتماما خاصا لمسائل {topic} وتدريب الوحدات الوطنية",
        "الدول الأعضاء لن تترك أي شريك وحيدا في مواجهة التهديدات الجديدة",
        "المنظمة تعتزم توسيع اتصالاتها مع {other} في مجال {topic}",
        "الوفود ناقشت {n} مشروع وثيقة حول {topic}",
        "محاولات تقويض منظومة الحد من التسلح تثير قلق جميع المشاركين",
        "المناورات المشتركة قرب {city} ستختبر سرعة نشر القوات",
    )
    quotes = (
        "نحن مقتنعون بأن التقدم في مجال {topic} لا يتحقق إلا بالعمل المشترك",
        "بلداننا تتقاسم فضاء أمنيا واحدا، ولن يتمكن أحد من تقسيمه",
        "لقد أثبتت منظمتنا جدواها، ومهمتنا اليوم أن نجعل التعاون في مجال {topic} أكثر فاعلية",
        "نتوقع تنفيذ القرارات التي اتخذت هنا بالكامل بحلول عام {year}",
        "التهديدات التي نواجهها لا تتوقف عند الحدود الوطنية",
        "اتفقنا على خطوات ملموسة في مجالي {topic} و{topic2}",
        "لا بديل عن الحوار، وسنبقي الباب مفتوحا أمام جميع الشركاء",
        "إنها مرحلة صعبة، لكن شراكتنا لم تكن يوما أقوى مما هي عليه الآن",
        "جميع الدول الأعضاء ستساهم في العمل المشترك في مجال {topic}",
        "لا يمكننا أن نضيع الوقت بينما يزداد الوضع من حولنا سوءا",
    )
    background = (
        "ويبلغ عدد الدول الأعضاء في {org} {members} دول.",
        "وجرت المحادثات بصيغتين مصغرة وموسعة.",
        "واعتمد المشاركون بيانا مشتركا ووقعوا {n} وثيقة.",
        "وتناول جدول الأعمال كذلك {topic} و{topic2}.",
        "ومن المقرر أن يعقد الاجتماع المقبل {next_in} عام {year}.",
        "واستعرضت الوفود {n} بندا على جدول الأعمال.",
    )
    moves = ("that", "quote_before", "quote_after", "according", "prodrop", "participle")
    EVENT_WORDS = {"meeting": (("اجتماع", "انعقد"), ("لقاء", "انعقد")),
                   "session": (("جلسة", "انعقدت"), ("اجتماع", "انعقد")),
                   "summit": (("قمة", "انعقدت"),),
                   "debate": (("جلسة", "انعقدت"), ("نقاش", "انعقد"))}
    LEADS = ("{verb} {who} خلال {event} {place}، {date}، {link} {clause}.",
             "{held} {event} {place} {date}. و{verb} {who} {link} {clause}.",
             "{verb} {who} {link} {clause}، وذلك خلال {event} {place} {date}.")
    HEADLINES = ("{host}: بحث {topic} في {place}",
                 "{name} يدعو إلى تعزيز التعاون في مجال {topic}",
                 "{event} في {place}: {topic} على جدول الأعمال")
    FEMININE_ROLES = {"spokesperson": "المتحدثة الرسمية", "foreign-minister": "وزيرة الخارجية"}
    PARTICIPLES = (("مشيرا", "مشيرة", "إلى أن"), ("مؤكدا", "مؤكدة", "أن"),
                   ("مضيفا", "مضيفة", "أن"), ("لافتا", "لافتة", "إلى أن"))

    @staticmethod
    def li(name: str) -> str:
        """The preposition لِ joined to a name (ل + ال → لل)."""
        return "لل" + name[2:] if name.startswith("ال") else "ل" + name

    def org(self, body: Body) -> str:
        return body.name["ar"]

    def place_in(self, place: Place) -> str:
        return f"في {place.name['ar']}"

    def _event(self) -> tuple[str, str]:
        scene = self.story.scene
        word, held = self.rng.choice(self.EVENT_WORDS[scene.kind])
        body = scene.host if scene.kind == "summit" else scene.body
        return f"{word} {self.cast.bodies[body].name['ar']}", held

    def event(self) -> str:
        return self._event()[0]

    def date(self, day: date) -> str:
        month = self.month(day.month)
        weekday = self.cast.weekdays["ar"][day.weekday()]
        if self.rng.random() < 0.5:
            return f"يوم {weekday} {day.day} {month} {day.year}"
        return f"{day.day} {month} {day.year}"

    def intro(self, o: Official, apposition: bool) -> str:
        seat, name = self.cast.bodies[o.seat], o.name["ar"]
        role = self.FEMININE_ROLES.get(o.role, o.role_name["ar"]) if o.female else o.role_name["ar"]
        if o.seat.startswith("org/"):
            return f"{role} {self.li(seat.name['ar'])} {name}"
        adjective = seat.adjective["ar"][o.female] or seat.adjective["ar"][0]
        return f"{role} {adjective} {name}"

    def _verb(self, o: Official, frame: str, first: bool = False) -> tuple[str, str]:
        v = self.verb(frame)
        return ("" if first else "و") + v.forms[o.female], v.link

    def move_that(self, o, first=False):
        verb, link = self._verb(o, "that", first)
        return f"{verb} {self.who(o)} {link} {self.clause()}."

    def move_quote_before(self, o):
        verb, _ = self._verb(o, "quote")
        return f"{verb} {self.who(o)}: «{self.quote()}»."

    def move_quote_after(self, o):
        verb, _ = self._verb(o, "quote", first=True)
        return f"\"{self.quote()}\"، {verb} {self.who(o)}."

    def move_according(self, o):
        return f"ووفقا {self.li(self.who(o))}، {self.clause()}."

    def move_prodrop(self, o):
        if not self.continues(o):
            return self.move_that(o)
        verb, link = self._verb(o, "that")
        return f"{verb} {link} {self.clause()}."

    def move_participle(self, o):
        masc, fem, link = self.rng.choice(self.PARTICIPLES)
        return f"{self.move_that(o)[:-1]}، {fem if o.female else masc} {link} {self.clause()}."

    def lead(self, o: Official) -> str:
        verb, link = self._verb(o, "that", first=True)
        event, held = self._event()
        return self.rng.choice(self.LEADS).format(
            verb=verb, link=link, who=self.who(o), event=event, held=held,
            place=self.place_in(self.story.place), date=self.date(self.story.day),
            clause=self.clause())

    def headline(self) -> str:
        s = self.story
        first = s.speakers[0]
        templates = self.HEADLINES if not first.female else self.HEADLINES[::2]
        return self.rng.choice(templates).format(
            host=self.cast.bodies[s.scene.host].name["ar"], topic=s.topics[0]["ar"],
            place=s.place.name["ar"], name=first.name["ar"], event=self.event())

    def dateline(self) -> str:
        s = self.story
        month = self.month(s.published.month)
        return f"{s.place.name['ar']} - {s.published.day} {month} {s.published.year}"


class Russian(Writer):
    lang = "ru"
    clauses = (
        "страны {org} усилят взаимодействие по таким направлениям, как {topic} и {topic2}",
        "{org} остается главной площадкой для совместной работы в регионе",
        "стороны договорились подготовить совместную программу до {year} года",
        "принимающая сторона готова провести следующий раунд консультаций",
        "сотрудничество с {other} останется одним из приоритетов",
        "ситуация на внешних границах требует более тесной координации между союзниками",
        "в новом плане особое внимание уделяется таким темам, как {topic}",
        "ни одно государство-член не останется один на один с новыми угрозами",
        "организация намерена расширять контакты с {other}",
        "к заседанию подготовлено {n} проектов документов",
        "попытки разрушить систему контроля над вооружениями вызывают озабоченность всех участников",
        "совместные учения {next_in} позволят проверить готовность сил к быстрому развертыванию",
    )
    quotes = (
        "Мы убеждены, что добиться результата можно только вместе",
        "Наши страны живут в едином пространстве безопасности, и никому не удастся его разделить",
        "Наша организация доказала свою эффективность. Сегодня задача в том, чтобы сделать сотрудничество более практичным",
        "Мы рассчитываем, что принятые решения будут выполнены в полном объеме до {year} года",
        "Угрозы, с которыми мы сталкиваемся, не останавливаются на национальных границах",
        "Мы договорились о конкретных шагах по таким направлениям, как {topic} и {topic2}",
        "Альтернативы диалогу нет, и мы оставляем дверь открытой для всех партнеров",
        "Время сейчас непростое, но наше партнерство еще никогда не было таким прочным",
        "Каждое государство-член внесет свой вклад в общую работу",
        "Мы не можем терять время, когда обстановка вокруг нас ухудшается",
    )
    background = (
        "В {org} входят {members} государств.",
        "Переговоры прошли в узком и расширенном составах.",
        "По итогам встречи участники приняли совместное заявление и подписали {n} документов.",
        "В повестке дня также были {topic} и {topic2}.",
        "Следующее заседание планируется провести {next_in} в {year} году.",
    )
    moves = ("that", "quote_after", "quote_before", "as_said", "pronoun", "dash")
    EVENTS = {"meeting": (("заседание", "на заседании", "прошло"), ("встреча", "на встрече", "прошла")),
              "session": (("заседание", "на заседании", "прошло"),),
              "summit": (("саммит", "на саммите", "прошел"),),
              "debate": (("заседание", "на заседании", "прошло"),)}
    ROLE_AFTER_STATE = {"permanent-representative": " при ООН"}
    ROLE_BEFORE_STATE = {"spokesperson": " МИД"}

    def org(self, body: Body) -> str:
        return body.short["ru"]

    def place_in(self, place: Place) -> str:
        return f"в {place.ru_in}"

    def _event(self) -> tuple[str, str, str]:
        noun, at, held = self.rng.choice(self.EVENTS[self.story.scene.kind])
        scene = self.story.scene
        name = self.cast.bodies[scene.host].short["ru"] if scene.kind == "summit" \
            else self.cast.bodies[scene.body].ru_genitive
        return f"{noun} {name}", f"{at} {name}", held

    def event(self) -> str:
        return self._event()[1]

    def date(self, day: date) -> str:
        month = self.month(day.month)
        if self.rng.random() < 0.3:
            weekday = self.cast.weekdays["ru"][day.weekday()]
            return f"во {weekday}" if weekday.startswith("вт") else f"в {weekday}"
        return f"{day.day} {month}"

    def intro(self, o: Official, apposition: bool) -> str:
        seat, name = self.cast.bodies[o.seat], o.name["ru"]
        role = o.role_name["ru"][:1].lower() + o.role_name["ru"][1:]
        if o.seat.startswith("org/"):
            return f"{role} {seat.short['ru']} {name}"
        return f"{role}{self.ROLE_BEFORE_STATE.get(o.role, '')} {seat.ru_genitive}" \
               f"{self.ROLE_AFTER_STATE.get(o.role, '')} {name}"

    def _v(self, o: Official, frame: str) -> str:
        return self.verb(frame).forms[o.female]

    def move_that(self, o):
        return f"{_cap(self.who(o))} {self._v(o, 'that')}, что {self.clause()}."

    def move_quote_after(self, o):
        return f"«{self.quote()}», — {self._v(o, 'quote')} {self.who(o)}."

    def move_quote_before(self, o):
        return f"{_cap(self.who(o))} {self._v(o, 'quote')}: «{self.quote()}»."

    def move_as_said(self, o):
        return f"Как {self._v(o, 'that')} {self.who(o)}, {self.clause()}."

    def move_pronoun(self, o):
        if not self.continues(o):
            return self.move_that(o)
        return f"{'Она' if o.female else 'Он'} также {self._v(o, 'that')}, что {self.clause()}."

    def move_dash(self, o):
        return f"{_cap(self.clause())}, — {self._v(o, 'quote')} {self.who(o)}."

    LEADS = ("{Who} {at} {place} {date} {verb}, что {clause}.",
             "{Named} {held} {place} {date}. {Who} {verb}, что {clause}.",
             "{Who} {verb}, что {clause}. Об этом {he} сообщил{a} {at} {place} {date}.")
    HEADLINES = ("{Named} {held} {place}",
                 "{family} призвал{a} укреплять сотрудничество в сфере безопасности",
                 "{Named} {place}: главное")

    def lead(self, o: Official) -> str:
        named, at, held = self._event()
        return self.rng.choice(self.LEADS).format(
            Who=_cap(self.who(o)), at=at, place=self.place_in(self.story.place),
            date=self.date(self.story.day), verb=self._v(o, "that"), clause=self.clause(),
            Named=_cap(named), held=held, he="она" if o.female else "он",
            a="а" if o.female else "")

    def headline(self) -> str:
        s = self.story
        named, _, held = self._event()
        return self.rng.choice(self.HEADLINES).format(
            Named=_cap(named), held=held, place=self.place_in(s.place),
            family=s.speakers[0].family["ru"], a="а" if s.speakers[0].female else "")

    def dateline(self) -> str:
        s = self.story
        month = self.month(s.published.month)
        if s.bare:
            return f"{s.place.name['ru'].upper()}, {s.published.day} {month} {s.published.year} года"
        return f"{s.place.name['ru'].upper()}, {s.published.day} {month}. /{PUBLISHERS['ru']}/."


WRITERS: dict[str, type[Writer]] = {"en": English, "ar": Arabic, "ru": Russian}


# --- articles on disk ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Composed:
    text: str
    meta: dict[str, str] | None


def compose(cast: Cast, lang: str, rng: random.Random, number: int) -> Composed:
    story = plan(cast, rng)
    writer = WRITERS[lang](cast, story, rng)
    title = writer.headline()
    head = writer.dateline()
    paragraphs = writer.body()
    text = "\n\n".join([title, head, *paragraphs]) + "\n"
    if story.bare:
        return Composed(text, None)
    meta = {"language": lang, "published": story.published.isoformat(),
            "url": f"https://bench.example.org/{lang}/{story.published:%Y/%m/%d}/{number:06d}",
            "publisher": PUBLISHERS[lang], "title": title}
    return Composed(text, meta)


def article_path(out: Path, number: int, lang: str) -> Path:
    return out / f"{number // ARTICLES_PER_FOLDER:04d}" / f"{number:06d}_{lang}.txt"


def generate(count: int, out: Path, seed: int = 0, languages: tuple[str, ...] | list[str] = LANGUAGES,
             *, cast: Cast | None = None) -> list[Path]:
    """Write ``count`` articles under ``out`` and return their ``.txt`` paths, in order."""
    unknown = sorted(set(languages) - set(LANGUAGES))
    if unknown or not languages:
        raise ValueError(f"languages {unknown or '(none)'}: choose among {', '.join(LANGUAGES)}")
    cast = cast or load_cast()
    paths = []
    for number in range(count):
        lang = languages[number % len(languages)]
        article = compose(cast, lang, random.Random(f"seckg-bench:{seed}:{number}"), number)
        path = article_path(Path(out), number, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(article.text.encode("utf-8"))
        side = path.with_name(path.stem + ".meta.json")
        if article.meta is not None:
            side.write_bytes((json.dumps(article.meta, ensure_ascii=False, indent=2) + "\n")
                             .encode("utf-8"))
        elif side.exists():
            side.unlink()                      # left by an earlier run with another seed
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, required=True, help="how many articles")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them under")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same bytes (default 0)")
    parser.add_argument("--languages", default=",".join(LANGUAGES),
                        help="comma-separated, taken in turn (default en,ar,ru)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be 0 or more")
    languages = [x.strip() for x in args.languages.split(",") if x.strip()]
    started = time.perf_counter()
    try:
        paths = generate(args.count, args.out, args.seed, languages)
    except ValueError as exc:
        parser.error(str(exc))
    seconds = time.perf_counter() - started
    print(f"{len(paths)} articles under {args.out} in {seconds:.1f} s "
          f"({len(paths) / max(seconds, 1e-9):.0f}/s, reference data loading included)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
