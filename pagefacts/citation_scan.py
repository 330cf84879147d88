"""Quote- and bracket-aware scanning of note text.

The parsers must not split a note at a ``;`` or a sentence end inside a quoted title, nor take
a comma inside a title as a field separator. These helpers find the quoted (and bracketed)
stretches of a string by visiting only the quote and bracket characters (``re.finditer``),
not every character, so the cost is linear in the number of marks.
"""

from __future__ import annotations

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


@lru_cache(maxsize=4096)
def outside_quotes(chunk: str) -> str:
    """``chunk`` with quoted passages blanked (same length)."""
    if not any(q in chunk for q in "“‘\"«„([") :
        return chunk
    stack: list[str] = []
    out = []
    for i, ch in enumerate(chunk):
        was = bool(stack)
        track_quote(chunk, i, stack)
        out.append(" " if (was or stack) and ch not in "()[]" else ch)
    return "".join(out)


def first_top_level(s: str, char: str) -> int | None:
    stack: list[str] = []
    for i, ch in enumerate(s):
        track_quote(s, i, stack)
        if not stack and ch == char:
            return i
        if ch in OPENERS and i > 0 and not stack:
            continue
    return None


def closing(w: str, i: int) -> int | None:
    """End (exclusive) of the quotation opened at ``i``; a mismatched closer is accepted."""
    opener = w[i]
    want = OPENERS[opener]
    stack = [want]
    j = i + 1
    fallback = None
    while j < len(w):
        ch = w[j]
        prev, nxt = w[j - 1], (w[j + 1] if j + 1 < len(w) else " ")
        if ch == "’" and prev.isalpha() and nxt.isalpha():
            j += 1
            continue
        if ch in OPENERS and ch not in CLOSERS and not (ch == "‘" and prev.isalpha()):
            stack.append(OPENERS[ch])
        elif ch in CLOSERS or ch == "\"":
            if stack and ch == stack[-1]:
                stack.pop()
                if not stack:
                    return j + 1
            elif ch in CLOSERS and len(stack) == 1 and not nxt.isalpha() and fallback is None:
                fallback = j + 1  # ‘…” : the wrong closing mark
        j += 1
    return fallback

