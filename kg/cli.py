"""The ``seckg`` command: a thin layer over the library.

Exit codes: 0 success (or graph conforms), 1 SHACL violations, 2 bad input or arguments.
Commands from other packages (``serve`` from ``api``) join through the entry-point group
``seckg.commands``, so ``kg`` never imports ``api``.
"""

from __future__ import annotations

import logging
import os
import sys
from importlib.metadata import entry_points
from pathlib import Path

import click

from kg import formats
from kg.config import Settings
from kg.errors import SeckgError

log = logging.getLogger("seckg")


class SeckgGroup(click.Group):
    """A group that turns library errors into one line and a documented exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SeckgError as exc:
            click.echo(f"seckg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:         # `seckg query ... | head`: the reader left, fine
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("seckg: interrupted", err=True)
            ctx.exit(130)

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *_plugins()})

    def get_command(self, ctx, name):
        cmd = super().get_command(ctx, name)
        if cmd is None and name in _plugins():
            cmd = _plugins()[name].load()
        return cmd


def _plugins() -> dict:
    return {ep.name: ep for ep in entry_points(group="seckg.commands")}


@click.group(cls=SeckgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store", default=None, metavar="LOCATION", envvar="SECKG_STORE",
              help="Store: a folder (embedded pyoxigraph on disk, default var/store), "
                   "'memory:', 'oxigraph+http://HOST:PORT', 'fuseki+http://HOST:PORT/DATASET', "
                   "'virtuoso+http://HOST:PORT' or 'sparql+http://HOST/QUERY-PATH' (also from "
                   "$SECKG_STORE).")
@click.option("--update-url", default=None, metavar="URL",
              help="SPARQL Update URL of a sparql+http:// store.")
@click.option("--graph-store-url", default=None, metavar="URL",
              help="Graph Store Protocol URL of a sparql+http:// store (builds publish "
                   "through it).")
@click.option("--store-user", default=None, metavar="USER", envvar="SECKG_STORE_USER",
              help="HTTP Basic user of the store (password from $SECKG_STORE_PASSWORD).")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def main(ctx: click.Context, store: str | None, update_url: str | None,
         graph_store_url: str | None, store_user: str | None, verbose: int) -> None:
    """seckg: security organisations and what their officials say, as a knowledge graph."""
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, stream=sys.stderr,
                        format='{"level":"%(levelname)s","logger":"%(name)s","msg":"%(message)s"}')
    ctx.obj = Settings().with_(store=store, store_update_url=update_url,
                               store_graph_store_url=graph_store_url, store_user=store_user)


def _progress(verbose: bool):
    """Progress lines on stderr when a person is watching (or -v)."""
    if not (verbose or sys.stderr.isatty()):
        return None

    def show(n: int, total: int, name: str) -> None:
        click.echo(f"[{n}/{total}] {name}", err=True)

    return show


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--dist", "dist", type=click.Path(path_type=Path), default=None,
              help="Where the dumps and build.json go (default dist/).")
@click.option("--strict", is_flag=True, help="Exit 1 if any article is quarantined.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that build articles in parallel (default: the number of cores).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Build articles on the Dask cluster of this scheduler "
                   "(tcp://HOST:8786; needs pip install 'seckg[dask]').")
@click.option("--prune", is_flag=True,
              help="Drop stored articles whose file is gone (they are kept, and listed, "
                   "without it).")
@click.option("--fresh", is_flag=True,
              help="Start from an empty store: only the articles given end up in it.")
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], dist: Path | None, strict: bool,
          jobs: int | None, scheduler: str | None, prune: bool, fresh: bool) -> None:
    """Build articles (PATHS: files or folders; default seeds/) into the store and write the
    dumps. Articles given are added or replaced, unchanged ones skipped, and the store's other
    articles kept (--prune drops those whose file is gone; --fresh drops all others). A
    changed rule, reference, ontology or shape file rebuilds every article. A bad article is
    quarantined with its reasons; the rest goes in."""
    from kg.build import build as run_build
    from kg.build import reasons
    from kg.parallel import default_jobs

    settings: Settings = ctx.obj.with_(dist_dir=dist)
    verbose = logging.getLogger().level <= logging.INFO
    report = run_build(settings, list(paths) or None, progress=_progress(verbose),
                       jobs=jobs or default_jobs(), scheduler=scheduler, prune=prune,
                       fresh=fresh)
    info = report.summary()
    click.echo(f"{info['articles']} articles built: {info['accepted']} accepted, "
               f"{len(info['quarantined'])} quarantined; {info['unchanged']} unchanged, "
               f"{info['kept']} others kept, {len(info['pruned'])} pruned; "
               f"{info['statements']} statements, {info['aligned_pairs']} aligned pairs; "
               f"store {settings.store}; dumps in {settings.dist_dir}/ ({info['seconds']} s)",
               err=True)
    if report.rebuilt_for_toolkit:
        click.echo("the rules, reference data, ontology or shapes changed: every stored "
                   "article whose file is there was built again", err=True)
    if report.missing:
        click.echo(f"{len(report.missing)} stored articles have no file any more and were "
                   "kept (seckg build --prune drops them):", err=True)
        for source in report.missing[:20]:
            click.echo(f"  - {source}", err=True)
    for bad in report.quarantined:
        click.echo(f"quarantined {bad.source}:", err=True)
        for reason in reasons(bad):
            click.echo(f"  - {reason}", err=True)
    for note in info["notes"]:             # kept, with something dropped or cleaned
        click.echo(f"note: {note}", err=True)
    for entry in info["skipped"]:
        click.echo(f"skipped {entry['path']} ({entry['reason']})", err=True)
    if strict and report.quarantined:
        ctx.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "turtle", "jsonld"]),
              default="trig", show_default=True, help="RDF format written to stdout.")
@click.pass_obj
def extract(settings: Settings, paths: tuple[str, ...], fmt: str) -> None:
    """Print the RDF of articles (files, folders, or '-' for standard input), with the
    reference entities they use and alignments across them."""
    from kg.articles import parse_article
    from kg.build import Toolkit, alignment_graph, process_article
    from kg.dataset import extraction_dataset

    kit = Toolkit.load(settings, with_shapes=False)
    results = []
    for name in paths:
        if name == "-":
            article = parse_article(sys.stdin.buffer.read(), "<stdin>")
            results.append(process_article(article, kit))
            continue
        from kg.articles import find_articles

        for path in find_articles([Path(name)]):
            results.append(process_article(path, kit))
    failed = [r for r in results if r.error]
    for r in failed:
        click.echo(f"seckg: error: {r.error}", err=True)
    alignment, _ = alignment_graph(results)
    sys.stdout.buffer.write(extraction_dataset(results, alignment, kit.ruleset.reference, fmt))
    if failed:
        sys.exit(2)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text",
              show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of stdout.")
@click.pass_obj
def validate(settings: Settings, paths: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """Validate articles (PATHS: .txt files or folders; default seeds/) or RDF files
    (.ttl .trig .nq .nt .jsonld .rdf) against the SHACL shapes.

    Every report names its file; other files (.pdf, .md, ...) are listed as skipped.
    Exit code 0: conforms; 1: violations; 2: bad input or arguments, or nothing to
    validate."""
    from kg.validate_cli import run_validation

    text, code = run_validation(settings, list(paths) or [settings.seeds_dir], fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text)
    sys.exit(code)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--graph", metavar="IRI", help="Load triples into this named graph.")
@click.option("--format", "fmt", default=None, help="RDF format (default: from the suffix).")
@click.pass_obj
def load(settings: Settings, files: tuple[str, ...], graph: str | None, fmt: str | None) -> None:
    """Load RDF FILES (Turtle, TriG, N-Quads, N-Triples, JSON-LD, RDF/XML) into the store."""
    from kg.formats import format_by_name
    from kg.store import open_store

    store = open_store(settings.location())
    try:
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise SeckgError(f"{name}: no such file (give RDF files to load)")
            try:
                rdf_format = format_by_name(fmt or path.suffix.lstrip(".") or "?")
            except KeyError as exc:
                raise SeckgError(f"{name}: {exc.args[0]} (or pass --format)") from exc
            try:
                store.load(path, format=rdf_format.name, graph=graph)
            except OSError as exc:
                raise SeckgError(f"{name}: cannot read ({exc.strerror or exc})") from exc
            click.echo(f"loaded {name}", err=True)
    finally:
        store.close()


@main.command()
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(["table", *formats.names("results"),
                                                     *formats.names("rdf")]),
              default=None, help="Output format. SELECT and ASK: table (default; long "
                                 "values clipped), json, xml, csv or tsv; CONSTRUCT and "
                                 "DESCRIBE: turtle (default), ntriples, jsonld, rdfxml, trig "
                                 "or nquads.")
@click.pass_obj
def query(settings: Settings, sparql: str, fmt: str | None) -> None:
    """Run a SPARQL query ('-' reads it from standard input) against the store.

    The model's prefixes (seckg:, org:, schema:, prov:, oa:, skos:, rdfs:, rdf:, owl:, xsd:,
    dcterms:, time:, wd:) are declared for you. Read-only: SERVICE and LOAD are refused, and
    updates go through 'seckg load' or the endpoint of 'seckg serve --admin-token'."""
    from kg.query_cli import check_query, output_format, run_query
    from kg.store import open_store

    if sparql == "-":
        sparql = sys.stdin.read()
    output_format(check_query(sparql, settings), fmt)   # refuse before opening the store
    store = open_store(settings.location(), read_only=True)
    try:
        answer = run_query(store, sparql, fmt)
    finally:
        store.close()
    sys.stdout.buffer.write(answer)
    sys.stdout.flush()


@main.command()
@click.pass_obj
def stats(settings: Settings) -> None:
    """Counts of quads, graphs, articles, statements, persons, organisations and events."""
    from kg.stats import dataset_stats
    from kg.store import open_store

    store = open_store(settings.location(), read_only=True)
    for key, value in dataset_stats(store).items():
        click.echo(f"{key:<14}{value}")


if __name__ == "__main__":  # pragma: no cover
    main()
