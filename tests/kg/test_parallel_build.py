"""The per-article work on other engines: a local process pool (--jobs 2) and a real Dask
cluster (distributed.LocalCluster, 2 worker processes) give a store and dumps byte-identical
to a build in one process."""

from __future__ import annotations

from pathlib import Path

import distributed
import pytest

from kg.build import build
from kg.config import Settings
from kg.errors import ConfigError
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[2]
DUMPS = ("seckg.ttl", "seckg.trig", "seckg.nq", "seckg.jsonld")


def _built(base: Path, **engine) -> tuple[dict[str, bytes], bytes, str]:
    settings = Settings(store=str(base / "store"), dist_dir=base / "dist")
    report = build(settings, [ROOT / "seeds"], **engine)
    store = open_store(settings.location(), read_only=True)
    try:
        quads = b"\n".join(sorted(line for line in store.dump("nquads").split(b"\n")
                                  if line and b"/id/graph/build>" not in line))
    finally:
        store.close()
    return {name: (base / "dist" / name).read_bytes() for name in DUMPS}, quads, report.build_id


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    return _built(tmp_path_factory.mktemp("serial"), jobs=1)


def test_a_process_pool_gives_the_same_bytes(one_process, tmp_path):
    assert _built(tmp_path, jobs=2) == one_process


def test_a_dask_cluster_gives_the_same_bytes(one_process, tmp_path):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster:
        assert _built(tmp_path, scheduler=cluster.scheduler_address) == one_process
        # the articles really ran as tasks of this cluster: one result per article
        ran = sum(prefix.state_counts["memory"]
                  for name, prefix in cluster.scheduler.task_prefixes.items()
                  if name.startswith("seckg"))
        assert ran == len(list((ROOT / "seeds").glob("*.txt")))


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    from tests.servers import free_port

    settings = Settings(store=str(tmp_path / "store"), dist_dir=tmp_path / "dist")
    with pytest.raises(ConfigError, match="Dask scheduler"):
        build(settings, [ROOT / "seeds"], scheduler=f"tcp://127.0.0.1:{free_port()}")
