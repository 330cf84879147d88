"""Whole-reference layouts recognised before the field-by-field rules.

Each recogniser reads the masked work text (consumed spans blanked, offsets kept) and fills CSL
fields from one well-known shape:

* reference-list heads: author-date "Family, G. H., & Family, I. (2021)." (APA, Harvard) or
  "Organisation (2019)", and MLA "Family, Given." followed by an unquoted title sentence;
* imprints in parentheses, Chicago style: "(New York: Basic Books, 2019), 45";
* journal numbers, Chicago style: "Journal 33, no. 2 (2019): 118–39";
* a pinpoint page at the end of a work (", 112." / "Id. at 9");
* hearings ("…: Hearing Before the Committee on …, 114th Cong. (2015)").
"""

from __future__ import annotations

import re
from typing import Protocol

from pagefacts.citation_dates import all_dates
from pagefacts.citation_names import parse_inverted_names
from pagefacts.citation_scan import OPENERS
from pagefacts.vocab.citations import (
    BARE_NUMBERS_RE,
    HEAD_DATE_RE,
    HEARING_END_RE,
    HEARING_RE,
    IMPRINT_RE,
    JOURNAL_NUMBERS_RE,
    MAX_YEAR,
    MIN_YEAR,
    MONTHS,
    NOT_GIVEN_NAMES,
    ORG_HEAD_RE,
    SENTENCE_ABBREVIATIONS,
    SINGLE_QUOTE_END_RE,
    TITLE_END_RE,
    TRAILING_PAGE_RE,
)

__all__ = ["has_ref_head", "take_bare_numbers", "take_hearing", "take_imprint",
           "take_journal_numbers", "take_ref_head", "take_trailing_page"]


class Masked(Protocol):
    text: str
    rest: str

    def take(self, start: int, end: int) -> str: ...


def take_ref_head(w: str, mk: Masked, f: dict, body: int) -> tuple[int, list] | None:
    """Authors (and date) of a reference-list entry at ``body``; returns (title start, spans).

    When the title is not quoted it is taken too (up to the end of its sentence).
    """
    start = body + len(w[body:]) - len(w[body:].lstrip())
    parsed = parse_inverted_names(w, start)
    spans: list[tuple[int, int]] = []
    if parsed is not None:
        names, spans, end = parsed
        m = HEAD_DATE_RE.match(w, end)
        if m is None:
            # MLA: "Family, Given." then the title (the period may be the initial's)
            if not (end > start and (w[end - 1] == "." or w.startswith(".", end))):
                return None
            end += 0 if w[end - 1] == "." else 1
            if not w[end : end + 1].isspace() or _looks_like_short_form(w, end):
                return None
    else:
        m = ORG_HEAD_RE.match(w, start)
        if m is None or m.group("org").split()[0].lower() in NOT_GIVEN_NAMES:
            return None
        org = m.group("org").rstrip(".")
        names = [{"family": None, "given": None, "literal": org}]
        spans = [(start, start + len(org))]
        m = HEAD_DATE_RE.match(w, m.end())
        if m is None:
            return None
    if m is not None:
        f["issued"] = _head_date(m)
        end = m.end()
    f["author"] = names
    mk.take(start, end)
    title_start = end + len(w[end:]) - len(w[end:].lstrip())
    if w.startswith("'", title_start):
        _take_single_quoted(w, mk, f, title_start)
    elif w[title_start : title_start + 1] not in OPENERS:
        _take_title_sentence(w, mk, f, title_start)
    return title_start, spans


def has_ref_head(w: str) -> bool:
    """``w`` starts like an author-date reference: names, then a date in parentheses."""
    start = len(w) - len(w.lstrip())
    parsed = parse_inverted_names(w, start)
    if parsed is not None:
        return HEAD_DATE_RE.match(w, parsed[2]) is not None
    m = ORG_HEAD_RE.match(w, start)
    return m is not None and m.group("org").split()[0].lower() not in NOT_GIVEN_NAMES


def _looks_like_short_form(w: str, end: int) -> bool:
    """"Smith, Title. …" with only a few words left is a short-form note, not an MLA head."""
    rest = w[end:].strip()
    return len(rest.split()) <= 2


def _head_date(m: re.Match[str]) -> str | None:
    if m.group("nd") or not m.group("year"):
        return None
    year = int(m.group("year"))
    month = MONTHS.get((m.group("month") or "").lower().rstrip("."))
    if not month:
        return f"{year:04d}"
    day = int(m.group("day")) if m.group("day") else 0
    if 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}"


def _take_title_sentence(w: str, mk: Masked, f: dict, start: int) -> None:
    for m in TITLE_END_RE.finditer(w, start):
        if m.group(1) == "." and _abbreviation_before(w, m.start()):
            continue
        end = m.end() if m.group(1) in "?!" else m.start()
        title = w[start:end].strip()
        if title:
            f["title"] = title
            mk.take(start, m.end())
        return


def _take_single_quoted(w: str, mk: Masked, f: dict, start: int) -> None:
    """Harvard 'Title', in straight single quotes (apostrophes inside words are skipped)."""
    m = SINGLE_QUOTE_END_RE.search(w, start + 1)
    if m is not None and w[start + 1 : m.start()].strip():
        f["title"] = w[start + 1 : m.start()].strip()
        mk.take(start, m.end())


def _abbreviation_before(w: str, pos: int) -> bool:
    m = re.search(r"([\w.]+)$", w[max(0, pos - 12) : pos])
    word = m.group(1).lower() if m else ""
    return word in SENTENCE_ABBREVIATIONS or (len(word) == 1 and word.isalpha() and
                                              w[pos - 1].isupper())


def take_imprint(w: str, mk: Masked, f: dict) -> bool:
    """"(Place: Publisher, Date)" and a pinpoint page after it."""
    rest = mk.rest
    for m in IMPRINT_RE.finditer(rest):
        dates = all_dates(m.group("date"))
        if not dates:
            continue
        if m.group("place") is None and not _is_proper(m.group("pub")):
            continue
        f["publisher"] = _squash(m.group("pub"))
        if m.group("place"):
            f["publisher_place"] = _squash(m.group("place"))
        f["issued"] = f["issued"] or max(dates, key=lambda d: d[0])[1]
        if m.group("page") and f["page"] is None:
            f["page"] = m.group("page")
        mk.take(m.start(), m.end())
        return True
    return False


def _is_proper(value: str) -> bool:
    words = value.split()
    return 0 < len(words) <= 8 and all(
        w[:1].isupper() or w in {"of", "and", "for", "the", "&", "de"} for w in words)


def take_journal_numbers(mk: Masked, f: dict) -> bool:
    """"33, no. 2 (2019): 118–39" after a journal's name."""
    m = JOURNAL_NUMBERS_RE.search(mk.rest) if "(" in mk.rest else None
    if m is None or (MIN_YEAR <= int(m.group("vol")) <= MAX_YEAR and not m.group("page")):
        return False
    dates = all_dates(m.group("date"))
    if not dates:
        return False
    f["volume"] = m.group("vol")
    f["issue"] = f["issue"] or m.group("iss")
    f["issued"] = f["issued"] or max(dates, key=lambda d: d[0])[1]
    if m.group("page"):
        f["page"] = f["page"] or m.group("page")
    mk.take(m.start(), m.end())
    return True


def take_bare_numbers(mk: Masked, f: dict) -> None:
    """APA/Harvard numbers after a journal's name: ", 134, 103–125" or ", 12(3), 45–67"."""
    if f["volume"] is not None:
        return
    m = BARE_NUMBERS_RE.search(mk.rest)
    if m is None:
        return
    vol = m.group("vol")
    if MIN_YEAR <= int(vol) <= MAX_YEAR and not m.group("iss"):
        return
    f["volume"], f["issue"] = vol, f["issue"] or m.group("iss")
    page = m.group("page") or m.group("range")
    if page and f["page"] is None:
        f["page"] = page
        mk.take(m.start(), m.end())
    else:
        mk.take(m.start(), m.end("iss") + 1 if m.group("iss") else m.end("vol"))


def take_trailing_page(mk: Masked, f: dict) -> None:
    """A bare number (or range) ending the work is a pinpoint page, unless it is a year."""
    if f["page"] is not None:
        return
    m = TRAILING_PAGE_RE.search(mk.rest)
    if m is None:
        return
    value = m.group("page")
    if value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR:
        return
    f["page"] = value
    mk.take(m.start(), m.end("page"))


def take_hearing(w: str, mk: Masked, f: dict, body: int) -> bool:
    """A hearing cited by its title: the title runs to the congress number or a parenthesis."""
    rest = mk.rest
    m = HEARING_RE.search(rest, body) if "earing" in rest else None
    if m is None or any(ch in rest[body : m.start()] for ch in OPENERS):
        return False
    end = HEARING_END_RE.search(rest, m.end())
    stop = end.start() if end else len(rest)
    title = rest[body:stop].strip().rstrip(",.;")
    if not title:
        return False
    f["title"] = _squash(title)
    mk.take(body, stop)
    tail = mk.rest
    for s in re.finditer(r"\((?:statement|testimony|remarks)\b[^()]*\)", tail, re.I):
        mk.take(s.start(), s.end())
    return True


def _squash(value: str) -> str:
    return " ".join(value.split())

