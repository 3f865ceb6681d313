"""Prometheus metrics in the text exposition format, kept per app (no global state)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from flask import Flask, g, request

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.buckets: dict[str, list[int]] = defaultdict(lambda: [0] * (len(BUCKETS) + 1))
        self.sums: dict[str, float] = defaultdict(float)

    def observe(self, endpoint: str, method: str, status: int, seconds: float) -> None:
        with self.lock:
            self.requests[(endpoint, method, status)] += 1
            counts = self.buckets[endpoint]
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    counts[i] += 1
            counts[-1] += 1
            self.sums[endpoint] += seconds

    def exposition(self, *, timeouts: int, crashes: int, busy: int, workers: int, quads: int,
                   graphs: int) -> str:
        out = ["# HELP seckg_http_requests_total HTTP requests by endpoint, method and status.",
               "# TYPE seckg_http_requests_total counter"]
        with self.lock:
            for (endpoint, method, status), n in sorted(self.requests.items()):
                out.append(f'seckg_http_requests_total{{endpoint="{endpoint}",method="{method}",'
                           f'status="{status}"}} {n}')
            out += ["# HELP seckg_http_request_seconds Time to answer, by endpoint.",
                    "# TYPE seckg_http_request_seconds histogram"]
            for endpoint, counts in sorted(self.buckets.items()):
                for bound, n in zip(BUCKETS, counts, strict=False):
                    out.append(f'seckg_http_request_seconds_bucket{{endpoint="{endpoint}",'
                               f'le="{bound}"}} {n}')
                out.append(f'seckg_http_request_seconds_bucket{{endpoint="{endpoint}",le="+Inf"}} '
                           f"{counts[-1]}")
                out.append(f'seckg_http_request_seconds_sum{{endpoint="{endpoint}"}} '
                           f"{self.sums[endpoint]:.6f}")
                out.append(f'seckg_http_request_seconds_count{{endpoint="{endpoint}"}} {counts[-1]}')
        out += ["# HELP seckg_query_timeouts_total SPARQL queries stopped at the time limit.",
                "# TYPE seckg_query_timeouts_total counter", f"seckg_query_timeouts_total {timeouts}",
                "# HELP seckg_query_worker_crashes_total Query workers that died on a query.",
                "# TYPE seckg_query_worker_crashes_total counter",
                f"seckg_query_worker_crashes_total {crashes}",
                "# HELP seckg_query_workers Query worker processes.",
                "# TYPE seckg_query_workers gauge", f"seckg_query_workers {workers}",
                "# HELP seckg_query_workers_busy Query workers running a query now.",
                "# TYPE seckg_query_workers_busy gauge", f"seckg_query_workers_busy {busy}",
                "# HELP seckg_store_quads Quads in the store.", "# TYPE seckg_store_quads gauge",
                f"seckg_store_quads {quads}",
                "# HELP seckg_store_graphs Named graphs in the store.",
                "# TYPE seckg_store_graphs gauge", f"seckg_store_graphs {graphs}"]
        return "\n".join(out) + "\n"


def init_app(app: Flask) -> None:
    metrics = app.extensions.setdefault("seckg.metrics", Metrics())

    @app.before_request
    def _start() -> None:
        g.seckg_started = time.perf_counter()

    @app.after_request
    def _observe(response):
        started = getattr(g, "seckg_started", None)
        if started is not None:
            endpoint = request.url_rule.rule if request.url_rule else "unmatched"
            metrics.observe(endpoint, request.method, response.status_code,
                            time.perf_counter() - started)
        return response
