"""The checks that run before any engine sees a query: length, nesting, clauses, SERVICE,
LOAD, updates, and the graphs FROM / USING may name."""

from __future__ import annotations

import pytest

from api.guard import (
    check_graphs,
    check_query,
    check_update,
    clause_count,
    dataset_graphs,
    nesting_depth,
)
from kg import QueryError

LIMITS = {"max_length": 10_000, "max_depth": 20, "max_clauses": 100}

ACCEPTED = {
    "plain": "SELECT * WHERE { ?s ?p ?o }",
    "variables-named-like-keywords": "SELECT ?add ?copy ?load ?service WHERE { ?add ?copy ?load }",
    "prefixed-names-like-keywords": "PREFIX insert: <http://e/> SELECT * { ?s insert:delete ?o ; "
                                    "insert:service ?x ; insert:load-data ?y }",
    "keywords-in-strings-and-iris": 'SELECT * { ?s <http://e/SERVICE/LOAD> "INSERT DATA { }" }',
    "keywords-in-comments": "SELECT * { ?s ?p ?o } # SERVICE <http://x/> and LOAD <http://x/>",
    "brackets-in-strings": "SELECT * { ?s ?p \"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\" }",
    "long-string-literal": 'SELECT * { ?s ?p """' + "(((( ))))" * 200 + '""" }',
}

REFUSED = {
    "service": ("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403),
    "service-lower-case": ("select * { service <http://127.0.0.1:9/> { ?s ?p ?o } }", 403),
    "silent-service": ("SELECT * { SERVICE SILENT <http://x/> { ?s ?p ?o } }", 403),
    "load": ("LOAD <http://127.0.0.1:9/x.ttl>", 403),
    "insert-data": ("INSERT DATA { <http://e/s> <http://e/p> 1 }", 403),
    "delete-where": ("DELETE WHERE { ?s ?p ?o }", 403),
    "clear": ("CLEAR ALL", 403),
    "too-long": ("SELECT * { ?s ?p ?o } #" + "x" * 10_000, 413),
    "too-deep": ("SELECT * " + "{" * 21 + "}" * 21, 400),
    "too-deep-parentheses": ("SELECT * { FILTER(" + "(" * 25 + "1" + ")" * 25 + ") }", 400),
    "too-many-operators": ("SELECT * { FILTER(1" + "+1" * 100 + ") }", 400),
    "too-many-optionals": ("SELECT * { " + "OPTIONAL { ?s ?p ?o } " * 101 + "}", 400),
    "long-negation-chain": ("SELECT * { FILTER(" + "!" * 101 + "true) }", 400),
}


@pytest.mark.parametrize("query", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_ordinary_queries_pass(query):
    check_query(query, **LIMITS)


@pytest.mark.parametrize(("query", "status"), REFUSED.values(), ids=REFUSED.keys())
def test_queries_that_must_not_reach_the_engine(query, status):
    with pytest.raises(QueryError) as caught:
        check_query(query, **LIMITS)
    assert caught.value.status == status


@pytest.mark.parametrize(("text", "ok"), [
    ("INSERT DATA { <http://e/s> <http://e/p> 1 }", True),
    ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
    ("LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <http://e/g>", False),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }", False),
], ids=["insert", "delete", "load", "service-inside"])
def test_updates_may_not_reach_outside_either(text, ok):
    if ok:
        check_update(text, **LIMITS)
    else:
        with pytest.raises(QueryError, match="refused"):
            check_update(text, **LIMITS)


def test_nesting_and_clauses_are_counted_outside_strings_iris_and_comments():
    assert nesting_depth('SELECT * { ?s ?p "{{{" . ?s <http://e/(x)[y]> ?o } # {{{{') == 1
    assert clause_count('SELECT ?s { ?s ?p "1+1 && !x" . FILTER(?p != <http://e/a-b>) } # +++') == 2


@pytest.mark.parametrize(("text", "graphs"), [
    ("SELECT * FROM <http://e/a> FROM NAMED <http://e/b> { ?s ?p ?o }", ["http://e/a", "http://e/b"]),
    ("select * from <file:///etc/passwd> { }", ["file:///etc/passwd"]),
    ("DELETE { ?s ?p ?o } USING <http://e/a> USING NAMED <http://e/b> WHERE { ?s ?p ?o }",
     ["http://e/a", "http://e/b"]),
    ('SELECT * { ?s ?p "FROM <http://e/x>" } # FROM <http://e/y>', []),
], ids=["from-and-from-named", "lower-case-file", "using", "not-in-strings-or-comments"])
def test_dataset_graphs_named_in_the_text(text, graphs):
    assert dataset_graphs(text) == graphs


def test_only_graphs_of_the_store_may_be_named():
    check_graphs(["http://e/a"], {"http://e/a", "http://e/b"})
    with pytest.raises(QueryError, match="not in this dataset"):
        check_graphs(["http://e/a", "file:///etc/passwd"], {"http://e/a"})


# -- the grammar's corners: where a keyword can hide, and where it cannot ----------------------
HIDDEN_SERVICE = {
    "escaped-hash-local-name": "PREFIX ex: <http://e/>\nSELECT * { BIND(ex:a\\# AS ?v) "
                               "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "escaped-hash-mid-name": "PREFIX ex: <http://e/>\nSELECT * { ex:a\\#b ?p ?o SERVICE <x:> {} }",
    "escaped-quote-local-name": "PREFIX ex: <http://e/>\nSELECT * { ex:it\\'s ?p ?o SERVICE <x:> "
                                "{} } # '",
    "comment-ends-at-carriage-return": "SELECT * { # c\r SERVICE <x:> {} }",
    "long-string-with-quotes-and-newline": 'SELECT * { BIND("""a""b"\n#""" AS ?v) SERVICE <x:> {} }',
    "long-single-string": "SELECT * { BIND('''it's\n''' AS ?v) SERVICE <x:> {} }",
    "string-with-escaped-quote": 'SELECT * { BIND("a\\"#" AS ?v) SERVICE <x:> {} }',
    "iri-with-hash": "SELECT * { ?s <http://e/#p> ?o SERVICE <x:> {} }",
    "no-space-before-iri": "SELECT * {SERVICE<x:>{}}",
    "after-less-than": "SELECT * { FILTER(1<2) SERVICE <x:> {} }",
}

NOT_SERVICE = {
    "in-a-long-string": 'SELECT * { BIND("""\nSERVICE <x:> {}\n""" AS ?v) }',
    "in-a-single-quoted-long-string": "SELECT * { BIND('''x'' SERVICE <x:> {}''' AS ?v) }",
    "after-a-comment-hash": "SELECT * { ?s ?p ?o } # SERVICE <x:> {}",
    "in-an-iri": "SELECT * { ?s <http://e/SERVICE> ?o }",
    "a-variable": "SELECT ?service $load { ?service ?p $load }",
    "a-prefixed-name": "PREFIX service: <http://e/> SELECT * { ?s service:load service:SERVICE }",
    "a-local-name-after-escape": "PREFIX ex: <http://e/> SELECT * { ?s ex:a\\#SERVICE ?o }",
    "a-language-tag": 'SELECT * { ?s ?p "x"@service }',
}


@pytest.mark.parametrize("query", HIDDEN_SERVICE.values(), ids=HIDDEN_SERVICE.keys())
def test_service_is_found_wherever_the_grammar_puts_it(query):
    with pytest.raises(QueryError, match="SERVICE is refused") as caught:
        check_query(query, **LIMITS)
    assert caught.value.status == 403


@pytest.mark.parametrize("query", NOT_SERVICE.values(), ids=NOT_SERVICE.keys())
def test_service_is_not_found_where_it_is_not_a_keyword(query):
    check_query(query, **LIMITS)


def test_an_unclosed_string_is_refused_with_its_place():
    with pytest.raises(QueryError, match="never closed") as caught:
        check_query('SELECT * { ?s ?p "abc }\nSERVICE <x:> {}', **LIMITS)
    assert (caught.value.line, caught.value.column) == (1, 18)


def test_from_with_a_prefixed_name_is_checked_too():
    assert dataset_graphs("PREFIX g: <http://127.0.0.1:9/> SELECT * FROM g:a FROM NAMED g:b "
                          "{ }") == ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"]
