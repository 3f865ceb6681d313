"""The seckg command as a user runs it: real processes, real exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_b79c1716858aee63.txt"


def seckg(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], input=stdin,
                          capture_output=True, cwd=cwd or ROOT, timeout=300)


def test_help_lists_every_command():
    out = seckg("--help").stdout.decode()
    for command in ("build", "extract", "validate", "query", "load", "stats", "serve"):
        assert command in out


def test_extract_reads_stdin_and_prints_rdf():
    result = seckg("extract", "-", "--format", "nquads", stdin=SEED.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "<https://w3id.org/seckg/ns#Statement>" in out
    assert "<https://w3id.org/seckg/id/graph/reference>" in out   # the entities it uses


def test_extract_of_an_empty_file_names_it_and_exits_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = seckg("extract", str(empty))
    assert result.returncode == 2
    assert "empty.txt" in result.stderr.decode() and "empty article" in result.stderr.decode()


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_validate_seeds_conforms(fmt, tmp_path):
    out = tmp_path / f"report.{fmt}"
    result = seckg("validate", str(ROOT / "seeds"), "--format", fmt, "-o", str(out))
    assert result.returncode == 0, out.read_text() if out.exists() else result.stderr.decode()
    if fmt == "json":
        assert json.loads(out.read_text())["conforms"] is True


def test_validate_exit_codes_keep_violations_apart_from_bad_input(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("""@prefix seckg: <https://w3id.org/seckg/ns#> .
<https://w3id.org/seckg/id/statement/x> a seckg:Statement .""")
    assert seckg("validate", str(broken)).returncode == 1
    assert seckg("validate", str(tmp_path / "missing")).returncode == 2
    assert seckg("validate", "--format", "yaml").returncode == 2
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9".encode("latin-1"))
    assert seckg("validate", str(latin)).returncode == 2


def test_build_then_query_and_stats(tmp_path):
    store = str(tmp_path / "store")
    built = seckg("--store", store, "build", str(SEED), "--dist", str(tmp_path / "dist"))
    assert built.returncode == 0, built.stderr.decode()
    assert "1 accepted" in built.stderr.decode()
    csv = seckg("--store", store, "query", "--format", "csv",
                "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/seckg/ns#Statement> }")
    assert int(csv.stdout.decode().split()[1]) >= 10
    stats = seckg("--store", store, "stats").stdout.decode()
    assert "statements" in stats and "articles      1" in stats
    bad = seckg("--store", store, "query", "SELECT * WHERE { ?s ?p }")
    assert bad.returncode == 2 and "line 1" in bad.stderr.decode()


def test_builds_in_two_processes_give_byte_identical_dumps(tmp_path):
    """Different hash seeds, same bytes: nothing depends on set or dict iteration order."""
    import os

    outputs = []
    for seed in ("1", "2"):
        base = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "kg.cli", "--store", str(base / "store"),
                               "build", "--dist", str(base / "dist")], cwd=ROOT, env=env,
                              capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr.decode()
        outputs.append({name: (base / "dist" / name).read_bytes()
                        for name in ("seckg.ttl", "seckg.trig", "seckg.nq", "seckg.jsonld")})
    assert outputs[0] == outputs[1]


def test_offsets_keep_their_datatype_in_the_dumps(tmp_path):
    done = seckg("--store", str(tmp_path / "store"), "build", str(SEED), "--dist", str(tmp_path / "d"))
    assert done.returncode == 0
    nq = (tmp_path / "d" / "seckg.nq").read_text(encoding="utf-8")
    offsets = [line for line in nq.splitlines() if "<http://www.w3.org/ns/oa#start>" in line]
    assert offsets and all("XMLSchema#nonNegativeInteger>" in line for line in offsets)


# -- seckg query: answers in a format that fits, refusals in one line, never a traceback ---------

SAMPLE = ROOT / "tests" / "data" / "sample.trig"
STATEMENT = "https://w3id.org/seckg/ns#Statement"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> str:
    from click.testing import CliRunner

    from kg.cli import main

    location = str(tmp_path_factory.mktemp("query") / "store")
    loaded = CliRunner().invoke(main, ["--store", location, "load", str(SAMPLE)])
    assert loaded.exit_code == 0, loaded.output
    return location


def run_query(store: str, *args: str, stdin: str | None = None):
    from click.testing import CliRunner

    from kg.cli import main

    return CliRunner().invoke(main, ["--store", store, "query", *args], input=stdin)


def one_line_error(result) -> str:
    """The whole of what the user sees for a refused query: exit 2, one line, no traceback."""
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                     SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("seckg: error: "), result.output
    return lines[0]


@pytest.mark.parametrize("sparql", [
    "CONSTRUCT WHERE { ?s a seckg:Statement ; seckg:speaker ?p }",
    "DESCRIBE ?s WHERE { ?s a seckg:Statement }",
], ids=["construct", "describe"])
def test_construct_and_describe_print_turtle_by_default(sample_store, sparql):
    from rdflib import Graph

    result = run_query(sample_store, sparql)
    assert result.exit_code == 0, result.output
    assert "@prefix seckg: <https://w3id.org/seckg/ns#>" in result.output
    assert len(Graph().parse(data=result.output, format="turtle")) >= 2


@pytest.mark.parametrize("fmt", ["ntriples", "nquads", "trig", "jsonld", "rdfxml"])
def test_construct_in_every_rdf_format(sample_store, fmt):
    import pyoxigraph as ox

    from kg.formats import format_by_name

    result = run_query(sample_store, "--format", fmt, "CONSTRUCT WHERE { ?s a seckg:Statement }")
    assert result.exit_code == 0, result.output
    quads = list(ox.parse(result.stdout_bytes, format=format_by_name(fmt).oxigraph))
    assert [q.subject.value for q in quads] == ["https://w3id.org/seckg/id/statement/x"] or \
        len(quads) == 1


@pytest.mark.parametrize(("fmt", "sparql", "choices"), [
    ("csv", "CONSTRUCT WHERE { ?s ?p ?o }", "turtle, ntriples, jsonld, rdfxml, trig, nquads"),
    ("table", "DESCRIBE ?s WHERE { ?s ?p ?o }", "turtle, ntriples"),
    ("turtle", "SELECT * WHERE { ?s ?p ?o }", "table, json, xml, csv, tsv"),
    ("nquads", "ASK { ?s ?p ?o }", "table, json, xml, csv, tsv"),
], ids=["csv-construct", "table-describe", "turtle-select", "nquads-ask"])
def test_a_format_that_does_not_fit_the_query_is_one_line(sample_store, fmt, sparql, choices):
    line = one_line_error(run_query(sample_store, "--format", fmt, sparql))
    assert f"--format {fmt} does not fit" in line and choices in line


def test_select_and_ask_default_to_a_table_and_know_the_models_prefixes(sample_store):
    table = run_query(sample_store, "SELECT ?date WHERE { ?s a seckg:Statement ; dcterms:date ?date }")
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[2] == "2025-03-04" and "(1 row)" in table.output
    ask = run_query(sample_store, "ASK { ?s a seckg:Statement }")
    assert ask.output == "true\n"
    csv = run_query(sample_store, "--format", "csv", "-",
                    stdin=f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{STATEMENT}> }}")
    assert csv.output.split() == ["n", "1"]


def test_service_is_refused_without_touching_the_network(sample_store):
    """The SERVICE target is a socket of ours: nothing may connect to it."""
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        line = one_line_error(run_query(
            sample_store, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> "
                          "{ ?s ?p ?o } }"))
        with pytest.raises(TimeoutError):
            listener.accept()
    assert "SERVICE is refused" in line


@pytest.mark.parametrize(("sparql", "expected"), [
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD is refused: seckg never fetches data"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "seckg load"),
    ("PREFIX ex: <urn:x:> DELETE WHERE { ?s ex:p ?o }", "--admin-token"),
    ("CLEAR ALL", "SPARQL Update"),
    ("SELEC * WHERE { ?s ?p ?o }", "expected SELECT, ASK, CONSTRUCT or DESCRIBE"),
], ids=["load", "insert", "delete", "clear", "typo"])
def test_updates_and_non_queries_say_where_they_go(sample_store, sparql, expected):
    assert expected in one_line_error(run_query(sample_store, sparql))


@pytest.mark.parametrize(("sparql", "expected"), [
    ("SELECT * WHERE { ?s foo:said ?o }",
     "line 1, column 21: unknown prefix foo: (declare it with 'PREFIX foo: <IRI>'"),
    ("SELECT *\nWHERE {\n  ?s a seckg:Statement ;\n     nope:x ?o }",
     "line 4, column 6: unknown prefix nope:"),
    ("SELECT * WHERE { ?s ?p }", "line 1, column"),
    ("SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s", "unbound"),
    ("SELECT * WHERE { ?s <http://a b> ?o }", "invalid IRI"),
    ("SELECT * WHERE { ?s ?p 'never closed }", "never closed (line 1, column 24)"),
    ("SELECT * " + "{" * 20000 + "}" * 20000, "the query nests 20000 levels deep"),
    ('SELECT * WHERE { ?s ?p "foo:bar" . ?s ex:p ?o } # zz:',
     "line 1, column 39: unknown prefix ex:"),
], ids=["prefix", "prefix-line-4", "truncated", "unbound", "bad-iri", "unclosed-string",
        "nesting-that-would-crash-the-engine", "prefix-not-in-strings-or-comments"])
def test_syntax_errors_are_one_line_with_line_and_column(sample_store, sparql, expected):
    line = one_line_error(run_query(sample_store, sparql))
    assert expected in line and "\\u{" not in line and len(line) < 300, line


def test_query_output_to_a_closed_pipe_is_quiet(tmp_path, sample_store):
    """`seckg query ... | head -1`: no BrokenPipeError traceback."""
    done = subprocess.run(f"{sys.executable} -m kg.cli --store {sample_store} query "
                          "'SELECT * WHERE { ?s ?p ?o }' --format csv | head -c 1",
                          shell=True, capture_output=True, cwd=ROOT, timeout=120)
    assert b"Traceback" not in done.stderr and b"Error" not in done.stderr, done.stderr


def test_the_readmes_first_query_shows_dated_statements_first(tmp_path):
    """The README's 'A first query' as written, over a store built from seeds/."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## A first query", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    command = shlex.split(block)
    assert command[:2] == ["seckg", "query"]
    store = str(tmp_path / "store")
    built = seckg("--store", store, "build", "--dist", str(tmp_path / "dist"))
    assert built.returncode == 0, built.stderr.decode()
    done = seckg("--store", store, *command[1:])
    assert done.returncode == 0, done.stderr.decode()
    rows = done.stdout.decode().splitlines()[2:-1]
    assert len(rows) == 5 and rows[0].split()[0], done.stdout.decode()
    assert re.search(r"  \d{4}-\d{2}-\d{2}  ", rows[0]), done.stdout.decode()


# -- seckg validate: every report names its file; what is not validated is listed -------------

@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    (folder / "notes.md").write_text("# notes\n")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / ".hidden").write_text("x")
    return folder


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_validate_names_files_and_lists_what_it_skipped(mixed_folder, fmt):
    result = seckg("validate", str(mixed_folder), "--format", fmt)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    article = str(mixed_folder / SEED.name)
    skipped = [str(mixed_folder / "notes.md"), str(mixed_folder / "scan.pdf")]
    if fmt == "text":
        assert f"skipped: {skipped[0]} (not .txt or RDF)" in out
        assert f"skipped: {skipped[1]} (not .txt or RDF)" in out
        assert any(line.startswith(f"{article} (article/") and "conforms" in line
                   for line in out.splitlines()), out
        assert out.rstrip().endswith("2 skipped")
    elif fmt == "json":
        doc = json.loads(out)
        assert [a["file"] for a in doc["articles"]] == [article]
        assert doc["articles"][0]["article"].startswith("https://w3id.org/seckg/id/article/")
        assert doc["skipped"] == [{"file": f, "reason": "not .txt or RDF"} for f in skipped]
    else:
        import xml.etree.ElementTree as ET

        cases = ET.fromstring(out).findall(".//testcase")
        assert {c.get("file") for c in cases} == {article, *skipped}
        assert {c.get("file") for c in cases if c.find("skipped") is not None} == set(skipped)
    assert ".hidden" not in out


def test_validate_names_the_file_of_a_failing_rdf_file(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("""@prefix seckg: <https://w3id.org/seckg/ns#> .
<https://w3id.org/seckg/id/statement/x> a seckg:Statement .""")
    result = seckg("validate", str(broken), "--format", "junit")
    assert result.returncode == 1
    import xml.etree.ElementTree as ET

    (case,) = ET.fromstring(result.stdout.decode()).findall(".//testcase")
    assert case.get("file") == str(broken) and case.find("failure") is not None


def test_validate_with_nothing_to_validate_says_so(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(b"%PDF")
    result = seckg("validate", str(tmp_path))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "nothing to validate" in err and "scan.pdf (not .txt or RDF)" in err
    assert "Traceback" not in err
