"""Finding quoted spans: paragraphs, quote-mark pairing and sentence bounds.

Pure, linear-time helpers used by :mod:`pagefacts.quotes`. A quote never runs across a blank
line (a paragraph break) and never beyond a length bound, so one stray mark cannot swallow
the rest of a page; apostrophes inside words (``Beijing’s``, ``it’s``) are never marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass

from pagefacts.vocab import quotes as V

_BLANK_LINE = re.compile(r"\n[ \t\u00a0\u200b]*\n")
_MARKS = re.compile("[" + re.escape("".join(sorted(V.ALL_MARKS))) + "]")
# A sentence ends at . ! ? (or …) plus closing marks/brackets and glued note markers,
# then whitespace and something that can start a sentence.
_SENT_END = re.compile(
    r"[.!?…]+[”’\"'»)\]]*(?:\[\d{1,4}\]|\(\d{1,3}\)|\d{1,3}(?=\s))?[”’\"»]?\s+"
    r"(?=[\[(“‘\"'«]?[A-Z0-9ÀÖØ-Þ])"
)
_NEWLINE_END = re.compile(r"(?<=[.!?:;”\"’\]])[ \t]*\n")
_ABBREV = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|vs|etc|e\.g|i\.e|No|Vol|pp|p|cf|ed|eds|al|Gen|Sen|Rep|Gov|Lt|Col|Capt|Inc|Ltd|Co|U\.S|U\.K))\.$"
)


@dataclass(frozen=True)
class RawSpan:
    """A pair of quote marks: ``open``/``close`` are the marks' offsets, ``start``/``end`` the
    quoted text inside them (surrounding whitespace excluded)."""

    open: int
    close: int
    start: int
    end: int
    double: bool
    para: int  # index of the paragraph
    parent: int = -1  # index (in the page's span list) of the enclosing span, -1 if none


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: runs of text between blank lines."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _BLANK_LINE.finditer(text):
        _add_para(text, pos, match.start(), spans)
        pos = match.end()
    _add_para(text, pos, len(text), spans)
    return spans


def _add_para(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def _is_boundary(ch: str) -> bool:
    return ch.isspace() or ch in V.OPEN_CONTEXT or ch in V.DOUBLE_OPEN or ch in V.SINGLE_OPEN


def _role(text: str, i: int, start: int, end: int, stack: deque) -> str | None:
    """What the mark at ``i`` does: 'od' open double, 'cd' close double, 'os', 'cs', or None."""
    ch = text[i]
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    has_double = any(kind == "d" for _, kind in stack)
    has_single = bool(stack) and stack[-1][1] == "s"
    if ch in V.DOUBLE_OPEN:
        return "od"
    if ch in V.DOUBLE_CLOSE:
        if not has_double and _is_boundary(prev) and nxt.isalnum():
            return "od"  # a closing mark used as an opener after a space
        return "cd"
    if ch == V.STRAIGHT_DOUBLE:
        opener = _is_boundary(prev) and not nxt.isspace()
        closer = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
        if has_double and closer:
            return "cd"
        if opener:
            return "od"
        return "cd" if has_double else None
    if prev.isalnum() and nxt.isalnum():
        return None  # an apostrophe inside a word: Beijing’s, it’s, don't
    if ch in V.SINGLE_OPEN:
        return None if prev.isalnum() else "os"
    if ch in V.SINGLE_CLOSE:
        if has_single and not prev.isspace():
            return "cs"
        return None  # students’, ’70s: apostrophes
    # straight single quote
    if _is_boundary(prev) and nxt.isalpha():
        return "os"
    if has_single and not prev.isspace() and not nxt.isalnum():
        return "cs"
    return None


def scan_paragraph(text: str, start: int, end: int, para: int) -> list[RawSpan]:
    """Pair the quote marks of one paragraph (a stack of open marks, bounded in depth/length)."""
    found: list[RawSpan] = []
    stack: deque[tuple[int, str]] = deque()
    for match in _MARKS.finditer(text, start, end):
        i = match.start()
        while stack and i - stack[0][0] > V.MAX_DOUBLE_CHARS:
            stack.popleft()  # too far back: that mark was never closed
        role = _role(text, i, start, end, stack)
        if role is None:
            continue
        if role[0] == "o":
            stack.append((i, role[1]))
            if len(stack) > 8:  # deeper nesting than any real text: drop the oldest mark
                stack.popleft()
            continue
        opened = _pop_matching(stack, role[1])
        if opened is None:
            continue
        span = _make_span(text, opened[0], i, opened[1] == "d" or role == "cd", para)
        if span is not None:
            found.append(span)
    found.sort(key=lambda s: s.open)
    return found


def _pop_matching(stack: deque, kind: str) -> tuple[int, str] | None:
    """Pop the open mark a closing mark of ``kind`` closes (unclosed marks above it go)."""
    if kind == "s":
        if stack and stack[-1][1] == "s":
            return stack.pop()
        return None
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][1] == "d":
            while len(stack) > depth + 1:
                stack.pop()
            return stack.pop()
    if stack:  # ‘…” : a single opener closed by a double mark (a typographic slip)
        return stack.pop()
    return None


def _make_span(text: str, o: int, c: int, double: bool, para: int) -> RawSpan | None:
    limit = V.MAX_DOUBLE_CHARS if double else V.MAX_SINGLE_CHARS
    if c - o > limit:
        return None
    s, e = o + 1, c
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s or not any(ch.isalnum() for ch in text[s:e]):
        return None
    return RawSpan(o, c, s, e, double, para)


def nest(spans: list[RawSpan]) -> list[RawSpan]:
    """Set ``parent`` of spans contained in another (spans sorted by ``open``)."""
    out: list[RawSpan] = []
    stack: list[int] = []
    for span in spans:
        while stack and out[stack[-1]].close < span.open:
            stack.pop()
        parent = stack[-1] if stack else -1
        if parent >= 0 and out[parent].close < span.close:
            parent = -1  # overlapping, not nested
        out.append(RawSpan(**{**span.__dict__, "parent": parent}))
        stack.append(len(out) - 1)
    return out


def sentence_breaks(text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> list[int]:
    """Start offsets of the sentences of ``text[start:end]`` (the first is ``start``).

    Breaks inside quoted spans (``quoted``: ``(open, close)`` pairs) do not count, nor do
    periods of abbreviations and initials.
    """
    breaks = [start]
    qi = 0
    for regex in (_SENT_END, _NEWLINE_END):
        qi = 0
        for match in regex.finditer(text, start, end):
            pos = match.start()
            while qi < len(quoted) and quoted[qi][1] < pos:
                qi += 1
            if (
                qi < len(quoted)
                and quoted[qi][0] < pos < quoted[qi][1]
                and match.end() <= quoted[qi][1] + 1
            ):
                continue  # a full stop inside a quotation that goes on
            if regex is _SENT_END and _ABBREV.search(text, max(start, pos - 6), pos + 1):
                continue
            breaks.append(match.end())
    breaks.sort()
    return breaks


def sentence_of(breaks: list[int], end: int, offset: int) -> tuple[int, int]:
    """The sentence ``(start, end)`` holding ``offset``, from ``sentence_breaks``."""
    i = bisect_right(breaks, offset) - 1
    s = breaks[max(i, 0)]
    e = breaks[i + 1] if i + 1 < len(breaks) else end
    return s, e
