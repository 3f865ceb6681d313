"""Counts that describe a dataset (used by `seckg stats`, /void and /metrics)."""

from __future__ import annotations

from kg.store.base import Store

_COUNTS = {
    "articles": "?x a <https://schema.org/NewsArticle>",
    "statements": "?x a <https://w3id.org/seckg/ns#Statement>",
    "persons": "?x a <https://schema.org/Person>",
    "organisations": "?x a <http://www.w3.org/ns/org#Organization>",
    "events": "?x a <https://schema.org/Event>",
}


def dataset_stats(store: Store) -> dict[str, int]:
    """Return {"quads": .., "graphs": .., "articles": .., ...} for ``store``."""
    out = {"quads": len(store), "graphs": len(store.graphs())}
    for key, pattern in _COUNTS.items():
        rows = store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
        out[key] = int(rows[0]["n"])
    return out
