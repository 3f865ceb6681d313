"""RDF terms as the templates show them: IRIs by label with a link, literals with language.

Our IRIs (``https://w3id.org/seckg/id/X``) link to ``/id/X`` on the host serving the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from rdflib import BNode, Literal, URIRef

from api.labels import Labeller, short_name
from kg.namespaces import ID

ID_BASE = str(ID)


@dataclass(frozen=True, slots=True)
class Term:
    kind: str                 # "iri", "literal" or "bnode"
    value: str                # the IRI, the lexical form or the blank node id
    label: str                # what a reader sees
    href: str | None = None   # where a click goes
    lang: str | None = None   # language of the label or literal
    datatype: str | None = None
    local: bool = False       # an IRI this server answers for


def local_path(iri: str) -> str | None:
    """``/id/X`` (under the app's script root) for ``https://w3id.org/seckg/id/X``."""
    if iri.startswith(ID_BASE) and len(iri) > len(ID_BASE):
        return f"{request.script_root}/id/{iri[len(ID_BASE):]}"
    return None


def term(node: object, labels: Labeller) -> Term:
    if isinstance(node, URIRef):
        iri = str(node)
        literal = labels.literal(node)
        href = local_path(iri)
        return Term("iri", iri, str(literal) if literal is not None else short_name(iri),
                    href or iri, literal.language if literal is not None else None,
                    local=href is not None)
    if isinstance(node, Literal):
        datatype = short_name(str(node.datatype)) if node.datatype else None
        return Term("literal", str(node), str(node), lang=node.language, datatype=datatype)
    if isinstance(node, BNode):
        return Term("bnode", str(node), f"_:{node}")
    return Term("literal", str(node), str(node))
