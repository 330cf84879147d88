"""Citations on self-written note lists of many styles, scored field by field against gold.

Each ``tests/fixtures/notes/<name>.txt`` page has a ``<name>.gold.json`` written by reading the
page: ``{"style": …, "works": {"<note>-<work>": {field: value}}}``. Authors and editors are
``[family, given]`` pairs (``[literal, null]`` for organisations); ``ibid_of`` names the work
a shorthand points to as ``"<note>-<work>"``. The gate pools every fixture and the lent pages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pagefacts.citations import extract_citations
from pagefacts.notes import find_notes
from tests.test_citations import (
    CAI,
    CAI_EXPECTED,
    CITATION,
    CW,
    CW_EXPECTED,
    F1_FIELDS,
    LSE,
    LSE_EXPECTED,
    MTO,
    MTO_EXPECTED,
    RAW,
    f1,
    field_scores,
    page_text,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notes"
GOLD_PAGES = sorted(p.name[: -len(".gold.json")] for p in FIXTURES.glob("*.gold.json"))
DOC = "page-1"


def load_gold(name: str) -> tuple[str, str, dict[tuple[int, int], dict]]:
    """(style, page text, expected works) of fixture ``name``."""
    gold = json.loads((FIXTURES / f"{name}.gold.json").read_text(encoding="utf-8"))
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    works: dict[tuple[int, int], dict] = {}
    for key, fields in gold["works"].items():
        note, work = (int(x) for x in key.split("-"))
        want = dict(fields)
        for role in ("author", "editor"):
            if role in want:
                want[role] = [tuple(n) for n in want[role]]
        if want.get("ibid_of"):
            n, w = want["ibid_of"].split("-")
            want["ibid_of"] = f"{DOC}#note-{n}-{w}"
        works[(note, work)] = want
    return gold["style"], text, works


def run_page(text: str, page_author: str | None = None) -> list[dict]:
    block = find_notes(text)
    result = extract_citations(text, block, document_id=DOC, page_author=page_author)
    return [c.to_record() for c in result.citations]


def score_sets(all_fields: bool = False) -> list[tuple[str, tuple[int, int, int, list[str]]]]:
    """(label, (tp, fp, fn, misses)) for every fixture and every available real page."""
    out = []
    for name in GOLD_PAGES:
        style, text, expected = load_gold(name)
        records = run_page(text)
        fields = F1_FIELDS + (("accessed", "url", "doi", "type", "ibid_of", "prefix",
                               "publisher_place", "editor") if all_fields else ())
        out.append((f"{style} ({name})", _score(records, expected, fields, all_fields)))
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "pages"
    for folder, page, expected, author in (
        (RAW, LSE, LSE_EXPECTED, "Michael Cox"),
        (shared, CW, CW_EXPECTED, "Cecilia Rikap"),
        (shared, CAI, CAI_EXPECTED, "Sylvia Walker"),
        (shared, MTO, MTO_EXPECTED, "John Roeder"),
    ):
        if not (folder / page).exists():
            continue
        records = run_page(page_text(folder, page), author)
        out.append((f"real page {page[:24]}", _score(records, expected, F1_FIELDS, True)))
    return out


def _score(records, expected, fields, extras):
    if extras:
        return field_scores(records, expected, fields)
    trimmed = {k: {f: v for f, v in w.items() if f in fields} for k, w in expected.items()}
    return field_scores(records, trimmed, fields)


@pytest.mark.parametrize("name", GOLD_PAGES)
def test_fixture_records_are_exact_and_valid(name):
    _, text, expected = load_gold(name)
    block = find_notes(text)
    assert {n.number for n in block.notes} == {k[0] for k in expected}
    records = run_page(text)
    assert {(r["note_number"], r["work_index"]) for r in records} == set(expected)
    for rec in records:
        assert text[rec["start"] : rec["end"]] == rec["raw"]
        assert text[rec["note_start"] : rec["note_end"]] == rec["note_raw"]
        assert not list(CITATION.iter_errors(rec)), rec


def test_pooled_field_f1_gate():
    """Field-level F1 over all fixtures and the real pages together (contract fields)."""
    tp = fp = fn = 0
    misses: list[str] = []
    for label, (a, b, c, miss) in score_sets():
        tp, fp, fn = tp + a, fp + b, fn + c
        misses += [f"{label}: {m}" for m in miss]
    assert f1(tp, fp, fn) >= 0.9, "\n".join(misses)


@pytest.mark.parametrize("name", GOLD_PAGES)
def test_each_style_reaches_the_unseen_page_target(name):
    _, text, expected = load_gold(name)
    trimmed = {k: {f: v for f, v in w.items() if f in F1_FIELDS} for k, w in expected.items()}
    tp, fp, fn, misses = field_scores(run_page(text), trimmed)
    assert f1(tp, fp, fn) >= 0.85, "\n".join(misses)


_PIECES = [
    "Smith, J. ", "(2020). ", "(New York: Big Press, 2019)", ", 45.", " 33, no. 2 (2019): 1–9",
    "Id. at 9.", "Ibid.", " op. cit.", "'Title', ", "“Title,” ", "ed. Ann Lee ", "& ",
    "Hearing Before the Committee, ", "114th Cong. ", "Retrieved from ", "https://x.org/a. ",
    "Financ-\ning ", "; see also ", "Jones, Title, 12.", "12(3), 45–67. ", "March/April 2022",
    ": ", ", ", ". ", "(", ")", "\"", "’", "Review of Books, ", "OECD, ", "UP",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12), min_size=1,
                max_size=5))
def test_reference_layouts_never_raise(notes):
    """Arbitrary mixes of the layouts' building blocks: no exception, exact offsets, valid."""
    text = "Claim.[1]\n\nReferences\n\n" + "\n\n".join(
        f"[{i}] {''.join(parts).strip() or 'x'}" for i, parts in enumerate(notes, 1)) + "\n"
    block = find_notes(text)
    result = extract_citations(text, block, document_id=DOC, page_author="Ann Author")
    for c in result.citations:
        rec = c.to_record()
        assert text[rec["start"] : rec["end"]] == rec["raw"]
        assert not list(CITATION.iter_errors(rec)), rec
