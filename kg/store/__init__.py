"""The store interface, its locations and its backends.

``open_store("var/store")`` opens (or creates) pyoxigraph on disk, the embedded default;
``open_store("memory:")`` an in-memory pyoxigraph store; ``open_store("oxigraph+http://
127.0.0.1:7878")`` (or ``sparql+http://...``, ``fuseki+http://...``) a SPARQL 1.1 server.
"""

from kg.store.answers import Answer, QueryRequest, QueryTimeout
from kg.store.base import Store
from kg.store.location import Location, parse_location
from kg.store.registry import open_store, register_backend, store_exists

__all__ = ["Answer", "Location", "QueryRequest", "QueryTimeout", "Store", "open_store",
           "parse_location", "register_backend", "store_exists"]
