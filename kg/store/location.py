"""Store locations: the one parser of ``--store``, with one meaning for each form.

=================================  ===========================================================
``var/store`` (any folder path)    embedded pyoxigraph on disk (the default)
``memory:``                        embedded pyoxigraph in memory (lives as long as the process)
``sparql+http(s)://HOST/PATH``     a SPARQL 1.1 service: queries to ``http(s)://HOST/PATH``;
                                   updates and graphs at ``--update-url`` / ``--graph-store-url``
``http(s)://HOST/PATH``            the same as ``sparql+http(s)://``
``oxigraph+http(s)://HOST:PORT``   Oxigraph server: ``/query``, ``/update``, graphs at ``/store``
``fuseki+http(s)://HOST:PORT/DS``  Apache Jena Fuseki dataset ``DS``: ``/DS/query``,
                                   ``/DS/update``, graphs at ``/DS/data``
``virtuoso+http(s)://HOST:PORT``   OpenLink Virtuoso: queries to ``/sparql``, updates to
                                   ``/sparql-auth``, graphs at ``/sparql-graph-crud-auth``
                                   (HTTP Digest)
=================================  ===========================================================

Credentials for a service come from options or ``SECKG_STORE_USER`` / ``SECKG_STORE_PASSWORD``,
never from the URL, so they do not end up in logs or ``build.json``. They are sent with HTTP
Basic, or HTTP Digest where the server asks for it (Virtuoso's ``-auth`` endpoints; the
``virtuoso+`` shorthand never sends them in the clear). See ``docs/stores.md``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import ConfigError

MEMORY = "memory:"
FORMS = ("a folder (embedded store on disk), 'memory:', 'sparql+http://HOST/PATH', "
         "'oxigraph+http://HOST:PORT', 'fuseki+http://HOST:PORT/DATASET' or "
         "'virtuoso+http://HOST:PORT'")

# standard paths of servers we know: (query, update, graph store), under the given URL
_SERVERS = {"oxigraph": ("/query", "/update", "/store"),
            "fuseki": ("/query", "/update", "/data"),
            "virtuoso": ("/sparql", "/sparql-auth", "/sparql-graph-crud-auth")}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Location:
    """Where the graph lives. ``kind`` is ``disk``, ``memory`` or ``sparql``."""

    kind: str
    text: str                          # as given, for messages (no credentials)
    path: Path | None = None           # disk
    query_url: str | None = None       # sparql
    update_url: str | None = None
    graph_store_url: str | None = None
    user: str | None = None
    password: str | None = None
    server: str = ""                   # the shorthand's server (its quirks: kg.store.remote)

    @property
    def embedded(self) -> bool:
        return self.kind in ("disk", "memory")

    def resolved(self, base: Path) -> Location:
        """This location with a relative folder made absolute against ``base``."""
        if self.kind != "disk" or self.path is None or self.path.is_absolute():
            return self
        path = Path(os.path.normpath(base / self.path.expanduser()))
        return replace(self, path=path, text=str(path))

    def __str__(self) -> str:
        return self.text


def parse_location(text: str | Location, *, update_url: str | None = None,
                   graph_store_url: str | None = None, user: str | None = None,
                   password: str | None = None) -> Location:
    """Parse a ``--store`` value (see the module docstring).

    >>> parse_location("var/store").kind, parse_location("memory:").kind
    ('disk', 'memory')
    >>> loc = parse_location("oxigraph+http://127.0.0.1:7878")
    >>> loc.query_url, loc.update_url, loc.graph_store_url
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
    >>> parse_location("fuseki+http://h:3030/kg").graph_store_url
    'http://h:3030/kg/data'
    >>> loc = parse_location("virtuoso+http://h:8890")
    >>> loc.query_url, loc.update_url, loc.server
    ('http://h:8890/sparql', 'http://h:8890/sparql-auth', 'virtuoso')
    >>> loc.graph_store_url
    'http://h:8890/sparql-graph-crud-auth'
    >>> parse_location("sparql+https://example.org/sparql").update_url is None
    True
    """
    if isinstance(text, Location):
        return text
    raw = text.strip()
    if not raw:
        raise ConfigError(f"the store location is empty; give {FORMS}")
    user = user or os.environ.get("SECKG_STORE_USER") or None
    password = password or os.environ.get("SECKG_STORE_PASSWORD") or None
    match = _SCHEME.match(raw)
    scheme = match.group(1).lower() if match else ""
    if raw.lower() in ("memory:", ":memory:"):
        return Location("memory", MEMORY)
    if not scheme or (len(scheme) == 1 and raw[1:3] in (":\\", ":/")):   # path (or C:\...)
        return Location("disk", raw, path=Path(raw))
    family, _, transport = scheme.partition("+")
    if not transport:
        family, transport = "sparql", scheme
    if transport not in ("http", "https") or family not in ("sparql", *_SERVERS):
        raise ConfigError(f"unknown store location {raw!r}: give {FORMS}")
    url = f"{transport}{raw[len(scheme):]}"
    parts = urlsplit(url)
    if not parts.hostname:
        raise ConfigError(f"store location {raw!r} names no host: give e.g. "
                          f"'{family}+http://127.0.0.1:7878'")
    if parts.username or parts.password:
        raise ConfigError(f"store location {_without_userinfo(raw)!r}: put credentials in "
                          "--store-user and $SECKG_STORE_PASSWORD, not in the URL")
    base = url.rstrip("/")
    if family == "sparql":
        query = url
    else:
        paths = _SERVERS[family]
        query, update_url, graph_store_url = (base + paths[0], update_url or base + paths[1],
                                              graph_store_url or base + paths[2])
    return Location("sparql", raw, query_url=query, update_url=update_url,
                    graph_store_url=graph_store_url, user=user, password=password,
                    server="" if family == "sparql" else family)


def _without_userinfo(text: str) -> str:
    return re.sub(r"//[^/@]*@", "//", text)
