"""Query execution in worker processes, so that a time limit really stops the work.

pyoxigraph cannot cancel a running query, its result iterators must be read on the thread
that made them, and a pathological query can kill the process that runs it. So every query
runs in a worker process (``python -m kg.store.workers``) that holds its own handle on the store
(read-only on disk, a copy in memory made from it at start, or a copy of an in-memory store
loaded from an N-Quads dump), serialises
the answer natively and sends back bytes::

    request thread --(pickle over stdin)--> worker: store.query -> serialize -> truncate
                   <--(pickle over stdout)-- ("ok", body, kind, truncated, rows)

A free worker is taken from a queue; a query past its time limit gets its worker killed and
replaced, and the request a 503 at once; a worker that dies on a query is replaced too.
Updates (only with an admin token) run in a one-shot process that opens the store for
writing (or updates a copy of the in-memory dump and sends the new dump back); the pool is
then reloaded so the next query sees the change. ``/validate`` uses a pool of the same kind
(``mode="validate"``): parsing and SHACL validation of posted RDF, with the same time limit.

Every worker forbids itself the network before it reads anything (``kg.sandbox``: a seccomp
filter refuses new sockets, so SERVICE, LOAD or a remote JSON-LD context cannot connect even
if the guard missed them).
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time

from kg.errors import QueryError
from kg.sandbox import forbid_network
from kg.store.answers import Answer, QueryTimeout, results_answer, syntax_error, triples_answer


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
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("worker closed its pipe")
    return pickle.loads(data)


VALIDATE_MEMORY = 2 * 1024 ** 3
STARTUP_SECONDS = 900.0    # longest a worker may take to load its store before it is replaced
NOT_READY = ("not-ready",)


# -- worker side: python -m kg.store.workers (query|update) (LOCATION|-) ----------------------------
def _pipes():
    """The protocol's streams; fd 1 is pointed at stderr so stray prints cannot corrupt it."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    return sys.stdin.buffer, out


def worker_main(location: str) -> None:  # pragma: no cover - runs in the worker process
    forbid_network()
    import pyoxigraph as ox

    inp, out = _pipes()
    serving = {}
    if location == "-":
        serving["store"] = ox.Store()
        serving["store"].load(receive(inp), format=ox.RdfFormat.N_QUADS)
    elif location.startswith("copy:"):      # answer from disk until the copy in memory is made
        serving["store"] = ox.Store.read_only(location.removeprefix("copy:"))
        threading.Thread(target=_copy_into_memory, args=(ox, serving), daemon=True).start()
    else:
        serving["store"] = ox.Store.read_only(location)
    send(out, ("ready", len(serving["store"])))
    for request in _requests(inp):
        try:
            answer = run_query(ox, serving["store"], **request)
            send(out, ("ok", answer.body, answer.kind, answer.truncated, answer.rows))
        except SyntaxError as exc:
            send(out, ("syntax", str(exc)))
        except Exception as exc:  # every engine error goes back to its request
            send(out, ("error", f"{type(exc).__name__}: {exc}"))


def _copy_into_memory(ox, serving: dict) -> None:  # pragma: no cover - in the worker
    """Copy the store ``serving`` answers from into memory, then answer from the copy.

    Runs beside the request loop: pyoxigraph lets go of the GIL while it writes the N-Quads
    and bulk-loads them (Rust all the way; 300k quads in about 5 s), so the worker answers
    from disk meanwhile, the same data only slower, and is ready at once. Without the memory
    for a copy it goes on answering from disk."""
    on_disk = serving["store"]
    try:
        copy = ox.Store()
        copy.bulk_load(on_disk.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    except (MemoryError, OSError) as exc:
        print(f"seckg query worker: answering from disk, no copy in memory ({exc})",
              file=sys.stderr)
        return
    serving["store"] = copy


def _requests(inp):
    """The requests a worker is sent, until the parent closes the pipe."""
    while True:
        try:
            yield receive(inp)
        except EOFError:
            return


def updater_main(location: str) -> None:  # pragma: no cover - runs in the worker process
    forbid_network()
    import pyoxigraph as ox

    inp, out = _pipes()
    request = receive(inp)
    try:
        if location == "-":
            store = ox.Store()
            store.load(request["nquads"], format=ox.RdfFormat.N_QUADS)
        else:
            store = ox.Store(location.removeprefix("copy:"))
        store.update(request["update"], base_iri=request["base_iri"])
        if location == "-":
            send(out, ("ok", store.dump(format=ox.RdfFormat.N_QUADS)))
        else:
            store.flush()
            send(out, ("ok", None))
    except SyntaxError as exc:
        send(out, ("syntax", str(exc)))
    except Exception as exc:
        send(out, ("error", f"{type(exc).__name__}: {exc}"))


def validator_main(_location: str) -> None:  # pragma: no cover - runs in the worker process
    """Parse posted RDF (nothing fetched, no DTD) and validate it against the shapes, in at
    most ``VALIDATE_MEMORY`` bytes of address space (a 4 MiB body peaks near 200 MB)."""
    forbid_network()
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (VALIDATE_MEMORY, VALIDATE_MEMORY))
    from rdflib import Graph

    from kg.rdfio import UnsafeInput, read_graph
    from kg.validate import format_reports, load_shapes, validate

    inp, out = _pipes()
    setup = receive(inp)
    shapes = load_shapes(setup["shapes_dir"])
    reference = Graph().parse(data=setup["reference"], format="nt")
    send(out, ("ready", len(reference)))
    for request in _requests(inp):
        try:
            data = read_graph(request["data"], request["format"])
        except UnsafeInput as exc:
            send(out, ("input", str(exc)))
            continue
        except MemoryError:
            send(out, ("input", "the posted RDF needs more memory than a validation may use"))
            continue
        except Exception as exc:  # rdflib's parsers raise many types
            send(out, ("input", f"cannot parse the posted {request['format']}: {exc}"))
            continue
        try:
            report = validate(data, shapes=shapes, reference=reference, article=None)
            send(out, ("ok", format_reports([report], request["report"]), report.conforms))
        except Exception as exc:
            send(out, ("error", f"{type(exc).__name__}: {exc}"))


def run_query(ox, store, *, query: str, results_type: str, rdf_type: str,
              default_graphs: list[str] | None, named_graphs: list[str] | None,
              base_iri: str | None, limit: int, prefixes: dict[str, str]) -> Answer:
    """Run one query on a pyoxigraph store and serialise its answer (in the worker);
    ``results_type`` and ``rdf_type`` are the media types for each kind of answer."""
    kwargs: dict = {"base_iri": base_iri}
    if default_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    result = store.query(query, **kwargs)
    if isinstance(result, ox.QueryTriples):
        return triples_answer(result.serialize(format=ox.RdfFormat.N_TRIPLES), rdf_type, limit,
                              prefixes)
    body = result.serialize(format=ox.QueryResultsFormat.from_media_type(results_type))
    return results_answer(body, results_type, limit)


# -- request side --------------------------------------------------------------------------
def _spawn(mode: str, location: str | None) -> subprocess.Popen:
    """A worker process: ``python -m kg.store.workers (query|update|validate) (LOCATION|-)``."""
    return subprocess.Popen([sys.executable, "-m", "kg.store.workers", mode, location or "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def _wait(process: subprocess.Popen, timeout: float):
    """The next message from ``process``, or None when none came within ``timeout``."""
    ready, _, _ = select.select([process.stdout], [], [], max(0.001, timeout))
    return receive(process.stdout) if ready else None


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover - a kill is not refused
        pass
    for stream in (process.stdin, process.stdout):
        if stream and not stream.closed:
            try:
                stream.close()
            except OSError:
                pass


class _Worker:
    """One query worker process and the pool generation it belongs to."""

    def __init__(self, mode: str, location: str | None, setup, generation: int) -> None:
        self.generation = generation
        self.process = _spawn(mode, location)
        self.started = time.monotonic()
        self.ready = False
        if setup is not None:           # what the worker reads before it says "ready"
            send(self.process.stdin, setup)

    def ask(self, request: dict, timeout: float):
        """The worker's reply; None past ``timeout``; NOT_READY when the worker was still
        loading its store all that time (the request's time counts, but the worker, which
        has done nothing wrong, is kept loading)."""
        deadline = time.monotonic() + timeout
        if not self.ready:
            hello = _wait(self.process, timeout)
            if hello is None:
                return NOT_READY
            self.ready = True
        send(self.process.stdin, request)
        return _wait(self.process, deadline - time.monotonic())

    def loading_too_long(self) -> bool:
        return not self.ready and time.monotonic() - self.started > STARTUP_SECONDS

    def crashed(self) -> str:
        code = self.process.poll()
        return f"exit code {code}" if code is not None else "no answer"


class Executor:
    """A small pool of query workers over one store.

    ``location`` is a store folder (workers open it read-only) or None with ``nquads`` (each
    worker loads a copy). With ``mode="validate"`` the workers validate posted RDF instead
    and ``setup`` is what each one reads first (shapes folder and reference triples).
    """

    def __init__(self, *, location: str | None, nquads: bytes | None, workers: int,
                 timeout: float, limit: int, mode: str = "query", setup=None) -> None:
        self.location, self.nquads = location, nquads
        self.mode, self.setup = mode, setup
        self.timeout, self.limit = timeout, limit
        self.size = max(1, workers)
        self.timeouts = 0
        self.crashes = 0
        self.generation = 0
        self.closed = False
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._update_lock = threading.Lock()
        self._all: list[_Worker] = []
        for _ in range(self.size):
            self._spawn()

    @property
    def busy(self) -> int:
        return max(0, len(self._all) - self._idle.qsize())

    def _spawn(self) -> None:
        with self._lock:
            if self.closed:
                return
            setup = self.setup if self.mode != "query" else (
                self.nquads or b"" if self.location is None else None)
            worker = _Worker(self.mode, self.location, setup, self.generation)
            self._all.append(worker)
        self._idle.put(worker)

    def _retire(self, worker: _Worker, *, replace: bool = True) -> None:
        _stop(worker.process)
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        if replace:
            self._spawn()

    def _release(self, worker: _Worker) -> None:
        if worker.generation != self.generation or self.closed:
            self._retire(worker, replace=not self.closed)
        else:
            self._idle.put(worker)

    def run(self, query: str, *, results_type: str = "application/sparql-results+json",
            rdf_type: str = "text/turtle",
            default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
            base_iri: str | None = None, prefixes: dict[str, str] | None = None,
            limit: int | None = None) -> Answer:
        """Run ``query`` in a worker; the answer in ``results_type`` (SELECT, ASK) or
        ``rdf_type`` (CONSTRUCT, DESCRIBE), cut to ``limit`` (default: the pool's) rows."""
        request = {"query": query, "results_type": results_type, "rdf_type": rdf_type,
                   "default_graphs": default_graphs, "named_graphs": named_graphs,
                   "base_iri": base_iri, "limit": self.limit if limit is None else limit,
                   "prefixes": prefixes or {}}
        return _answer(self.ask(request))

    def ask(self, request: dict, *, what: str = "query"):
        """Send ``request`` to a free worker and return its reply (a tuple whose first item
        is its status); QueryTimeout (503) past the time limit, QueryError (400) when the
        worker died on it. Either way the worker is replaced."""
        if self.closed:
            raise QueryError(f"the {what} workers are shut down", status=503)
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            self.timeouts += 1
            raise QueryTimeout(self.timeout, what) from None
        try:
            reply = worker.ask(request, self.timeout - (time.monotonic() - started))
        except (EOFError, OSError, pickle.UnpicklingError):
            self.crashes += 1
            why = worker.crashed()
            self._retire(worker, replace=not self.closed)
            raise QueryError(f"the {what} engine stopped on this {what} ({why}): its "
                             "structure is too deep or too long for it; simplify it",
                             status=400) from None
        if reply is NOT_READY and not worker.loading_too_long():
            self.timeouts += 1
            self._release(worker)           # still loading the store: keep it loading
            raise QueryTimeout(self.timeout, what)
        if reply is None or reply is NOT_READY:
            self.timeouts += 1
            self._retire(worker, replace=not self.closed)
            raise QueryTimeout(self.timeout, what)
        self._release(worker)
        return reply

    def update(self, text: str, *, base_iri: str | None = None) -> bytes | None:
        """Run a SPARQL Update in a one-shot writer process, then reload the workers;
        the new N-Quads when the pool serves an in-memory copy."""
        with self._update_lock:
            process = _spawn("update", self.location)
            try:
                send(process.stdin, {"update": text, "base_iri": base_iri,
                                     "nquads": self.nquads if self.location is None else None})
                reply = _wait(process, self.timeout)
            except (EOFError, OSError, pickle.UnpicklingError):
                raise QueryError("the update engine stopped on this update", status=400) from None
            finally:
                _stop(process)
            if reply is None:
                self.timeouts += 1
                raise QueryTimeout(self.timeout, "update")
            status, payload = reply
            if status != "ok":
                _answer(reply, "update")
            self.reload(payload if self.location is None else None)
            return payload

    def reload(self, nquads: bytes | None = None) -> None:
        """Start a new generation of workers (after the store changed); busy workers finish
        their query and are replaced when they come back."""
        with self._lock:
            self.generation += 1
            if nquads is not None:
                self.nquads = nquads
        stale = []
        while True:
            try:
                stale.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in stale:
            self._retire(worker)

    def close(self) -> None:
        """Stop every worker (idempotent)."""
        with self._lock:
            self.closed = True
            workers, self._all = self._all, []
        for worker in workers:
            _stop(worker.process)


def _answer(reply, what: str = "query") -> Answer:
    status, *payload = reply
    if status == "ok":
        return Answer(*payload)
    if status == "syntax":
        raise syntax_error(payload[0], what)
    raise QueryError(f"the {what} failed: {payload[0]}", status=400)


if __name__ == "__main__":  # pragma: no cover
    {"query": worker_main, "update": updater_main,
     "validate": validator_main}[sys.argv[1]](sys.argv[2])
