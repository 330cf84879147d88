"""Parse the notes of a page into one CSL-field record per cited work (the public API).

The pipeline: :func:`pagefacts.notes.find_notes` gives the notes and markers; each note is split
into works (:mod:`pagefacts.citation_split`), each work into fields
(:mod:`pagefacts.citation_parse`, with :mod:`pagefacts.citation_names` and
:mod:`pagefacts.citation_dates`), shorthand is resolved (:mod:`pagefacts.citation_shorthand`) and
data-quality issues are flagged (:mod:`pagefacts.citation_findings`). The source is never
"fixed": values are substrings of the note as written, and what looks wrong is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pagefacts.citation_findings import (
    body_name_guesses,
    make_finding,
    name_findings,
    sequence_findings,
    text_issues,
)
from pagefacts.citation_parse import parse_work
from pagefacts.citation_shorthand import resolve_ibid
from pagefacts.citation_split import split_works
from pagefacts.model import Note, NotesBlock, citation_id, marker_id

__all__ = ["Citation", "CitationMarker", "CitationResult", "extract_citations"]


@dataclass
class Citation:
    """One cited work of one note, with CSL-JSON fields (snake_case)."""

    citation_id: str
    document_id: str
    note_number: int
    work_index: int
    type: str
    author: list[dict] = field(default_factory=list)
    editor: list[dict] = field(default_factory=list)
    title: str | None = None
    container_title: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    issued: str | None = None
    accessed: str | None = None
    url: str | None = None
    doi: str | None = None
    prefix: str | None = None
    ibid_of: str | None = None
    raw: str = ""
    note_raw: str = ""
    start: int = 0
    end: int = 0
    note_start: int = 0
    note_end: int = 0
    issues: list[dict] = field(default_factory=list)
    author_entity_ids: list[str | None] = field(default_factory=list)

    def to_record(self) -> dict:
        """The record of ``schemas/citation.schema.json``."""
        return {
            "citation_id": self.citation_id,
            "document_id": self.document_id,
            "note_number": self.note_number,
            "work_index": self.work_index,
            "type": self.type,
            "author": [dict(a) for a in self.author],
            "editor": [dict(e) for e in self.editor],
            "title": self.title,
            "container_title": self.container_title,
            "publisher": self.publisher,
            "publisher_place": self.publisher_place,
            "volume": self.volume,
            "issue": self.issue,
            "page": self.page,
            "issued": self.issued,
            "accessed": self.accessed,
            "url": self.url,
            "doi": self.doi,
            "prefix": self.prefix,
            "ibid_of": self.ibid_of,
            "raw": self.raw,
            "note_raw": self.note_raw,
            "start": self.start,
            "end": self.end,
            "note_start": self.note_start,
            "note_end": self.note_end,
            "issues": [dict(i) for i in self.issues],
            "author_entity_ids": list(self.author_entity_ids),
        }


@dataclass(frozen=True)
class CitationMarker:
    """An in-text marker linked to the first work of its note (None when the note is missing)."""

    marker_id: str
    document_id: str
    note_number: int
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    section: str | None
    citation_id: str | None

    def to_record(self) -> dict:
        """The record of ``schemas/citation_marker.schema.json``."""
        return {
            "marker_id": self.marker_id,
            "document_id": self.document_id,
            "note_number": self.note_number,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "section": self.section,
            "citation_id": self.citation_id,
        }


@dataclass
class CitationResult:
    """Everything the citations stage found on one page."""

    citations: list[Citation] = field(default_factory=list)
    markers: list[CitationMarker] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


def extract_citations(
    text: str,
    block: NotesBlock,
    *,
    document_id: str,
    page_author: str | None = None,
    body_names: Sequence[str] = (),
    section_of: Callable[[int], str | None] | None = None,
) -> CitationResult:
    """Citations, linked markers and page findings for the notes in ``block``."""
    result = CitationResult()
    by_note: dict[int, list[Citation]] = {}
    for note in block.notes:
        works = _note_citations(text, note, document_id, page_author)
        by_note.setdefault(note.number, works)
        result.citations.extend(works)
    resolve_ibid(result.citations)
    result.markers = _link_markers(text, block, by_note, document_id, section_of)
    result.findings = sequence_findings(text, block)
    names_body = list(body_names) + body_name_guesses(text, block)
    result.findings.extend(name_findings(result.citations, names_body))
    for cit in result.citations:
        for issue in cit.issues:
            if issue["kind"] == "name-mismatch":
                continue  # already a page finding with its span
            result.findings.append(
                make_finding(issue["kind"], issue["message"], cit.start, cit.end, cit.note_number)
            )
    return result


def _note_citations(
    text: str, note: Note, document_id: str, page_author: str | None
) -> list[Citation]:
    note_raw = text[note.text_start : note.end]
    base = note.text_start
    works = []
    for index, (ws, we, lead) in enumerate(split_works(note_raw)):
        parsed = parse_work(note_raw[ws:we], page_author)
        cit = Citation(
            citation_id=citation_id(document_id, note.number, index),
            document_id=document_id,
            note_number=note.number,
            work_index=index,
            raw=note_raw[ws:we],
            note_raw=note_raw,
            start=base + ws,
            end=base + we,
            note_start=note.text_start,
            note_end=note.end,
            **parsed.fields,
        )
        if lead and cit.prefix is None:
            cit.prefix = lead
        cit.author_entity_ids = [None] * len(cit.author)
        cit.issues = parsed.issues
        cit._author_spans = [(base + ws + s, base + ws + e) for s, e in parsed.author_spans]  # type: ignore[attr-defined]
        cit._ibid = parsed.ibid  # type: ignore[attr-defined]
        works.append(cit)
    if not works:
        works.append(_explanatory(note, note_raw, document_id))
    return works


def _explanatory(note: Note, note_raw: str, document_id: str) -> Citation:
    cit = Citation(
        citation_id=citation_id(document_id, note.number, 0),
        document_id=document_id,
        note_number=note.number,
        work_index=0,
        type="note",
        raw=note_raw,
        note_raw=note_raw,
        start=note.text_start,
        end=note.end,
        note_start=note.text_start,
        note_end=note.end,
    )
    cit.issues = text_issues(note_raw)
    cit._author_spans = []  # type: ignore[attr-defined]
    cit._ibid = False  # type: ignore[attr-defined]
    return cit


def _link_markers(
    text: str,
    block: NotesBlock,
    by_note: dict[int, list[Citation]],
    document_id: str,
    section_of: Callable[[int], str | None] | None,
) -> list[CitationMarker]:
    out = []
    for mk in block.markers:
        works = by_note.get(mk.number)
        out.append(CitationMarker(
            marker_id=marker_id(document_id, mk.start),
            document_id=document_id,
            note_number=mk.number,
            text=text[mk.start : mk.end],
            start=mk.start,
            end=mk.end,
            sentence=text[mk.sentence_start : mk.sentence_end],
            sentence_start=mk.sentence_start,
            sentence_end=mk.sentence_end,
            section=section_of(mk.start) if section_of else None,
            citation_id=works[0].citation_id if works else None,
        ))
    return out

