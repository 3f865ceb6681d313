"""Linked-data dumps: Turtle of the union graph, TriG and N-Quads with named graphs, JSON-LD.

Dumps are written from the graphs the build made (rdflib), so every literal keeps its
datatype, and are byte-identical for the same input: quads are sorted, JSON-LD arrays are
put in a stable order, and gzip files carry no timestamp.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import time
import warnings
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg.errors import SeckgError
from kg.formats import format_by_name
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
    an xsd:nonNegativeInteger offset into xsd:integer).

    Lines are split on ``\\n`` only: N-Triples escapes ``\\n`` and ``\\r`` in literals but
    writes U+2028, U+0085, vertical tab... as they are, which ``str.splitlines`` would cut.
    """
    lines: set[str] = set()
    for name, graph in graphs.items():
        for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n"):
            if line.strip():
                lines.add(f"{line.rstrip(' ')[:-1].rstrip(' ')} <{name}> .")
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
    """TriG: the prefixes once, then each graph (sorted by name) as rdflib's sorted Turtle.

    Nothing inside a block is re-indented: a multi-line literal (every article's text) must
    keep its lines exactly. The graphs share one namespace manager, so a prefix rdflib makes
    up for an unknown namespace (``ns1:``) means the same IRI in every block.
    """
    shared = Graph()
    _bind(shared)
    heads: set[str] = set()
    blocks = []
    for name in sorted(graphs):
        graph = Graph(namespace_manager=shared.namespace_manager)
        graph += graphs[name]
        head, body = _split_prefixes(graph.serialize(format="turtle", encoding="utf-8")
                                     .decode("utf-8"))
        heads.update(head)
        blocks.append(f"<{name}> {{\n{body}\n}}\n")
    return "\n".join(["".join(f"{line}\n" for line in sorted(heads)), *blocks]).encode("utf-8")


def _split_prefixes(turtle: str) -> tuple[list[str], str]:
    """rdflib's Turtle as its ``@prefix`` lines and the statements after them (only the
    leading lines are looked at: a literal may hold a line that starts with ``@prefix``)."""
    head = []
    rest = turtle
    while rest.startswith("@prefix") or rest.startswith("\n"):
        line, _, rest = rest.partition("\n")
        if line:
            head.append(line)
    return head, rest.rstrip("\n")


def _bind(graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)


class DumpError(SeckgError):
    """A dump that would not read back as the graphs it was written from (a serialiser bug:
    never written, so a build cannot end with exit 0 and a broken dump)."""


def check_parses(data: bytes, fmt: str, graphs: dict[str, Graph]) -> None:
    """Raise DumpError unless pyoxigraph reads ``data`` back as many statements as
    ``graphs`` hold (their union, for a format without named graphs)."""
    if format_by_name(fmt).dataset:
        expected = sum(len(graph) for graph in graphs.values())
    else:
        expected = len({triple for graph in graphs.values() for triple in graph})
    try:
        found = sum(1 for _quad in ox.parse(data, format=format_by_name(fmt).oxigraph))
    except (SyntaxError, ValueError) as exc:
        raise DumpError(f"the {fmt} dump does not parse ({exc}); nothing was written: "
                        "please report this with the articles of the build") from None
    if found != expected:
        raise DumpError(f"the {fmt} dump reads back as {found} statements, not {expected}; "
                        "nothing was written: please report this with the articles of the "
                        "build")


BUILDS = "builds"
"""Under the dist folder: one folder per build id with that build's dumps (see below)."""


def write_dumps(graphs: dict[str, Graph], dist: Path) -> tuple[dict[str, str], str]:
    """Write every dump (and a .gz of each) into ``dist/builds/<build id>/``, complete before
    the folder gets its name; return {name: path} and the build id (a hash of the N-Quads).

    A server serves the dumps of the build its store holds from there, so store and dumps
    switch together; :func:`promote` then puts copies at the top of ``dist`` for people.
    """
    builds = dist / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    scratch = builds / f".writing-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    build_id = ""
    try:
        for name, fmt in DUMPS:
            data = serialise_graphs(graphs, fmt)
            check_parses(data, fmt, graphs)
            if fmt == "nquads":
                build_id = hashlib.sha256(data).hexdigest()[:16]
            (scratch / name).write_bytes(data)
            (scratch / f"{name}.gz").write_bytes(gzip.compress(data, mtime=0))
        target = builds / build_id
        if target.is_dir():                # the same build id: the same bytes, already there
            shutil.rmtree(scratch)
        else:
            scratch.rename(target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return {name: str(target / name) for name, _fmt in DUMPS}, build_id


def dumps_of(dist: Path, build_id: str | None) -> Path:
    """The folder holding the dumps of ``build_id`` (``dist`` itself when it has none)."""
    if build_id and (dist / BUILDS / build_id).is_dir():
        return dist / BUILDS / build_id
    return dist


def promote(dist: Path, build_id: str, *, keep: int = 2) -> dict[str, str]:
    """Put the dumps of ``build_id`` at the top of ``dist`` (each file replaced atomically)
    and drop the dump folders of all but the last ``keep`` builds; {name: path}."""
    source = dist / BUILDS / build_id
    placed = {}
    for entry in sorted(source.iterdir()):
        temporary = dist / f".{entry.name}.{os.getpid()}"
        shutil.copyfile(entry, temporary)
        os.replace(temporary, dist / entry.name)
        if not entry.name.endswith(".gz"):
            placed[entry.name] = str(dist / entry.name)
    (source.parent / (build_id + ".last")).write_text(str(time.time_ns()))
    stamps = sorted((int(p.read_text() or 0), p) for p in source.parent.glob("*.last"))
    for _stamp, stamp_file in stamps[:-keep]:
        shutil.rmtree(source.parent / stamp_file.stem, ignore_errors=True)
        stamp_file.unlink()
    return placed
