"""Linked-data dumps: Turtle of the union graph, TriG and N-Quads with named graphs, JSON-LD.

Dumps are byte-identical for the same input: quads are sorted before serialisation and
gzip files carry no timestamp.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pyoxigraph as ox

from kg.formats import format_by_name
from kg.namespaces import PREFIXES
from kg.store.base import Store

DUMPS = (("seckg.ttl", "turtle"), ("seckg.trig", "trig"), ("seckg.nq", "nquads"),
         ("seckg.jsonld", "jsonld"))


def canonical_nquads(store: Store) -> bytes:
    lines = sorted(set(store.dump("nquads").decode("utf-8").splitlines()))
    return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")


def canonical_ntriples(nquads: bytes) -> bytes:
    """The union graph: every quad's triple once, sorted."""
    data = ox.Store()
    data.load(nquads, format=ox.RdfFormat.N_QUADS)
    triples = {f"{q.subject} {q.predicate} {q.object} ." for q in data}
    return ("\n".join(sorted(triples)) + "\n").encode("utf-8")


def serialise(nquads: bytes, fmt: str) -> bytes:
    """Serialise sorted N-Quads in ``fmt`` through a fresh in-memory store (stable order)."""
    rdf = format_by_name(fmt)
    if rdf.name == "nquads":
        return nquads
    data = ox.Store()
    if rdf.dataset:
        data.load(nquads, format=ox.RdfFormat.N_QUADS)
        kwargs = {"prefixes": PREFIXES} if rdf.name == "trig" else {}
        return data.dump(format=rdf.oxigraph, **kwargs)
    data.load(canonical_ntriples(nquads), format=ox.RdfFormat.N_TRIPLES,
              to_graph=ox.DefaultGraph())
    kwargs = {"prefixes": PREFIXES} if rdf.name == "turtle" else {}
    return data.dump(format=rdf.oxigraph, from_graph=ox.DefaultGraph(), **kwargs)


def write_dumps(store: Store, dist: Path) -> tuple[dict[str, str], str]:
    """Write every dump (and a .gz of each) to ``dist``; return {name: path} and the build id."""
    dist.mkdir(parents=True, exist_ok=True)
    nquads = canonical_nquads(store)
    written = {}
    for name, fmt in DUMPS:
        data = serialise(nquads, fmt)
        (dist / name).write_bytes(data)
        (dist / f"{name}.gz").write_bytes(gzip.compress(data, mtime=0))
        written[name] = str(dist / name)
    return written, hashlib.sha256(nquads).hexdigest()[:16]
