"""The SHACL gate: ``shapes/*.ttl`` checked against one article graph and the reference graph.

    >>> from pathlib import Path
    >>> shapes = load_shapes(Path("shapes"))                   # doctest: +SKIP
    >>> report = validate(article_graph, shapes=shapes, reference=reference,
    ...                   article="https://w3id.org/seckg/id/article/...")  # doctest: +SKIP
    >>> report.conforms, len(report.warnings)                  # doctest: +SKIP
    (True, 1)
    >>> print(format_reports([report], "text"))                # doctest: +SKIP

Validation never touches the network (no ``owl:imports``, no remote graphs) and never changes
the graphs it is given: every call works on fresh copies, so repeated and concurrent calls
give the same answer. Only results about nodes the article graph describes are reported; the
reference graph is there to be linked to (types, labels, tenures), not to be judged, unless it
is itself the graph being validated.
"""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, NamespaceManager
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.errors import ConfigError, RuleError
from kg.namespaces import ID, ORG, PREFIXES, SCHEMA, SH

SHAPES_NS = "https://w3id.org/seckg/shapes#"
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
LABEL_PROPERTIES = (RDFS.label, SCHEMA.headline, SKOS.prefLabel, SCHEMA.name)
MAX_VALUE_CHARS = 160
MAX_LABEL_CHARS = 60

__all__ = ["FORMATS", "Report", "Result", "format_reports", "load_shapes", "neighbourhood",
           "validate"]


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

def validate(data: Graph, *, shapes: Graph, reference: Graph | None = None,
             article: str | None = None, full_reference: bool = False) -> Report:
    """Validate ``data`` together with ``reference`` against ``shapes``.

    Only results whose focus node is described in ``data`` (a subject of one of its triples)
    are reported, unless ``data`` is the reference graph itself (or there is no reference).
    By default only the part of ``reference`` that ``data`` links to takes part (see
    ``neighbourhood``): the answer is the same, and a large reference graph costs nothing;
    ``full_reference=True`` validates against all of it.
    """
    whole = reference is None or reference is data
    graph = _PreparedQueryGraph()
    _bind(graph.namespace_manager)
    for triple in _triples(data):
        graph.add(triple)
    described = set(graph.subjects())
    if not described:
        return Report(article=article)
    if not whole:
        linked = _triples(reference) if full_reference else neighbourhood(graph, reference)
        for triple in linked:
            graph.add(triple)
    results_graph = _run(graph, shapes)
    keep = None if whole else described
    return Report(article=article, results=_results(results_graph, graph, keep))


def neighbourhood(data: Graph, reference: Graph, *, hops: int = 2) -> Iterable[tuple]:
    """The reference triples within ``hops`` steps of a node ``data`` names, plus the tenures
    (``org:Membership`` and their intervals) of every person or body reached.

    Every shape looks at most two steps from its focus node (a value's type, a post's
    organisation), and the tenure check looks from a speaker to their memberships.
    """
    nodes = {n for triple in data for n in triple if not isinstance(n, Literal)}
    seen: set = set()
    found: set[tuple] = set()
    for _ in range(hops):
        frontier = nodes - seen
        seen |= frontier
        nodes = set()
        for node in frontier:
            for triple in reference.triples((node, None, None)):
                found.add(triple)
                if not isinstance(triple[2], Literal):
                    nodes.add(triple[2])
    for member in seen | nodes:
        for membership in reference.subjects(ORG.member, member):
            found.update(reference.triples((membership, None, None)))
            for interval in reference.objects(membership, ORG.memberDuring):
                found.update(reference.triples((interval, None, None)))
    return found


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
