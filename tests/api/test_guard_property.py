"""Property: the guard finds SERVICE exactly when pyoxigraph would run it.

Queries are generated from pieces that put ``SERVICE``, ``#``, quotes and brackets where the
grammar's corners are (escaped local names, the four string forms, comments ending at CR or
LF, IRIs with ``#``). pyoxigraph is the oracle: a ``SERVICE <urn:x:svc>`` it evaluates fails
with "invalid authority" before any connection, so no test ever reaches the network.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.guard import check_query
from kg import QueryError

LIMITS = {"max_length": 100_000, "max_depth": 64, "max_clauses": 1000}
SERVICE = "SERVICE <urn:x:svc> { ?s ?p ?o }"
CHUNKS = [SERVICE, "service <urn:x:svc> {}", "#", "'", '"', "''", '""', "\\", "{", "}", "<",
          ">", "\n", "\r", " ", "a", "é", "\u2028", "LOAD"]
VAR = "§var§"          # numbered once the query is put together
content = st.lists(st.sampled_from(CHUNKS), max_size=6).map("".join)


def _escape(text: str, quote: str, *, long: bool) -> str:
    text = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return text if long else text.replace("\n", "\\n").replace("\r", "\\r")


def _string(form: int, text: str) -> str:
    quote = '"' if form % 2 else "'"
    long = form >= 2
    fence = quote * 3 if long else quote
    return fence + _escape(text, quote, long=long) + fence


strings = st.builds(_string, st.integers(0, 3), content)
local_names = st.sampled_from(["ex:a\\#", "ex:a\\#b", "ex:it\\'s", "ex:a\\.b", "ex:%41",
                               "ex:service", "ex:SERVICE\\#", "<http://e/#x>",
                               "<http://e/SERVICE>"])
terms = st.one_of(strings, local_names, st.sampled_from(["1", "?service", "$load", "true"]))
comment = st.builds(lambda text, end: "#" + text.replace("\n", " ").replace("\r", " ") + end,
                    content, st.sampled_from(["\n", "\r"]))
pieces = st.one_of(
    st.builds(lambda t: f"BIND({t} AS {VAR})", terms),
    st.builds(lambda t: f"FILTER(true || sameTerm({t}, {t}))", terms),
    comment,
    st.just(SERVICE),
)


def _oxigraph_runs_service(query: str) -> bool | None:
    """True when pyoxigraph evaluates the SERVICE, False when it answers, None if invalid."""
    try:
        list(ox.Store().query(query))
    except SyntaxError:
        return None
    except OSError as exc:
        assert "authority" in str(exc), exc
        return True
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pieces, min_size=1, max_size=6))
def test_the_guard_refuses_exactly_the_queries_that_would_call_a_service(parts):
    body = " ".join(parts)
    for n in range(body.count(VAR)):
        body = body.replace(VAR, f"?v{n}", 1)
    query = f"PREFIX ex: <http://e/>\nSELECT * WHERE {{ BIND(1 AS ?x)\n{body}\n}}"
    runs = _oxigraph_runs_service(query)
    assert runs is not None, f"generated an invalid query: {query!r}"
    try:
        check_query(query, **LIMITS)
        refused = False
    except QueryError as exc:
        assert exc.status == 403 and "SERVICE" in str(exc), exc
        refused = True
    assert refused == runs, query


@pytest.mark.parametrize("query", ["SELECT * { BIND(1 AS ?x) " + SERVICE + " }"])
def test_the_oracle_sees_a_service(query):
    assert _oxigraph_runs_service(query) is True
