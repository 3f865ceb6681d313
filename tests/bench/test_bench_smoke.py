"""`python -m bench --smoke` end to end, so the bench cannot rot: a tiny graph loaded by both
loaders, the three servers started on 127.0.0.1, every query of the mix answered the same by
all of them, one latency round, short throughput runs, the Markdown section and the plots.

Needs the Oxigraph server, rdflib-endpoint and matplotlib (the `test` extra)."""

from __future__ import annotations

import pytest

from bench import graph, report
from bench.__main__ import main
from bench.mix import MIX

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    doc = out / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nIntro.\n\n## Extraction\n\nKept.\n", encoding="utf-8")
    results = main(["--smoke", "--out", str(doc), "--work", str(out / "work")])
    return results, doc


def test_every_server_gives_the_same_answers(smoke):
    results, _ = smoke
    assert results["servers"] == ["seckg", "oxigraph", "rdflib-endpoint"]
    for query in MIX:
        by = results["queries"][query.name]
        assert by["oxigraph"]["rows"] is not None, query.name
        for name in results["servers"]:
            assert by[name]["agrees"] is True, (query.name, name, by[name])
            assert by[name]["p50"] > 0, (query.name, name)


@pytest.mark.parametrize("clients", [4, 16], ids=lambda c: f"{c}-clients")
def test_throughput_answers_without_errors(smoke, clients):
    results, _ = smoke
    for name in ("seckg", "oxigraph"):
        run = results["throughput"][clients][name]
        assert run["answers"] > 0 and run["errors"] == 0, (name, run)


def test_load_startup_and_memory_are_measured(smoke):
    results, _ = smoke
    for name in ("seckg", "oxigraph"):
        assert results["load"][name]["seconds"] > 0 and results["load"][name]["disk"] > 0
    for name in results["servers"]:
        assert results["startup"][name] > 0 and results["rss"][name]["idle"] > 0


def test_the_report_replaces_its_section_and_keeps_the_rest(smoke):
    results, doc = smoke
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n") and "## Extraction\n\nKept." in text
    assert text.count(report.BEGIN) == 1 and "python -m bench --smoke" in text
    assert "![latency.png](benchmarks/latency.png)" in text
    assert (doc.parent / "benchmarks" / "latency.png").stat().st_size > 0
    report.write(results, doc, None)                  # a second run replaces, never appends
    assert doc.read_text(encoding="utf-8").count(report.BEGIN) == 1


def test_the_graph_is_deterministic_and_sized(tmp_path):
    a, b = tmp_path / "a.nq", tmp_path / "b.nq"
    with a.open("wb") as out:
        shape = graph.write(out, triples=5000, seed=1)
    with b.open("wb") as out:
        graph.write(out, triples=5000, seed=1)
    assert a.read_bytes() == b.read_bytes()
    assert 5000 <= shape.triples < 5000 + 200


def test_the_build_steps_and_a_whole_build_are_measured(smoke):
    results, doc = smoke
    steps = results["steps"]
    assert steps["articles"] == 6
    for step in ("extract", "rdf", "validate"):
        assert 0 < steps[step]["median"] <= steps[step]["p95"], step
    [build] = results["builds"]
    assert build["size"] == 8 and build["accepted"] == 8 and build["statements"] > 0
    assert build["seconds"] > 0 and build["peak_rss_mb"] > 50
    text = doc.read_text(encoding="utf-8")
    assert "### The build, step by step" in text and "### Whole builds" in text
    assert "validation under 20 ms per article (median)" in text
