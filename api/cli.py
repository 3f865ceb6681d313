"""`seckg serve`: the HTTP app over the store (joins the seckg command via an entry point)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from kg.config import Settings

log = logging.getLogger("seckg.serve")


def _store_missing(location: str) -> bool:
    if location.startswith("memory"):
        return True
    path = Path(location.removeprefix("oxigraph:"))
    return not path.is_dir() or not any(path.iterdir())


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--query-timeout", type=float, default=None,
              help="Seconds a SPARQL query may run before it is stopped (default 30).")
@click.option("--workers", "query_workers", type=int, default=None,
              help="Query worker processes (default 2).")
@click.option("--threads", type=int, default=8, show_default=True,
              help="HTTP threads (waitress).")
@click.option("--behind-proxy", is_flag=True,
              help="Trust X-Forwarded-* headers from one reverse proxy.")
@click.option("--admin-token", default=None, metavar="TOKEN", envvar="SECKG_ADMIN_TOKEN",
              help="Allow SPARQL Update to requests with 'Authorization: Bearer TOKEN' "
                   "(also from $SECKG_ADMIN_TOKEN; default: read-only).")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, query_timeout: float | None,
          query_workers: int | None, threads: int, behind_proxy: bool,
          admin_token: str | None) -> None:
    """Serve the graph: SPARQL at /sparql, pages at /id/..., dumps at /dumps/, the query
    page at /. Builds from seeds/ first when there is no store yet."""
    import waitress

    from api import create_app

    settings = settings.with_(query_timeout=query_timeout, query_workers=query_workers,
                              behind_proxy=behind_proxy or None, admin_token=admin_token or None)
    if _store_missing(settings.store):
        from kg.build import build

        click.echo(f"no store at {settings.store}: building from {settings.seeds_dir} first",
                   err=True)
        report = build(settings)
        if report.handle is not None:       # an in-memory store lives only in this process
            app = create_app(settings, store=report.handle)
        else:
            app = create_app(settings)
    else:
        app = create_app(settings)
    from api.sparql import executor_for

    executor_for(app)                   # start the query workers before the first request
    mode = "read-write with the admin token" if settings.admin_token else "read-only"
    click.echo(f"seckg serving {settings.store} ({mode}) on http://{host}:{port}/ "
               f"(SPARQL at http://{host}:{port}/sparql)", err=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="seckg")
