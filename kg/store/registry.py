"""Backends by kind of location: ``disk`` and ``memory`` are pyoxigraph, ``sparql`` a
SPARQL 1.1 service (``kg.store.location`` is the one parser of locations)."""

from __future__ import annotations

from collections.abc import Callable

from kg.errors import StoreError
from kg.store.base import Store
from kg.store.location import Location, parse_location

_BACKENDS: dict[str, Callable[..., Store]] = {}


def register_backend(kind: str, factory: Callable[..., Store]) -> None:
    """Make ``open_store`` call ``factory(location, read_only=...)`` for locations of ``kind``."""
    _BACKENDS[kind] = factory


def open_store(location: str | Location, *, read_only: bool = False) -> Store:
    """Open the store at ``location`` (a string is parsed by ``parse_location``).

    >>> s = open_store("memory:")
    >>> len(s)
    0
    """
    from kg.store import oxigraph, remote  # noqa: F401  (register the backends)

    where = parse_location(location)
    if where.kind not in _BACKENDS:     # pragma: no cover - every kind registers itself
        raise StoreError(f"no store backend for {where}")
    return _BACKENDS[where.kind](where, read_only=read_only)


def store_exists(location: str | Location) -> bool:
    """Whether a build has made a store at ``location`` (a server's store always exists: it
    is the server's business; ``memory:`` never does)."""
    where = parse_location(location)
    if where.kind == "memory":
        return False
    if where.kind == "disk":
        from kg.store.generations import exists

        return exists(where.path)
    return True
