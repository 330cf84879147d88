"""Dates in citations: ``issued`` and ``accessed`` as ISO 8601, as precise as written.
"""

from __future__ import annotations

import re

from pagefacts.vocab.citations import DATE_PATTERNS, MAX_YEAR, MIN_YEAR, MONTHS, YEAR


def all_dates(s: str) -> list[tuple[int, str, tuple[int, int]]]:
    """Every date in ``s``: (precision 1–3, ISO string, span); overlapping weaker ones dropped."""
    found: list[tuple[int, str, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in DATE_PATTERNS:
        for m in pattern.finditer(s):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            iso = _iso(m, kind)
            if iso is None:
                continue
            found.append((iso.count("-") + 1, iso, (m.start(), m.end())))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t[2][0])
    return found


def first_date(s: str, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
    dates = [d for d in all_dates(s[start:end])]
    if not dates:
        return None
    _, iso, (a, b) = dates[0]
    return iso, (start + a, start + b)


def find_year(s: str) -> bool:
    return any(MIN_YEAR <= int(m.group(1)) <= MAX_YEAR for m in re.finditer(YEAR, s))


def _iso(m: re.Match[str], kind: str) -> str | None:
    g = m.groups()
    try:
        if kind == "ymd":
            y, mo, d = int(g[0]), int(g[1]), int(g[2])
        elif kind == "dmy":
            d, mo, y = int(g[0]), MONTHS[g[1].lower()], int(g[2])
        elif kind == "mdy":
            mo, d, y = MONTHS[g[0].lower()], int(g[1]), int(g[2])
        elif kind == "slash":
            a, b, y = int(g[0]), int(g[1]), int(g[2])
            if a > 12 >= b:
                d, mo = a, b
            elif b > 12 >= a:
                mo, d = a, b
            else:
                return f"{y:04d}" if MIN_YEAR <= y <= MAX_YEAR else None  # d/m or m/d: unknown
        elif kind == "my":
            mo, y = MONTHS[g[0].lower()], int(g[1])
            return f"{y:04d}-{mo:02d}" if MIN_YEAR <= y <= MAX_YEAR else None
        else:
            y = int(g[0])
            return f"{y:04d}" if MIN_YEAR <= y <= MAX_YEAR else None
    except (KeyError, ValueError):
        return None
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= mo <= 12 and 1 <= d <= _days(y, mo)):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _days(y: int, mo: int) -> int:
    if mo == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if mo in (4, 6, 9, 11) else 31

