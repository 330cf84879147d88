"""Field accuracy of article metadata on every page with a hand-written gold record.

The gold records (tests/fixtures/pages/gold/) were written by reading each page: the
self-written fixture pages in many site styles and the lent real pages (used in place, skipped
when absent). Pooled exact-match accuracy per field must stay above the gates below; the
benchmark script prints the per-page table (python benchmarks/metadata_accuracy.py --misses).
"""

from __future__ import annotations

import importlib.util
from functools import cache
from types import ModuleType

import pytest
from conftest import REPO_ROOT

from pagefacts.ingest import read_page
from pagefacts.layout import analyse_layout
from pagefacts.metadata import extract_metadata

#: Title, authors and publication date are what a catalogue is searched by: 90 %.
STRICT_FIELDS = {"title": 0.9, "authors": 0.9, "date_published": 0.9}
OTHER_GATE = 0.85


@cache
def bench() -> ModuleType:
    path = REPO_ROOT / "benchmarks" / "metadata_accuracy.py"
    spec = importlib.util.spec_from_file_location("metadata_accuracy", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def results() -> dict:
    return bench().score()


def test_gold_covers_enough_pages() -> None:
    gold = bench().load_gold()
    fixtures = [g for g in gold if g["root"] == "fixtures"]
    assert len(fixtures) >= 14
    for record in gold:
        assert set(bench().FIELDS) <= set(record), record["page"]
        assert set(record.get("_unscored", {})) <= set(bench().FIELDS)


@pytest.mark.parametrize("field", bench().FIELDS)
def test_field_accuracy(field: str) -> None:
    gate = STRICT_FIELDS.get(field, OTHER_GATE)
    rows = results()
    marks = {page: row[field] for page, row in rows.items() if field in row}
    accuracy = sum(m[0] for m in marks.values()) / len(marks)
    misses = {page: (m[1], m[2]) for page, m in marks.items() if not m[0]}
    assert accuracy >= gate, misses


def test_nothing_invented_where_the_gold_is_empty() -> None:
    """A field the page does not show stays null/empty on every page (no invention)."""
    invented = [
        (page, field, found)
        for page, row in results().items()
        for field, (_, expected, found) in row.items()
        if expected in (None, []) and found not in (None, [])
    ]
    # at most one page per field may show something the reader did not see as such
    fields = [field for _, field, _ in invented]
    assert all(fields.count(f) <= 1 for f in fields), invented


def test_gold_pages_validate_as_records() -> None:
    from test_metadata import validate

    for record in bench().load_gold():
        page = read_page(bench().ROOTS[record["root"]], record["page"])
        validate(extract_metadata(page, analyse_layout(page.text)))
