"""Measuring servers over HTTP: answers checked, latency in interleaved rounds, throughput.

Every request is a GET of the SPARQL 1.1 Protocol on a keep-alive connection. Latency rounds
alternate the servers (round r starts with server r mod n) so drift on a shared machine falls
on all of them. A server may be *capped* (rdflib-endpoint): a query whose first answer took
longer than ``slow`` seconds is measured once only, and a request that outlives ``timeout``
stops that server for the rest of the run (its thread would go on burning a core otherwise).
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field

from bench.mix import ACCEPT, MIX, QUERIES, Query, canonical
from bench.servers import PeakRss, Server


class GaveUp(Exception):
    """A capped server did not answer in time; it was stopped."""


@dataclass
class Caps:
    slow: float = float("inf")        # first answer slower than this: measured once only
    timeout: float = 600.0            # a request slower than this: the server is stopped


@dataclass
class Tally:
    """What one server did on one query."""
    samples: list[float] = field(default_factory=list)
    rows: int | None = None
    agrees: bool | None = None
    note: str = ""

    def p(self, q: float) -> float | None:
        if not self.samples:
            return None
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    @property
    def p50(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None


def ask(conn: http.client.HTTPConnection, server: Server, query: Query) -> tuple[bytes, float]:
    started = time.perf_counter()
    conn.request("GET", server.url_for(QUERIES[query.name]),
                 headers={"Accept": ACCEPT[query.kind]})
    response = conn.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"{server.name}: HTTP {response.status} on {query.name!r}: "
                           f"{body[:300]!r}")
    return body, seconds


class Session:
    """One keep-alive connection per server, and the tallies of every (server, query)."""

    def __init__(self, servers: list[Server], caps: dict[str, Caps]) -> None:
        self.servers = servers
        self.caps = caps
        self.tally = {(s.name, q.name): Tally() for s in servers for q in MIX}
        self.stopped: set[str] = set()
        self._conns: dict[str, http.client.HTTPConnection] = {}

    def _conn(self, server: Server) -> http.client.HTTPConnection:
        if server.name not in self._conns:
            timeout = self.caps.get(server.name, Caps()).timeout
            self._conns[server.name] = http.client.HTTPConnection("127.0.0.1", server.port,
                                                                  timeout=timeout)
        return self._conns[server.name]

    def _once(self, server: Server, query: Query) -> tuple[bytes, float]:
        try:
            try:
                return ask(self._conn(server), server, query)
            except (http.client.RemoteDisconnected, ConnectionError):
                # an idle keep-alive connection closed by the server (uvicorn: after 5 s)
                self._conns.pop(server.name).close()
                return ask(self._conn(server), server, query)
        except TimeoutError as exc:
            self._give_up(server, query)
            raise GaveUp(server.name) from exc

    def _give_up(self, server: Server, query: Query) -> None:
        timeout = self.caps[server.name].timeout
        self.tally[server.name, query.name].note = f"no answer in {timeout:.0f} s"
        for q in MIX:
            t = self.tally[server.name, q.name]
            if not t.samples and not t.note:
                t.note = "not run (server stopped after a time-out)"
        self.stopped.add(server.name)
        self._conns.pop(server.name).close()
        server.stop()

    def live(self, server: Server, query: Query) -> bool:
        t = self.tally[server.name, query.name]
        return server.name not in self.stopped and not t.note

    def check_answers(self, reference: str) -> None:
        """First request of every query on every server: rows, and the same answer as
        ``reference`` (compared in canonical, sorted form)."""
        for query in MIX:
            answers = {}
            for server in self.servers:
                if not self.live(server, query):
                    continue
                try:
                    body, seconds = self._once(server, query)
                except GaveUp:
                    continue
                answers[server.name] = canonical(query.kind, body)
                t = self.tally[server.name, query.name]
                t.rows = len(answers[server.name])
                t.samples.append(seconds)
                if seconds > self.caps.get(server.name, Caps()).slow:
                    t.note = f"measured once ({seconds:.1f} s)"
            for name, answer in answers.items():
                self.tally[name, query.name].agrees = answer == answers.get(reference)

    def rounds(self, rounds: int, reps: int) -> None:
        """``rounds`` interleaved rounds; in each, every server runs every query ``reps``
        times in a row, round r starting with server r mod n."""
        for r in range(rounds):
            order = self.servers[r % len(self.servers):] + self.servers[:r % len(self.servers)]
            for server in order:
                for query in MIX:
                    for _ in range(reps):
                        if not self.live(server, query):
                            break
                        try:
                            _, seconds = self._once(server, query)
                        except GaveUp:
                            break
                        self.tally[server.name, query.name].samples.append(seconds)

    def close(self) -> None:
        for conn in self._conns.values():
            conn.close()


def throughput(server: Server, queries: list[Query], *, clients: int, seconds: float) -> dict:
    """``clients`` threads send ``queries`` round-robin (each from its own offset) for
    ``seconds``; answers per second over the whole run, errors, p95 latency, peak RSS."""
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        i = offset
        while time.perf_counter() < deadline:
            query = queries[i % len(queries)]
            i += 1
            try:
                _, took = ask(conn, server, query)
            except (OSError, RuntimeError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
                with lock:
                    errors[0] += 1
                continue
            with lock:
                latencies.append(took)
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    with PeakRss(server.process.pid, every=0.25) as rss:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    server.peak_rss = max(server.peak_rss, rss.peak)
    return {"per_second": len(latencies) / elapsed, "answers": len(latencies),
            "errors": errors[0], "seconds": elapsed,
            "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else None}
