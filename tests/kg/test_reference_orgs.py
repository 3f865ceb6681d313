"""The curated organisations: every body has its names in English, Arabic and Russian, every
sub-body a parent that exists, and the gazetteer resolves the usual forms of their names."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, Namespace

from kg.extract.mentions import find_mentions
from kg.extract.tokens import tokenise
from tests.kg.conftest import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
ORGS = ROOT / "ontology" / "reference" / "organisations.ttl"
ORG = Namespace("http://www.w3.org/ns/org#")
ID = "https://w3id.org/seckg/id/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(ORGS, format="turtle")
    return g


def _orgs(g: Graph) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, ORG.Organization) if isinstance(s, URIRef))


def test_every_organisation_is_typed_and_keyed(graph):
    for node in _orgs(graph):
        assert str(node).startswith(ID + "org/"), node
        assert (node, RDF.type, ORG.FormalOrganization) in graph, node


def test_every_organisation_has_one_label_in_each_language(graph):
    for node in _orgs(graph):
        langs = defaultdict(int)
        for lit in graph.objects(node, RDFS.label):
            langs[lit.language] += 1
        assert dict(langs) == {"en": 1, "ar": 1, "ru": 1}, (node, dict(langs))


def test_every_sub_body_has_a_parent_that_exists(graph):
    orgs = set(_orgs(graph))
    for child, parent in graph.subject_objects(ORG.subOrganizationOf):
        assert parent in orgs, (child, parent)
        assert parent != child
    # no cycles
    for node in orgs:
        seen, cur = set(), node
        while cur is not None:
            assert cur not in seen, node
            seen.add(cur)
            cur = graph.value(cur, ORG.subOrganizationOf)


def test_names_are_in_the_script_of_their_language_tag(graph):
    for node in _orgs(graph):
        for p in (RDFS.label, SKOS.altLabel, SKOS.hiddenLabel):
            for lit in graph.objects(node, p):
                text = str(lit)
                assert text == text.strip() and "  " not in text, (node, text)
                arabic = any("\u0600" <= c <= "\u06ff" for c in text)
                cyrillic = any("\u0400" <= c <= "\u04ff" for c in text)
                if lit.language == "ar":
                    assert arabic and not cyrillic, (node, text)
                elif lit.language == "ru":
                    assert cyrillic and not arabic, (node, text)
                else:
                    assert lit.language == "en" and not arabic and not cyrillic, (node, text)


def test_no_name_belongs_to_two_organisations(graph):
    owners = defaultdict(set)
    for node in _orgs(graph):
        for p in (RDFS.label, SKOS.altLabel, SKOS.hiddenLabel):
            for lit in graph.objects(node, p):
                owners[(str(lit).casefold(), lit.language)].add(node)
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, shared


def test_wikidata_links_are_entity_iris(graph):
    for node, same in graph.subject_objects(OWL.sameAs):
        if (node, RDF.type, ORG.Organization) in graph:
            assert str(same).startswith("http://www.wikidata.org/entity/Q"), (node, same)


@pytest.mark.parametrize(("text", "key"), [
    ("the CSTO Joint Staff said", "csto-joint-staff"),
    ("глава Объединённого штаба ОДКБ", "csto-joint-staff"),
    ("на заседании Совета коллективной безопасности ОДКБ", "csto-collective-security-council"),
    ("спикер Парламентской ассамблеи ОДКБ", "csto-parliamentary-assembly"),
    ("رئيس الجمعية البرلمانية لمنظمة معاهدة الأمن الجماعي", "csto-parliamentary-assembly"),
    ("اللجنة العسكرية لمنظمة معاهدة الأمن الجماعي", "csto-military-committee"),
    ("the CIS Antiterrorist Center head", "cis-anti-terrorist-center"),
    ("руководитель Антитеррористического центра государств-участников СНГ", "cis-anti-terrorist-center"),
    ("مركز رابطة الدول المستقلة لمكافحة الإرهاب", "cis-anti-terrorist-center"),
    ("a session of the CIS Border Troops Commanders Council", "cis-council-of-border-troops-commanders"),
    ("заседание Совета командующих пограничными войсками", "cis-council-of-border-troops-commanders"),
    ("в Межпарламентской Ассамблее СНГ", "cis-interparliamentary-assembly"),
    ("заседание Совета МПА СНГ", "cis-interparliamentary-assembly-council"),
    ("the CIS Heads of Government Council", "cis-council-of-heads-of-government"),
    ("the SCO RATS Executive Committee said", "sco-rats-executive-committee"),
    ("مدير اللجنة التنفيذية للهيكل الإقليمي لمكافحة الإرهاب",
     "sco-rats-executive-committee"),
    ("اجتماع مجلس الهيكل الإقليمي لمكافحة الإرهاب", "sco-rats-council"),
    ("на заседании Совета министров иностранных дел ШОС", "sco-council-of-foreign-ministers"),
    ("решение Высшего Евразийского экономического совета", "supreme-eurasian-economic-council"),
    ("المجلس الاقتصادي الأعلى للاتحاد الأوراسي", "supreme-eurasian-economic-council"),
    ("the Eurasian Economic Commission", "eurasian-economic-commission"),
    ("the OSCE Permanent Council", "osce-permanent-council"),
    ("на Совете министров иностранных дел ОБСЕ", "osce-ministerial-council"),
    ("a statement by the European Commission", "european-commission"),
    ("في مجلس الأمن الأممي", "un-security-council"),
    ("в Совбезе ООН", "un-security-council"),
    ("Brics countries", "brics"),
])
def test_the_usual_forms_resolve_to_the_body(text, key):
    gazetteer = load_ruleset().gazetteer
    found = [m.iri for m in find_mentions(text, tokenise(text), gazetteer, {"org"})]
    assert ID + "org/" + key in found, (text, found)


@pytest.mark.parametrize(("text", "absent"), [
    ("leave the alliance", "nato"),                      # anaphora, not a name
    ("the Commonwealth of Nations summit", "cis"),
    ("the SBU Anti-Terrorist Center", "cis-anti-terrorist-center"),
    ("СМИД ОБСЕ", "cis-council-of-foreign-ministers"),
    ("рабочий визит", "cis"),
])
def test_elliptic_or_ambiguous_names_are_not_aliases(text, absent):
    gazetteer = load_ruleset().gazetteer
    found = [m.iri for m in find_mentions(text, tokenise(text), gazetteer, {"org"})]
    assert ID + "org/" + absent not in found, (text, found)
