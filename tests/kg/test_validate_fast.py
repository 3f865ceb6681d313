"""The fast validation path gives pySHACL's report, result for result (severity, focus node and
its label, path, message, shape, value): on every broken and conforming graph of
test_validate, on every shape made to fail in each way it can, on the seeds and on generated
articles; it falls back to pySHACL for shapes it does not know; and the SHACL-SPARQL queries,
written for rdflib's evaluation order, answer what their plain form answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, TIME, XSD

from kg.errors import ConfigError
from kg.namespaces import ID, ORG, SECKG, SH
from kg.validate import Report, fast_shapes, format_reports, load_shapes, neighbourhood, validate
from tests.kg.test_validate import (
    ARTICLE,
    CONFORMING,
    CSTO,
    PERSON,
    SHAPES_DIR,
    STATEMENT,
    VIOLATIONS,
    WARNINGS,
    _mutation,
    load_pair,
)

ROOT = Path(__file__).resolve().parents[2]
URN = URIRef("urn:seckg:test:untyped")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(SHAPES_DIR)


def same(data: Graph, shapes: Graph, **kwargs) -> Report | None:
    """The fast report, checked against pySHACL's (or, where pySHACL refuses the graph, the
    same refusal)."""
    try:
        slow = validate(data, shapes=shapes, engine="pyshacl", **kwargs)
    except Exception as exc:  # pySHACL's ReportableRuntimeError, for one
        with pytest.raises(type(exc)):
            validate(data, shapes=shapes, **kwargs)
        return None
    fast = validate(data, shapes=shapes, engine="fast", **kwargs)
    assert fast == slow, "fast path:\n" + format_reports([fast], "text") + \
        "pySHACL:\n" + format_reports([slow], "text")
    return fast


def test_the_project_shapes_take_the_fast_path(shapes):
    compiled = fast_shapes(shapes)
    assert compiled is not None
    sparql = [c for shape in compiled.top for c in shape.sparql]
    assert len(sparql) == 3 and all(c.once for c in sparql)
    assert fast_shapes(shapes) is compiled          # compiled once per shapes graph


# --- the cases of test_validate ----------------------------------------------------------------

@pytest.mark.parametrize("mutate", [pytest.param(_mutation(p), id=p.id)
                                    for p in VIOLATIONS + WARNINGS + CONFORMING])
def test_each_case_gives_pyshacls_report(shapes, mutate):
    article, reference = load_pair()
    mutate(article, reference)
    same(article, shapes, reference=reference, article=str(ARTICLE))
    same(reference, shapes, reference=reference)      # the reference judged as itself


# --- every shape, failing in every way ---------------------------------------------------------

def _whole() -> Graph:
    article, reference = load_pair()
    return article + reference


MUTATIONS = (("none", None), ("plain", Literal("x")), ("iri", URN),
             ("english", Literal("second", lang="en")), ("bnode", BNode("b1")),
             ("integer", Literal(7)))


def _mutations(shapes: Graph) -> list:
    """For each shape with properties, and each way to break them: its focus nodes lose every
    value of every property path, or gain on each a plain literal, an untyped IRI, a second
    English literal, a blank node, an integer."""
    whole = _whole()
    cases = []
    for shape in sorted(set(shapes.subjects(SH.property, None)), key=str):
        if not isinstance(shape, URIRef):
            continue
        paths = tuple(sorted({shapes.value(prop, SH.path)
                              for prop in shapes.objects(shape, SH.property)}, key=str))
        classes = sorted(shapes.objects(shape, SH.targetClass), key=str)
        focus = sorted({s for c in classes for s in whole.subjects(RDF.type, c)}, key=str)[:2]
        new = not focus
        if new:
            focus = [ID[f"test/{shape.split('#')[-1]}"]]
        for name, value in MUTATIONS:
            cases.append(pytest.param(classes[0] if new else None, paths, tuple(focus), value,
                                      id=f"{shape.split('#')[-1]}-{name}"))
    return cases


def _broken(typed, paths, focus, value) -> Graph:
    graph = _whole()
    for node in focus:
        if typed is not None:
            graph.add((node, RDF.type, typed))
        for path in paths:
            if value is None:
                graph.remove((node, path, None))
            else:
                graph.add((node, path, value))
    return graph


@pytest.mark.parametrize(("typed", "paths", "focus", "value"), _mutations(load_shapes(SHAPES_DIR)))
def test_every_shape_fails_as_pyshacl_says(shapes, typed, paths, focus, value):
    same(_broken(typed, paths, focus, value), shapes)


def test_the_mutations_make_every_shape_speak(shapes):
    """Each shape with a message is among the results of some graph compared above."""
    seen = set()
    for case in _mutations(shapes):
        try:
            seen |= {r.shape for r in validate(_broken(*case.values), shapes=shapes).results}
        except Exception:  # noqa: S112 - a graph pySHACL refuses (compared above)
            continue
    for param in VIOLATIONS + WARNINGS:
        seen.add(param.values[0].shape)
    speaking = {s for s in shapes.subjects(SH.message, None) if isinstance(s, URIRef)}
    speaking |= {s for s in shapes.subjects(SH.sparql, None) if isinstance(s, URIRef)}
    missing = sorted(str(s).split("#")[-1] for s in speaking
                     if f"shapes:{str(s).split('#')[-1]}" not in seen)
    assert not missing, f"no compared graph makes these shapes report anything: {missing}"


# --- tenures, SPARQL and what pyoxigraph cannot hold -------------------------------------------

def _second_tenure(reference: Graph, start: str, end: str) -> None:
    membership, interval = ID["membership/test-official/second"], ID["interval/test-second"]
    for triple in [(membership, RDF.type, ORG.Membership), (membership, ORG.member, PERSON),
                   (membership, ORG.organization, CSTO),
                   (membership, ORG.role, ID["role/secretary-general"]),
                   (membership, ORG.memberDuring, interval), (interval, RDF.type, TIME.Interval),
                   (interval, SECKG.startDate, Literal(start, datatype=XSD.date)),
                   (interval, SECKG.endDate, Literal(end, datatype=XSD.date))]:
        reference.add(triple)


def test_a_date_outside_two_tenures_lists_both(shapes):
    article, reference = load_pair()
    _second_tenure(reference, "2026-01-01", "2026-02-01")
    article.set((STATEMENT, DCTERMS.date, Literal("2026-03-01", datatype=XSD.date)))
    (result,) = same(article, shapes, reference=reference).violations
    assert "2023-01-01..2025-12-31" in result.message and "2026-01-01..2026-02-01" in result.message


def test_an_iri_pyoxigraph_refuses_still_gives_pyshacls_report(shapes):
    article, reference = load_pair()
    article.add((ARTICLE, URIRef("https://schema.org/url"), URIRef("https://example.org/a b")))
    article.set((STATEMENT, DCTERMS.date, Literal("2026-03-01", datatype=XSD.date)))
    report = same(article, shapes, reference=reference, article=str(ARTICLE))
    assert [r.shape for r in report.violations] == ["shapes:StatementTenureShape"]


def test_many_statements_out_of_office(shapes):
    """Every statement of a long article is checked by rdflib only where pyoxigraph finds a
    row; the report is still pySHACL's."""
    article, reference = load_pair()
    for n in range(30):
        copy = ID[f"statement/test0001-copy-{n}"]
        for _s, p, o in list(article.triples((STATEMENT, None, None))):
            article.add((copy, p, o))
        day = f"20{26 if n % 2 else 24}-03-{n % 28 + 1:02d}"
        article.set((copy, DCTERMS.date, Literal(day, datatype=XSD.date)))
    report = same(article, shapes, reference=reference, article=str(ARTICLE))
    assert len(report.violations) == 15


# --- articles ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def toolkit():
    from kg.build import Toolkit
    from kg.config import Settings

    return Toolkit.load(Settings(), with_shapes=False)


def _article_graph(path: Path, toolkit) -> Graph:
    from kg.articles import read_article
    from kg.extract.pipeline import extract
    from kg.to_rdf import article_graph

    article = read_article(path)
    return article_graph(article, extract(article, toolkit.ruleset), toolkit.ruleset.gazetteer)


@pytest.mark.parametrize("path", sorted((ROOT / "seeds").glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_articles(shapes, toolkit, path):
    same(_article_graph(path, toolkit), shapes, reference=toolkit.ruleset.reference)


def test_generated_articles(shapes, toolkit, tmp_path):
    from bench.corpus import generate

    for path in generate(9, tmp_path, seed=7):
        same(_article_graph(path, toolkit), shapes, reference=toolkit.ruleset.reference)


# --- shapes the fast path does not know --------------------------------------------------------

EXTRA = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/seckg/shapes#Extra> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
    sh:property [ sh:path schema:inLanguage ; sh:pattern "^e" ; sh:message "English only" ] .
"""


def test_unknown_constraints_go_to_pyshacl(shapes):
    extended = Graph()
    for triple in shapes:
        extended.add(triple)
    extended.parse(data=EXTRA, format="turtle")
    assert fast_shapes(extended) is None
    article, reference = load_pair()
    article.set((ARTICLE, URIRef("https://schema.org/inLanguage"), Literal("ru")))
    auto = validate(article, shapes=extended, reference=reference)
    assert auto == validate(article, shapes=extended, reference=reference, engine="pyshacl")
    assert "English only" in {r.message for r in auto.results}
    with pytest.raises(ConfigError, match="fast"):
        validate(article, shapes=extended, reference=reference, engine="fast")


UNBOUND = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix seckg: <https://w3id.org/seckg/ns#> .
<https://w3id.org/seckg/shapes#Optional> a sh:NodeShape ; sh:targetClass seckg:Statement ;
    sh:severity sh:Warning ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "no event for {$this}" ;
        sh:select \"\"\"SELECT $this WHERE { ?s a seckg:Statement .
            OPTIONAL { $this seckg:atEvent ?e } FILTER (!BOUND(?e)) }\"\"\" ] .
"""


def test_a_query_that_needs_this_bound_first_runs_per_focus_node(shapes):
    extended = Graph()
    for triple in shapes:
        extended.add(triple)
    extended.parse(data=UNBOUND.replace("seckg:Statement .", "<https://w3id.org/seckg/ns#Statement> .")
                   .replace("seckg:atEvent", "<https://w3id.org/seckg/ns#atEvent>"), format="turtle")
    compiled = fast_shapes(extended)
    assert compiled is not None
    assert [c.once for s in compiled.top for c in s.sparql].count(False) == 1
    article, reference = load_pair()
    article.remove((STATEMENT, SECKG.atEvent, None))
    report = same(article, extended, reference=reference, article=str(ARTICLE))
    assert any(r.shape == "shapes:Optional" for r in report.warnings)


# --- the SPARQL as written for rdflib answers as its plain form --------------------------------

PLAIN_SLICE = """
    PREFIX oa: <http://www.w3.org/ns/oa#>
    PREFIX schema: <https://schema.org/>
    PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT $this ?path ?value ?start ?end ?slice ?exact WHERE {
        $this oa:hasSource ?article ; oa:hasSelector ?pos, ?quote .
        ?pos a oa:TextPositionSelector ; oa:start ?s ; oa:end ?e .
        ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
        ?article schema:text ?text .
        BIND (xsd:integer(?s) AS ?start)
        BIND (xsd:integer(?e) AS ?end)
        FILTER (BOUND(?start) && BOUND(?end) && ?start >= 0 && ?start <= ?end)
        BIND (SUBSTR(STR(?text), ?start + 1, ?end - ?start) AS ?slice)
        FILTER (?slice != STR(?exact))
        BIND (oa:hasSelector AS ?path)
        BIND (?exact AS ?value)
    }
"""
PLAIN_TENURE = """
    PREFIX seckg: <https://w3id.org/seckg/ns#>
    PREFIX org: <http://www.w3.org/ns/org#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT $this ?path ?value ?date ?personLabel ?postLabel
           (GROUP_CONCAT(DISTINCT ?tenure; SEPARATOR=", ") AS ?tenures)
    WHERE {
        $this seckg:speakerPost ?post ; dcterms:date ?date ; seckg:speaker ?person .
        ?post org:postIn ?org ; org:role ?role .
        ?m a org:Membership ; org:member ?person ; org:organization ?org ; org:role ?role .
        FILTER NOT EXISTS {
            ?covering a org:Membership ; org:member ?person ;
                org:organization ?org ; org:role ?role .
            FILTER NOT EXISTS {
                ?covering org:memberDuring/seckg:startDate ?from . FILTER (?from > ?date)
            }
            FILTER NOT EXISTS {
                ?covering org:memberDuring/seckg:endDate ?to . FILTER (?to < ?date)
            }
        }
        OPTIONAL { ?m org:memberDuring/seckg:startDate ?mFrom }
        OPTIONAL { ?m org:memberDuring/seckg:endDate ?mTo }
        BIND (CONCAT(COALESCE(STR(?mFrom), "?"), "..", COALESCE(STR(?mTo), "")) AS ?tenure)
        OPTIONAL { ?person rdfs:label ?pl . FILTER (LANGMATCHES(LANG(?pl), "en")) }
        OPTIONAL { ?post rdfs:label ?tl . FILTER (LANGMATCHES(LANG(?tl), "en")) }
        BIND (COALESCE(STR(?pl), STR(?person)) AS ?personLabel)
        BIND (COALESCE(STR(?tl), STR(?post)) AS ?postLabel)
        BIND (seckg:speakerPost AS ?path)
        BIND (?post AS ?value)
    }
    GROUP BY $this ?path ?value ?date ?personLabel ?postLabel
"""


def _plain(shapes: Graph) -> Graph:
    plain = Graph()
    for s, p, o in shapes:
        if p == SH.select and "TextPositionSelector" in o:
            o = Literal(PLAIN_SLICE)
        elif p == SH.select and "org:Membership" in o:
            o = Literal(PLAIN_TENURE)
        plain.add((s, p, o))
    return plain


def _both_tenures(article: Graph, reference: Graph) -> None:
    _second_tenure(reference, "2026-01-01", "2026-02-01")
    article.set((STATEMENT, DCTERMS.date, Literal("2026-03-01", datatype=XSD.date)))


@pytest.mark.parametrize("mutate", [pytest.param(_mutation(p), id=p.id)
                                    for p in VIOLATIONS + CONFORMING
                                    if "tenure" in p.id or "slice" in p.id or "exact" in p.id
                                    or "offsets" in p.id or "selector" in p.id]
                         + [pytest.param(_both_tenures, id="outside-two-tenures")])
def test_the_queries_answer_as_their_plain_form(shapes, mutate):
    article, reference = load_pair()
    mutate(article, reference)
    written = validate(article, shapes=shapes, reference=reference, engine="fast")
    plain = validate(article, shapes=_plain(shapes), reference=reference, engine="pyshacl")
    assert written == plain, format_reports([written, plain], "text")


# --- the reference graph, indexed once ---------------------------------------------------------

def test_neighbourhood_is_stable_and_follows_a_growing_reference():
    article, reference = load_pair()
    first = neighbourhood(article, reference)
    assert first == sorted(first, key=lambda t: tuple((type(x).__name__, x.n3()) for x in t))
    assert neighbourhood(article, reference) == first
    extra = (CSTO, RDFS.comment, Literal("added later"))
    reference.add(extra)
    assert extra in neighbourhood(article, reference)
