"""Per-article limits: a size cap checked before reading, and a time limit on the work.

The time limit is an interval timer (``SIGALRM``), so it holds where the work runs on a
process's main thread: ``seckg build`` in one process and in its process pool (``--jobs``),
``seckg extract`` and ``seckg validate``. Dask runs tasks on worker threads, where a signal
cannot interrupt them: there the size cap is the bound, and Dask's own worker lifetime
settings the backstop.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(BaseException):
    """The work on one article ran past its time limit (a BaseException, so that no
    handler for ordinary errors on the way takes it for a bug)."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the block after ``seconds`` (None or 0: none).

    >>> with time_limit(5):
    ...     pass
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
