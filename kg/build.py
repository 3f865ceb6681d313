"""The pipeline: articles -> validated article graphs -> store and dumps.

Each article is extracted and validated on its own, together with the reference graph;
an article that cannot be read, fails extraction or violates the shapes is quarantined
(kept out, listed with its reasons) while the rest goes on. The store is written to a new
folder and swapped in only when complete, so a failed build leaves the served store as it was.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg.align import align_all
from kg.articles import Article, read_article, scan_articles
from kg.config import Settings
from kg.errors import ArticleError, ConfigError
from kg.extract.pipeline import extract
from kg.iris import article_iri
from kg.model import Extraction
from kg.namespaces import ID, REFERENCE_GRAPH, SECKG
from kg.ruleset import RuleSet, load_reference, load_rules
from kg.to_rdf import article_graph

log = logging.getLogger("seckg.build")

ONTOLOGY_GRAPH = str(ID["graph/ontology"])
ALIGNMENT_GRAPH = str(ID["graph/alignment"])


@dataclass
class ArticleResult:
    source: str
    article: Article | None = None
    extraction: Extraction | None = None
    graph: Graph | None = None
    report: object | None = None          # kg.validate.Report
    error: str | None = None

    @property
    def iri(self) -> str | None:
        return article_iri(self.article.key) if self.article else None

    @property
    def accepted(self) -> bool:
        return self.error is None and self.graph is not None and (
            self.report is None or self.report.conforms)


@dataclass
class BuildReport:
    articles: list[ArticleResult] = field(default_factory=list)
    alignment: list[tuple[str, str]] = field(default_factory=list)
    store: str = ""
    dumps: dict[str, str] = field(default_factory=dict)
    build_id: str = ""
    seconds: float = 0.0
    handle: object = None                 # the in-memory store, when built in memory
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (folder entry, why)

    @property
    def accepted(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.accepted]

    @property
    def quarantined(self) -> list[ArticleResult]:
        return [a for a in self.articles if not a.accepted]

    def summary(self) -> dict:
        return {
            "build_id": self.build_id,
            "store": self.store,
            "articles": len(self.articles),
            "accepted": len(self.accepted),
            "quarantined": [{"source": a.source, "reasons": reasons(a)} for a in self.quarantined],
            "statements": sum(len(a.extraction.statements) for a in self.accepted),
            "aligned_pairs": len(self.alignment),
            "dumps": self.dumps,
            "seconds": round(self.seconds, 3),
            "skipped": [{"path": path, "reason": why} for path, why in self.skipped],
            "notes": [note for a in self.articles if a.article for note in a.article.notes],
        }


def reasons(result: ArticleResult) -> list[str]:
    if result.error:
        return [result.error]
    if result.report is not None:
        return [f"{r.focus_label}: {r.path}: {r.message}" for r in result.report.violations]
    return []


@dataclass
class Toolkit:
    """What a build needs loaded once: rules, reference data, ontology and shapes."""

    ruleset: RuleSet
    ontology: Graph
    shapes: Graph | None

    @classmethod
    def load(cls, settings: Settings, *, with_shapes: bool = True) -> Toolkit:
        reference = load_reference(settings.ontology_dir)
        ruleset = load_rules(settings.rules_dir, reference)
        ontology = Graph()
        for path in sorted(settings.ontology_dir.glob("*.ttl")):
            ontology.parse(path, format="turtle")
        shapes = None
        if with_shapes:
            from kg.validate import load_shapes

            shapes = load_shapes(settings.shapes_dir)
        return cls(ruleset, ontology, shapes)


def process_article(source: Path | Article, kit: Toolkit) -> ArticleResult:
    """Read, extract, map to RDF and validate one article; never raises for bad input."""
    name = source.source if isinstance(source, Article) else str(source)
    result = ArticleResult(name)
    try:
        result.article = source if isinstance(source, Article) else read_article(source)
    except ArticleError as exc:
        result.error = str(exc)
        return result
    try:
        result.extraction = extract(result.article, kit.ruleset)
        result.graph = article_graph(result.article, result.extraction, kit.ruleset.gazetteer)
    except ArticleError as exc:        # e.g. a language no rule file covers
        result.error = str(exc)
        return result
    except Exception as exc:  # a bug on one article must not stop the build
        log.debug("extraction failed for %s: %s", name, traceback.format_exc())
        result.error = f"{name}: extraction failed ({type(exc).__name__}: {exc}); " \
                       "please report this article with the error"
        return result
    if kit.shapes is not None:
        from kg.validate import validate

        result.report = validate(result.graph, shapes=kit.shapes, reference=kit.ruleset.reference,
                                 article=result.iri)
    return result


def alignment_graph(results: list[ArticleResult]) -> tuple[Graph, list[tuple[str, str]]]:
    """``seckg:sameStatementAs`` and ``seckg:sameEventAs`` links between the accepted
    articles, both directions; and the statement pairs."""
    found = align_all([(r.article.key, r.extraction) for r in results if r.accepted])
    graph = Graph()
    for links, term in ((found.statements, SECKG.sameStatementAs), (found.events, SECKG.sameEventAs)):
        for a, b in links:
            graph.add((URIRef(a), term, URIRef(b)))
            graph.add((URIRef(b), term, URIRef(a)))
    return graph, found.statements


def process_all(paths: list[Path], kit: Toolkit,
                progress: Callable[[int, int, str], None] | None = None) -> BuildReport:
    files, skipped = scan_articles(paths)
    report = BuildReport(skipped=skipped)
    for n, path in enumerate(files, 1):
        if progress:
            progress(n, len(files), str(path))
        report.articles.append(process_article(path, kit))
    return report


def build(settings: Settings, paths: list[Path] | None = None, *,
          progress: Callable[[int, int, str], None] | None = None) -> BuildReport:
    """Build the store at ``settings.store`` and the dumps in ``settings.dist_dir``."""
    from kg.export import write_dumps
    from kg.store import open_store

    started = time.monotonic()
    paths = paths or [settings.seeds_dir]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ConfigError(f"no such file or folder: {', '.join(missing)}")
    kit = Toolkit.load(settings)
    report = process_all(paths, kit, progress)
    alignment, report.alignment = alignment_graph(report.articles)
    target = settings.store
    staging = _staging(target)
    store = open_store(staging or target)
    try:
        graphs = {str(REFERENCE_GRAPH): kit.ruleset.reference, ONTOLOGY_GRAPH: kit.ontology,
                  ALIGNMENT_GRAPH: alignment}
        graphs.update({result.iri: result.graph for result in report.accepted})
        for name, graph in graphs.items():
            store.replace_graph(name, graph)
        report.dumps, report.build_id = write_dumps(graphs, settings.dist_dir)
        store.flush()
    except BaseException:
        store.close()
        if staging:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    if staging:
        store.close()
        _swap(staging, target)
    else:
        report.handle = store
    report.store = target
    report.seconds = time.monotonic() - started
    _write_report(settings.dist_dir, report)
    return report


def _staging(target: str) -> str | None:
    """A fresh folder beside an on-disk store to build into (None for in-memory stores)."""
    if target in ("memory:", ":memory:") or target.startswith("memory"):
        return None
    path = Path(target.removeprefix("oxigraph:"))
    staging = path.with_name(path.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    return str(staging)


def _swap(staging: str, target: str) -> None:
    path = Path(target.removeprefix("oxigraph:"))
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    Path(staging).rename(path)
    shutil.rmtree(old, ignore_errors=True)


def _write_report(dist: Path, report: BuildReport) -> None:
    dist.mkdir(parents=True, exist_ok=True)
    info = report.summary()
    info["built_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    (dist / "build.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
