"""`seckg validate`: articles or RDF files in, a report and an exit code out."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.build import Toolkit, process_article
from kg.config import Settings
from kg.errors import ConfigError
from kg.rdfio import read_graph

RDF_SUFFIXES = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "ntriples",
                ".jsonld": "jsonld", ".rdf": "rdfxml"}


def _rdf_graph(path: Path) -> Graph:
    """All triples of an RDF file, exactly as written (named graphs merged)."""
    return read_graph(path.read_bytes(), RDF_SUFFIXES[path.suffix])


def run_validation(settings: Settings, paths: list[Path], fmt: str) -> tuple[str, int]:
    """The report text and the exit code (0 conforms, 1 violations, 2 bad input)."""
    from kg.validate import Report, format_reports, validate

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ConfigError(f"no such file or folder: {', '.join(missing)}")
    kit = Toolkit.load(settings)
    reports: list[Report] = []
    bad_input = False
    articles: list[Path] = []
    for path in paths:
        if path.is_file() and path.suffix in RDF_SUFFIXES:
            try:
                graph = _rdf_graph(path)
            except Exception as exc:  # rdflib parsers raise many types
                raise ConfigError(f"{path}: not valid RDF ({exc})") from exc
            reports.append(validate(graph, shapes=kit.shapes, reference=kit.ruleset.reference,
                                    article=str(path)))
        elif path.is_dir():
            articles.extend(sorted(path.glob("*.txt")))
        else:
            articles.append(path)
    for path in articles:
        result = process_article(path, kit)
        if result.error:
            bad_input = True
            reports.append(_error_report(str(path), result.error))
            continue
        reports.append(result.report)
    text = format_reports(reports, fmt)
    if bad_input:
        return text, 2
    return text, 0 if all(r.conforms for r in reports) else 1


def _error_report(source: str, error: str):
    from kg.validate import Report, Result

    return Report(article=source, results=(Result(
        severity="Violation", focus=source, focus_label=source, path="-", message=error,
        shape="input", value=None),))
