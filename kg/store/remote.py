"""A SPARQL 1.1 server as the store: Oxigraph server, Apache Jena Fuseki, OpenLink Virtuoso,
or any service that speaks the SPARQL 1.1 Protocol (queries, updates) and the Graph Store
Protocol (``docs/stores.md`` says how to set each up).

Publishing puts one named graph per article with a Graph Store Protocol ``PUT`` (replaced
whole and idempotently; the server applies each in one transaction, so a reader never sees
half a graph), removes graphs with ``DELETE``, and writes the build record last, so the
build id every server derives its ETags from changes only once all graphs are in.

Queries are sent with the service's own time limit where it has one (Oxigraph server:
``--timeout-s``) and a client-side limit of the same length; answers are cut to the row
limit like the embedded store's. The server's default graph must be the union of its named
graphs (Oxigraph: ``serve --union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``;
Virtuoso: always): :meth:`SparqlStore.serve` checks it.

Graphs a server keeps for itself (Virtuoso's ``virtrdf#`` and the like, ``SERVER_GRAPHS``)
are never listed, counted, dumped or removed, even where the server lets its users see them.
An answer a server cut short at its time limit and sent as a success (Virtuoso's "anytime"
answers, marked ``X-SQL-State: S1TAT``) is a timeout, never a partial answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import requests
from rdflib import Graph
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from kg.errors import QueryError, StoreError
from kg.formats import format_by_name
from kg.sparql_tokens import OUTSIDE, code, keywords, tokens
from kg.store.answers import (
    NTRIPLES,
    Answer,
    QueryRequest,
    QueryTimeout,
    results_answer,
    syntax_error,
    triples_answer,
)
from kg.store.base import UNLIMITED, AnswersThroughProtocol, Publishing
from kg.store.location import Location, parse_location
from kg.store.record import read_build_info
from kg.store.registry import register_backend

NQUADS = "application/n-quads"
REFRESH_SECONDS = 2.0
_UNSEEN = object()
CONNECT_SECONDS = 10.0
# graphs servers keep for themselves (Virtuoso: its mapping schema, LDP and URIQA graphs)
SERVER_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                 "http://localuriqaserver/sparql")
_OURS = "FILTER(?g NOT IN ({}))".format(", ".join(f"<{g}>" for g in SERVER_GRAPHS))
PARTIAL = ("X-SQL-State", "S1TAT")      # Virtuoso: "anytime" answer, cut at the time limit
# what a server needs beyond the protocols, by Location.server
DIGEST_ONLY = {"virtuoso"}              # credentials only as HTTP Digest (its -auth endpoints)
TIMEOUT_PARAM = {"virtuoso": "timeout"}  # a per-query time limit (ms) the server enforces
GRACE_SECONDS = 5.0                     # how long the client waits for such a server to stop


class SparqlStore(AnswersThroughProtocol, Publishing):
    """A store at a ``sparql`` location (see ``kg.store.location``)."""

    def __init__(self, location: Location | str, *, read_only: bool = False) -> None:
        self.location = parse_location(location)
        self.read_only = read_only
        self.timeout = 60.0
        self.limit = UNLIMITED
        self._counts = {"timeouts": 0, "crashes": 0}
        self._closed = False
        self._checked = float("-inf")
        self._build_id: object = _UNSEEN
        self._http = requests.Session()
        if self.location.user:
            self._http.auth = _Credentials(self.location.user, self.location.password or "",
                                           digest_only=self.location.server in DIGEST_ONLY)
        self._http.headers["User-Agent"] = "seckg"

    # -- HTTP ------------------------------------------------------------------------------
    def _call(self, method: str, url: str, *, timeout: float | None = None, grace: float = 0,
              **kwargs: Any) -> requests.Response:
        if self._closed:
            raise QueryError(f"the connection to the store at {self.location} is shut down",
                             status=503)
        try:
            response = self._http.request(method, url, timeout=(CONNECT_SECONDS, (
                timeout or self.timeout) + grace), **kwargs)
        except requests.Timeout:
            self._counts["timeouts"] += 1
            raise QueryTimeout(timeout or self.timeout) from None
        except requests.ConnectionError as exc:
            raise StoreError(f"the store at {self.location} does not answer ({_reason(exc)}): "
                             "is the server running, and is the URL right?") from None
        if response.status_code in (401, 403):
            raise StoreError(f"the store at {self.location} refused {method} {url} "
                             f"({response.status_code}): {_credentials_fix(self.location)}")
        return response

    def _fail(self, response: requests.Response, what: str, shift: int = 0) -> None:
        if response.ok:
            return
        text = response.text.split("\n\nSPARQL query:")[0].strip()[:500]  # Virtuoso echoes it
        if response.status_code == 400:
            if shift:       # the line we added: count lines as the client wrote them
                text = _AT.sub(lambda m: f"{int(m[1]) - shift}:{m[2]}" if m[1] else
                               f"line {int(m[3]) - shift}", text, count=1)
            raise syntax_error(text, what)
        if response.status_code in (503, 504) or "timeout" in text.lower():
            self._counts["timeouts"] += 1
            raise QueryTimeout(self.timeout, what)
        self._counts["crashes"] += 1
        raise StoreError(f"the store at {self.location} answered {response.status_code} to "
                         f"a {what}: {text}")

    def _writable(self, url: str | None, option: str) -> str:
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        if not url:
            raise StoreError(f"the store at {self.location} has no {option} URL: give "
                             f"--{option}-url (or use oxigraph+http:// or fuseki+http://)")
        return url

    # -- the protocol ----------------------------------------------------------------------
    def serve(self, *, workers: int, timeout: float, limit: int,
              in_memory: bool = True) -> None:
        self.timeout, self.limit = timeout, limit
        graphs = self.graphs()
        if graphs and not self._union_default_graph(graphs[0]):
            raise StoreError(f"the default graph of {self.location} is not the union of its "
                             "named graphs: start Oxigraph server with --union-default-graph "
                             "(Fuseki: tdb2:unionDefaultGraph true)")

    def _union_default_graph(self, graph: str) -> bool:
        probe = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT 1"
        rows = super().select(probe)
        if not rows:
            return True
        row = rows[0]
        terms = " ".join(t.n3() for t in (row["s"], row["p"], row["o"]))
        return super().ask(f"ASK {{ {terms} }}")

    def answer(self, request: QueryRequest, *, limit: int | None = None) -> Answer:
        words = keywords(code(tokens(request.query)))
        outside = next((w for w in words if w in OUTSIDE), None)
        if outside:
            raise QueryError(f"{outside} is refused: seckg never queries other services or "
                             "fetches data", status=403)
        params: list[tuple[str, str]] = []
        params += [("default-graph-uri", g) for g in request.default_graphs or ()]
        params += [("named-graph-uri", g) for g in request.named_graphs or ()]
        limit_param = TIMEOUT_PARAM.get(self.location.server)
        if limit_param:     # the server stops the query itself; the client waits a little longer
            params.append((limit_param, str(int(self.timeout * 1000))))
        text, shift = _with_base(request.query, request.base_iri)
        response = self._call("POST", self.location.query_url, params=params,
                              data={"query": text}, headers={"Accept": _accept(words, request)},
                              grace=GRACE_SECONDS if limit_param else 0)
        self._fail(response, "query", shift)
        if response.headers.get(PARTIAL[0], "").strip() == PARTIAL[1]:
            self._counts["timeouts"] += 1
            raise QueryTimeout(self.timeout, "query")
        cut = self.limit if limit is None else limit
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        if media == NTRIPLES:
            return triples_answer(response.content, request.rdf_type, cut, request.prefixes)
        return results_answer(response.content, request.results_type, cut)

    def update(self, text: str, *, base_iri: str | None = None) -> None:
        url = self._writable(self.location.update_url, "update")
        response = self._call("POST", url, data={"update": text})
        self._fail(response, "update")

    def status(self) -> dict[str, int]:
        return {"workers": 0, "busy": 0, **self._counts}

    def refresh(self) -> bool:
        """True when another build published since this was last asked (checked at most
        every ``REFRESH_SECONDS``: the build record is one small query)."""
        now = time.monotonic()
        if now - self._checked < REFRESH_SECONDS:
            return False
        self._checked = now
        info = self.build_info()
        build_id = info["build_id"] if info else None
        changed = self._build_id is not _UNSEEN and build_id != self._build_id
        self._build_id = build_id
        return changed

    # -- reading ---------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        rows = super().select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                              f"{_OURS} }}")
        return sorted(str(row["g"]) for row in rows)

    def __len__(self) -> int:
        rows = super().select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                              f"{_OURS} }}")
        return int(rows[0]["n"]) if rows else 0

    def build_info(self) -> dict[str, str] | None:
        return read_build_info(self)

    def _graph_ntriples(self, graph: str) -> bytes:
        url = self.location.graph_store_url
        if url:
            response = self._call("GET", url, params={"graph": graph},
                                  headers={"Accept": NTRIPLES})
            if response.status_code == 404:
                return b""
            self._fail(response, "graph read")
            return _canonical(response.content)
        return self.answer(QueryRequest(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> "
                                        "{ ?s ?p ?o } }", rdf_type=NTRIPLES),
                           limit=UNLIMITED).body

    def dump(self, format: str, *, graph: str | None = None) -> bytes:
        import pyoxigraph as ox

        fmt = format_by_name(format)
        scratch = ox.Store()
        for name in [graph] if graph else self.graphs():
            scratch.load(self._graph_ntriples(name), format=ox.RdfFormat.N_TRIPLES,
                         to_graph=ox.NamedNode(name))
        if graph is not None:
            return scratch.dump(format=fmt.oxigraph, from_graph=ox.NamedNode(graph))
        if fmt.dataset:
            return scratch.dump(format=fmt.oxigraph)
        union = scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                              use_default_graph_as_union=True)
        return union.serialize(format=fmt.oxigraph)

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def publication(self, *, fresh: bool = False) -> Iterator[_Publication]:
        """Graphs are put one by one (each atomically, by the server); removals, and with
        ``fresh`` the graphs not put, are deleted at the end, and only without an error."""
        url = self._writable(self.location.graph_store_url, "graph-store")
        before = set(self.graphs())
        publication = _Publication(self, url, before, fresh)
        yield publication
        gone = (before if fresh else publication.removed) - publication.written
        for name in sorted(gone):
            self._delete(url, name)

    def _put(self, url: str, name: str, ntriples: bytes) -> None:
        response = self._call("PUT", url, params={"graph": name}, data=ntriples,
                              headers={"Content-Type": NTRIPLES}, timeout=max(self.timeout, 300))
        self._fail(response, "graph write")

    def _delete(self, url: str, name: str) -> None:
        response = self._call("DELETE", url, params={"graph": name})
        if response.status_code != 404:
            self._fail(response, "graph removal")

    def replace_graph(self, name: str, graph: Graph) -> None:
        url = self._writable(self.location.graph_store_url, "graph-store")
        self._put(url, name, graph.serialize(format="nt", encoding="utf-8"))

    def remove_graph(self, name: str) -> None:
        self._delete(self._writable(self.location.graph_store_url, "graph-store"), name)

    def load(self, data: bytes | Path, *, format: str, graph: str | None = None) -> None:
        url = self._writable(self.location.graph_store_url, "graph-store")
        fmt = format_by_name(format)
        params = {} if fmt.dataset and graph is None else (
            {"graph": graph} if graph else {"default": ""})
        with ExitStack() as stack:      # a file is streamed to the server, not read whole
            body = stack.enter_context(data.open("rb")) if isinstance(data, Path) else data
            response = self._call("POST", url, params=params, data=body,
                                  headers={"Content-Type": fmt.media_type},
                                  timeout=max(self.timeout, 300))
        self._fail(response, "load")

    def flush(self) -> None:
        """Every write is committed by the server when its request returns."""

    def close(self) -> None:
        self._closed = True
        self._http.close()


class _Credentials(HTTPDigestAuth):
    """The store's user and password: HTTP Basic sent with every request (Oxigraph or Fuseki
    behind a proxy), answering a Digest challenge if the server sends one; with
    ``digest_only`` (Virtuoso's ``-auth`` endpoints) only ever as Digest."""

    def __init__(self, user: str, password: str, *, digest_only: bool) -> None:
        super().__init__(user, password)
        self._basic = None if digest_only else HTTPBasicAuth(user, password)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request = super().__call__(request)
        if self._basic is not None and "Authorization" not in request.headers:
            request = self._basic(request)
        return request


class _Publication:
    def __init__(self, store: SparqlStore, url: str, before: set[str], fresh: bool) -> None:
        self._store, self._url = store, url
        self._before, self._fresh = before, fresh
        self.written: set[str] = set()
        self.removed: set[str] = set()

    def graphs_ntriples(self) -> Iterator[tuple[str, bytes]]:
        """Every named graph the store will hold when the publication ends, as N-Triples."""
        kept = set() if self._fresh else self._before - self.removed
        for name in sorted(kept | self.written):
            yield name, self._store._graph_ntriples(name)

    def put(self, name: str, ntriples: bytes) -> None:
        self._store._put(self._url, name, ntriples)
        self.written.add(name)

    def remove(self, name: str) -> None:
        self.removed.add(name)


def _credentials_fix(location: Location) -> str:
    if not location.user:
        return "give --store-user and $SECKG_STORE_PASSWORD"
    fix = (f"check $SECKG_STORE_PASSWORD and what user {location.user!r} may do on the server "
           "(Virtuoso: the SPARQL_UPDATE role")
    if location.server in DIGEST_ONLY:
        return fix + ")"
    return fix + "; its -auth endpoints take HTTP Digest only: use virtuoso+http://)"


_FORMS = {"SELECT": "results", "ASK": "results", "CONSTRUCT": "rdf", "DESCRIBE": "rdf"}


def _accept(words: list[str], request: QueryRequest) -> str:
    """The one answer format the query's form calls for: a server that can give both
    (Virtuoso sends CONSTRUCT as JSON results, SELECT as RDF) is never left to choose."""
    form = next((_FORMS[w] for w in words if w in _FORMS), None)
    if form == "rdf":
        return NTRIPLES
    if form == "results":
        return request.results_type
    return f"{request.results_type}, {NTRIPLES};q=0.9"


_XSD_STRING = b"^^<http://www.w3.org/2001/XMLSchema#string>"


def _canonical(ntriples: bytes) -> bytes:
    """N-Triples with ``"x"^^xsd:string`` written ``"x"`` (the same literal in RDF 1.1;
    Virtuoso's Graph Store Protocol writes the datatype out, rdflib would keep it apart)."""
    if _XSD_STRING not in ntriples:
        return ntriples
    import pyoxigraph as ox

    return ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES),
                        format=ox.RdfFormat.N_TRIPLES)


_AT = re.compile(r"(\d+):(\d+)|\bline (\d+)")      # "error at 2:9" (Oxigraph), "line 2" (Virtuoso)
_BASE = re.compile(r"^\s*(#[^\n]*\n\s*)*BASE\b", re.IGNORECASE)


def _with_base(query: str, base_iri: str | None) -> tuple[str, int]:
    """The query with ``BASE <base_iri>`` on a line of its own before it (relative IRIs
    resolve against the endpoint the client used, not the server's URL), and the number of
    lines added."""
    if not base_iri or _BASE.match(query) or ">" in base_iri:
        return query, 0
    return f"BASE <{base_iri}>\n{query}", 1


def _reason(exc: Exception) -> str:
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "timed out"):
        if known in text:
            return known.lower()
    return type(exc).__name__


register_backend("sparql", SparqlStore)
