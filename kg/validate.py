"""The SHACL gate: ``shapes/*.ttl`` checked against one article graph and the reference graph.

    >>> from pathlib import Path
    >>> shapes = load_shapes(Path("shapes"))                   # doctest: +SKIP
    >>> report = validate(article_graph, shapes=shapes, reference=reference,
    ...                   article="https://w3id.org/seckg/id/article/...")  # doctest: +SKIP
    >>> report.conforms, len(report.warnings)                  # doctest: +SKIP
    (True, 1)
    >>> print(format_reports([report], "text"))                # doctest: +SKIP

Validation never touches the network (no ``owl:imports``, no remote graphs) and never changes
the graphs it is given, so repeated and concurrent calls give the same answer. Only results
about nodes the article graph describes are reported; the reference graph is there to be
linked to (types, labels, tenures), not to be judged, unless it is itself the graph being
validated.

Two engines give the same report. pySHACL is the reference. The fast path compiles the shapes
once per process into plain checks over dictionaries of the article's triples, builds results
only for the nodes it reports, and runs each SHACL-SPARQL constraint once per article for all
its focus nodes, rather than once per focus node (pySHACL pre-binds ``$this``, and rdflib still
walks the whole pattern for each binding: the tenure check alone grew with the square of the
statements). The fast path takes the shapes only when it knows every construct in them (the
SHACL Core subset ``shapes/`` uses, and SELECT constraints whose ``$this`` is bound by the
query's main pattern); anything else goes to pySHACL. ``tests/kg/test_validate_fast.py``
compares the two on valid and broken graphs, seeds and generated articles.
"""

from __future__ import annotations

import json
import re
import threading
import weakref
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD, NamespaceManager
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.processor import SPARQLResult
from rdflib.plugins.sparql.sparql import Query

from kg.errors import ConfigError, RuleError
from kg.namespaces import ID, ORG, PREFIXES, SCHEMA, SH

SHAPES_NS = "https://w3id.org/seckg/shapes#"
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
LABEL_PROPERTIES = (RDFS.label, SCHEMA.headline, SKOS.prefLabel, SCHEMA.name)
MAX_VALUE_CHARS = 160
MAX_LABEL_CHARS = 60

__all__ = ["ENGINES", "FORMATS", "FastShapes", "Report", "Result", "fast_shapes", "format_reports",
           "load_shapes", "neighbourhood", "validate"]


@dataclass(frozen=True)
class Result:
    """One SHACL result, in a curator's terms."""

    severity: str            # "Violation", "Warning" or "Info"
    focus: str               # the IRI of the node the result is about
    focus_label: str         # its label, headline, text or a short form of its IRI
    path: str                # prefixed property path ("seckg:speaker"), "-" for a node check
    message: str             # what is wrong and how to fix it
    shape: str               # the shape that found it ("shapes:Statement-speaker")
    value: str | None = None  # the offending value, when there is one


@dataclass(frozen=True)
class Report:
    """Everything the shapes found in one article (or one RDF file)."""

    article: str | None
    results: tuple[Result, ...] = ()
    source: str | None = None   # the file it came from, so a CI failure names the file

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")

    @property
    def conforms(self) -> bool:
        return not self.violations


# --- shapes ----------------------------------------------------------------------------------

def load_shapes(shapes_dir: Path) -> Graph:
    """Parse every ``*.ttl`` in ``shapes_dir`` into one graph, checked once by pySHACL.

    Raises RuleError naming the file on a syntax error, an ``owl:imports`` (validation must
    fetch nothing) or a shape pySHACL cannot load.
    """
    files = sorted(Path(shapes_dir).glob("*.ttl"))
    if not files:
        raise RuleError(str(shapes_dir), "-", "no SHACL shapes (*.ttl) found",
                        "point the shapes setting at the folder holding shapes/*.ttl")
    shapes = Graph()
    _bind(shapes.namespace_manager)
    for path in files:
        part = Graph()
        try:
            part.parse(path, format="turtle")
        except Exception as exc:  # rdflib's parsers raise many exception types
            raise RuleError(str(path), "-", f"not valid Turtle: {exc}",
                            "fix the syntax; note a prefixed name cannot hold '/' "
                            "(write <https://w3id.org/seckg/id/org/cis>, not id:org/cis)") from exc
        if (None, OWL.imports, None) in part:
            raise RuleError(str(path), "owl:imports", "shapes may not import other graphs "
                            "(validation never fetches anything)",
                            "copy the shapes you need into shapes/ instead")
        shapes += part
    _check_shapes(shapes, files)
    return shapes


def _check_shapes(shapes: Graph, files: list[Path]) -> None:
    """Run every shape once on a probe graph (one node per target), so that a malformed
    constraint or SHACL-SPARQL query fails at start-up rather than on the first article."""
    try:
        _run(_probe(shapes), shapes)
    except Exception as exc:  # pyshacl's ShapeLoadError, ConstraintLoadError, parse errors
        culprit = next((p for p in files if not _loads_alone(p)), files[0].parent)
        raise RuleError(str(culprit), "-", "pySHACL cannot use the shapes: "
                        f"{' '.join(str(exc).split())}", "fix the shape the message names") from exc


def _loads_alone(path: Path) -> bool:
    part = Graph().parse(path, format="turtle")
    try:
        _run(_probe(part), part)
    except Exception:  # the same errors as above, from this file alone
        return False
    return True


def _probe(shapes: Graph) -> Graph:
    probe = _PreparedQueryGraph()
    for n, cls in enumerate(sorted(set(shapes.objects(None, SH.targetClass)))):
        probe.add((URIRef(f"urn:seckg:probe:{n}"), RDF.type, cls))
    for n, prop in enumerate(sorted(set(shapes.objects(None, SH.targetObjectsOf)))):
        probe.add((URIRef(f"urn:seckg:probe:s{n}"), prop, URIRef(f"urn:seckg:probe:o{n}")))
    for n, prop in enumerate(sorted(set(shapes.objects(None, SH.targetSubjectsOf)))):
        probe.add((URIRef(f"urn:seckg:probe:s{n}"), prop, URIRef(f"urn:seckg:probe:o{n}")))
    for node in set(shapes.objects(None, SH.targetNode)):
        probe.add((node, RDFS.comment, Literal("probe")))
    return probe


# --- validation ------------------------------------------------------------------------------

ENGINES = ("auto", "fast", "pyshacl")


def validate(data: Graph, *, shapes: Graph, reference: Graph | None = None,
             article: str | None = None, full_reference: bool = False,
             engine: str = "auto") -> Report:
    """Validate ``data`` together with ``reference`` against ``shapes``.

    Only results whose focus node is described in ``data`` (a subject of one of its triples)
    are reported, unless ``data`` is the reference graph itself (or there is no reference).
    By default only the part of ``reference`` that ``data`` links to takes part (see
    ``neighbourhood``): the answer is the same, and a large reference graph costs nothing;
    ``full_reference=True`` validates against all of it.

    ``engine``: ``"auto"`` takes the fast path when it knows every construct in the shapes and
    pySHACL otherwise; ``"pyshacl"`` always runs pySHACL; ``"fast"`` refuses shapes the fast
    path does not know (ConfigError). All give the same report.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown validation engine {engine!r}: choose one of {', '.join(ENGINES)}")
    whole = reference is None or reference is data
    triples = list(_triples(data))
    if not triples:
        return Report(article=article)
    keep = None if whole else {s for s, _p, _o in triples}
    if not whole:
        triples += list(_triples(reference)) if full_reference else neighbourhood(triples, reference)
    fast = None if engine == "pyshacl" else fast_shapes(shapes)
    if fast is None and engine == "fast":
        raise ConfigError("the fast validation path does not know every construct in these "
                          "shapes: validate with engine='pyshacl' (or 'auto')")
    if fast is not None:
        try:
            others = whole or _reference_conforms(reference, shapes, fast)
            return Report(article=article, results=fast.run(triples, keep, others_conform=others))
        except _Unsupported as exc:  # a value pySHACL refuses (it raises); let it say so
            if engine == "fast":
                raise ConfigError(f"the fast validation path cannot judge this graph ({exc}): "
                                  "validate with engine='pyshacl' (or 'auto')") from exc
    graph = _PreparedQueryGraph()
    _bind(graph.namespace_manager)
    for triple in triples:
        graph.add(triple)
    results_graph = _run(graph, shapes)
    return Report(article=article, results=_results(results_graph, graph, keep))


def neighbourhood(data: Iterable[tuple], reference: Graph, *, hops: int = 2) -> list[tuple]:
    """The reference triples within ``hops`` steps of a node ``data`` names, plus the tenures
    (``org:Membership`` and their intervals) of every person or body reached; in a stable order
    (the reference triples sorted), so that two runs see the same graph.

    Every shape looks at most two steps from its focus node (a value's type, a post's
    organisation), and the tenure check looks from a speaker to their memberships.
    """
    index = _ReferenceIndex.of(reference)
    nodes = {n for triple in data for n in triple if not isinstance(n, Literal)}
    seen: set = set()
    found: set[int] = set()
    for _ in range(hops):
        frontier = nodes - seen
        seen |= frontier
        nodes = set()
        for node in frontier:
            for rank in index.about.get(node, ()):
                found.add(rank)
                obj = index.triples[rank][2]
                if not isinstance(obj, Literal):
                    nodes.add(obj)
    for member in seen | nodes:
        for membership in index.memberships.get(member, ()):
            found.update(index.about.get(membership, ()))
            for interval in index.intervals.get(membership, ()):
                found.update(index.about.get(interval, ()))
    return [index.triples[rank] for rank in sorted(found)]


class _ReferenceIndex:
    """The reference graph as dictionaries, built once per graph: triples by subject (as ranks
    into the sorted triples), memberships by member, intervals by membership.

    A graph is known by its identity and size: after changing a reference graph in place,
    validate against a new graph (the build never changes it)."""

    _cache: dict[int, tuple[weakref.ref, int, _ReferenceIndex]] = {}
    _lock = threading.Lock()

    def __init__(self, reference: Graph) -> None:
        self.triples: list[tuple] = sorted(set(_triples(reference)), key=_triple_key)
        self.conforms: dict = {}    # per shapes graph: whether the reference passes them
        self.lock = threading.Lock()
        self.about: dict = {}
        self.memberships: dict = {}
        self.intervals: dict = {}
        for rank, (s, p, o) in enumerate(self.triples):
            self.about.setdefault(s, []).append(rank)
            if p == ORG.member:
                self.memberships.setdefault(o, []).append(s)
            elif p == ORG.memberDuring:
                self.intervals.setdefault(s, []).append(o)

    @classmethod
    def of(cls, reference: Graph) -> _ReferenceIndex:
        return _cached(cls._cache, cls._lock, reference, cls)


def _reference_conforms(reference: Graph, shapes: Graph, fast: FastShapes) -> bool:
    """Whether ``reference`` alone passes every core constraint of ``shapes``: worked out
    once per reference and shapes graph."""
    index = _ReferenceIndex.of(reference)

    def conforms(_shapes: Graph) -> bool:
        results = fast.run(list(index.triples), None)
        return not any(r.severity not in ("Warning", "Info") for r in results)

    return _cached(index.conforms, index.lock, shapes, conforms)


def _cached(cache: dict, lock: threading.Lock, graph: Graph, make: Callable):
    """``make(graph)``, once per graph object and size (the entry goes with the graph)."""
    key, size = id(graph), len(graph)
    with lock:
        entry = cache.get(key)
        if entry is not None and entry[0]() is graph and entry[1] == size:
            return entry[2]
    value = make(graph)

    def forget(_ref, key=key) -> None:
        with lock:
            if key in cache and cache[key][0]() is None:
                del cache[key]

    with lock:
        cache[key] = (weakref.ref(graph, forget), size, value)
    return value


def _triple_key(triple: tuple) -> tuple:
    return tuple((type(term).__name__, term.n3()) for term in triple)


class _PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL text once per process: pySHACL hands the same
    SHACL-SPARQL constraint text over on every validation, and parsing it costs more than
    running it."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepare(query_object)
        return super().query(query_object, *args, **kwargs)


_PREPARED = threading.local()


def _prepare(text: str) -> Query:
    """The parsed query, cached per thread: rdflib's evaluation of one prepared query from two
    threads at once can mix their bindings (seen with the tenure check's FILTER NOT EXISTS)."""
    cache: dict[str, Query] = _PREPARED.__dict__.setdefault("queries", {})
    if text not in cache:
        cache[text] = prepareQuery(text)
    return cache[text]


def _run(graph: Graph, shapes: Graph) -> Graph:
    """One pySHACL run on ``graph`` (which it may change) with a fresh copy of ``shapes``."""
    fresh_shapes = Graph()
    for triple in shapes:
        fresh_shapes.add(triple)
    _conforms, results_graph, _text = shacl_validate(
        graph, shacl_graph=fresh_shapes, ont_graph=None, inference="none", advanced=True,
        allow_warnings=True, allow_infos=True, inplace=True, do_owl_imports=False)
    return results_graph


def _triples(graph: Graph) -> Iterable[tuple]:
    if graph.context_aware:  # a Dataset / ConjunctiveGraph: every named graph counts
        return ((s, p, o) for s, p, o, _g in graph.quads((None, None, None, None)))
    return iter(graph)


def _results(results_graph: Graph, graph: Graph, keep: set | None) -> tuple[Result, ...]:
    found: set[Result] = set()
    for node in results_graph.subjects(RDF.type, SH.ValidationResult):
        focus = results_graph.value(node, SH.focusNode)
        if focus is None or (keep is not None and focus not in keep):
            continue
        severity = SEVERITIES.get(results_graph.value(node, SH.resultSeverity), "Violation")
        messages = sorted(str(m) for m in results_graph.objects(node, SH.resultMessage))
        value = results_graph.value(node, SH.value)
        found.add(Result(
            severity=severity,
            focus=str(focus),
            focus_label=focus_label(graph, focus),
            path=_path(results_graph.value(node, SH.resultPath)),
            message=messages[0] if messages else "(no message)",
            shape=_shape(results_graph.value(node, SH.sourceShape)),
            value=None if value is None else _value(value),
        ))
    return tuple(sorted(found, key=_sort_key))


def _sort_key(r: Result) -> tuple:
    return (SEVERITY_ORDER.get(r.severity, 3), r.shape, r.focus, r.path, r.message, r.value or "")


# --- the fast path ---------------------------------------------------------------------------
# pySHACL's answer (kept in step with pyshacl 0.40: the checks below follow its constraint
# components line by line, quirks included), without its per-node machinery: the article is
# indexed once, each shape is a list of small checks, and results are built only for the
# nodes that are reported.

_ALLOWED_SH = frozenset(SH[name] for name in (
    # targets, structure and what only people read
    "targetClass", "targetNode", "targetObjectsOf", "targetSubjectsOf", "property", "path",
    "name", "description", "message", "severity", "order", "group", "defaultValue",
    # the constraints the fast path checks as pySHACL does
    "class", "datatype", "nodeKind", "minCount", "maxCount", "in", "hasValue", "languageIn",
    "uniqueLang", "or", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount",
    "lessThanOrEquals", "sparql", "select"))
_CONFORMING = (SH.Warning, SH.Info)   # severities pySHACL lets conform (allow_warnings, allow_infos)
_THIS = Variable("this")


class _Unsupported(Exception):
    """The fast path cannot promise pySHACL's answer for these shapes or this value."""


@dataclass(eq=False)
class _Shape:
    node: object
    severity: URIRef
    path: URIRef | None
    messages: tuple = ()          # its sh:message values
    message: str | None = None    # the one a result shows (pySHACL's first, sorted)
    checks: list = field(default_factory=list)      # (check function, its parameter)
    properties: list = field(default_factory=list)  # sh:property shapes
    sparql: list = field(default_factory=list)      # _Sparql constraints
    classes: tuple = ()           # sh:targetClass
    nodes: tuple = ()             # sh:targetNode
    subjects_of: tuple = ()       # sh:targetSubjectsOf
    objects_of: tuple = ()        # sh:targetObjectsOf


@dataclass(frozen=True)
class _Sparql:
    text: str                     # the query as pySHACL runs it (its prefixes prepended)
    messages: tuple               # the constraint's sh:message values
    binds_this: bool              # pySHACL pre-binds $this (the text names it)
    once: bool                    # $this is bound by the main pattern: one run serves all
    reads: tuple | None = None    # (predicates, rdf:type objects or None) its patterns can match


class FastShapes:
    """Shapes compiled for the fast path: :func:`fast_shapes` makes them, once per graph."""

    _cache: dict = {}
    _lock = threading.Lock()

    def __init__(self, top: list[_Shape], focus_preserving: bool) -> None:
        self.top = top                          # the shapes with targets
        self.focus_preserving = focus_preserving  # every result is about a target node
        self.reads = _union_reads(c.reads for shape in top for c in shape.sparql if c.once)

    def run(self, triples: list[tuple], keep: set | None, *,
            others_conform: bool = False) -> tuple[Result, ...]:
        """The results about ``keep`` (all results when None) in the graph of ``triples``.

        ``others_conform``: the nodes outside ``keep`` are known to pass every core constraint
        (they come from a reference graph that conforms on its own: triples about other nodes
        only ever add types and values for them to have), so that a graph whose ``keep`` nodes
        pass too is well-typed (see ``_Run.finds``)."""
        graph = _IndexGraph(triples)
        run = _Run(graph, triples, self.reads)
        raw: set[tuple] = set()
        focus_of = {}
        for shape in self.top:
            focus = run.focus_nodes(shape)
            focus_of[shape] = focus & keep if keep is not None and self.focus_preserving else focus
            for node in focus_of[shape]:
                raw.update(run.results(shape, node))
        run.well_typed = others_conform and not any(
            r[0].severity not in _CONFORMING for r in raw if keep is None or r[1] in keep)
        for shape in self.top:
            for constraint in shape.sparql:
                raw.update(run.sparql(shape, constraint, focus_of[shape]))
        labels: dict = {}
        found = set()
        for shape, focus, value, path, message in raw:
            if keep is not None and focus not in keep:
                continue
            if focus not in labels:
                labels[focus] = focus_label(graph, focus)
            found.add(Result(
                severity=SEVERITIES.get(shape.severity, "Violation"), focus=str(focus),
                focus_label=labels[focus], path=_path(path), message=message,
                shape=_shape(shape.node), value=None if value is None else _value(value)))
        return tuple(sorted(found, key=_sort_key))


def fast_shapes(shapes: Graph) -> FastShapes | None:
    """``shapes`` compiled for the fast path (once per graph object), or None when they use a
    construct it does not know, so that pySHACL must answer."""
    return _cached(FastShapes._cache, FastShapes._lock, shapes, _compile)


def _compile(shapes: Graph) -> FastShapes | None:
    try:
        return _Compiler(shapes).compile()
    except _Unsupported:
        return None


class _Compiler:
    """Reads the shapes as pySHACL does and refuses (``_Unsupported``) what it would read
    differently: constraints the fast path does not check, ill-formed parameters (pySHACL
    raises for them; let it), recursion, SPARQL beyond a SELECT with a bound ``$this``."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.shapes: dict = {}
        self.busy: set = set()

    def compile(self) -> FastShapes:
        from pyshacl.shapes_graph import ShapesGraph

        g = self.g
        for p in set(g.predicates()):
            if str(p).startswith(str(SH)) and p not in _ALLOWED_SH:
                raise _Unsupported(p)
        if any((None, p, o) in g for p, o in ((RDF.type, RDFS.Class), (RDF.type, OWL.Class),
                                               (RDFS.subClassOf, RDFS.Class))):
            raise _Unsupported("implicit class targets")
        copy = Graph()  # pySHACL adds to the graph it reads
        for triple in g:
            copy.add(triple)
        try:
            ShapesGraph(copy).shapes  # noqa: B018 - pySHACL's own load checks
        except Exception as exc:
            raise _Unsupported(exc) from exc
        targeted = set()
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            targeted.update(g.subjects(p, None))
        top = [self.shape(node, top=True) for node in sorted(targeted, key=str)]
        preserving = all(not s.properties for s in self.shapes.values() if s.path is not None)
        return FastShapes(top, preserving)

    def one(self, node, predicate):
        values = list(self.g.objects(node, predicate))
        if len(values) != 1:
            raise _Unsupported((node, predicate))
        return values[0]

    def shape(self, node, *, top: bool = False) -> _Shape:
        if node in self.busy:
            raise _Unsupported(("recursive shape", node))
        if node in self.shapes:
            shape = self.shapes[node]
            if shape.sparql and not top:
                raise _Unsupported(("SPARQL constraint on a nested shape", node))
            return shape
        g = self.g
        self.busy.add(node)
        severities = set(g.objects(node, SH.severity))
        paths = list(g.objects(node, SH.path))
        if len(severities) > 1 or len(paths) > 1 or (paths and not isinstance(paths[0], URIRef)):
            raise _Unsupported(("severity or path", node))
        messages = tuple(set(g.objects(node, SH.message)))
        shape = _Shape(node=node, severity=next(iter(severities), SH.Violation),
                       path=paths[0] if paths else None, messages=messages,
                       message=min(str(m) for m in messages) if messages else None)
        shape.classes = tuple(g.objects(node, SH.targetClass))
        shape.nodes = tuple(g.objects(node, SH.targetNode))
        shape.subjects_of = tuple(g.objects(node, SH.targetSubjectsOf))
        shape.objects_of = tuple(g.objects(node, SH.targetObjectsOf))
        for predicate in dict.fromkeys(p for p, _o in g.predicate_objects(node)):
            self.constraint(shape, predicate, top)
        self.busy.discard(node)
        self.shapes[node] = shape
        return shape

    def constraint(self, shape: _Shape, predicate, top: bool) -> None:
        g, node, prop = self.g, shape.node, shape.path is not None
        if predicate == SH["class"]:
            shape.checks.append((_check_class, tuple(g.objects(node, predicate))))
        elif predicate == SH.datatype:
            shape.checks.append((_check_datatype, self.one(node, predicate)))
        elif predicate == SH.nodeKind:
            shape.checks.append((_check_node_kind, self.one(node, predicate)))
        elif predicate in (SH.minCount, SH.maxCount):
            count = self.one(node, predicate)
            if not prop or not isinstance(count, Literal) or count.datatype != XSD.integer \
                    or int(count.value) < 0:
                raise _Unsupported((node, predicate))
            check = _check_min_count if predicate == SH.minCount else _check_max_count
            shape.checks.append((check, int(count.value)))
        elif predicate == SH["in"]:
            shape.checks.append((_check_in, frozenset(g.items(self.one(node, predicate)))))
        elif predicate == SH.hasValue:
            shape.checks.append((_check_has_value, tuple(set(g.objects(node, predicate)))))
        elif predicate == SH.languageIn:
            tags = list(g.items(self.one(node, predicate)))
            if not all(isinstance(t, Literal) and isinstance(t.value, str) for t in tags):
                raise _Unsupported((node, predicate))
            shape.checks.append((_check_language_in, frozenset(str(t.value).lower() for t in tags)))
        elif predicate == SH.uniqueLang:
            flag = self.one(node, predicate)
            if not prop or not isinstance(flag, Literal) or not isinstance(flag.value, bool):
                raise _Unsupported((node, predicate))
            if flag.value:
                shape.checks.append((_check_unique_lang, None))
        elif predicate == SH["or"]:
            for members in g.objects(node, predicate):
                shape.checks.append((_check_or, tuple(self.shape(m) for m in set(g.items(members)))))
        elif predicate == SH.qualifiedValueShape:
            shape.checks.append((_check_qualified, self.qualified(shape)))
        elif predicate == SH.lessThanOrEquals:
            others = tuple(set(g.objects(node, predicate)))
            if not prop or not all(isinstance(o, URIRef) for o in others):
                raise _Unsupported((node, predicate))
            shape.checks.append((_check_less_or_equal, others))
        elif predicate == SH.property:
            for member in g.objects(node, predicate):
                child = self.shape(member)
                if child.path is None or (not child.messages and not child.sparql):
                    raise _Unsupported(("property shape", member))
                shape.properties.append(child)
        elif predicate == SH.sparql:
            if prop or not top:
                raise _Unsupported(("SPARQL constraint on a property or nested shape", node))
            shape.sparql.extend(self.sparql(shape, c) for c in set(g.objects(node, predicate)))
        if top and shape.checks and shape.message is None:
            raise _Unsupported(("no sh:message: pySHACL writes its own", node))

    def qualified(self, shape: _Shape) -> tuple:
        g, node = self.g, shape.node
        if shape.path is None:
            raise _Unsupported(("qualified value shape on a node shape", node))
        counts = []
        for predicate in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
            values = set(g.objects(node, predicate))
            if len(values) > 1 or any(not isinstance(v, Literal) or not isinstance(v.value, int)
                                      for v in values):
                raise _Unsupported((node, predicate))
            counts.append(next(iter(values)).value if values else None)
        if counts == [None, None]:
            raise _Unsupported((node, "qualified counts"))
        members = tuple(self.shape(m) for m in set(g.objects(node, SH.qualifiedValueShape)))
        return members, counts[0], counts[1]

    def sparql(self, shape: _Shape, node) -> _Sparql:
        from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

        select = self.one(node, SH.select)
        messages = tuple(set(self.g.objects(node, SH.message)))
        if not (isinstance(select, Literal) and isinstance(select.value, str)) or any(
                not (isinstance(m, Literal) and isinstance(m.value, str)) for m in messages):
            raise _Unsupported(("SPARQL constraint", node))
        if not messages and not shape.messages:
            raise _Unsupported(("no sh:message: pySHACL writes its own", node))
        text = select.value
        helper = SPARQLQueryHelper(None, node, text)
        try:
            helper.check_invalid_sparql(text)
        except Exception as exc:
            raise _Unsupported(exc) from exc
        for regex in (helper.bind_path_regex, helper.bind_sg_regex, helper.bind_cs_regex):
            if regex.search(text):
                raise _Unsupported(("SPARQL constraint variable", node))
        full = helper.apply_prefixes(text)
        try:
            algebra = prepareQuery(full).algebra
        except Exception as exc:
            raise _Unsupported(exc) from exc
        binds_this = bool(helper.bind_this_regex.search(text))
        return _Sparql(full, messages, binds_this,
                       once=binds_this and algebra.name == "SelectQuery" and _bound_up_front(algebra),
                       reads=_reads(algebra))


# How a SELECT may use $this for one run over all focus nodes to give, focus node by focus node,
# the rows of a run with $this pre-bound: a triple of the main pattern binds it, and nothing
# else sees it before that (not in OPTIONAL, MINUS, UNION, subqueries or EXISTS), no LIMIT
# or OFFSET cuts across focus nodes, and an aggregate groups by it.
_SPINE = {"SelectQuery": ("p",), "Project": ("p",), "Distinct": ("p",), "Reduced": ("p",),
          "OrderBy": ("p",), "Extend": ("p",), "Filter": ("p",), "AggregateJoin": ("p",),
          "Group": ("p",), "LeftJoin": ("p1",), "Join": ("p1", "p2"), "BGP": ()}


def _bound_up_front(node) -> bool:
    return _spine(node) is True


def _spine(node) -> bool | None:
    """True: $this bound by the main pattern; False: a use that breaks the one-run answer;
    None: not mentioned."""
    name = getattr(node, "name", None)
    if name not in _SPINE:
        return False if _mentions(node) else None
    if name == "Group" and (not node.expr or _THIS not in node.expr):
        return False
    if name == "Extend" and node.var == _THIS and not str(node.expr).startswith("__agg_"):
        return False
    for key in ("expr", "A"):
        if key in node and _exists_mentions(node[key]):
            return False
    if name == "LeftJoin" and _mentions(node.p2):
        return False
    bound = None
    if name == "BGP":
        bound = True if any(_THIS in triple for triple in node.triples) else None
    for key in _SPINE[name]:
        part = _spine(node[key])
        if part is False:
            return False
        bound = bound or part
    return bound


def _reads(algebra) -> tuple | None:
    """(predicates, rdf:type objects) the query's patterns can match, the second None for any
    type; None when a pattern can match any triple (a variable or negated predicate) or a
    zero-length path can match any node (then the store must hold the whole graph)."""
    predicates: set = set()
    types: set | None = set()
    for _s, p, o in _patterns(algebra):
        iris = {p} if isinstance(p, URIRef) else _path_iris(p) if isinstance(p, PropertyPath) \
            else None
        if iris is None:
            return None
        predicates |= iris
        if RDF.type in iris and types is not None:
            types = types | {o} if isinstance(o, URIRef) and iris == {RDF.type} else None
    return frozenset(predicates), None if types is None else frozenset(types)


def _union_reads(reads: Iterable) -> tuple | None:
    predicates: set = set()
    types: set | None = set()
    for read in reads:
        if read is None:
            return None
        predicates |= read[0]
        types = None if types is None or read[1] is None else types | read[1]
    return frozenset(predicates), types


def _read(triples: list[tuple], reads: tuple | None) -> list[tuple]:
    """The triples a query with these ``reads`` can match."""
    if reads is None:
        return triples
    predicates, types = reads
    return [t for t in triples if t[1] in predicates and (
        types is None or t[1] != RDF.type or t[2] in types)]


def _patterns(node) -> Iterable[tuple]:
    """Every triple pattern in an algebra tree (BGPs, and the blocks inside EXISTS)."""
    if isinstance(node, CompValue) and node.name in ("BGP", "TriplesBlock"):
        for triple in node.get("triples") or ():
            if isinstance(triple, tuple):
                yield triple
            else:  # a TriplesBlock holds flat [s, p, o, s, p, o, ...] lists
                yield from (tuple(triple[i:i + 3]) for i in range(0, len(triple), 3))
    for child in _children(node):
        yield from _patterns(child)


def _path_iris(path) -> set | None:
    if isinstance(path, URIRef):
        return {path}
    if isinstance(path, (SequencePath, AlternativePath)):
        parts = [_path_iris(arg) for arg in path.args]
        return None if None in parts else set().union(*parts)
    if isinstance(path, InvPath):
        return _path_iris(path.arg)
    if isinstance(path, MulPath) and not path.zero:
        return _path_iris(path.path)
    return None  # negated sets, zero-length paths


def _children(node) -> Iterable:
    if isinstance(node, CompValue):
        return (v for k, v in node.items() if not k.startswith("_"))
    if isinstance(node, (list, tuple, set)):
        return node
    return ()


def _mentions(node) -> bool:
    return node == _THIS if isinstance(node, Variable) else any(
        _mentions(child) for child in _children(node))


def _exists_mentions(expr) -> bool:
    if isinstance(expr, CompValue) and expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
        return _mentions(expr.graph)
    return any(_exists_mentions(child) for child in _children(expr))


class _IndexGraph(Graph):
    """A read-only graph over dictionaries, filled in one pass: what the checks look up, and
    what rdflib's SPARQL engine reads. ``triples`` matches in the order rdflib's memory store
    would for the same additions, so aggregates list their values in the same order."""

    def __init__(self, triples: Iterable[tuple]) -> None:
        super().__init__()
        spo: dict = {}
        pos: dict = {}
        size = 0
        for s, p, o in triples:
            objects = spo.setdefault(s, {}).setdefault(p, {})
            if o in objects:
                continue
            objects[o] = None
            pos.setdefault(p, {}).setdefault(o, {})[s] = None
            size += 1
        self.spo, self.pos, self._osp, self._size = spo, pos, None, size

    def __len__(self) -> int:
        return self._size

    def add(self, triple):
        raise TypeError("an index graph is read-only")

    def _by_object(self) -> dict:
        if self._osp is None:
            self._osp = {}
            for s, by_p in self.spo.items():
                for p, objects in by_p.items():
                    for o in objects:
                        self._osp.setdefault(o, {}).setdefault(s, {})[p] = None
        return self._osp

    def triples(self, triple):
        s, p, o = triple
        if isinstance(p, PropertyPath):
            for s2, o2 in p.eval(self, s, o):
                yield s2, p, o2
        elif s is not None:
            for p2, objects in (self.spo.get(s, {}).items() if p is None
                                else ((p, self.spo.get(s, {}).get(p, {})),)):
                if o is None:
                    for o2 in list(objects):
                        yield s, p2, o2
                elif o in objects:
                    yield s, p2, o
        elif p is not None:
            by_o = self.pos.get(p, {})
            for o2 in ((o,) if o is not None else list(by_o)):
                for s2 in list(by_o.get(o2, ())):
                    yield s2, p, o2
        elif o is not None:
            for s2, by_p in list(self._by_object().get(o, {}).items()):
                for p2 in list(by_p):
                    yield s2, p2, o
        else:
            for s2, by_p in list(self.spo.items()):
                for p2, objects in list(by_p.items()):
                    for o2 in list(objects):
                        yield s2, p2, o2


class _Run:
    """One validation: the index, and what it has worked out about classes."""

    def __init__(self, graph: _IndexGraph, triples: list[tuple], reads: tuple | None) -> None:
        self.graph, self.spo, self.pos = graph, graph.spo, graph.pos
        self.triples, self.reads = triples, reads
        self.supers: dict = {}
        self.well_typed = False     # no core constraint fails anywhere in the graph
        self._store: object = None

    def finds(self, constraint: _Sparql) -> set | None:
        """The focus nodes the query finds rows for, as pyoxigraph answers it (in Rust, in well
        under a millisecond), or None when it cannot say.

        pyoxigraph is asked only about a graph no core constraint finds a violation in (the
        article's nodes, and a reference that conforms on its own): rdflib and pyoxigraph answer
        the same SPARQL alike on values of the types the shapes ask for, and part on others
        (rdflib orders an xsd:date after a plain string by their datatype IRIs, pyoxigraph calls
        the comparison an error). Nor about a graph pyoxigraph cannot hold (an IRI with a
        space)."""
        if not self.well_typed:
            return None
        if self._store is None:
            self._store = _oxigraph_store(_read(self.triples, self.reads))
        if self._store is False:
            return None
        nodes = set()
        try:
            for row in self._store.query(constraint.text):
                node = _rdflib_node(row["this"])
                if node is None:
                    return None
                nodes.add(node)
        except (ValueError, SyntaxError, OSError):
            return None
        return nodes

    def objects(self, node, predicate) -> dict:
        return self.spo.get(node, {}).get(predicate, {})

    def focus_nodes(self, shape: _Shape) -> set:
        """pySHACL's focus nodes: target nodes (present or not), instances of each target class
        or of its subclasses, subjects and objects of the target predicates."""
        found = set(shape.nodes)
        typed = self.pos.get(RDF.type, {})
        for cls in shape.classes:
            for sub in self.subclasses(cls):
                found.update(typed.get(sub, ()))
        for predicate in shape.subjects_of:
            for subjects in self.pos.get(predicate, {}).values():
                found.update(subjects)
        for predicate in shape.objects_of:
            found.update(self.pos.get(predicate, {}))
        return found

    def subclasses(self, cls) -> set:
        """``cls`` and every class under it by rdfs:subClassOf in the data."""
        below = self.pos.get(RDFS.subClassOf, {})
        found, todo = {cls}, [cls]
        while todo:
            for sub in below.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    def superclasses(self, cls) -> set:
        if cls not in self.supers:
            found, todo = {cls}, [cls]
            while todo:
                for sup in self.objects(todo.pop(), RDFS.subClassOf):
                    if sup not in found:
                        found.add(sup)
                        todo.append(sup)
            self.supers[cls] = found
        return self.supers[cls]

    def is_instance(self, node, cls) -> bool:
        if isinstance(node, Literal):
            return False
        return any(t == cls or cls in self.superclasses(t) for t in self.objects(node, RDF.type))

    def results(self, shape: _Shape, focus) -> list[tuple]:
        """(shape, focus, value, path, message) for every result of ``shape`` on ``focus``."""
        values = tuple(self.objects(focus, shape.path)) if shape.path is not None else (focus,)
        out = [(shape, focus, value, shape.path, shape.message)
               for check, parameter in shape.checks
               for value in check(self, parameter, focus, values)]
        if values:
            for child in shape.properties:
                for value in values:
                    out.extend(self.results(child, value))
        return out

    def conforms(self, shape: _Shape, focus) -> bool:
        """As pySHACL judges a shape inside sh:or or sh:qualifiedValueShape: a shape whose
        severity is allowed to fail (Warning, Info) conforms whatever it finds."""
        if shape.severity in _CONFORMING:
            return True
        return all(r[0].severity in _CONFORMING for r in self.results(shape, focus))

    def sparql(self, shape: _Shape, constraint: _Sparql, focus: set) -> Iterable[tuple]:
        """The results of one SELECT constraint. rdflib, the engine whose rows pySHACL reports,
        answers with $this pre-bound as pySHACL binds it, but only for the focus nodes
        pyoxigraph finds rows for (none, in an article that conforms); when pyoxigraph cannot
        say, rdflib runs the query once for all focus nodes."""
        if constraint.once:
            found = self.finds(constraint)
            if found is not None:
                for node in focus & found:
                    rows = [row.asdict() for row in _select(self.graph, constraint.text, {"this": node})]
                    yield from _sparql_results(shape, constraint, node, rows)
                return
            rows: dict = {}
            for row in _select(self.graph, constraint.text, {}):
                found = row.asdict()
                if found.get("this") in focus:
                    rows.setdefault(found["this"], []).append(found)
            for node, found in rows.items():
                yield from _sparql_results(shape, constraint, node, found)
        elif not constraint.binds_this:
            found = [row.asdict() for row in _select(self.graph, constraint.text, {})]
            for node in focus:
                yield from _sparql_results(shape, constraint, node, found)
        else:
            for node in focus:
                found = [row.asdict() for row in _select(self.graph, constraint.text, {"this": node})]
                yield from _sparql_results(shape, constraint, node, found)


_OX_TERMS: dict = {}        # rdflib term -> pyoxigraph term, shared by every validation
_OX_TERMS_MAX = 200_000


def _oxigraph_store(triples: list[tuple]):
    """The triples in an in-memory pyoxigraph store, or False when one of them has no
    pyoxigraph form."""
    import pyoxigraph as ox

    if len(_OX_TERMS) > _OX_TERMS_MAX:
        _OX_TERMS.clear()
    terms = _OX_TERMS
    try:
        quads = []
        for triple in triples:
            quad = []
            for term in triple:
                found = terms.get(term)
                if found is None:
                    found = _ox_term(term, ox)
                    if not isinstance(term, Literal) or len(term) <= 200:  # not article texts
                        terms[term] = found
                quad.append(found)
            quads.append(ox.Quad(*quad))
        store = ox.Store()
        store.bulk_extend(quads)
    except (ValueError, TypeError):
        return False
    return store


def _rdflib_node(term) -> URIRef | BNode | None:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return None


def _ox_term(term, ox):
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype))
        return ox.Literal(str(term))
    raise TypeError(f"no pyoxigraph form for {term!r}")


_RDFLIB_SPARQL = threading.Lock()
"""rdflib's SPARQL evaluation is not safe across threads (two validations on two threads
mixed their rows under load, even with a parsed query per thread); builds validate in
processes, so the lock only ever waits when validations share a process's threads."""


def _select(graph: Graph, text: str, bindings: dict) -> list:
    with _RDFLIB_SPARQL:
        return list(SPARQLResult(evalQuery(graph, _prepare(text), bindings)))


def _sparql_results(shape: _Shape, constraint: _Sparql, focus, rows: list[dict]) -> Iterable[tuple]:
    """pySHACL's results for the rows a SELECT constraint gave for one focus node."""
    failed = False
    for row in rows:
        row = dict(row)
        if row.pop("failure", None) is not None:
            if not failed:
                failed = True
                yield (shape, focus, focus, shape.path,
                       _sparql_message(shape, constraint, dict(row)))
            continue
        path, value, this = row.pop("path", None), row.pop("value", None), row.pop("this", None)
        if path is None and value is None and this is None:
            continue
        value = focus if value is None else value
        bound = dict(row)
        for name, term in (("this", this), ("path", path), ("value", value)):
            if term is not None:
                bound[name] = term
        yield (shape, this or focus, value, shape.path if path is None else path,
               _sparql_message(shape, constraint, bound))


def _sparql_message(shape: _Shape, constraint: _Sparql, bound: dict) -> str:
    """The first (sorted) of the messages with ``{?var}`` replaced as pySHACL replaces them."""
    texts = []
    for message in set(constraint.messages) | set(shape.messages):
        if not isinstance(message, Literal):
            texts.append(str(message))
            continue
        text = str(message.value)
        for name, term in bound.items():
            text = re.sub(f"{{[?$]{name}}}", str(term), text)  # as pySHACL: str(term) is a template
        texts.append(text)
    return min(texts)


# The checks: check(run, parameter, focus, values) yields the value of each result (None: no value).

def _check_class(run: _Run, classes: tuple, focus, values: tuple) -> Iterable:
    for cls in classes:
        for value in values:
            if not run.is_instance(value, cls):
                yield value


def _check_datatype(run: _Run, datatype, focus, values: tuple) -> Iterable:
    for value in values:
        if not _has_datatype(value, datatype):
            yield value


def _has_datatype(value, datatype) -> bool:
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return getattr(value, "ill_typed", None) is not True and _value_fits(value, datatype)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return _value_fits(value, datatype)
    if datatype == RDF.langString and value.language:
        return _value_fits(value, datatype)
    return False


_PYTHON_TYPES = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
                 XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date,
                 XSD.time: time, XSD.dateTime: datetime}


def _value_fits(value: Literal, datatype) -> bool:
    kinds = _PYTHON_TYPES.get(datatype)
    return kinds is None or isinstance(value.value, kinds)


_NODE_KINDS = {
    "bnode": (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI),
    "literal": (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral),
    "iri": (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI),
}


def _check_node_kind(run: _Run, kind, focus, values: tuple) -> Iterable:
    for value in values:
        if isinstance(value, BNode):
            ok = kind in _NODE_KINDS["bnode"]
        elif isinstance(value, Literal):
            ok = kind in _NODE_KINDS["literal"]
        else:
            ok = kind in _NODE_KINDS["iri"]
        if not ok:
            yield value


def _check_min_count(run: _Run, count: int, focus, values: tuple) -> Iterable:
    if count and len(values) < count:
        yield None


def _check_max_count(run: _Run, count: int, focus, values: tuple) -> Iterable:
    if len(values) > count:
        yield None


def _check_in(run: _Run, allowed: frozenset, focus, values: tuple) -> Iterable:
    return (value for value in values if value not in allowed)


def _check_has_value(run: _Run, wanted: tuple, focus, values: tuple) -> Iterable:
    for term in wanted:
        if not any(value == term for value in values):
            yield None


def _check_language_in(run: _Run, tags: frozenset, focus, values: tuple) -> Iterable:
    for value in values:
        lang = value.language if isinstance(value, Literal) else None
        if not lang or not ("*" in tags or str(lang).lower() in tags
                            or str(lang).split("-")[0].lower() in tags):
            yield value


def _check_unique_lang(run: _Run, _parameter, focus, values: tuple) -> Iterable:
    seen: set = set()
    for value in values:
        lang = value.language if isinstance(value, Literal) else None
        if lang:
            if str(lang).lower() in seen:
                yield None
            seen.add(str(lang).lower())


def _check_or(run: _Run, members: tuple, focus, values: tuple) -> Iterable:
    for value in values:
        if not any(run.conforms(member, value) for member in members):
            yield value


def _check_qualified(run: _Run, parameter: tuple, focus, values: tuple) -> Iterable:
    members, least, most = parameter
    for member in members:
        count = sum(1 for value in values if run.conforms(member, value))
        if most is not None and count > most:
            yield None
        if least is not None and count < least:
            yield None


def _check_less_or_equal(run: _Run, predicates: tuple, focus, values: tuple) -> Iterable:
    for predicate in predicates:
        others = tuple(run.objects(focus, predicate))
        for value in values:
            mine, text = _comparable(value)
            for other in others:
                theirs, other_text = _comparable(other)
                if text != other_text or not mine <= theirs:
                    yield value


def _comparable(term) -> tuple:
    """What pySHACL compares: strings for IRIs and string literals, the literal otherwise."""
    if isinstance(term, BNode):
        raise _Unsupported("pySHACL refuses to compare a blank node")
    if isinstance(term, URIRef):
        return str(term), True
    if isinstance(term, Literal) and isinstance(term.value, str):
        return term.value, True
    return term, False


# --- naming things for people ----------------------------------------------------------------

_NS = NamespaceManager(Graph(), bind_namespaces="none")


def _bind(manager: NamespaceManager) -> None:
    for prefix, iri in PREFIXES.items():
        manager.bind(prefix, iri, override=True, replace=True)
    manager.bind("sh", str(SH), override=True, replace=True)
    manager.bind("shapes", SHAPES_NS, override=True, replace=True)


_bind(_NS)


def _qname(iri: URIRef) -> str:
    for prefix, ns in _NS.namespaces():
        if str(iri).startswith(str(ns)) and len(str(iri)) > len(str(ns)):
            local = str(iri)[len(str(ns)):]
            if "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return str(iri)


def short_iri(iri: URIRef | str) -> str:
    """``https://w3id.org/seckg/id/person/x`` → ``person/x``; other IRIs as a prefixed name."""
    text = str(iri)
    if text.startswith(str(ID)):
        return text[len(str(ID)):]
    return _qname(URIRef(text))


def focus_label(graph: Graph, node: URIRef | BNode | Literal) -> str:
    """A name a curator recognises: a label (English first), a headline, the quoted words."""
    for prop in LABEL_PROPERTIES:
        labels = sorted(graph.objects(node, prop), key=_label_order)
        if labels:
            return _clip(str(labels[0]))
    texts = [o for o in graph.objects(node, SCHEMA.text)]
    if texts and (node, RDF.type, SCHEMA.NewsArticle) not in graph:
        return f"“{_clip(str(sorted(texts)[0]))}”"
    return short_iri(node) if isinstance(node, URIRef) else str(node)


def _label_order(label) -> tuple:
    lang = getattr(label, "language", None) or ""
    return ({"en": 0, "": 1}.get(lang, 2), lang, str(label))


def _clip(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _path(path) -> str:
    if path is None:
        return "-"
    if isinstance(path, URIRef):
        return _qname(path)
    return "(complex path)"


def _shape(shape) -> str:
    if isinstance(shape, URIRef):
        return _qname(shape)
    return "(anonymous shape)"


def _value(value) -> str:
    if isinstance(value, Literal):
        return _clip(value.n3(_NS), MAX_VALUE_CHARS)
    if isinstance(value, URIRef):
        return str(value)
    return "(blank node)"


# --- formats ---------------------------------------------------------------------------------

def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counts(reports: list[Report]) -> dict[str, int]:
    return {
        "articles": len(reports),
        "violations": sum(len(r.violations) for r in reports),
        "warnings": sum(len(r.warnings) for r in reports),
        "infos": sum(1 for r in reports for x in r.results if x.severity == "Info"),
    }


def _name(report: Report) -> str:
    """The file (and the article IRI, when there is one): what a reader can open."""
    if report.source and report.article and report.article != report.source:
        return f"{report.source} ({short_iri(report.article)})"
    return report.source or report.article or "(graph)"


def _skip_line(path: str, reason: str) -> str:
    return f"skipped: {path} ({reason})"


def _by_shape(results: Iterable[Result]) -> dict[str, list[Result]]:
    groups: dict[str, list[Result]] = {}
    for result in sorted(results, key=_sort_key):  # violations first, then by shape
        groups.setdefault(result.shape, []).append(result)
    return groups


def _line(result: Result) -> str:
    value = f"\n        value: {result.value}" if result.value is not None else ""
    where = short_iri(result.focus)
    node = result.focus_label if result.focus_label == where else f"{result.focus_label}  [{where}]"
    return (f"    {result.severity.upper()}  {node}\n"
            f"        {result.path}: {result.message}{value}")


def _text(reports: list[Report], skipped: list[tuple[str, str]]) -> str:
    lines: list[str] = [_skip_line(path, reason) for path, reason in skipped]
    for report in reports:
        status = "conforms" if report.conforms else "DOES NOT CONFORM"
        lines.append(f"{_name(report)}: {status} ({_plural(len(report.violations), 'violation')}, "
                     f"{_plural(len(report.warnings), 'warning')})")
        for shape, results in _by_shape(report.results).items():
            lines.append(f"  {shape}")
            lines.extend(_line(r) for r in results)
    counts = _counts(reports)
    lines.append(f"{_plural(counts['articles'], 'article')}, "
                 f"{_plural(counts['violations'], 'violation')}, "
                 f"{_plural(counts['warnings'], 'warning')}"
                 + (f", {len(skipped)} skipped" if skipped else ""))
    return "\n".join(lines) + "\n"


def _json(reports: list[Report], skipped: list[tuple[str, str]]) -> str:
    doc = {
        "conforms": all(r.conforms for r in reports),
        "articles": [{
            "file": r.source,
            "article": r.article,
            "conforms": r.conforms,
            "results": [{
                "severity": x.severity, "shape": x.shape, "focus": x.focus,
                "focus_label": x.focus_label, "path": x.path, "message": x.message,
                "value": x.value,
            } for shape_results in _by_shape(r.results).values() for x in shape_results],
        } for r in reports],
        "skipped": [{"file": path, "reason": reason} for path, reason in skipped],
        "counts": _counts(reports),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _junit(reports: list[Report], skipped: list[tuple[str, str]]) -> str:
    failing = sum(1 for r in reports if not r.conforms)
    total = str(len(reports) + len(skipped))
    suites = ET.Element("testsuites", name="seckg", tests=total, failures=str(failing),
                        errors="0", skipped=str(len(skipped)))
    suite = ET.SubElement(suites, "testsuite", name="seckg-shacl", tests=total,
                          failures=str(failing), errors="0", skipped=str(len(skipped)))
    for path, reason in skipped:
        case = ET.SubElement(suite, "testcase", classname="seckg-shacl", name=path, file=path)
        ET.SubElement(case, "skipped", message=reason)
    for report in reports:
        case = ET.SubElement(suite, "testcase", classname="seckg-shacl", name=_name(report))
        if report.source:
            case.set("file", report.source)
        if report.violations:
            failure = ET.SubElement(case, "failure", type="SHACL Violation", message=(
                f"{_plural(len(report.violations), 'violation')}: "
                f"{report.violations[0].focus_label}: {report.violations[0].path}: "
                f"{report.violations[0].message}"))
            failure.text = "\n".join(_line(r) for r in report.violations)
        others = [r for r in report.results if r.severity != "Violation"]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(_line(r) for r in others)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


FORMATS: dict[str, Callable[[list[Report], list[tuple[str, str]]], str]] = {
    "text": _text, "json": _json, "junit": _junit}


def format_reports(reports: list[Report], fmt: str, *,
                   skipped: Iterable[tuple[str, str]] = ()) -> str:
    """The reports as ``text`` (for people), ``json`` (stable structure) or ``junit`` (CI).

    ``skipped`` lists ``(file, reason)`` for inputs that were not validated."""
    try:
        render = FORMATS[fmt]
    except KeyError:
        raise ConfigError(f"unknown report format {fmt!r}: choose one of "
                          f"{', '.join(FORMATS)}") from None
    return render(list(reports), list(skipped))
