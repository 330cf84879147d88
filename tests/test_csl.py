"""CSL-JSON export, rendered for real with ``pandoc --citeproc``."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from pagefacts.csl import to_csl_json
from tests.test_citations import _run
from tests.test_notes import LSE, RAW, page_text


def _lse_items() -> tuple[list[dict], list[dict]]:
    text = page_text(RAW, LSE)
    _, result = _run(text, page_author="Michael Cox")
    records = [c.to_record() for c in result.citations]
    return records, to_csl_json(records)


def test_csl_shape():
    records, items = _lse_items()
    assert len(items) == len(records) - 1  # the ibid note (14) is the same work as note 13
    ids = [it["id"] for it in items]
    assert len(set(ids)) == len(ids)
    assert all(i[0].isalpha() and all(ch.isalnum() or ch in "-_" for ch in i) for i in ids)
    by_title = {it.get("title"): it for it in items}
    chapter = by_title["Axis of Opposition: China, Russia and the West"]
    assert chapter["type"] == "chapter"
    assert chapter["container-title"] == "Will China’s Rise be Peaceful?"
    assert chapter["editor"] == [{"family": "Toje", "given": "Asle"}]
    assert chapter["issued"] == {"date-parts": [[2018]]}
    first = by_title["Axis of Convenience by Bobo Lo"]
    assert first["issued"] == {"date-parts": [[2008, 12, 9]]}
    assert not any(it["type"] == "note" for it in items)


def test_csl_skips_notes_and_keeps_ids_unique():
    recs = [
        {"citation_id": "9doc#note-1-0", "type": "book", "title": "A", "author": [],
         "issued": "2001-02"},
        {"citation_id": "9doc#note-1-0", "type": "book", "title": "B", "author": []},
        {"citation_id": "9doc#note-2-0", "type": "note", "title": None, "author": []},
    ]
    items = to_csl_json(recs)
    assert [it["id"] for it in items] == ["ref-9doc-note-1-0", "ref-9doc-note-1-0-2"]
    assert items[0]["issued"] == {"date-parts": [[2001, 2]]}


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
def test_pandoc_citeproc_renders(tmp_path):
    _, items = _lse_items()
    bib = tmp_path / "refs.json"
    bib.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text("Cited: " + "; ".join(f"[@{it['id']}]" for it in items) + "\n",
                   encoding="utf-8")
    proc = subprocess.run(
        ["pandoc", "--citeproc", "--wrap=none", "--bibliography", str(bib), "-t", "plain",
         str(doc)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr.upper(), proc.stderr
    assert "???" not in proc.stdout  # every key resolved
    assert "Axis of Opposition" in proc.stdout and "Oxford University Press" in proc.stdout
