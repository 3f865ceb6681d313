"""Dumps: listed from dist_dir, served gzip-compressed with ETag/Last-Modified, 304s."""

from __future__ import annotations

import gzip

import pytest
from pages_conftest import BUILD_ID, make_dist

from api import create_app


class Client:
    """The test client, closing every answer (file answers hold an open file until closed)."""

    def __init__(self, app) -> None:
        self.client = app.test_client()

    def get(self, url, **kwargs):
        with self.client.get(url, **kwargs) as response:
            response.get_data()
        return response


@pytest.fixture
def client(settings, sample_store):
    make_dist(settings.dist_dir)
    app = create_app(settings, store=sample_store)
    app.config["TESTING"] = True
    return Client(app)


def test_listing_names_each_dump_and_its_gzip(client):
    body = client.get("/dumps/").get_json()
    assert body["build_id"] == BUILD_ID
    names = {d["name"]: d for d in body["dumps"]}
    assert set(names) == {"seckg.ttl", "seckg.nq"}          # no .gz rows, no notes.txt
    assert names["seckg.ttl"]["media_type"] == "text/turtle"
    assert names["seckg.ttl"]["gzip_url"].endswith("/dumps/seckg.ttl.gz")


def test_listing_is_a_page_for_browsers(client):
    response = client.get("/dumps/", headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    assert 'href="http://localhost/dumps/seckg.nq.gz"' in response.get_data(as_text=True)


def test_plain_name_is_sent_gzip_encoded_to_clients_that_accept_it(client, settings):
    response = client.get("/dumps/seckg.ttl", headers={"Accept-Encoding": "gzip, deflate"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "text/turtle"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.get_data()) == (settings.dist_dir / "seckg.ttl").read_bytes()


def test_plain_name_is_sent_as_is_without_accept_encoding(client, settings):
    response = client.get("/dumps/seckg.ttl")
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == (settings.dist_dir / "seckg.ttl").read_bytes()


def test_gz_file_is_served_as_gzip(client, settings):
    response = client.get("/dumps/seckg.nq.gz")
    assert response.mimetype == "application/gzip"
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == (settings.dist_dir / "seckg.nq.gz").read_bytes()


@pytest.mark.parametrize("name", ["seckg.ttl", "seckg.nq.gz"])
@pytest.mark.parametrize("validator", ["If-None-Match", "If-Modified-Since"])
def test_revalidation_gives_304(client, name, validator):
    headers = {"Accept-Encoding": "gzip"}
    first = client.get(f"/dumps/{name}", headers=headers)
    assert first.status_code == 200
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    key = "ETag" if validator == "If-None-Match" else "Last-Modified"
    again = client.get(f"/dumps/{name}", headers={**headers, validator: first.headers[key]})
    assert again.status_code == 304
    assert not again.get_data()


def test_identity_and_gzip_have_different_etags(client):
    plain = client.get("/dumps/seckg.ttl")
    packed = client.get("/dumps/seckg.ttl", headers={"Accept-Encoding": "gzip"})
    assert plain.headers["ETag"] != packed.headers["ETag"]


@pytest.mark.parametrize("name", ["notes.txt", "build.json", "missing.ttl"])
def test_other_files_are_404(client, name):
    response = client.get(f"/dumps/{name}")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_no_way_out_of_the_dist_folder(client):
    assert client.get("/dumps/..%2Fbuild.json").status_code == 404
    assert client.get("/dumps/%2E%2E").status_code == 404


def test_pages_use_the_build_id_from_build_json(client):
    void = client.get("/void", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert BUILD_ID in void and "2026-01-02T03:04:05" in void
    first = client.get("/void", headers={"Accept": "text/turtle"})
    assert first.headers["Last-Modified"] == "Fri, 02 Jan 2026 03:04:05 GMT"
    again = client.get("/void", headers={"Accept": "text/turtle",
                                         "If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304


def test_void_lists_the_dumps(client):
    void = client.get("/void.ttl").get_data(as_text=True)
    assert "http://localhost/dumps/seckg.ttl.gz" in void and "dcat:downloadURL" in void
