"""The export flow on Dask: same tables as a local run, the model loaded once per worker process,
and a clean terminal at shutdown."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, LSE_PAGE, RAW_DIR, REPO_ROOT

from pagefacts.quiet import DASK_PRELOAD
from pagefacts.validate import TABLES

pytestmark = pytest.mark.slow  # runs in CI too: "slow" only names what it starts

#: Lineage columns that differ between any two runs by design.
LINEAGE = {"run_id", "extracted_at"}
#: Words that must not appear in a clean run's terminal output.
NOISE = ("Error", "Traceback", "CommClosed", "Exception")


@pytest.fixture(scope="module")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    """The LSE page and the small self-written fixture pages: more pages than workers."""
    raw = tmp_path_factory.mktemp("dask") / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / LSE_PAGE, raw / LSE_PAGE)
    for page in sorted((FIXTURES / "pages").glob("*.txt")):
        shutil.copy(page, raw / page.name)
    assert len(list(raw.iterdir())) >= 5
    return raw


def _tables(out: Path) -> dict[str, list[str]]:
    """Every published table as sorted JSON rows, without the lineage columns."""
    tables = {}
    for table in TABLES:
        frame = pd.read_parquet(out / "parquet" / table)
        rows = frame.drop(columns=[c for c in frame.columns if c in LINEAGE]).to_dict("records")
        tables[table] = sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
    return tables


@pytest.fixture(scope="module")
def local_tables(prefect_harness, raw, tmp_path_factory) -> dict[str, list[str]]:
    from flows.export_pages import with_runner

    out = tmp_path_factory.mktemp("local") / "out"
    report = with_runner("local", workers=2)(raw_dir=str(raw), out_dir=str(out))
    assert report["published"] and report["extracted"] == len(list(raw.iterdir()))
    return _tables(out)


def _count_loads() -> None:
    """On a worker: count the model loads and page extractions of this process."""
    import pagefacts.nlp
    import pagefacts.pipeline

    pagefacts.nlp.LOADS_SEEN = 0
    pagefacts.pipeline.EXTRACTS_SEEN = 0
    load, extract = pagefacts.nlp._load, pagefacts.pipeline.extract

    def counted_load(*args, **kwargs):
        pagefacts.nlp.LOADS_SEEN += 1
        return load(*args, **kwargs)

    def counted_extract(*args, **kwargs):
        pagefacts.pipeline.EXTRACTS_SEEN += 1
        return extract(*args, **kwargs)

    pagefacts.nlp._load = counted_load
    pagefacts.pipeline.extract = counted_extract


def _has_heartbeat_filter() -> bool:
    import logging

    from pagefacts.quiet import DaskHeartbeatClosedFilter

    filters = logging.getLogger("distributed.worker").filters
    return any(isinstance(f, DaskHeartbeatClosedFilter) for f in filters)


def _counts() -> tuple[int, int, int]:
    import pagefacts.nlp
    import pagefacts.pipeline

    return os.getpid(), pagefacts.nlp.LOADS_SEEN, pagefacts.pipeline.EXTRACTS_SEEN


def test_dask_cluster_gives_the_local_tables_and_loads_the_model_once_per_worker(
    prefect_harness, raw, local_tables, tmp_path, capfd
) -> None:
    from dask.distributed import Client, LocalCluster

    from flows.export_pages import with_runner
    from flows.server import shared_api

    out = tmp_path / "out"
    capfd.readouterr()
    # Close order: the flow (its runner's client) first, then our client, then the cluster.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, preload=[DASK_PRELOAD]) as cluster, \
            Client(cluster) as client:
        assert all(client.run(_has_heartbeat_filter).values())  # the preload ran there
        client.run(_count_loads)
        with shared_api():
            report = with_runner("dask", dask_address=cluster.scheduler_address)(
                raw_dir=str(raw), out_dir=str(out))
        counts = client.run(_counts)
    printed = capfd.readouterr()
    assert report["published"] and report["ok"]

    pages = len(list(raw.iterdir()))
    pids = {pid for pid, _, _ in counts.values()}
    assert len(pids) == 2 and os.getpid() not in pids  # two worker processes, not this one
    assert sum(extracts for _, _, extracts in counts.values()) == pages
    for _, loads, extracts in counts.values():
        assert loads == (1 if extracts else 0)  # once per worker process, never per page

    assert _tables(out) == local_tables
    terminal = printed.out + printed.err
    assert not [w for w in NOISE if w in terminal], terminal[-3000:]


def test_cli_dask_run_is_clean_and_gives_the_local_tables(raw, local_tables, tmp_path) -> None:
    """The user's experience: no PREFECT_API_URL, a local cluster, the temporary server."""
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(REPO_ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "pagefacts.cli", "run", "--raw", str(raw), "--out", str(out),
         "--task-runner", "dask", "--workers", "2"],
        env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600,
    )
    terminal = done.stdout + done.stderr
    assert done.returncode == 0, terminal[-3000:]
    assert not [w for w in NOISE if w in terminal], terminal[-3000:]
    assert "Creating a new Dask cluster" in terminal  # it really ran on Dask
    assert terminal.count("Starting temporary server") == 1  # one server for every process
    assert _tables(out) == local_tables


def _emit(logger_name: str, level: int, exc: BaseException,
          message: str = "Batched Comm Closed %r", logger_level: int = 10) -> str:
    """Log ``exc`` with its traceback through ``logger_name``; return what a handler printed."""
    import io
    import logging

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logger_level)
    try:
        try:
            raise exc
        except BaseException:
            logger.log(level, message, "<TCP (closed)>", exc_info=True)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    return stream.getvalue()


def test_closed_connection_tracebacks_at_info_lose_only_their_traceback() -> None:
    import logging

    from distributed.comm.core import CommClosedError

    from pagefacts.quiet import install_dask_filter

    install_dask_filter()
    install_dask_filter()  # idempotent
    assert len(logging.getLogger("distributed.batched").filters) >= 1
    quiet = _emit("distributed.batched", logging.INFO, CommClosedError())
    assert quiet.strip() == "Batched Comm Closed '<TCP (closed)>'"  # the line, no traceback
    loud = _emit("distributed.batched", logging.WARNING, CommClosedError())
    assert "Traceback" in loud and "CommClosedError" in loud  # warnings keep theirs
    other = _emit("distributed.batched", logging.INFO, ValueError("real"))
    assert "Traceback" in other and "ValueError: real" in other  # other errors keep theirs


def test_a_heartbeat_on_a_closed_connection_is_info_on_our_workers() -> None:
    import logging

    from distributed.comm.core import CommClosedError

    from pagefacts.quiet import DASK_HEARTBEAT_FAILED, dask_setup

    worker = logging.getLogger("distributed.worker")
    saved = list(worker.filters)
    try:
        dask_setup(object())
        dask_setup(object())  # idempotent
        message = DASK_HEARTBEAT_FAILED + ". %s"
        # at WARNING (what a LocalCluster's workers show) it is not shown at all...
        assert _emit("distributed.worker", logging.ERROR, CommClosedError(), message,
                     logger_level=logging.WARNING) == ""
        # ...at DEBUG it shows, as an INFO line without the traceback
        shown = _emit("distributed.worker", logging.ERROR, CommClosedError(), message)
        assert shown.startswith(DASK_HEARTBEAT_FAILED) and "Traceback" not in shown
        other = _emit("distributed.worker", logging.ERROR, OSError("disk full"), message)
        assert "Traceback" in other and "disk full" in other
        unrelated = _emit("distributed.worker", logging.ERROR, CommClosedError(), "Other %s")
        assert "Traceback" in unrelated
    finally:
        worker.filters[:] = saved
