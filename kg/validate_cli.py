"""`seckg validate`: articles or RDF files in, a report and an exit code out.

Every report names its file, and every file that is not validated is listed with the
reason, so a CI failure can be tied to a file and nothing is passed over without a word.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rdflib import Graph

from kg.build import Toolkit, process_article
from kg.config import Settings
from kg.errors import ConfigError
from kg.rdfio import read_graph

RDF_SUFFIXES = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "ntriples",
                ".jsonld": "jsonld", ".rdf": "rdfxml"}
SKIP_REASON = "not .txt or RDF"


def _rdf_graph(path: Path) -> Graph:
    """All triples of an RDF file, exactly as written (named graphs merged)."""
    return read_graph(path.read_bytes(), RDF_SUFFIXES[path.suffix])


def sort_inputs(paths: list[Path]) -> tuple[list[Path], list[Path], list[tuple[str, str]]]:
    """Articles (.txt), RDF files and skipped ``(file, reason)``; folders are expanded.

    An article's ``NAME.meta.json`` sidecar is part of the article, not a skipped file;
    hidden files are not listed."""
    articles: list[Path] = []
    rdf: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for path in paths:
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix == ".txt":
                articles.append(file)
            elif file.suffix in RDF_SUFFIXES:
                rdf.append(file)
            elif path.is_dir() and (file.name.startswith(".") or _is_sidecar(file)):
                continue
            else:
                skipped.append((str(file), SKIP_REASON))
    return articles, rdf, skipped


def _is_sidecar(file: Path) -> bool:
    return (file.name.endswith(".meta.json")
            and file.with_name(file.name.removesuffix(".meta.json") + ".txt").exists())


def run_validation(settings: Settings, paths: list[Path], fmt: str) -> tuple[str, int]:
    """The report text and the exit code (0 conforms, 1 violations, 2 bad input)."""
    from kg.validate import Report, format_reports, validate

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ConfigError(f"no such file or folder: {', '.join(missing)}")
    articles, rdf_files, skipped = sort_inputs(paths)
    if not (articles or rdf_files):                 # nothing validated is not a pass
        listed = "; ".join(f"skipped {f} ({why})" for f, why in skipped)
        raise ConfigError(f"nothing to validate in {', '.join(map(str, paths))}: no .txt "
                          f"articles or RDF files ({', '.join(RDF_SUFFIXES)})"
                          + (f"; {listed}" if listed else ""))
    kit = Toolkit.load(settings)
    reports: list[Report] = []
    bad_input = False
    for path in rdf_files:
        try:
            graph = _rdf_graph(path)
        except Exception as exc:  # rdflib parsers raise many types
            raise ConfigError(f"{path}: not valid RDF ({exc})") from exc
        report = validate(graph, shapes=kit.shapes, reference=kit.ruleset.reference)
        reports.append(replace(report, source=str(path)))
    for path in articles:
        result = process_article(path, kit)
        if result.error:
            bad_input = True
            reports.append(_error_report(str(path), result.error))
            continue
        reports.append(replace(result.report, source=str(path)))
    text = format_reports(reports, fmt, skipped=skipped)
    if bad_input:
        return text, 2
    return text, 0 if all(r.conforms for r in reports) else 1


def _error_report(source: str, error: str):
    from kg.validate import Report, Result

    return Report(article=None, source=source, results=(Result(
        severity="Violation", focus=source, focus_label=source, path="-", message=error,
        shape="input", value=None),))
