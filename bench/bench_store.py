"""Embedded store choice: rdflib's SPARQL engine vs pyoxigraph (memory and disk), same run.

Generates a synthetic dataset in the shape of MODEL.md (articles, statements, persons,
organisations), loads it into each store, and times an analyst query mix. Reports seconds and
the ratio to pyoxigraph in memory (machines here are noisy; compare ratios, not seconds).

    python3 bench/bench_store.py --statements 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time

import pyoxigraph as ox
import rdflib

P = "PREFIX seckg: <https://w3id.org/seckg/ns#> PREFIX schema: <https://schema.org/> " \
    "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
    "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX org: <http://www.w3.org/ns/org#> "
QUERIES = {
    "statements by an official over time": P + """SELECT ?date ?text WHERE { ?s seckg:speaker
        <https://w3id.org/seckg/id/person/p7> ; schema:text ?text . OPTIONAL { ?s dcterms:date ?date } }
        ORDER BY ?date""",
    "statements per organisation per month": P + """SELECT ?org ?month (COUNT(?s) AS ?n) WHERE {
        ?s a seckg:Statement ; dcterms:date ?d ; seckg:speaker ?p . ?p org:holds/org:postIn ?org
        BIND(SUBSTR(STR(?d), 1, 7) AS ?month) } GROUP BY ?org ?month""",
    "who mentioned NATO": P + """SELECT DISTINCT ?label WHERE { ?s schema:mentions
        <https://w3id.org/seckg/id/org/o3> ; seckg:speaker ?p . ?p rdfs:label ?label }""",
    "text search": P + """SELECT (COUNT(?s) AS ?n) WHERE { ?s schema:text ?t .
        FILTER(CONTAINS(?t, "security")) }""",
}


def nquads(statements: int, seed: int = 7) -> bytes:
    rnd = random.Random(seed)
    idp = "https://w3id.org/seckg/id/"
    ns = "https://w3id.org/seckg/ns#"
    lines = []
    for o in range(20):
        lines.append(f'<{idp}org/o{o}> <http://www.w3.org/2000/01/rdf-schema#label> "Org {o}"@en <{idp}graph/reference> .')
    for p in range(200):
        lines.append(f'<{idp}person/p{p}> <http://www.w3.org/2000/01/rdf-schema#label> "Person {p}"@en <{idp}graph/reference> .')
        lines.append(f'<{idp}person/p{p}> <http://www.w3.org/ns/org#holds> <{idp}post/o{p % 20}/r> <{idp}graph/reference> .')
        lines.append(f'<{idp}post/o{p % 20}/r> <http://www.w3.org/ns/org#postIn> <{idp}org/o{p % 20}> <{idp}graph/reference> .')
    words = "security cooperation treaty forces council region terrorism dialogue member states".split()
    for s in range(statements):
        g = f"<{idp}article/a{s // 10}>"
        node = f"<{idp}statement/s{s}>"
        text = " ".join(rnd.choice(words) for _ in range(12))
        day = f"202{rnd.randint(0, 5)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        lines += [
            f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ns}Statement> {g} .",
            f"{node} <{ns}speaker> <{idp}person/p{rnd.randrange(200)}> {g} .",
            f'{node} <https://schema.org/text> "{text}"@en {g} .',
            f'{node} <http://purl.org/dc/terms/date> "{day}"^^<http://www.w3.org/2001/XMLSchema#date> {g} .',
            f"{node} <https://schema.org/mentions> <{idp}org/o{rnd.randrange(20)}> {g} .",
            f"{node} <http://www.w3.org/ns/prov#wasDerivedFrom> {g} {g} .",
        ]
    return ("\n".join(lines) + "\n").encode()


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--statements", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data = nquads(args.statements)
    quads = data.count(b"\n")
    stores = {}
    t = time.perf_counter()
    mem = ox.Store()
    mem.load(data, format=ox.RdfFormat.N_QUADS)
    load = {"pyoxigraph memory": time.perf_counter() - t}
    tmp = tempfile.mkdtemp()
    t = time.perf_counter()
    disk = ox.Store(tmp)
    disk.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    load["pyoxigraph disk"] = time.perf_counter() - t
    t = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=data, format="nquads")
    load["rdflib"] = time.perf_counter() - t
    stores = {
        "pyoxigraph memory": lambda q: list(mem.query(q, use_default_graph_as_union=True)),
        "pyoxigraph disk": lambda q: list(disk.query(q, use_default_graph_as_union=True)),
        "rdflib": lambda q: list(ds.query(q)),
    }
    print(f"{quads} quads; median of {args.repeat} runs; ratio = seconds / pyoxigraph memory\n")
    print(f"| {'what':<40} | {'pyoxigraph memory':>18} | {'pyoxigraph disk':>18} | {'rdflib':>18} |")
    print(f"|{'-' * 42}|{'-' * 20}|{'-' * 20}|{'-' * 20}|")
    base = load["pyoxigraph memory"]
    cells = [f"{load[k]:.2f}s ({load[k] / base:.1f}x)" for k in stores]
    print(f"| {'load':<40} | " + " | ".join(f"{c:>18}" for c in cells) + " |")
    for name, q in QUERIES.items():
        secs = {k: timed(lambda f=f, q=q: f(q), args.repeat) for k, f in stores.items()}
        b = secs["pyoxigraph memory"]
        cells = [f"{secs[k]:.3f}s ({secs[k] / b:.1f}x)" for k in stores]
        print(f"| {name:<40} | " + " | ".join(f"{c:>18}" for c in cells) + " |")


if __name__ == "__main__":
    main()
