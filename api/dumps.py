"""The build's dump files from ``settings.dist_dir``, listed and served with validators.

``/dumps/`` lists them (JSON, or HTML for browsers). ``/dumps/seckg.ttl.gz`` serves the gzip
file the build wrote, as ``application/gzip``. ``/dumps/seckg.ttl`` serves Turtle; when the
client accepts gzip and ``seckg.ttl.gz`` exists, the same bytes go out with
``Content-Encoding: gzip`` (and ``Vary: Accept-Encoding``), so nothing is compressed per
request. Every file carries ETag and Last-Modified and answers 304 on revalidation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.http import is_resource_modified

from api import caching
from api.labels import reader_language
from api.negotiate import HTML, best_media_type, parse_accept
from api.problems import error
from kg import FORMATS, RdfFormat
from kg.export import dumps_of

bp = Blueprint("dumps", __name__)
BY_EXTENSION = {f.extension: f for f in FORMATS if f.kind == "rdf"}


@bp.record_once
def _setup(state) -> None:
    caching.init_app(state.app)


def dump_format(name: str) -> RdfFormat | None:
    """The RDF format of ``seckg.ttl`` or ``seckg.ttl.gz`` (None for other files)."""
    return BY_EXTENSION.get(name.removesuffix(".gz").rsplit(".", 1)[-1]) if "." in name else None


def dump_files(dist: Path) -> dict[str, Path]:
    """The dump files of the build the store holds (``dist/builds/<build id>/``, so dumps
    and answers always come from the same build), else of ``dist``, by name (RDF files and
    their .gz), nothing else."""
    dist = dumps_of(dist, caching.build_info().build_id)
    if not dist.is_dir():
        return {}
    return {p.name: p for p in sorted(dist.iterdir()) if p.is_file() and dump_format(p.name)}


def accepts_gzip(header: str | None) -> bool:
    codings = dict(parse_accept(header))
    q = codings.get("gzip", codings.get("x-gzip", codings.get("*", 0.0)))
    return q > 0


def _listing(files: dict[str, Path]) -> list[dict]:
    out = []
    for name, path in files.items():
        if name.endswith(".gz"):
            continue
        fmt = dump_format(name)
        gz = files.get(name + ".gz")
        stat = path.stat()
        out.append({"name": name, "format": fmt.name, "media_type": fmt.media_type,
                    "size": stat.st_size, "url": url_for("dumps.dump", name=name, _external=True),
                    "gzip_size": gz.stat().st_size if gz else None,
                    "gzip_url": url_for("dumps.dump", name=gz.name, _external=True) if gz else None,
                    "modified": datetime.fromtimestamp(stat.st_mtime, UTC).isoformat(
                        timespec="seconds")})
    return out


def listing() -> list[dict]:
    return _listing(dump_files(current_app.config["SECKG_SETTINGS"].dist_dir))


@bp.get("/dumps/")
def index() -> Response:
    media_type = best_media_type(request.headers.get("Accept"), ["application/json", HTML])
    info = caching.build_info()
    if media_type == HTML:
        response = Response(render_template("dumps.html", dumps=listing(), build=info,
                                            lang=reader_language()), mimetype=HTML)
    else:
        response = jsonify(build_id=info.build_id, dumps=listing())
    response.vary.add("Accept")
    return caching.conditional(response, media_type or "", reader_language())


def _etag(path: Path, coding: str) -> str:
    stat = path.stat()
    return f"{path.name}-{stat.st_size}-{stat.st_mtime_ns}-{coding}"


def _send(path: Path, media_type: str, coding: str) -> Response:
    """``path`` with its validators; a 304 (without opening the file) when the client's copy
    is fresh."""
    etag = _etag(path, coding)
    mtime = datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
    if not is_resource_modified(request.environ, etag=etag, last_modified=mtime):
        response = Response(status=304)
        response.set_etag(etag)
        response.last_modified = mtime
        return response
    return send_file(path, mimetype=media_type, etag=etag, conditional=True, max_age=300)


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    files = dump_files(current_app.config["SECKG_SETTINGS"].dist_dir)
    path = files.get(name)
    if path is None:
        return error(404, f"no dump file {name!r}; see /dumps/ for the list")
    if name.endswith(".gz"):
        return _send(path, "application/gzip", "file")
    fmt = dump_format(name)
    gz = files.get(name + ".gz")
    if gz is not None and accepts_gzip(request.headers.get("Accept-Encoding")):
        response = _send(gz, fmt.media_type, "gzip")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = _send(path, fmt.media_type, "identity")
    if response.status_code == 200:
        response.headers["Content-Type"] = fmt.content_type
    response.vary.add("Accept-Encoding")
    return response
