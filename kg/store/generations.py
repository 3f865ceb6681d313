"""Generations of an embedded store on disk, switched by one atomic pointer change.

The store location (``var/store``) is a symbolic link to a generation folder beside it
(``var/store.d/g<time>-<pid>``). A build writes a new generation (starting from a backup of
the current one, hard links), marks it complete, and replaces the link with ``rename(2)``:
at every instant the link names a whole generation, so a kill at any point leaves the old one
served. Readers open the link, so they hold the generation that was current when they
opened it; a server notices the link changed and reopens (``OxigraphStore.refresh``). The
current and the previous generation are kept (a server may still read the previous one);
older ones, and incomplete ones a killed build left, go when the next build switches.

A store folder of the layout before generations (a plain folder at the location) is moved
into ``var/store.d`` by the first build that publishes over it, and the link made, in that
order: a kill between the two leaves the folder complete in ``var/store.d``, and the next
open finds it (:meth:`Generations.current` recovers the newest complete generation when the
link is missing).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

MARK = ".complete"


class Generations:
    """The generations behind the store location ``link``."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.folder = link.with_name(link.name + ".d")

    def pointer(self) -> str | None:
        """What the link names, as written (one system call: a server asks before every
        request), or None when there is no link."""
        try:
            return os.readlink(self.link)
        except OSError:
            return None

    def current(self) -> Path | None:
        """The folder the location names now (recovering the link if a kill lost it)."""
        if self.link.is_symlink():
            target = self.link.resolve()
            return target if target.is_dir() else self._recover()
        if self.link.is_dir():
            return self.link if any(self.link.iterdir()) else None    # the old layout
        return self._recover()

    def _recover(self) -> Path | None:
        complete = self._complete()
        if not complete:
            return None
        self._point_at(complete[-1])
        return complete[-1]

    def _complete(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir()
                      if p.is_dir() and (p.parent / (p.name + MARK)).exists())

    def new(self) -> Path:
        """A fresh folder for the next generation (not yet current)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / f"g{time.time_ns():020d}-{os.getpid()}"

    def switch(self, generation: Path) -> None:
        """Make ``generation`` (complete, closed) the current one; drop the ones before the
        previous."""
        (generation.parent / (generation.name + MARK)).touch()
        if self.link.is_dir() and not self.link.is_symlink():      # the old layout
            legacy = self.folder / f"g{time.time_ns() - 1:020d}-legacy"
            (legacy.parent / (legacy.name + MARK)).touch()
            self.link.rename(legacy)
        self._point_at(generation)
        self.prune(keep=2)

    def _point_at(self, generation: Path) -> None:
        temporary = self.link.with_name(f".{self.link.name}.{os.getpid()}.link")
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        os.symlink(os.path.relpath(generation, self.link.parent), temporary)
        os.replace(temporary, self.link)
        _sync(self.link.parent)

    def prune(self, *, keep: int) -> None:
        """Remove all but the newest ``keep`` complete generations, and incomplete ones
        (a killed build's); the current one always stays. Call it under the build lock."""
        current = self.link.resolve() if self.link.is_symlink() else None
        complete = self._complete()
        keep_set = set(complete[-keep:]) | ({current} if current else set())
        for entry in sorted(self.folder.iterdir()) if self.folder.is_dir() else []:
            if entry.name.endswith(MARK) or entry in keep_set:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
                marker = entry.parent / (entry.name + MARK)
                if marker.exists():
                    marker.unlink()


def _sync(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:      # pragma: no cover - a platform without directory fds
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def exists(link: Path) -> bool:
    """Whether a store has been built at ``link`` (any complete generation counts)."""
    return Generations(link).current() is not None
