"""The embedded store behind its small interface."""

from rdflib import Graph, Literal, URIRef

from kg import open_store


def _graph(text: str) -> Graph:
    g = Graph()
    g.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal(text, lang="en")))
    return g


def test_replace_graph_replaces_not_appends():
    store = open_store("memory:")
    store.replace_graph("http://example.org/g", _graph("one"))
    store.replace_graph("http://example.org/g", _graph("two"))
    rows = store.select("SELECT ?o WHERE { ?s ?p ?o }")
    assert [str(r["o"]) for r in rows] == ["two"]
    assert store.graphs() == ["http://example.org/g"]


def test_default_graph_is_union_of_named_graphs():
    store = open_store("memory:")
    store.replace_graph("http://example.org/a", _graph("a"))
    store.replace_graph("http://example.org/b", _graph("b"))
    assert len(store.select("SELECT ?o WHERE { ?s ?p ?o }")) == 2
    only_a = store.serialize_query("SELECT ?o WHERE { ?s ?p ?o }", "csv",
                                   default_graphs=["http://example.org/a"])
    assert only_a.decode().split() == ["o", "a"]


def test_on_disk_store_persists(tmp_path):
    location = str(tmp_path / "store")
    store = open_store(location)
    store.replace_graph("http://example.org/g", _graph("kept"))
    store.close()
    reopened = open_store(location, read_only=True)
    assert reopened.ask("ASK { ?s ?p 'kept'@en }")


def test_query_workers_answer_from_memory_or_from_disk(tmp_path):
    """In memory (the default) each worker copied the store at start: it answers even when
    the folder is gone; on disk (for stores larger than memory) it reads the folder."""
    import shutil

    from kg.store import QueryRequest
    from kg.store.generations import Generations

    location = str(tmp_path / "store")
    writer = open_store(location)
    writer.publish({"http://example.org/g": _graph("kept").serialize(format="nt",
                                                                      encoding="utf-8")})
    writer.close()
    ask = QueryRequest("ASK { ?s ?p 'kept'@en }")
    on_disk = open_store(location, read_only=True)
    on_disk.serve(workers=1, timeout=60, limit=10, in_memory=False)
    assert b"true" in on_disk.answer(ask).body
    on_disk.close()
    in_memory = open_store(location, read_only=True)
    in_memory.serve(workers=1, timeout=60, limit=10)
    try:
        assert b"true" in in_memory.answer(ask).body         # the worker has copied it
        shutil.rmtree(Generations(tmp_path / "store").current())
        assert b"true" in in_memory.answer(ask).body
    finally:
        in_memory.close()


def test_a_load_that_fails_half_way_leaves_the_store_as_it_was(tmp_path):
    import pytest

    from kg.errors import StoreError

    location = str(tmp_path / "store")
    store = open_store(location)
    store.load(b'<http://e/a> <http://e/p> "1" .\n', format="ntriples", graph="http://e/g")
    good = b"".join(b'<http://e/s%d> <http://e/p> "x" .\n' % n for n in range(2000))
    with pytest.raises(StoreError, match="cannot load"):
        store.load(good + b"<http://e/broken> <http://e/p> .\n", format="ntriples",
                   graph="http://e/g")
    store.close()
    assert len(open_store(location, read_only=True)) == 1
