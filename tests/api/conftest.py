"""Fixtures for the HTTP app: stores with data, the app, and a live server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from api import create_app
from kg import Settings, open_store
from tests.servers import oxigraph_server

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(params=["memory", "oxigraph-server"])
def sample_store(request):
    """A store holding tests/data/sample.trig (one article, one statement): in memory, and
    a live Oxigraph server (every test that uses it runs against both)."""
    stack = ExitStack()
    request.addfinalizer(stack.close)
    location = "memory:" if request.param == "memory" else stack.enter_context(
        oxigraph_server())
    store = open_store(location)
    stack.callback(store.close)
    store.load((DATA / "sample.trig").read_bytes(), format="trig")
    return store


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(store="memory:", dist_dir=tmp_path / "dist")


@pytest.fixture
def sample_app(settings, sample_store):
    app = create_app(settings, store=sample_store)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def live_server() -> Iterator[Callable[[object], str]]:
    """Start apps on 127.0.0.1 on free ports; every server started is stopped afterwards."""
    servers = []

    def start(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server, thread in servers:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
