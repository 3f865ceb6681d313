"""The curated entities and their aliases, indexed for matching. Plain Python: the rule set
loader (``kg.ruleset``) fills it from the reference Turtle."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.extract.normalise import WORD, fold, is_arabic
from kg.model import Entity, Tenure

AR_CONJ = ("", "و", "ف")
AR_PREP = ("", "ب", "ك", "ل")


def ar_key(token: str) -> str:
    """Definiteness-insensitive key of an Arabic token (drop a leading ال)."""
    if token.startswith("ال") and len(token) > 4:
        return token[2:]
    return token


def clitic_variants(token: str) -> list[str]:
    """The token and its readings with at most one conjunction and one preposition removed
    (ل + ال is written لل)."""
    out = [token]
    for conj in AR_CONJ:
        if not token.startswith(conj):
            continue
        t1 = token[len(conj):]
        for prep in AR_PREP:
            if not t1.startswith(prep) or (not conj and not prep):
                continue
            t2 = t1[len(prep):]
            if len(t2) >= 2:
                out.append(t2)
            if prep == "ل" and t2.startswith("ل") and len(t2) > 3:
                out.append("ا" + t2)
    return out


def token_key(token: str) -> str:
    return ar_key(token) if is_arabic(token) else token


@dataclass(frozen=True, slots=True)
class Alias:
    entity: str
    kind: str
    keys: tuple[str, ...]       # token keys (lower-case folded, Arabic without ال)
    cased: tuple[str, ...] | None  # case-sensitive tokens, when the alias is an abbreviation
    partial: bool = False       # a family name alone
    label: str = ""


def alias_of(entity: str, kind: str, label: str, *, partial: bool = False) -> Alias | None:
    words = WORD.findall(fold(label))
    if not words:
        return None
    keys = tuple(token_key(w) for w in words)
    compact = label.replace(" ", "")
    sensitive = (len(compact) <= 5 or (compact.isupper() and len(compact) <= 12)) and not is_arabic(label)
    cased = tuple(WORD.findall(fold(label, lower=False))) if sensitive else None
    return Alias(entity, kind, keys, cased, partial, label)


@dataclass
class Gazetteer:
    entities: dict[str, Entity] = field(default_factory=dict)
    index: dict[str, list[Alias]] = field(default_factory=lambda: defaultdict(list))
    tenures: list[Tenure] = field(default_factory=list)
    posts: dict[tuple[str, str], str] = field(default_factory=dict)   # (org, role) -> post
    post_of: dict[str, tuple[str, str]] = field(default_factory=dict)  # post -> (org, role)
    parent: dict[str, str] = field(default_factory=dict)               # org -> parent org
    topic_triggers: list[Alias] = field(default_factory=list)

    def add_entity(self, entity: Entity) -> None:
        self.entities[entity.iri] = entity

    def add_alias(self, entity: str, kind: str, label: str, *, partial: bool = False) -> None:
        alias = alias_of(entity, kind, label, partial=partial)
        if alias is None:
            return
        bucket = self.index[alias.keys[0]]
        if alias not in bucket:
            bucket.append(alias)
            bucket.sort(key=lambda a: (-len(a.keys), a.partial, a.entity))

    def add_topic_trigger(self, topic: str, label: str) -> None:
        alias = alias_of(topic, "topic", label)
        if alias is not None:
            self.topic_triggers.append(alias)

    def kind(self, iri: str) -> str:
        entity = self.entities.get(iri)
        return entity.kind if entity else "unknown"

    def label(self, iri: str, lang: str = "en") -> str:
        entity = self.entities.get(iri)
        return entity.label(lang) if entity else iri.rsplit("/", 1)[-1]

    def holder(self, organisation: str, role: str, day: str) -> str | None:
        """The person who held (organisation, role) on ``day``, if exactly one did."""
        people = {t.person for t in self.tenures
                  if t.organisation == organisation and t.role == role and t.covers(day)}
        return people.pop() if len(people) == 1 else None

    def post_for(self, organisation: str, role: str) -> str | None:
        return self.posts.get((organisation, role))

    def roles_of(self, person: str) -> list[Tenure]:
        return [t for t in self.tenures if t.person == person]
