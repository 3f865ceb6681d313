"""`seckg serve`: the HTTP app over the store (joins the seckg command via an entry point)."""

from __future__ import annotations

import errno
import logging
import signal
import socket

import click

from kg import ConfigError
from kg.config import Settings
from kg.store import store_exists

log = logging.getLogger("seckg.serve")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--query-timeout", type=float, default=None,
              help="Seconds a SPARQL query may run before it is stopped (default 30).")
@click.option("--workers", "query_workers", type=int, default=None,
              help="Query worker processes (default 2).")
@click.option("--threads", type=int, default=8, show_default=True,
              help="HTTP threads (waitress).")
@click.option("--on-disk", is_flag=True,
              help="Query workers read the embedded store on disk instead of copying it into "
                   "memory at start (for stores larger than memory).")
@click.option("--behind-proxy", is_flag=True,
              help="Trust X-Forwarded-* headers from one reverse proxy.")
@click.option("--admin-token", default=None, metavar="TOKEN", envvar="SECKG_ADMIN_TOKEN",
              help="Allow SPARQL Update to requests with 'Authorization: Bearer TOKEN' "
                   "(also from $SECKG_ADMIN_TOKEN; default: read-only).")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, query_timeout: float | None,
          query_workers: int | None, threads: int, on_disk: bool, behind_proxy: bool,
          admin_token: str | None) -> None:
    """Serve the graph: SPARQL at /sparql, pages at /id/..., dumps at /dumps/, the query
    page at /. Builds from seeds/ first when there is no store yet. Stops on Ctrl-C or
    SIGTERM; exit code 2 when the port is taken."""
    from api import create_app

    check_port(host, port)              # before a build that may take a while
    settings = settings.with_(query_timeout=query_timeout, query_workers=query_workers,
                              query_in_memory=False if on_disk else None,
                              behind_proxy=behind_proxy or None, admin_token=admin_token or None)
    if not store_exists(settings.location()):
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
    from api.sparql import serving

    store = serving(app)                # start the query workers before the first request
    try:
        server = _listen(app, host=host, port=port, threads=threads)
        mode = "read-write with the admin token" if settings.admin_token else "read-only"
        click.echo(f"seckg serving {settings.store} ({mode}) on http://{host}:{port}/ "
                   f"(SPARQL at http://{host}:{port}/sparql)", err=True)
        _run_until_stopped(server)
    finally:
        store.close()


def check_port(host: str, port: int) -> None:
    """Raise ConfigError (exit 2) naming the port and the fix when it cannot be listened on.

    Binds the way waitress does (SO_REUSEADDR), so only a live listener counts as taken."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                       flags=socket.AI_PASSIVE)
    except (socket.gaierror, OverflowError) as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc} (check --host and --port)"
                          ) from None
    for family, kind, proto, _name, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise _port_error(host, port, exc) from None


def _port_error(host: str, port: int, exc: OSError) -> ConfigError:
    if exc.errno == errno.EADDRINUSE:
        return ConfigError(f"port {port} is in use on {host}; try --port {port + 1} "
                           "(or stop what listens there)")
    if exc.errno == errno.EACCES:
        return ConfigError(f"cannot listen on {host}:{port}: permission denied (ports below "
                           "1024 need root); try --port 5000")
    return ConfigError(f"cannot listen on {host}:{port}: {exc.strerror} (check --host and "
                       "--port)")


def _listen(app, *, host: str, port: int, threads: int):
    """A waitress server bound to host:port (ConfigError if the port was taken meanwhile)."""
    import waitress

    try:
        return waitress.create_server(app, host=host, port=port, threads=threads,
                                      ident="seckg")
    except OSError as exc:
        raise _port_error(host, port, exc) from None


def _run_until_stopped(server) -> None:
    """Serve until Ctrl-C or SIGTERM (which a service manager or `kill` sends)."""
    def stop(_signum, _frame):
        raise SystemExit(0)             # waitress's loop shuts its threads down on this

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    finally:
        signal.signal(signal.SIGTERM, previous)
    log.info("stopped")
