"""Frozen settings, declared once as a table that feeds the CLI, validation and docs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from kg.store.location import Location, parse_location

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Settings:
    """Where seckg reads and writes. Relative paths mean the working directory: where
    settings enter (the app factory, a CLI), :meth:`resolved` makes them absolute once."""

    seeds_dir: Path = field(default=PROJECT_ROOT / "seeds",
                            metadata={"help": "folder of input articles"})
    ontology_dir: Path = field(default=PROJECT_ROOT / "ontology",
                               metadata={"help": "ontology and curated reference data (Turtle)"})
    shapes_dir: Path = field(default=PROJECT_ROOT / "shapes",
                             metadata={"help": "SHACL shapes (Turtle)"})
    rules_dir: Path = field(default=Path(__file__).resolve().parent / "rules",
                            metadata={"help": "extraction rules (TOML)"})
    store: str = field(default="var/store",
                       metadata={"help": "store location: a folder (pyoxigraph on disk), "
                                         "'memory:', 'sparql+http://HOST/PATH', "
                                         "'oxigraph+http://HOST:PORT', "
                                         "'fuseki+http://HOST:PORT/DATASET' or "
                                         "'virtuoso+http://HOST:PORT'"})
    store_update_url: str | None = field(default=None,
                                         metadata={"help": "SPARQL Update URL of a "
                                                           "sparql+http:// store"})
    store_graph_store_url: str | None = field(default=None,
                                              metadata={"help": "Graph Store Protocol URL of "
                                                                "a sparql+http:// store"})
    store_user: str | None = field(default=None,
                                   metadata={"help": "user for a store that needs HTTP Basic "
                                                     "auth (the password comes from "
                                                     "$SECKG_STORE_PASSWORD)"})
    dist_dir: Path = field(default=Path("dist"), metadata={"help": "where dumps are written"})
    max_article_bytes: int = field(default=2_000_000,
                                   metadata={"help": "largest article file built (bytes, "
                                                     "sidecar not counted); a larger one is "
                                                     "quarantined"})
    article_timeout: float = field(default=300.0,
                                   metadata={"help": "seconds the work on one article may take "
                                                     "before it is quarantined (0: no limit)"})
    base_url: str = field(default="https://w3id.org/seckg/",
                          metadata={"help": "base of minted IRIs (do not change lightly)"})
    query_timeout: float = field(default=30.0, metadata={"help": "seconds before a query stops"})
    result_limit: int = field(default=10000,
                              metadata={"help": "most rows/triples a query answer carries"})
    query_workers: int = field(default=2,
                               metadata={"help": "worker processes that run SPARQL queries"})
    query_in_memory: bool = field(default=True,
                                  metadata={"help": "query workers of an embedded store copy it "
                                                    "into memory at start (answering from "
                                                    "disk meanwhile) and answer from there "
                                                    "(False: read it on disk, for stores "
                                                    "larger than memory)"})
    max_query_length: int = field(default=100_000,
                                  metadata={"help": "longest query text accepted (characters)"})
    behind_proxy: bool = field(default=False,
                               metadata={"help": "trust X-Forwarded-Proto/Host/Prefix from one "
                                                 "reverse proxy (URLs in answers use them)"})
    max_query_depth: int = field(default=64,
                                 metadata={"help": "deepest bracket nesting accepted in a query"})
    max_query_clauses: int = field(default=1000,
                                   metadata={"help": "most operators and clauses (OPTIONAL, UNION, "
                                                     "FILTER, +, &&, ...) accepted in a query"})
    admin_token: str | None = field(default=None, repr=False,
                                    metadata={"help": "bearer token that enables SPARQL Update "
                                                      "at /sparql (unset: read-only)"})

    def location(self) -> Location:
        """The store location, parsed once here (``kg.store.location``)."""
        return parse_location(self.store, update_url=self.store_update_url,
                              graph_store_url=self.store_graph_store_url, user=self.store_user)

    def with_(self, **changes: object) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def resolved(self, base: Path | None = None) -> Settings:
        """These settings with every path (and an on-disk store location) made absolute
        against ``base`` (default: the working directory now). Called once where settings
        enter (the CLI, the app factory), so no later ``chdir`` or library resolving against
        its own folder (Flask's ``send_file`` uses the app's package) can move a file.

        >>> s = Settings(dist_dir=Path("dist"), store="var/store").resolved(Path("/srv/kg"))
        >>> str(s.dist_dir), s.store
        ('/srv/kg/dist', '/srv/kg/var/store')
        >>> Settings(store="memory:").resolved(Path("/srv")).store
        'memory:'
        """
        root = (base or Path.cwd()).resolve()
        changes: dict[str, object] = {
            f.name: _absolute(getattr(self, f.name), root)
            for f in fields(self) if isinstance(getattr(self, f.name), Path)}
        changes["store"] = parse_location(self.store).resolved(root).text
        return replace(self, **changes)


def _absolute(path: Path, root: Path) -> Path:
    return Path(os.path.normpath(root / path.expanduser()))


SETTINGS_TABLE = [(f.name, f.default, f.metadata.get("help", "")) for f in fields(Settings)]
