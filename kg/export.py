"""Linked-data dumps: Turtle of the union graph, TriG and N-Quads with named graphs, JSON-LD.

Dumps are written graph by graph from what the build published (rdflib graphs, the model's
datatypes restored), so memory stays that of one graph however large the dataset, and are
byte-identical for the same input: graphs in name order, each graph's quads sorted, JSON-LD
arrays in a stable order, gzip files without a timestamp.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterable
from contextlib import ExitStack
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
    """One dump format of ``graphs``, deterministic (see :class:`DumpWriter`)."""
    out = io.BytesIO()
    writer = DumpWriter(fmt, out)
    for name in sorted(graphs):
        writer.add(name, graphs[name])
    writer.finish()
    return out.getvalue()


class DumpWriter:
    """One dump format written graph by graph into a binary file, so a dump of any size
    needs the memory of one graph: N-Quads as each graph's sorted lines; Turtle (the union:
    a triple two graphs hold is written twice, which readers merge) and TriG as the prefixes
    once, then each graph as rdflib's sorted Turtle, nothing re-indented (a multi-line literal,
    every article's text, keeps its lines exactly); JSON-LD as an array of named graphs, each
    with its arrays in a stable order. Graphs are added in name order by the caller.

    The graphs share one namespace manager, so a prefix rdflib makes up for an unknown
    namespace (``ns1:``) means the same IRI in every block.
    """

    def __init__(self, fmt: str, out) -> None:
        self.fmt, self.out = fmt, out
        self.statements = 0               # what the dump holds, for the read-back check
        self._shared = Graph()
        _bind(self._shared)
        self._heads: set[str] = set()
        self._first = True
        self._body = tempfile.TemporaryFile() if fmt in ("turtle", "trig") else out
        if fmt == "jsonld":
            out.write(b"[")

    def add(self, name: str, graph: Graph) -> None:
        self.statements += len(graph)
        if self.fmt == "nquads":
            if len(graph):
                self.out.write(nquads_of({name: graph}))
        elif self.fmt in ("turtle", "trig"):
            local = Graph(namespace_manager=self._shared.namespace_manager)
            local += graph
            head, body = _split_prefixes(local.serialize(format="turtle", encoding="utf-8")
                                         .decode("utf-8"))
            self._heads.update(head)
            block = f"<{name}> {{\n{body}\n}}\n" if self.fmt == "trig" else f"{body}\n"
            self._body.write((("" if self._first else "\n") + block).encode("utf-8"))
            self._first = False
        else:                              # an empty graph writes nothing, not even a comma
            for item in _jsonld_graphs(name, graph):
                text = json.dumps(item, ensure_ascii=False, indent=1)
                self.out.write((("\n" if self._first else ",\n") + text).encode("utf-8"))
                self._first = False

    def finish(self) -> None:
        if self.fmt in ("turtle", "trig"):
            self.out.write("".join(f"{line}\n" for line in sorted(self._heads)).encode())
            self.out.write(b"\n")
            self._body.seek(0)
            shutil.copyfileobj(self._body, self.out)
            self._body.close()
        elif self.fmt == "jsonld":
            self.out.write(b"\n]\n")


def _jsonld_graphs(name: str, graph: Graph) -> list:
    """The JSON-LD named-graph objects of one graph, every array in a stable order."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)   # rdflib 7.6 Dataset internals
        dataset = dataset_of({name: graph})
        _bind(dataset)
        data = json.loads(dataset.serialize(format="json-ld", encoding="utf-8"))
    return _canonical_json(data if isinstance(data, list) else [data])


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


def check_parses(data: bytes | Path, fmt: str, graphs: dict[str, Graph] | None = None, *,
                 expected: int | None = None) -> None:
    """Raise DumpError unless pyoxigraph reads the dump (bytes, or a file read as a stream)
    back as ``expected`` statements (default: as many as ``graphs`` hold, each graph's
    counted, as the writer writes them)."""
    if expected is None:
        expected = sum(len(graph) for graph in (graphs or {}).values())
    source = {"path": str(data)} if isinstance(data, Path) else {"input": data}
    try:
        found = sum(1 for _quad in ox.parse(format=format_by_name(fmt).oxigraph, **source))
    except (SyntaxError, ValueError) as exc:
        raise DumpError(f"the {fmt} dump does not parse ({exc}); nothing was written: "
                        "please report this with the articles of the build") from None
    if found != expected:
        raise DumpError(f"the {fmt} dump reads back as {found} statements, not {expected}; "
                        "nothing was written: please report this with the articles of the "
                        "build")


BUILDS = "builds"
"""Under the dist folder: one folder per build id with that build's dumps (see below)."""


def write_dumps(graphs: Iterable[tuple[str, Graph]] | dict[str, Graph], dist: Path
                ) -> tuple[dict[str, str], str]:
    """Write every dump (and a .gz of each) into ``dist/builds/<build id>/``, graph by graph
    (``graphs``: (name, graph) pairs in name order, or a dict), complete and read back before
    the folder gets its name; return {name: path} and the build id (a hash of the N-Quads).

    A server serves the dumps of the build its store holds from there, so store and dumps
    switch together; :func:`promote` then puts copies at the top of ``dist`` for people.
    """
    pairs = sorted(graphs.items()) if isinstance(graphs, dict) else graphs
    builds = dist / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    scratch = builds / f".writing-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    try:
        with ExitStack() as files:
            writers = [DumpWriter(fmt, files.enter_context((scratch / name).open("wb")))
                       for name, fmt in DUMPS]
            for name, graph in pairs:
                for writer in writers:
                    writer.add(name, graph)
            for writer in writers:
                writer.finish()
        digest = hashlib.sha256()
        for (name, fmt), writer in zip(DUMPS, writers, strict=True):
            check_parses(scratch / name, fmt, expected=writer.statements)
            with (scratch / name).open("rb") as raw, gzip.GzipFile(
                    scratch / f"{name}.gz", "wb", mtime=0) as packed:
                for chunk in iter(lambda raw=raw: raw.read(1 << 20), b""):
                    packed.write(chunk)
                    if fmt == "nquads":
                        digest.update(chunk)
        build_id = digest.hexdigest()[:16]
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
