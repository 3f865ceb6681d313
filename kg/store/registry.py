"""Backends by location: a scheme prefix picks the backend, a bare path means pyoxigraph."""

from __future__ import annotations

from collections.abc import Callable

from kg.errors import StoreError
from kg.store.base import Store

_BACKENDS: dict[str, Callable[..., Store]] = {}


def register_backend(scheme: str, factory: Callable[..., Store]) -> None:
    """Make ``open_store("scheme:...")`` call ``factory(location, read_only=...)``."""
    _BACKENDS[scheme] = factory


def open_store(location: str, *, read_only: bool = False) -> Store:
    """Open the store at ``location``.

    >>> s = open_store("memory:")
    >>> len(s)
    0
    """
    from kg.store import oxigraph  # noqa: F401  (registers the embedded backends)

    scheme, sep, _rest = location.partition(":")
    if sep and scheme in _BACKENDS and not (len(scheme) == 1 and scheme.isalpha()):
        return _BACKENDS[scheme](location, read_only=read_only)
    if "://" in location:
        raise StoreError(f"no store backend for {location!r}; known schemes: "
                         f"{', '.join(sorted(_BACKENDS))}, or a folder path")
    return _BACKENDS["oxigraph"](location, read_only=read_only)
