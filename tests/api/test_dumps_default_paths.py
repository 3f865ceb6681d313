"""Issue 9, item 4: with the default, relative settings (``dist``, ``var/store``) every dump
downloads. Flask's ``send_file`` resolves a relative path against the ``api`` package, so
before settings were resolved at the app factory every download was a 500."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from api import create_app
from kg.build import build
from kg.config import Settings
from kg.export import DUMPS
from kg.rdfio import read_graph

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "own" / "en_csto_bishkek_defence.txt"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A working directory holding what ``seckg build`` writes with the default settings."""
    base = tmp_path_factory.mktemp("cwd")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        defaults = Settings()
        assert not defaults.dist_dir.is_absolute() and not Path(defaults.store).is_absolute()
        report = build(defaults, [ARTICLE])
    assert report.accepted and (base / "dist" / "seckg.ttl").is_file()
    assert (base / "var" / "store").is_dir()
    return base


@pytest.fixture
def client(workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    app = create_app()                      # Settings() and its relative defaults
    app.config["TESTING"] = True
    yield app.test_client()
    app.extensions["seckg.store"].close()


def _get(client, url: str, **headers):
    with client.get(url, headers=headers) as response:
        response.get_data()
    return response


def test_the_app_resolves_relative_settings_against_the_working_directory(workdir, client):
    settings = client.application.config["SECKG_SETTINGS"]
    assert settings.dist_dir == workdir / "dist"
    assert settings.store == str(workdir / "var" / "store")


@pytest.mark.parametrize("name", [name for name, _fmt in DUMPS])
def test_every_dump_downloads_with_the_default_settings(workdir, client, name):
    listed = {d["name"] for d in _get(client, "/dumps/").get_json()["dumps"]}
    assert name in listed
    on_disk = (workdir / "dist" / name).read_bytes()
    plain = _get(client, f"/dumps/{name}")
    assert plain.status_code == 200, plain.get_data(as_text=True)[:300]
    assert plain.get_data() == on_disk
    zipped = _get(client, f"/dumps/{name}.gz")
    assert zipped.status_code == 200
    assert gzip.decompress(zipped.get_data()) == on_disk
    encoded = _get(client, f"/dumps/{name}", **{"Accept-Encoding": "gzip"})
    assert encoded.status_code == 200 and encoded.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(encoded.get_data()) == on_disk
    fmt = dict(DUMPS)[name]
    assert len(read_graph(plain.get_data(), fmt)) > 0


def test_downloads_survive_a_later_change_of_working_directory(workdir, client, tmp_path,
                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)             # settings were resolved once, at the factory
    response = _get(client, "/dumps/seckg.nq")
    assert response.status_code == 200
    assert response.get_data() == (workdir / "dist" / "seckg.nq").read_bytes()
