"""Typed shapes shared between stages.

These are the contracts between the extractors: each stage takes the normalised page text
plus some of these shapes and yields its own records. Offsets are always indices into the
normalised text (``Page.text``: NFC, ``\\n`` newlines), counted in Unicode code points, so
``text[start:end]`` gives back the recorded string.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Region = Literal["header", "body", "notes", "trailer"]


@dataclass(frozen=True)
class Page:
    """A raw page after ingest: decoded, newline- and NFC-normalised text."""

    document_id: str
    source_path: str  # relative to the raw directory, POSIX separators
    text: str
    content_sha256: str  # of the raw bytes
    encoding: str  # the encoding the bytes were decoded with
    byte_size: int
    source_url: str | None = None


@dataclass(frozen=True)
class Section:
    """A run of the page under one heading (``heading`` is None before the first one)."""

    heading: str | None
    start: int  # offset of the heading line (or of the content when there is no heading)
    end: int


@dataclass(frozen=True)
class Layout:
    """Where things are on a page: chrome, body, notes block, trailer, sections."""

    body_start: int
    body_end: int
    notes_start: int | None = None
    notes_end: int | None = None
    sections: tuple[Section, ...] = ()
    #: spans of lines that are page chrome (duplicated header lines, navigation, share bars)
    ignored: tuple[tuple[int, int], ...] = ()

    def section_at(self, offset: int) -> str | None:
        """The heading of the section holding ``offset`` (None outside any headed section)."""
        found: str | None = None
        for section in self.sections:
            if section.start <= offset < section.end:
                found = section.heading
        return found

    def region_at(self, offset: int) -> Region:
        """Which part of the page ``offset`` falls in."""
        if (
            self.notes_start is not None and self.notes_end is not None
            and self.notes_start <= offset < self.notes_end
        ):
            return "notes"
        if offset < self.body_start:
            return "header"
        if offset >= self.body_end:
            return "trailer"
        return "body"

    def is_ignored(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.ignored)


@dataclass(frozen=True)
class Note:
    """One numbered note of the notes list."""

    number: int
    start: int  # offset of the note's label (``[3]``, ``3.``, ``^3`` …)
    end: int  # end of the note's text (trailing whitespace excluded)
    text_start: int  # offset of the note's text, after the label

    def raw(self, text: str) -> str:
        return text[self.text_start : self.end]


@dataclass(frozen=True)
class Marker:
    """An in-text note marker (``[12]`` or digits glued to punctuation)."""

    number: int
    start: int
    end: int
    sentence_start: int  # the sentence the marker ends
    sentence_end: int


@dataclass(frozen=True)
class NotesBlock:
    """The notes of a page and the markers that point at them."""

    start: int | None
    end: int | None
    heading: str | None
    notes: tuple[Note, ...] = ()
    markers: tuple[Marker, ...] = ()


@dataclass(frozen=True)
class NameSpan:
    """A named thing found in the text (by NER or by page structure)."""

    text: str
    start: int
    end: int
    label: str  # PERSON, ORG, GPE, LOC, NORP, EVENT, LAW, WORK


@dataclass
class PageResult:
    """Everything one page produced: records per table, and rejects."""

    document_id: str
    source_path: str
    tables: dict[str, list[dict]] = field(default_factory=dict)
    rejects: list[dict] = field(default_factory=list)


def short_hash(*parts: str, length: int = 12) -> str:
    """A stable short hex digest of ``parts`` (joined with U+001F)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def citation_id(document_id: str, note_number: int, work_index: int) -> str:
    """Id of the ``work_index``-th work cited by note ``note_number`` of a page.

    Shared so that quotes can link to citations whichever stage runs first.
    """
    return f"{document_id}#note-{note_number}-{work_index}"


def quote_id(document_id: str, start: int, end: int) -> str:
    return f"{document_id}#quote-{start}-{end}"


def marker_id(document_id: str, start: int) -> str:
    return f"{document_id}#marker-{start}"


def mention_id(document_id: str, start: int, end: int) -> str:
    return f"{document_id}#mention-{start}-{end}"
