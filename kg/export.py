"""Linked-data dumps: Turtle of the union graph, TriG and N-Quads with named graphs, JSON-LD.

Dumps are written from the graphs the build made (rdflib), so every literal keeps its
datatype, and are byte-identical for the same input: quads are sorted, JSON-LD arrays are
put in a stable order, and gzip files carry no timestamp.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import warnings
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg.namespaces import PREFIXES

DUMPS = (("seckg.ttl", "turtle"), ("seckg.trig", "trig"), ("seckg.nq", "nquads"),
         ("seckg.jsonld", "jsonld"))


def dataset_of(graphs: dict[str, Graph]) -> Dataset:
    dataset = Dataset()
    for name in sorted(graphs):
        target = dataset.graph(URIRef(name))
        for triple in graphs[name]:
            target.add(triple)
    return dataset


def nquads_of(graphs: dict[str, Graph]) -> bytes:
    """Sorted N-Quads of named graphs, every literal exactly as built (pyoxigraph would turn
    an xsd:nonNegativeInteger offset into xsd:integer)."""
    lines: set[str] = set()
    for name, graph in graphs.items():
        for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines():
            if line.strip():
                lines.add(f"{line[:-1].rstrip()} <{name}> .")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


def _canonical_json(node):
    if isinstance(node, dict):
        return {k: _canonical_json(v) for k, v in sorted(node.items())}
    if isinstance(node, list):
        items = [_canonical_json(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def serialise_graphs(graphs: dict[str, Graph], fmt: str) -> bytes:
    """One dump format, deterministic: sorted N-Quads, rdflib's sorted Turtle/TriG, and
    JSON-LD with every array in a stable order."""
    if fmt == "nquads":
        return nquads_of(graphs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)   # rdflib 7.6 Dataset internals
        if fmt == "turtle":
            union = Graph()
            for graph in graphs.values():
                union += graph
            _bind(union)
            return union.serialize(format="turtle", encoding="utf-8")
        if fmt == "trig":
            return _trig(graphs)
        dataset = dataset_of(graphs)
        _bind(dataset)
        data = json.loads(dataset.serialize(format="json-ld", encoding="utf-8"))
    return (json.dumps(_canonical_json(data), ensure_ascii=False, indent=1) + "\n").encode()


def _trig(graphs: dict[str, Graph]) -> bytes:
    """TriG: the prefixes once, then each graph (sorted by name) as rdflib's sorted Turtle."""
    head = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(PREFIXES.items()))
    blocks = [head]
    for name in sorted(graphs):
        graph = Graph()
        graph += graphs[name]
        _bind(graph)
        body = graph.serialize(format="turtle", encoding="utf-8").decode("utf-8")
        triples = "\n".join("    " + line if line else line for line in body.splitlines()
                            if not line.startswith("@prefix")).strip("\n")
        blocks.append(f"<{name}> {{\n{triples}\n}}\n")
    return "\n".join(blocks).encode("utf-8")


def _bind(graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)


def write_dumps(graphs: dict[str, Graph], dist: Path) -> tuple[dict[str, str], str]:
    """Write every dump (and a .gz of each) to ``dist``; return {name: path} and the build id."""
    dist.mkdir(parents=True, exist_ok=True)
    written = {}
    build_id = ""
    for name, fmt in DUMPS:
        data = serialise_graphs(graphs, fmt)
        if fmt == "nquads":
            build_id = hashlib.sha256(data).hexdigest()[:16]
        (dist / name).write_bytes(data)
        (dist / f"{name}.gz").write_bytes(gzip.compress(data, mtime=0))
        written[name] = str(dist / name)
    return written, build_id
