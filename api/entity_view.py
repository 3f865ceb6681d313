"""What an entity page shows, as plain data for the templates (no HTML here).

Every page: its names in every language (the match-only ``skos:hiddenLabel`` forms are left
out), types, and the outgoing and incoming links no section already shows. Persons, posts,
organisations and events open with their own section (api/sections.py). Persons and
organisations add their statements: a timeline, and the claims grouped by date and event
(api/claims.py); statements their fields, their date (or a twin's), a link to their passage
and their reports in other languages side by side; articles their text cut at the
statements' and events' offsets, each passage with an anchor, and the facts drawn from them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from api import claims, i18n, sections
from api.claims import MODES
from api.highlight import Span, paragraphs, pieces
from api.labels import Labeller
from api.passages import anchor, passage_href
from api.terms import Term, local_path, term
from api.timeline import TimelineItem, timeline_svg
from kg import Store
from kg.namespaces import OA, ORG, SCHEMA, SECKG

LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
#: the names a page lists (hidden labels are inflections and misspellings, for matching only)
SHOWN_NAMES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
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

__all__ = ["FACT_KINDS", "LABELS", "MODES", "STATEMENT_FIELDS", "article", "overview",
           "statement_fields", "statements_by"]


def _sorted_terms(nodes, labels: Labeller) -> list[Term]:
    return sorted((term(n, labels) for n in set(nodes)), key=lambda t: (t.label.lower(), t.value))


def overview(graph: Graph, iri: URIRef, labels: Labeller, *, hide: tuple = ()) -> dict:
    """Names, types, the sections of the entity's kinds, and the outgoing links (grouped by
    property) and incoming links they do not show already."""
    labels.fetch(set(graph.subjects()) | set(graph.predicates()) | set(graph.objects()))
    parts, hide_out, hide_in = sections.sections(labels.store, graph, iri, labels)
    names = [(str(p).rsplit("#", 1)[-1], term(o, labels)) for p in SHOWN_NAMES
             for o in sorted(graph.objects(iri, p), key=lambda o: (o.language or "", str(o)))]
    outgoing = []
    for p in sorted(set(graph.predicates(iri)), key=lambda p: labels.label(p).lower()):
        if p in LABELS or p == RDF.type or p in hide or p in hide_out:
            continue
        outgoing.append((term(p, labels), _sorted_terms(graph.objects(iri, p), labels)))
    incoming = sorted(((term(s, labels), term(p, labels)) for s, p in graph.subject_predicates(iri)
                       if s != iri and p not in hide_in),
                      key=lambda sp: (sp[1].label, sp[0].label.lower()))
    return {"title": term(iri, labels), "names": names,
            "types": _sorted_terms(graph.objects(iri, RDF.type), labels), "sections": parts,
            "outgoing": outgoing, "incoming": incoming[:MAX_INCOMING],
            "incoming_total": len(incoming)}


def _spoken_by(node: str) -> Callable[[str], str]:
    """The pattern binding a variable to statements by ``node`` or by the officials of it
    and of its sub-bodies."""
    post_in = f"<{ORG.postIn}>/<{ORG.subOrganizationOf}>*"
    return lambda s: (f"{{ {s} <{SECKG.speaker}> {node} }} "
                      f"UNION {{ {s} <{SECKG.speakerPost}>/{post_in} {node} }} "
                      f"UNION {{ {s} <{SECKG.speaker}>/<{ORG.holds}>/{post_in} {node} }}")


def statements_by(store: Store, iri: URIRef, labels: Labeller) -> dict:
    """A person's statements, or an organisation's officials': a timeline SVG of the dated
    ones, and every claim grouped by date and event (api/claims.py)."""
    node = iri.n3()
    groups = claims.claims(store, labels, _spoken_by(node))
    rows = store.select(f"""
        PREFIX seckg: <{SECKG}> PREFIX org: <{ORG}> PREFIX schema: <{SCHEMA}>
        PREFIX dcterms: <{DCTERMS}>
        SELECT DISTINCT ?s ?date ?text ?speaker WHERE {{
          {{ ?s seckg:speaker {node} . BIND({node} AS ?speaker) }}
          UNION {{ ?s seckg:speakerPost/org:postIn/org:subOrganizationOf* {node} ;
                      seckg:speaker ?speaker }}
          UNION {{ ?s seckg:speaker ?speaker .
                   ?speaker org:holds/org:postIn/org:subOrganizationOf* {node} }}
          ?s a seckg:Statement .
          OPTIONAL {{ ?s dcterms:date ?date }} OPTIONAL {{ ?s schema:text ?text }}
        }} ORDER BY ?date ?s""")
    labels.fetch(r["speaker"] for r in rows)
    items, seen = [], set()
    for row in rows:
        day = row.get("date").toPython() if "date" in row else None
        if row["s"] in seen or not isinstance(day, date):
            continue
        seen.add(row["s"])
        items.append(TimelineItem(day, local_path(str(row["s"])) or str(row["s"]),
                                  f"{labels.label(row['speaker'])}: {row.get('text', '')}"))
    return {"svg": _timeline(items), "dots": len(items), "groups": groups,
            "count": claims.count(groups)}


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
    article = graph.value(iri, PROV.wasDerivedFrom)
    [group] = claims.claims(labels.store, labels, lambda s: f"VALUES {s} {{ {iri.n3()} }}") or [None]
    reports = group.claims[0].reports if group else []
    this = next((r for r in reports if r.statement.value == str(iri)), None)
    twins = [r for r in reports if r is not this]
    dated_by = None
    if graph.value(iri, DCTERMS.date) is None:
        dated_by = min((r for r in twins if r.date), key=lambda r: r.date, default=None)
    shown = {"same"} if twins else set()          # the twins stand beside it instead
    return {"text": term(text, labels) if text is not None else None,
            "lang": getattr(text, "language", None),
            "fields": [(name, terms) for name, terms in fields if terms and name not in shown],
            "evidence": where,
            "passage": passage_href(str(article), str(iri)) if article is not None and where
            else None,
            "dated_by": dated_by, "this": this, "twins": twins}


def article(store: Store, graph: Graph, iri: URIRef, labels: Labeller) -> dict:
    """The article's text with its statements highlighted and its events marked, each
    passage with an anchor (api/passages.py), and what was extracted from it."""
    node = iri.n3()
    rows = store.select(f"""
        PREFIX seckg: <{SECKG}> PREFIX prov: <{PROV}> PREFIX oa: <{OA}> PREFIX schema: <{SCHEMA}>
        SELECT ?s ?start ?end ?speaker ?mode ?event WHERE {{
          {{ ?s a seckg:Statement ; prov:wasDerivedFrom {node} .
             OPTIONAL {{ ?s seckg:speaker ?speaker }}
             OPTIONAL {{ ?s seckg:mode ?mode }} }}
          UNION {{ ?s a schema:Event ; prov:wasDerivedFrom {node} BIND(true AS ?event) }}
          OPTIONAL {{ ?s seckg:evidence/oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }}
        }} ORDER BY ?start ?s""")
    labels.fetch(r.get("speaker") for r in rows)
    labels.fetch(r["s"] for r in rows if "event" in r)
    events = {str(r["s"]) for r in rows if "event" in r}
    spans = [Span(int(r["start"]), int(r["end"]), str(r["s"])) for r in rows
             if "start" in r and "end" in r]
    mode = {str(r["s"]): MODES.get(r.get("mode"), "other") for r in rows}
    text = graph.value(iri, SCHEMA.text)
    number = {s.key: n for n, s in enumerate((s for s in spans if s.key not in events), 1)}
    started: set[str] = set()

    def piece(p) -> dict:
        said = [k for k in p.spans if k not in events]
        anchors = [anchor(k) for k in p.spans if k not in started]
        started.update(p.spans)
        return {"text": p.text, "kinds": sorted({mode[k] for k in said}), "anchors": anchors,
                "statements": [{"n": number[k], "href": local_path(k) or k,
                                "title": labels.label(URIRef(k))} for k in said],
                "events": [{"href": local_path(k) or k, "title": labels.label(URIRef(k))}
                           for k in p.spans if k in events]}

    lines = paragraphs(pieces(str(text) if text is not None else "", spans))
    language = graph.value(iri, SCHEMA.inLanguage)
    return {"paragraphs": [[piece(p) for p in line] for line in lines],
            "lang": str(language) if language is not None else None,
            "events": bool(events & {s.key for s in spans}),
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
