"""Linked-data dumps: Turtle of the union graph, TriG and N-Quads with named graphs, JSON-LD.

Dumps are written graph by graph from what the build published (each graph's N-Triples, the
model's datatypes restored by :func:`kg.rdfio.model_triples`), by pyoxigraph's writers, so
memory stays that of one graph however large the dataset, and are byte-identical for the same
input: graphs in name order, each graph's triples sorted by their N-Triples text, gzip files
without a timestamp.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import time
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import SeckgError
from kg.formats import format_by_name
from kg.namespaces import PREFIXES
from kg.rdfio import model_triples

DUMPS = (("seckg.ttl", "turtle"), ("seckg.trig", "trig"), ("seckg.nq", "nquads"),
         ("seckg.jsonld", "jsonld"))

_PREFIXES = {prefix: str(iri) for prefix, iri in PREFIXES.items()}
_HEAD = "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in _PREFIXES.items()
                ).encode("utf-8")
"""The prefix lines, written once at the top of a Turtle or TriG dump."""

_WRITERS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
            "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}


def graph_triples(graph: Graph | bytes) -> list:
    """One graph (rdflib, or its N-Triples) as the sorted pyoxigraph triples a dump holds."""
    data = graph if isinstance(graph, bytes) else graph.serialize(format="nt", encoding="utf-8")
    return model_triples(data)


def serialise_graphs(graphs: dict[str, Graph | bytes], fmt: str) -> bytes:
    """One dump format of ``graphs``, deterministic (see :class:`DumpWriter`). N-Quads lines
    end at ``\\n`` only: N-Triples escapes ``\\n`` and ``\\r`` in literals but writes
    U+2028, U+0085, vertical tab... as they are, which ``str.splitlines`` would cut."""
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
    once, then each graph's block; JSON-LD as an array of named graphs. pyoxigraph writes
    each block from the graph's sorted triples. Graphs are added in name order by the caller;
    an empty graph writes nothing.
    """

    def __init__(self, fmt: str, out) -> None:
        if fmt not in _WRITERS:
            raise ValueError(f"no dump format {fmt!r}; the formats are {', '.join(_WRITERS)}")
        self.fmt, self.out = fmt, out
        self.statements = 0               # what the dump holds, for the read-back check
        self._first = True
        if fmt in ("turtle", "trig"):
            out.write(_HEAD + b"\n")
        elif fmt == "jsonld":
            out.write(b"[")

    def add(self, name: str, graph: Graph | bytes | list) -> None:
        """Write one graph: rdflib, its N-Triples, or its triples as :func:`graph_triples`
        gives them (so several writers share one parse)."""
        triples = graph if isinstance(graph, list) else graph_triples(graph)
        self.statements += len(triples)
        if not triples:
            return
        if self.fmt == "turtle":
            items = triples
        else:
            graph_name = ox.NamedNode(name)
            items = [ox.Quad(t.subject, t.predicate, t.object, graph_name) for t in triples]
        block = ox.serialize(items, format=_WRITERS[self.fmt], prefixes=_PREFIXES)
        if self.fmt in ("turtle", "trig"):
            block = _without_prefixes(block)
            self.out.write(block if self._first else b"\n" + block)
        elif self.fmt == "jsonld":        # [{"@id": graph, "@graph": [...]}] -> one item
            for item in json.loads(block):
                text = json.dumps(item, ensure_ascii=False, indent=1)
                self.out.write((("\n" if self._first else ",\n") + text).encode("utf-8"))
        else:
            self.out.write(block)
        self._first = False

    def finish(self) -> None:
        if self.fmt == "jsonld":
            self.out.write(b"\n]\n")


def _without_prefixes(block: bytes) -> bytes:
    """A Turtle or TriG block without the ``@prefix`` lines pyoxigraph starts it with (in an
    order of its own; an IRI holds no line break, so each is one line)."""
    while block.startswith(b"@prefix "):
        block = block[block.index(b"\n") + 1:]
    return block


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


def write_dumps(graphs: Iterable[tuple[str, Graph | bytes]] | dict[str, Graph | bytes],
                dist: Path) -> tuple[dict[str, str], str]:
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
                triples = graph_triples(graph)
                for writer in writers:
                    writer.add(name, triples)
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
