"""The analyst query mix (issue 8), over the graph of ``bench.graph``, and how answers compare.

Eight queries, each naming an entity the generated graph always holds. ``light`` queries are
those an interactive user sends one after another (the throughput runs use them); the
aggregate over every statement is not light. ``canonical`` turns an answer (SPARQL JSON
results or N-Triples) into a sorted tuple, so servers that order ties differently or escape
differently still compare equal when they say the same thing. Oxigraph answers literals of
the types derived from xsd:integer (the evidence offsets are xsd:nonNegativeInteger) as
xsd:integer where rdflib keeps the type; ``canonical`` counts them as xsd:integer.

>>> sorted(QUERIES) == sorted(q.name for q in MIX)
True
>>> canonical("rdf", b'<http://a> <http://b> "c"@en .\\n')
(('<http://a>', '<http://b>', '"c"@en'),)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox

from bench.graph import ID, RARE

PREFIXES = """PREFIX seckg: <https://w3id.org/seckg/ns#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {"nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
            "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
            "unsignedByte"}
ACCEPT = {"results": "application/sparql-results+json", "rdf": "application/n-triples"}


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    kind: str           # "results" (SELECT) or "rdf" (CONSTRUCT)
    text: str
    light: bool = True


MIX = [
    Query("statements of a person", "results", f"""
SELECT ?s ?date ?text WHERE {{
  ?s seckg:speaker <{ID}person/p7> ; schema:text ?text ; dcterms:date ?date .
}} ORDER BY ?date ?s"""),
    Query("mentions of an organisation in a date range", "results", f"""
SELECT ?s ?date ?speaker WHERE {{
  ?s schema:mentions <{ID}org/o3> ; dcterms:date ?date ; seckg:speaker ?speaker .
  FILTER(?date >= "2023-01-01"^^xsd:date && ?date < "2023-07-01"^^xsd:date)
}} ORDER BY ?date ?s"""),
    Query("statements per organisation per month", "results", """
SELECT ?org ?month (COUNT(?s) AS ?n) WHERE {
  ?s a seckg:Statement ; dcterms:date ?d ; seckg:speakerPost ?post .
  ?post org:postIn ?org .
  BIND(SUBSTR(STR(?d), 1, 7) AS ?month)
} GROUP BY ?org ?month ORDER BY ?org ?month""", light=False),
    Query("officials of an organisation", "results", f"""
SELECT DISTINCT ?person ?name ?body ?role ?from ?to WHERE {{
  ?person a schema:Person ; org:holds ?post .
  ?post org:postIn ?body ; org:role ?r .
  ?body org:subOrganizationOf* <{ID}org/o2> .
  ?r rdfs:label ?role .
  OPTIONAL {{ ?m org:member ?person ; org:organization ?body ; org:memberDuring ?i .
             OPTIONAL {{ ?i seckg:startDate ?from }} OPTIONAL {{ ?i seckg:endDate ?to }} }}
  OPTIONAL {{ ?person rdfs:label ?name FILTER(lang(?name) = "en") }}
}} ORDER BY ?body ?name"""),
    Query("text search", "results", f"""
SELECT ?s ?text WHERE {{
  ?s a seckg:Statement ; schema:text ?text .
  FILTER(CONTAINS(LCASE(STR(?text)), "{RARE}"))
}} ORDER BY ?s"""),
    Query("one article as CONSTRUCT", "rdf", f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ID}article/a7> {{ ?s ?p ?o }} }}"""),
    Query("sub-organisation path", "results", f"""
SELECT ?body (COUNT(?s) AS ?n) WHERE {{
  ?body org:subOrganizationOf+ <{ID}org/o1> .
  ?post org:postIn ?body .
  ?s seckg:speakerPost ?post .
}} GROUP BY ?body ORDER BY ?body"""),
    Query("entity description", "results", f"""
SELECT ?p ?o ?label WHERE {{
  <{ID}org/o3-b1> ?p ?o .
  OPTIONAL {{ ?o rdfs:label ?label FILTER(lang(?label) = "en") }}
}} ORDER BY ?p ?o"""),
]
QUERIES = {q.name: PREFIXES + q.text.strip() for q in MIX}


def canonical(kind: str, body: bytes) -> tuple:
    """A server-independent, sorted form of an answer."""
    if kind == "rdf":
        return tuple(sorted((str(t.subject), str(t.predicate), _integer(str(t.object)))
                            for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))
    doc = json.loads(body)
    if "boolean" in doc:
        return (doc["boolean"],)
    names = doc["head"]["vars"]
    return tuple(sorted(tuple(_term(row.get(v)) for v in names)
                        for row in doc["results"]["bindings"]))


def _term(term: dict | None) -> str:
    if term is None:
        return ""
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return "_:"
    lang = term.get("xml:lang")
    if lang:
        return f"{value!r}@{lang.lower()}"
    datatype = term.get("datatype", XSD + "string")
    if datatype[len(XSD):] in INTEGERS:
        datatype = XSD + "integer"
    return f"{value!r}^^{datatype}"


def _integer(term: str) -> str:
    """``"5"^^<xsd:nonNegativeInteger>`` (any type derived from xsd:integer) as xsd:integer."""
    head, sep, datatype = term.rpartition("^^<" + XSD)
    if sep and datatype.rstrip(">") in INTEGERS:
        return f"{head}^^<{XSD}integer>"
    return term


def rows(kind: str, body: bytes) -> int:
    return len(canonical(kind, body))
