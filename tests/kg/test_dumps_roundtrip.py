"""Issue 9, item 6: every dump format parses back to exactly what was built.

The TriG writer used to indent every line, inside multi-line literals too (each article
text gained four spaces a line, so no evidence offset sliced ``oa:exact`` any more), and the
N-Quads writer split lines with ``str.splitlines``, cutting a literal at U+2028, U+0085 or a
vertical tab into a dump nothing could parse. Articles here carry those characters, other
controls, bidi marks, Turtle syntax and a very long line; each dump is parsed back (rdflib and
pyoxigraph) and compared with the store and the article graphs.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg import export
from kg.articles import clean_text, parse_article
from kg.build import Toolkit, alignment_graph, article_task, build, process_article
from kg.config import Settings
from kg.dataset import extraction_dataset
from kg.export import DUMPS, DumpError, serialise_graphs
from kg.formats import format_by_name
from kg.namespaces import OA, SCHEMA
from kg.rdfio import read_graph, read_graphs
from kg.store.record import BUILD_GRAPH

OWN = Path(__file__).resolve().parents[1] / "data" / "own"
EN = (OWN / "en_csto_bishkek_defence.txt").read_text(encoding="utf-8")
AR = (OWN / "ar_sco_summit_astana.txt").read_text(encoding="utf-8")

ARTICLES = {
    "line_separators": EN.replace(".\n", ".\u2028", 2).replace(" said", "\u0085said", 1)
                         .replace("\n\n", "\n\u2029\n", 1),
    "control_characters": EN.replace("Bishkek\n", "Bishkek\x0b\x0c\x1c\x1d\x1e\x1f\x7f\x01\n", 1)
                            .replace("in September", "in\x0bSeptember\t"),
    "rtl_marks": "\u200f" + AR.replace("\n", "\u200f\n").replace(" ", " \u2067", 3)
                 .replace("،", "\u061c،", 2) + "\u202bنهاية\u202c\u2069",
    "turtle_syntax": EN + '\n@prefix ex: <http://e/> .\n    an indented line, """ triple '
                          'quotes\\ and a backslash "\n}\n<x> { "',
    "very_long_line": EN.replace("\n", " ") + " " + "word " * 1500 + "x" * 3000 + "\n",
}
FORMATS = [fmt for _name, fmt in DUMPS]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("roundtrip")
    folder = base / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
    settings = Settings(store="memory:", dist_dir=base / "dist")
    report = build(settings, [folder])
    # a build keeps one article graph at a time: what SHACL checked is made again here, by
    # the same pure function the build ran
    for result in report.accepted:
        assert result.ntriples == b""
        result.ntriples = article_task(result.source, settings).ntriples
    yield report, base / "dist"
    report.handle.close()


def _dump(built, fmt: str) -> bytes:
    _report, dist = built
    return (dist / dict((f, n) for n, f in DUMPS)[fmt]).read_bytes()


def _ox_quads(data: bytes, fmt: str, *, triples: bool = False, stored: bool = False) -> set:
    """The quads pyoxigraph reads from ``data`` (``stored``: after a trip through a store,
    which writes an ``xsd:nonNegativeInteger`` as ``xsd:integer``, as the built store did)."""
    if stored:
        store = ox.Store()
        store.load(data, format=format_by_name(fmt).oxigraph)
        quads = list(store)
    else:
        quads = list(ox.parse(data, format=format_by_name(fmt).oxigraph))
    if triples:
        return {(q.subject, q.predicate, q.object) for q in quads}
    return set(quads)


def _built(result) -> Graph:
    """The graph the build made of an article, as SHACL checked it (before any store)."""
    return Graph().parse(data=result.ntriples, format="nt")


def _text_and_offsets(graph: Graph):
    """(article text, start, end, exact) for every evidence in ``graph``."""
    for ev, source in graph.subject_objects(OA.hasSource):
        text = str(graph.value(source, SCHEMA.text))
        starts = [(graph.value(sel, OA.start), graph.value(sel, OA.end))
                  for sel in graph.objects(ev, OA.hasSelector) if (sel, OA.start, None) in graph]
        exacts = [graph.value(sel, OA.exact) for sel in graph.objects(ev, OA.hasSelector)
                  if (sel, OA.exact, None) in graph]
        assert len(starts) == 1 and len(exacts) == 1, ev
        (start, end), = starts
        yield text, int(start), int(end), str(exacts[0])


def _assert_isomorphic(got: Graph, want: Graph, what: str) -> None:
    if isomorphic(got, want):
        return
    _both, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
    lines = [f"{what}: dump and build differ"]
    lines += [f"  only in dump:  {t}" for t in sorted(only_got, key=str)[:10]]
    lines += [f"  only in build: {t}" for t in sorted(only_want, key=str)[:10]]
    pytest.fail("\n".join(lines))


def test_every_article_is_built_with_its_statements(built):
    report, _dist = built
    assert {Path(a.source).stem for a in report.accepted} == set(ARTICLES), report.summary()
    for result in report.accepted:
        assert result.extraction.statements, result.source


@pytest.mark.parametrize("fmt", FORMATS)
def test_dump_parses_back_to_the_store(built, fmt):
    report, _dist = built
    as_triples = fmt == "turtle"
    stored = report.handle.dump("nquads")
    # the dumps hold every graph but the build record (input hashes, file paths, build time)
    stored = b"\n".join(line for line in stored.split(b"\n")
                        if not line.endswith(f"<{BUILD_GRAPH}> .".encode()))
    store = _ox_quads(stored, "nquads", triples=as_triples)
    assert _ox_quads(_dump(built, fmt), fmt, triples=as_triples, stored=True) == store


@pytest.mark.parametrize("fmt", FORMATS)
def test_dump_holds_every_article_graph_exactly(built, fmt):
    report, _dist = built
    data = _dump(built, fmt)
    if format_by_name(fmt).dataset:
        graphs = read_graphs(data, fmt)
        for result in report.accepted:
            _assert_isomorphic(graphs[result.iri], _built(result), f"{fmt} {result.source}")
    else:
        union = read_graph(data, fmt)
        for result in report.accepted:
            missing = [t for t in _built(result) if t not in union]
            assert not missing, f"{fmt} {result.source}: {missing[:5]}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_article_text_and_offset_pair_survives_the_dump(built, fmt):
    graph = read_graph(_dump(built, fmt), fmt)
    texts = {str(t) for t in graph.objects(None, SCHEMA.text)}
    assert {clean_text(t) for t in ARTICLES.values()} <= texts
    found = list(_text_and_offsets(graph))
    assert len(found) >= 2 * len(ARTICLES)
    for text, start, end, exact in found:
        assert text[start:end] == exact


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "jsonld"])
def test_extract_output_round_trips(fmt):
    """``seckg extract`` (TriG by default) writes through the same serialiser."""
    kit = Toolkit.load(Settings(), with_shapes=False)
    results = [process_article(parse_article(t.encode(), f"<{n}>"), kit)
               for n, t in ARTICLES.items()]
    alignment, _pairs = alignment_graph(results)
    data = extraction_dataset(results, alignment, kit.ruleset.reference, fmt)
    graph = read_graph(data, fmt)
    for result in results:
        assert [str(o) for o in graph.objects(URIRef(result.iri), SCHEMA.text)] == \
               [result.article.text], result.source
    offsets = list(_text_and_offsets(graph))
    assert offsets and all(text[start:end] == exact for text, start, end, exact in offsets)


NASTY = ["a\u2028b", "a\u2029b", "a\x85b", "a\x0bb", "a\x0cb", "a\x1cb\x1db\x1eb", "a\x1fb",
         "a\x7fb", "a\rb", "a\r\nb", "\u200fعربي\u202b", "x" * 20000, 'line\n    """q"""\\ "',
         "@prefix ex: <http://e/> .\n@prefix", "trailing quote\"", "a\n\nb\n"]


@pytest.mark.parametrize("value", NASTY, ids=lambda v: repr(v)[:24])
@pytest.mark.parametrize("fmt", FORMATS)
def test_any_literal_survives_every_format(value, fmt):
    graph = Graph()
    graph.add((URIRef("http://e/s"), URIRef("http://e/p"), Literal(value)))
    graph.add((URIRef("http://e/s"), URIRef("http://unknown.example/q"), Literal(value, lang="ar")))
    data = serialise_graphs({"http://e/g": graph, "http://e/h": graph}, fmt)
    _assert_isomorphic(read_graph(data, fmt), graph, fmt)
    values = {q[2].value for q in _ox_quads(data, fmt)}
    assert values == {value}


def test_nquads_lines_are_cut_only_at_line_feeds():
    """Regression: ``str.splitlines`` cut a literal holding U+2028 in two lines."""
    graph = Graph()
    graph.add((URIRef("http://e/s"), URIRef("http://e/p"), Literal("one\u2028two\x85three")))
    data = serialise_graphs({"http://e/g": graph}, "nquads")
    assert data.count(b"\n") == 1
    assert len(_ox_quads(data, "nquads")) == 1


def test_trig_keeps_multi_line_literals_as_they_are():
    """Regression: the TriG writer indented every line, inside literals too."""
    graph = Graph()
    graph.add((URIRef("http://e/s"), SCHEMA.text, Literal("first\nsecond\n  third")))
    data = serialise_graphs({"http://e/g": graph}, "trig")
    assert data.count(b"@prefix schema:") == 1
    [(_s, _p, text, _g)] = _ox_quads(data, "trig")
    assert text.value == "first\nsecond\n  third"


def test_a_dump_that_would_not_read_back_is_never_written(tmp_path, monkeypatch):
    """A second wall: the build checks each dump parses back to as many statements as it
    holds, so a serialiser bug fails the build instead of ending with exit 0."""
    graph = Graph()
    graph.add((URIRef("http://e/s"), URIRef("http://e/p"), Literal("one\u2028two")))
    old_nquads = '<http://e/s> <http://e/p> "one\u2028two" <http://e/g> .'.splitlines()
    real_add = export.DumpWriter.add

    def add_cutting_lines_like_the_old_writer(writer, name, graph):
        if writer.fmt != "nquads":
            return real_add(writer, name, graph)
        writer.statements += len(graph)
        writer.out.write(("\n".join(old_nquads) + "\n").encode())
        return None

    monkeypatch.setattr(export.DumpWriter, "add", add_cutting_lines_like_the_old_writer)
    with pytest.raises(DumpError, match="the nquads dump does not parse"):
        export.write_dumps({"http://e/g": graph}, tmp_path / "dist")
    assert not (tmp_path / "dist" / "seckg.nq").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_graphs_anywhere_in_a_dump_keep_it_readable(fmt):
    full = Graph()
    full.add((URIRef("http://e/s"), URIRef("http://e/p"), Literal("x")))
    graphs = {"http://e/a": Graph(), "http://e/b": full, "http://e/c": Graph()}
    data = serialise_graphs(graphs, fmt)
    assert len(read_graph(data, fmt)) == 1
