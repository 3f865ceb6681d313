"""The only module that knows MODEL.md's shape: extraction records in, an article graph out."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdflib_namespaces

from kg import namespaces
from kg.articles import Article
from kg.gazetteer import Gazetteer
from kg.iris import article_iri, event_iri, statement_iri, unattributed_iri
from kg.model import EventRecord, Extraction, StatementRecord


class _Terms:
    """A namespace whose terms are made once: an rdflib namespace makes and checks a new IRI
    on every attribute access, a few hundred times an article."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)           # from now on a plain attribute
        return term

    def __getitem__(self, name: str) -> URIRef:
        if name not in self._items:
            self._items[name] = self._namespace[name]
        return self._items[name]


DCTERMS, PROV, RDF, RDFS, XSD = (_Terms(getattr(rdflib_namespaces, name))
                                  for name in ("DCTERMS", "PROV", "RDF", "RDFS", "XSD"))
OA, ORG, SCHEMA, SECKG = (_Terms(getattr(namespaces, name))
                          for name in ("OA", "ORG", "SCHEMA", "SECKG"))

CONTEXT_CHARS = 32
EVENT_LABELS = {"Meeting": "Meeting", "Session": "Session", "Summit": "Summit",
                "Debate": "Debate", "Conference": "Conference", "Visit": "Visit"}


def article_graph(article: Article, found: Extraction, gazetteer: Gazetteer) -> Graph:
    """All triples extracted from one article (its named graph's content), in a graph over
    rdflib's simple memory store (one graph, no contexts: twice as fast to fill)."""
    g = Graph(store="SimpleMemory")
    key = article.key
    art = URIRef(article_iri(key))
    lang = found.language
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, SCHEMA.inLanguage, Literal(lang)))
    g.add((art, SCHEMA.text, Literal(article.text, lang=lang)))
    g.add((art, SCHEMA.identifier, Literal(key)))
    g.add((art, RDFS.label, Literal(found.headline or _short(article.text), lang=lang)))
    if found.published:
        g.add((art, SCHEMA.datePublished, Literal(found.published, datatype=XSD.date)))
    if found.headline:
        g.add((art, SCHEMA.headline, Literal(found.headline, lang=lang)))
    for meta, prop in (("url", SCHEMA.url), ("publisher", SCHEMA.publisher)):
        if article.meta.get(meta):
            value = article.meta[meta]
            g.add((art, prop, URIRef(value) if meta == "url" else Literal(value)))
    mentioned = {m.iri for m in found.mentions if m.iri and m.kind in ("org", "state", "person", "place")}
    mentioned |= {o.person for o in found.officials}
    mentioned |= {e.place for e in found.events if e.place}
    for iri in sorted(mentioned):
        g.add((art, SCHEMA.mentions, URIRef(iri)))
    _officials(g, art, found, gazetteer, key, article.text)
    events = {e.key: e for e in found.events}
    for event in found.events:
        _event(g, art, event, key, lang, gazetteer, article.text)
    for rec in found.statements:
        _statement(g, art, rec, key, lang, article.text, events)
    for rec in found.unattributed:
        _unattributed(g, art, rec, key, lang, article.text)
    return g


def _short(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first[:80] + ("…" if len(first) > 80 else "")


def _evidence(g: Graph, art: URIRef, node: URIRef, text: str, start: int, end: int,
              ev: URIRef | None = None) -> None:
    ev = ev or URIRef(f"{node}/evidence")
    pos, quote = URIRef(f"{ev}/position"), URIRef(f"{ev}/quote")
    g.add((node, SECKG.evidence, ev))
    g.add((ev, RDF.type, OA.SpecificResource))
    g.add((ev, OA.hasSource, art))
    g.add((ev, OA.hasSelector, pos))
    g.add((ev, OA.hasSelector, quote))
    g.add((pos, RDF.type, OA.TextPositionSelector))
    g.add((pos, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((pos, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(text[start:end])))
    g.add((quote, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS):start])))
    g.add((quote, OA.suffix, Literal(text[end:end + CONTEXT_CHARS])))


def _officials(g: Graph, art: URIRef, found: Extraction, gaz: Gazetteer, key: str,
               text: str) -> None:
    for off in found.officials:
        person = URIRef(off.person)
        if off.minted:
            g.add((person, RDF.type, SCHEMA.Person))
            for lang, name in sorted(found.minted.get(off.person, {}).items()):
                g.add((person, RDFS.label, Literal(name, lang=lang)))
            g.add((person, SECKG.extractedBy, Literal(off.rule)))
            g.add((person, PROV.wasDerivedFrom, art))
            if (person, SECKG.evidence, None) not in g:
                _evidence(g, art, person, text, off.start, off.end,
                          URIRef(f"{person}/in/{key}/evidence"))
        if off.post:
            post = URIRef(off.post)
            g.add((person, ORG.holds, post))
            if off.post not in gaz.post_of:
                g.add((post, RDF.type, ORG.Post))
                g.add((post, ORG.postIn, URIRef(off.organisation)))
                g.add((post, ORG.role, URIRef(off.role)))
                g.add((post, RDFS.label, Literal(
                    f"{gaz.label(off.role)} of {gaz.label(off.organisation)}", lang="en")))
                g.add((post, SECKG.extractedBy, Literal(off.rule)))


def _event(g: Graph, art: URIRef, event: EventRecord, key: str, lang: str, gaz: Gazetteer,
           text: str) -> None:
    node = URIRef(event_iri(key, event.start))
    g.add((node, RDF.type, SCHEMA.Event))
    g.add((node, RDF.type, SECKG[event.kind]))
    g.add((node, RDFS.label, Literal(event_label(event, gaz), lang="en")))
    g.add((node, SCHEMA.name, Literal(event.surface, lang=lang)))
    if event.place:
        g.add((node, SCHEMA.location, URIRef(event.place)))
    if event.date:
        g.add((node, SCHEMA.startDate, Literal(event.date, datatype=XSD.date)))
    if event.organiser:
        g.add((node, SCHEMA.organizer, URIRef(event.organiser)))
    for person in event.attendees:
        g.add((node, SCHEMA.attendee, URIRef(person)))
    g.add((node, PROV.wasDerivedFrom, art))
    g.add((node, SECKG.extractedBy, Literal(event.rule)))
    _evidence(g, art, node, text, event.start, event.end)


def event_label(event: EventRecord, gaz: Gazetteer) -> str:
    label = EVENT_LABELS.get(event.kind, event.kind)
    if event.organiser:
        label += f" of the {gaz.label(event.organiser)}"
    if event.place:
        label += f" in {gaz.label(event.place)}"
    if event.date:
        label += f", {event.date}"
    return label


def _statement(g: Graph, art: URIRef, rec: StatementRecord, key: str, lang: str, text: str,
               events: dict[str, EventRecord]) -> None:
    node = URIRef(statement_iri(key, rec.start, rec.end))
    g.add((node, RDF.type, SECKG.Statement))
    g.add((node, SECKG.speaker, URIRef(rec.speaker)))
    if rec.speaker_post:
        g.add((node, SECKG.speakerPost, URIRef(rec.speaker_post)))
    g.add((node, SECKG.mode, SECKG.DirectQuote if rec.mode == "direct" else SECKG.ReportedSpeech))
    g.add((node, SCHEMA.text, Literal(rec.text, lang=lang)))
    if rec.date:
        g.add((node, DCTERMS.date, Literal(rec.date, datatype=XSD.date)))
    if rec.event and rec.event in events:
        g.add((node, SECKG.atEvent, URIRef(event_iri(key, events[rec.event].start))))
    for iri in rec.mentions:
        g.add((node, SCHEMA.mentions, URIRef(iri)))
    for topic in rec.topics:
        g.add((node, DCTERMS.subject, URIRef(topic)))
    g.add((node, PROV.wasDerivedFrom, art))
    if rec.mode == "direct":
        g.add((node, PROV.wasQuotedFrom, art))
    if rec.verb:
        g.add((node, SECKG.reportingVerb, Literal(rec.verb, lang=lang)))
    g.add((node, SECKG.extractedBy, Literal(rec.rule)))
    _evidence(g, art, node, text, rec.start, rec.end)


def _unattributed(g: Graph, art: URIRef, rec: StatementRecord, key: str, lang: str,
                  text: str) -> None:
    node = URIRef(unattributed_iri(key, rec.start, rec.end))
    g.add((node, RDF.type, SECKG.UnattributedQuote))
    g.add((node, SCHEMA.text, Literal(rec.text, lang=lang)))
    if rec.speaker_post:
        g.add((node, SECKG.speakerPost, URIRef(rec.speaker_post)))
    g.add((node, SECKG.mode, SECKG.DirectQuote if rec.mode == "direct" else SECKG.ReportedSpeech))
    g.add((node, PROV.wasDerivedFrom, art))
    if rec.verb:
        g.add((node, SECKG.reportingVerb, Literal(rec.verb, lang=lang)))
    g.add((node, SECKG.extractedBy, Literal(rec.rule)))
    _evidence(g, art, node, text, rec.start, rec.end)
