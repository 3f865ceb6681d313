"""seckg: a knowledge graph of security organisations and what their officials say.

The public surface is kept small; ``api`` imports only names listed in ``__all__``.
"""

from kg.config import Settings
from kg.errors import (
    ArticleError,
    ConfigError,
    QueryError,
    RuleError,
    SeckgError,
    StoreError,
    ValidationFailed,
)
from kg.formats import FORMATS, RdfFormat, format_by_media_type, format_by_name
from kg.namespaces import ID, PREFIXES, REFERENCE_GRAPH, SECKG
from kg.store import Store, open_store

__all__ = [
    "FORMATS",
    "ID",
    "PREFIXES",
    "REFERENCE_GRAPH",
    "SECKG",
    "ArticleError",
    "ConfigError",
    "QueryError",
    "RdfFormat",
    "RuleError",
    "SeckgError",
    "Settings",
    "Store",
    "StoreError",
    "ValidationFailed",
    "format_by_media_type",
    "format_by_name",
    "open_store",
]
