"""End to end: the export_pages flow under prefect_test_harness, and what it publishes."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from conftest import LSE_PAGE, RAW_DIR

from pagefacts.validate import TABLES

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture(scope="module")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


def _raw_with_bad_pages(root: Path) -> Path:
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / LSE_PAGE, raw / LSE_PAGE)
    (raw / "empty.txt").write_text("   \n\n", "utf-8")
    (raw / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (raw / "page.html").write_text("<html><body>hi</body></html>", "utf-8")
    (raw / "- odd name é.txt").write_text(
        "A Small Test Page\n\nBy Jane Roe\n\nMarch 3rd, 2024\n\n"
        "“We will not stop,” Jane Roe said of the work.[1]\n\nNotes\n\n"
        "[1] Jane Roe, ‘A Report on Work’, The Review, 2023.\n", "utf-8")
    return raw


def _run(raw: Path, out: Path, **kwargs):
    from flows.export_pages import with_runner

    return with_runner("local", workers=kwargs.pop("workers", 1))(
        raw_dir=str(raw), out_dir=str(out), **kwargs)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("e2e")
    raw = _raw_with_bad_pages(root)
    out = root / "output"
    report = _run(raw, out)
    return raw, out, report


def test_flow_publishes_good_pages_and_rejects_bad_ones(published) -> None:
    _raw, out, report = published
    assert report["published"] and report["extracted"] == 5
    assert not report["ok"]  # three bad pages were rejected
    rejects = pd.read_parquet(out / "parquet" / "rejects")
    reasons = dict(zip(rejects["source_path"], rejects["reason"], strict=True))
    assert reasons == {"empty.txt": "empty", "binary.txt": "binary",
                       "page.html": "unsupported-type"}
    assert all(len(errors) >= 1 for errors in rejects["errors"])
    documents = pd.read_parquet(out / "parquet" / "documents")
    assert sorted(documents["source_path"]) == ["- odd name é.txt", LSE_PAGE]


def test_lse_document_row(published) -> None:
    _raw, out, _ = published
    documents = pd.read_parquet(out / "parquet" / "documents")
    row = documents.set_index("source_path").loc[LSE_PAGE]
    assert row["title"] == "Comrades Putin and Xi"
    assert list(row["authors"]) == ["Michael Cox"]
    assert row["date_published"] == date(2021, 4, 13)
    assert list(row["categories"]) == ["Diplomacy"]
    assert row["reading_time_minutes"] == 12
    assert list(row["headings"]) == ["Beyond convenient?", "The sceptics", "New consensus?",
                                     "Denying the obvious?"]
    assert row["note_count"] == 22 and row["quotation_count"] > 30


def test_every_table_is_written_with_real_types(published) -> None:
    _raw, out, _ = published
    for table in TABLES:
        files = list((out / "parquet" / table).glob("*.parquet"))
        assert files, table
    schema = ds.dataset(out / "parquet" / "documents", format="parquet").schema
    assert schema.field("date_published").type == pa.date32()
    assert schema.field("extracted_at").type == pa.timestamp("us", tz="UTC")
    assert pa.types.is_list(schema.field("authors").type)
    credits = schema.field("image_credits").type
    assert pa.types.is_list(credits) and pa.types.is_struct(credits.value_type)
    meta = schema.metadata
    assert b"https://pagefacts.org/schemas/document.schema.json" in b"".join(meta.values())
    citations = ds.dataset(out / "parquet" / "citations", format="parquet").schema
    assert pa.types.is_struct(citations.field("author").type.value_type)


def test_duckdb_answers_analyst_questions(published) -> None:
    _raw, out, _ = published
    con = duckdb.connect()
    glob = str(out / "parquet")
    n = con.execute(f"select count(*) from read_parquet('{glob}/citations/*.parquet')").fetchone()
    assert n[0] >= 22
    top = con.execute(
        f"select speaker, count(*) c from read_parquet('{glob}/quotes/*.parquet') "
        "where is_quotation and speaker is not null group by 1 order by c desc limit 3"
    ).fetchall()
    assert top and top[0][1] >= 2
    kinds = {k for (k,) in con.execute(
        f"select distinct type from read_parquet('{glob}/entities/*.parquet')").fetchall()}
    assert {"PERSON", "ORG", "GPE"} <= kinds


def test_jsonld_expands_and_parses_offline(published) -> None:
    from pyld import jsonld
    from rdflib import Graph

    from pagefacts.jsonld import local_document_loader

    _raw, out, _ = published
    files = sorted((out / "jsonld").glob("*.jsonld"))
    assert len(files) == 2
    sizes = []
    for path in files:
        doc = json.loads(path.read_text("utf-8"))
        expanded = jsonld.expand(doc, {"documentLoader": local_document_loader()})
        assert expanded
        graph = Graph().parse(data=jsonld.to_rdf(
            doc, {"format": "application/n-quads", "documentLoader": local_document_loader()}),
            format="nquads")
        sizes.append(len(graph))
    assert min(sizes) > 10 and max(sizes) > 500  # the LSE page: citations, quotes, mentions
    catalog = json.loads((out / "catalog.jsonld").read_text("utf-8"))
    assert jsonld.expand(catalog, {"documentLoader": local_document_loader()})


def test_csl_files_exist_for_pages_with_notes(published) -> None:
    _raw, out, _ = published
    items = []
    for path in (out / "csl").glob("*.json"):
        items.extend(json.loads(path.read_text("utf-8")))
    assert any(item.get("type") == "book" for item in items)


def test_incremental_runs(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / LSE_PAGE, raw / LSE_PAGE)
    (raw / "b.txt").write_text("A Note On Things\n\nBy Sam Poe\n\n“Things change,” Poe said.\n",
                               "utf-8")
    out = tmp_path / "out"
    first = _run(raw, out)
    assert first["extracted"] == 2 and first["published"]
    again = _run(raw, out)
    assert again["extracted"] == 0 and not again["published"] and again["unchanged"] == 2
    (raw / "b.txt").write_text("A Note On Things\n\nBy Sam Poe\n\n“Things stay,” Poe said.\n",
                               "utf-8")
    changed = _run(raw, out)
    assert changed["extracted"] == 1 and changed["unchanged"] == 1
    quotes = pd.read_parquet(out / "parquet" / "quotes")
    texts = " | ".join(quotes["text"])
    assert "Things stay" in texts and "Things change" not in texts
    (raw / "b.txt").unlink()
    removed = _run(raw, out)
    assert removed["removed"] == 1
    documents = pd.read_parquet(out / "parquet" / "documents")
    assert list(documents["source_path"]) == [LSE_PAGE]
    mentions = pd.read_parquet(out / "parquet" / "mentions")
    assert set(mentions["document_id"]) == set(documents["document_id"])


def test_pool_of_two_workers_gives_the_same_tables(published, tmp_path: Path) -> None:
    raw, out, _ = published
    report = _run(raw, tmp_path / "out2", workers=2)
    assert report["extracted"] == 5
    for table in ("documents", "citations", "quotes", "mentions"):
        a = pd.read_parquet(out / "parquet" / table)
        b = pd.read_parquet(tmp_path / "out2" / "parquet" / table)
        drop = [c for c in ("run_id", "extracted_at") if c in a.columns]
        assert a.drop(columns=drop).to_json() == b.drop(columns=drop).to_json(), table
