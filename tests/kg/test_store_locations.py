"""Store locations: one parser, one meaning per form, and errors that name the fix."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.errors import ConfigError, StoreError
from kg.store import open_store, parse_location


@pytest.mark.parametrize(("text", "kind"), [
    ("var/store", "disk"), ("/srv/kg/store", "disk"), ("./memory", "disk"),
    ("memory:", "memory"), (":memory:", "memory"), ("MEMORY:", "memory"),
    ("sparql+http://h:1/q", "sparql"), ("http://h:1/q", "sparql"),
    ("oxigraph+https://h", "sparql"), ("fuseki+http://h:3030/ds", "sparql"),
])
def test_each_form_has_one_kind(text, kind):
    assert parse_location(text).kind == kind


def test_server_shorthands_know_their_standard_paths():
    ox = parse_location("oxigraph+http://127.0.0.1:7878/")
    assert (ox.query_url, ox.update_url, ox.graph_store_url) == (
        "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
        "http://127.0.0.1:7878/store")
    fu = parse_location("fuseki+https://kg.example:3030/news")
    assert (fu.query_url, fu.update_url, fu.graph_store_url) == (
        "https://kg.example:3030/news/query", "https://kg.example:3030/news/update",
        "https://kg.example:3030/news/data")


def test_a_generic_service_takes_its_other_urls_from_options():
    plain = parse_location("sparql+http://h/sparql")
    assert plain.query_url == "http://h/sparql" and plain.update_url is None
    given = Settings(store="sparql+http://h/sparql", store_update_url="http://h/update",
                     store_graph_store_url="http://h/rdf-graph-store").location()
    assert (given.update_url, given.graph_store_url) == ("http://h/update",
                                                         "http://h/rdf-graph-store")


def test_credentials_come_from_options_or_the_environment(monkeypatch):
    monkeypatch.setenv("SECKG_STORE_PASSWORD", "s3cret")
    where = Settings(store="oxigraph+http://h:1", store_user="analyst").location()
    assert (where.user, where.password) == ("analyst", "s3cret")
    assert "s3cret" not in str(where)
    with pytest.raises(ConfigError, match="not in the URL"):
        parse_location("oxigraph+http://analyst:pw@h:1")


@pytest.mark.parametrize("text", ["oxigraph:var/store", "ftp://h/x", "fuseki+ftp://h/x",
                                  "sparql+http://", "  "])
def test_an_unknown_form_is_refused_with_the_forms_that_exist(text):
    with pytest.raises(ConfigError) as caught:
        parse_location(text)
    assert "store" in str(caught.value)


def test_memory_never_makes_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    open_store("memory:").close()
    assert not any(tmp_path.iterdir())


def test_relative_folders_are_made_absolute_once_where_settings_enter(tmp_path):
    resolved = Settings(store="var/store").resolved(tmp_path)
    assert resolved.store == str(tmp_path / "var" / "store")
    assert Settings(store="oxigraph+http://h:1").resolved(tmp_path).store == \
        "oxigraph+http://h:1"
    assert Settings(store="memory:").resolved(tmp_path).store == "memory:"


def test_a_server_that_is_not_there_is_named_with_the_fix():
    from tests.servers import free_port

    store = open_store(f"oxigraph+http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="does not answer .*is the server running"):
        store.graphs()
