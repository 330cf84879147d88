"""Notes lists and markers: the four real pages and constructed cases of each style."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pagefacts.notes import find_notes, sentence_spans

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notes"
RAW = Path(__file__).resolve().parent.parent / "raw"


def page_text(folder: Path, name: str) -> str:
    """The page as the pipeline sees it (ingest's reader when present, else NFC + LF)."""
    try:
        from pagefacts.ingest import read_page
    except ImportError:
        path = folder / name
        if not path.exists():
            pytest.skip(f"{name} not available")
        raw = path.read_text(encoding="utf-8")
        return unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    if not (folder / name).exists():
        pytest.skip(f"{name} not available")
    return read_page(folder, name).text


LSE = "2021-04-13-comrades-putin-and-xi.txt"
CW = "2026-08-26-commonwealth-us-big-tech-frenemies.txt"
CAI = "2025-11-05-cai-top-fine-art-photographers.txt"
MTO = "1993-11-01-mto-roeder-semiotic-evaluation.txt"


def test_lse_notes_numbers_and_raw():
    text = page_text(RAW, LSE)
    block = find_notes(text)
    assert [n.number for n in block.notes] == [*range(1, 20), 21, 22, 23]
    raws = {n.number: n.raw(text) for n in block.notes}
    assert raws[1] == ("Mary Dejevsky, ‘Axis of Convenience by Bobo Lo’, The Independent, "
                       "9 December 2008.")
    assert raws[14] == "David Shambaugh, ibid."
    assert raws[17].endswith("Politico, 2 April 2021")
    assert raws[21].endswith("March 21, 2019.,%202019%20Hearing%20Transcript.pdf")
    assert raws[23].endswith("The Conversation, 29 March 2021.")
    for note in block.notes:  # the label is where the note starts
        assert text[note.start : note.text_start].strip() == f"[{note.number}]"
    # markers: 1..23 including [20], whose note is missing
    assert sorted({m.number for m in block.markers}) == list(range(1, 24))
    first = block.markers[0]
    assert text[first.sentence_start : first.sentence_end] == "Mary Dejevsky [1]"
    m2 = next(m for m in block.markers if m.number == 2)
    assert text[m2.sentence_start : m2.sentence_end].startswith("Five years ago I authored")
    assert text[m2.sentence_start : m2.sentence_end].endswith("relationship.[2]")


def test_commonwealth_footnotes(shared_pages):
    text = page_text(shared_pages, CW)
    block = find_notes(text)
    assert block.heading == "Footnotes"
    assert [n.number for n in block.notes] == list(range(1, 55))
    assert sorted(m.number for m in block.markers) == list(range(1, 55))
    assert block.notes[-1].raw(text) == "Rikap and Lundvall, The Digital Innovation Race."
    # numbered section headings ("2 The Making of …") are neither notes nor markers
    assert all(m.start < block.start for m in block.markers)
    m49 = next(m for m in block.markers if m.number == 49)
    assert text[m49.start : m49.end] == "[49]"


def test_cai_glued_superscripts(shared_pages):
    text = page_text(shared_pages, CAI)
    block = find_notes(text)
    assert block.heading == "Notes:"
    assert [n.number for n in block.notes] == list(range(1, 31))
    assert [m.number for m in block.markers] == list(range(1, 31))
    m30 = block.markers[-1]
    assert text[m30.start - 5 : m30.end] == "York.30"
    raws = [n.raw(text) for n in block.notes]
    assert not any("↩" in r for r in raws)  # back-links are not note text
    assert raws[16] == "Hauser & Wirth, Zoe Leonard, consulted on October 22, 2025"
    # dimensions, editions, years and ranked list items are not markers
    marker_texts = {text[m.start - 1 : m.end] for m in block.markers}
    assert not any("×" in t or "/" in t for t in marker_texts)


def test_mto_footnotes_not_paragraph_numbers(shared_pages):
    text = page_text(shared_pages, MTO)
    block = find_notes(text)
    assert block.heading == "Footnotes"
    assert [n.number for n in block.notes] == [1, 2, 3, 4, 5]
    assert [text[m.start : m.end] for m in block.markers] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    raws = [n.raw(text) for n in block.notes]
    assert raws[1] == ("Mazzola 1990, a recent mathematical music theory, explicitly positions "
                       "the integer model within Molino's semiotic tripartition.")
    assert raws[4].endswith("idea, material” (164).")  # hidden duplicate copies not appended
    assert not any("Return to text" in r for r in raws)


@pytest.mark.parametrize(
    ("label", "sep"),
    [("[{n}]", "\n\n"), ("{n}.", "\n"), ("{n}", "\n"), ("^{n}", "\n"), ("({n})", "\n\n")],
)
def test_each_note_style(label, sep):
    body = "A claim is made here.[1] Another follows it.[2] And a third one.[3]\n\n"
    notes = sep.join(
        f"{label.format(n=n)} Author {n}, Book Title {n}, Some Press, 20{10 + n}."
        for n in (1, 2, 3)
    )
    text = body + "Notes\n\n" + notes + "\n\nAbout the author\n"
    block = find_notes(text)
    assert [n.number for n in block.notes] == [1, 2, 3]
    assert block.notes[2].raw(text) == "Author 3, Book Title 3, Some Press, 2013."
    assert [m.number for m in block.markers] == [1, 2, 3]


def test_multi_paragraph_note_and_backlinks():
    text = (FIXTURES / "multiline.txt").read_text(encoding="utf-8")
    block = find_notes(text)
    assert [n.number for n in block.notes] == [1, 2]
    first = block.notes[0].raw(text)
    assert first.startswith("A long explanatory note") and first.endswith("second line.")
    assert block.notes[1].raw(text) == "Jane Roe, A Book, Big Press, 2001."


def test_no_notes_at_all():
    text = "Just a page.\n\nIt has 3 paragraphs and the year 2019.\n\n1 Introduction\n"
    block = find_notes(text)
    assert block.notes == () and block.markers == () and block.start is None


def test_markers_without_notes():
    text = "Claim one.[1] Claim two.[2] Claim three.[3]\n\nThe end.\n"
    block = find_notes(text)
    assert block.notes == ()
    assert [m.number for m in block.markers] == [1, 2, 3]


def test_paragraph_numbers_are_not_notes():
    para = "This is a long paragraph of running prose that goes on and on " * 25
    text = "\n\n".join(f"[{n}] {para}" for n in range(1, 8))
    block = find_notes(text)
    assert block.notes == ()
    assert block.markers == ()


def test_data_numbers_are_not_markers():
    text = (
        "The print measures 50.8 × 40.6 cm. Edition 15/15. See pp. 317-334 and No.3 in 1977.\n"
        "Ratio 1:4 and version 2.0 of the H.264 codec. Published in New York.1\n\n"
        "Notes:\n\n  1. Some Gallery, Artist, consulted on November 5, 2025. ↩︎\n"
    )
    block = find_notes(text)
    assert [n.number for n in block.notes] == [1]
    assert [(m.number, text[m.start : m.end]) for m in block.markers] == [(1, "1")]
    assert text[block.markers[0].start - 5 : block.markers[0].end] == "York.1"


def test_thousands_of_notes_linear():
    n = 3000
    body = " ".join(f"Sentence {i}.[{i}]" for i in range(1, n + 1))
    notes = "\n\n".join(f"[{i}] Author {i}, Title {i}, Press, 2001." for i in range(1, n + 1))
    text = body + "\n\nNotes\n\n" + notes + "\n"
    t0 = time.perf_counter()
    block = find_notes(text)
    elapsed = time.perf_counter() - t0
    assert len(block.notes) == n and len(block.markers) == n
    assert elapsed < 5  # generous: a quadratic pass would take minutes here


def test_sentence_spans():
    text = "Dr. Smith came. He left at 3.5 hours.[2] Then “Quoted.” Next one"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Dr. Smith came.", "He left at 3.5 hours.[2]", "Then “Quoted.”", "Next one"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.,;:()[]^1234567890\n“”‘’↩︎Notes")),
               max_size=400))
def test_arbitrary_text_never_raises(text):
    block = find_notes(text)
    for note in block.notes:
        assert 0 <= note.start <= note.text_start <= note.end <= len(text)
    for m in block.markers:
        assert 0 <= m.sentence_start <= m.start < m.end <= len(text)
        assert m.end <= m.sentence_end or m.sentence_start <= m.start
        assert str(m.number) in text[m.start : m.end].translate(
            str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
