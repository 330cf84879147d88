"""Property tests of the WHOLE extraction (``pagefacts.pipeline.extract`` with the real spaCy
model): arbitrary text never raises, every offset of every table slices back to its recorded
text, record counts do not depend on the file name, and every record validates.

The per-extractor property tests live beside their extractors (test_notes, test_citations,
test_quotes, test_layout, test_metadata, test_entities_rules); the notes one is extended here
with offsets (it only checked that nothing raises).

``offset_problems`` and ``schema_problems`` are also used by test_robustness.py.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pagefacts.ingest import document_id_for, normalise_text
from pagefacts.model import Page
from pagefacts.notes import find_notes
from pagefacts.pipeline import PAGE_TABLE_KINDS, extract
from pagefacts.settings import Settings
from pagefacts.validate import SchemaStore

SETTINGS = Settings()
RUN_ID = "20240101T000000Z-props"

# -- helpers shared with test_robustness ---------------------------------------------------------


def _span_problem(text: str, table: str, record: Mapping[str, Any], field: str, start: str,
                  end: str) -> str | None:
    value, s, e = record.get(field), record.get(start), record.get(end)
    if value is None and s is None and e is None:
        return None  # absent together: fine
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text)):
        return f"{table}.{field}: bad offsets {s}..{e} for {value!r}"
    if text[s:e] != value:
        return f"{table}.{field}: text[{s}:{e}] = {text[s:e]!r} but recorded {value!r}"
    return None


def offset_problems(text: str, tables: Mapping[str, list[dict]]) -> list[str]:
    """Every offset of every table checked against the page text; [] when all slice back."""
    found: list[str | None] = []
    for doc in tables.get("documents", []):
        for credit in doc.get("image_credits") or []:
            found.append(_span_problem(text, "documents.image_credits", credit, "raw", "start",
                                       "end"))
    for rec in tables.get("citations", []):
        found.append(_span_problem(text, "citations", rec, "raw", "start", "end"))
        found.append(_span_problem(text, "citations", rec, "note_raw", "note_start", "note_end"))
    for rec in tables.get("citation_markers", []):
        found.append(_span_problem(text, "citation_markers", rec, "text", "start", "end"))
        found.append(_span_problem(text, "citation_markers", rec, "sentence", "sentence_start",
                                   "sentence_end"))
    for rec in tables.get("quotes", []):
        parts = rec["parts"]
        pieces = [text[p["start"] : p["end"]] for p in parts]
        if not parts or " ".join(pieces) != rec["text"]:
            found.append(f"quotes: parts {pieces!r} do not make the text {rec['text']!r}")
        elif (rec["start"], rec["end"]) != (parts[0]["start"], parts[-1]["end"]):
            found.append(f"quotes: start/end {rec['start']}..{rec['end']} are not the parts'")
        if any(not 0 <= p["start"] <= p["end"] <= len(text) for p in parts):
            found.append(f"quotes: part offsets out of range {parts}")
        found.append(_span_problem(text, "quotes", rec, "speaker_span", "speaker_start",
                                   "speaker_end"))
    for rec in tables.get("mentions", []):
        found.append(_span_problem(text, "mentions", rec, "text", "start", "end"))
    return [problem for problem in found if problem]


def schema_problems(store: SchemaStore, tables: Mapping[str, list[dict]]) -> list[str]:
    """Every record of every per-page table validated against its schema."""
    problems = []
    for table, records in tables.items():
        kind = PAGE_TABLE_KINDS[table]
        for record in records:
            problems.extend(f"{table}: {issue}" for issue in store.validate(kind, record))
    return problems


def make_page(text: str, source_path: str = "page.txt") -> Page:
    """A page as ingest would give it (the text normalised: NFC, ``\\n`` newlines)."""
    text = normalise_text(text)
    return Page(
        document_id=document_id_for(source_path), source_path=source_path, text=text,
        content_sha256="0" * 64, encoding="utf-8", byte_size=len(text.encode("utf-8")),
    )


@pytest.fixture(scope="module")
def store() -> SchemaStore:
    return SchemaStore(SETTINGS.schemas_dir)


@pytest.fixture(scope="module", autouse=True)
def nlp() -> None:
    """Load the real spaCy model once (get_nlp caches it for the whole session)."""
    from pagefacts.nlp import get_nlp

    get_nlp(SETTINGS.spacy_model)


# -- strategies ------------------------------------------------------------------------------------

#: Pieces of the genre: titles and bylines, dates, headings, quotes of every style, note markers
#: of every style, notes lists, names, and the invisible characters real dumps carry.
FRAGMENTS = [
    "Comrades and Rivals\n\n", "By Ann Lee and Bo Chan\n", "March 3rd, 2024\n",
    "Posted In: Trade\n",
    "\n\n", "\n", " ", ". ", ", ", "The sceptics\n\n", "Notes\n\n", "Footnotes\n", "Notes:\n",
    "“We will not stop,” said Ann Lee. ", "‘single’ ", "\"straight\" ", "“unclosed ",
    "” stray ", "“outer ‘inner’ end” ", "he said, “more”. ", "According to the Ministry of Trade, ",
    "[1]", "[2]", "[12]", "(3)", ".4 ", "¹", "² ", "↩︎", " Return to text\n",
    "[1] Ann Lee, ‘A Report’, The Review, 2023, p. 4.\n", "2. Ibid., p. 9.\n",
    "3. See B. Chan, Markets (London: Verso, 1999).\n", "https://example.org/a?b=1&c=<2> ",
    "Vladimir Putin", "Xi Jinping", "the European Union", "NATO ", "Washington ",
    "Photo: “River” by Jo Bloggs is licensed under CC BY 2.0\n", "Image credit: Ann Lee\n",
    "\u200b", "\u200d", "\u202e", "\u2066", "\u2069", "\u200f", "e\u0301", "A\u0308", "\ufeff",
    "\t", "\r\n", "\r", "—", "…", "</script><script>alert(1)</script>", "&amp; <b>",
]

genre_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), min_size=8, max_size=80
).map("".join)
any_text = st.text(max_size=400)

PROPERTY = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check_whole_extraction(text: str, store: SchemaStore) -> None:
    a = extract(make_page(text, "page.txt"), SETTINGS, run_id=RUN_ID)
    page_text = a.page.text
    assert offset_problems(page_text, a.tables) == []
    assert schema_problems(store, a.tables) == []
    b = extract(make_page(text, "sub dir/-Zoë ünïcode name.txt"), SETTINGS, run_id=RUN_ID)
    counts_a = {table: len(records) for table, records in a.tables.items()}
    counts_b = {table: len(records) for table, records in b.tables.items()}
    assert counts_a == counts_b


@PROPERTY
@given(text=any_text)
def test_arbitrary_text_whole_extraction(text: str, store: SchemaStore) -> None:
    _check_whole_extraction(text, store)


@PROPERTY
@given(text=genre_text)
def test_genre_fragments_whole_extraction(text: str, store: SchemaStore) -> None:
    _check_whole_extraction(text, store)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "“",
        "[1]\n\nNotes\n\n[1]",
        "A\u200b“B\u202e”\u2069 said C\u0301.[1]\n\nNotes\n\n[1] C\u0301, ‘T’, 2020.\n",
        "“a ‘b “c” d’ e” said X. ” ‘ \" “\n" * 5,
    ],
)
def test_edge_texts_whole_extraction(text: str, store: SchemaStore) -> None:
    _check_whole_extraction(text, store)


# -- per-extractor gap: notes offsets -------------------------------------------------------------


def _marker_digits(span: str) -> str:
    digits = (unicodedata.digit(c, None) for c in span)
    return "".join(str(d) for d in digits if d is not None)


@settings(max_examples=150, deadline=None)
@given(genre_text)
def test_notes_offsets_are_consistent(text: str) -> None:
    text = normalise_text(text)
    block = find_notes(text)
    if block.notes:
        assert block.start is not None and block.end is not None
        assert 0 <= block.start <= block.end <= len(text)
    previous_end = -1
    for note in block.notes:
        assert 0 <= note.start <= note.text_start <= note.end <= len(text)
        assert note.start >= previous_end  # in order, not overlapping
        previous_end = note.end
        assert block.start <= note.start and note.end <= block.end
        assert note.raw(text) == text[note.text_start : note.end]
    for marker in block.markers:
        assert 0 <= marker.sentence_start <= marker.start < marker.end <= len(text)
        assert marker.end <= marker.sentence_end <= len(text)
        assert _marker_digits(text[marker.start : marker.end]) == str(marker.number)
