"""Who held which post, and when: the tenures a person, an organisation or a post page lists.

A tenure comes from ``?person org:holds ?post`` (the post's ``org:postIn`` and ``org:role``)
with the dates of the ``org:Membership`` of that person, body and role (``org:memberDuring``
a ``time:Interval`` with ``seckg:startDate`` / ``seckg:endDate``, as MODEL.md records them),
or from such a membership alone when nobody recorded the ``org:holds``. Dates are left out,
never guessed, where the reference data has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from api.labels import Labeller
from api.terms import Term, term
from kg.namespaces import ORG, SECKG

QUERY = """PREFIX org: <{org}> PREFIX seckg: <{seckg}>
SELECT DISTINCT ?person ?post ?body ?role ?start ?end WHERE {{
  {{ ?person org:holds ?post . ?post org:postIn ?body .
     OPTIONAL {{ ?post org:role ?role }}
     OPTIONAL {{ ?m org:member ?person ; org:organization ?body ; org:role ?role ;
                   org:memberDuring ?i .
                 OPTIONAL {{ ?i seckg:startDate ?start }} OPTIONAL {{ ?i seckg:endDate ?end }} }} }}
  UNION
  {{ ?m org:member ?person ; org:organization ?body ; org:role ?role .
     FILTER NOT EXISTS {{ ?person org:holds ?held . ?held org:postIn ?body ; org:role ?role }}
     OPTIONAL {{ ?post org:postIn ?body ; org:role ?role }}
     OPTIONAL {{ ?m org:memberDuring ?i .
                 OPTIONAL {{ ?i seckg:startDate ?start }} OPTIONAL {{ ?i seckg:endDate ?end }} }} }}
  {scope}
}}"""


@dataclass(frozen=True, slots=True)
class Tenure:
    person: Term
    post: Term | None
    role: Term | None
    body: Term
    start: str | None          # YYYY-MM-DD
    end: str | None

    @property
    def current(self) -> bool:
        """Held now, as far as the data says: a start and no end."""
        return self.start is not None and self.end is None


def tenures(store, labels: Labeller, *, person: URIRef | None = None,
            organisation: URIRef | None = None, post: URIRef | None = None) -> list[Tenure]:
    """The tenures of a person, of an organisation (its sub-bodies too) or of a post, the
    earliest first (undated last)."""
    if person is not None:
        scope = f"VALUES ?person {{ {person.n3()} }}"
    elif post is not None:
        scope = f"VALUES ?post {{ {post.n3()} }}"
    elif organisation is not None:
        scope = f"?body org:subOrganizationOf* {organisation.n3()} ."
    else:
        raise ValueError("tenures of what? give person, organisation or post")
    rows = store.select(QUERY.format(org=ORG, seckg=SECKG, scope=scope))
    labels.fetch(v for row in rows for v in row.values())
    found = {Tenure(term(r["person"], labels),
                    term(r["post"], labels) if "post" in r else None,
                    term(r["role"], labels) if "role" in r else None,
                    term(r["body"], labels),
                    str(r["start"]) if "start" in r else None,
                    str(r["end"]) if "end" in r else None) for r in rows}
    return sorted(found, key=lambda t: (t.start is None, t.start or "", t.end or "9999",
                                        t.person.label.lower(), t.body.label.lower()))
