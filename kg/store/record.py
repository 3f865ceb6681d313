"""The build record, kept in the store itself (graph ``id/graph/build``).

It holds the build's identifier and end time (so every server of one store, on any machine,
derives the same ETags) and, per article, the hash of its input and its source file (so a
later build skips unchanged articles, replaces changed ones and, with ``--prune``, drops
articles whose file is gone). It is published last, in the same publication as the graphs
it describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from kg.namespaces import ID, SECKG

if TYPE_CHECKING:
    from kg.store.base import Store

BUILD_GRAPH = str(ID["graph/build"])
BUILD = ID["build"]


@dataclass(slots=True)
class StoredArticle:
    iri: str
    content_hash: str
    source: str


@dataclass(slots=True)
class BuildRecord:
    build_id: str = ""
    built_at: str = ""                   # xsd:dateTime, UTC
    toolkit_hash: str = ""
    articles: dict[str, StoredArticle] = field(default_factory=dict)

    def graph(self) -> Graph:
        g = Graph()
        g.add((BUILD, RDF.type, SECKG.Build))
        g.add((BUILD, DCTERMS.identifier, Literal(self.build_id)))
        g.add((BUILD, PROV.endedAtTime, Literal(self.built_at, datatype=XSD.dateTime)))
        g.add((BUILD, SECKG.toolkitHash, Literal(self.toolkit_hash)))
        for iri in sorted(self.articles):
            stored = self.articles[iri]
            g.add((URIRef(iri), SECKG.contentHash, Literal(stored.content_hash)))
            g.add((URIRef(iri), SECKG.sourceFile, Literal(stored.source)))
        return g


def read_record(store: Store) -> BuildRecord:
    """The record the last build left in ``store`` (empty for a store no build wrote)."""
    record = BuildRecord()
    if BUILD_GRAPH not in store.graphs():
        return record
    for row in store.select(f"""
            SELECT ?id ?at ?tk WHERE {{ GRAPH <{BUILD_GRAPH}> {{
              <{BUILD}> <{DCTERMS.identifier}> ?id .
              OPTIONAL {{ <{BUILD}> <{PROV.endedAtTime}> ?at }}
              OPTIONAL {{ <{BUILD}> <{SECKG.toolkitHash}> ?tk }} }} }}"""):
        record.build_id = str(row["id"])
        record.built_at = str(row.get("at", ""))
        record.toolkit_hash = str(row.get("tk", ""))
    for row in store.select(f"""
            SELECT ?a ?h ?f WHERE {{ GRAPH <{BUILD_GRAPH}> {{
              ?a <{SECKG.contentHash}> ?h ; <{SECKG.sourceFile}> ?f }} }}"""):
        record.articles[str(row["a"])] = StoredArticle(str(row["a"]), str(row["h"]),
                                                       str(row["f"]))
    return record


def read_build_info(store: Store) -> dict[str, str] | None:
    """``{"build_id", "built_at"}`` of the last build, or None when no build wrote one."""
    if BUILD_GRAPH not in store.graphs():
        return None
    rows = store.select(f"""SELECT ?id ?at WHERE {{ GRAPH <{BUILD_GRAPH}> {{
        <{BUILD}> <{DCTERMS.identifier}> ?id . OPTIONAL {{ <{BUILD}> <{PROV.endedAtTime}> ?at }}
        }} }}""")
    if not rows:
        return None
    return {"build_id": str(rows[0]["id"]), "built_at": str(rows[0].get("at", ""))}
