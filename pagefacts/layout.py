"""Page layout of a text dump: chrome, where the body starts and ends, and its sections.

A text dump of a web page is a header (navigation, logo, title, byline, dates, counters,
share bar, summary bullets — sometimes all of it twice), a body (running prose with headings),
a notes list, and a trailer (disclaimer, image credits, author bio, categories, footer).
``analyse_layout`` finds these by the shape of the lines, with the cue words in
:mod:`pagefacts.vocab.metadata`; it never raises and works in one pass over the lines.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from pagefacts.model import Layout, Section
from pagefacts.vocab import metadata as V

__all__ = [
    "Line",
    "analyse_layout",
    "heading_span",
    "is_chrome",
    "is_person_name",
    "is_prose",
    "is_title_case",
    "person_names",
    "split_lines",
]

_BLANK_EXTRA = "\u200b\u200c\u200d\u2060\ufeff"
#: Words are counted up to this many per line: every rule compares a line's words with
#: thresholds far below it, and counting no further keeps long paragraphs cheap.
_WORDS_CAP = 200


@dataclass(frozen=True)
class Line:
    """One line of the text: ``text[start:end]``; ``content`` is what follows indent/bullet."""

    index: int
    start: int
    end: int
    raw: str
    content: str  # stripped, bullet removed
    content_start: int  # offset of ``content`` in the text
    bullet: bool  # a list item ("  • ...")
    empty_bullets: bool  # a run of empty list items (possibly with text glued after them)
    indented: bool
    words: int

    @property
    def blank(self) -> bool:
        return not self.content

    @property
    def content_end(self) -> int:
        return self.content_start + len(self.content)


def _strip_blank(value: str) -> str:
    return value.strip().strip(_BLANK_EXTRA).strip()


def _make_line(index: int, start: int, raw: str) -> Line:
    prefix = 0
    bullet = empty = False
    match = V.EMPTY_BULLETS_RE.match(raw)
    if match:
        prefix, empty = match.end(), True
    else:
        match = V.BULLET_RE.match(raw)
        if match and raw[match.end() :].strip():
            prefix, bullet = match.end(), True
    rest = raw[prefix:]
    content = _strip_blank(rest)
    offset = rest.find(content) if content else 0
    return Line(
        index=index,
        start=start,
        end=start + len(raw),
        raw=raw,
        content=content,
        content_start=start + prefix + max(offset, 0),
        bullet=bullet,
        empty_bullets=empty,
        indented=raw[:1] in (" ", "\t", "\u00a0") and not empty,
        words=sum(1 for _ in islice(V.WORD_RE.finditer(content), _WORDS_CAP)),
    )


@lru_cache(maxsize=8)
def _split_cached(text: str) -> tuple[Line, ...]:
    return tuple(_split(text))


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their offsets (``\\n`` separated); cached per text."""
    return list(_split_cached(text))


def _split(text: str) -> list[Line]:
    lines: list[Line] = []
    start = 0
    for index, raw in enumerate(text.split("\n")):
        lines.append(_make_line(index, start, raw))
        start += len(raw) + 1
    return lines


# --------------------------------------------------------------------------- names


def _is_name_token(token: str) -> bool:
    lower = token.lower()
    if lower in V.NAME_PARTICLES or lower in V.NAME_AFFIXES:
        return True
    if V.INITIALS_RE.fullmatch(token):
        return True
    core = token.strip(",")
    return bool(
        V.NAME_TOKEN_RE.fullmatch(core)
        and core[0].isupper()
        and lower.strip(".") not in V.NOT_NAME_WORDS
    )


def is_person_name(value: str) -> bool:
    """A personal name: 2-5 capitalised words (particles, initials and honorifics allowed)."""
    tokens = value.split()
    if not 2 <= len(tokens) <= 5 or not all(_is_name_token(t) for t in tokens):
        return False
    proper = [t for t in tokens if t.lower() not in V.NAME_PARTICLES | V.NAME_AFFIXES]
    return len(proper) >= 2 or (len(proper) == 1 and len(tokens) >= 2 and "." in tokens[0])


def person_names(value: str) -> list[str]:
    """The person names of a names-only line ("A B and C D"), or [] if it is not one."""
    value = V.TRAILING_MARKER_RE.sub("", value).strip().rstrip(",;")
    parts = [part.strip() for part in V.NAME_SEPARATOR_RE.split(value) if part.strip()]
    if parts and all(is_person_name(part) for part in parts):
        return parts
    return []



# --------------------------------------------------------------------------- line tests


def _ends_sentence(content: str) -> bool:
    tail = V.TRAILING_MARKER_RE.sub("", content).rstrip(" ”\"’')]\u00a0")
    return tail[-1:] in ".!?…:;"


def is_title_case(content: str) -> bool:
    """Most words capitalised (a title, not a sentence)."""
    words = [w for w in V.WORD_RE.findall(content) if w[0].isalpha()]
    if not words:
        return False
    capital = sum(1 for w in words if w[0].isupper())
    return capital >= V.TITLE_CASE_SHARE * len(words)


def is_prose(line: Line) -> bool:
    """Running text: a long sentence-like line that is not a list item, label or title."""
    content = line.content
    return (
        line.words >= V.PROSE_MIN_WORDS
        and not line.bullet
        and not line.empty_bullets
        and (_ends_sentence(content) or line.words >= V.PROSE_UNPUNCTUATED_MIN_WORDS)
        and not is_title_case(content)
        and not V.HEADER_LABEL_RE.match(content)
    )


def _is_quote(line: Line) -> bool:
    return bool(line.content) and line.content[0] in V.OPENING_QUOTES


def _is_whole_quote(line: Line) -> bool:
    """A line that is one quotation ("“...”", maybe followed by a marker or a period)."""
    if not _is_quote(line):
        return False
    tail = V.TRAILING_MARKER_RE.sub("", line.content).rstrip(" .,;")
    return tail[-1:] in "”\"’'»“" if tail else False


def is_chrome(line: Line) -> bool:
    """Navigation, share bars, carts, "skip to content": chrome wherever it appears."""
    content = line.content
    return bool(
        V.CHROME_LINE_RE.match(content)
        or V.SHARE_BAR_RE.match(content)
        or (line.empty_bullets and not content)
    )


def _metadata_line(line: Line) -> bool:
    """A byline, date, counter, reading-time or category line (header/trailer furniture)."""
    content = line.content
    if line.words > V.CATEGORY_LINE_MAX_WORDS:
        return False
    return bool(
        V.BYLINE_RE.match(content)
        or V.CATEGORY_LINE_RE.match(content)
        or any(pattern.search(content) for pattern in V.READING_TIME_RES)
        or V.COMMENT_COUNT_RE.search(content)
        or V.SHARE_COUNT_RE.search(content)
        or (
            line.words <= V.DATE_LINE_MAX_EXTRA_WORDS + 3
            and any(
                p.search(content)
                for p in (V.DATE_MDY_RE, V.DATE_DMY_RE, V.DATE_ISO_RE, V.DATE_NUMERIC_RE)
            )
        )
    )


def _header_meta(lines: list[Line], index: int) -> bool:
    """A metadata line, or a names-only line next to one (a bare byline above a date)."""
    line = lines[index]
    if _metadata_line(line):
        return True
    if line.bullet or line.words > 12 or not person_names(line.content):
        return False
    neighbours = (_prev_nonblank(lines, index), _next_nonblank(lines, index))
    return any(i is not None and _metadata_line(lines[i]) for i in neighbours)


def _is_trailer_cue(line: Line) -> bool:
    content = line.content
    if not content:
        return False
    if line.words <= 15 and V.TRAILER_CUE_RE.match(content):
        return True
    if line.words <= V.COUNT_LINE_MAX_WORDS and (
        V.COMMENT_COUNT_RE.match(content) or V.SHARE_COUNT_RE.match(content)
    ):
        return True
    if line.words <= V.DISCLAIMER_MAX_WORDS and is_disclaimer(content):
        return True
    return bool(line.words <= 6 and V.SIDEBAR_LABEL_RE.match(content))


def is_disclaimer(content: str) -> bool:
    """A paragraph saying whose views it gives, in the first words of one of its first sentences.

    Deeper in a paragraph such words are a quotation or an argument, not a disclaimer.
    """
    match = V.DISCLAIMER_RE.search(content)
    if match is None:
        return False
    before = content[: match.start()]
    sentence_start = 0
    for boundary in V.SENTENCE_BOUNDARY_RE.finditer(before):
        sentence_start = boundary.end()
    sentences_before = len(V.SENTENCE_BOUNDARY_RE.findall(before))
    return (
        match.start() - sentence_start <= V.DISCLAIMER_CUE_MAX_OFFSET
        and sentences_before <= V.DISCLAIMER_CUE_MAX_SENTENCE
    )


def _is_credit(line: Line) -> bool:
    content = line.content
    return bool(
        content
        and (
            V.CREDIT_TASL_RE.match(content)
            or (line.words <= 25 and V.CREDIT_LABEL_RE.match(content))
        )
    )


def heading_span(line: Line) -> tuple[int, int] | None:
    """Offsets of the heading text if the line, on its own, looks like a heading."""
    content = line.content
    if (
        not content
        or line.bullet
        or line.indented
        or line.words == 0
        or line.words > V.HEADING_MAX_WORDS
        or len(content) > V.HEADING_MAX_CHARS
        or content[-1] in ".,;:"
        or content[0] in V.OPENING_QUOTES
        or content[0] in "([{<—–-*#|/\\"
        or "://" in content
        or "www." in content.lower()
    ):
        return None
    rest = V.HEADING_NUMBER_RE.sub("", content, count=1)
    if not rest or not rest[0].isupper():
        return None
    if (
        V.INNER_SENTENCE_RE.search(rest)
        or V.TRAILING_MARKER_RE.search(content)
        or V.CAPTION_RE.match(content)
        or V.HEADER_LABEL_RE.match(content)
        or V.NOTE_LABEL_RE.match(content)
        or _metadata_line(line)
        or is_chrome(line)
        or _is_trailer_cue(line)
        or _is_credit(line)
    ):
        return None
    return line.content_start, line.content_end


# --------------------------------------------------------------------------- navigation


def _prev_nonblank(lines: list[Line], index: int) -> int | None:
    index -= 1
    while index >= 0 and lines[index].blank:
        index -= 1
    return index if index >= 0 else None


def _next_nonblank(lines: list[Line], index: int, stop: int | None = None) -> int | None:
    stop = len(lines) if stop is None else stop
    index += 1
    while index < stop and lines[index].blank:
        index += 1
    return index if index < stop else None


def _nav_lines(lines: list[Line], lo: int, hi: int) -> Iterator[int]:
    """Indices of menu lines in ``lines[lo:hi]``: runs of short bullets, their sub-menu lines."""
    run: list[int] = []
    items = 0
    attached = False  # the previous line was part of the run and no blank line followed
    for index in range(lo, hi):
        line = lines[index]
        if line.blank:
            attached = False
            if run:
                run.append(index)
            continue
        if line.bullet and line.words <= V.NAV_MAX_WORDS:
            run.append(index)
            items += 1
            attached = True
            continue
        if attached and not line.bullet:
            run.append(index)  # a sub-menu line glued under a menu item
            continue
        if items >= V.NAV_MIN_ITEMS:
            yield from run
        run, items, attached = [], 0, False
    if items >= V.NAV_MIN_ITEMS:
        yield from run


def _short_runs(lines: list[Line], lo: int, hi: int) -> Iterator[int]:
    """Runs of consecutive short unpunctuated lines (footer menus) in ``lines[lo:hi]``."""
    run: list[int] = []
    for index in range(lo, hi + 1):
        line = lines[index] if index < hi else None
        if (
            line is not None
            and not line.blank
            and line.words <= V.SHORT_RUN_MAX_WORDS
            and line.content[-1] not in ".?!"
        ):
            run.append(index)
            continue
        if len(run) >= V.SHORT_RUN_MIN_LINES:
            yield from run
        run = []


def _norm(line: Line) -> str:
    return " ".join(line.content.split()).casefold()


# --------------------------------------------------------------------------- body


def _header_ish(lines: list[Line], index: int) -> bool:
    """A line that belongs to a page header (not to running text)."""
    line = lines[index]
    content = line.content
    return bool(
        is_chrome(line)
        or line.bullet
        or line.empty_bullets
        or V.SUMMARY_LABEL_RE.match(content)
        or V.HEADER_LABEL_RE.match(content)
        or V.BYLINE_RE.match(content)
        or (line.words <= V.COUNT_LINE_MAX_WORDS and V.COMMENT_COUNT_RE.search(content))
        or any(pattern.search(content) for pattern in V.READING_TIME_RES)
        or _metadata_line(line)
        or V.COUNTER_LINE_RE.match(content)
        or _header_meta(lines, index)
    )


def _find_anchor(lines: list[Line]) -> int | None:
    """The first prose line followed by body-like text (not by header furniture)."""
    first: int | None = None
    for index, line in enumerate(lines):
        if not is_prose(line) or _is_quote(line) or _is_trailer_cue(line):
            continue
        label = _prev_nonblank(lines, index)
        if label is not None and lines[label].words <= 6 and V.SIDEBAR_LABEL_RE.match(
            lines[label].content
        ):
            continue  # a disclosure or partners paragraph, not the article's first paragraph
        if first is None:
            first = index
        following = _next_nonblank(lines, index)
        if following is None or not _header_ish(lines, following):
            return index
    return first


def _is_speaker_line(lines: list[Line], index: int) -> bool:
    """A short name line under a quotation (the epigraph's author), or a dash attribution."""
    line = lines[index]
    if V.ATTRIBUTION_DASH_RE.match(line.content):
        return True
    if line.words > 8 or line.content[-1:] in ".?!":
        return False
    prev = _prev_nonblank(lines, index)
    return prev is not None and _is_whole_quote(lines[prev])


def _walk_back(lines: list[Line], anchor: int) -> int:
    """From the first prose line back over its epigraph to its heading; the body start line."""
    start = anchor
    index = _prev_nonblank(lines, anchor)
    while index is not None:
        line = lines[index]
        if _is_whole_quote(line) or _is_speaker_line(lines, index):
            start = index
            index = _prev_nonblank(lines, index)
            continue
        if heading_span(line) is not None:
            before = _prev_nonblank(lines, index)
            if before is not None and "," in line.content and _names_only(lines[before]):
                break  # a role line under an author's name ("Senior Fellow, X Programme")
            if before is not None and _header_meta(lines, before):
                # right under a byline or date it is the page title, unless a longer title
                # sits above that byline (as the metadata stage picks the title)
                above: int | None = before
                while above is not None and _header_meta(lines, above):
                    above = _prev_nonblank(lines, above)
                if above is None or heading_span(lines[above]) is None:
                    break
                if lines[above].words <= line.words:
                    break
            # a heading with nothing above it but chrome is the page title, not a section
            has_title_above = any(
                not is_chrome(lines[i]) and not lines[i].bullet
                for i in range(0, index)
                if not lines[i].blank
            )
            if before is not None and has_title_above:
                return index
        break
    return start


def _names_only(line: Line) -> bool:
    """A line that is nothing but a person's name (a bare byline)."""
    content = line.content
    return bool(
        line.words <= 6
        and not line.bullet
        and is_person_name(content)
        and not V.SUMMARY_LABEL_RE.match(content)
        and not V.HEADER_LABEL_RE.match(content)
    )


def _first_content_line(lines: list[Line]) -> int | None:
    """The first line of a page without prose, after its title and byline cluster."""
    first: int | None = None
    for index, line in enumerate(lines):
        if not line.blank and not is_chrome(line):
            first = index
            break
    if first is None:
        return None
    index: int | None = first
    titled = False
    while index is not None:
        line = lines[index]
        if _header_meta(lines, index) or is_chrome(line):
            index = _next_nonblank(lines, index)
        elif not titled and heading_span(line) is not None:
            titled = True
            index = _next_nonblank(lines, index)
        else:
            break
    # a page of nothing but header lines keeps them all as its body
    return first if index is None or not titled else index


def _skip_summary(lines: list[Line], anchor: int) -> int:
    """A paragraph under a summary label ("Summary", "In brief") is header: skip past it."""
    label = _prev_nonblank(lines, anchor)
    if label is None or not V.SUMMARY_LABEL_RE.match(lines[label].content):
        return anchor
    following = _next_nonblank(lines, anchor)
    if following is None or not is_prose(lines[following]):
        return anchor  # the summary is all the prose there is: keep it as the body
    return following


def _notes_list_start(text: str, lines: list[Line], lo: int, starts: list[int]) -> int | None:
    """Fallback: a "[1] ..." list after an inline "[1]" marker (when the notes are unknown)."""
    marker_pos: int | None = None
    for match in V.INLINE_MARKER_RE.finditer(text, lines[lo].start if lo < len(lines) else 0):
        if match.group(1) == "1" and text[match.start()] != "\n":
            line = lines[bisect.bisect_right(starts, match.start()) - 1]
            if not V.NOTE_LABEL_RE.match(line.raw):
                marker_pos = match.end()
                break
    if marker_pos is None:
        return None
    first = bisect.bisect_right(starts, marker_pos)
    for index in range(first, len(lines)):
        match = V.NOTE_LABEL_RE.match(lines[index].raw)
        if match and match.group(1) == "1":
            return index
    return None


def _body_end_line(
    text: str,
    lines: list[Line],
    anchor: int,
    body_line: int,
    starts: list[int],
    notes_start: int | None,
) -> int:
    """Index of the first line after the body (``len(lines)`` when the body runs to the end)."""
    end = len(lines)
    if notes_start is not None:
        end = min(end, max(bisect.bisect_right(starts, notes_start) - 1, anchor + 1))
    for index in range(anchor + 1, end):
        line = lines[index]
        if line.blank:
            continue
        if _is_trailer_cue(line):
            end = index
            break
        if _is_credit(line) and _credit_run_ends_body(lines, index):
            end = index
            break
    if notes_start is None:
        fallback = _notes_list_start(text, lines, body_line, starts)
        if fallback is not None and fallback > anchor:
            end = min(end, fallback)
    return _trim_tail(lines, anchor, end)


def _tail_line(line: Line) -> bool:
    """A short line of link lists, tag lists and counters (not content when nothing follows)."""
    content = line.content
    return bool(
        heading_span(line) is not None
        or V.COUNTER_LINE_RE.match(content)
        or is_chrome(line)
        # a lower-case tag ("local government"): a few words, no sentence punctuation
        or (
            content
            and line.words <= V.TAG_CHIP_MAX_WORDS
            and content[-1] not in ".?!:,;"
            and not line.bullet
        )
    )


def _trim_tail(lines: list[Line], anchor: int, end: int) -> int:
    """The body end before a trailing block of only short lines (tags, related links, counts).

    Such a block is at least ``TAIL_MIN_LINES`` lines: one short line after the last paragraph
    may be a closing line of the text.
    """
    index = end - 1
    count = 0
    first_tail = end
    while index > anchor:
        line = lines[index]
        if not line.blank:
            if not _tail_line(line):
                break
            count += 1
            first_tail = index
        index -= 1
    return first_tail if count >= V.TAIL_MIN_LINES and index > anchor else end


def _credit_run_ends_body(lines: list[Line], index: int) -> bool:
    """Image credits end the body only when trailer material (or nothing) follows them."""
    following = _next_nonblank(lines, index)
    while following is not None and _is_credit(lines[following]):
        following = _next_nonblank(lines, following)
    return following is None or _is_trailer_cue(lines[following]) or is_chrome(lines[following])


# --------------------------------------------------------------------------- sections


def _headings(lines: list[Line], lo: int, hi: int) -> Iterator[tuple[int, int]]:
    for index in range(lo, hi):
        line = lines[index]
        span = heading_span(line)
        if span is None:
            continue
        before_blank = index == lo or lines[index - 1].blank or lines[index - 1].empty_bullets
        after_blank = index + 1 >= hi or lines[index + 1].blank
        if before_blank and after_blank and not _is_speaker_line(lines, index):
            before = _prev_nonblank(lines, index)
            if before is not None and V.LINK_CUE_RE.match(lines[before].content):
                continue  # a teaser link under "Read more", not a section heading
            yield span


def _sections(
    text: str, headings: list[tuple[int, int]], body_start: int, body_end: int
) -> tuple[Section, ...]:
    sections: list[Section] = []
    first = headings[0][0] if headings else body_end
    if text[body_start:first].strip():
        sections.append(Section(heading=None, start=body_start, end=first))
    for number, (start, end) in enumerate(headings):
        stop = headings[number + 1][0] if number + 1 < len(headings) else body_end
        sections.append(Section(heading=text[start:end], start=start, end=max(stop, end)))
    return tuple(sections)


# --------------------------------------------------------------------------- ignored


def _merge(spans: list[tuple[int, int]], text: str) -> tuple[tuple[int, int], ...]:
    """Sorted spans, merged when only whitespace separates them."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _ignored_lines(lines: list[Line], first_body: int, last_body: int) -> set[int]:
    ignored: set[int] = set()
    # header: menus, duplicated lines (second copy), chrome, logos
    ignored.update(_nav_lines(lines, 0, first_body))
    # a short run of header lines is a menu, but its dates, bylines and counters are metadata
    ignored.update(
        i for i in _short_runs(lines, 0, first_body) if not _header_meta(lines, i)
    )
    seen: set[str] = set()
    for index in range(first_body):
        line = lines[index]
        if line.blank:
            continue
        key = _norm(line)
        if key in seen or is_chrome(line):
            ignored.add(index)
        if index not in ignored:
            # only a kept line makes its later copies duplicates (a sticky bar's copy of the
            # title, ignored as menu, leaves the real title line in place)
            seen.add(key)
    # body: only lines that are chrome wherever they are
    ignored.update(i for i in range(first_body, last_body) if is_chrome(lines[i]))
    # trailer: menus, footer link lists, chrome
    ignored.update(_nav_lines(lines, last_body, len(lines)))
    ignored.update(_short_runs(lines, last_body, len(lines)))
    ignored.update(i for i in range(last_body, len(lines)) if is_chrome(lines[i]))
    return {i for i in ignored if not lines[i].blank or lines[i].empty_bullets}


# --------------------------------------------------------------------------- main


def analyse_layout(
    text: str, *, notes_start: int | None = None, notes_end: int | None = None
) -> Layout:
    """Body, trailer, chrome and sections of a page (``notes_*`` from the notes stage, if known)."""
    if notes_start is not None and not 0 <= notes_start <= len(text):
        notes_start = None
    if notes_end is not None and (notes_start is None or not notes_start <= notes_end <= len(text)):
        notes_end = None if notes_start is None else len(text)
    if notes_start is not None and notes_end is None:
        notes_end = len(text)
    lines = split_lines(text)
    starts = [line.start for line in lines]
    anchor = _find_anchor(lines)
    if anchor is not None:
        anchor = _skip_summary(lines, anchor)
    if anchor is None:
        first = _first_content_line(lines)
        if first is None:
            return Layout(0, len(text), notes_start, notes_end, (), ())
        first_body, last_body = first, len(lines)
        if notes_start is not None:
            last_body = max(first + 1, bisect.bisect_right(starts, notes_start) - 1)
    else:
        first_body = _walk_back(lines, anchor)
        last_body = _body_end_line(text, lines, anchor, first_body, starts, notes_start)
    ignored_idx = _ignored_lines(lines, first_body, last_body)
    # the body starts at the first line of the body (at the heading text of a glued line)
    start_line = lines[first_body]
    body_start = start_line.content_start if start_line.empty_bullets else start_line.start
    body_end = len(text) if last_body >= len(lines) else lines[last_body].start
    body_end = max(body_start, len(text[:body_end].rstrip()))
    headings = [
        span
        for span in _headings(lines, first_body, last_body)
        if lines[bisect.bisect_right(starts, span[0]) - 1].index not in ignored_idx
        and not (notes_start is not None and notes_end is not None
                 and notes_start <= span[0] < notes_end)
    ]
    spans = [(lines[i].start, lines[i].end) for i in ignored_idx]
    return Layout(
        body_start=body_start,
        body_end=body_end,
        notes_start=notes_start,
        notes_end=notes_end,
        sections=_sections(text, headings, body_start, body_end),
        ignored=_merge(spans, text),
    )
