"""What an entity page shows, as plain data for the templates (no HTML here).

Every page: labels in every language, types, outgoing and incoming links. Persons and
organisations add their statements (a timeline and the undated ones); statements their
fields; articles their text cut at the statements' offsets, and the facts drawn from them.
"""

from __future__ import annotations

from datetime import date

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from api import i18n
from api.highlight import Span, paragraphs, pieces
from api.labels import Labeller
from api.terms import Term, local_path, term
from api.timeline import TimelineItem, timeline_svg
from kg import Store
from kg.namespaces import OA, ORG, SCHEMA, SECKG

LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
MAX_INCOMING = 300

#: (message key under ``field.`` in api/messages, property)
STATEMENT_FIELDS = [
    ("speaker", SECKG.speaker), ("post", SECKG.speakerPost), ("mode", SECKG.mode),
    ("date", DCTERMS.date), ("event", SECKG.atEvent), ("topics", DCTERMS.subject),
    ("mentions", SCHEMA.mentions), ("source", PROV.wasDerivedFrom),
    ("same", SECKG.sameStatementAs), ("verb", SECKG.reportingVerb),
    ("rule", SECKG.extractedBy),
]

#: (message key under ``facts.``, class)
FACT_KINDS = [("statements", SECKG.Statement), ("persons", SCHEMA.Person),
              ("organisations", ORG.Organization), ("events", SCHEMA.Event),
              ("states", SCHEMA.Country), ("places", SCHEMA.Place)]

#: how a statement was said, as the highlight's class (``hl-direct``) and message (``mode.``)
MODES = {SECKG.DirectQuote: "direct", SECKG.ReportedSpeech: "reported"}


def _sorted_terms(nodes, labels: Labeller) -> list[Term]:
    return sorted((term(n, labels) for n in set(nodes)), key=lambda t: (t.label.lower(), t.value))


def overview(graph: Graph, iri: URIRef, labels: Labeller, *, hide: tuple = ()) -> dict:
    """Labels, types, outgoing links (grouped by property) and incoming links."""
    labels.fetch(set(graph.subjects()) | set(graph.predicates()) | set(graph.objects()))
    names = [(str(p).rsplit("#", 1)[-1], term(o, labels)) for p in LABELS
             for o in sorted(graph.objects(iri, p), key=lambda o: (o.language or "", str(o)))]
    outgoing = []
    for p in sorted(set(graph.predicates(iri)), key=lambda p: labels.label(p).lower()):
        if p in LABELS or p == RDF.type or p in hide:
            continue
        outgoing.append((term(p, labels), _sorted_terms(graph.objects(iri, p), labels)))
    incoming = sorted(((term(s, labels), term(p, labels)) for s, p in graph.subject_predicates(iri)
                       if s != iri), key=lambda sp: (sp[1].label, sp[0].label.lower()))
    return {"title": term(iri, labels), "names": names,
            "types": _sorted_terms(graph.objects(iri, RDF.type), labels),
            "outgoing": outgoing, "incoming": incoming[:MAX_INCOMING],
            "incoming_total": len(incoming)}


def statements_by(store: Store, iri: URIRef, labels: Labeller) -> dict:
    """A person's statements, or an organisation's officials': timeline SVG and undated list."""
    node = iri.n3()
    rows = store.select(f"""
        PREFIX seckg: <{SECKG}> PREFIX org: <{ORG}> PREFIX schema: <{SCHEMA}>
        PREFIX dcterms: <{DCTERMS}>
        SELECT DISTINCT ?s ?date ?text ?speaker WHERE {{
          {{ ?s seckg:speaker {node} . BIND({node} AS ?speaker) }}
          UNION {{ ?s seckg:speakerPost/org:postIn {node} ; seckg:speaker ?speaker }}
          UNION {{ ?s seckg:speaker ?speaker . ?speaker org:holds/org:postIn {node} }}
          ?s a seckg:Statement .
          OPTIONAL {{ ?s dcterms:date ?date }} OPTIONAL {{ ?s schema:text ?text }}
        }} ORDER BY ?date ?s""")
    labels.fetch(r["speaker"] for r in rows)
    dated, undated, items, seen = [], [], [], set()
    for row in rows:
        if row["s"] in seen:
            continue
        seen.add(row["s"])
        entry = {"statement": term(row["s"], labels), "speaker": term(row["speaker"], labels),
                 "text": term(row["text"], labels) if "text" in row else None,
                 "date": str(row["date"]) if "date" in row else None}
        day = row.get("date").toPython() if "date" in row else None
        if isinstance(day, date):
            dated.append(entry)
            items.append(TimelineItem(day, local_path(str(row["s"])) or str(row["s"]),
                                      f"{entry['speaker'].label}: {row.get('text', '')}"))
        else:
            undated.append(entry)
    return {"svg": _timeline(items), "dated": dated, "undated": undated}


def _timeline(items: list[TimelineItem]):
    """The timeline SVG with month names, dates and its description in the interface language."""
    if not items:
        return timeline_svg(items)
    days = sorted(i.when for i in items)
    label = i18n.ngettext("entity.timeline_label", len(items),
                          first=i18n.format_date(days[0]), last=i18n.format_date(days[-1]))
    return timeline_svg(items, months=i18n.message("months.short"), label=str(label),
                        day_text=i18n.format_date)


def statement_fields(graph: Graph, iri: URIRef, labels: Labeller) -> dict:
    """Speaker, post, mode, date, text, event, topics, mentions, source, aligned statements."""
    fields = [(name, _sorted_terms(graph.objects(iri, p), labels)) for name, p in STATEMENT_FIELDS]
    text = graph.value(iri, SCHEMA.text)
    evidence = graph.value(iri, SECKG.evidence)
    where = {}
    for selector in graph.objects(evidence, OA.hasSelector) if evidence is not None else ():
        for key, p in (("start", OA.start), ("end", OA.end), ("exact", OA.exact)):
            if graph.value(selector, p) is not None:
                where[key] = str(graph.value(selector, p))
    return {"text": term(text, labels) if text is not None else None,
            "fields": [(name, terms) for name, terms in fields if terms], "evidence": where}


def article(store: Store, graph: Graph, iri: URIRef, labels: Labeller) -> dict:
    """The article's text with its statements highlighted, and what was extracted from it."""
    node = iri.n3()
    rows = store.select(f"""
        PREFIX seckg: <{SECKG}> PREFIX prov: <{PROV}> PREFIX oa: <{OA}>
        SELECT ?s ?start ?end ?speaker ?mode WHERE {{
          ?s a seckg:Statement ; prov:wasDerivedFrom {node} .
          OPTIONAL {{ ?s seckg:speaker ?speaker }}
          OPTIONAL {{ ?s seckg:mode ?mode }}
          OPTIONAL {{ ?s seckg:evidence/oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }}
        }} ORDER BY ?start ?s""")
    labels.fetch(r.get("speaker") for r in rows)
    spans = [Span(int(r["start"]), int(r["end"]), str(r["s"])) for r in rows
             if "start" in r and "end" in r]
    mode = {str(r["s"]): MODES.get(r.get("mode"), "other") for r in rows}
    text = graph.value(iri, SCHEMA.text)
    number = {s.key: n for n, s in enumerate(spans, 1)}

    def piece(p) -> dict:
        return {"text": p.text, "kinds": sorted({mode[k] for k in p.spans}),
                "statements": [{"n": number[k], "href": local_path(k) or k,
                                "title": labels.label(URIRef(k))} for k in p.spans]}

    lines = paragraphs(pieces(str(text) if text is not None else "", spans))
    language = graph.value(iri, SCHEMA.inLanguage)
    return {"paragraphs": [[piece(p) for p in line] for line in lines],
            "lang": str(language) if language is not None else None,
            "facts": facts(store, iri, labels)}


def facts(store: Store, iri: URIRef, labels: Labeller) -> list[tuple[str, list[Term]]]:
    """Statements, persons, organisations, events, states and places drawn from an article."""
    node = iri.n3()
    kinds = " ".join(k.n3() for _, k in FACT_KINDS)
    rows = store.select(f"""
        PREFIX seckg: <{SECKG}> PREFIX prov: <{PROV}> PREFIX schema: <{SCHEMA}>
        SELECT DISTINCT ?e ?kind WHERE {{
          {{ {node} schema:mentions ?e }} UNION {{ GRAPH {node} {{ ?e a schema:Event }} }}
          UNION {{ ?e prov:wasDerivedFrom {node} }}
          UNION {{ ?st prov:wasDerivedFrom {node} ; seckg:speaker ?e }}
          ?e a ?kind . VALUES ?kind {{ {kinds} }}
        }}""")
    labels.fetch(r["e"] for r in rows)
    out = []
    for name, kind in FACT_KINDS:
        found = [r["e"] for r in rows if r["kind"] == kind]
        if found:
            out.append((name, _sorted_terms(found, labels)))
    return out
