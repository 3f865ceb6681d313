"""The loopback load test, small: the production recipe (`seckg serve`) over the seeds, 16
clients at once sending queries and page views; every answer is 200 or 304 (bench/load.py
runs the full version with 16 and 64 clients; figures in docs/load.md)."""

from __future__ import annotations

from pathlib import Path

from bench.load import hammer, serve, stop
from kg.build import build
from kg.config import Settings
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_sixteen_clients_at_once_get_only_answers(tmp_path):
    settings = Settings(store=str(tmp_path / "store"), dist_dir=tmp_path / "dist")
    build(settings, [ROOT / "seeds"])
    port = free_port()
    process = serve(settings.store, port)
    try:
        phase = hammer(port, clients=16, per_client=12)
    finally:
        stop(process)
    summary = phase.summary()
    assert summary["requests"] == 16 * 12
    assert not summary["failures"], summary
    assert process.returncode == 0
