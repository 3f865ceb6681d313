"""Events named from what the text says about them, in the reader's language.

An extracted event's own words are often one word («اجتماع», "meeting"); its name is
composed instead from its kind (``seckg:Meeting``, ``seckg:Debate``, ...), its organiser,
its place and its date, each in the reader's language (patterns in api/messages:
``event.kind.*``, ``event.name.*``; a one-word organiser such as NATO takes
``organiser_word``): "Meeting of the SCO Council of Example Ministers in
Tashkent, 1 June 2022", «اجتماع مجلس ... في طشقند، 1 يونيو 2022». What one report of an
event leaves out, another report of it (``seckg:sameEventAs``) may give: the date, the place
and the organiser are taken from there too, and the page says which report gave the date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from kg.namespaces import SCHEMA, SECKG

#: (message key under ``event.kind.``, class), the most specific first
EVENT_KINDS = [("Summit", SECKG.Summit), ("Conference", SECKG.Conference),
               ("Debate", SECKG.Debate), ("Session", SECKG.Session),
               ("Meeting", SECKG.Meeting), ("Visit", SECKG.Visit)]
KIND_OF = {cls: name for name, cls in EVENT_KINDS}
RANK = {name: n for n, (name, _) in enumerate(EVENT_KINDS)}

QUERY = """PREFIX schema: <{schema}> PREFIX seckg: <{seckg}>
SELECT ?e ?kind ?date ?place ?organiser ?twin ?twinDate ?twinPlace ?twinOrganiser WHERE {{
  VALUES ?e {{ {values} }}
  ?e a schema:Event .
  OPTIONAL {{ ?e a ?kind }}
  OPTIONAL {{ ?e schema:startDate ?date }} OPTIONAL {{ ?e schema:location ?place }}
  OPTIONAL {{ ?e schema:organizer ?organiser }}
  OPTIONAL {{ ?e seckg:sameEventAs ?twin .
             OPTIONAL {{ ?twin schema:startDate ?twinDate }}
             OPTIONAL {{ ?twin schema:location ?twinPlace }}
             OPTIONAL {{ ?twin schema:organizer ?twinOrganiser }} }}
}}"""


@dataclass(slots=True)
class EventFacts:
    kind: str = "Event"
    date: str | None = None
    dated_by: str | None = None        # the twin event whose date this one lacks
    places: list[str] = field(default_factory=list)
    organisers: list[str] = field(default_factory=list)
    twins: list[str] = field(default_factory=list)


def _first(values: Iterable[str]) -> list[str]:
    return sorted(set(values))


def event_facts(store, iris: Iterable[object]) -> dict[str, EventFacts]:
    """Kind, date, places, organisers and twins of each event among ``iris`` (others are
    left out), a twin's date, place or organiser standing in for a missing one."""
    values = " ".join(sorted({i.n3() for i in iris if isinstance(i, URIRef)}))
    if not values:
        return {}
    rows = store.select(QUERY.format(schema=SCHEMA, seckg=SECKG, values=values))
    out: dict[str, EventFacts] = {}
    for iri in sorted({str(r["e"]) for r in rows}):
        mine = [r for r in rows if str(r["e"]) == iri]
        kinds = sorted({KIND_OF[r["kind"]] for r in mine if r.get("kind") in KIND_OF},
                       key=RANK.get)
        facts = EventFacts(kinds[0] if kinds else "Event")
        own = _first(str(r["date"]) for r in mine if "date" in r)
        theirs = sorted((str(r["twinDate"]), str(r["twin"])) for r in mine if "twinDate" in r)
        if own:
            facts.date = own[0]
        elif theirs:
            facts.date, facts.dated_by = theirs[0]
        facts.places = (_first(str(r["place"]) for r in mine if "place" in r)
                        or _first(str(r["twinPlace"]) for r in mine if "twinPlace" in r))
        facts.organisers = (_first(str(r["organiser"]) for r in mine if "organiser" in r)
                            or _first(str(r["twinOrganiser"]) for r in mine
                                      if "twinOrganiser" in r))
        facts.twins = _first(str(r["twin"]) for r in mine if "twin" in r)
        out[iri] = facts
    return out


def event_name(facts: EventFacts, label, lang: str) -> str | None:
    """The event's name in ``lang`` from its facts (``label(iri)`` names its organiser and
    place), or None when the facts say no more than its kind."""
    from api.i18n import format_date, message

    if not (facts.organisers or facts.places or facts.date):
        return None
    name = str(message(f"event.kind.{facts.kind}", lang))
    if facts.organisers:
        organiser = label(URIRef(facts.organisers[0]))
        pattern = "organiser" if " " in organiser.strip() else "organiser_word"   # NATO, BRICS
        name = str(message(f"event.name.{pattern}", lang)).format(name=name,
                                                                   organiser=organiser)
    if facts.places:
        name = str(message("event.name.place", lang)).format(
            name=name, place=label(URIRef(facts.places[0])))
    if facts.date:
        name = str(message("event.name.date", lang)).format(
            name=name, date=format_date(facts.date, lang))
    return name
