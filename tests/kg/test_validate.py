"""The SHACL gate: a valid dataset conforms; each broken copy of it fails where it should.

tests/data/shacl/valid.trig holds a reference graph and one article graph that conform; every
case below breaks one thing (in the article graph, or in the reference graph it links to) and
names the shape, severity and path that must catch it.
"""

from __future__ import annotations

import json
import threading
import time
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, TIME, XSD

from kg.errors import ConfigError, RuleError
from kg.namespaces import ID, OA, ORG, REFERENCE_GRAPH, SCHEMA, SECKG
from kg.validate import Report, Result, format_reports, load_shapes, validate

ROOT = Path(__file__).resolve().parents[2]
SHAPES_DIR = ROOT / "shapes"
DATA = ROOT / "tests" / "data" / "shacl"

ARTICLE = ID["article/test0001"]
STATEMENT = ID["statement/test0001-1"]
EVIDENCE = ID["statement/test0001-1/evidence"]
POSITION = ID["statement/test0001-1/evidence/position"]
QUOTE = ID["statement/test0001-1/evidence/quote"]
EVENT = ID["event/test0001-1"]
PERSON = ID["person/test-official"]
POST = ID["post/csto/secretary-general"]
CSTO = ID["org/csto"]
INTERVAL = ID["interval/test-official/csto/secretary-general"]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(SHAPES_DIR)


def read_dataset(path: Path) -> Dataset:
    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib 7.6 deprecates a name its own TriG parser uses
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=path.read_text(encoding="utf-8"), format="trig")
    return dataset


def load_pair(path: Path = DATA / "valid.trig") -> tuple[Graph, Graph]:
    """(article graph, reference graph) from a TriG file, as fresh plain graphs."""
    dataset = read_dataset(path)
    article, reference = Graph(), Graph()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        (reference if g == REFERENCE_GRAPH else article).add((s, p, o))
    return article, reference


def nn(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


def date(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


# --- how to break the valid dataset ----------------------------------------------------------

Mutation = Callable[[Graph, Graph], None]


def drop(subject, predicate, *, ref: bool = False) -> Mutation:
    def mutate(article: Graph, reference: Graph) -> None:
        graph = reference if ref else article
        assert (subject, predicate, None) in graph, "the mutation must remove something"
        graph.remove((subject, predicate, None))
    return mutate


def put(subject, predicate, value, *, ref: bool = False) -> Mutation:
    """Replace every value of (subject, predicate) with ``value``."""
    def mutate(article: Graph, reference: Graph) -> None:
        (reference if ref else article).set((subject, predicate, value))
    return mutate


def add(*triples, ref: bool = False) -> Mutation:
    def mutate(article: Graph, reference: Graph) -> None:
        for triple in triples:
            (reference if ref else article).add(triple)
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(article: Graph, reference: Graph) -> None:
        for m in mutations:
            m(article, reference)
    return mutate


def drop_label(node, lang: str, *, ref: bool = True) -> Mutation:
    def mutate(article: Graph, reference: Graph) -> None:
        graph = reference if ref else article
        for label in list(graph.objects(node, RDFS.label)):
            if label.language == lang:
                graph.remove((node, RDFS.label, label))
    return mutate


def copy_to_article(node) -> Mutation:
    """Move a reference entity's description into the article graph (minted by the article)."""
    def mutate(article: Graph, reference: Graph) -> None:
        for triple in list(reference.triples((node, None, None))):
            reference.remove(triple)
            article.add(triple)
    return mutate


SECOND_PERSON = ID["person/second-official"]
FM_ROLE = ID["role/foreign-minister"]
FM_POST = ID["post/russia/foreign-minister"]
MINTED_POST = ID["post/csto/deputy"]
LOCAL_TOPIC = ID["topic/local"]


@dataclass(frozen=True)
class Broken:
    mutate: Mutation
    shape: str
    path: str
    severity: str = "Violation"


VIOLATIONS = [
    pytest.param(Broken(drop(STATEMENT, SECKG.speaker), "shapes:Statement-speaker", "seckg:speaker"),
                 id="statement-without-speaker"),
    pytest.param(Broken(add((STATEMENT, SECKG.speaker, SECOND_PERSON),
                            (SECOND_PERSON, RDF.type, SCHEMA.Person),
                            (SECOND_PERSON, RDFS.label, Literal("Second Official", lang="en"))),
                        "shapes:Statement-speaker", "seckg:speaker"),
                 id="statement-with-two-speakers"),
    pytest.param(Broken(put(STATEMENT, SECKG.speaker, Literal("Test Official")),
                        "shapes:Statement-speaker", "seckg:speaker"),
                 id="speaker-is-a-literal"),
    pytest.param(Broken(put(STATEMENT, SECKG.mode, SECKG.Paraphrase), "shapes:Statement-mode",
                        "seckg:mode"), id="statement-with-bad-mode"),
    pytest.param(Broken(drop(STATEMENT, SECKG.mode), "shapes:Statement-mode", "seckg:mode"),
                 id="statement-without-mode"),
    pytest.param(Broken(drop(STATEMENT, SCHEMA.text), "shapes:Statement-text", "schema:text"),
                 id="statement-without-text"),
    pytest.param(Broken(drop(STATEMENT, PROV.wasDerivedFrom), "shapes:Statement-derivedFrom",
                        "prov:wasDerivedFrom"), id="statement-without-source-article"),
    pytest.param(Broken(drop(STATEMENT, SECKG.evidence), "shapes:Statement-evidence",
                        "seckg:evidence"), id="statement-without-evidence"),
    pytest.param(Broken(put(STATEMENT, DCTERMS.date, Literal("4 March 2025")),
                        "shapes:Statement-date", "dcterms:date"), id="statement-date-not-xsd-date"),
    pytest.param(Broken(put(STATEMENT, SECKG.atEvent, ID["event/nowhere"]),
                        "shapes:Statement-atEvent", "seckg:atEvent"), id="statement-at-untyped-event"),
    pytest.param(Broken(drop(EVIDENCE, OA.hasSource), "shapes:Evidence-source", "oa:hasSource"),
                 id="evidence-without-source"),
    pytest.param(Broken(drop(QUOTE, RDF.type), "shapes:Evidence-quoteSelector", "oa:hasSelector"),
                 id="evidence-without-quote-selector"),
    pytest.param(Broken(drop(POSITION, RDF.type), "shapes:Evidence-positionSelector",
                        "oa:hasSelector"), id="evidence-without-position-selector"),
    pytest.param(Broken(put(POSITION, OA.start, Literal(34)), "shapes:TextPositionSelector-start",
                        "oa:start"), id="start-typed-xsd-integer"),
    pytest.param(Broken(put(POSITION, OA.end, Literal(58)), "shapes:TextPositionSelector-end",
                        "oa:end"), id="end-typed-xsd-integer"),
    pytest.param(Broken(both(put(POSITION, OA.start, nn(58)), put(POSITION, OA.end, nn(34))),
                        "shapes:TextPositionSelector-order", "oa:start"), id="start-after-end"),
    pytest.param(Broken(both(put(POSITION, OA.start, nn(33)), put(POSITION, OA.end, nn(57))),
                        "shapes:EvidenceSliceShape", "oa:hasSelector"),
                 id="offsets-do-not-slice-to-exact"),
    pytest.param(Broken(both(put(POSITION, OA.start, nn(35)), put(POSITION, OA.end, nn(59))),
                        "shapes:EvidenceSliceShape", "oa:hasSelector"),
                 id="offsets-counted-in-utf16-units"),
    pytest.param(Broken(put(QUOTE, OA.exact, Literal("Security is divisible,")),
                        "shapes:EvidenceSliceShape", "oa:hasSelector"), id="exact-not-in-text"),
    pytest.param(Broken(drop(ARTICLE, SCHEMA.inLanguage), "shapes:Article-language",
                        "schema:inLanguage"), id="article-without-language"),
    pytest.param(Broken(put(ARTICLE, SCHEMA.inLanguage, Literal("fr")), "shapes:Article-language",
                        "schema:inLanguage"), id="article-in-french"),
    pytest.param(Broken(drop(ARTICLE, SCHEMA.text), "shapes:Article-text", "schema:text"),
                 id="article-without-text"),
    pytest.param(Broken(put(ARTICLE, SCHEMA.datePublished, Literal("2025-03-04")),
                        "shapes:Article-datePublished", "schema:datePublished"),
                 id="datePublished-a-string"),
    pytest.param(Broken(put(STATEMENT, DCTERMS.date, date("2026-03-01")),
                        "shapes:StatementTenureShape", "seckg:speakerPost"),
                 id="date-after-tenure"),
    pytest.param(Broken(put(STATEMENT, DCTERMS.date, date("2022-12-31")),
                        "shapes:StatementTenureShape", "seckg:speakerPost"),
                 id="date-before-tenure"),
    pytest.param(Broken(drop(EVENT, RDFS.label), "shapes:Event-label", "rdfs:label"),
                 id="event-without-label"),
    pytest.param(Broken(put(EVENT, SCHEMA.startDate, Literal("2025-03")), "shapes:Event-startDate",
                        "schema:startDate"), id="event-date-not-xsd-date"),
    pytest.param(Broken(put(EVENT, SCHEMA.location, CSTO), "shapes:Event-location",
                        "schema:location"), id="event-located-at-an-organisation"),
    pytest.param(Broken(add((SECOND_PERSON, RDF.type, SCHEMA.Person),
                            (ARTICLE, SCHEMA.mentions, SECOND_PERSON)),
                        "shapes:Person-label", "rdfs:label"), id="minted-person-without-label"),
    pytest.param(Broken(add((MINTED_POST, RDF.type, ORG.Post), (MINTED_POST, ORG.postIn, CSTO),
                            (MINTED_POST, RDFS.label, Literal("Deputy", lang="en"))),
                        "shapes:Post-role", "org:role"), id="post-without-role"),
    pytest.param(Broken(add((MINTED_POST, RDF.type, ORG.Post),
                            (MINTED_POST, ORG.role, ID["role/secretary-general"]),
                            (MINTED_POST, RDFS.label, Literal("Deputy", lang="en"))),
                        "shapes:Post-postIn", "org:postIn"), id="post-without-postIn"),
    pytest.param(Broken(add((LOCAL_TOPIC, RDF.type, SKOS.Concept),
                            (LOCAL_TOPIC, SKOS.prefLabel, Literal("local", lang="en"))),
                        "shapes:Topic-inScheme", "skos:inScheme"), id="topic-without-scheme"),
    pytest.param(Broken(both(copy_to_article(CSTO), drop_label(CSTO, "en", ref=False)),
                        "shapes:Organisation-labelEn", "rdfs:label"),
                 id="organisation-without-english-label"),
]


WARNINGS = [
    pytest.param(Broken(drop(STATEMENT, DCTERMS.date), "shapes:Statement-dateMissing",
                        "dcterms:date", "Warning"), id="statement-without-date"),
    pytest.param(Broken(drop(STATEMENT, SECKG.reportingVerb), "shapes:Statement-reportingVerb",
                        "seckg:reportingVerb", "Warning"), id="statement-without-reporting-verb"),
    pytest.param(Broken(drop(EVENT, SCHEMA.location), "shapes:Event-locationMissing",
                        "schema:location", "Warning"), id="event-without-place"),
    pytest.param(Broken(drop(EVENT, SCHEMA.startDate), "shapes:Event-startDateMissing",
                        "schema:startDate", "Warning"), id="event-without-date"),
    pytest.param(Broken(drop(ARTICLE, SCHEMA.datePublished), "shapes:Article-datePublishedMissing",
                        "schema:datePublished", "Warning"), id="article-without-datePublished"),
    pytest.param(Broken(both(copy_to_article(CSTO), drop_label(CSTO, "ar", ref=False)),
                        "shapes:Organisation-labelAr", "rdfs:label", "Warning"),
                 id="organisation-without-arabic-label"),
    pytest.param(Broken(both(copy_to_article(CSTO), drop_label(CSTO, "ru", ref=False)),
                        "shapes:Organisation-labelRu", "rdfs:label", "Warning"),
                 id="organisation-without-russian-label"),
    pytest.param(Broken(put(STATEMENT, SCHEMA.text, Literal("Security is indivisible,")),
                        "shapes:Statement-textLanguage", "schema:text", "Warning"),
                 id="statement-text-without-language-tag"),
    pytest.param(Broken(put(STATEMENT, SCHEMA.text, Literal("Security is indivisible,", lang="ar")),
                        "shapes:StatementLanguageShape", "schema:text", "Warning"),
                 id="statement-text-tagged-with-another-language"),
]


CONFORMING = [
    pytest.param(lambda a, r: None, id="valid-as-written"),
    pytest.param(put(STATEMENT, DCTERMS.date, date("2025-12-31")), id="date-on-last-day-of-tenure"),
    pytest.param(put(STATEMENT, DCTERMS.date, date("2023-01-01")), id="date-on-first-day-of-tenure"),
    pytest.param(both(put(STATEMENT, DCTERMS.date, date("2026-03-01")),
                      drop(INTERVAL, SECKG.endDate, ref=True)), id="date-in-open-ended-tenure"),
    pytest.param(both(put(STATEMENT, DCTERMS.date, date("2026-03-01")),
                      put(STATEMENT, SECKG.speakerPost, FM_POST),
                      add((FM_ROLE, RDF.type, ORG.Role),
                          (FM_ROLE, RDFS.label, Literal("Foreign Minister", lang="en")),
                          (FM_POST, RDF.type, ORG.Post), (FM_POST, ORG.postIn, ID["state/russia"]),
                          (FM_POST, ORG.role, FM_ROLE), ref=True)),
                 id="no-membership-for-that-post-says-nothing"),
    pytest.param(both(put(STATEMENT, DCTERMS.date, date("2026-03-01")),
                      add((ID["membership/test-official/csto/secretary-general/2"], RDF.type,
                           ORG.Membership),
                          (ID["membership/test-official/csto/secretary-general/2"], ORG.member,
                           PERSON),
                          (ID["membership/test-official/csto/secretary-general/2"],
                           ORG.organization, CSTO),
                          (ID["membership/test-official/csto/secretary-general/2"], ORG.role,
                           ID["role/secretary-general"]),
                          (ID["membership/test-official/csto/secretary-general/2"],
                           ORG.memberDuring, ID["interval/second-term"]),
                          (ID["interval/second-term"], RDF.type, TIME.Interval),
                          (ID["interval/second-term"], SECKG.startDate, date("2026-01-01")),
                          ref=True)),
                 id="date-in-second-tenure"),
    pytest.param(both(put(STATEMENT, DCTERMS.date, date("2026-03-01")),
                      drop(ID["membership/test-official/csto/secretary-general"], ORG.memberDuring,
                           ref=True)),
                 id="membership-without-interval-is-unknown"),
    pytest.param(drop_label(CSTO, "en"), id="reference-problem-not-blamed-on-article"),
    pytest.param(put(EVENT, SCHEMA.location, ID["state/russia"]),
                 id="event-in-a-state-a-country-is-a-place"),
]


def check(shapes: Graph, mutate: Mutation) -> Report:
    article, reference = load_pair()
    mutate(article, reference)
    return validate(article, shapes=shapes, reference=reference, article=str(ARTICLE))


def describe(report: Report) -> str:
    return format_reports([report], "text")


@pytest.mark.parametrize("case", VIOLATIONS)
def test_broken_graph_is_a_violation(shapes, case: Broken):
    report = check(shapes, case.mutate)
    assert not report.conforms
    hits = [r for r in report.results if (r.shape, r.path, r.severity) ==
            (case.shape, case.path, case.severity)]
    assert hits, describe(report)


@pytest.mark.parametrize("case", WARNINGS)
def test_incomplete_graph_is_only_a_warning(shapes, case: Broken):
    report = check(shapes, case.mutate)
    assert report.conforms, describe(report)
    assert [(r.shape, r.path) for r in report.warnings] == [(case.shape, case.path)], \
        describe(report)


@pytest.mark.parametrize("mutate", CONFORMING)
def test_conforming_graph(shapes, mutate: Mutation):
    report = check(shapes, mutate)
    assert report.conforms and not report.results, describe(report)


def _mutation(param) -> Mutation:
    value = param.values[0]
    return value.mutate if isinstance(value, Broken) else value


@pytest.mark.parametrize("mutate", [pytest.param(_mutation(p), id=p.id)
                                    for p in VIOLATIONS + WARNINGS + CONFORMING])
def test_linked_reference_gives_the_same_answer_as_all_of_it(shapes, mutate: Mutation):
    article, reference = load_pair()
    mutate(article, reference)
    reference = reference + synthetic_reference(20)
    fast = validate(article, shapes=shapes, reference=reference)
    full = validate(article, shapes=shapes, reference=reference, full_reference=True)
    assert fast == full, describe(fast) + describe(full)


def test_tenure_violation_names_person_post_and_date(shapes):
    report = check(shapes, put(STATEMENT, DCTERMS.date, date("2026-03-01")))
    (result,) = report.violations
    assert result.focus == str(STATEMENT)
    assert result.focus_label == "“Security is indivisible,”"
    for words in ("Test Official", "Secretary-General of the CSTO", "2026-03-01",
                  "2023-01-01..2025-12-31"):
        assert words in result.message


def test_tenure_check_judges_each_statement_on_its_own(shapes):
    late = ID["statement/test0001-2"]

    def second_statement(article: Graph, reference: Graph) -> None:
        for _s, p, o in list(article.triples((STATEMENT, None, None))):
            article.add((late, p, o))
        article.set((late, DCTERMS.date, date("2026-03-01")))

    report = check(shapes, second_statement)
    assert [(r.shape, r.focus) for r in report.violations] == [
        ("shapes:StatementTenureShape", str(late))], describe(report)


def test_slice_violation_shows_what_the_offsets_cut(shapes):
    report = check(shapes, both(put(POSITION, OA.start, nn(33)), put(POSITION, OA.end, nn(57))))
    (result,) = report.violations
    assert "“Security is indivisible" in result.message
    assert result.value == '"Security is indivisible,"'


def test_integer_offsets_report_the_value_with_its_datatype(shapes):
    report = check(shapes, put(POSITION, OA.start, Literal(34)))
    (result,) = report.violations
    assert result.value == '"34"^^xsd:integer'
    assert "xsd:nonNegativeInteger" in result.message


def test_reference_graph_validated_as_itself_reports_its_problems(shapes):
    _article, reference = load_pair()
    drop_label(CSTO, "en")(_article, reference)
    report = validate(reference, shapes=shapes, reference=reference)
    assert [(r.shape, r.focus) for r in report.violations] == [
        ("shapes:Organisation-labelEn", str(CSTO))]
    assert report.violations[0].focus_label == "منظمة معاهدة الأمن الجماعي"


def test_reference_alone_without_reference_argument(shapes):
    _article, reference = load_pair()
    assert validate(reference, shapes=shapes).conforms


def test_empty_graph_conforms(shapes):
    report = validate(Graph(), shapes=shapes, reference=load_pair()[1], article="empty")
    assert report == Report(article="empty", results=())


def test_a_dataset_counts_every_named_graph(shapes):
    dataset = read_dataset(DATA / "valid.trig")
    article, reference = load_pair()
    assert validate(dataset, shapes=shapes).conforms
    article.remove((STATEMENT, SECKG.speaker, None))
    broken = Dataset()
    for triple in article:
        broken.graph(ARTICLE).add(triple)
    for triple in reference:
        broken.graph(REFERENCE_GRAPH).add(triple)
    assert not validate(broken, shapes=shapes).conforms


# --- repeatability ---------------------------------------------------------------------------

def test_two_validations_in_a_row_give_the_same_report(shapes):
    before = len(shapes)
    mutate = both(drop(STATEMENT, SECKG.speaker), put(STATEMENT, DCTERMS.date, date("2026-03-01")),
                  drop(EVENT, SCHEMA.location))
    first, second = check(shapes, mutate), check(shapes, mutate)
    assert first == second
    assert first.violations and first.warnings
    assert len(shapes) == before


def test_validate_does_not_change_its_inputs(shapes):
    article, reference = load_pair()
    sizes = len(article), len(reference), len(shapes)
    validate(article, shapes=shapes, reference=reference)
    assert (len(article), len(reference), len(shapes)) == sizes


def test_concurrent_validations_agree(shapes):
    expected = check(shapes, drop(STATEMENT, SECKG.mode))
    inputs = []
    for _ in range(4):  # parse in this thread: warnings.catch_warnings is not thread-safe
        article, reference = load_pair()
        drop(STATEMENT, SECKG.mode)(article, reference)
        inputs.append((article, reference))
    got: list[Report] = []

    def work(article: Graph, reference: Graph) -> None:
        got.append(validate(article, shapes=shapes, reference=reference, article=str(ARTICLE)))

    threads = [threading.Thread(target=work, args=pair) for pair in inputs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [expected] * 4


# --- loading shapes --------------------------------------------------------------------------

MODEL_CLASSES = {
    "article.ttl": [SCHEMA.NewsArticle], "organisation.ttl": [ORG.Organization],
    "state.ttl": [SCHEMA.Country], "person.ttl": [SCHEMA.Person],
    "post.ttl": [ORG.Post, ORG.Role, ORG.Membership], "statement.ttl": [SECKG.Statement,
                                                                      OA.SpecificResource],
    "event.ttl": [SCHEMA.Event], "topic.ttl": [SKOS.Concept], "temporal.ttl": [SECKG.Statement],
}


@pytest.mark.parametrize(("name", "classes"), MODEL_CLASSES.items(), ids=list(MODEL_CLASSES))
def test_each_model_class_has_its_shapes_file(name: str, classes: list[URIRef]):
    from kg.namespaces import SH

    graph = Graph().parse(SHAPES_DIR / name, format="turtle")
    for cls in classes:
        assert (None, SH.targetClass, cls) in graph, f"{name} does not target {cls}"


def test_every_shape_has_a_name_and_every_constraint_a_message(shapes):
    from kg.namespaces import SH

    for shape in set(shapes.subjects(SH.path, None)) | set(shapes.subjects(RDF.type, SH.NodeShape)):
        if not isinstance(shape, URIRef):
            continue  # qualified value shapes inside a property shape
        assert shapes.value(shape, SH.name) is not None, shape
        has_message = (shape, SH.message, None) in shapes or any(
            (c, SH.message, None) in shapes for c in shapes.objects(shape, SH.sparql))
        assert has_message or (shape, SH.property, None) in shapes, shape


@pytest.mark.parametrize(("content", "problem"), [
    pytest.param("<https://w3id.org/seckg/shapes#X> a id:org/cis .", "not valid Turtle",
                 id="slash-in-prefixed-name"),
    pytest.param("<https://w3id.org/seckg/shapes#X> <http://www.w3.org/2002/07/owl#imports> "
                 "<https://example.org/remote.ttl> .", "import", id="owl-imports"),
    pytest.param("<https://w3id.org/seckg/shapes#X> a <http://www.w3.org/ns/shacl#NodeShape> ; "
                 "<http://www.w3.org/ns/shacl#targetClass> <https://schema.org/Thing> ; "
                 "<http://www.w3.org/ns/shacl#sparql> [ <http://www.w3.org/ns/shacl#select> "
                 "\"SELECT $this WHERE { $this ?p ?o \" ] .", "cannot use", id="broken-sparql"),
    pytest.param("<https://w3id.org/seckg/shapes#X> a <http://www.w3.org/ns/shacl#NodeShape> ; "
                 "<http://www.w3.org/ns/shacl#targetClass> <https://schema.org/Thing> ; "
                 "<http://www.w3.org/ns/shacl#property> [ <http://www.w3.org/ns/shacl#path> "
                 "<https://schema.org/x> ; <http://www.w3.org/ns/shacl#minCount> \"many\" ] .",
                 "minCount", id="min-count-not-a-number"),
])
def test_bad_shapes_file_is_named(tmp_path: Path, content: str, problem: str):
    for path in SHAPES_DIR.glob("*.ttl"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "zz-broken.ttl").write_text("@prefix id: <https://w3id.org/seckg/id/> .\n" + content,
                                            encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_shapes(tmp_path)
    assert "zz-broken.ttl" in str(err.value) and problem in str(err.value)


def test_no_shapes_is_an_error(tmp_path: Path):
    with pytest.raises(RuleError, match="no SHACL shapes"):
        load_shapes(tmp_path)


# --- report formats --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reports(shapes) -> list[Report]:
    return [
        check(shapes, lambda a, r: None),
        check(shapes, both(drop(STATEMENT, SECKG.speaker), drop(STATEMENT, DCTERMS.date))),
        check(shapes, drop(EVENT, SCHEMA.location)),
    ]


def test_text_report_is_readable(reports):
    text = format_reports(reports, "text")
    assert "“Security is indivisible,”" in text          # the node's label
    assert "seckg:speaker" in text                       # the path
    assert "exactly one speaker" in text                 # the message
    assert "shapes:Statement-speaker" in text            # grouped by shape
    assert text.rstrip().splitlines()[-1] == "3 articles, 1 violation, 2 warnings"


def test_json_report_has_a_stable_structure(reports):
    doc = json.loads(format_reports(reports, "json"))
    assert doc["conforms"] is False
    assert doc["counts"] == {"articles": 3, "violations": 1, "warnings": 2, "infos": 0}
    assert [a["conforms"] for a in doc["articles"]] == [True, False, True]
    result = doc["articles"][1]["results"][0]
    assert set(result) == {"severity", "shape", "focus", "focus_label", "path", "message", "value"}
    assert format_reports(reports, "json") == format_reports(reports, "json")


def test_junit_report_parses_with_a_failure_per_violating_article(reports):
    root = ET.fromstring(format_reports(reports, "junit"))
    (suite,) = root.iter("testsuite")
    assert suite.get("name") == "seckg-shacl"
    cases = suite.findall("testcase")
    assert len(cases) == 3 and suite.get("tests") == "3" and suite.get("failures") == "1"
    assert [len(c.findall("failure")) for c in cases] == [0, 1, 0]
    assert "seckg:speaker" in cases[1].find("failure").text
    assert "schema:location" in cases[2].find("system-out").text


def test_input_error_report_formats(reports):
    error = Report(article="bad.txt", results=(Result(
        severity="Violation", focus="bad.txt", focus_label="bad.txt", path="-",
        message="bad.txt: empty article", shape="seckg:InputError", value=None),))
    for fmt in ("text", "json", "junit"):
        assert "empty article" in format_reports([error], fmt)


def test_unknown_format_is_a_config_error(reports):
    with pytest.raises(ConfigError, match="junit"):
        format_reports(reports, "yaml")


# --- speed -----------------------------------------------------------------------------------

def synthetic_reference(people: int) -> Graph:
    """A reference graph shaped like the curated one, ~20 triples per official."""
    _article, graph = load_pair()
    role = ID["role/secretary-general"]
    for n in range(people):
        org, person = ID[f"org/body-{n}"], ID[f"person/official-{n}"]
        post, member, interval = ID[f"post/body-{n}/sg"], ID[f"membership/{n}"], ID[f"interval/{n}"]
        for triple in [
            (org, RDF.type, ORG.Organization), (org, RDFS.label, Literal(f"Body {n}", lang="en")),
            (org, RDFS.label, Literal(f"هيئة {n}", lang="ar")),
            (org, RDFS.label, Literal(f"Орган {n}", lang="ru")),
            (org, SKOS.altLabel, Literal(f"B{n}", lang="en")),
            (post, RDF.type, ORG.Post), (post, ORG.postIn, org), (post, ORG.role, role),
            (post, RDFS.label, Literal(f"Secretary-General of Body {n}", lang="en")),
            (person, RDF.type, SCHEMA.Person), (person, RDFS.label, Literal(f"Official {n}", lang="en")),
            (person, RDFS.label, Literal(f"مسؤول {n}", lang="ar")), (person, ORG.holds, post),
            (member, RDF.type, ORG.Membership), (member, ORG.member, person),
            (member, ORG.organization, org), (member, ORG.role, role),
            (member, ORG.memberDuring, interval), (interval, RDF.type, TIME.Interval),
            (interval, SECKG.startDate, date("2020-01-01")),
        ]:
            graph.add(triple)
    return graph


def test_one_article_against_a_3000_triple_reference_is_fast(shapes, capsys):
    article, _reference = load_pair()
    reference = synthetic_reference(150)
    assert len(reference) >= 3000
    timings = {}
    for full in (False, True):
        validate(article, shapes=shapes, reference=reference, full_reference=full)  # warm up
        start = time.perf_counter()
        report = validate(article, shapes=shapes, reference=reference, full_reference=full)
        timings[full] = time.perf_counter() - start
        assert report.conforms, describe(report)
    with capsys.disabled():
        print(f"\n[validate] article ({len(article)} triples) + reference ({len(reference)} "
              f"triples): {timings[False] * 1000:.0f} ms with the linked reference triples, "
              f"{timings[True] * 1000:.0f} ms with all of them")
    assert timings[False] < 2.0
