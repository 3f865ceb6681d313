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
