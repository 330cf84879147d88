"""Data-quality findings of the citations stage: per work (run-together words, unbalanced quotes,
bad URLs) and per page (note sequence, markers, name mismatches). Never fixes the source.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from pagefacts.model import NotesBlock
from pagefacts.vocab.citations import CAMEL_CASE_WORDS, CAMEL_NAME_PREFIXES, NOT_GIVEN_NAMES

if TYPE_CHECKING:
    from pagefacts.citations import Citation

from pagefacts.vocab.citations import BODY_NAME_RE, RUN_TOGETHER_RE

STAGE = "citations"


def make_finding(kind: str, message: str, start: int | None, end: int | None,
             note_number: int | None) -> dict:
    return {"stage": STAGE, "kind": kind, "message": message, "start": start, "end": end,
            "note_number": note_number}


def text_issues(w: str) -> list[dict]:
    issues = []
    for m in RUN_TOGETHER_RE.finditer(w):
        if _is_run_together(m):
            issues.append({
                "kind": "run-together",
                "message": f"words run together where punctuation was lost: {m.group(0)!r}",
            })
    if _unbalanced(w):
        issues.append({"kind": "unbalanced-quotes", "message": "quotation marks do not pair up"})
    return issues


def _is_run_together(m: re.Match[str]) -> bool:
    word = m.group(0)
    if word.lower() in CAMEL_CASE_WORDS or word.lower().rstrip("s") in CAMEL_CASE_WORDS:
        return False
    return not m.group(1).startswith(CAMEL_NAME_PREFIXES) or len(m.group(1)) > 3


def _unbalanced(w: str) -> bool:
    doubles = w.count("“") - w.count("”")
    opens = sum(1 for i, ch in enumerate(w) if ch == "‘" and (i == 0 or not w[i - 1].isalpha()))
    closes = 0
    for i, ch in enumerate(w):
        if ch != "’":
            continue
        prev = w[i - 1] if i else " "
        nxt = w[i + 1] if i + 1 < len(w) else " "
        if prev.isalpha() and nxt.isalpha():
            continue
        if prev == "s" and nxt == " " and opens == closes:
            continue  # plural possessive
        closes += 1
    return doubles != 0 or opens != closes or w.count('"') % 2 == 1


def url_problem(url: str) -> tuple[str, str] | None:
    if url[:1] in {",", ";", "%"} or url.endswith(("…", "...")):
        return "truncated-url", f"URL is truncated (no scheme or host): {url!r}"
    if not re.match(r"(?:https?|ftp)://[^/\s]+\.[^/\s]+", url):
        return "malformed-url", f"URL has no scheme or host: {url!r}"
    return None


def sequence_findings(text: str, block: NotesBlock) -> list[dict]:
    out: list[dict] = []
    notes = block.notes
    numbers = [n.number for n in notes]
    have = set(numbers)
    for prev, nxt in pairwise(notes):
        if nxt.number < prev.number:
            out.append(make_finding("note-out-of-order",
                                f"note {nxt.number} comes after note {prev.number}",
                                nxt.start, nxt.end, nxt.number))
        for missing in range(prev.number + 1, nxt.number):
            if missing not in have:
                out.append(make_finding("missing-note",
                                    f"note {missing} is missing from the notes list "
                                    f"(between notes {prev.number} and {nxt.number})",
                                    prev.end, nxt.start, missing))
    if notes and numbers[0] > 1:
        for missing in range(1, numbers[0]):
            msg = f"note {missing} is missing from the notes list"
            out.append(make_finding("missing-note", msg, None, None, missing))
    marked = set()
    highest = 0
    for mk in block.markers:
        marked.add(mk.number)
        if mk.number not in have:
            out.append(make_finding("marker-without-note",
                                f"marker {text[mk.start:mk.end]!r} has no note {mk.number}",
                                mk.start, mk.end, mk.number))
        if mk.number < highest and mk.number not in marked - {mk.number}:
            out.append(make_finding("marker-out-of-order",
                                f"marker {mk.number} first appears after marker {highest}",
                                mk.start, mk.end, mk.number))
        highest = max(highest, mk.number)
    for note in notes:
        if note.number not in marked:
            out.append(make_finding("note-without-marker",
                                f"note {note.number} has no marker in the text",
                                note.start, note.end, note.number))
    return out


def body_name_guesses(text: str, block: NotesBlock) -> list[str]:
    """Capitalised word pairs of the body: cheap stand-ins for person names."""
    limit = block.start if block.start is not None else len(text)
    return [f"{m.group(1)} {m.group(2)}" for m in BODY_NAME_RE.finditer(text, 0, limit)
            if m.group(1).lower() not in NOT_GIVEN_NAMES]


def name_findings(citations: list[Citation], body_names: Iterable[str]) -> list[dict]:
    """Authors whose name differs slightly from the same person's name elsewhere on the page."""
    counts: Counter[tuple[str, str]] = Counter()
    in_body: set[tuple[str, str]] = set()
    for name in body_names:
        parts = name.split()
        if len(parts) >= 2:
            key = (" ".join(parts[:-1]), parts[-1])
            counts[key] += 1
            in_body.add(key)
    note_authors: list[tuple[Citation, int, tuple[str, str]]] = []
    for cit in citations:
        if cit.ibid_of:
            continue
        for i, a in enumerate(cit.author):
            if a.get("family") and a.get("given") and len(a["given"].replace(".", "")) > 1:
                key = (a["given"], a["family"])
                counts[key] += 1
                note_authors.append((cit, i, key))
    by_family: dict[str, set[str]] = defaultdict(set)
    by_given: dict[str, set[str]] = defaultdict(set)
    for given, family in counts:
        by_family[family].add(given)
        by_given[given].add(family)
    out = []
    seen = set()
    for cit, i, (given, family) in note_authors:
        variants = [(g, family) for g in by_family[family] if g != given and _near(g, given)]
        variants += [(given, fam) for fam in by_given[given] if fam != family
                     and _edit1(fam, family) and len(family) >= 4]
        for other in variants:
            mine, theirs = counts[(given, family)], counts[other]
            if mine > theirs or (mine == theirs and (given, family) in in_body):
                continue
            key = (cit.citation_id, other)
            if key in seen:
                continue
            seen.add(key)
            where = "in the text" if other in in_body else "in another note"
            msg = (f"note {cit.note_number} names {given} {family!s}, "
                   f"but {where} the name is {other[0]} {other[1]}")
            cit.issues.append({"kind": "name-mismatch", "message": msg})
            spans = getattr(cit, "_author_spans", [])
            s, e = spans[i] if i < len(spans) else (cit.start, cit.end)
            out.append(make_finding("name-mismatch", msg, s, e, cit.note_number))
    return out


def _near(a: str, b: str) -> bool:
    """Two given names that are likely one name misspelt (not two different people)."""
    a2, b2 = a.lower().rstrip("."), b.lower().rstrip(".")
    if len(a2) < 3 or len(b2) < 3:
        return False
    return a2.startswith(b2) or b2.startswith(a2) or _edit1(a2, b2)


def _edit1(a: str, b: str) -> bool:
    """Levenshtein distance exactly 1."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]

