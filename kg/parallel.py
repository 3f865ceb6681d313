"""Run the per-article work on an engine: this process, a local process pool, or a Dask
cluster. Results come back in input order, whatever order the engine finishes them in, so
a build is byte-identical however it was run.

``jobs=1`` runs in this process; ``jobs=N`` a ``concurrent.futures`` process pool of N;
``scheduler="tcp://HOST:8786"`` the Dask cluster behind that scheduler (``pip install
'seckg[dask]'``). The function and its arguments must pickle.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, TypeVar

from kg.errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:     # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_each(fn: Callable[..., R], items: Sequence[T], *, context: Any, jobs: int = 1,
             scheduler: str | None = None) -> Iterator[R]:
    """``fn(item, context)`` for every item, yielded in input order."""
    call = partial(_call, fn, context)
    if scheduler:
        yield from _on_dask(call, items, scheduler)
    elif jobs > 1 and len(items) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(items))) as pool:
            yield from pool.map(call, items, chunksize=max(1, min(16, len(items) // (jobs * 8))))
    else:
        for item in items:
            yield call(item)


def _call(fn: Callable[..., R], context: Any, item: T) -> R:
    return fn(item, context)


def _on_dask(call: Callable[[T], R], items: Sequence[T], scheduler: str) -> Iterator[R]:
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("--scheduler needs Dask: pip install 'seckg[dask]' (or "
                          "'dask[distributed]')") from None
    try:
        client = Client(scheduler, timeout="20s", set_as_default=False)
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); is "
                          "'dask scheduler' running there?") from None
    run = uuid.uuid4().hex[:12]
    try:
        window = max(64, 8 * sum(client.nthreads().values()))   # bounded memory in flight
        futures = []
        for n, item in enumerate(items):
            futures.append(client.submit(call, item, pure=False, key=f"seckg-{run}-{n}"))
            if len(futures) >= window:
                yield futures.pop(0).result()
        for future in futures:
            yield future.result()
    finally:
        client.close()
