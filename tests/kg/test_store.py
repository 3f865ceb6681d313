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
