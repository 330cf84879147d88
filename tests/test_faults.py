"""Faults: a real ``kill -9`` of an export process while it publishes or extracts leaves the
previous output complete and readable and the next run completes and cleans up; a run that died
after caching pages never publishes stale cache entries; transient I/O errors are retried by
Prefect with backoff, permanent ones end as ``transient-io`` rejects.

(The publish step alone is killed at every phase in test_publish.py; here the whole export
process is killed.)
"""

from __future__ import annotations

import builtins
import errno
import itertools
import json
import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pagefacts.export import export
from pagefacts.publish import GENERATIONS
from pagefacts.settings import Settings
from pagefacts.state import STATE_DIR
from pagefacts.validate import TABLES

REPO = Path(__file__).resolve().parent.parent


def _page(title: str, speaker: str, words: str) -> str:
    return (
        f"{title}\n\nBy {speaker}\n\nMarch 3rd, 2024\n\n“{words},” said {speaker} in London.[1] "
        f"The Ministry of Works agreed.\n\nNotes\n\n[1] {speaker}, ‘A Report on Work’, "
        "The Review, 2023.\n"
    )


def _write_pages(raw: Path, pages: dict[str, str]) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (raw / name).write_text(text, "utf-8")


def _snapshot(out: Path) -> dict[str, Any]:
    """What a reader sees: every table (read by pandas), the run id, the JSON-LD files."""
    current = Path(os.path.realpath(out / "current"))
    tables = {name: pd.read_parquet(current / "parquet" / name) for name in TABLES}
    run_ids = {
        pq.read_schema(next((current / "parquet" / name).glob("*.parquet")))
        .metadata[b"pagefacts.run_id"].decode()
        for name in TABLES
    }
    jsonld = {p.name: json.loads(p.read_text("utf-8")) for p in (current / "jsonld").glob("*")}
    catalog = json.loads((current / "catalog.jsonld").read_text("utf-8"))
    return {
        "generation": current.name, "run_ids": run_ids, "jsonld": sorted(jsonld),
        "rows": {name: len(frame) for name, frame in tables.items()}, "catalog": bool(catalog),
        "quotes": sorted(tables["quotes"]["text"]),
    }


def _leftovers(out: Path) -> list[str]:
    """Temporary files and folders anywhere in the output (state included)."""
    return sorted(
        str(path.relative_to(out)) for path in out.rglob("*")
        if path.name.startswith((".tmp-", ".staging-", ".trash-"))
    )


# -- kill -9 of a whole export ------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys, time
    import pagefacts.pipeline as pipeline
    import pagefacts.publish as publish
    from pagefacts.export import export
    from pagefacts.settings import Settings

    raw, out, mode = sys.argv[1:4]
    if mode == "publish":  # slow publishing down so that the parent can kill it half-way
        real_write = publish._write_file
        def slow_write(path, write):
            print("writing", path.name, flush=True)
            time.sleep(0.05)
            return real_write(path, write)
        publish._write_file = slow_write
    elif mode == "extract":  # say when each page starts extracting, and take a while
        real_extract = pipeline.extract
        def slow_extract(page, settings, *, run_id):
            print("extracting", page.source_path, flush=True)
            time.sleep(0.3)
            return real_extract(page, settings, run_id=run_id)
        pipeline.extract = slow_extract
    report = export(Settings(raw_dir=raw, out_dir=out))
    print("done", report.published, flush=True)
    """
)


def _kill_export(tmp_path: Path, raw: Path, out: Path, mode: str, kill_on: str,
                 nth: int) -> list[str]:
    """Run an export in a child process and SIGKILL it when it prints ``kill_on`` the
    ``nth`` time. Returns what it printed; fails if it finished first."""
    script = tmp_path / "child.py"
    script.write_text(CHILD, "utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(raw), str(out), mode], cwd=REPO,
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line.strip())
            if sum(1 for seen in lines if seen.startswith(kill_on)) == nth:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL, lines
    assert not any(line.startswith("done") for line in lines)
    return lines


@pytest.fixture
def published(tmp_path: Path) -> Iterator[tuple[Path, Path, dict[str, Any]]]:
    """A first complete run over two pages, then a raw directory changed for the next run."""
    raw, out = tmp_path / "raw", tmp_path / "output"
    _write_pages(raw, {
        "a.txt": _page("Alpha Matters", "Ann Lee", "Alpha one"),
        "b.txt": _page("Beta Matters", "Bo Chan", "Beta one"),
    })
    report = export(Settings(raw_dir=str(raw), out_dir=str(out)))
    assert report.published and report.rejects == 0
    before = _snapshot(out)
    _write_pages(raw, {
        "a.txt": _page("Alpha Matters", "Ann Lee", "Alpha two"),
        **{f"c{i}.txt": _page(f"Gamma {i} Matters", "Cy Moss", f"Gamma {i}") for i in range(4)},
    })
    yield raw, out, before


def _next_run_recovers(raw: Path, out: Path, before: dict[str, Any]) -> None:
    report = export(Settings(raw_dir=str(raw), out_dir=str(out)))
    assert report.published and report.rejects == 0
    after = _snapshot(out)
    assert after["rows"]["documents"] == 6
    assert "Alpha two," in after["quotes"] and "Alpha one," not in after["quotes"]
    assert after["run_ids"] == {report.run_id}
    assert _leftovers(out) == []
    assert len(list((out / GENERATIONS).iterdir())) <= 2
    assert before["generation"] != after["generation"]


def test_kill_9_while_publishing_keeps_the_previous_output(
    tmp_path: Path, published: tuple[Path, Path, dict[str, Any]]
) -> None:
    raw, out, before = published
    # pages stream into the new generation: the 4th file is mid-generation
    lines = _kill_export(tmp_path, raw, out, "publish", "writing", nth=4)
    assert lines[-1].startswith("writing")
    assert _snapshot(out) == before  # same generation, run, rows, files; every table readable
    assert any(".staging-" in entry for entry in _leftovers(out))  # it really died half-way
    _next_run_recovers(raw, out, before)


def test_kill_9_while_extracting_keeps_the_previous_output(
    tmp_path: Path, published: tuple[Path, Path, dict[str, Any]]
) -> None:
    raw, out, before = published
    _kill_export(tmp_path, raw, out, "extract", "extracting", nth=3)
    assert _snapshot(out) == before
    stray = out / STATE_DIR / "pages" / ".tmp-crashed-write"  # as a kill inside a cache write
    stray.write_bytes(b'{"sha256": ')
    _next_run_recovers(raw, out, before)


def test_a_run_that_died_after_caching_never_publishes_stale_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run caches a.txt's new records, then dies before publishing; a.txt is put back as it
    was. The next run must publish what a.txt says now, not the dead run's cache."""
    import pagefacts.export

    raw, out = tmp_path / "raw", tmp_path / "output"
    settings = Settings(raw_dir=str(raw), out_dir=str(out))
    original = _page("Alpha Matters", "Ann Lee", "Alpha one")
    _write_pages(raw, {"a.txt": original, "b.txt": _page("Beta Matters", "Bo Chan", "Beta one")})
    export(settings)
    _write_pages(raw, {"a.txt": _page("Alpha Matters", "Ann Lee", "Alpha two")})

    def die(*args: Any, **kwargs: Any) -> None:
        raise SystemExit("killed before publishing")

    with monkeypatch.context() as mp:
        mp.setattr(pagefacts.export, "publish_results", die)
        with pytest.raises(SystemExit):
            export(settings)
    _write_pages(raw, {"a.txt": original, "b.txt": _page("Beta Matters", "Bo Chan", "Beta two")})
    report = export(settings)
    assert report.extracted == 2  # a.txt's cache is newer than what was published: redone
    quotes = _snapshot(out)["quotes"]
    assert "Alpha one," in quotes and "Alpha two," not in quotes
    assert "Beta two," in quotes


CONCURRENT = textwrap.dedent(
    """
    import sys
    from pagefacts.export import export
    from pagefacts.settings import Settings
    report = export(Settings(raw_dir=sys.argv[1], out_dir=sys.argv[2]))
    print(report.run_id, report.extracted, report.published, flush=True)
    """
)


def test_concurrent_exports_to_one_output_do_not_interleave(tmp_path: Path) -> None:
    """Two export processes on the same output: the second waits for the first's lock, then
    finds nothing to do; the output is one complete generation, with no leftovers."""
    raw, out = tmp_path / "raw", tmp_path / "output"
    _write_pages(raw, {f"p{i}.txt": _page(f"Page {i} Matters", "Ann Lee", f"Page {i}")
                       for i in range(6)})
    script = tmp_path / "export_child.py"  # not concurrent.py: that shadows the stdlib
    script.write_text(CONCURRENT, "utf-8")
    procs = [
        subprocess.Popen([sys.executable, str(script), str(raw), str(out)], cwd=REPO,
                         stdout=subprocess.PIPE, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
        for _ in range(2)
    ]
    results = []
    for proc in procs:
        stdout, _ = proc.communicate(timeout=180)
        assert proc.returncode == 0
        run_id, extracted, published = stdout.split()
        results.append((run_id, int(extracted), published == "True"))
    assert sorted((e, p) for _, e, p in results) == [(0, False), (6, True)]
    snapshot = _snapshot(out)
    assert snapshot["rows"]["documents"] == 6 and len(snapshot["jsonld"]) == 6
    assert snapshot["run_ids"] == {next(r for r, e, _ in results if e)}
    assert _leftovers(out) == []


# -- transient I/O errors ----------------------------------------------------------------------


@contextmanager
def flaky_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Reading a page (ingest's ``open``) fails with EIO: ``flaky.txt`` twice, then works;
    ``dead.txt`` always. Hashing (``Path.open``) is left alone. Counts the attempts."""
    attempts: Counter[str] = Counter()
    failures = {"flaky.txt": 2, "dead.txt": 10**9}
    real_open = builtins.open

    def hooked(file: Any, *args: Any, **kwargs: Any) -> Any:
        name = Path(os.fsdecode(file)).name if isinstance(file, str | os.PathLike) else ""
        if name in failures:
            attempts[name] += 1
            if attempts[name] <= failures[name]:
                raise OSError(errno.EIO, os.strerror(errno.EIO), os.fsdecode(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", hooked)
    yield attempts


@pytest.fixture
def flaky_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    with flaky_open(monkeypatch) as attempts:
        yield attempts


def _flaky_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    _write_pages(raw, {
        "flaky.txt": _page("Flaky Matters", "Ann Lee", "Flaky one"),
        "dead.txt": _page("Dead Matters", "Bo Chan", "Dead one"),
        "fine.txt": _page("Fine Matters", "Cy Moss", "Fine one"),
    })
    return raw


def test_library_path_rejects_transient_errors_and_retries_them_next_run(
    tmp_path: Path, flaky_reads: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an orchestrator there is no retry inside a run: the page is a transient-io
    reject, never cached as done, and read again by the next run."""
    raw = _flaky_raw(tmp_path)
    settings = Settings(raw_dir=str(raw), out_dir=str(tmp_path / "out"))
    first = export(settings)
    rejects = pd.read_parquet(tmp_path / "out" / "parquet" / "rejects")
    assert dict(zip(rejects["source_path"], rejects["reason"], strict=True)) == {
        "flaky.txt": "transient-io", "dead.txt": "transient-io"}
    assert first.rejects == 2 and first.table_rows["documents"] == 1
    second = export(settings)  # flaky.txt fails once more, dead.txt still
    third = export(settings)
    assert third.extracted == 2 and third.unchanged == 1  # fine.txt was cached; the others not
    documents = pd.read_parquet(tmp_path / "out" / "parquet" / "documents")
    assert sorted(documents["source_path"]) == ["fine.txt", "flaky.txt"]
    assert second.rejects == 2 and third.rejects == 1
    assert flaky_reads["flaky.txt"] == 3


@pytest.fixture(scope="module")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


def test_ingest_retries_back_off() -> None:
    import flows.export_pages as flow_module

    task = flow_module.ingest_task
    delays = flow_module.INGEST_RETRY_DELAYS
    assert task.retries == len(delays) >= 2
    assert list(task.retry_delay_seconds) == delays
    assert all(a < b for a, b in itertools.pairwise(delays))  # growing: backoff


@pytest.fixture(scope="module")
def flaky_flow_run(
    prefect_harness: None, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The export flow over flaky.txt, dead.txt and fine.txt, with retries that do not wait."""
    import flows.export_pages as flow_module

    tmp_path = tmp_path_factory.mktemp("flaky-flow")
    raw = _flaky_raw(tmp_path)
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as mp, flaky_open(mp) as attempts:
        # Same task, same retry rule, no waiting (the flow looks the task up when it runs).
        mp.setattr(flow_module, "ingest_task",
                   flow_module.ingest_task.with_options(retry_delay_seconds=[0, 0, 0]))
        report = flow_module.with_runner("local", workers=1)(raw_dir=str(raw), out_dir=str(out))
    return {"report": report, "attempts": attempts, "out": out,
            "tries": 1 + len(flow_module.INGEST_RETRY_DELAYS)}


def test_flow_retries_transient_errors_and_rejects_permanent_ones(
    flaky_flow_run: dict[str, Any],
) -> None:
    attempts, out, report = flaky_flow_run["attempts"], flaky_flow_run["out"], \
        flaky_flow_run["report"]
    assert attempts["flaky.txt"] == 3  # two failures, then read
    assert attempts["dead.txt"] == flaky_flow_run["tries"]  # first try and every retry
    documents = pd.read_parquet(out / "parquet" / "documents")
    assert sorted(documents["source_path"]) == ["fine.txt", "flaky.txt"]
    assert report["published"] and report["rejects"] == 1
    rejects = pd.read_parquet(out / "parquet" / "rejects")
    assert list(rejects["source_path"]) == ["dead.txt"]
    assert list(rejects["stage"]) == ["ingest"]


def test_flow_permanent_io_error_is_a_transient_io_reject(flaky_flow_run: dict[str, Any]) -> None:
    rejects = pd.read_parquet(flaky_flow_run["out"] / "parquet" / "rejects")
    assert list(rejects["reason"]) == ["transient-io"], list(rejects["message"])
    assert "Input/output error" in rejects["message"][0]
