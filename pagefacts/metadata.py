"""Article metadata from a page's text dump: title, byline, dates, publisher, counters, ...

``extract_metadata`` reads the header (above the body), the trailer (below it) and the
layout's sections with general rules and the vocabularies of :mod:`pagefacts.vocab.metadata`.
A field the page does not show is ``None`` (or ``[]``): nothing is invented.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from pagefacts.layout import (
    Line,
    is_chrome,
    is_disclaimer,
    is_person_name,
    is_prose,
    is_title_case,
    person_names,
    split_lines,
)
from pagefacts.model import Layout, Page
from pagefacts.vocab import metadata as V

__all__ = [
    "OFFSETS_BASIS",
    "DocumentMetadata",
    "ImageCredit",
    "detect_language",
    "extract_metadata",
    "parse_date",
]

OFFSETS_BASIS = (
    "Offsets (start/end) are 0-based Unicode code-point indices into the page text after "
    "decoding, newline normalisation (CRLF and CR to LF) and Unicode NFC normalisation; "
    "text[start:end] gives back the recorded string."
)
_MARKER_RE = re.compile(r"\[\d{1,4}\]")


@dataclass(frozen=True)
class ImageCredit:
    """An image credit line: “Title” by Creator is licensed under Licence."""

    title: str | None
    creator: str | None
    licence: str | None
    licence_url: str | None
    raw: str
    start: int
    end: int

    def to_record(self) -> dict:
        return {
            "title": self.title,
            "creator": self.creator,
            "licence": self.licence,
            "licence_url": self.licence_url,
            "raw": self.raw,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class DocumentMetadata:
    """The metadata of one page (the documents row, less the pipeline's counts and lineage)."""

    document_id: str
    source_path: str
    source_url: str | None
    content_sha256: str
    encoding: str
    byte_size: int
    title: str | None = None
    authors: tuple[str, ...] = ()
    date_published: str | None = None
    date_modified: str | None = None
    publisher: str | None = None
    categories: tuple[str, ...] = ()
    reading_time_minutes: int | None = None
    comment_count: int | None = None
    share_count: int | None = None
    summary: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    image_credits: tuple[ImageCredit, ...] = ()
    author_bio: str | None = None
    disclaimer: str | None = None
    word_count: int = 0
    language: str | None = None
    findings: tuple[dict, ...] = field(default_factory=tuple)
    offsets_basis: str = OFFSETS_BASIS

    def to_record(self) -> dict:
        return {
            "document_id": self.document_id,
            "source_path": self.source_path,
            "source_url": self.source_url,
            "content_sha256": self.content_sha256,
            "encoding": self.encoding,
            "byte_size": self.byte_size,
            "offsets_basis": self.offsets_basis,
            "title": self.title,
            "authors": list(self.authors),
            "date_published": self.date_published,
            "date_modified": self.date_modified,
            "publisher": self.publisher,
            "categories": list(self.categories),
            "reading_time_minutes": self.reading_time_minutes,
            "comment_count": self.comment_count,
            "share_count": self.share_count,
            "summary": list(self.summary),
            "headings": list(self.headings),
            "image_credits": [credit.to_record() for credit in self.image_credits],
            "author_bio": self.author_bio,
            "disclaimer": self.disclaimer,
            "word_count": self.word_count,
            "language": self.language,
            "findings": [dict(finding) for finding in self.findings],
        }


# --------------------------------------------------------------------------- zones


@dataclass(frozen=True)
class _Zones:
    """The page's lines split by region (ignored chrome lines kept apart)."""

    header: list[Line]  # non-blank, not ignored, above the body
    trailer: list[Line]  # non-blank, not ignored, below the body and outside the notes
    chrome: list[Line]  # non-blank ignored lines outside the body
    all_lines: list[Line]


def _zones(text: str, layout: Layout) -> _Zones:
    header: list[Line] = []
    trailer: list[Line] = []
    chrome: list[Line] = []
    lines = split_lines(text)
    for line in lines:
        if line.blank:
            continue
        in_notes = (
            layout.notes_start is not None
            and layout.notes_end is not None
            and layout.notes_start <= line.content_start < layout.notes_end
        )
        if in_notes or layout.body_start <= line.content_start < layout.body_end:
            continue
        if layout.is_ignored(line.content_start):
            chrome.append(line)
        elif line.content_start < layout.body_start:
            header.append(line)
        else:
            trailer.append(line)
    return _Zones(header, trailer, chrome, lines)


# --------------------------------------------------------------------------- dates


def _full_date(year: int, month: int, day: int) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: str) -> tuple[str | None, tuple[int, int] | None]:
    """The first full date written in ``value`` as ISO ``YYYY-MM-DD`` (None if there is none).

    The second item is the span of a month-and-year-only date ("November 1993") when no full
    date is written: such a date is not completed by guessing a day.
    """
    found: list[tuple[int, str]] = []
    for match in V.DATE_ISO_RE.finditer(value):
        iso = _full_date(int(match["year"]), int(match["month"]), int(match["day"]))
        if iso:
            found.append((match.start(), iso))
    for pattern in (V.DATE_MDY_RE, V.DATE_DMY_RE):
        for match in pattern.finditer(value):
            month = V.MONTHS.get(match["month"].lower().rstrip("."))
            if month:
                iso = _full_date(int(match["year"]), month, int(match["day"]))
                if iso:
                    found.append((match.start(), iso))
    for match in V.DATE_NUMERIC_RE.finditer(value):
        first, second = int(match["a"]), int(match["b"])
        # day first (as written outside the US); a slashed date whose second number cannot be
        # a month is read month first (04/13/2021); dotted dates are always day first
        if second > 12 and match["sep"] != "." and first <= 12:
            first, second = second, first
        iso = _full_date(int(match["year"]), second, first)
        if iso:
            found.append((match.start(), iso))
    if found:
        return min(found)[1], None
    partial = V.DATE_MONTH_YEAR_RE.search(value)
    if partial and V.MONTHS.get(partial["month"].lower().rstrip(".")):
        return None, partial.span()
    return None, None


def _date_line(line: Line) -> bool:
    """A line that is mostly a date (a header date line)."""
    iso, partial = parse_date(line.content)
    if iso is None and partial is None:
        return False
    return line.words <= 3 + V.DATE_LINE_MAX_EXTRA_WORDS


def _dates(zones: _Zones) -> tuple[str | None, str | None, list[dict]]:
    published: str | None = None
    modified: str | None = None
    findings: list[dict] = []
    cue_published: str | None = None
    for line in (*zones.header, *zones.trailer):
        content = line.content
        if V.NOT_PUBLICATION_DATE_RE.search(content) or line.words > 20:
            continue
        iso, partial = parse_date(content)
        if V.MODIFIED_CUE_RE.search(content):
            modified = modified or iso
            continue
        if iso and V.PUBLISHED_CUE_RE.search(content):
            cue_published = cue_published or iso
        elif iso and published is None and line in zones.header and not is_prose(line):
            published = iso
        elif partial and line in zones.header and not findings:
            start = line.content_start + partial[0]
            findings.append(
                _finding(
                    "partial-date",
                    f"only a month and year are written ({content[partial[0]:partial[1]]!r}): "
                    "no full publication date",
                    start,
                    line.content_start + partial[1],
                )
            )
    published = cue_published or published
    if published:
        findings = []
    return published, modified, findings


def _finding(kind: str, message: str, start: int | None, end: int | None) -> dict:
    return {
        "stage": "metadata",
        "kind": kind,
        "message": message,
        "start": start,
        "end": end,
        "note_number": None,
    }


# --------------------------------------------------------------------------- names


def _clean_name(name: str) -> str:
    """A person's name without honorifics ("Dr Jane Doe" -> "Jane Doe")."""
    bare = V.HONORIFIC_RE.sub("", name).strip()
    return bare if is_person_name(bare) else name


def _byline_names(line: Line) -> list[str]:
    """Names of an explicit byline ("By A and B", "Author: A"), cut before dates and roles."""
    match = V.BYLINE_RE.match(line.content) or V.BYLINE_AFTER_DATE_RE.match(line.content)
    if not match:
        return []
    names = V.BYLINE_CUT_RE.split(match["names"])[0]
    names = names.strip().rstrip(",;")
    found = [p.strip() for p in V.NAME_SEPARATOR_RE.split(names) if p.strip()]
    people = [_clean_name(p) for p in found if is_person_name(p)]
    if people:
        return people
    # an organisation as author ("By Reuters"): short, capitalised, not a sentence
    words = names.split()
    if 1 <= len(words) <= 5 and names[:1].isupper() and not names.endswith("."):
        return [names]
    return []


# --------------------------------------------------------------------------- header


def _title_candidate(line: Line) -> bool:
    content = line.content
    return not (
        line.bullet
        or line.empty_bullets
        or is_chrome(line)
        or line.words == 0
        or line.words > 40
        or content.endswith((".", ",", ";", ":"))
        or _date_line(line)
        or V.BYLINE_RE.match(content)
        or V.HEADER_LABEL_RE.match(content)
        or V.SUMMARY_LABEL_RE.match(content)
        or V.CATEGORY_LINE_RE.match(content)
        or V.COPYRIGHT_RE.match(content)
        or V.LOGO_RE.match(content)
        or V.COMMENT_COUNT_RE.search(content)
        or V.SHARE_COUNT_RE.search(content)
        or any(p.search(content) for p in V.READING_TIME_RES)
        or V.DISCLAIMER_RE.search(content)
        or "|" in content
        or content[0] in "([{"
    )


def _role_line(header: list[Line], index: int) -> bool:
    """A job-title line right under a byline or a name ("Senior Fellow, Energy Programme")."""
    line = header[index]
    if line.words > V.ROLE_LINE_MAX_WORDS or not V.ROLE_LINE_RE.search(line.content):
        return False
    above = header[index - 1] if index > 0 else None
    return above is not None and bool(_byline_names(above) or person_names(above.content))


def _standfirst_like(header: list[Line], index: int) -> bool:
    """A standfirst or subtitle: two sentences, or a sentence-case line under a title."""
    line = header[index]
    if V.INNER_SENTENCE_RE.search(line.content):
        return True
    if index == 0 or is_title_case(line.content) or line.words < V.SUBTITLE_MIN_WORDS:
        return False
    above = header[index - 1]
    return (
        above.words >= V.SUBTITLE_TITLE_MIN_WORDS
        and is_title_case(above.content)
        and _title_candidate(above)
    )


def _title(header: list[Line], byline: int | None) -> int | None:
    """Index (into ``header``) of the title line.

    Near a byline, the longest title-like line (a site name is shorter than the title; job
    titles, subtitles and standfirsts are left out); without one, the first title-like line of
    three words or more.
    """
    candidates = [
        i
        for i, line in enumerate(header)
        if _title_candidate(line) and not _role_line(header, i)
    ]
    if byline is not None:
        # a title can look like a name ("Rethinking Rent Control"): only bylines are left out
        candidates = [i for i in candidates if i != byline and not _bare_byline(header, i, None)]
        near = [i for i in candidates if abs(i - byline) <= V.TITLE_BYLINE_WINDOW]
        plain = [i for i in near if not _standfirst_like(header, i)] or near
        if plain:
            return max(plain, key=lambda i: (header[i].words, -abs(i - byline)))
    candidates = [i for i in candidates if not person_names(header[i].content)]
    for minimum in (3, 2, 1):
        for index in candidates:
            line = header[index]
            if line.words >= minimum and not person_names(line.content):
                return index
    return None


def _neighbours(header: list[Line], index: int) -> list[int]:
    """The header lines above and below ``index``, skipping counter and separator lines."""
    found: list[int] = []
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(header) and V.COUNTER_LINE_RE.match(header[j].content):
            j += step
        if 0 <= j < len(header):
            found.append(j)
    return found


def _furniture(header: list[Line], index: int) -> bool:
    """A date, reading-time, role or count line (what sits next to a bare byline)."""
    line = header[index]
    content = line.content
    return bool(
        _date_line(line)
        or _role_line(header, index)
        or (V.ROLE_LINE_RE.match(content) and line.words <= V.ROLE_LINE_MAX_WORDS)
        or any(p.search(content) for p in V.READING_TIME_RES)
        or V.COMMENT_COUNT_RE.search(content)
    )


def _bare_byline(header: list[Line], index: int, title_index: int | None) -> list[str]:
    """The names of a names-only header line next to the title, a date or a role line."""
    line = header[index]
    if index == title_index or line.bullet or line.words > 12:
        return []
    names = person_names(line.content)
    if not names:
        return []
    near = _neighbours(header, index)
    if any(j == title_index or _furniture(header, j) for j in near):
        return [_clean_name(name) for name in names]
    return []


def _explicit_byline(header: list[Line]) -> int | None:
    """Index of the first "By ..." line, or of a names-only line next to a date line."""
    for index, line in enumerate(header):
        if _byline_names(line):
            return index
    for index in range(len(header)):
        if _bare_byline(header, index, None):
            return index
    return None


def _byline_cluster(
    header: list[Line], index: int, title_index: int | None, names: list[str]
) -> tuple[list[str], list[int]]:
    """A bare byline and the name lines after it, each over its own role line."""
    names = list(names)
    used = [index]
    for j in range(index + 1, len(header)):
        if j == title_index:
            break
        more = _bare_byline(header, j, title_index)
        label = V.SUMMARY_LABEL_RE.match(header[j].content)
        if more and not label and j + 1 < len(header) and _role_line(header, j + 1):
            names.extend(name for name in more if name not in names)
            used.append(j)
        elif not _furniture(header, j):
            break
    return names, used


def _authors(zones: _Zones, title_index: int | None) -> tuple[list[str], list[int]]:
    """Authors from bylines in the header; the header indices used."""
    header = zones.header
    for index, line in enumerate(header):
        names = _byline_names(line)
        if names:
            return names, [index]
    for index in range(len(header)):
        names = _bare_byline(header, index, title_index)
        if names:
            return _byline_cluster(header, index, title_index, names)
    for line in zones.trailer:
        names = _byline_names(line) if V.BYLINE_RE.match(line.content) else []
        if names and line.content.lower().startswith(("posted by", "written by", "by ")):
            return names, []
    return [], []


def _summary(header: list[Line], after: int) -> list[str]:
    """Summary bullets under the title, or the paragraphs under a summary label."""
    items: list[str] = []
    previous: Line | None = None
    labelled = False
    for line in header[after + 1 :]:
        if V.SUMMARY_LABEL_RE.match(line.content):
            labelled = True
        elif line.bullet and line.words >= 3 and not _byline_names(line) and not _date_line(line):
            items.append(line.content)
        elif (
            items
            and previous is not None
            and previous.bullet
            and line.start == previous.end + 1
            and not line.bullet
            and line.indented
            and line.words > 0
        ):
            items[-1] = f"{items[-1]} {line.content}"
            continue
        elif labelled and is_prose(line):
            items.append(line.content)
        previous = line
    return items


def _chips(header: list[Line], title_index: int | None) -> list[str]:
    """Short tag lines right above the title ("US", "AI & Tech", "Report")."""
    if title_index is None:
        return []
    run: list[Line] = []
    for line in reversed(header[:title_index]):
        below = run[-1] if run else header[title_index]
        if run and line.end + 1 != below.start:
            break  # chips sit on consecutive lines (a blank line ends the run)
        if (
            line.words <= V.TAG_CHIP_MAX_WORDS
            and not line.bullet
            and not _date_line(line)
            and not person_names(line.content)
            and line.content[-1] not in ".?!:"
        ):
            run.append(line)
            continue
        break
    if 2 <= len(run) <= V.TAG_CHIPS_MAX_LINES:
        return [line.content for line in reversed(run)]
    return []


def _tag_item(line: Line) -> bool:
    """A line that can be one tag of a row: a few words, no sentence, date, count or name."""
    content = line.content
    return bool(
        content
        and line.words <= V.TAG_CHIP_MAX_WORDS
        and not line.bullet
        and content[-1] not in ".?!:,;"
        and not _date_line(line)
        and not V.COUNTER_LINE_RE.match(content)
        and not V.TRAILER_CUE_RE.match(content)
        and not V.CATEGORY_LABEL_ONLY_RE.match(content)
        and any(ch.isalpha() for ch in content)
    )


def _tag_run(lines: list[Line], first: int) -> list[str]:
    """Tag lines from ``first`` on, each at most one blank line below the one before."""
    run: list[Line] = []
    for position in range(first, len(lines)):
        line = lines[position]
        if line.blank:
            continue
        if run and line.index - run[-1].index > 2:
            break
        if not run and position - first > 2:
            break  # the row starts right there (at most one blank line below)
        if not _tag_item(line) or len(run) >= V.TAG_ROW_MAX_LINES:
            break
        run.append(line)
    return [line.content for line in run]


def _labelled_tag_rows(zones: _Zones, layout: Layout) -> list[str]:
    """Items on the lines under a category label that stands alone ("Topics:")."""
    lines = zones.all_lines
    for index, line in enumerate(lines):
        if line.blank or not V.CATEGORY_LABEL_ONLY_RE.match(line.content):
            continue
        if layout.body_start <= line.content_start < layout.body_end:
            continue
        items = _tag_run(lines, index + 1)
        if items and not all(is_person_name(item) for item in items):
            return items
    return []


def _bare_tag_row(zones: _Zones, layout: Layout) -> list[str]:
    """A row of short tag lines right after the text, without a label (Medium, Ghost)."""
    lines = zones.all_lines
    first = next(
        (i for i, line in enumerate(lines) if line.start >= layout.body_end and not line.blank),
        None,
    )
    if first is None or layout.is_ignored(lines[first].content_start):
        return []
    if layout.region_at(lines[first].content_start) == "notes":
        return []  # the notes block follows the text
    items = _tag_run(lines, first)
    if all(is_person_name(item) for item in items):
        return []  # names (a sign-off, a byline) rather than tags
    return items if len(items) >= V.TAG_ROW_MIN_LINES else []


def _categories(zones: _Zones, title_index: int | None, layout: Layout) -> list[str]:
    found: list[str] = []
    for line in (*zones.header, *zones.trailer):
        match = V.CATEGORY_LINE_RE.match(line.content)
        if not match or line.words > V.CATEGORY_LINE_MAX_WORDS:
            continue
        for item in V.CATEGORY_SEPARATOR_RE.split(match["items"]):
            item = item.strip(" .")
            if item and item.casefold() not in {seen.casefold() for seen in found}:
                found.append(item)
    return (
        found
        or _labelled_tag_rows(zones, layout)
        or _chips(zones.header, title_index)
        or _bare_tag_row(zones, layout)
    )


def _number(value: str, thousands: bool = False) -> int | None:
    digits = value.replace(",", "")
    try:
        number = float(digits) if "." in digits and thousands else int(digits.replace(".", ""))
    except ValueError:
        return None
    return int(number * 1000) if thousands else int(number)


def _counts(lines: Iterable[Line]) -> tuple[int | None, int | None, int | None]:
    reading = comments = shares = None
    for line in lines:
        content = line.content
        if reading is None:
            for pattern in V.READING_TIME_RES:
                match = pattern.search(content)
                if match:
                    reading = int(match["n"])
                    break
        if line.words > V.COUNT_LINE_MAX_WORDS:
            continue
        match = V.COMMENT_COUNT_RE.search(content)
        if comments is None and match:
            comments = _number(match["n"] or match["n2"])
        elif comments is None and V.NO_COMMENTS_RE.match(content):
            comments = 0
        match = V.SHARE_COUNT_RE.search(content)
        if shares is None and match:
            shares = _number(match["n"], thousands=bool(match["k"]))
    return reading, comments, shares


# --------------------------------------------------------------------------- publisher


def _clean_holder(holder: str, authors: Iterable[str] = ()) -> str | None:
    """The copyright holder as a publisher name (None for "the authors" or a person)."""
    holder = V.ALL_RIGHTS_RE.split(holder)[0]
    holder = holder.strip(" \t,-–")
    if holder.endswith(".") and not V.ABBREVIATION_END_RE.search(holder):
        holder = holder[:-1].rstrip()
    if not holder or V.NOT_PUBLISHER_RE.match(holder) or len(holder.split()) > 8:
        return None
    if holder in authors:
        return None  # the author's own copyright (a newsletter) does not name a publisher
    return holder


def _copyright_holder(line: Line, authors: Iterable[str]) -> str | None:
    content = line.content
    match = V.COPYRIGHT_RE.match(content) or V.COPYRIGHT_AFTER_RE.match(content)
    return _clean_holder(match["holder"], authors) if match else None


def _published_in(lines: list[Line]) -> str | None:
    """The publication a post was "Published in" (name on the same or the next line)."""
    for position, line in enumerate(lines):
        match = V.PUBLISHED_IN_RE.match(line.content)
        if not match:
            continue
        name = match["name"]
        if name is None and position + 1 < len(lines):
            name = lines[position + 1].content
        if (
            name
            and not parse_date(name)[0]
            and not V.DATE_MONTH_YEAR_RE.search(name)
            and len(name.split()) <= V.MASTHEAD_MAX_WORDS
            and name[:1].isupper()
        ):
            return name.strip(" .")
    return None


def _masthead(lines: list[Line], title: str | None, authors: Iterable[str]) -> str | None:
    """The site name as the page's first line (a short title-case line that is not the title)."""
    for line in lines:
        if is_chrome(line) or line.bullet or line.empty_bullets:
            continue
        content = line.content
        if (
            1 <= line.words <= V.MASTHEAD_MAX_WORDS
            and content != title
            and content not in authors
            and is_title_case(content)
            and not _date_line(line)
            and not person_names(content)
            and content[-1] not in ".?!:"
        ):
            return content
        return None
    return None


def _publisher(zones: _Zones, title: str | None = None, authors: Iterable[str] = ()) -> str | None:
    authors = tuple(authors)
    outside = [*zones.header, *zones.trailer, *zones.chrome]
    for line in outside:
        holder = _copyright_holder(line, authors)
        if holder:
            return holder
    ordered = sorted(outside, key=lambda item: item.start)
    for line in ordered:
        match = V.LOGO_RE.match(line.content)
        if match:
            name = match["name"].strip(" -–|")
            if name:
                return name
    above_body = [line for line in ordered if line.start < (zones.header or ordered)[-1].end]
    return _published_in(above_body) or _masthead(above_body, title, authors)


def _personal_site(zones: _Zones, authors: list[str], used: list[int]) -> str | None:
    """A personal site named after its author: the first header line is the author's name,
    not used as a byline, and the page names the site again ("Subscribe to <name>")."""
    first = next((line for line in zones.header if not line.bullet), None)
    if first is None or used or first.content not in authors:
        return None
    echoes = sum(
        1
        for line in (*zones.header, *zones.chrome, *zones.trailer)
        if line is not first and line.words <= V.BIO_NAME_ECHO_MAX_WORDS
        and first.content in line.content
    )
    return first.content if echoes else None


# --------------------------------------------------------------------------- credits


def _licence_url(licence: str | None) -> str | None:
    match = V.CC_LICENCE_RE.search(licence or "")
    if not match or not match["version"]:
        return None
    version = match["version"]
    if match["zero"]:
        return f"{V.CC_BASE_URL}publicdomain/zero/{version}/"
    if match["pdm"]:
        return f"{V.CC_BASE_URL}publicdomain/mark/{version}/"
    kind = "-".join(V.CC_PART_RE.findall(match["kind"].lower()))
    return f"{V.CC_BASE_URL}licenses/{kind}/{version}/"


def _credit(line: Line) -> ImageCredit | None:
    content = line.content
    match = V.CREDIT_TASL_RE.match(content)
    if match:
        title, creator, licence = match["title"], match["creator"], match["licence"]
    else:
        match = V.CREDIT_LABEL_RE.match(content) if line.words <= 25 else None
        if not match:
            return None
        title = None
        creator = match["creator"]
        titled = V.CREDIT_TITLE_BY_RE.match(creator)
        if titled:  # "Image credit: Harbour cottages by Jane Doe via Flickr"
            title, creator = titled["title"].strip(" “”\"'"), titled["creator"]
        creator = V.CREDIT_CREATOR_CUT_RE.split(creator)[0]
        cc = V.CC_LICENCE_RE.search(content)
        licence = cc.group(0) if cc else None
    return ImageCredit(
        title=title,
        creator=creator.strip(" ,.") or None,
        licence=licence.strip(" .") if licence else None,
        licence_url=_licence_url(licence),
        raw=content,
        start=line.content_start,
        end=line.content_end,
    )


def _credits(lines: list[Line], layout: Layout) -> list[ImageCredit]:
    found: list[ImageCredit] = []
    for line in lines:
        if line.blank or layout.region_at(line.content_start) == "notes":
            continue
        credit = _credit(line)
        if credit is not None:
            found.append(credit)
    return found


# --------------------------------------------------------------------------- bio, disclaimer


def _bio_opening(line: Line) -> list[str] | None:
    """None unless the line opens a bio: an "About the author" heading ([]), or a trailer byline
    ("Written by Jane Doe": its names)."""
    if V.BIO_HEADING_RE.match(line.content):
        return []
    if line.words <= 12 and line.content.lower().startswith(("written by", "about ")):
        names = _byline_names(line) or person_names(line.content[6:])
        if names:
            return names
    return None


def _bio(text: str, trailer: list[Line]) -> tuple[str | None, list[str]]:
    """The author bio after an "About the author" heading, and the name line above it."""
    for position, line in enumerate(trailer):
        opened = _bio_opening(line)
        if opened is None:
            continue
        names: list[str] = list(opened)
        paragraphs: list[Line] = []
        for following in trailer[position + 1 :]:
            content = following.content
            if not paragraphs and following.words <= 8 and person_names(content):
                names.extend(person_names(content))
                continue
            if following.words >= 8 and not V.TRAILER_CUE_RE.match(content) and not (
                V.DISCLAIMER_RE.search(content)
            ):
                paragraphs.append(following)
                continue
            if not paragraphs and following.words <= V.BIO_SKIP_MAX_WORDS:
                continue  # follower counts, a role line, separators
            break
        if paragraphs:
            return text[paragraphs[0].content_start : paragraphs[-1].content_end], names
        return None, names
    return None, []


def _bio_subject(line: Line) -> str | None:
    """The person a bio sentence is about ("Jane Doe is a fellow at ..." -> "Jane Doe")."""
    match = V.BIO_VERB_RE.search(line.content[: V.BIO_SUBJECT_MAX_CHARS])
    if not match:
        return None
    subject = _clean_name(line.content[: match.start()].strip())
    return subject if is_person_name(subject) else None


def _bio_names(text: str, bio: str | None) -> list[str]:
    """The people a bio is about: the subjects of its paragraphs."""
    if not bio:
        return []
    names: list[str] = []
    for line in split_lines(bio):
        subject = _bio_subject(line) if line.content else None
        if subject and subject not in names:
            names.append(subject)
    return names


def _closing_lines(zones: _Zones, layout: Layout) -> list[Line]:
    """The last body lines and the first trailer paragraphs (past a tag row or counters)."""
    body = [
        line
        for line in zones.all_lines
        if line.content and layout.body_start <= line.content_start < layout.body_end
    ]
    after = [line for line in zones.trailer if line.words > V.BIO_SKIP_MAX_WORDS]
    return body[-V.BIO_TAIL_LINES :] + after[: V.BIO_TAIL_LINES]


def _closing_bio(text: str, zones: _Zones, layout: Layout, authors: list[str]) -> str | None:
    """A bio with no heading: the last body paragraph(s) or first trailer lines about an author."""
    if not authors:
        return None
    lines = _closing_lines(zones, layout)
    found: list[Line] = []
    for line in lines:
        subject = _bio_subject(line)
        mentioned = subject is not None and any(
            subject == a or subject.split()[-1] == a.split()[-1] for a in authors
        )
        if mentioned and line.words <= V.BIO_MAX_WORDS:
            found.append(line)
        elif found:
            break
    if not found:
        return None
    return text[found[0].content_start : found[-1].content_end]


def _closing_bio_author(zones: _Zones, layout: Layout) -> list[str]:
    """With no byline: the subject of a bio line right after the text, when the page names that
    person again outside the text (a personal site's masthead, "Subscribe to <name>")."""
    outside = [*zones.header, *zones.chrome, *zones.trailer]
    for line in _closing_lines(zones, layout):
        subject = _bio_subject(line)
        if subject is None or line.words > V.BIO_MAX_WORDS:
            continue
        if any(
            other is not line and other.words <= V.BIO_NAME_ECHO_MAX_WORDS
            and subject in other.content
            for other in outside
        ):
            return [subject]
    return []


def _disclaimer(lines: Iterable[Line], all_lines: list[Line]) -> str | None:
    """A views disclaimer, else the paragraph under a disclosure label."""
    for line in lines:
        if line.words <= V.DISCLAIMER_MAX_WORDS and is_disclaimer(line.content):
            return line.content
    for index, line in enumerate(all_lines):
        match = V.SIDEBAR_LABEL_RE.match(line.content) if line.words <= 6 else None
        if not match or not match["disclosure"]:
            continue
        following = next(
            (f for f in islice(all_lines, index + 1, index + 3) if not f.blank), None
        )
        if (
            following is not None
            and is_prose(following)
            and following.words <= V.DISCLAIMER_MAX_WORDS
        ):
            return following.content
    return None


# --------------------------------------------------------------------------- body text


def _body_segments(text: str, layout: Layout) -> Iterator[str]:
    """The body text less ignored chrome and the notes block."""
    cuts = sorted(
        [(s, e) for s, e in layout.ignored]
        + (
            [(layout.notes_start, layout.notes_end)]
            if layout.notes_start is not None and layout.notes_end is not None
            else []
        )
    )
    position = layout.body_start
    for start, end in cuts:
        if end <= position or start >= layout.body_end:
            continue
        if start > position:
            yield text[position:start]
        position = max(position, end)
    if position < layout.body_end:
        yield text[position : layout.body_end]


def _word_count(text: str, layout: Layout) -> int:
    return sum(
        len(V.WORD_RE.findall(_MARKER_RE.sub(" ", segment)))
        for segment in _body_segments(text, layout)
    )


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text`` by stopword shares, or None when unsure."""
    tokens = [token.lower() for token in V.WORD_RE.findall(text)]
    if len(tokens) < V.LANGUAGE_MIN_TOKENS:
        return None
    shares = sorted(
        ((sum(1 for t in tokens if t in words) / len(tokens), code)
         for code, words in V.STOPWORDS.items()),
        reverse=True,
    )
    (best, code), (second, _) = shares[0], shares[1]
    if best >= V.LANGUAGE_MIN_SHARE and best >= V.LANGUAGE_MIN_MARGIN * second:
        return code
    return None


# --------------------------------------------------------------------------- main


def _safe_layout(text: str, layout: Layout) -> Layout:
    """The layout with offsets clamped into the text (a defensive copy; never raises)."""
    size = len(text)
    start = min(max(layout.body_start, 0), size)
    end = min(max(layout.body_end, start), size)
    if start == layout.body_start and end == layout.body_end:
        return layout
    return Layout(start, end, layout.notes_start, layout.notes_end, layout.sections, layout.ignored)


def extract_metadata(page: Page, layout: Layout) -> DocumentMetadata:
    """The documents-table fields of ``page`` (counts and lineage are the pipeline's)."""
    text = page.text
    layout = _safe_layout(text, layout)
    zones = _zones(text, layout)
    byline = _explicit_byline(zones.header)
    title_index = _title(zones.header, byline)
    title = zones.header[title_index].content if title_index is not None else None
    authors, used = _authors(zones, title_index)
    bio, bio_names = _bio(text, zones.trailer)
    if not authors:
        authors = bio_names or _bio_names(text, bio)
    if not authors and bio is None:
        authors = _closing_bio_author(zones, layout)
    if bio is None:
        bio = _closing_bio(text, zones, layout, authors)
    published, modified, findings = _dates(zones)
    if title is None:
        findings.append(_finding("missing-title", "no title line found above the body", None, None))
    reading, comments, shares = _counts((*zones.header, *zones.trailer))
    summary_from = max([title_index or -1, *used]) if title_index is not None else -1
    body_text = "".join(_body_segments(text, layout))
    headings = tuple(s.heading for s in layout.sections if s.heading)
    return DocumentMetadata(
        document_id=page.document_id,
        source_path=page.source_path,
        source_url=page.source_url,
        content_sha256=page.content_sha256,
        encoding=page.encoding,
        byte_size=page.byte_size,
        title=title,
        authors=tuple(authors),
        date_published=published,
        date_modified=modified,
        publisher=_publisher(zones, title, authors) or _personal_site(zones, authors, used),
        categories=tuple(_categories(zones, title_index, layout)),
        reading_time_minutes=reading,
        comment_count=comments,
        share_count=shares,
        summary=tuple(_summary(zones.header, summary_from)),
        headings=headings,
        image_credits=tuple(_credits(zones.all_lines, layout)),
        author_bio=bio,
        disclaimer=_disclaimer((*zones.trailer, *zones.header), zones.all_lines),
        word_count=_word_count(text, layout),
        language=detect_language(body_text if len(body_text) > 200 else text),
        findings=tuple(findings),
    )

