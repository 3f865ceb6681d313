"""Plain records of what extraction finds. No rdflib: ``to_rdf`` turns these into triples."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Entity:
    """A curated reference entity (organisation, state, place, person, role, topic)."""

    iri: str
    kind: str                                  # org | state | place | person | role | topic
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or next(iter(self.labels.values()), self.iri)


@dataclass(frozen=True, slots=True)
class Tenure:
    person: str
    organisation: str     # org or state IRI
    role: str
    post: str
    start: str | None     # ISO date
    end: str | None

    def covers(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(slots=True)
class Mention:
    """A span of the article naming something."""

    kind: str               # org | state | place | person | role | demonym | name
    start: int              # offsets into the article text (code points, end exclusive)
    end: int
    surface: str
    iri: str | None = None  # the entity, when resolved
    rule: str = ""
    partial: bool = False   # a family name alone: resolved later against full mentions
    candidates: tuple[str, ...] = ()


@dataclass(slots=True)
class Official:
    """A person with the post an article gives them (``post`` may be None)."""

    person: str                  # IRI (curated or minted)
    name: str                    # as written
    start: int
    end: int
    rule: str
    post: str | None = None
    organisation: str | None = None
    role: str | None = None
    minted: bool = False
    lang: str = "en"


@dataclass(slots=True)
class RoleRef:
    """A role-only mention ("the SCO Secretary-General"): a post, maybe resolved to a person."""

    post: str | None
    organisation: str | None
    role: str
    start: int
    end: int
    rule: str
    person: str | None = None


@dataclass(slots=True)
class DateRef:
    start: int
    end: int
    surface: str
    value: str | None          # ISO date, or None when it cannot be fixed
    kind: str                  # absolute | yearless | relative
    rule: str


@dataclass(slots=True)
class EventRecord:
    kind: str                  # Meeting | Session | Summit | Debate | Conference | Visit
    start: int
    end: int
    surface: str
    rule: str
    organiser: str | None = None
    place: str | None = None
    date: str | None = None
    attendees: list[str] = field(default_factory=list)
    key: str = ""


@dataclass(slots=True)
class StatementRecord:
    speaker: str | None        # person IRI; None: unattributed quote
    mode: str                  # direct | reported
    start: int                 # offsets of the statement text in the article
    end: int
    text: str
    verb: str
    rule: str
    speaker_post: str | None = None
    date: str | None = None
    event: str | None = None   # EventRecord.key
    mentions: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    key: str = ""


@dataclass(slots=True)
class Extraction:
    """Everything found in one article."""

    language: str
    published: str | None
    headline: str | None
    mentions: list[Mention] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    rolerefs: list[RoleRef] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)
    unattributed: list[StatementRecord] = field(default_factory=list)
    minted: dict[str, dict[str, str]] = field(default_factory=dict)  # IRI -> {lang: name}
