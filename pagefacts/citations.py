"""Parse the notes of a page into one CSL-field record per cited work.

The pipeline: :func:`pagefacts.notes.find_notes` gives the notes and markers; here each note is
split into works (``;`` or a sentence that starts a new reference), each work into fields by
ordered rules (link, access date, quoted title, pages, volume/issue, dates, editors, authors,
then the remaining comma-separated fields by position and cue words), then shorthand is
resolved (ibid/op. cit., "my …"), and data-quality issues are flagged. The source is never
"fixed": values are substrings of the note as written, and what looks wrong is reported.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from nameparser import HumanName

from pagefacts.model import Note, NotesBlock, citation_id, marker_id
from pagefacts.vocab.citations import (
    ACCESSED_CUES,
    CAMEL_CASE_WORDS,
    CAMEL_NAME_PREFIXES,
    CONNECTOR_RE,
    DEFAULT_ARTICLE_TYPE,
    GENRE_TYPES,
    IBID_RE,
    JOURNAL_WORDS,
    LINK_STUB_RE,
    MAGAZINE_WORDS,
    MAX_YEAR,
    MIN_YEAR,
    MONTHS,
    NAME_PARTICLES,
    NEWS_WORDS,
    NOT_GIVEN_NAMES,
    ORG_WORDS,
    PREFIX_RE,
    PUBLISHER_WORDS,
    SELF_RE,
    SENTENCE_ABBREVIATIONS,
)

__all__ = ["Citation", "CitationMarker", "CitationResult", "extract_citations"]

STAGE = "citations"

# --------------------------------------------------------------------------- records


@dataclass
class Citation:
    """One cited work of one note, with CSL-JSON fields (snake_case)."""

    citation_id: str
    document_id: str
    note_number: int
    work_index: int
    type: str
    author: list[dict] = field(default_factory=list)
    editor: list[dict] = field(default_factory=list)
    title: str | None = None
    container_title: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    issued: str | None = None
    accessed: str | None = None
    url: str | None = None
    doi: str | None = None
    prefix: str | None = None
    ibid_of: str | None = None
    raw: str = ""
    note_raw: str = ""
    start: int = 0
    end: int = 0
    note_start: int = 0
    note_end: int = 0
    issues: list[dict] = field(default_factory=list)
    author_entity_ids: list[str | None] = field(default_factory=list)

    def to_record(self) -> dict:
        """The record of ``schemas/citation.schema.json``."""
        return {
            "citation_id": self.citation_id,
            "document_id": self.document_id,
            "note_number": self.note_number,
            "work_index": self.work_index,
            "type": self.type,
            "author": [dict(a) for a in self.author],
            "editor": [dict(e) for e in self.editor],
            "title": self.title,
            "container_title": self.container_title,
            "publisher": self.publisher,
            "publisher_place": self.publisher_place,
            "volume": self.volume,
            "issue": self.issue,
            "page": self.page,
            "issued": self.issued,
            "accessed": self.accessed,
            "url": self.url,
            "doi": self.doi,
            "prefix": self.prefix,
            "ibid_of": self.ibid_of,
            "raw": self.raw,
            "note_raw": self.note_raw,
            "start": self.start,
            "end": self.end,
            "note_start": self.note_start,
            "note_end": self.note_end,
            "issues": [dict(i) for i in self.issues],
            "author_entity_ids": list(self.author_entity_ids),
        }


@dataclass(frozen=True)
class CitationMarker:
    """An in-text marker linked to the first work of its note (None when the note is missing)."""

    marker_id: str
    document_id: str
    note_number: int
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    section: str | None
    citation_id: str | None

    def to_record(self) -> dict:
        """The record of ``schemas/citation_marker.schema.json``."""
        return {
            "marker_id": self.marker_id,
            "document_id": self.document_id,
            "note_number": self.note_number,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "section": self.section,
            "citation_id": self.citation_id,
        }


@dataclass
class CitationResult:
    """Everything the citations stage found on one page."""

    citations: list[Citation] = field(default_factory=list)
    markers: list[CitationMarker] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- patterns

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?<![\d–—/-])(1[4-9]\d\d|20\d\d|2100)(?![\d–—-]\d|\d)"
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_ALT})\.?,?\s+{_YEAR}", re.I), "dmy"),
    (re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}", re.I), "mdy"),
    (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])"), "slash"),
    (re.compile(rf"\b({_MONTH_ALT})\.?,?\s+{_YEAR}", re.I), "my"),
    (re.compile(_YEAR), "y"),
)
_URL_RE = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>“”\"]+"
    r"|(?<![\w@])(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|int|mil|io|info|eu|uk|de|fr)"
    r"/[^\s<>“”\"]*"
    r"|[,;]?%[0-9A-Fa-f]{2}[^\s<>“”\"]*",
    re.I,
)
_DOI_RE = re.compile(r"(?:\bdoi:\s*|https?://(?:dx\.)?doi\.org/)?\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_ACCESSED_RE = re.compile(rf"\b{ACCESSED_CUES}(?:\s+(?:on|at))?:?\s+", re.I)
_PAGES_RE = re.compile(
    r"\b(?:pp?|pages?|pgs?)\.?\s*(\d+[a-z]?(?:\s*[-–—]\s*\d+[a-z]?)?(?:\s*,\s*\d+(?:[-–—]\d+)?)*)"
    r"|(?<=\d):\s*(\d+\s*[-–—]\s*\d+)\b",
    re.I,
)
_VOLUME_RE = re.compile(
    r"\bvol(?:ume)?s?\.?\s*(\d+[A-Za-z]?)(?:\s*[:/]\s*(\d+(?:\s*[-–]\s*\d+)?)|\s*\((\d+)\))?", re.I
)
_ISSUE_RE = re.compile(
    r"\b(?:no|nos|issue|iss|number|num|nr)\.?\s*(\d+(?:\s*[-–—]\s*\d+)?)\b", re.I
)
_BARE_VOLUME_RE = re.compile(
    r"(?<![\w.])(\d{1,4})\s*(?:\((\d{1,4}(?:\s*[-–]\s*\d+)?)\)|[:/](\d{1,4})\b(?!\s*[-–—]))"
)
_CHAPTER_RE = re.compile(r"\b(?:chapter|chap\.|ch\.)\s*\d+\b", re.I)
_EDITOR_RE = re.compile(
    r"\bin\s+(?P<names>[^,;:“‘\"]{2,120}?)\s*(?:\(\s*eds?\.?\s*\)|,?\s+eds?\b\.?|,\s*eds?\b\.?)"
    r"|\b(?:ed\.|edited)\s+by\s+(?P<names2>[^,;:“‘\"]{2,120}?)(?=[,;.]|$)",
    re.I,
)
_IN_RE = re.compile(r"^\s*in\s+", re.I)
_FIELD_SEP_RE = re.compile(r"[,;:]|(?<=[.?!])\s+(?=[A-Z“‘\"])")
_WORD_RE = re.compile(r"[^\W\d_][\w’'.-]*", re.U)
_RUN_TOGETHER_RE = re.compile(r"\b([A-Z]?[a-z]{2,})([A-Z][a-z]{2,})\w*")
_NAME_TOKEN_RE = re.compile(r"(?:[A-Z][\w’'-]*\.?|[A-Z]\.(?:[A-Z]\.)*|(?:" + "|".join(
    sorted(NAME_PARTICLES, key=len, reverse=True)) + r"))")
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z&.-]{1,9}$")
_SELF_RE_LOCAL = SELF_RE
_GENRE_ALT = "|".join(map(re.escape, sorted(GENRE_TYPES, key=len, reverse=True)))
_GENRE_SUFFIX_RE = re.compile(rf"(.+?)\s+({_GENRE_ALT})(?:\s+\d+)?", re.I)
_GENRE_PREFIX_RE = re.compile(rf"({_GENRE_ALT})\b", re.I)
_OPENERS = {"“": "”", "‘": "’", "\"": "\"", "«": "»", "„": "“"}
_CLOSERS = {"”", "’", "\"", "»"}


# --------------------------------------------------------------------------- public API


def extract_citations(
    text: str,
    block: NotesBlock,
    *,
    document_id: str,
    page_author: str | None = None,
    body_names: Sequence[str] = (),
    section_of: Callable[[int], str | None] | None = None,
) -> CitationResult:
    """Citations, linked markers and page findings for the notes in ``block``."""
    result = CitationResult()
    by_note: dict[int, list[Citation]] = {}
    for note in block.notes:
        works = _note_citations(text, note, document_id, page_author)
        by_note.setdefault(note.number, works)
        result.citations.extend(works)
    _resolve_ibid(result.citations)
    result.markers = _link_markers(text, block, by_note, document_id, section_of)
    result.findings = _sequence_findings(text, block)
    names_body = list(body_names) + _body_name_guesses(text, block)
    result.findings.extend(_name_findings(result.citations, names_body))
    for cit in result.citations:
        for issue in cit.issues:
            if issue["kind"] == "name-mismatch":
                continue  # already a page finding with its span
            result.findings.append(
                _finding(issue["kind"], issue["message"], cit.start, cit.end, cit.note_number)
            )
    return result


# --------------------------------------------------------------------------- notes → works


def _note_citations(
    text: str, note: Note, document_id: str, page_author: str | None
) -> list[Citation]:
    note_raw = text[note.text_start : note.end]
    base = note.text_start
    works = []
    for index, (ws, we, lead) in enumerate(_split_works(note_raw)):
        parsed = _parse_work(note_raw[ws:we], page_author)
        cit = Citation(
            citation_id=citation_id(document_id, note.number, index),
            document_id=document_id,
            note_number=note.number,
            work_index=index,
            raw=note_raw[ws:we],
            note_raw=note_raw,
            start=base + ws,
            end=base + we,
            note_start=note.text_start,
            note_end=note.end,
            **parsed.fields,
        )
        if lead and cit.prefix is None:
            cit.prefix = lead
        cit.author_entity_ids = [None] * len(cit.author)
        cit.issues = parsed.issues
        cit._author_spans = [(base + ws + s, base + ws + e) for s, e in parsed.author_spans]  # type: ignore[attr-defined]
        cit._ibid = parsed.ibid  # type: ignore[attr-defined]
        works.append(cit)
    if not works:
        works.append(_explanatory(note, note_raw, document_id))
    return works


def _explanatory(note: Note, note_raw: str, document_id: str) -> Citation:
    cit = Citation(
        citation_id=citation_id(document_id, note.number, 0),
        document_id=document_id,
        note_number=note.number,
        work_index=0,
        type="note",
        raw=note_raw,
        note_raw=note_raw,
        start=note.text_start,
        end=note.end,
        note_start=note.text_start,
        note_end=note.end,
    )
    cit.issues = _text_issues(note_raw)
    cit._author_spans = []  # type: ignore[attr-defined]
    cit._ibid = False  # type: ignore[attr-defined]
    return cit


def _split_works(note: str) -> list[tuple[int, int, str | None]]:
    """``(start, end, lead-in)`` of each work cited by ``note`` (offsets into ``note``)."""
    pieces = _pieces(note)
    groups: list[list[tuple[int, int, str]]] = []
    for piece in pieces:
        text = note[piece[0] : piece[1]]
        if groups and not (_starts_work(text, piece[2]) and _ready(note, groups[-1], piece[2])):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    works: list[tuple[int, int, str | None]] = []
    for group in groups:
        # leading prose sentences explain; the work starts at the first sentence that cites
        while len(group) > 1 and _is_prose(note[group[0][0] : group[0][1]]) and any(
            _cite_score(note[p[0] : p[1]]) >= 2 for p in group[1:]
        ):
            group = group[1:]
        start, end = group[0][0], group[-1][1]
        chunk = note[start:end]
        if not IBID_RE.search(chunk) and (
            _cite_score(chunk) < 2
            or (_is_prose(chunk) and not _ends_like_reference(chunk)
                and not _has_cited_tail(chunk))
        ):
            continue
        lead = None
        m = CONNECTOR_RE.match(chunk)
        if m:
            start += m.end()
            chunk = note[start:end]
        if not PREFIX_RE.match(chunk):
            cut = _lead_in(chunk)
            if cut:
                lead = chunk[:cut].strip().rstrip(",:") or None
        end = _trim_end(note, start, end)
        if end > start:
            works.append((start, end, lead))
    return works


_REF_TAIL_RE = re.compile(r",\s*(?:[^,]{1,60},\s*)?[^,]{0,30}\b(?:1[4-9]\d\d|20\d\d)\.?\s*$")


def _ends_like_reference(chunk: str) -> bool:
    """Ends like a reference: ", Source, <date>" (a quoted source after an explanation)."""
    return bool(_REF_TAIL_RE.search(chunk[-120:]))


def _has_cited_tail(chunk: str) -> bool:
    """Prose that ends in a citation after a lead-in ("… is probably A. Author, Title, 1962")."""
    cut = _lead_in(chunk)
    return bool(cut) and _cite_score(chunk[cut:]) >= 2


def _pieces(note: str) -> list[tuple[int, int, str]]:
    """Split at top-level ``;`` and sentence ends (quotes and brackets respected)."""
    out: list[tuple[int, int, str]] = []
    stack: list[str] = []
    start, sep = 0, "start"
    i, n = 0, len(note)
    while i < n:
        ch = note[i]
        _track_quote(note, i, stack)
        if stack:
            i += 1
            continue
        if ch == ";":
            out.append((start, i, sep))
            start, sep = i + 1, ";"
        elif ch in " \n" and i > 0 and _sentence_break(note, i):
            out.append((start, i, sep))
            start, sep = i + 1, "."
        i += 1
    out.append((start, n, sep))
    return [(s + _lead_ws(note, s, e), e, k) for s, e, k in out if note[s:e].strip()]


def _track_quote(s: str, i: int, stack: list[str]) -> None:
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
    elif ch in _OPENERS and ch not in _CLOSERS and not (ch == "‘" and prev.isalpha()):
        stack.append(_OPENERS[ch])
    elif ch in _CLOSERS:
        if ch in stack:
            while stack and stack.pop() != ch:
                pass
        elif ch == "”" and stack and stack[-1] == "’":
            stack.pop()  # ‘…” : mismatched marks still close the quotation
    if len(stack) > 6:
        del stack[:]


def _sentence_break(s: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and s[j] in "”’\")]":
        j -= 1
    if j < 0 or s[j] not in ".?!":
        return False
    k = i
    while k < len(s) and s[k] in " \n":
        k += 1
    if k >= len(s) or not (s[k].isupper() or s[k] in "“‘\"(["):
        return False
    if s[j] == ".":
        m = re.search(r"([\w.]+)$", s[max(0, j - 20) : j])
        word = m.group(1).lower() if m else ""
        if word in SENTENCE_ABBREVIATIONS:
            return False
        tail = word.split(".")[-1]
        if len(tail) == 1 and tail.isalpha():
            return False
    return True


def _starts_work(text: str, sep: str) -> bool:
    t = text.strip()
    m = CONNECTOR_RE.match(t)
    if m:
        t = t[m.end() :]
    if PREFIX_RE.match(t) or SELF_RE.match(t) or IBID_RE.match(t):
        return bool(PREFIX_RE.match(t)) or sep == ";" or bool(IBID_RE.match(t))
    if t[:1] in _OPENERS:
        return True
    names, rest = _leading_names(t)
    if not names:
        return False
    rest = rest.lstrip()
    if sep == ";":
        return rest[:1] in {",", ":"} or rest[:1] in _OPENERS
    if _is_org(names) or not _plausible_person_list(names):
        return False
    nxt = rest[1:].lstrip()[:1]
    return rest.startswith(",") and (nxt.isupper() or nxt in _OPENERS)


def _ready(note: str, group: list[tuple[int, int, str]], sep: str) -> bool:
    chunk = note[group[0][0] : group[-1][1]]
    if sep == ";":
        return "," in chunk or any(q in chunk for q in _OPENERS) or bool(_find_year(chunk))
    outside = _outside_quotes(chunk)
    return bool(_find_year(outside) or _URL_RE.search(chunk) or LINK_STUB_RE.search(chunk))


def _leading_names(t: str) -> tuple[str, str]:
    """The run of capitalised name tokens at the start of ``t`` (with "and", commas of lists)."""
    pos = 0
    tokens = 0
    last_end = 0
    while pos < len(t):
        m = re.match(r"\s*", t[pos:])
        p = pos + (m.end() if m else 0)
        if t.startswith("and ", p) or t.startswith("& ", p):
            if tokens == 0:
                break
            pos = p + (4 if t.startswith("and ", p) else 2)
            continue
        tm = _NAME_TOKEN_RE.match(t, p)
        if not tm or tm.end() == p:
            break
        word = tm.group(0)
        if word.lower().rstrip(".") in NOT_GIVEN_NAMES and tokens == 0:
            break
        if word.lower() in NAME_PARTICLES and tokens == 0:
            break
        tokens += 1
        pos = last_end = tm.end()
        if tokens > 12:
            break
    if tokens == 0 or tokens > 12:
        return "", t
    return t[:last_end], t[last_end:]


def _lead_in(chunk: str) -> int:
    """End of a prose lead-in before a name that starts the citation (0 when none)."""
    cut = _first_top_level(chunk, ",")
    if cut is None:
        return 0
    head = chunk[:cut]
    words = head.split()
    if head[:1] in _OPENERS or any(q in head for q in "“”‘\""):
        return 0
    if _is_org(head) and head[:1].isupper() and all(
        w[:1].isupper() or w.lower() in {"of", "on", "for", "and", "the", "in", "&", "de"}
        for w in words
    ):
        return 0  # an organisation's name ("Commission on …"), not a lead-in
    if len(words) < 4 or not any(
        w[:1].islower() and w.lower() not in NAME_PARTICLES and w not in {"and", "&"}
        for w in words[:-1]
    ):
        return 0
    # trailing capitalised run: the author name
    tokens = list(re.finditer(r"\S+", head))
    k = len(tokens)
    while k > 0:
        w = tokens[k - 1].group(0)
        if w[:1].isupper() or (w.lower() in NAME_PARTICLES and k < len(tokens)):
            k -= 1
        else:
            break
    if k == len(tokens) or k == 0 or len(tokens) - k > 5:
        return 0
    if tokens[k].group(0).lower().rstrip(".") in NOT_GIVEN_NAMES:
        return 0
    return tokens[k].start()


def _first_top_level(s: str, char: str) -> int | None:
    stack: list[str] = []
    for i, ch in enumerate(s):
        _track_quote(s, i, stack)
        if not stack and ch == char:
            return i
        if ch in _OPENERS and i > 0 and not stack:
            continue
    return None


def _trim_end(note: str, start: int, end: int) -> int:
    while end > start and (note[end - 1].isspace() or note[end - 1] in ";,"):
        end -= 1
    return end


def _lead_ws(s: str, start: int, end: int) -> int:
    k = start
    while k < end and s[k].isspace():
        k += 1
    return k - start


# --------------------------------------------------------------------------- scoring


@lru_cache(maxsize=4096)
def _cite_score(chunk: str) -> int:
    score = 0
    if _find_year(chunk):
        score += 1
    if re.search(r"[“‘\"][^”’\"]{3,}[”’\"]", chunk) or re.search(r"^[^“‘\"]{0,80},\s*[“‘\"]",
                                                                 chunk):
        score += 1
    names, rest = _leading_names(chunk.strip())
    if names and rest.lstrip().startswith(","):
        score += 1
        nxt = rest.lstrip()[1:].lstrip()[:1]
        if nxt.isupper() or nxt in _OPENERS:
            score += 1  # "Author, Title…" (also a short-form note)
    elif re.match(r"[A-Z][^,]{0,80},\s*[A-Z“‘\"]", chunk.strip()) and _is_org(
        chunk.strip().split(",", 1)[0]
    ):
        score += 1  # "Organisation, Title…"
    if LINK_STUB_RE.search(chunk):
        score += 1
    if _URL_RE.search(chunk) or _ACCESSED_RE.search(chunk):
        score += 1
    if _PAGES_RE.search(chunk) or _VOLUME_RE.search(chunk):
        score += 1
    if any(w.lower().strip(".,;:") in PUBLISHER_WORDS for w in chunk.split()):
        score += 1
    if chunk.count(",") >= 2 and len(chunk) < 400:
        score += 1
    return score


@lru_cache(maxsize=4096)
def _outside_quotes(chunk: str) -> str:
    """``chunk`` with quoted passages blanked (same length)."""
    if not any(q in chunk for q in "“‘\"«„([") :
        return chunk
    stack: list[str] = []
    out = []
    for i, ch in enumerate(chunk):
        was = bool(stack)
        _track_quote(chunk, i, stack)
        out.append(" " if (was or stack) and ch not in "()[]" else ch)
    return "".join(out)


@lru_cache(maxsize=4096)
def _is_prose(chunk: str) -> bool:
    """Mostly lowercase running text outside quotations (an explanation, not a reference)."""
    outside = _outside_quotes(chunk)
    words = [w for w in outside.split() if w[:1].isalpha()]
    if len(words) < 8:
        return False
    lower = sum(1 for w in words if w[:1].islower())
    # a reference is mostly capitalised names and titles; a sentence of prose is mostly lowercase
    return lower / len(words) > 0.5


# --------------------------------------------------------------------------- one work


@dataclass
class _Parsed:
    fields: dict
    issues: list[dict]
    author_spans: list[tuple[int, int]]
    ibid: bool


class _Masked:
    """The work text with consumed spans blanked out (offsets stay valid)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = list(text)

    def take(self, start: int, end: int) -> str:
        value = self.text[start:end]
        for i in range(start, end):
            self.chars[i] = " "
        return value

    @property
    def rest(self) -> str:
        return "".join(self.chars)


def _parse_work(w: str, page_author: str | None) -> _Parsed:
    f: dict = {
        "type": DEFAULT_ARTICLE_TYPE, "author": [], "editor": [], "title": None,
        "container_title": None, "publisher": None, "publisher_place": None, "volume": None,
        "issue": None, "page": None, "issued": None, "accessed": None, "url": None,
        "doi": None, "prefix": None,
    }
    issues = _text_issues(w)
    mk = _Masked(w)
    body = 0
    m = CONNECTOR_RE.match(w)
    if m:
        mk.take(0, m.end())
        body = m.end()
    m = PREFIX_RE.match(w, body)
    if m:
        f["prefix"] = w[m.start() : m.end()].strip().rstrip(",:") or None
        mk.take(m.start(), m.end())
        body = m.end()
    self_authored = False
    type_hint: str | None = None
    m = SELF_RE.match(w, body)
    if m and m.end() > body:
        self_authored = True
        if re.search(r"chapter|contribution", m.group(0), re.I):
            type_hint = "chapter"
        mk.take(m.start(), m.end())
        body = m.end()
    if not f["prefix"]:
        cut = _lead_in(w[body:])
        if cut:
            f["prefix"] = w[body : body + cut].strip().rstrip(",:") or None
            mk.take(body, body + cut)
            body += cut
    ibid = False
    for m in IBID_RE.finditer(w, body):
        ibid = True
        mk.take(m.start(), m.end())
    _take_links(w, mk, f, issues)
    _take_accessed(w, mk, f)
    title_span = _take_title(w, mk, body, issues)
    if title_span:
        f["title"] = _clean_title(w[title_span[0] + 1 : title_span[1] - 1])
    _take_numbers(mk, f, pages_only=True)
    _take_issued(mk, f)
    _take_numbers(mk, f)
    for m in LINK_STUB_RE.finditer(mk.rest):
        mk.take(m.start(), m.end())
    for m in _CHAPTER_RE.finditer(mk.rest):
        mk.take(m.start(), m.end())
    in_container = _take_editors(w, mk, f)
    author_spans: list[tuple[int, int]] = []
    fields = _fields(mk.rest, body)
    if title_span:
        authors_text_end = title_span[0]
        head = [fl for fl in fields if fl[1] <= authors_text_end]
        fields = [fl for fl in fields if fl[0] >= title_span[1]]
        if head and not self_authored:
            span = (head[0][0], head[-1][1])
            f["author"], author_spans = _names(w, span)
    else:
        fields = _stray_title(w, mk, fields, f, author_spans)
    genre = _take_genres(w, fields, f)
    type_hint = type_hint or genre
    if in_container or (title_span and fields and _IN_RE.match(w[fields[0][0] - 3 : fields[0][1]])):
        type_hint = type_hint or "chapter"
    if title_span or f["title"]:
        _assign_after_title(w, fields, f, type_hint)
    else:
        _assign_untitled(w, fields, f, type_hint, author_spans, ibid)
    if self_authored and not f["author"] and page_author:
        f["author"] = [_person(page_author)]
    f["type"] = _infer_type(f, type_hint, bool(title_span))
    return _Parsed(f, issues, author_spans, ibid)


def _take_links(w: str, mk: _Masked, f: dict, issues: list[dict]) -> None:
    m = _DOI_RE.search(mk.rest)
    if m:
        f["doi"] = m.group(1).rstrip(".,;)")
        mk.take(m.start(), m.start() + len(m.group(0).rstrip(".,;)")))
    m = _URL_RE.search(mk.rest)
    if not m:
        return
    url = m.group(0)
    if not url.startswith(("%", ",", ";")):
        url = url.rstrip(".,;)")
    f["url"] = url
    mk.take(m.start(), m.start() + len(url))
    problem = _url_problem(url)
    if problem:
        issues.append({"kind": problem[0], "message": problem[1]})


def _url_problem(url: str) -> tuple[str, str] | None:
    if url[:1] in {",", ";", "%"} or url.endswith(("…", "...")):
        return "truncated-url", f"URL is truncated (no scheme or host): {url!r}"
    if not re.match(r"(?:https?|ftp)://[^/\s]+\.[^/\s]+", url):
        return "malformed-url", f"URL has no scheme or host: {url!r}"
    return None


def _take_accessed(w: str, mk: _Masked, f: dict) -> None:
    m = _ACCESSED_RE.search(mk.rest)
    if not m:
        return
    found = _first_date(mk.rest, m.end(), min(len(w), m.end() + 40))
    if found:
        iso, (ds, de) = found
        if ds - m.end() <= 2:
            f["accessed"] = iso
            mk.take(m.start(), de)


def _take_title(w: str, mk: _Masked, body: int, issues: list[dict]) -> tuple[int, int] | None:
    """Span of the first quoted title (with its marks) after the authors."""
    rest = mk.rest
    i = body
    while i < len(w):
        ch = rest[i]
        straight = ch == '"' and (i == 0 or not w[i - 1].isalnum())
        if (ch in _OPENERS and ch != '"') or straight:
            if ch == "‘" and i > 0 and w[i - 1].isalpha():
                i += 1
                continue
            end = _closing(w, i)
            if end is None:
                return None
            before = rest[body:i].rstrip()
            if (not before or before[-1] in ",:;." or re.search(r"\bin$", before, re.I)
                    or _is_name_list(before)):
                mk.take(i, end)
                return i, end
            i = end  # a quotation inside a title or a sentence, not the title itself
            continue
        if ch.isdigit() and i - body > 200:
            return None
        i += 1
    return None


def _is_name_list(value: str) -> bool:
    """``value`` is only people's names ("A B, C D, and E F")."""
    parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", value.strip()) if p]
    if not parts:
        return False
    for part in parts:
        names, after = _leading_names(part.strip())
        if not names or after.strip():
            return False
    return True


def _closing(w: str, i: int) -> int | None:
    """End (exclusive) of the quotation opened at ``i``; a mismatched closer is accepted."""
    opener = w[i]
    want = _OPENERS[opener]
    stack = [want]
    j = i + 1
    fallback = None
    while j < len(w):
        ch = w[j]
        prev, nxt = w[j - 1], (w[j + 1] if j + 1 < len(w) else " ")
        if ch == "’" and prev.isalpha() and nxt.isalpha():
            j += 1
            continue
        if ch in _OPENERS and ch not in _CLOSERS and not (ch == "‘" and prev.isalpha()):
            stack.append(_OPENERS[ch])
        elif ch in _CLOSERS or ch == "\"":
            if stack and ch == stack[-1]:
                stack.pop()
                if not stack:
                    return j + 1
            elif ch in _CLOSERS and len(stack) == 1 and not nxt.isalpha() and fallback is None:
                fallback = j + 1  # ‘…” : the wrong closing mark
        j += 1
    return fallback


def _clean_title(title: str) -> str | None:
    t = title.strip()
    while t and t[-1] in ",;:" :
        t = t[:-1].rstrip()
    if t.endswith(".") and not re.search(r"\b[A-Z]\.$|\.\.\.$|\b(?:etc|al|Inc|Co)\.$", t):
        t = t[:-1].rstrip()
    return t or None


def _take_numbers(mk: _Masked, f: dict, *, pages_only: bool = False) -> None:
    rest = mk.rest
    m = _PAGES_RE.search(rest) if f["page"] is None else None
    if m:
        f["page"] = (m.group(1) or m.group(2)).strip()
        start = m.start() if m.group(1) else m.start(2) - 1
        mk.take(start, m.end())
        rest = mk.rest
    if pages_only:
        return
    m = _VOLUME_RE.search(rest)
    if m:
        f["volume"] = m.group(1)
        f["issue"] = m.group(2) or m.group(3)
        mk.take(m.start(), m.end())
        rest = mk.rest
    m = _ISSUE_RE.search(rest)
    if m and not re.search(r"(?:report|paper|brief|series)\s*$", rest[: m.start()], re.I):
        if f["issue"] is None:
            f["issue"] = m.group(1)
            mk.take(m.start(), m.end())
    elif m:
        mk.take(m.start(), m.end())  # a report number: not a journal issue
    if f["volume"] is None:
        for m in _BARE_VOLUME_RE.finditer(mk.rest):
            year = int(m.group(1))
            if MIN_YEAR <= year <= MAX_YEAR:
                continue
            f["volume"] = m.group(1)
            f["issue"] = f["issue"] or m.group(2) or m.group(3)
            mk.take(m.start(), m.end())
            break


def _take_issued(mk: _Masked, f: dict) -> None:
    best: tuple[int, str, tuple[int, int]] | None = None
    for precision, iso, span in _all_dates(mk.rest):
        if best is None or precision > best[0]:
            best = (precision, iso, span)
    if best:
        f["issued"] = best[1]
        mk.take(*best[2])


def _take_editors(w: str, mk: _Masked, f: dict) -> bool:
    m = _EDITOR_RE.search(mk.rest)
    if not m:
        return False
    group = "names" if m.group("names") else "names2"
    s, e = m.start(group), m.end(group)
    f["editor"], _ = _names(w, (s, e))
    mk.take(m.start(), m.end())
    return group == "names"


def _fields(rest: str, body: int) -> list[tuple[int, int]]:
    """Non-empty comma/colon/sentence-separated fields of the masked text."""
    out: list[tuple[int, int]] = []
    start = body
    for m in _FIELD_SEP_RE.finditer(rest, body):
        if (m.group(0) == "" or m.group(0).isspace()) and _is_initial_before(rest, m.start()):
            continue
        _push_field(rest, out, start, m.start())
        start = m.end()
    _push_field(rest, out, start, len(rest))
    return out


def _is_initial_before(rest: str, pos: int) -> bool:
    mm = re.search(r"(\S+)$", rest[max(0, pos - 12) : pos])
    if not mm:
        return False
    word = mm.group(1)
    return bool(re.fullmatch(r"(?:[A-Z]\.)+", word)) or word.lower().rstrip(".") in (
        SENTENCE_ABBREVIATIONS
    )


def _push_field(rest: str, out: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and (rest[start].isspace() or rest[start] in ".,;:"):
        start += 1
    while end > start and (rest[end - 1].isspace() or rest[end - 1] in ".,;:"):
        end -= 1
    if end > start and re.search(r"\w", rest[start:end]):
        out.append((start, end))


def _stray_title(
    w: str, mk: _Masked, fields: list[tuple[int, int]], f: dict,
    author_spans: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """A title closed by a quote mark that was never opened ("Name, Title’ Paper, 2019")."""
    if not fields:
        return fields
    closer = None
    for j in range(fields[0][0], len(w)):
        ch = w[j]
        if ch in _OPENERS and ch not in _CLOSERS:
            return fields
        if ch in ("’", "”") and not (w[j - 1].isalpha() and j + 1 < len(w) and w[j + 1].isalpha()):
            if ch == "’" and w[j - 1] == "s" and j + 1 < len(w) and w[j + 1] == " ":
                continue  # plural possessive
            closer = j
            break
    if closer is None:
        return fields
    start = fields[0][0]
    head = w[start:closer]
    join = _RUN_TOGETHER_RE.search(head)
    comma = _first_top_level(head, ",")
    if comma is not None and (join is None or comma < join.start(2)):
        a_end, t_start = start + comma, start + comma + 1
    elif join is not None:
        a_end = t_start = start + join.start(2)
    else:
        f["title"] = _clean_title(head)  # "Title” Site, 2025": the opening mark was lost
        mk.take(start, closer + 1)
        return _fields(mk.rest, start)
    names, _ = _leading_names(w[start:a_end])
    if not names:
        return fields
    f["author"], spans = _names(w, (start, a_end))
    author_spans.extend(spans)
    while t_start < closer and w[t_start].isspace():
        t_start += 1
    f["title"] = _clean_title(w[t_start:closer])
    mk.take(start, closer + 1)
    return _fields(mk.rest, start)


def _take_genres(w: str, fields: list[tuple[int, int]], f: dict) -> str | None:
    """Drop fields that only name a document genre ("Blog", "Report no. 6"); return its type."""
    found = None
    keep = []
    for s, e in fields:
        value = w[s:e].strip()
        low = re.sub(r"\s+", " ", value.lower()).strip(" .")
        if low in GENRE_TYPES:
            found = found or GENRE_TYPES[low]
            continue
        m = _GENRE_SUFFIX_RE.fullmatch(value)
        if m and (_ACRONYM_RE.match(m.group(1)) or _is_org(m.group(1))):
            found = found or GENRE_TYPES[m.group(2).lower()]
            keep.append((s, s + len(m.group(1))))
            continue
        g = _GENRE_PREFIX_RE.match(value)
        if g and s == fields[0][0] and not f["title"]:
            found = found or GENRE_TYPES[g.group(1).lower()]
        keep.append((s, e))
    fields[:] = keep
    return found


def _assign_after_title(w: str, fields: list[tuple[int, int]], f: dict, hint: str | None) -> None:
    journalish = any(f[k] for k in ("volume", "issue")) or bool(f["page"] and not hint)
    idx = 0
    container_end = -1
    if fields and _IN_RE.match(w[fields[0][0] : fields[0][1]]) and not f["container_title"]:
        s, e = fields[0]
        s += _IN_RE.match(w[s:e]).end()  # type: ignore[union-attr]
        fields[0] = (s, e)
    if hint in {"chapter"} and fields:
        # container = fields up to the publisher
        p = next((i for i, fl in enumerate(fields) if _is_publisher(w[fl[0] : fl[1]])), None)
        last = (p if p is not None and p > 0 else 1) - 1
        f["container_title"] = w[fields[0][0] : fields[last][1]]
        idx = last + 1
    for s, e in fields[idx:]:
        value = w[s:e]
        if hint in {"report", "hearing", "speech", "post-weblog"} and not journalish:
            _institution_fields(w, fields[idx:], f)
            break
        if f["container_title"] is None and f["publisher"] is None and (
            journalish or not _is_publisher(value)
        ):
            f["container_title"] = value
            container_end = e
        elif (f["container_title"] is not None and f["publisher"] is None
              and w[container_end:s].strip() == ":" and not _is_publisher(value)):
            f["container_title"] = w[s - len(f["container_title"]) - (s - container_end) : e]
            container_end = e  # "Container: Subtitle"
        elif f["publisher"] is None and _is_publisher(value):
            f["publisher"] = value
        elif f["publisher"] is not None and f["publisher_place"] is None and _is_place_like(value):
            f["publisher_place"] = value
        elif f["publisher"] is None and f["container_title"] is not None and hint == "chapter":
            f["publisher"] = value


def _institution_fields(w: str, fields: list[tuple[int, int]], f: dict) -> None:
    """Report-like works: the remaining fields name the issuing body (and maybe a place)."""
    if not fields:
        return
    last = len(fields)
    if last >= 2 and _is_place_like(w[fields[-1][0] : fields[-1][1]]) and any(
        _is_publisher(w[s:e]) for s, e in fields[:-1]
    ):
        f["publisher_place"] = w[fields[-1][0] : fields[-1][1]]
        last -= 1
    f["publisher"] = w[fields[0][0] : fields[last - 1][1]]


def _assign_untitled(
    w: str, fields: list[tuple[int, int]], f: dict, hint: str | None,
    author_spans: list[tuple[int, int]], ibid: bool = False,
) -> None:
    if not fields:
        return
    web_pair = f["accessed"] and not f["issued"] and len(fields) == 2 and not f["author"]
    if web_pair:
        f["container_title"] = w[fields[0][0] : fields[0][1]]
        f["title"] = w[fields[1][0] : fields[1][1]]
        return
    first = w[fields[0][0] : fields[0][1]]
    if not f["author"] and (len(fields) >= 2 or ibid) and _is_author_field(first):
        f["author"], spans = _names(w, fields[0])
        author_spans.extend(spans)
        fields = fields[1:]
    if not fields:
        return
    p = next((i for i, fl in enumerate(fields) if i > 0 and _is_publisher(w[fl[0] : fl[1]])), None)
    if (p is not None and p >= 2
            and w[fields[p - 1][1] : fields[p][0]].strip().startswith(":")
            and _is_place_like(w[fields[p - 1][0] : fields[p - 1][1]])):
        f["publisher_place"] = w[fields[p - 1][0] : fields[p - 1][1]]  # "Place: Publisher"
        del fields[p - 1]
        p -= 1
    if p is None:
        # no publisher word: the title runs on over a subtitle after a colon
        p = 1
        while p < len(fields) and w[fields[p - 1][1] : fields[p][0]].strip().startswith(":"):
            p += 1
    t_end = p - 1
    f["title"] = _clean_title(w[fields[0][0] : fields[t_end][1]])
    rest = fields[t_end + 1 :]
    dated = bool(f["issued"] and len(f["issued"]) > 4)
    for s, e in rest:
        value = w[s:e]
        if f["publisher"] is None and f["container_title"] is None:
            if _is_publisher(value) or not dated or hint in {"report", "hearing"}:
                if hint in {"report", "hearing"} and _is_place_like(value) and not _is_publisher(
                    value
                ):
                    f["publisher_place"] = f["publisher_place"] or value
                else:
                    f["publisher"] = value
            else:
                f["container_title"] = value
        elif f["publisher"] is not None and _is_publisher(value) and not f["publisher_place"]:
            f["publisher"] = w[w.index(f["publisher"], fields[0][0]) : e]
        elif f["publisher_place"] is None and _is_place_like(value):
            f["publisher_place"] = value


def _is_author_field(value: str) -> bool:
    if _is_org(value):
        words = value.split()
        joiners = {"of", "and", "for", "the", "on", "in", "de", "&"}
        return (len(words) <= 8 and not _GENRE_PREFIX_RE.match(value)
                and not any(w[:1].islower() and w.lower() not in joiners for w in words))
    names, rest = _leading_names(value)
    return bool(names) and not rest.strip() and _plausible_person_list(names)


def _plausible_person_list(names: str) -> bool:
    parts = [p for p in re.split(r",\s*|\s+and\s+|\s*&\s*", names) if p.strip()]
    return all(1 <= len(p.split()) <= 4 for p in parts)


def _is_publisher(value: str) -> bool:
    words = [w.strip(".,;:()’'").lower() for w in value.split()]
    if not words or len(words) > 9:
        return False
    return any(w in PUBLISHER_WORDS for w in words)


def _is_org(value: str) -> bool:
    words = [w.strip(".,;:()’'").lower() for w in value.split()]
    return any(w in ORG_WORDS for w in words)


def _is_place_like(value: str) -> bool:
    words = value.split()
    return 1 <= len(words) <= 4 and all(
        w[:1].isupper() or w.lower() in {"and", "&", "upon", "on", "de", "am"} for w in words
    ) and not _is_publisher(value)


def _infer_type(f: dict, hint: str | None, quoted: bool) -> str:
    container = (f["container_title"] or "").lower()
    words = set(re.findall(r"[a-z]+", container))
    if hint:
        return hint
    journal = f["volume"] or f["issue"] or words & JOURNAL_WORDS - {"news"}
    if f["container_title"] and journal and (
        f["volume"] or f["issue"] or f["page"] or not (words & NEWS_WORDS)
    ):
        return "article-journal"
    if f["container_title"] and words & MAGAZINE_WORDS:
        return "article-magazine"
    if f["container_title"] and (words & NEWS_WORDS or (f["issued"] and len(f["issued"]) == 10)):
        return "article-newspaper"
    if f["container_title"] and f["accessed"]:
        return "webpage"
    if f["container_title"] and f["publisher"] and _is_publisher(f["publisher"]) and not (
        words & NEWS_WORDS
    ):
        return "chapter"
    if not quoted and (f["publisher"] or f["publisher_place"]) and not f["container_title"]:
        return "book"
    if f["url"] and not f["container_title"] and not f["publisher"]:
        return "webpage"
    if f["container_title"]:
        return "article-journal" if f["page"] else "webpage"
    if quoted and f["publisher"]:
        return "report" if not f["page"] else "chapter"
    return DEFAULT_ARTICLE_TYPE if quoted else ("book" if f["title"] else "webpage")


# --------------------------------------------------------------------------- names


def _names(w: str, span: tuple[int, int]) -> tuple[list[dict], list[tuple[int, int]]]:
    """CSL names and their spans in ``w[span]`` (people split with nameparser)."""
    s, e = span
    text = w[s:e]
    etal = re.search(r",?\s*\bet\s+al\b\.?", text)
    if etal:
        text = text[: etal.start()]
    if _is_org(text) and not re.search(r"\band\b|&|,", text):
        return [{"family": None, "given": None, "literal": text.strip()}], [(s, s + len(text))]
    parts: list[tuple[int, int]] = []
    inverted = re.fullmatch(r"\s*([A-Z][\w’'-]+),\s*([A-Z][\w.’' -]*?)\s*", text)
    if inverted and len(inverted.group(2).split()) <= 3 and "," not in inverted.group(2):
        fam, giv = inverted.group(1), inverted.group(2).strip()
        return [{"family": fam, "given": giv or None, "literal": None}], [(s, e)]
    for m in re.finditer(r"[^,&]+?(?=\s*(?:,\s*and\s+|,|\band\b|&|$))", text):
        chunk = m.group(0)
        chunk2 = re.sub(r"^\s*and\s+", "", chunk)
        offset = m.start() + (len(chunk) - len(chunk2))
        stripped = chunk2.strip()
        if not stripped or stripped.lower() == "and":
            continue
        lead = len(chunk2) - len(chunk2.lstrip())
        parts.append((s + offset + lead, s + offset + lead + len(stripped)))
    names = []
    spans = []
    for ps, pe in parts:
        value = w[ps:pe]
        for sub_s, sub_e in _split_and(value):
            names.append(_person(value[sub_s:sub_e]))
            spans.append((ps + sub_s, ps + sub_e))
    return names, spans


def _split_and(value: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in re.finditer(r"\s+and\s+", value):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(value)))
    return [(a, b) for a, b in out if value[a:b].strip()]


_SIMPLE_NAME_RE = re.compile(
    r"(?!(?:Dr|Mr|Mrs|Ms|Prof|Sir|Lord|Lady|Rev|Hon)\.?\s)"
    r"(?:[A-Z][a-z’'-]+|[A-Z]\.(?:[A-Z]\.)*)(?:\s+(?:[A-Z][a-z’'-]+|[A-Z]\.(?:[A-Z]\.)*)){0,2}"
    r"\s+[A-Z][a-z’'-]+(?<!\bJr)(?<!\bSr)"
)


def _person(name: str) -> dict:
    name = name.strip()
    if _is_org(name) or len(name.split()) > 5 or not name[:1].isupper():
        return {"family": None, "given": None, "literal": name}
    spaced = re.sub(r"\.(?=[A-Z][a-z])", ". ", name)  # "E.Hillman" → parse as "E. Hillman"
    tokens = spaced.split()
    if len(tokens) == 1:
        return {"family": name, "given": None, "literal": None}
    if _SIMPLE_NAME_RE.fullmatch(spaced):
        # "Given [Middle] Family" with no titles, suffixes or particles: no parser needed
        return {"family": tokens[-1], "given": " ".join(tokens[:-1]), "literal": None}
    human = HumanName(spaced)
    family = " ".join(p for p in (human.last,) if p) or tokens[-1]
    given = " ".join(p for p in (human.first, human.middle) if p) or None
    if human.suffix:
        family = f"{family} {human.suffix}".strip()
    return {"family": family, "given": given, "literal": None}


# --------------------------------------------------------------------------- dates


def _all_dates(s: str) -> list[tuple[int, str, tuple[int, int]]]:
    """Every date in ``s``: (precision 1–3, ISO string, span); overlapping weaker ones dropped."""
    found: list[tuple[int, str, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _DATE_PATTERNS:
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


def _first_date(s: str, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
    dates = [d for d in _all_dates(s[start:end])]
    if not dates:
        return None
    _, iso, (a, b) = dates[0]
    return iso, (start + a, start + b)


def _find_year(s: str) -> bool:
    return any(MIN_YEAR <= int(m.group(1)) <= MAX_YEAR for m in re.finditer(_YEAR, s))


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


# --------------------------------------------------------------------------- issues


def _text_issues(w: str) -> list[dict]:
    issues = []
    for m in _RUN_TOGETHER_RE.finditer(w):
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


# --------------------------------------------------------------------------- shorthand


def _resolve_ibid(citations: list[Citation]) -> None:
    previous: list[Citation] = []
    for cit in citations:
        if getattr(cit, "_ibid", False):
            target = _ibid_target(cit, previous)
            if target is not None:
                cit.ibid_of = target.citation_id
                for key in ("title", "container_title", "publisher", "publisher_place",
                            "volume", "issue", "page", "issued", "accessed", "url", "doi"):
                    if getattr(cit, key) is None:
                        setattr(cit, key, getattr(target, key))
                if not cit.author:
                    cit.author = [dict(a) for a in target.author]
                    cit.author_entity_ids = [None] * len(cit.author)
                if not cit.editor:
                    cit.editor = [dict(e) for e in target.editor]
                cit.type = target.type
            else:
                cit.issues.append({"kind": "unresolved-ibid",
                                   "message": "shorthand with no earlier citation to point to"})
        if cit.type != "note":
            previous.append(cit)


def _ibid_target(cit: Citation, previous: list[Citation]) -> Citation | None:
    families = {a.get("family") or a.get("literal") for a in cit.author} - {None}
    for cand in reversed(previous):
        if cand.note_number >= cit.note_number and cand.work_index >= cit.work_index:
            continue
        if getattr(cand, "_ibid", False):
            if cand.ibid_of is None:
                continue
            # a chain of shorthand points back to the original work
            cand = next((p for p in previous if p.citation_id == cand.ibid_of), cand)
        if not families:
            return cand
        if families & {a.get("family") or a.get("literal") for a in cand.author}:
            return cand
    return None


# --------------------------------------------------------------------------- markers


def _link_markers(
    text: str,
    block: NotesBlock,
    by_note: dict[int, list[Citation]],
    document_id: str,
    section_of: Callable[[int], str | None] | None,
) -> list[CitationMarker]:
    out = []
    for mk in block.markers:
        works = by_note.get(mk.number)
        out.append(CitationMarker(
            marker_id=marker_id(document_id, mk.start),
            document_id=document_id,
            note_number=mk.number,
            text=text[mk.start : mk.end],
            start=mk.start,
            end=mk.end,
            sentence=text[mk.sentence_start : mk.sentence_end],
            sentence_start=mk.sentence_start,
            sentence_end=mk.sentence_end,
            section=section_of(mk.start) if section_of else None,
            citation_id=works[0].citation_id if works else None,
        ))
    return out


# --------------------------------------------------------------------------- findings


def _finding(kind: str, message: str, start: int | None, end: int | None,
             note_number: int | None) -> dict:
    return {"stage": STAGE, "kind": kind, "message": message, "start": start, "end": end,
            "note_number": note_number}


def _sequence_findings(text: str, block: NotesBlock) -> list[dict]:
    out: list[dict] = []
    notes = block.notes
    numbers = [n.number for n in notes]
    have = set(numbers)
    for prev, nxt in pairwise(notes):
        if nxt.number < prev.number:
            out.append(_finding("note-out-of-order",
                                f"note {nxt.number} comes after note {prev.number}",
                                nxt.start, nxt.end, nxt.number))
        for missing in range(prev.number + 1, nxt.number):
            if missing not in have:
                out.append(_finding("missing-note",
                                    f"note {missing} is missing from the notes list "
                                    f"(between notes {prev.number} and {nxt.number})",
                                    prev.end, nxt.start, missing))
    if notes and numbers[0] > 1:
        for missing in range(1, numbers[0]):
            out.append(_finding("missing-note", f"note {missing} is missing from the notes list",
                                None, None, missing))
    marked = set()
    highest = 0
    for mk in block.markers:
        marked.add(mk.number)
        if mk.number not in have:
            out.append(_finding("marker-without-note",
                                f"marker {text[mk.start:mk.end]!r} has no note {mk.number}",
                                mk.start, mk.end, mk.number))
        if mk.number < highest and mk.number not in marked - {mk.number}:
            out.append(_finding("marker-out-of-order",
                                f"marker {mk.number} first appears after marker {highest}",
                                mk.start, mk.end, mk.number))
        highest = max(highest, mk.number)
    for note in notes:
        if note.number not in marked:
            out.append(_finding("note-without-marker",
                                f"note {note.number} has no marker in the text",
                                note.start, note.end, note.number))
    return out


_BODY_NAME_RE = re.compile(
    r"\b(?=([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b)"
)


def _body_name_guesses(text: str, block: NotesBlock) -> list[str]:
    """Capitalised word pairs of the body: cheap stand-ins for person names."""
    limit = block.start if block.start is not None else len(text)
    return [f"{m.group(1)} {m.group(2)}" for m in _BODY_NAME_RE.finditer(text, 0, limit)
            if m.group(1).lower() not in NOT_GIVEN_NAMES]


def _name_findings(citations: list[Citation], body_names: Iterable[str]) -> list[dict]:
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
            out.append(_finding("name-mismatch", msg, s, e, cit.note_number))
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
