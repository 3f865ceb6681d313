"""The query workers: answers come back as bytes, a slow query is stopped and its worker
replaced, a query that kills its worker is a 400, truncation is never silent, and closing
leaves no process behind.

Time limits here are generous: the tests check what happened (the slow query was stopped,
the next one answered), never how fast, so they hold on a loaded machine."""

from __future__ import annotations

import json
import time

import pytest

from kg import QueryError
from kg.store.answers import QueryTimeout, truncate_results
from kg.store.workers import Executor

NQUADS = b"".join(b"<http://e/s%d> <http://e/p> \"%d\" <http://e/g> .\n" % (i, i) for i in range(50))
NUMBERS = " ".join(str(i) for i in range(1, 1001))
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { "
        + " ".join(f"VALUES ?{v} {{ {NUMBERS} }}" for v in "abcd") + " }")  # 10^12 rows: never ends
FAST = "ASK { <http://e/s1> <http://e/p> ?o }"


GENEROUS = 60.0     # seconds: a query that should answer, answers well within this


@pytest.fixture
def executor():
    pool = Executor(location=None, nquads=NQUADS, workers=2, timeout=GENEROUS, limit=10)
    yield pool
    pool.close()


@pytest.fixture
def impatient():
    """A pool whose limit the slow query always passes (it would run for hours)."""
    pool = Executor(location=None, nquads=NQUADS, workers=2, timeout=5, limit=10)
    yield pool
    pool.close()


def pids(pool: Executor) -> set[int]:
    return {w.process.pid for w in pool._all}


def test_answers_come_back_serialised(executor):
    answer = executor.run(FAST)
    assert answer.kind == "boolean" and json.loads(answer.body)["boolean"] is True
    answer = executor.run("SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 3",
                          results_type="text/csv")
    assert answer.body.decode().splitlines()[0] == "s"
    answer = executor.run("CONSTRUCT { ?s <http://e/q> ?o } WHERE { ?s ?p ?o } LIMIT 4",
                          rdf_type="application/n-triples")
    assert answer.kind == "rdf" and answer.body.count(b"\n") == 4


def test_a_slow_query_is_stopped_and_its_worker_replaced(impatient):
    before = pids(impatient)
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        impatient.run(SLOW)
    assert caught.value.status == 503
    assert time.monotonic() - started < GENEROUS      # stopped, not run to its end
    assert impatient.timeouts == 1
    assert len(pids(impatient)) == 2 and pids(impatient) != before      # one was replaced
    assert json.loads(impatient.run(FAST).body)["boolean"] is True     # the pool still answers
    assert impatient.timeouts == 1


def test_a_query_that_kills_its_worker_is_a_400_and_the_pool_lives_on(executor):
    deadly = "SELECT * WHERE { FILTER(1" + "+1" * 20000 + ") }"     # past the guard's limits
    with pytest.raises(QueryError) as caught:
        executor.run(deadly)
    assert caught.value.status == 400 and "stopped on this query" in str(caught.value)
    assert executor.crashes == 1
    assert json.loads(executor.run(FAST).body)["boolean"] is True


def test_syntax_errors_name_line_and_column(executor):
    with pytest.raises(QueryError) as caught:
        executor.run("SELECT *\nWHERE { ?s ?p }")
    assert (caught.value.line, caught.value.column) == (2, 16)


@pytest.mark.parametrize(("media_type", "kind"), [
    ("application/sparql-results+json", "results"), ("application/sparql-results+xml", "results"),
    ("text/csv", "results"), ("text/tab-separated-values", "results"),
    ("text/turtle", "rdf"), ("application/n-triples", "rdf"), ("application/ld+json", "rdf"),
    ("application/rdf+xml", "rdf"), ("application/trig", "rdf"), ("application/n-quads", "rdf"),
], ids=lambda v: v.split("/")[-1])
def test_every_format_is_cut_at_the_limit_and_says_so(executor, media_type, kind):
    import pyoxigraph as ox

    if kind == "results":
        answer = executor.run("SELECT ?s ?o { ?s ?p ?o }", results_type=media_type)
        rows = (len(json.loads(answer.body)["results"]["bindings"]) if "json" in media_type else
                answer.body.count(b"<result>") if "xml" in media_type else
                len(answer.body.decode().splitlines()) - 1)
    else:
        answer = executor.run("CONSTRUCT WHERE { ?s ?p ?o }", rdf_type=media_type)
        scratch = ox.Store()
        fmt = ox.RdfFormat.from_media_type(media_type)
        scratch.load(answer.body, format=fmt,
                     **({} if fmt.supports_datasets else {"to_graph": ox.DefaultGraph()}))
        rows = len(scratch)
    assert answer.truncated and rows == 10


def test_csv_rows_with_newlines_are_cut_whole():
    body = b'x\r\n"a\nb"\r\n"c\nd"\r\n"e"\r\n'
    rows, cut, truncated = truncate_results(body, "text/csv", 2)
    assert truncated and rows == 2 and cut == b'x\r\n"a\nb"\r\n"c\nd"\r\n'


def test_answers_within_the_limit_are_untouched():
    body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1"}}]}}'
    for limit in (1, 100):
        _rows, out, truncated = truncate_results(body, "application/sparql-results+json", limit)
        assert out is body and not truncated


def test_close_leaves_no_process_behind():
    pool = Executor(location=None, nquads=NQUADS, workers=3, timeout=5, limit=10)
    processes = [w.process for w in pool._all]
    pool.run(FAST)
    pool.close()
    assert all(p.poll() is not None for p in processes)
    with pytest.raises(QueryError, match="shut down"):
        pool.run(FAST)


def test_reload_starts_a_new_generation_over_new_data(executor):
    executor.reload(b'<http://e/new> <http://e/p> "1" <http://e/g> .\n')
    assert json.loads(executor.run("ASK { <http://e/new> ?p ?o }").body)["boolean"] is True
    assert json.loads(executor.run(FAST).body)["boolean"] is False
    assert all(w.generation == 1 for w in executor._all)
