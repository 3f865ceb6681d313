"""The common SPARQL request, answered without Flask's request machinery.

Most traffic on ``/sparql`` is a plain ``GET ?query=`` that the guard lets through. For those,
Flask's per-request work (a request context, routing, header objects, the hooks) cost about
1 ms, several times what the store takes for a light query. This WSGI middleware answers them
itself, with exactly the response the Flask view would give (status, body and every header
but ``Date``: ``tests/api/test_fast_sparql.py`` compares the two request by request):

- what a request asks is decided once per query string and ``Accept`` header (:class:`Plan`,
  kept in a small LRU): the guard's verdict, the answer formats, the query's prefixes;
- the store answers it as on the Flask path (``Store.answer``: worker processes, time limit,
  row limit), after following a build that switched the store;
- a query error (time limit, engine error) is answered in the endpoint's problem shape through
  the Flask app, so its hooks run as for any error.

Everything else goes to Flask untouched: other paths and methods, conditional requests
(``If-None-Match``, ``If-Modified-Since``), ``default-graph-uri``/``named-graph-uri``/
``update``, FROM clauses, queries the guard refuses, formats nobody offers (406), the first
request (which starts the query workers).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import parse_qs

from flask import Flask
from werkzeug.http import http_date
from werkzeug.wsgi import get_current_url

from api import caching, guard
from api.conneg import UnknownFormat, choose_format
from api.security_headers import HEADERS as SECURITY_HEADERS
from api.sparql import CORS_HEADERS, query_prefixes
from kg import QueryError, Settings, format_by_name
from kg.store import QueryRequest

PLANS = 1024
"""Query strings whose plan is kept (least recently used dropped first)."""

_FORMAT_PARAMETERS = ("format", "output", "results")
_KNOWN = frozenset({"query", *_FORMAT_PARAMETERS})


@dataclass(frozen=True, slots=True)
class Plan:
    """What one query string asks, decided once: the query, the media type for each kind of
    answer, and the format names the ETags vary on."""

    text: str
    full_path: str
    results: tuple[str, str, str]          # (media type, content type, format name)
    rdf: tuple[str, str, str]
    prefixes: dict[str, str]


class QueryFastPath:
    """WSGI middleware in front of the Flask app (``app.wsgi_app``): see the module."""

    def __init__(self, app: Flask, flask_wsgi) -> None:
        self.app, self.flask_wsgi = app, flask_wsgi
        settings: Settings = app.config["SECKG_SETTINGS"]
        self.limits = {"max_length": settings.max_query_length,
                       "max_depth": settings.max_query_depth,
                       "max_clauses": settings.max_query_clauses}
        self.result_limit = settings.result_limit
        self._plans: OrderedDict[tuple[str, str | None], Plan | None] = OrderedDict()
        self._bases: dict[tuple[str, str, str], str] = {}
        self._lock = threading.Lock()
        self.answered = 0                  # requests this path answered itself (for /metrics)

    def __call__(self, environ, start_response):
        if (environ.get("PATH_INFO") != "/sparql" or environ.get("REQUEST_METHOD") != "GET"
                or "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ):
            return self.flask_wsgi(environ, start_response)
        started = time.perf_counter()
        store = self.app.extensions.get("seckg.serving")
        plan = self.plan(environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT"))
        if plan is None or store is None:
            return self.flask_wsgi(environ, start_response)
        if store.refresh():                # a build switched the store: follow it whole
            caching.forget(self.app)
        caching.init_app(self.app)
        info = self.app.extensions[caching.KEY]
        try:
            answer = store.answer(QueryRequest(
                plan.text, results_type=plan.results[0], rdf_type=plan.rdf[0],
                base_iri=self._base_url(environ), prefixes=plan.prefixes))
        except QueryError as exc:
            return self._error(environ, start_response, exc, started)
        _media, content_type, variant = plan.rdf if answer.kind == "rdf" else plan.results
        headers = [("Content-Type", content_type), ("Content-Length", str(len(answer.body))),
                   ("X-Seckg-Truncated", "true" if answer.truncated else "false")]
        if answer.truncated:
            headers.append(("X-Seckg-Result-Limit", str(self.result_limit)))
        headers += caching.validators(info, plan.full_path, variant)
        headers += [("Date", http_date()), *CORS_HEADERS, ("Vary", "Accept"),
                    *SECURITY_HEADERS.items()]
        self._observe(200, started)
        self.answered += 1
        start_response("200 OK", headers)
        return [answer.body]

    # -- deciding once per query string -------------------------------------------------------
    def plan(self, query_string: str, accept: str | None) -> Plan | None:
        """The plan of a request, or None when Flask must answer it (see the module)."""
        key = (query_string, accept)
        with self._lock:
            if key in self._plans:
                self._plans.move_to_end(key)
                return self._plans[key]
        plan = self._make_plan(query_string, accept)
        with self._lock:
            self._plans[key] = plan
            while len(self._plans) > PLANS:
                self._plans.popitem(last=False)
        return plan

    def _make_plan(self, query_string: str, accept: str | None) -> Plan | None:
        try:
            raw = query_string.encode("latin-1")
            full_path = "/sparql?" + raw.decode("utf-8")
            args = parse_qs(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
        except (UnicodeError, ValueError):
            return None
        if set(args) - _KNOWN or len(args.get("query", ())) != 1:
            return None
        text = args["query"][0]
        formats = tuple(v for name in _FORMAT_PARAMETERS for v in args.get(name, ()))
        try:
            guard.check_query(text, **self.limits)
            if guard.dataset_graphs(text):
                return None
            chosen = {k: choose_format(k, accept, formats) for k in ("results", "rdf")}
        except (QueryError, UnknownFormat):
            return None
        kind = "results" if guard.query_form(text) in ("SELECT", "ASK") else "rdf"
        if chosen[kind] is None:
            return None
        types = {k: format_by_name(v or ("json" if k == "results" else "turtle"), k)
                 for k, v in chosen.items()}
        return Plan(text, full_path,
                    *((t.media_type, t.content_type, t.name)
                      for t in (types["results"], types["rdf"])),
                    prefixes=query_prefixes(text))

    # -- the rest -----------------------------------------------------------------------------
    def _error(self, environ, start_response, exc: QueryError, started: float):
        """A query error in the endpoint's shape, through Flask's error hooks."""
        from api.errors import from_query_error

        with self.app.request_context(environ):
            response = self.app.process_response(from_query_error(exc))
            self._observe(response.status_code, started)
            self.answered += 1
            return response(environ, start_response)

    def _base_url(self, environ) -> str:
        """``request.base_url`` of a request to /sparql, as werkzeug makes it (kept per host:
        a few entries, whatever hosts clients send)."""
        key = (environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST", ""),
               environ.get("SCRIPT_NAME", ""))
        found = self._bases.get(key)
        if found is None:
            found = get_current_url({**environ, "QUERY_STRING": ""}, strip_querystring=True)
            if len(self._bases) < 64:
                self._bases[key] = found
        return found

    def _observe(self, status: int, started: float) -> None:
        metrics = self.app.extensions.get("seckg.metrics")
        if metrics is not None:
            metrics.observe("/sparql", "GET", status, time.perf_counter() - started)


def init_app(app: Flask) -> None:
    """Put the fast path in front of ``app`` (inside any proxy fix added later)."""
    app.wsgi_app = QueryFastPath(app, app.wsgi_app)
