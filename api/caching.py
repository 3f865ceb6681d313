"""Validators for everything derived from the store: an ETag from the build id.

The build id is read once, when the app is created: ``build_id`` (and ``built_at``) from
the build record in the store (``kg.store.record``), so several servers of one store send
the same ETags; else from ``<dist_dir>/build.json``; else a hash of the store's quad count
and graph list. Every page then carries ``ETag: "<hash of build id and variant>"`` and answers
304 to ``If-None-Match`` (and, when ``built_at`` is known, to ``If-Modified-Since``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Flask, Response, current_app, request
from werkzeug.http import http_date

from kg import Settings, Store

KEY = "seckg.build"
CACHE_CONTROL = "public, max-age=300, must-revalidate"


@dataclass(frozen=True, slots=True)
class BuildInfo:
    build_id: str
    built_at: datetime | None = None


def read_build_info(settings: Settings, store: Store) -> BuildInfo:
    """The build's id and time from the store's build record (every server of one store
    agrees), else from build.json, else an id hashed from the store's shape."""
    try:
        record = store.build_info()
    except Exception:  # noqa: BLE001 - a store that cannot say: fall back below
        record = None
    if record:
        at = record.get("built_at") or ""
        when = datetime.fromisoformat(at.replace("Z", "+00:00")) if at else None
        return BuildInfo(record["build_id"], when)
    path = settings.dist_dir / "build.json"
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        built_at = info.get("built_at")
        when = datetime.fromisoformat(built_at.replace("Z", "+00:00")) if built_at else None
        return BuildInfo(str(info["build_id"]), when)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    shape = json.dumps([len(store), store.graphs()])
    return BuildInfo("store-" + hashlib.sha256(shape.encode()).hexdigest()[:16])


def init_app(app: Flask) -> None:
    """Compute the build info once (idempotent: every blueprint of ours may call it)."""
    if KEY not in app.extensions:
        app.extensions[KEY] = read_build_info(app.config["SECKG_SETTINGS"],
                                              app.extensions["seckg.store"])


def forget(app: Flask) -> None:
    """The store changed under the app: the next request reads the build info again."""
    app.extensions.pop(KEY, None)
    init_app(app)


def build_info() -> BuildInfo:
    return current_app.extensions[KEY]


def conditional(response: Response, *variant: str) -> Response:
    """Add ETag, Last-Modified and Cache-Control to ``response``; turn it into a 304 if fresh.

    ``variant`` names what else the body depends on (format, language).
    """
    for name, value in validators(build_info(), request.full_path, *variant):
        response.headers[name] = value
    return response.make_conditional(request)


def validators(info: BuildInfo, full_path: str, *variant: str) -> list[tuple[str, str]]:
    """The ETag, Last-Modified and Cache-Control headers of an answer to ``full_path`` (path
    and query string) under build ``info``; the one place they are made (also for the fast
    path of ``api.fast_sparql``)."""
    seed = "\n".join([info.build_id, full_path, *variant])
    headers = [("ETag", f'"{hashlib.sha256(seed.encode()).hexdigest()[:32]}"')]
    if info.built_at is not None:
        headers.append(("Last-Modified", http_date(info.built_at.astimezone(UTC))))
    return headers + [("Cache-Control", CACHE_CONTROL)]
