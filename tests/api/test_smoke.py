"""The app factory wires a store and answers on a live socket."""

import json
import urllib.request


def test_healthz_live(sample_app, live_server):
    base = live_server(sample_app)
    with urllib.request.urlopen(base + "/healthz", timeout=10) as resp:
        body = json.load(resp)
    assert resp.status == 200
    assert body["status"] == "ok"
