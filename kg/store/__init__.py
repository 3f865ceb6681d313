"""The store interface and a registry of backends chosen by location.

``open_store("var/store")`` opens (or creates) pyoxigraph on disk, the embedded default;
``open_store("memory:")`` an in-memory pyoxigraph store. A remote SPARQL server backend
registers itself under its URL scheme the same way.
"""

from kg.store.base import Store
from kg.store.registry import open_store, register_backend

__all__ = ["Store", "open_store", "register_backend"]
