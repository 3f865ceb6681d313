"""A synthetic domain graph of a chosen size, in the shape of MODEL.md, written as N-Quads.

One named graph per article (the article's IRI) holding the article and its statements, each
statement with speaker, post, mode, text, date, mentions, reporting verb, rule id and evidence
(offsets and exact text); ``id:graph/reference`` holds the organisations (with sub-bodies three
levels deep), their posts, the officials holding them with tenures. Deterministic: the same
size and seed give the same bytes. FOR SPEED, NEVER FOR QUALITY (nothing here was extracted).

>>> import io
>>> out = io.BytesIO()
>>> shape = write(out, triples=3000, seed=0)
>>> shape.triples == out.getvalue().count(b"\\n"), shape.triples >= 3000
(True, True)
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import BinaryIO

ID = "https://w3id.org/seckg/id/"
NS = "https://w3id.org/seckg/ns#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "https://schema.org/"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
REFERENCE = f"<{ID}graph/reference>"

TOP_ORGS = 12                       # each with 3 bodies, each of those with 2 sub-bodies
STATEMENTS_PER_ARTICLE = 5
FIRST_DAY = date(2021, 1, 1)
DAYS = 5 * 365
WORDS = ("security cooperation treaty forces council region dialogue member states border "
         "summit sanctions stability peacekeeping mandate resolution exercises partnership "
         "ministers delegation consultations").split()
RARE = "cyber-resilience"           # the text search's word: in about 1 statement in 50
ROLES = ("secretary-general", "deputy-secretary-general", "chair", "envoy", "spokesperson")
VERBS = ("said", "stated", "told", "stressed", "noted", "added")


@dataclass(frozen=True, slots=True)
class Shape:
    """What was written, and the entities the query mix asks about."""
    triples: int
    articles: int
    statements: int
    persons: int
    bodies: int


def bodies() -> list[tuple[str, str | None]]:
    """(body key, parent key or None), top organisations first: ``org/o3``, ``org/o3-b1``,
    ``org/o3-b1-c0``."""
    out: list[tuple[str, str | None]] = []
    for o in range(TOP_ORGS):
        top = f"org/o{o}"
        out.append((top, None))
        for b in range(3):
            body = f"{top}-b{b}"
            out.append((body, top))
            out += [(f"{body}-c{c}", body) for c in range(2)]
    return out


def persons_for(triples: int) -> int:
    """Officials in the reference data: grows with the graph (about one per 2,000 triples)."""
    return max(60, triples // 2000)


def write(out: BinaryIO, *, triples: int, seed: int = 7) -> Shape:
    """Write at least ``triples`` N-Quads lines to ``out`` (whole articles, so a little more)."""
    rnd = random.Random(seed)
    orgs = bodies()
    n_persons = persons_for(triples)
    lines = _reference(orgs, n_persons, rnd)
    count = len(lines)
    out.write(("\n".join(lines) + "\n").encode())
    article = statement = 0
    while count < triples:
        lines = _article(article, statement, orgs, n_persons, rnd)
        out.write(("\n".join(lines) + "\n").encode())
        count += len(lines)
        article += 1
        statement += STATEMENTS_PER_ARTICLE
    return Shape(count, article, statement, n_persons, len(orgs))


def _q(s: str, p: str, o: str, g: str) -> str:
    return f"{s} <{p}> {o} {g} ."


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{XSD}{datatype}>'
    return f'"{escaped}"'


def _reference(orgs: list[tuple[str, str | None]], n_persons: int, rnd: random.Random
               ) -> list[str]:
    g = REFERENCE
    lines = []
    for key, parent in orgs:
        node = f"<{ID}{key}>"
        lines += [_q(node, RDF_TYPE, f"<{ORG}FormalOrganization>", g),
                  _q(node, RDFS + "label", _lit(f"Body {key[4:]}", "en"), g),
                  _q(node, RDFS + "label", _lit(f"Орган {key[4:]}", "ru"), g)]
        if parent:
            lines.append(_q(node, ORG + "subOrganizationOf", f"<{ID}{parent}>", g))
    for role in ROLES:
        lines.append(_q(f"<{ID}role/{role}>", RDFS + "label", _lit(role.replace("-", " "), "en"),
                        g))
    for p in range(n_persons):
        body = orgs[p % len(orgs)][0]
        role = ROLES[p % len(ROLES)]
        person, post = f"<{ID}person/p{p}>", f"<{ID}post/{body[4:]}/{role}>"
        membership, interval = f"<{ID}membership/p{p}>", f"<{ID}interval/p{p}>"
        start = FIRST_DAY + timedelta(days=rnd.randrange(-900, 300))
        lines += [
            _q(person, RDF_TYPE, f"<{SCHEMA}Person>", g),
            _q(person, RDFS + "label", _lit(f"Person {p}", "en"), g),
            _q(person, RDFS + "label", _lit(f"Персона {p}", "ru"), g),
            _q(person, SCHEMA + "familyName", _lit(f"P{p}"), g),
            _q(person, ORG + "holds", post, g),
            _q(post, ORG + "postIn", f"<{ID}{body}>", g),
            _q(post, ORG + "role", f"<{ID}role/{role}>", g),
            _q(membership, ORG + "member", person, g),
            _q(membership, ORG + "organization", f"<{ID}{body}>", g),
            _q(membership, ORG + "role", f"<{ID}role/{role}>", g),
            _q(membership, ORG + "memberDuring", interval, g),
            _q(interval, NS + "startDate", _lit(start.isoformat(), datatype="date"), g),
        ]
        if p % 3 == 0:
            end = start + timedelta(days=rnd.randrange(400, 2000))
            lines.append(_q(interval, NS + "endDate", _lit(end.isoformat(), datatype="date"), g))
    return lines


def _article(a: int, first: int, orgs: list[tuple[str, str | None]], n_persons: int,
             rnd: random.Random) -> list[str]:
    g = art = f"<{ID}article/a{a}>"
    day = FIRST_DAY + timedelta(days=rnd.randrange(DAYS))
    lines = [_q(art, RDF_TYPE, f"<{SCHEMA}NewsArticle>", g),
             _q(art, SCHEMA + "headline", _lit(f"Meeting {a} on {rnd.choice(WORDS)}", "en"), g),
             _q(art, SCHEMA + "datePublished", _lit(day.isoformat(), datatype="date"), g),
             _q(art, DCT + "language", _lit("en"), g)]
    offset = 0
    for s in range(first, first + STATEMENTS_PER_ARTICLE):
        p = rnd.randrange(n_persons)
        body = orgs[p % len(orgs)][0]
        post = f"<{ID}post/{body[4:]}/{ROLES[p % len(ROLES)]}>"
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(8, 20))]
        if rnd.random() < 0.02:
            words.insert(rnd.randrange(len(words)), RARE)
        text = " ".join(words).capitalize() + "."
        node, ev = f"<{ID}statement/s{s}>", f"<{ID}evidence/s{s}>"
        sel, quote = f"<{ID}evidence/s{s}/offsets>", f"<{ID}evidence/s{s}/quote>"
        when = day - timedelta(days=rnd.randrange(3))
        mode = "DirectQuote" if rnd.random() < 0.6 else "ReportedSpeech"
        lines += [
            _q(node, RDF_TYPE, f"<{NS}Statement>", g),
            _q(node, NS + "speaker", f"<{ID}person/p{p}>", g),
            _q(node, NS + "speakerPost", post, g),
            _q(node, NS + "mode", f"<{NS}{mode}>", g),
            _q(node, SCHEMA + "text", _lit(text, "en"), g),
            _q(node, DCT + "date", _lit(when.isoformat(), datatype="date"), g),
            _q(node, PROV + "wasDerivedFrom", art, g),
            _q(node, NS + "reportingVerb", _lit(rnd.choice(VERBS), "en"), g),
            _q(node, NS + "extractedBy", _lit("en.quote.after.speaker-verb"), g),
            _q(node, NS + "evidence", ev, g),
            _q(ev, OA + "hasSource", art, g),
            _q(ev, OA + "hasSelector", sel, g),
            _q(ev, OA + "hasSelector", quote, g),
            _q(sel, OA + "start", _lit(str(offset), datatype="nonNegativeInteger"), g),
            _q(sel, OA + "end", _lit(str(offset + len(text)), datatype="nonNegativeInteger"), g),
            _q(quote, OA + "exact", _lit(text), g),
        ]
        for o in sorted({rnd.randrange(len(orgs)) for _ in range(rnd.randint(1, 2))}):
            lines.append(_q(node, SCHEMA + "mentions", f"<{ID}{orgs[o][0]}>", g))
        offset += len(text) + 2
    return lines
