"""Statements as an analyst reads them: one claim per thing said, however many reports
(``seckg:sameStatementAs``) carry it, grouped by the date and the event it was said at.

A claim lists its reports, the one in the reader's language first (else English); its date
is the earliest of its reports' own ``dcterms:date``, or absent; when the first report has
no date of its own but a twin does, the claim says which report dated it. Each report links
to its statement and to its highlighted passage on the article page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV

from api.labels import Labeller
from api.passages import passage_href
from api.terms import Term, term
from kg.namespaces import OA, SCHEMA, SECKG

#: how a statement was said, as the highlight's class (``hl-direct``) and message (``mode.``)
MODES = {SECKG.DirectQuote: "direct", SECKG.ReportedSpeech: "reported"}

QUERY = """PREFIX seckg: <{seckg}> PREFIX schema: <{schema}> PREFIX dcterms: <{dcterms}>
PREFIX prov: <{prov}> PREFIX oa: <{oa}>
SELECT ?s ?speaker ?text ?date ?event ?mode ?article ?start ?twin WHERE {{
  {{ SELECT DISTINCT ?s WHERE {{ {{ {own} }} UNION {{ {twins} ?x seckg:sameStatementAs ?s }} }} }}
  ?s a seckg:Statement .
  OPTIONAL {{ ?s seckg:speaker ?speaker }} OPTIONAL {{ ?s schema:text ?text }}
  OPTIONAL {{ ?s dcterms:date ?date }} OPTIONAL {{ ?s seckg:atEvent ?event }}
  OPTIONAL {{ ?s seckg:mode ?mode }} OPTIONAL {{ ?s prov:wasDerivedFrom ?article }}
  OPTIONAL {{ ?s seckg:evidence/oa:hasSelector/oa:start ?start }}
  OPTIONAL {{ ?s seckg:sameStatementAs ?twin }}
}}"""


@dataclass(slots=True)
class Report:
    statement: Term
    text: Term | None
    lang: str | None
    mode: str                    # direct, reported or other
    speaker: Term | None
    article: Term | None
    passage: str | None          # the article page at the highlighted passage
    date: str | None             # the report's own date
    event: Term | None
    start: int


@dataclass(slots=True)
class Claim:
    reports: list[Report]
    date: str | None = None
    dated_by: Report | None = None     # the twin whose date the first report lacks

    @property
    def first(self) -> Report:
        return self.reports[0]

    @property
    def others(self) -> list[Report]:
        return self.reports[1:]


@dataclass(slots=True)
class Group:
    date: str | None
    event: Term | None
    claims: list[Claim] = field(default_factory=list)


def _report(rows: list[dict], labels: Labeller) -> Report:
    row = {k: v for r in rows for k, v in r.items()}
    statement, article = row["s"], row.get("article")
    text = row.get("text")
    starts = [int(r["start"]) for r in rows if "start" in r]
    return Report(term(statement, labels), term(text, labels) if text is not None else None,
                  getattr(text, "language", None), MODES.get(row.get("mode"), "other"),
                  term(row["speaker"], labels) if "speaker" in row else None,
                  term(article, labels) if article is not None else None,
                  passage_href(str(article), str(statement)) if article is not None and starts
                  else None,
                  str(row["date"]) if "date" in row else None,
                  term(row["event"], labels) if "event" in row else None, min(starts, default=0))


def _clusters(statements: list[str], pairs: set[tuple[str, str]]) -> list[list[str]]:
    """Statements joined by sameStatementAs (transitively), each cluster in input order."""
    parent = {s: s for s in statements}

    def root(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    for a, b in pairs:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    clusters: dict[str, list[str]] = {}
    for s in statements:
        clusters.setdefault(root(s), []).append(s)
    return list(clusters.values())


def _claim(reports: list[Report], lang: str) -> Claim:
    order = {lang: 0, "en": 1}
    reports.sort(key=lambda r: (order.get((r.lang or "").split("-")[0], 2), r.date is None,
                                r.date or "", r.statement.value))
    dated = sorted((r for r in reports if r.date), key=lambda r: r.date)
    claim = Claim(reports, dated[0].date if dated else None)
    if claim.date and not reports[0].date:
        claim.dated_by = dated[0]
    return claim


def _same_event(iri: str, labels: Labeller) -> str:
    """One key for an event and its reports in other articles (``seckg:sameEventAs``), so
    what was said at it is one group whichever report placed it there."""
    facts = labels.events.get(iri)
    return min([iri, *facts.twins]) if facts is not None else iri


def claims(store, labels: Labeller, pattern: Callable[[str], str]) -> list[Group]:
    """The claims among the statements ``pattern("?s")`` binds (and their twins), grouped by
    date (earliest first, undated last) and event."""
    rows = store.select(QUERY.format(seckg=SECKG, schema=SCHEMA, dcterms=DCTERMS, prov=PROV,
                                     oa=OA, own=pattern("?s"), twins=pattern("?x")))
    labels.fetch(v for row in rows for k, v in row.items() if k not in ("text", "date", "start"))
    by_statement: dict[str, list[dict]] = {}
    for row in rows:
        by_statement.setdefault(str(row["s"]), []).append(row)
    pairs = {(str(r["s"]), str(r["twin"])) for r in rows if isinstance(r.get("twin"), URIRef)}
    reports = {s: _report(rs, labels) for s, rs in by_statement.items()}
    groups: dict[tuple, Group] = {}
    for cluster in _clusters(sorted(by_statement), pairs):
        claim = _claim([reports[s] for s in cluster], labels.lang)
        event = next((r.event for r in claim.reports if r.event is not None), None)
        key = (claim.date, _same_event(event.value, labels) if event else None)
        groups.setdefault(key, Group(claim.date, event)).claims.append(claim)
    for group in groups.values():
        group.claims.sort(key=lambda c: (c.first.article.value if c.first.article else "",
                                         c.first.start, c.first.statement.value))
    return sorted(groups.values(), key=lambda g: (g.date is None, g.date or "", g.event is None,
                                                  g.event.label.lower() if g.event else ""))


def count(groups: list[Group]) -> int:
    """How many claims the groups hold."""
    return sum(len(g.claims) for g in groups)
