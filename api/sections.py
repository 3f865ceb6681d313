"""What a page shows at the top for each kind of entity, as plain data for entity.html.

- a person: posts with tenures, events attended;
- an organisation: its parent bodies, sub-bodies, member states, officials over time;
- a post: its holders with dates, and what was said in it;
- an event: its date, place, organiser, attendees, the passages that tell of it, the same
  event in other reports, and the statements made there.

``KINDS`` says which section a type opens and which links the section already shows (left
out of the page's generic "Links" and "Pointing here" tables, so nothing is listed twice).
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from api import claims
from api.labels import Labeller
from api.passages import passage_href, sentence_around
from api.tenures import tenures
from api.terms import Term, term
from kg.namespaces import OA, ORG, SCHEMA, SECKG

#: (section, class, outgoing links it shows, incoming links it shows)
KINDS = [
    ("person", SCHEMA.Person, (ORG.holds,),
     (SECKG.speaker, PROV.wasAttributedTo, ORG.member, SCHEMA.attendee)),
    ("organisation", ORG.Organization, (ORG.subOrganizationOf,),
     (ORG.subOrganizationOf, ORG.memberOf, ORG.organization, ORG.postIn, SCHEMA.organizer)),
    ("post", ORG.Post, (ORG.postIn, ORG.role), (ORG.holds, SECKG.speakerPost)),
    ("event", SCHEMA.Event, (SCHEMA.startDate, SCHEMA.location, SCHEMA.organizer,
                             SCHEMA.attendee, SECKG.sameEventAs),
     (SECKG.atEvent, SECKG.sameEventAs)),
    # no section of their own (entity_view.py draws them), only links shown elsewhere
    ("statement", SECKG.Statement, (), (SECKG.sameStatementAs,)),
    ("article", SCHEMA.NewsArticle, (), (OA.hasSource, PROV.wasDerivedFrom, PROV.wasQuotedFrom)),
]


def _terms(nodes, labels: Labeller) -> list[Term]:
    nodes = set(nodes)
    labels.fetch(nodes)
    return sorted((term(n, labels) for n in nodes), key=lambda t: (t.label.lower(), t.value))


def person(store, graph: Graph, iri: URIRef, labels: Labeller) -> dict:
    attended = _terms(graph.subjects(SCHEMA.attendee, iri), labels)
    dates = {e: labels.events.get(e.value) for e in attended}
    return {"tenures": tenures(store, labels, person=iri),
            "attended": sorted(((e, getattr(dates[e], "date", None)) for e in attended),
                               key=lambda ed: (ed[1] is None, ed[1] or "", ed[0].label))}


def organisation(store, graph: Graph, iri: URIRef, labels: Labeller) -> dict:
    return {"parents": _terms(graph.objects(iri, ORG.subOrganizationOf), labels),
            "bodies": _terms(graph.subjects(ORG.subOrganizationOf, iri), labels),
            "members": _terms(graph.subjects(ORG.memberOf, iri), labels),
            "officials": tenures(store, labels, organisation=iri)}


def post(store, graph: Graph, iri: URIRef, labels: Labeller) -> dict:
    node = iri.n3()
    groups = claims.claims(store, labels, lambda s: f"{s} <{SECKG.speakerPost}> {node} .")
    return {"in": _terms(graph.objects(iri, ORG.postIn), labels),
            "role": _terms(graph.objects(iri, ORG.role), labels),
            "holders": tenures(store, labels, post=iri),
            "groups": groups, "count": claims.count(groups)}


def _passages(store, events: list[URIRef], labels: Labeller) -> list[dict]:
    values = " ".join(e.n3() for e in events)
    rows = store.select(f"""PREFIX oa: <{OA}> PREFIX seckg: <{SECKG}> PREFIX schema: <{SCHEMA}>
        SELECT ?e ?article ?start ?end ?text ?lang WHERE {{ VALUES ?e {{ {values} }}
          ?e seckg:evidence ?ev . ?ev oa:hasSource ?article ; oa:hasSelector ?p .
          ?p oa:start ?start ; oa:end ?end . ?article schema:text ?text .
          OPTIONAL {{ ?article schema:inLanguage ?lang }} }} ORDER BY ?article ?start""")
    labels.fetch(r["article"] for r in rows)
    out = []
    rows.sort(key=lambda r: (r["e"] != events[0], str(r["article"]), int(r["start"])))
    for row in rows:
        before, words, after = sentence_around(str(row["text"]), int(row["start"]),
                                               int(row["end"]))
        out.append({"article": term(row["article"], labels),
                    "lang": str(row["lang"]) if "lang" in row else None,
                    "before": before, "words": words, "after": after,
                    "href": passage_href(str(row["article"]), str(row["e"]))})
    return out


def _reports(store, events: list[URIRef], labels: Labeller) -> dict[str, dict]:
    """Each event with the article that reports it and that article's language."""
    values = " ".join(e.n3() for e in events)
    rows = store.select(f"""SELECT ?e ?article ?lang WHERE {{ VALUES ?e {{ {values} }}
        ?e <{PROV.wasDerivedFrom}> ?article .
        OPTIONAL {{ ?article <{SCHEMA.inLanguage}> ?lang }} }}""")
    labels.fetch(r["article"] for r in rows)
    reports = {str(e): {"event": term(e, labels), "article": None, "lang": None} for e in events}
    for row in rows:
        reports[str(row["e"])].update(article=term(row["article"], labels),
                                      lang=str(row["lang"]) if "lang" in row else None)
    return reports


def event(store, graph: Graph, iri: URIRef, labels: Labeller) -> dict:
    labels.fetch([iri])
    facts = labels.events.get(str(iri))
    twins = [URIRef(t) for t in facts.twins] if facts else []
    everyone = [iri, *twins]
    values = " ".join(e.n3() for e in everyone)
    reports = _reports(store, everyone, labels)
    attendees = [r["a"] for r in store.select(
        f"SELECT DISTINCT ?a WHERE {{ VALUES ?e {{ {values} }} ?e <{SCHEMA.attendee}> ?a }}")]
    groups = claims.claims(store, labels,
                           lambda s: f"VALUES ?e {{ {values} }} {s} <{SECKG.atEvent}> ?e .")
    return {"kind": facts.kind if facts else "Event",
            "date": facts.date if facts else None,
            "dated_by": reports.get(facts.dated_by) if facts and facts.dated_by else None,
            "places": _terms(map(URIRef, facts.places if facts else ()), labels),
            "organisers": _terms(map(URIRef, facts.organisers if facts else ()), labels),
            "attendees": _terms(attendees, labels),
            "words": sorted({(str(n), n.language) for n in graph.objects(iri, SCHEMA.name)}),
            "twins": [reports[str(t)] for t in twins],
            "passages": _passages(store, everyone, labels),
            "groups": groups, "count": claims.count(groups)}


SECTIONS = {"person": person, "organisation": organisation, "post": post, "event": event}


def sections(store, graph: Graph, iri: URIRef, labels: Labeller) -> tuple[dict, tuple, tuple]:
    """The sections for the entity's types, and the outgoing and incoming links they show."""
    types = set(graph.objects(iri, RDF.type))
    out, shown_out, shown_in = {}, (), ()
    for name, cls, outgoing, incoming in KINDS:
        if cls in types:
            if name in SECTIONS:
                out[name] = SECTIONS[name](store, graph, iri, labels)
            shown_out += outgoing
            shown_in += incoming
    return out, shown_out, shown_in

