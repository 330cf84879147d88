"""Atomic publishing: readable Parquet, a generation swap readers never see half-done,
crash safety (including a real kill -9), cleanup, locking and safe paths."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import pagefacts
from pagefacts import publish as publish_module
from pagefacts.errors import PublishError
from pagefacts.publish import GENERATIONS, LINKS, output_lock, publish
from pagefacts.settings import Settings
from pagefacts.validate import TABLES, SchemaStore, make_reject

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
SETTINGS = Settings(base_url="https://data.example.org/pf/")


def _schema(kind: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://pagefacts.org/schemas/{kind}.schema.json",
        "title": kind,
        "description": f"Test records of kind {kind}.",
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


DOC_ID = {"$ref": "common.schema.json#/$defs/document_id", "description": "The page."}
DOCUMENT_PROPERTIES = {
    "document_id": DOC_ID,
    "title": {"description": "Title.", "type": ["string", "null"]},
    "authors": {"description": "Authors.", "type": "array", "items": {"type": "string"}},
    "date_published": {"description": "Date.", "type": ["string", "null"], "format": "date"},
    "extracted_at": {"description": "When.", "type": "string", "format": "date-time"},
    "word_count": {"description": "Words.", "type": "integer"},
    "findings": {
        "description": "Findings.",
        "type": "array",
        "items": {"$ref": "common.schema.json#/$defs/finding"},
    },
}


@pytest.fixture(scope="module")
def schemas_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small stand-in schemas for every table (the real reject and common schemas)."""
    folder = tmp_path_factory.mktemp("schemas")
    shutil.copy(SCHEMAS / "common.schema.json", folder)
    shutil.copy(SCHEMAS / "reject.schema.json", folder)
    for kind in set(TABLES.values()) - {"reject"}:
        properties = DOCUMENT_PROPERTIES if kind == "document" else {
            "document_id": DOC_ID,
            "n": {"description": "A number.", "type": "integer"},
        }
        (folder / f"{kind}.schema.json").write_text(json.dumps(_schema(kind, properties)))
    return folder


@pytest.fixture(scope="module")
def store(schemas_dir: Path) -> SchemaStore:
    return SchemaStore(schemas_dir)


def _document(i: int) -> dict[str, Any]:
    return {
        "document_id": f"page-{i:04d}",
        "title": f"Page {i} </script>",
        "authors": ["Ann Author", "Bob Writer"][: 1 + i % 2],
        "date_published": "2021-04-13" if i % 3 else None,
        "extracted_at": "2024-05-01T12:00:00+00:00",
        "word_count": 100 + i,
        "findings": [
            {"stage": "citations", "kind": "missing-note", "message": "note 20 is missing",
             "start": None, "end": None, "note_number": 20}
        ],
    }


def _inputs(run_id: str, n: int) -> dict[str, Any]:
    docs = [_document(i) for i in range(n)]
    ids = [d["document_id"] for d in docs]
    return {
        "tables": {
            "documents": docs,
            "citations": [{"document_id": i, "n": k} for k, i in enumerate(ids)],
            "rejects": [
                make_reject(run_id=run_id, stage="ingest", reason="empty-page",
                            message="the page is empty", source_path="empty.txt")
            ],
        },
        "jsonld_docs": {i: {"@context": "https://schema.org", "@type": "Article",
                            "headline": f"{i} <b>"} for i in ids},
        "csl_docs": {i: [{"id": f"{i}-1", "type": "book", "title": "A book"}] for i in ids},
    }


def _publish(out: Path, store: SchemaStore, run_id: str, n: int = 3, **kw: Any):
    return publish(out, store=store, run_id=run_id, settings=SETTINGS, **_inputs(run_id, n), **kw)


def _current_run(out: Path) -> str:
    """Check the visible output is ONE complete generation and return its run id."""
    runs = set()
    for table in TABLES:
        meta = pq.read_schema(next((out / "parquet" / table).glob("*.parquet"))).metadata
        runs.add(meta[b"pagefacts.run_id"].decode())
    catalog = json.loads((out / "catalog.jsonld").read_text(encoding="utf-8"))
    runs.add(catalog["schema:version"])
    assert len(runs) == 1, f"a mix of generations is visible: {runs}"
    documents = pq.read_table(out / "parquet" / "documents")
    assert len(list((out / "jsonld").glob("*.jsonld"))) == documents.num_rows
    assert len(list((out / "csl").glob("*.json"))) == documents.num_rows
    for path in (out / "jsonld").glob("*.jsonld"):
        json.loads(path.read_text(encoding="utf-8"))
    return runs.pop()


def _leftovers(out: Path) -> list[str]:
    names = [p.name for p in (out / GENERATIONS).iterdir()] + [p.name for p in out.iterdir()]
    return [n for n in names if n.startswith((".staging-", ".trash-", ".tmp-"))]


# -- layout and readers -----------------------------------------------------------------------


def test_layout_is_symlinked_through_current(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    report = _publish(out, store, "run-1")
    assert os.readlink(out / "current") == f"{GENERATIONS}/run-1"
    for name in LINKS:
        assert (out / name).is_symlink() and os.readlink(out / name) == f"current/{name}"
    assert report.generation == out / GENERATIONS / "run-1"
    assert set(report.tables) == set(TABLES) and report.missing_schemas == []
    for table in TABLES:
        assert (out / "parquet" / table / "part-0.parquet").is_file()
    assert report.tables["documents"].row_count == 3
    assert report.tables["quotes"].row_count == 0
    assert _current_run(out) == "run-1"


def test_parquet_types_in_pyarrow_pandas_and_duckdb(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    _publish(out, store, "run-types", n=4)
    dataset = ds.dataset(out / "parquet" / "documents", format="parquet")
    schema = dataset.schema
    assert schema.field("date_published").type == pa.date32()
    assert schema.field("extracted_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("authors").type == pa.list_(pa.field("element", pa.string(), False))
    findings = schema.field("findings").type
    assert pa.types.is_list(findings) and pa.types.is_struct(findings.value_type)
    assert dataset.to_table().num_rows == 4

    frame = pd.read_parquet(out / "parquet" / "documents")
    assert len(frame) == 4
    assert str(frame["extracted_at"].dtype) == "datetime64[us, UTC]"
    assert frame.loc[1, "authors"].tolist() == ["Ann Author", "Bob Writer"]
    assert frame.loc[0, "findings"][0]["note_number"] == 20

    con = duckdb.connect()
    glob = str(out / "parquet" / "documents" / "*.parquet")
    described = {row[0]: row[1] for row in con.execute(
        f"DESCRIBE SELECT * FROM read_parquet('{glob}')").fetchall()}
    assert described["date_published"] == "DATE"
    assert described["extracted_at"] == "TIMESTAMP WITH TIME ZONE"
    assert described["authors"] == "VARCHAR[]"
    assert described["findings"].startswith("STRUCT(") and described["findings"].endswith("[]")
    assert described["word_count"] == "BIGINT"
    nulls = con.execute(
        f"SELECT count(*) FROM read_parquet('{glob}') WHERE date_published IS NULL"
    ).fetchone()
    assert nulls == (2,)  # pages 0 and 3
    # empty tables are readable with their schema
    empty = str(out / "parquet" / "quotes" / "*.parquet")
    assert con.execute(f"SELECT count(*) FROM read_parquet('{empty}')").fetchone() == (0,)
    assert pd.read_parquet(out / "parquet" / "quotes").columns.tolist() == ["document_id", "n"]


def test_parquet_metadata_and_compression(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    report = _publish(out, store, "run-meta")
    parquet_file = pq.ParquetFile(out / "parquet" / "documents" / "part-0.parquet")
    meta = parquet_file.schema_arrow.metadata
    assert meta[b"pagefacts.schema_id"] == b"https://pagefacts.org/schemas/document.schema.json"
    assert meta[b"pagefacts.version"] == pagefacts.__version__.encode()
    assert meta[b"pagefacts.run_id"] == b"run-meta"
    assert parquet_file.metadata.row_group(0).column(0).compression == "ZSTD"
    field = parquet_file.schema_arrow.field("title")
    assert field.metadata[b"description"] == b"Title."
    catalog = json.loads((out / "catalog.jsonld").read_text(encoding="utf-8"))
    sizes = {d["dct:identifier"]: d["dcat:distribution"][0]["dcat:byteSize"]
             for d in catalog["dcat:dataset"]}
    assert sizes == {name: info.byte_size for name, info in report.tables.items()}
    assert sizes["documents"] == (out / "parquet/documents/part-0.parquet").stat().st_size
    text = (out / "jsonld" / "page-0001.jsonld").read_text(encoding="utf-8")
    assert "<" not in text and json.loads(text)["headline"] == "page-0001 <b>"
    assert json.loads((out / "csl" / "page-0001.json").read_text())[0]["title"] == "A book"


def test_real_schemas_publish_every_table_they_define(tmp_path: Path) -> None:
    store = SchemaStore(SCHEMAS)
    report = publish(tmp_path / "out", tables={}, jsonld_docs={}, csl_docs={}, store=store,
                     run_id="empty", settings=SETTINGS)
    expected = {t for t, kind in TABLES.items() if kind in store.kinds}
    assert set(report.tables) == expected and "rejects" in expected
    assert set(report.missing_schemas) == set(TABLES) - expected
    for table in expected:
        assert pd.read_parquet(tmp_path / "out" / "parquet" / table).empty


# -- generations ------------------------------------------------------------------------------


def test_generations_swap_and_the_previous_one_is_kept(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    for i, run in enumerate(["r1", "r2", "r3"], start=1):
        report = _publish(out, store, run, n=i)
        assert _current_run(out) == run
        assert pq.read_table(out / "parquet" / "documents").num_rows == i
    assert report.previous == "r2"
    assert report.removed == [f"{GENERATIONS}/r1"]
    assert sorted(p.name for p in (out / GENERATIONS).iterdir()) == ["r2", "r3"]


def test_same_run_id_twice_gets_a_new_generation(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    _publish(out, store, "2024-05-01T12:00:00Z/run")
    report = _publish(out, store, "2024-05-01T12:00:00Z/run", n=5)
    assert report.generation.name == "2024-05-01T12-00-00Z-run-2"  # a safe folder name
    assert pq.read_table(out / "parquet" / "documents").num_rows == 5


def test_failed_publish_leaves_the_previous_output(
    tmp_path: Path, store: SchemaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "output"
    _publish(out, store, "good", n=2)
    real_write = pq.ParquetWriter.write_table
    calls = {"n": 0}

    def failing_write(self: Any, *args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real_write(self, *args, **kwargs)

    monkeypatch.setattr(publish_module.pq.ParquetWriter, "write_table", failing_write)
    with pytest.raises(PublishError, match="No space left on device"):
        _publish(out, store, "bad", n=7)
    assert _current_run(out) == "good"
    assert pq.read_table(out / "parquet" / "documents").num_rows == 2
    assert _leftovers(out) == []
    monkeypatch.setattr(publish_module.pq.ParquetWriter, "write_table", real_write)
    _publish(out, store, "next", n=4)
    assert _current_run(out) == "next"


def test_invalid_records_fail_before_anything_changes(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    _publish(out, store, "good")
    inputs = _inputs("bad", 2)
    inputs["tables"]["documents"][1]["word_count"] = None
    with pytest.raises(PublishError, match=r"table documents: \$\[1\]\.word_count: null"):
        publish(out, store=store, run_id="bad", settings=SETTINGS, **inputs)
    assert _current_run(out) == "good"
    with pytest.raises(PublishError, match="unknown table"):
        publish(out, tables={"nope": []}, jsonld_docs={}, csl_docs={}, store=store,
                run_id="x", settings=SETTINGS)


@pytest.mark.parametrize(
    "bad_id", ["../escape", "a/b", ".hidden", "Upper", "", "x\x00y", "/abs", "a" * 300]
)
def test_unsafe_document_ids_are_refused(tmp_path: Path, store: SchemaStore, bad_id: str) -> None:
    out = tmp_path / "output"
    _publish(out, store, "good")
    for field in ("jsonld_docs", "csl_docs"):
        inputs = _inputs("bad", 1)
        inputs[field][bad_id] = {"@context": "https://schema.org"}
        with pytest.raises(PublishError, match="unsafe document id"):
            publish(out, store=store, run_id="bad", settings=SETTINGS, **inputs)
    assert _current_run(out) == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_real_folder_in_the_way_is_refused(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    (out / "parquet" / "documents").mkdir(parents=True)
    with pytest.raises(PublishError, match="is a real folder"):
        _publish(out, store, "r1")
    assert not (out / "current").exists()


def test_leftovers_of_crashed_runs_are_cleaned(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    _publish(out, store, "r1")
    generations = out / GENERATIONS
    (generations / ".staging-abc" / "parquet").mkdir(parents=True)
    (generations / ".trash-old-1-2" / "x").mkdir(parents=True)
    shutil.copytree(generations / "r1", generations / "orphan-complete-run")
    os.symlink(f"{GENERATIONS}/r1", out / ".tmp-current-99-1")
    report = _publish(out, store, "r2")
    assert _leftovers(out) == []
    assert sorted(p.name for p in generations.iterdir()) == ["r1", "r2"]
    assert f"{GENERATIONS}/orphan-complete-run" in report.removed
    assert _current_run(out) == "r2"


# -- locking ----------------------------------------------------------------------------------

HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pagefacts.publish import output_lock
    with output_lock(sys.argv[1], timeout=5):
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def _hold_lock(out: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(out), str(seconds)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_run_waits_then_names_the_holder(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    holder = _hold_lock(out, 30)
    try:
        started = time.monotonic()
        held = rf"holds the lock on .*\(pid {holder.pid}\)"
        with pytest.raises(PublishError, match=held), output_lock(out, timeout=0.3):
            pass
        assert time.monotonic() - started >= 0.3
        with pytest.raises(PublishError, match="another pagefacts run"):
            _publish(out, store, "blocked", lock_timeout=0.2)
    finally:
        holder.kill()
        holder.wait()
    assert not (out / "current").exists()
    _publish(out, store, "after")  # the kernel released the dead holder's lock
    assert _current_run(out) == "after"


def test_publish_waits_for_a_running_holder(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    holder = _hold_lock(out, 0.5)
    try:
        _publish(out, store, "patient", lock_timeout=20)
    finally:
        holder.wait()
    assert _current_run(out) == "patient"


def test_lock_is_reentrant_in_one_process(tmp_path: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    with output_lock(out, timeout=1), output_lock(out, timeout=1):
        _publish(out, store, "inside", lock_timeout=0)
    assert _current_run(out) == "inside"


def test_a_worker_thread_publishes_under_the_flows_lock(
    tmp_path: Path, store: SchemaStore
) -> None:
    """A flow holds the lock in its thread while a task thread publishes (Prefect's model)."""
    out = tmp_path / "output"
    with output_lock(out, timeout=1), ThreadPoolExecutor(1) as pool:
        pool.submit(_publish, out, store, "from-a-task", lock_timeout=2).result()
    assert _current_run(out) == "from-a-task"


def test_concurrent_publishes_in_one_process_do_not_interleave(
    tmp_path: Path, store: SchemaStore
) -> None:
    out = tmp_path / "output"
    runs = [f"thread-{i}" for i in range(4)]
    with ThreadPoolExecutor(4) as pool:
        reports = list(pool.map(lambda run: _publish(out, store, run, n=20), runs))
    assert _current_run(out) in runs
    assert sorted(r.generation.name for r in reports) == runs
    assert _leftovers(out) == []


# -- kill -9 ----------------------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    import pagefacts.publish as p
    from pagefacts.settings import Settings
    from pagefacts.validate import SchemaStore
    sys.path.insert(0, sys.argv[5])
    from test_publish import _inputs

    out, schemas, run_id, kill_at = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    die = lambda: os.kill(os.getpid(), signal.SIGKILL)

    def wrap(name, before=False, after=False, when=lambda *a: True):
        real = getattr(p, name)
        def hooked(*args, **kwargs):
            if before and when(*args):
                die()
            result = real(*args, **kwargs)
            if after and when(*args):
                die()
            return result
        setattr(p, name, hooked)

    if kill_at == "slow":  # killed by the parent at a random moment
        real_write = p._write_file
        def slow(*args, **kwargs):
            time.sleep(0.002)
            return real_write(*args, **kwargs)
        p._write_file = slow
    elif kill_at == "mid-file":  # half-way through writing one file
        real_write = p._write_file
        def dying(path, write):
            def partial(handle):
                if path.name == "page-0100.jsonld":
                    handle.write(b'{"half": ')
                    handle.flush()
                    die()
                write(handle)
            return real_write(path, partial)
        p._write_file = dying
    elif kill_at == "before-rename":
        wrap("_generation_name", before=True)
    elif kill_at == "before-swap":
        wrap("_replace_symlink", before=True, when=lambda link, target: link.name == "current")
    elif kill_at == "after-swap":
        wrap("_replace_symlink", after=True, when=lambda link, target: link.name == "current")
    elif kill_at == "mid-cleanup":
        real_rmtree = p.shutil.rmtree
        p.shutil.rmtree = lambda *a, **k: die()

    store = SchemaStore(schemas)
    print("start", flush=True)
    p.publish(out, store=store, run_id=run_id, settings=Settings(), **_inputs(run_id, 150))
    print("done", flush=True)
    """
)


def _run_child(tmp_path: Path, out: Path, schemas_dir: Path, run_id: str, kill_at: str,
               kill_after: float | None = None) -> tuple[int, float]:
    """Run a publishing child; SIGKILL it ``kill_after`` s after it starts publishing.
    Returns its exit code and how long it published."""
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(out), str(schemas_dir), run_id, kill_at,
         str(Path(__file__).parent)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "start"
    started = time.monotonic()
    if kill_after is not None:
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return proc.returncode, time.monotonic() - started


@pytest.mark.parametrize(
    ("kill_at", "visible"),
    [
        ("mid-file", "old"),
        ("before-rename", "old"),
        ("before-swap", "old"),
        ("after-swap", "new"),
        ("mid-cleanup", "new"),
    ],
)
def test_kill_9_at_each_phase(
    tmp_path: Path, schemas_dir: Path, store: SchemaStore, kill_at: str, visible: str
) -> None:
    out = tmp_path / "output"
    _publish(out, store, "old-1")
    _publish(out, store, "old", n=2)
    code, _ = _run_child(tmp_path, out, schemas_dir, "new", kill_at)
    assert code == -signal.SIGKILL
    assert _current_run(out) == visible
    report = _publish(out, store, "next", n=4)
    assert _current_run(out) == "next"
    assert _leftovers(out) == []
    assert len(list((out / GENERATIONS).iterdir())) == 2
    assert report.previous == visible


def test_kill_9_at_random_moments(tmp_path: Path, schemas_dir: Path, store: SchemaStore) -> None:
    out = tmp_path / "output"
    _publish(out, store, "base", n=2)
    rng = random.Random(20240501)
    code, duration = _run_child(tmp_path, out, schemas_dir, "full", "slow")  # not killed
    assert code == 0
    assert _current_run(out) == "full"
    outcomes = []
    for attempt in range(5):
        before = _current_run(out)
        code, _ = _run_child(
            tmp_path, out, schemas_dir, f"try-{attempt}", "slow", rng.uniform(0, duration)
        )
        visible = _current_run(out)
        assert visible in {before, f"try-{attempt}"}
        outcomes.append((code, visible == before))
    assert any(code == -signal.SIGKILL for code, _ in outcomes), outcomes
    _publish(out, store, "recovered", n=3)
    assert _current_run(out) == "recovered"
    assert _leftovers(out) == []
    assert len(list((out / GENERATIONS).iterdir())) <= 2
