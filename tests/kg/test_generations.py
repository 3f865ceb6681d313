"""Builds cannot lose the store: generations switched by one atomic link change, a build
killed at any moment leaves the old generation whole and served, a lost link is recovered,
and a running server follows a new generation as a whole."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api import create_app
from kg.build import build
from kg.config import Settings
from kg.store import open_store, store_exists
from kg.store.generations import Generations

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
COUNT = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }"


def _articles(location: str) -> int:
    store = open_store(location, read_only=True)
    try:
        return int(store.select(COUNT)[0]["n"])
    finally:
        store.close()


def _copy(paths: list[Path], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        shutil.copy(path, folder / path.name)
    return folder


def test_the_location_is_a_link_to_a_whole_generation(tmp_path):
    settings = Settings(store=str(tmp_path / "store"), dist_dir=tmp_path / "dist")
    build(settings, [_copy(SEEDS[:1], tmp_path / "a")])
    first = (tmp_path / "store").resolve()
    build(settings, [_copy(SEEDS[1:2], tmp_path / "b")])
    second = (tmp_path / "store").resolve()
    assert (tmp_path / "store").is_symlink() and first != second
    assert first.is_dir(), "the previous generation stays for servers still reading it"
    build(settings, [_copy(SEEDS[2:3], tmp_path / "c")])
    assert not first.exists(), "older generations go"
    assert _articles(settings.store) == 3


def test_a_store_of_the_old_layout_is_taken_over_without_loss(tmp_path):
    old = tmp_path / "store"
    legacy = open_store(str(tmp_path / "scratch"))
    legacy.close()
    shutil.move(str(Generations(tmp_path / "scratch").current()), old)   # a plain folder
    writer = open_store(str(old))
    writer.publish({"http://e/g": b"<http://e/s> <http://e/p> <http://e/o> .\n"})
    writer.close()
    assert old.is_symlink() and _articles(str(old)) == 0
    assert open_store(str(old), read_only=True).graphs() == ["http://e/g"]


def test_a_lost_link_is_recovered_from_the_newest_complete_generation(tmp_path):
    settings = Settings(store=str(tmp_path / "store"), dist_dir=tmp_path / "dist")
    build(settings, [_copy(SEEDS[:2], tmp_path / "in")])
    (tmp_path / "store").unlink()                     # as if killed between two renames
    (tmp_path / "store.d" / "g99999999999999999999-1").mkdir()   # an incomplete generation
    assert store_exists(settings.store)
    assert _articles(settings.store) == 2


@pytest.mark.parametrize("after", [0.3, 1.0, 2.0, 3.5, 5.0, 7.0])
def test_a_build_killed_at_any_moment_leaves_the_old_store_whole(tmp_path, after):
    settings = Settings(store=str(tmp_path / "store"), dist_dir=tmp_path / "dist")
    build(settings, [_copy(SEEDS[:2], tmp_path / "in")])
    _copy(SEEDS[2:], tmp_path / "in")
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "--store", settings.store,
                                "build", "--jobs", "1", "--dist", str(tmp_path / "dist"),
                                str(tmp_path / "in")], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert _articles(settings.store) in (2, len(SEEDS))    # the old state, or the new: whole
    held = open_store(settings.store, read_only=True).build_info()["build_id"]
    assert (settings.dist_dir / "builds" / held / "seckg.nq").is_file()   # and its dumps
    again = build(settings, [tmp_path / "in"])              # and the next build goes through
    assert not again.quarantined and _articles(settings.store) == len(SEEDS)


def test_a_running_server_follows_a_new_generation_as_a_whole(tmp_path):
    settings = Settings(store=str(tmp_path / "store"), dist_dir=tmp_path / "dist",
                        query_workers=2)
    build(settings, [_copy(SEEDS[:2], tmp_path / "in")])
    app = create_app(settings)
    client = app.test_client()
    try:
        def answer() -> tuple[int, int, str]:
            response = client.get("/sparql", query_string={"query": COUNT},
                                  headers={"Accept": "application/sparql-results+json"})
            count = int(response.get_json()["results"]["bindings"][0]["n"]["value"])
            return count, client.get("/healthz").get_json()["quads"], response.headers["ETag"]

        before = answer()
        assert before[0] == 2
        build(settings, [_copy(SEEDS[2:], tmp_path / "in")])
        after = [answer() for _ in range(4)]       # every worker, /healthz and the ETag agree
        assert {a[0] for a in after} == {len(SEEDS)}
        assert len({a[1] for a in after}) == 1 and after[0][1] > before[1]
        assert len({a[2] for a in after}) == 1 and after[0][2] != before[2]
        # the dumps served are those of the build the store holds
        build_id = open_store(settings.store, read_only=True).build_info()["build_id"]
        response = client.get("/dumps/seckg.nq", headers={"Accept-Encoding": "identity"})
        served = response.data
        response.close()
        assert served == (settings.dist_dir / "builds" / build_id / "seckg.nq").read_bytes()
        assert served.count(b"#type> <https://schema.org/NewsArticle>") == len(SEEDS)
    finally:
        app.extensions["seckg.store"].close()
