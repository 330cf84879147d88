"""Page layout: chrome, body bounds, sections — on lent pages and pages written to break it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, shared_page_text
from hypothesis import given, settings
from hypothesis import strategies as st

from pagefacts.ingest import read_page
from pagefacts.layout import analyse_layout, split_lines
from pagefacts.model import Layout

PAGES = FIXTURES / "pages"
CW = "2026-08-26-commonwealth-us-big-tech-frenemies.txt"
CAI = "2025-11-05-cai-top-fine-art-photographers.txt"
MTO = "1993-11-01-mto-roeder-semiotic-evaluation.txt"


def headings(layout: Layout) -> list[str]:
    return [s.heading for s in layout.sections if s.heading]


def ignored_text(text: str, layout: Layout) -> str:
    return "\n".join(text[s:e] for s, e in layout.ignored)


def check_invariants(text: str, layout: Layout) -> None:
    assert 0 <= layout.body_start <= layout.body_end <= len(text)
    previous_end = -1
    for start, end in layout.ignored:
        assert 0 <= start < end <= len(text)
        assert start > previous_end  # sorted, disjoint
        previous_end = end
    for section in layout.sections:
        assert layout.body_start <= section.start <= section.end <= layout.body_end
        if section.heading is not None:
            assert text[section.start : section.start + len(section.heading)] == section.heading
    starts = [s.start for s in layout.sections]
    assert starts == sorted(starts)


# --------------------------------------------------------------------------- real pages


def test_lse_layout(lse_text: str) -> None:
    layout = analyse_layout(lse_text)
    check_invariants(lse_text, layout)
    assert headings(layout) == [
        "Beyond convenient?",
        "The sceptics",
        "New consensus?",
        "Denying the obvious?",
    ]
    assert lse_text[layout.body_start :].startswith("Beyond convenient?")
    # the body ends with the last paragraph, before the notes list (found without notes info)
    assert lse_text[: layout.body_end].rstrip().endswith("unites them.")
    # the header block is printed twice: the second copy is chrome, the first is not
    first = lse_text.index("Estimated reading time")
    second = lse_text.index("Estimated reading time", first + 1)
    assert not layout.is_ignored(first)
    assert layout.is_ignored(second)
    assert layout.is_ignored(lse_text.index("Comrades Putin and Xi", first))
    assert not layout.is_ignored(lse_text.index("Comrades Putin and Xi"))
    # epigraph speakers under the headings are not headings
    assert "Mary Dejevsky [1]" not in headings(layout)
    assert layout.region_at(lse_text.index("About the author")) == "trailer"
    assert layout.region_at(lse_text.index("There has been a persistent")) == "header"


def test_lse_layout_with_notes_given(lse_text: str) -> None:
    notes_start = lse_text.index("[1] Mary Dejevsky")
    notes_end = lse_text.index("This article gives the views")
    layout = analyse_layout(lse_text, notes_start=notes_start, notes_end=notes_end)
    check_invariants(lse_text, layout)
    assert layout.body_end <= notes_start
    assert layout.region_at(notes_start + 5) == "notes"
    assert layout.section_at(lse_text.index("Whether or not there was")) == "Denying the obvious?"


def test_commonwealth_layout(shared_pages: Path) -> None:
    text = shared_page_text(shared_pages, CW)
    layout = analyse_layout(text)
    check_invariants(text, layout)
    found = headings(layout)
    assert found[0] == "1 Introduction"  # glued after three empty "Key Points" bullets
    assert "2 The Making of Corporate America" in found
    assert found[-1].startswith("7 Digital Sovereignty")
    numbered = [h for h in found if h[0].isdigit()]
    assert [h.split()[0] for h in numbered] == ["1", "2", "3", "4", "5", "6", "7"]
    # a one-line sentence paragraph and the block quotes are not headings
    assert not any(h.endswith(".") for h in found)
    assert "Footnotes" not in found
    assert text[: layout.body_end].rstrip().endswith("planetary boundaries.")
    assert "Twitter/XLinkedInBlueskyEmail" in ignored_text(text, layout)
    assert "Privacy Policy" in ignored_text(text, layout)


def test_cai_layout(shared_pages: Path) -> None:
    text = shared_page_text(shared_pages, CAI)
    layout = analyse_layout(text)
    check_invariants(text, layout)
    found = headings(layout)
    assert len(found) == 30
    assert found[0] == "30. Dawoud Bey" and found[-1] == "1. Cindy Sherman"
    assert text[layout.body_start :].startswith("Today, photography is")
    chrome = ignored_text(text, layout)
    assert "Skip to content" in chrome and "Cart" in chrome and "• Magazine" in chrome
    # the title and byline stay in the header, not in chrome
    assert not layout.is_ignored(text.index("Top 30 Fine Art Photography"))
    assert not layout.is_ignored(text.index("By Sylvia Walker"))
    assert layout.region_at(text.index("Notes:")) == "trailer"


def test_mto_layout(shared_pages: Path) -> None:
    text = shared_page_text(shared_pages, MTO)
    layout = analyse_layout(text)
    check_invariants(text, layout)
    # no section headings; figure captions and "(click to enlarge)" are not headings
    assert headings(layout) == []
    assert text[layout.body_start :].startswith("[1] Semiotics")
    assert layout.region_at(text.index("Works Cited")) == "trailer"
    assert layout.region_at(text.index("ABSTRACT:")) == "header"
    assert "MTO Home" in ignored_text(text, layout)
    assert "(click to enlarge)" in ignored_text(text, layout)


# --------------------------------------------------------------------------- own pages


def test_own_page_layout() -> None:
    text = read_page(PAGES, "northfield-water-markets.txt").text
    layout = analyse_layout(text)
    check_invariants(text, layout)
    assert headings(layout) == ["Introduction", "A market for scarcity", "What should change"]
    chrome = ignored_text(text, layout)
    assert "Skip to main content" in chrome and "• Research" in chrome
    # a short bulleted list inside the body is content, not navigation
    assert not layout.is_ignored(text.index("small family farms"))
    assert layout.region_at(text.index("small family farms")) == "body"
    assert layout.is_ignored(text.index("(click to enlarge)"))
    assert layout.region_at(text.index("Notes")) == "trailer"
    assert layout.region_at(text.index("Key takeaways")) == "header"
    assert "Careers" in chrome  # footer link list


def test_duplicated_header_own_page() -> None:
    text = read_page(PAGES, "duplicated-header-digest.txt").text
    layout = analyse_layout(text)
    first = text.index("How Small Ports")
    assert not layout.is_ignored(first)
    assert layout.is_ignored(text.index("How Small Ports", first + 1))
    assert layout.is_ignored(text.index("Twitter Facebook"))
    assert headings(layout) == ["Finding a niche", "The price of staying open"]
    assert layout.region_at(text.index("Posted in:")) == "trailer"


def test_epigraph_and_dash_attribution_not_headings() -> None:
    text = (
        "A Title For The Page\n\nBy Some Writer\n\n"
        "First part\n\n“A quoted line that opens the section.”\n\nJane Q. Public\n\n"
        "This is the first paragraph of running text, long enough to count as prose here.\n\n"
        "Second part\n\n“Another epigraph.”\n\n— John Doe, 1999\n\n"
        "And here is another paragraph of running text that is long enough to be prose.\n"
    )
    layout = analyse_layout(text)
    assert headings(layout) == ["First part", "Second part"]


def test_heading_rules() -> None:
    text = (
        "Title Of Something Here\n\n"
        "A paragraph that is long enough to be running text and starts the body of this page.\n\n"
        "A standalone sentence that ends with a period.\n\n"
        "Figure 2. Output by region\n\n"
        "  1. An indented list item\n\n"
        "(an aside in parentheses)\n\n"
        "Real Heading\n\n"
        "More running text follows the heading, and it is long enough to be prose as well.\n\n"
        "Caption line one, 1990. Gelatin print\nsecond caption line\n\n"
        "2.1 Numbered Sub-heading\n\n"
        "Final paragraph of the body, which is also long enough to be counted as prose.\n"
    )
    layout = analyse_layout(text)
    assert headings(layout) == ["Real Heading", "2.1 Numbered Sub-heading"]


def test_title_only_above_prose_is_not_a_section() -> None:
    text = "Just A Title\n\n" + "Words of a paragraph that runs on for a while. " * 5 + "\n"
    layout = analyse_layout(text)
    assert headings(layout) == []
    assert layout.body_start == text.index("Words")


def test_degenerate_inputs() -> None:
    for text in ("", "\n\n\n", "x", "  • a\n  • b\n  • c\n", "[1] x\n[2] y", "“" * 50):
        layout = analyse_layout(text)
        check_invariants(text, layout)


def test_bad_notes_offsets_are_ignored() -> None:
    text = "Some text\n\nMore text here that is long enough to be a paragraph of running prose.\n"
    layout = analyse_layout(text, notes_start=10_000, notes_end=5)
    check_invariants(text, layout)
    assert layout.notes_start is None


def test_split_lines_offsets() -> None:
    text = "a\n  • item\n\n  •   •   • Heading\nlast"
    lines = split_lines(text)
    assert [line.raw for line in lines] == text.split("\n")
    for line in lines:
        assert text[line.start : line.end] == line.raw
        assert text[line.content_start : line.content_end] == line.content
    assert lines[1].bullet and lines[1].content == "item"
    assert lines[3].empty_bullets and lines[3].content == "Heading"


def test_linear_on_huge_page() -> None:
    block = "Heading Here\n\n" + "Running text of a paragraph that goes on. " * 6 + "[3]\n\n"
    notes = "\n".join(f"[{i}] Note {i}." for i in range(1, 3000))
    text = "The Page Title\n\n" + block.replace("[3]", "[1]", 1) + block * 2999 + notes
    layout = analyse_layout(text)  # must finish quickly (benchmarks measure the time)
    assert len(headings(layout)) == 3000
    assert layout.body_end < text.index("[1] Note 1.")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                ["", "  • Home", "Notes", "[1] A note.", "“Quote.”", "— Name", "1 Intro",
                 "By Jane Doe", "April 3, 2020", "© 2020 X", "Skip to content",
                 "A long line of running prose text that keeps going on and on for a while."]
            ),
        ),
        max_size=40,
    ),
    st.one_of(st.none(), st.integers(-5, 3000)),
)
def test_property_no_exception_offsets_in_range(parts: list[str], notes: int | None) -> None:
    text = "\n".join(parts)
    layout = analyse_layout(text, notes_start=notes, notes_end=None)
    check_invariants(text, layout)
    if layout.notes_start is not None:
        assert 0 <= layout.notes_start <= (layout.notes_end or 0) <= len(text)


@pytest.mark.parametrize("name", ["northfield-water-markets.txt", "lettre-ville-velo.txt"])
def test_crlf_and_lf_give_same_layout(tmp_path: Path, name: str) -> None:
    raw = (PAGES / name).read_bytes()
    (tmp_path / "crlf.txt").write_bytes(raw.replace(b"\n", b"\r\n"))
    a = analyse_layout(read_page(PAGES, name).text)
    b = analyse_layout(read_page(tmp_path, "crlf.txt").text)
    assert a == b


def test_teaser_under_read_more_and_role_line_are_not_headings() -> None:
    para = "This is a sentence of body text that runs on for a while. " * 3
    text = (
        "Why Ports Matter More Than Ever\n\nJane Doe\n\nSenior Fellow, Trade Programme\n\n"
        f"{para}\n\nFirst Section\n\n{para}\n\nRead more\n\nA Teaser For Another Article\n\n"
        f"{para}\n"
    )
    layout = analyse_layout(text)
    assert headings(layout) == ["First Section"]
    assert text[layout.body_start:].startswith("This is a sentence")
