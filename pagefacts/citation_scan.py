"""Quote- and bracket-aware scanning of note text.

The parsers must not split a note at a ``;`` or a sentence end inside a quoted title, nor take
a comma inside a title as a field separator. These helpers find the quoted (and bracketed)
stretches of a string by visiting only the quote and bracket characters (``re.finditer``),
not every character, so the cost is linear in the number of marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

OPENERS = {"“": "”", "‘": "’", "\"": "\"", "«": "»", "„": "“"}


CLOSERS = {"”", "’", "\"", "»"}


def track_quote(s: str, i: int, stack: list[str]) -> None:
    ch = s[i]
    prev = s[i - 1] if i > 0 else " "
    nxt = s[i + 1] if i + 1 < len(s) else " "
    if ch == "’" and prev.isalpha() and nxt.isalpha():
        return  # apostrophe
    if ch in ("(", "["):
        stack.append(")" if ch == "(" else "]")
    elif ch in (")", "]"):
        if ch in stack:
            while stack and stack.pop() != ch:
                pass
    elif ch == '"':
        if stack and stack[-1] == '"':
            stack.pop()
        elif not prev.isalnum():
            stack.append('"')
    elif ch in OPENERS and ch not in CLOSERS and not (ch == "‘" and prev.isalpha()):
        stack.append(OPENERS[ch])
    elif ch in CLOSERS:
        if ch in stack:
            while stack and stack.pop() != ch:
                pass
        elif ch == "”" and stack and stack[-1] == "’":
            stack.pop()  # ‘…” : mismatched marks still close the quotation
    if len(stack) > 6:
        del stack[:]


_MARK_RE = re.compile(r"[“”‘’\"«»„()\[\]]")
_BRACKETS_KEPT_RE = re.compile(r"[^()\[\]]")
_BIG = 1 << 62


@lru_cache(maxsize=4096)
def quoted_spans(s: str) -> tuple[tuple[int, int], ...]:
    """Top-level quoted or bracketed stretches of ``s`` as ``(open, close)`` indices.

    ``open`` is the opening mark, ``close`` the closing one (``len(s)`` when unclosed): a
    position ``i`` is inside when ``open <= i < close``. Only the marks are visited, with the
    rules of :func:`track_quote`.
    """
    spans: list[tuple[int, int]] = []
    stack: list[str] = []
    start = -1
    for m in _MARK_RE.finditer(s):
        i = m.start()
        was = bool(stack)
        track_quote(s, i, stack)
        if stack and not was:
            start = i
        elif was and not stack:
            spans.append((start, i))
    if stack:
        spans.append((start, len(s)))
    return tuple(spans)


def is_inside(spans: tuple[tuple[int, int], ...], pos: int) -> bool:
    """``pos`` lies inside one of ``spans`` (see :func:`quoted_spans`)."""
    k = bisect_right(spans, (pos, _BIG)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


@lru_cache(maxsize=4096)
def outside_quotes(chunk: str) -> str:
    """``chunk`` with quoted passages blanked (same length; brackets themselves kept)."""
    spans = quoted_spans(chunk)
    if not spans:
        return chunk
    parts: list[str] = []
    cursor = 0
    for a, b in spans:
        b = min(b + 1, len(chunk))  # the closing mark is blanked too
        parts.append(chunk[cursor:a])
        parts.append(_BRACKETS_KEPT_RE.sub(" ", chunk[a:b]))
        cursor = b
    parts.append(chunk[cursor:])
    return "".join(parts)


def first_top_level(s: str, char: str) -> int | None:
    """Index of the first ``char`` outside quotations and brackets (None when there is none)."""
    spans = quoted_spans(s)
    pos = s.find(char)
    while pos >= 0:
        if not is_inside(spans, pos):
            return pos
        pos = s.find(char, pos + 1)
    return None


_QUOTE_MARK_RE = re.compile(r"[“”‘’\"«»„]")


def closing(w: str, i: int) -> int | None:
    """End (exclusive) of the quotation opened at ``i``; a mismatched closer is accepted."""
    stack = [OPENERS[w[i]]]
    fallback = None
    n = len(w)
    for m in _QUOTE_MARK_RE.finditer(w, i + 1):
        j = m.start()
        ch = w[j]
        prev, nxt = w[j - 1], (w[j + 1] if j + 1 < n else " ")
        if ch == "’" and prev.isalpha() and nxt.isalpha():
            continue  # apostrophe
        if ch in OPENERS and ch not in CLOSERS and not (ch == "‘" and prev.isalpha()):
            stack.append(OPENERS[ch])
        elif ch in CLOSERS or ch == "\"":
            if stack and ch == stack[-1]:
                stack.pop()
                if not stack:
                    return j + 1
            elif ch in CLOSERS and len(stack) == 1 and not nxt.isalpha() and fallback is None:
                fallback = j + 1  # ‘…” : the wrong closing mark
    return fallback
