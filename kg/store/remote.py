"""A SPARQL 1.1 server as the store: Oxigraph server, Apache Jena Fuseki, or any service
that speaks the SPARQL 1.1 Protocol (queries, updates) and the Graph Store Protocol.

Publishing puts one named graph per article with a Graph Store Protocol ``PUT`` (replaced
whole and idempotently; the server applies each in one transaction, so a reader never sees
half a graph), removes graphs with ``DELETE``, and writes the build record last, so the
build id every server derives its ETags from changes only once all graphs are in.

Queries are sent with the service's own time limit where it has one (Oxigraph server:
``--timeout-s``) and a client-side limit of the same length; answers are cut to the row
limit like the embedded store's. The server's default graph must be the union of its named
graphs (Oxigraph: ``serve --union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``):
:meth:`SparqlStore.serve` checks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import requests
from rdflib import Graph

from kg.errors import QueryError, StoreError
from kg.formats import format_by_name
from kg.sparql_tokens import reaches_outside
from kg.store.answers import (
    NTRIPLES,
    Answer,
    QueryRequest,
    QueryTimeout,
    results_answer,
    syntax_error,
    triples_answer,
)
from kg.store.base import UNLIMITED, AnswersThroughProtocol
from kg.store.location import Location, parse_location
from kg.store.record import BUILD_GRAPH, read_build_info
from kg.store.registry import register_backend

NQUADS = "application/n-quads"
CONNECT_SECONDS = 10.0


class SparqlStore(AnswersThroughProtocol):
    """A store at a ``sparql`` location (see ``kg.store.location``)."""

    def __init__(self, location: Location | str, *, read_only: bool = False) -> None:
        self.location = parse_location(location)
        self.read_only = read_only
        self.timeout = 60.0
        self.limit = UNLIMITED
        self._counts = {"timeouts": 0, "crashes": 0}
        self._closed = False
        self._http = requests.Session()
        if self.location.user:
            self._http.auth = (self.location.user, self.location.password or "")
        self._http.headers["User-Agent"] = "seckg"

    # -- HTTP ------------------------------------------------------------------------------
    def _call(self, method: str, url: str, *, timeout: float | None = None, **kwargs: Any
              ) -> requests.Response:
        if self._closed:
            raise QueryError(f"the connection to the store at {self.location} is shut down",
                             status=503)
        try:
            response = self._http.request(method, url, timeout=(CONNECT_SECONDS, timeout or
                                                                self.timeout), **kwargs)
        except requests.Timeout:
            self._counts["timeouts"] += 1
            raise QueryTimeout(timeout or self.timeout) from None
        except requests.ConnectionError as exc:
            raise StoreError(f"the store at {self.location} does not answer ({_reason(exc)}): "
                             "is the server running, and is the URL right?") from None
        if response.status_code in (401, 403):
            raise StoreError(f"the store at {self.location} refused {method} {url} "
                             f"({response.status_code}): give --store-user and "
                             "$SECKG_STORE_PASSWORD")
        return response

    def _fail(self, response: requests.Response, what: str, shift: int = 0) -> None:
        if response.ok:
            return
        text = response.text.strip()[:500]
        if response.status_code == 400:
            if shift:       # the line we added: count lines as the client wrote them
                text = re.sub(r"(\d+):(\d+)", lambda m: f"{int(m[1]) - shift}:{m[2]}", text,
                              count=1)
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
    def serve(self, *, workers: int, timeout: float, limit: int) -> None:
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
        outside = reaches_outside(request.query)
        if outside:
            raise QueryError(f"{outside} is refused: seckg never queries other services or "
                             "fetches data", status=403)
        params: list[tuple[str, str]] = []
        params += [("default-graph-uri", g) for g in request.default_graphs or ()]
        params += [("named-graph-uri", g) for g in request.named_graphs or ()]
        text, shift = _with_base(request.query, request.base_iri)
        response = self._call("POST", self.location.query_url, params=params,
                              data={"query": text},
                              headers={"Accept": f"{request.results_type}, {NTRIPLES};q=0.9"})
        self._fail(response, "query", shift)
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

    # -- reading ---------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        rows = super().select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(row["g"]) for row in rows)

    def __len__(self) -> int:
        rows = super().select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
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
            return response.content
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
    def publish(self, graphs: Mapping[str, bytes], *, remove: tuple[str, ...] = (),
                fresh: bool = False) -> None:
        with self.publication(fresh=fresh) as publication:
            for name in remove:
                publication.remove(name)
            for name in sorted(graphs, key=lambda g: g == BUILD_GRAPH):   # the record last
                publication.put(name, graphs[name])

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

    def load(self, data: bytes, *, format: str, graph: str | None = None) -> None:
        url = self._writable(self.location.graph_store_url, "graph-store")
        fmt = format_by_name(format)
        params = {} if fmt.dataset and graph is None else (
            {"graph": graph} if graph else {"default": ""})
        response = self._call("POST", url, params=params, data=data,
                              headers={"Content-Type": fmt.media_type},
                              timeout=max(self.timeout, 300))
        self._fail(response, "load")

    def flush(self) -> None:
        """Every write is committed by the server when its request returns."""

    def close(self) -> None:
        self._closed = True
        self._http.close()


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
