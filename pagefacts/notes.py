"""Find the numbered notes list of a page and the in-text markers that point at it.

General rules, no page-specific knowledge:

* A notes list is a run of numbered lines of one label style (``[1]``, ``1.``, ``1``, ``^1``,
  ``(1)``, superscript digits) whose numbers increase by small steps. Every run on the page is
  a candidate; each is scored on independent signs (a notes heading just above it, markers in
  the text before it, short bibliographic-looking items, its position) and the best one that
  is convincing enough wins. Numbered body paragraphs (long prose, nothing pointing at them)
  and numbered section headings lose.
* A note runs from its label to the next label. The last note keeps the lines that follow it
  only while they are closer to it than the notes are to each other. Back-link debris (``↩︎``,
  "Return to text") ends a note; anything after it (e.g. hidden duplicate copies) is not note
  text.
* Markers are looked for only before the notes block: ``[12]`` anywhere but at a line start,
  ``^12`` and superscript digits, ``(12)`` glued to a word or punctuation, and bare digits glued
  to sentence punctuation where a dump lost the superscript (``York.30``). Weak styles are
  accepted only for numbers the notes list has (or misses inside its range).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from statistics import median

from pagefacts.model import Marker, Note, NotesBlock
from pagefacts.vocab.citations import (
    BACKLINK_RE,
    BACKLINK_SEARCH_RE,
    LONG_ITEM_CHARS,
    MAX_NOTE_GAP,
    MIN_RUN_SCORE,
    NOTE_LABEL_RE,
    NOTES_HEADINGS,
    NUMBER_ABBREVIATIONS,
    SENTENCE_ABBREVIATIONS,
    SHORT_NOTE_CHARS,
)

__all__ = ["find_notes", "sentence_spans"]

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUP_CLASS = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
_STRONG = frozenset({"bracket", "caret", "sup"})

#: Marker candidates. Strong styles are unambiguous; weak ones need the notes list to agree.
_MARKER_RE = re.compile(
    rf"(?=[\[\^(\d{_SUP_CLASS}])"  # fail fast: every marker starts with one of these
    r"(?:\[(?P<bracket>\d{1,5})\]"
    r"|\^(?P<caret>\d{1,5})\b"
    rf"|(?<=[^\s{_SUP_CLASS}])(?P<sup>[{_SUP_CLASS}]{{1,4}})"
    r"|(?<=[^\s\d(\[])\((?P<paren>\d{1,4})\)"
    r"|(?<=[^\W\d_][.,;:!?])(?P<glued>\d{1,4})(?=[\s)\]—–-]|$)"
    r"|(?<=[^\W\d_][”’\"'])(?P<quoted>\d{1,4})(?=[\s.,;:)\]—–-]|$)"
    r"|(?<=[^\W\d_][.,;:!?][”’\"'])(?P<pquoted>\d{1,4})(?=[\s)\]—–-]|$))",
    re.M,
)

_YEARISH_RE = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_BIB_CUE_RE = re.compile(
    r"https?://|www\.|\bpp?\.\s*\d|\bvol\.|\bibid\b|\bop\.?\s*cit|[“‘\"].{3,}?[”’\"]|"
    r"\b(?:press|publishers?|university|journal|review|times|post|report)\b",
    re.I,
)
_SENT_BOUNDARY_RE = re.compile(
    r"\n+"
    r"|(?<=[.!?…])[”’\"')\]]*"
    rf"(?:\[\d{{1,5}}\]|\(\d{{1,4}}\)|\d{{1,4}}|[{_SUP_CLASS}]+)?[ \t\u00a0]+"
)
_WORD_BEFORE_RE = re.compile(r"([\w.]+)\.?$")


@dataclass
class _Item:
    number: int
    style: str
    label_start: int
    text_start: int


@dataclass
class _Run:
    style: str
    items: list[_Item] = field(default_factory=list)

    @property
    def last(self) -> int:
        return self.items[-1].number


@dataclass(frozen=True)
class _Candidate:
    number: int
    start: int
    end: int
    strong: bool


# --------------------------------------------------------------------------- public API


def find_notes(text: str) -> NotesBlock:
    """The numbered notes list of ``text`` (or an empty block) and the markers before it."""
    candidates = _marker_candidates(text)
    first_seen: dict[int, int] = {}
    for cand in candidates:
        first_seen.setdefault(cand.number, cand.start)
    best: tuple[float, _Run, list[tuple[int, int]], str | None, int] | None = None
    for run in _build_runs(_label_items(text)):
        extents = _extents(text, run)
        heading = _heading_before(text, run.items[0].label_start)
        score = _score_run(text, run, extents, heading, first_seen)
        if score >= MIN_RUN_SCORE and (best is None or score >= best[0]):
            head_text, head_start = heading if heading else (None, run.items[0].label_start)
            best = (score, run, extents, head_text, head_start)
    if best is None:
        markers = _accept_markers(text, candidates, len(text), ())
        return NotesBlock(start=None, end=None, heading=None, notes=(), markers=markers)
    _, run, extents, heading, block_start = best
    notes = tuple(
        Note(number=item.number, start=item.label_start, end=end, text_start=item.text_start)
        for item, (_, end) in zip(run.items, extents, strict=True)
    )
    markers = _accept_markers(text, candidates, block_start, notes)
    return NotesBlock(
        start=block_start, end=notes[-1].end, heading=heading, notes=notes, markers=markers
    )


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as ``(start, end)`` spans (whitespace trimmed).

    A sentence ends at a line break, or at ``. ! ?`` (plus closing quotes and a glued note
    marker) followed by space and a capital, quote, digit or bracket, unless the word before
    the period is a known abbreviation or an initial.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _SENT_BOUNDARY_RE.finditer(text, start, end):
        if m.group(0)[0] != "\n" and not _is_sentence_end(text, m.start(), m.end(), end):
            continue
        _push_span(text, spans, cursor, m.start() + len(m.group(0).rstrip()))
        cursor = m.end()
    _push_span(text, spans, cursor, end)
    return spans


# --------------------------------------------------------------------------- notes list


def _label_items(text: str) -> list[_Item]:
    items: list[_Item] = []
    for m in NOTE_LABEL_RE.finditer(text):
        style = m.lastgroup
        if style is None:
            continue
        raw = m.group(style)
        number = int(raw.translate(_SUPERSCRIPTS))
        if number <= 0:
            continue
        text_start = _skip_blanks(text, m.end())
        if text_start >= len(text):
            continue
        if text[text_start] == "\n":
            # label alone on its line: the note's text starts on the next non-blank line
            text_start = _skip_ws(text, text_start)
            if text_start >= len(text) or style == "bare":
                continue
        label_start = m.start(style) - (1 if style in {"bracket", "caret", "paren"} else 0)
        items.append(_Item(number, style, label_start, text_start))
    return items


def _build_runs(items: Iterable[_Item]) -> list[_Run]:
    """Group labelled lines into increasing runs of one style (a few open runs per style)."""
    open_runs: dict[str, list[_Run]] = {}
    done: list[_Run] = []
    for item in items:
        runs = open_runs.setdefault(item.style, [])
        target = _run_to_extend(runs, item.number)
        if target is None:
            target = _Run(item.style)
            runs.append(target)
            if len(runs) > 8:  # bound the work: a stale run this far back cannot win
                done.append(runs.pop(0))
        target.items.append(item)
    for runs in open_runs.values():
        done.extend(runs)
    return done


def _run_to_extend(runs: list[_Run], number: int) -> _Run | None:
    best: _Run | None = None
    for run in runs:
        step = number - run.last
        # the closest preceding number wins; on a tie, the most recent run
        if 0 < step <= MAX_NOTE_GAP and (best is None or run.last >= best.last):
            best = run
    return best


def _extents(text: str, run: _Run) -> list[tuple[int, int]]:
    """``(text_start, end)`` of each note of ``run`` (back-links and trailing space cut)."""
    items = run.items
    out: list[tuple[int, int]] = []
    for i, item in enumerate(items):
        if i + 1 < len(items):
            limit = items[i + 1].label_start
        else:
            limit = _last_note_limit(text, item, _typical_gap(text, items))
        out.append((item.text_start, _trim_note(text, item.text_start, limit)))
    return out


def _typical_gap(text: str, items: list[_Item]) -> int:
    """Fewest line breaks between consecutive notes (2 = notes separated by blank lines)."""
    gaps = []
    for a, b in pairwise(items):
        segment = text[a.text_start : b.label_start]
        stripped = segment.rstrip()
        gaps.append(segment.count("\n", len(stripped)))
    return max(1, min(gaps)) if gaps else 2


def _last_note_limit(text: str, item: _Item, typical_gap: int) -> int:
    """Where the last note ends: following lines count while closer than the notes' spacing."""
    pos = text.find("\n", item.text_start)
    if pos < 0:
        return len(text)
    for _ in range(50):  # a note longer than 50 lines is no longer a note
        nxt = _skip_ws(text, pos)
        if nxt >= len(text):
            return pos
        if text.count("\n", pos, nxt) >= typical_gap:
            return pos
        line_end = text.find("\n", nxt)
        line_end = len(text) if line_end < 0 else line_end
        if BACKLINK_RE.match(text, nxt) or _is_heading(text[nxt:line_end]):
            return pos
        pos = line_end
    return pos


@lru_cache(maxsize=8)
def _backlinks(text: str) -> tuple[int, ...]:
    """Offsets of back-link debris in ``text`` (one pass per page, not one per candidate)."""
    return tuple(m.start() for m in BACKLINK_SEARCH_RE.finditer(text))


def _trim_note(text: str, start: int, limit: int) -> int:
    links = _backlinks(text)
    k = bisect_left(links, start)
    end = links[k] if k < len(links) and links[k] < limit else limit
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _heading_before(text: str, label_start: int) -> tuple[str, int] | None:
    """The notes heading on the nearest non-blank line above ``label_start``, if any."""
    line_start = text.rfind("\n", 0, label_start) + 1
    if text[line_start:label_start].strip():
        return None
    pos = line_start - 1
    for _ in range(4):  # the heading sits within a few (blank) lines of the list
        if pos < 0:
            return None
        prev_start = text.rfind("\n", 0, pos) + 1
        line = text[prev_start:pos]
        if line.strip():
            if _is_notes_heading(line):
                return line.strip(), prev_start + (len(line) - len(line.lstrip()))
            return None
        pos = prev_start - 1
    return None


def _is_notes_heading(line: str) -> bool:
    words = line.strip().rstrip(":").strip().lower()
    return words in NOTES_HEADINGS


def _is_heading(line: str) -> bool:
    return _is_notes_heading(line)


def _score_run(
    text: str,
    run: _Run,
    extents: list[tuple[int, int]],
    heading: tuple[str, int] | None,
    first_seen: dict[int, int],
) -> float:
    """How much ``run`` looks like a notes list (see the module docstring)."""
    items = run.items
    start = items[0].label_start
    n = len(items)
    score = 3.0 if heading else 0.0
    marked = sum(1 for it in items if first_seen.get(it.number, len(text)) < start)
    score += 3.0 * marked / n
    if not marked and not heading:
        score -= 1.0
    lengths = [end - begin for begin, end in extents]
    typical = median(lengths)
    if typical <= SHORT_NOTE_CHARS:
        score += 1.0
    elif typical >= LONG_ITEM_CHARS:
        score -= 2.0
    bib = sum(1 for (b, e) in extents if _looks_bibliographic(text[b:e]))
    score += bib / n
    if items[0].number == 1:
        score += 1.0
    if start >= len(text) // 2:
        score += 0.5
    if n == 1 and not heading:
        score -= 1.0
    return score


def _looks_bibliographic(note: str) -> bool:
    return bool(_YEARISH_RE.search(note) or _BIB_CUE_RE.search(note))


# --------------------------------------------------------------------------- markers


def _marker_candidates(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _MARKER_RE.finditer(text):
        style = m.lastgroup or ""
        raw = m.group(style)
        if style == "bracket" and _at_line_start(text, m.start()):
            continue  # "[3] Text…" at a line start is a label or a paragraph number
        if style in {"glued", "pquoted", "quoted"} and not _glued_ok(text, m.start(), m.end()):
            continue
        number = int(raw.translate(_SUPERSCRIPTS))
        if number <= 0:
            continue
        out.append(_Candidate(number, m.start(0), m.end(0), style in _STRONG))
    return out


def _at_line_start(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


def _glued_ok(text: str, start: int, end: int) -> bool:
    """Digits glued to punctuation: not a decimal, a ratio, or a number after "No." etc."""
    if end < len(text) and text[end] in ".,:" and end + 1 < len(text) and text[end + 1].isdigit():
        return False
    m = _WORD_BEFORE_RE.search(text, max(0, start - 30), start)
    if m is None:
        return True
    word = m.group(1).rstrip(".").lower()
    if word in NUMBER_ABBREVIATIONS:
        return False
    # a single letter before the punctuation ("H.264", "A.1") is a code, not a word
    return len(word.split(".")[-1]) > 1


def _accept_markers(
    text: str, candidates: list[_Candidate], limit: int, notes: tuple[Note, ...]
) -> tuple[Marker, ...]:
    numbers = {note.number for note in notes}
    top = max(numbers) if numbers else 0
    low = min(numbers) if numbers else 0
    chosen: list[_Candidate] = []
    for cand in candidates:
        if cand.start >= limit:
            break
        if cand.number in numbers:
            chosen.append(cand)
        elif cand.strong and numbers and cand.number <= top + 2:
            chosen.append(cand)  # a marker whose note is missing, but fits the sequence
        elif numbers and low <= cand.number <= top and not cand.strong:
            chosen.append(cand)  # weak, but it fills a gap of the list
        elif not numbers and cand.strong:
            chosen.append(cand)
    if not numbers:
        chosen = _plausible_sequence(chosen)
    if not chosen:
        return ()
    # sentences never cross a line break: split only the lines that hold a marker
    by_line: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}
    markers = []
    for cand in chosen:
        line_start = text.rfind("\n", 0, cand.start) + 1
        if line_start not in by_line:
            line_end = text.find("\n", cand.start, limit)
            spans = sentence_spans(text, line_start, limit if line_end < 0 else line_end)
            by_line[line_start] = (spans, [s for s, _ in spans])
        spans, starts = by_line[line_start]
        i = bisect_right(starts, cand.start) - 1
        s_start, s_end = spans[i] if i >= 0 else (cand.start, cand.end)
        if s_end < cand.end:
            s_start, s_end = min(s_start, cand.start), cand.end
        markers.append(Marker(cand.number, cand.start, cand.end, s_start, s_end))
    return tuple(markers)


def _plausible_sequence(chosen: list[_Candidate]) -> list[_Candidate]:
    """Without a notes list, keep strong markers only when they look like a numbering."""
    distinct = sorted({c.number for c in chosen})
    if not distinct or distinct[0] > MAX_NOTE_GAP:
        return []
    limit = len(distinct) + MAX_NOTE_GAP
    return [c for c in chosen if c.number <= limit]


# --------------------------------------------------------------------------- sentences


def _is_sentence_end(text: str, start: int, end: int, limit: int) -> bool:
    nxt = end
    if nxt >= limit:
        return True
    ch = text[nxt]
    if not (ch.isupper() or ch.isdigit() or ch in "“‘\"'([¿¡"):
        return False
    # find the terminator before the closers/marker
    term = start - 1
    if term < 0:
        return False
    if text[term] == "." and term > 0:
        glued = text[start:end].lstrip("”’\"')]")
        if glued[:1].isdigit() and text[term - 1].isdigit():
            return False  # a decimal number ("3.5 million"), not "York.30 Lee"
        m = _WORD_BEFORE_RE.search(text, max(0, term - 30), term)
        word = m.group(1).lower() if m else ""
        if word in SENTENCE_ABBREVIATIONS:
            return False
        tail = word.split(".")[-1]
        if len(tail) == 1 and tail.isalpha():
            return False  # an initial ("E. Smith")
    return True


def _push_span(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _skip_blanks(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\u00a0":
        pos += 1
    return pos


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos
