"""Query execution in worker processes, so that a time limit really stops the work.

pyoxigraph cannot cancel a running query, its result iterators must be read on the thread
that made them, and a pathological query can abort the process. So each query runs in a
worker process that holds its own handle on the store (read-only on disk, or a copy of an
in-memory store), serialises the answer natively, and sends back bytes. A query past its time
limit gets its worker killed and replaced; the request gets a 503 at once.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from kg.errors import QueryError


@dataclass(frozen=True)
class Answer:
    body: bytes
    kind: str            # "results" | "rdf" | "boolean"
    truncated: bool
    rows: int


class QueryTimeout(QueryError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"the query ran past the time limit of {seconds:g} s and was stopped",
                         status=503)


# -- framing: a 4-byte length, then a pickle (both ends are this module) ------------------
def send(stream, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def receive(stream):
    head = stream.read(4)
    if len(head) < 4:
        raise EOFError("worker closed its pipe")
    (size,) = struct.unpack(">I", head)
    return pickle.loads(stream.read(size))


# -- worker side (python -m api.executor LOCATION|-) ----------------------------------------
def worker_main(location: str) -> None:  # pragma: no cover - runs in the worker process
    import pyoxigraph as ox

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    if location == "-":
        store = ox.Store()
        store.load(receive(inp), format=ox.RdfFormat.N_QUADS)
    else:
        store = ox.Store.read_only(location)
    while True:
        try:
            request = receive(inp)
        except EOFError:
            return
        try:
            answer = _answer(ox, store, **request)
            send(out, ("ok", (answer.body, answer.kind, answer.truncated, answer.rows)))
        except SyntaxError as exc:
            send(out, ("syntax", str(exc)))
        except Exception as exc:  # report every engine error to the request
            send(out, ("error", f"{type(exc).__name__}: {exc}"))


def _answer(ox, store, query: str, fmt: str, kind_formats: dict, default_graphs, named_graphs,
            limit: int) -> Answer:
    kwargs = {}
    if default_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    result = store.query(query, **kwargs)
    if isinstance(result, ox.QueryBoolean):
        out = result.serialize(format=getattr(ox.QueryResultsFormat, kind_formats["results"][fmt]))
        return Answer(out, "boolean", False, 1)
    if isinstance(result, ox.QuerySolutions):
        return _solutions(ox, result, kind_formats["results"][fmt], limit)
    return _triples(ox, result, kind_formats["rdf"][fmt], limit)


def _solutions(ox, result, fmt_name: str, limit: int) -> Answer:
    body = result.serialize(format=getattr(ox.QueryResultsFormat, fmt_name))
    rows, body, truncated = _truncate_results(body, fmt_name, limit)
    return Answer(body, "results", truncated, rows)


def _truncate_results(body: bytes, fmt: str, limit: int) -> tuple[int, bytes, bool]:
    """Count rows at C speed and cut to ``limit`` rows, saying so in JSON."""
    if fmt == "JSON":
        data = json.loads(body)
        bindings = data["results"]["bindings"]
        if len(bindings) <= limit:
            return len(bindings), body, False
        data["results"]["bindings"] = bindings[:limit]
        data["seckg"] = {"truncated": True, "limit": limit}
        return limit, json.dumps(data, ensure_ascii=False).encode(), True
    if fmt == "XML":
        count = body.count(b"<result>")
        if count <= limit:
            return count, body, False
        cut = 0
        for _ in range(limit):
            cut = body.index(b"</result>", cut) + len(b"</result>")
        return limit, body[:cut] + b"</results></sparql>", True
    if fmt == "TSV":
        lines = body.split(b"\n")
        rows = len([line for line in lines[1:] if line])
        if rows <= limit:
            return rows, body, False
        return limit, b"\n".join(lines[:limit + 1]) + b"\n", True
    import csv  # CSV may hold newlines inside quoted fields

    records = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    if len(records) - 1 <= limit:
        return len(records) - 1, body, False
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records[:limit + 1])
    return limit, out.getvalue().encode("utf-8"), True


def _triples(ox, result, fmt_name: str, limit: int) -> Answer:
    graph = ox.Store()
    count = 0
    truncated = False
    for triple in result:
        if count == limit:
            truncated = True
            break
        graph.add(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
        count += 1
    body = graph.dump(format=getattr(ox.RdfFormat, fmt_name), from_graph=ox.DefaultGraph()) \
        if fmt_name not in ("TRIG", "N_QUADS", "JSON_LD") else graph.dump(
            format=getattr(ox.RdfFormat, fmt_name))
    return Answer(body, "rdf", truncated, count)


# -- request side --------------------------------------------------------------------------
class _Worker:
    """One worker process, spoken to over its stdin and stdout."""

    def __init__(self, location: str | None, nquads: bytes | None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.executor", location or "-"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ})
        if location is None:
            send(self.process.stdin, nquads or b"")

    def ask(self, request: dict, timeout: float):
        send(self.process.stdin, request)
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        return receive(self.process.stdout)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()


class Executor:
    """A small pool of query workers over one store."""

    def __init__(self, *, location: str | None, nquads: bytes | None, workers: int,
                 timeout: float, limit: int) -> None:
        self.location, self.nquads = location, nquads
        self.timeout, self.limit = timeout, limit
        self.size = workers
        self.timeouts = 0
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        for _ in range(workers):
            self._spawn()

    def _spawn(self) -> None:
        worker = _Worker(self.location, self.nquads)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        self._spawn()

    def run(self, query: str, fmt: str, kind_formats: dict, *,
            default_graphs: list[str] | None = None,
            named_graphs: list[str] | None = None) -> Answer:
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(self.timeout) from None
        request = {"query": query, "fmt": fmt, "kind_formats": kind_formats,
                   "default_graphs": default_graphs, "named_graphs": named_graphs,
                   "limit": self.limit}
        try:
            remaining = max(0.01, self.timeout - (time.monotonic() - started))
            reply = worker.ask(request, remaining)
        except Exception:  # the worker died or spoke garbage: replace it
            self._retire(worker)
            raise QueryError("the query worker died on this query", status=500) from None
        if reply is None:
            self.timeouts += 1
            self._retire(worker)
            raise QueryTimeout(self.timeout)
        self._idle.put(worker)
        status, payload = reply
        if status == "ok":
            return Answer(*payload)
        if status == "syntax":
            from kg.store.oxigraph import _syntax_error

            raise _syntax_error(SyntaxError(payload))
        raise QueryError(f"query failed: {payload}", status=400)

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()


if __name__ == "__main__":  # pragma: no cover
    worker_main(sys.argv[1])
