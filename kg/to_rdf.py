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
    _add(g, (art, RDF.type, SCHEMA.NewsArticle))
    _add(g, (art, SCHEMA.inLanguage, Literal(lang)))
    _add(g, (art, SCHEMA.text, Literal(article.text, lang=lang)))
    _add(g, (art, SCHEMA.identifier, Literal(key)))
    _add(g, (art, RDFS.label, Literal(found.headline or _short(article.text), lang=lang)))
    if found.published:
        _add(g, (art, SCHEMA.datePublished, Literal(found.published, datatype=XSD.date)))
    if found.headline:
        _add(g, (art, SCHEMA.headline, Literal(found.headline, lang=lang)))
    for meta, prop in (("url", SCHEMA.url), ("publisher", SCHEMA.publisher)):
        if article.meta.get(meta):
            value = article.meta[meta]
            _add(g, (art, prop, URIRef(value) if meta == "url" else Literal(value)))
    mentioned = {m.iri for m in found.mentions if m.iri and m.kind in ("org", "state", "person", "place")}
    mentioned |= {o.person for o in found.officials}
    mentioned |= {e.place for e in found.events if e.place}
    for iri in sorted(mentioned):
        _add(g, (art, SCHEMA.mentions, URIRef(iri)))
    _officials(g, art, found, gazetteer, key, article.text)
    events = {e.key: e for e in found.events}
    for event in found.events:
        _event(g, art, event, key, lang, gazetteer, article.text)
    for rec in found.statements:
        _statement(g, art, rec, key, lang, article.text, events)
    for rec in found.unattributed:
        _unattributed(g, art, rec, key, lang, article.text)
    return g


def _add(g: Graph, triple: tuple) -> None:
    """``g.add(triple)`` without its checks that each term is a node (every term here is one
    this module made), a good part of the time an article's graph takes."""
    g.store.add(triple, g, quoted=False)


def _short(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first[:80] + ("…" if len(first) > 80 else "")


def _evidence(g: Graph, art: URIRef, node: URIRef, text: str, start: int, end: int,
              ev: URIRef | None = None) -> None:
    ev = ev or URIRef(f"{node}/evidence")
    pos, quote = URIRef(f"{ev}/position"), URIRef(f"{ev}/quote")
    _add(g, (node, SECKG.evidence, ev))
    _add(g, (ev, RDF.type, OA.SpecificResource))
    _add(g, (ev, OA.hasSource, art))
    _add(g, (ev, OA.hasSelector, pos))
    _add(g, (ev, OA.hasSelector, quote))
    _add(g, (pos, RDF.type, OA.TextPositionSelector))
    _add(g, (pos, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    _add(g, (pos, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    _add(g, (quote, RDF.type, OA.TextQuoteSelector))
    _add(g, (quote, OA.exact, Literal(text[start:end])))
    _add(g, (quote, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS):start])))
    _add(g, (quote, OA.suffix, Literal(text[end:end + CONTEXT_CHARS])))


def _officials(g: Graph, art: URIRef, found: Extraction, gaz: Gazetteer, key: str,
               text: str) -> None:
    for off in found.officials:
        person = URIRef(off.person)
        if off.minted:
            _add(g, (person, RDF.type, SCHEMA.Person))
            for lang, name in sorted(found.minted.get(off.person, {}).items()):
                _add(g, (person, RDFS.label, Literal(name, lang=lang)))
            _add(g, (person, SECKG.extractedBy, Literal(off.rule)))
            _add(g, (person, PROV.wasDerivedFrom, art))
            if (person, SECKG.evidence, None) not in g:
                _evidence(g, art, person, text, off.start, off.end,
                          URIRef(f"{person}/in/{key}/evidence"))
        if off.post:
            post = URIRef(off.post)
            _add(g, (person, ORG.holds, post))
            if off.post not in gaz.post_of:
                _add(g, (post, RDF.type, ORG.Post))
                _add(g, (post, ORG.postIn, URIRef(off.organisation)))
                _add(g, (post, ORG.role, URIRef(off.role)))
                _add(g, (post, RDFS.label, Literal(
                    f"{gaz.label(off.role)} of {gaz.label(off.organisation)}", lang="en")))
                _add(g, (post, SECKG.extractedBy, Literal(off.rule)))


def _event(g: Graph, art: URIRef, event: EventRecord, key: str, lang: str, gaz: Gazetteer,
           text: str) -> None:
    node = URIRef(event_iri(key, event.start))
    _add(g, (node, RDF.type, SCHEMA.Event))
    _add(g, (node, RDF.type, SECKG[event.kind]))
    _add(g, (node, RDFS.label, Literal(event_label(event, gaz), lang="en")))
    _add(g, (node, SCHEMA.name, Literal(event.surface, lang=lang)))
    if event.place:
        _add(g, (node, SCHEMA.location, URIRef(event.place)))
    if event.date:
        _add(g, (node, SCHEMA.startDate, Literal(event.date, datatype=XSD.date)))
    if event.organiser:
        _add(g, (node, SCHEMA.organizer, URIRef(event.organiser)))
    for person in event.attendees:
        _add(g, (node, SCHEMA.attendee, URIRef(person)))
    _add(g, (node, PROV.wasDerivedFrom, art))
    _add(g, (node, SECKG.extractedBy, Literal(event.rule)))
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
    _add(g, (node, RDF.type, SECKG.Statement))
    _add(g, (node, SECKG.speaker, URIRef(rec.speaker)))
    if rec.speaker_post:
        _add(g, (node, SECKG.speakerPost, URIRef(rec.speaker_post)))
    _add(g, (node, SECKG.mode, SECKG.DirectQuote if rec.mode == "direct" else SECKG.ReportedSpeech))
    _add(g, (node, SCHEMA.text, Literal(rec.text, lang=lang)))
    if rec.date:
        _add(g, (node, DCTERMS.date, Literal(rec.date, datatype=XSD.date)))
    if rec.event and rec.event in events:
        _add(g, (node, SECKG.atEvent, URIRef(event_iri(key, events[rec.event].start))))
    for iri in rec.mentions:
        _add(g, (node, SCHEMA.mentions, URIRef(iri)))
    for topic in rec.topics:
        _add(g, (node, DCTERMS.subject, URIRef(topic)))
    _add(g, (node, PROV.wasDerivedFrom, art))
    if rec.mode == "direct":
        _add(g, (node, PROV.wasQuotedFrom, art))
    if rec.verb:
        _add(g, (node, SECKG.reportingVerb, Literal(rec.verb, lang=lang)))
    _add(g, (node, SECKG.extractedBy, Literal(rec.rule)))
    _evidence(g, art, node, text, rec.start, rec.end)


def _unattributed(g: Graph, art: URIRef, rec: StatementRecord, key: str, lang: str,
                  text: str) -> None:
    node = URIRef(unattributed_iri(key, rec.start, rec.end))
    _add(g, (node, RDF.type, SECKG.UnattributedQuote))
    _add(g, (node, SCHEMA.text, Literal(rec.text, lang=lang)))
    if rec.speaker_post:
        _add(g, (node, SECKG.speakerPost, URIRef(rec.speaker_post)))
    _add(g, (node, SECKG.mode, SECKG.DirectQuote if rec.mode == "direct" else SECKG.ReportedSpeech))
    _add(g, (node, PROV.wasDerivedFrom, art))
    if rec.verb:
        _add(g, (node, SECKG.reportingVerb, Literal(rec.verb, lang=lang)))
    _add(g, (node, SECKG.extractedBy, Literal(rec.rule)))
    _evidence(g, art, node, text, rec.start, rec.end)
