"""The pipeline: articles -> validated article graphs -> store and dumps.

Each article is extracted and validated on its own, together with the reference graph, by
a pure function of (article, rules, reference data) that returns its N-Triples, its report
and what alignment needs (:func:`article_task`); it runs in this process, a process pool
(``jobs``) or on a Dask cluster (``scheduler``), see ``kg.parallel``. An article that cannot
be read, fails extraction or violates the shapes is quarantined (kept out, listed with its
reasons) while the rest goes on.

Builds are incremental: the store keeps a record of every article's input hash and file
(``kg.store.record``). A build adds or replaces the articles it is given and keeps the
others; an unchanged article is not built again; ``prune`` drops articles whose file is
gone; a change to the rules, reference data, ontology or shapes rebuilds every article
whose file is still there. Everything is published in one publication (``Store.
publication``): a failed build leaves the served store as it was.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef

from kg.align import align_all
from kg.alignment_cache import AlignmentCache
from kg.articles import Article, read_article, scan_articles
from kg.config import Settings
from kg.errors import ArticleError, ConfigError
from kg.export import promote
from kg.extract.pipeline import extract
from kg.iris import article_iri
from kg.limits import TimeLimitExceeded, time_limit
from kg.model import Extraction
from kg.namespaces import ID, REFERENCE_GRAPH, SECKG
from kg.parallel import run_each
from kg.ruleset import RuleSet, load_reference, load_rules
from kg.store.record import BUILD_GRAPH, BuildRecord, StoredArticle, read_record
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
    # what a build keeps of it (see article_task): small, picklable, the graph as bytes
    # (PUBLISHED once the build has staged them: it holds one article's graph at a time)
    key: str | None = None
    ntriples: bytes | None = None
    violations: list[str] | None = None
    notes: tuple[str, ...] = ()
    content_hash: str = ""

    @property
    def iri(self) -> str | None:
        key = self.article.key if self.article else self.key
        return article_iri(key) if key else None

    @property
    def accepted(self) -> bool:
        if self.violations is not None:
            return self.error is None and not self.violations and self.ntriples is not None
        return self.error is None and self.graph is not None and (
            self.report is None or self.report.conforms)


PUBLISHED = b""
"""An accepted result's ``ntriples`` once the build has put them in its publication."""


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
    unchanged: list[str] = field(default_factory=list)     # files skipped: same input as stored
    kept: int = 0                         # stored articles this build did not touch
    pruned: list[str] = field(default_factory=list)        # articles dropped: file gone
    missing: list[str] = field(default_factory=list)       # stored, file gone, kept (no prune)
    rebuilt_for_toolkit: bool = False     # rules/reference/shapes changed: all rebuilt

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
            "notes": [note for a in self.articles for note in _notes(a)],
            "unchanged": len(self.unchanged),
            "kept": self.kept,
            "pruned": self.pruned,
            "missing_files": self.missing,
            "rebuilt_for_toolkit": self.rebuilt_for_toolkit,
        }


def _notes(result: ArticleResult) -> tuple[str, ...]:
    return result.article.notes if result.article else result.notes


def reasons(result: ArticleResult) -> list[str]:
    if result.error:
        return [result.error]
    if result.violations is not None:
        return list(result.violations)
    if result.report is not None:
        return [f"{r.focus_label}: {r.path}: {r.message}" for r in result.report.violations]
    return []


@dataclass
class Toolkit:
    """What a build needs loaded once: rules, reference data, ontology and shapes."""

    ruleset: RuleSet
    ontology: Graph
    shapes: Graph | None
    max_bytes: int = 0               # 0: no size cap
    timeout: float = 0.0             # seconds per article; 0: no time limit

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
        return cls(ruleset, ontology, shapes, settings.max_article_bytes,
                   settings.article_timeout)


def process_article(source: Path | Article, kit: Toolkit) -> ArticleResult:
    """Read, extract, map to RDF and validate one article; never raises for bad input."""
    name = source.source if isinstance(source, Article) else str(source)
    result = ArticleResult(name)
    too_big = _over_size(source, kit.max_bytes)
    if too_big:
        result.error = too_big
        return result
    try:
        result.article = source if isinstance(source, Article) else read_article(source)
    except ArticleError as exc:
        result.error = str(exc)
        return result
    try:
        with time_limit(kit.timeout):
            return _extract_and_validate(result, kit)
    except TimeLimitExceeded:
        result.graph, result.report = None, None
        result.error = (f"{name}: the work on this article ran past the limit of "
                        f"{kit.timeout:g} s and was stopped; split the article, or raise "
                        "the limit (Settings.article_timeout)")
        return result


def _over_size(source: Path | Article, most: int) -> str | None:
    """Why the article is too large to build, or None."""
    if not most:
        return None
    try:
        size = (len(source.text.encode("utf-8")) if isinstance(source, Article)
                else source.stat().st_size)
    except OSError:
        return None                    # reading it will say what is wrong
    if size <= most:
        return None
    name = source.source if isinstance(source, Article) else str(source)
    return (f"{name}: {size:,} bytes, over the limit of {most:,} for one article; split it "
            "into parts, or raise the limit (Settings.max_article_bytes)")


def _extract_and_validate(result: ArticleResult, kit: Toolkit) -> ArticleResult:
    name = result.source
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
    return alignment_of([(r.article.key if r.article else r.key, r.extraction)
                         for r in results if r.accepted and r.extraction is not None])


def alignment_of(extractions: list[tuple[str, Extraction]]) -> tuple[Graph, list[tuple[str, str]]]:
    """The alignment graph of (article key, extraction) pairs, and the statement pairs."""
    found = align_all(extractions)
    graph = Graph()
    for links, term in ((found.statements, SECKG.sameStatementAs), (found.events, SECKG.sameEventAs)):
        for a, b in links:
            graph.add((URIRef(a), term, URIRef(b)))
            graph.add((URIRef(b), term, URIRef(a)))
    return graph, found.statements


# -- the per-article function, pure: what a worker anywhere runs ----------------------------
def content_hash(path: Path) -> str:
    """SHA-256 of an article's file and its sidecar (an unreadable file hashes as missing)."""
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.stem + ".meta.json")):
        try:
            digest.update(part.read_bytes())
        except OSError:
            digest.update(b"\0missing")
        digest.update(b"\0")
    return digest.hexdigest()


def toolkit_hash(settings: Settings) -> str:
    """SHA-256 of every rule, reference, ontology and shape file a build reads."""
    digest = hashlib.sha256()
    for folder, pattern in ((settings.rules_dir, "*.toml"), (settings.ontology_dir, "*.ttl"),
                            (settings.shapes_dir, "*.ttl")):
        for path in sorted(folder.rglob(pattern)):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=4)
def _toolkit(settings: Settings) -> Toolkit:
    """The toolkit of a worker process, loaded by its first article."""
    return Toolkit.load(settings)


def article_task(path: str, settings: Settings) -> ArticleResult:
    """Read, extract, map and validate the article at ``path``; the result carries its
    N-Triples (sorted), its violations and its extraction, not the rdflib objects."""
    result = process_article(Path(path), _toolkit(settings))
    return compact(result, content_hash(Path(path)))


def compact(result: ArticleResult, digest: str = "") -> ArticleResult:
    ntriples = None
    if result.graph is not None:
        lines = result.graph.serialize(format="nt", encoding="utf-8").split(b"\n")
        ntriples = b"\n".join(sorted(line for line in lines if line.strip())) + b"\n"
    return ArticleResult(
        source=result.source, extraction=for_alignment(result.extraction), error=result.error,
        key=result.article.key if result.article else None, ntriples=ntriples,
        violations=reasons(result) if result.error is None else [],
        notes=result.article.notes if result.article else (), content_hash=digest)


def for_alignment(extraction: Extraction | None) -> Extraction | None:
    """What a build keeps of an extraction until alignment: its statements and events (the
    mentions, officials, role references and dates are in the article's graph already)."""
    if extraction is None:
        return None
    return replace(extraction, mentions=[], officials=[], rolerefs=[], dates=[],
                   unattributed=[], minted={})


# -- the build --------------------------------------------------------------------------------
@dataclass
class Plan:
    """What a build does with each article: build, skip (unchanged), keep, prune."""

    build: list[Path]
    unchanged: list[str]
    prune: list[str]                      # article IRIs whose file is gone (with --prune)
    missing: list[str]                    # files gone, articles kept
    kept: dict[str, StoredArticle]        # stored articles not rebuilt, with their record
    toolkit_changed: bool


def plan(files: list[Path], record: BuildRecord, toolkit: str, *, prune: bool,
         fresh: bool) -> Plan:
    stored_by_source = {a.source: a for a in record.articles.values()}
    toolkit_changed = bool(record.articles) and record.toolkit_hash != toolkit
    given = {str(path) for path in files}
    todo, unchanged = [], []
    for path in files:
        stored = stored_by_source.get(str(path))
        if (stored and not fresh and not toolkit_changed
                and stored.content_hash == content_hash(path)):
            unchanged.append(str(path))
        else:
            todo.append(path)
    kept, gone, missing = {}, [], []
    if not fresh:
        for iri, stored in sorted(record.articles.items()):
            if stored.source in given:
                continue
            if not Path(stored.source).is_file():
                (gone if prune else missing).append(iri if prune else stored.source)
                if not prune:
                    kept[iri] = stored
            elif toolkit_changed:
                todo.append(Path(stored.source))
            else:
                kept[iri] = stored
    return Plan(todo, unchanged, gone, missing, kept, toolkit_changed)


def build(settings: Settings, paths: list[Path] | None = None, *,
          progress: Callable[[int, int, str], None] | None = None, jobs: int = 1,
          scheduler: str | None = None, prune: bool = False, fresh: bool = False
          ) -> BuildReport:
    """Build into the store at ``settings.store`` and write the dumps in
    ``settings.dist_dir``: the articles under ``paths`` (default the seeds folder) are added
    or replaced, unchanged ones skipped, the other stored articles kept (``prune``: dropped
    when their file is gone; ``fresh``: dropped)."""
    from kg.store import open_store

    started = time.monotonic()
    paths = paths or [settings.seeds_dir]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ConfigError(f"no such file or folder: {', '.join(missing)}")
    files, skipped = scan_articles(paths)
    files = [Path(os.path.abspath(path)) for path in files]   # the record names files so
    report = BuildReport(skipped=skipped)
    location = settings.location()
    with build_lock(settings):
        store = open_store(location)
        try:
            record = read_record(store)
            toolkit = toolkit_hash(settings)
            todo = plan(files, record, toolkit, prune=prune, fresh=fresh)
            report.unchanged, report.pruned, report.missing = (todo.unchanged, todo.prune,
                                                               todo.missing)
            report.kept, report.rebuilt_for_toolkit = len(todo.kept), todo.toolkit_changed
            if not todo.build and not todo.prune and record.build_id and not fresh:
                report.build_id, report.store = record.build_id, str(location)
                report.seconds = time.monotonic() - started
                _finish(store, report, settings)
                return report
            kit = Toolkit.load(settings, with_shapes=False)
            sources = [str(p) for p in todo.build]
            cache = AlignmentCache(settings.dist_dir, toolkit)
            with store.publication(fresh=fresh) as publication:
                for n, result in enumerate(run_each(article_task, sources, context=settings,
                                                    jobs=jobs, scheduler=scheduler), 1):
                    if progress:
                        progress(n, len(sources), result.source)
                    if result.accepted:     # staged now: a build holds one graph at a time
                        publication.put(result.iri, result.ntriples)
                        result.ntriples = PUBLISHED
                        cache.put(result.content_hash, result.key, result.extraction)
                    report.articles.append(result)
                _publish(publication, report, record, todo, kit, settings, toolkit, cache)
        except BaseException:
            store.close()
            raise
    if report.build_id:
        report.dumps = promote(settings.dist_dir, report.build_id)
    report.store = str(location)
    report.seconds = time.monotonic() - started
    _finish(store, report, settings)
    return report


def _finish(store, report: BuildReport, settings: Settings) -> None:
    if settings.location().kind == "memory":
        report.handle = store
    else:
        store.close()
    _write_report(settings.dist_dir, report)


def _publish(publication, report: BuildReport, record: BuildRecord, todo: Plan, kit: Toolkit,
             settings: Settings, toolkit: str, cache: AlignmentCache) -> None:
    """The rest of one publication, once the accepted articles are in it: what the build
    replaced or pruned goes, the reference, ontology and alignment graphs, the dumps (read
    back from the publication) and the new record last."""
    from kg.export import write_dumps

    accepted = {r.iri: r for r in report.accepted}
    extractions = [(r.key, r.extraction) for r in accepted.values()]
    extractions += _kept_extractions(todo.kept, accepted, settings, cache)
    alignment, report.alignment = alignment_of(extractions)
    new = BuildRecord(toolkit_hash=toolkit, articles={
        iri: stored for iri, stored in todo.kept.items() if iri not in accepted})
    for iri, result in accepted.items():
        new.articles[iri] = StoredArticle(iri, result.content_hash, result.source)
    # what a file was stored as before goes when it is rebuilt: under a new IRI if its text
    # changed, or not at all if it is now quarantined (the report lists it)
    rebuilt = {r.source for r in report.articles}
    replaced = [iri for iri, stored in record.articles.items()
                if stored.source in rebuilt and iri not in accepted]
    for name, graph in ((str(REFERENCE_GRAPH), kit.ruleset.reference),
                        (ONTOLOGY_GRAPH, kit.ontology), (ALIGNMENT_GRAPH, alignment)):
        publication.put(name, graph.serialize(format="nt", encoding="utf-8"))
    for iri in [*todo.prune, *replaced]:
        if iri not in accepted:
            publication.remove(iri)
            new.articles.pop(iri, None)
    graphs = published_graphs(publication)
    report.dumps, report.build_id = write_dumps(graphs, settings.dist_dir)
    new.build_id = report.build_id
    new.built_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    publication.put(BUILD_GRAPH, new.graph().serialize(format="nt", encoding="utf-8"))
    cache.keep_only({stored.content_hash for stored in new.articles.values()})


def _kept_extractions(kept: dict[str, StoredArticle], accepted: dict, settings: Settings,
                      cache: AlignmentCache) -> list[tuple[str, Extraction]]:
    """What alignment needs of the stored articles this build keeps: their entries in the
    alignment cache, else extracted again from their files (no validation; then cached); an
    article with neither keeps no links."""
    found = []
    kit = None
    for iri, stored in sorted(kept.items()):
        if iri in accepted:
            continue
        entry = cache.get(stored.content_hash)
        if entry is not None:
            found.append(entry)
            continue
        if not Path(stored.source).is_file():
            continue
        try:
            kit = kit or _toolkit(settings)
            article = read_article(Path(stored.source))
            extraction = for_alignment(extract(article, kit.ruleset))
        except Exception:  # noqa: BLE001 - it was built once; without links it still stands
            log.debug("cannot re-extract %s for alignment", stored.source)
            continue
        found.append((article.key, extraction))
        cache.put(stored.content_hash, article.key, extraction)
    return found


def published_graphs(publication) -> Iterator[tuple[str, bytes]]:
    """Every graph of the publication but the build record, one at a time in name order, as
    N-Triples (the dump writer types the offsets as the model says:
    ``kg.rdfio.model_triples``)."""
    for name, data in publication.graphs_ntriples():
        if name != BUILD_GRAPH:
            yield name, data


@contextmanager
def build_lock(settings: Settings):
    """One build at a time per store: a second one is refused with a clear message."""
    location = settings.location()
    if location.kind == "disk":
        lock_path = location.path.with_name(location.path.name + ".lock")
    else:
        lock_path = settings.dist_dir / ".build.lock"
    if location.kind == "memory":
        yield
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise ConfigError(f"another build is writing {location} ({holder}); wait for it "
                              "to finish, or build into another --store") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_report(dist: Path, report: BuildReport) -> None:
    dist.mkdir(parents=True, exist_ok=True)
    info = report.summary()
    info["built_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    (dist / "build.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
