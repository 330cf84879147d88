"""Parse one cited work into CSL fields by ordered rules: link, access date, quoted title,
pages, dates, volume/issue, editors, authors, then the remaining comma-separated fields by
position and cue words. Values are substrings of the work as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pagefacts.citation_dates import all_dates, first_date
from pagefacts.citation_findings import text_issues, url_problem
from pagefacts.citation_layouts import (
    take_bare_numbers,
    take_hearing,
    take_imprint,
    take_journal_numbers,
    take_ref_head,
    take_trailing_page,
)
from pagefacts.citation_names import (
    is_author_field,
    is_name_list,
    is_org,
    is_periodical,
    is_place_like,
    is_publisher,
    leading_names,
    parse_names,
    parse_person,
)
from pagefacts.citation_scan import CLOSERS, OPENERS, closing, first_top_level
from pagefacts.citation_split import lead_in
from pagefacts.vocab.citations import (
    ACCESSED_RE,
    ACCESSED_STEMS,
    ACRONYM_RE,
    BARE_VOLUME_RE,
    CHAPTER_RE,
    CONNECTOR_RE,
    DAY_MONTH_RE,
    DEFAULT_ARTICLE_TYPE,
    DEHYPHEN_RE,
    DOI_RE,
    EDITOR_RE,
    FIELD_SEP_RE,
    GENRE_PREFIX_RE,
    GENRE_SUFFIX_RE,
    GENRE_TYPES,
    IBID_RE,
    IN_RE,
    IN_RE_ANYWHERE,
    ISSUE_RE,
    JOURNAL_WORDS,
    LINK_STUB_RE,
    MAGAZINE_WORDS,
    MAX_YEAR,
    MIN_YEAR,
    MONTH_RANGE_RE,
    MONTHS,
    NEWS_WORDS,
    PAGES_RE,
    PREFIX_RE,
    REPORT_TITLE_RE,
    RUN_TOGETHER_RE,
    SELF_RE,
    SENTENCE_ABBREVIATIONS,
    URL_RE,
    VOLUME_RE,
)


@dataclass
class _Parsed:
    fields: dict
    issues: list[dict]
    author_spans: list[tuple[int, int]]
    ibid: bool


_TITLE_SCAN_RE = re.compile(r"[“‘\"«„\d]")
_STRAY_SCAN_RE = re.compile(r"[“‘\"«„”’]")


class _Masked:
    """The work text with consumed spans blanked out (offsets stay valid)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.rest = text  # the text still to be parsed (consumed spans are spaces)

    def take(self, start: int, end: int) -> str:
        """Consume ``text[start:end]`` and return it."""
        if end > start:
            self.rest = f"{self.rest[:start]}{' ' * (end - start)}{self.rest[end:]}"
        return self.text[start:end]


def parse_work(w: str, page_author: str | None) -> _Parsed:
    f: dict = {
        "type": DEFAULT_ARTICLE_TYPE, "author": [], "editor": [], "title": None,
        "container_title": None, "publisher": None, "publisher_place": None, "volume": None,
        "issue": None, "page": None, "issued": None, "accessed": None, "url": None,
        "doi": None, "prefix": None,
    }
    issues = text_issues(w)
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
        cut = lead_in(w[body:])
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
    author_spans: list[tuple[int, int]] = []
    head = None if ibid or self_authored else take_ref_head(w, mk, f, body)
    if head is not None:
        author_spans.extend(head[1])
    hearing = head is None and not ibid and take_hearing(w, mk, f, body)
    title_span = None
    if f["title"] is None:
        title_span = _take_title(w, mk, head[0] if head else body, issues)
    if title_span:
        f["title"] = _clean_title(w[title_span[0] + 1 : title_span[1] - 1])
    journal = take_journal_numbers(mk, f)
    imprint = take_imprint(w, mk, f)
    take_bare_numbers(mk, f)
    _take_numbers(mk, f, pages_only=True)
    take_trailing_page(mk, f)
    _take_issued(mk, f)
    _take_numbers(mk, f)
    for m in LINK_STUB_RE.finditer(mk.rest):
        mk.take(m.start(), m.end())
    for m in CHAPTER_RE.finditer(mk.rest):
        mk.take(m.start(), m.end())
    in_container = _take_editors(w, mk, f)
    fields = _fields(mk.rest, body)
    if title_span:
        authors_text_end = title_span[0]
        head_fields = [fl for fl in fields if fl[1] <= authors_text_end]
        fields = [fl for fl in fields if fl[0] >= title_span[1]]
        if head_fields and not self_authored and not f["author"]:
            span = (head_fields[0][0], head_fields[-1][1])
            f["author"], author_spans = parse_names(w, span)
    elif hearing:
        fields = []
        type_hint = "hearing"
    elif head is not None:
        fields = [fl for fl in fields if fl[0] >= head[0]]
    else:
        fields = _stray_title(w, mk, fields, f, author_spans)
    # the publisher named again (as in an imprint) is not another field; an organisation
    # that is author and publisher keeps its first field as the author
    keep_first = not (title_span or head is not None)
    fields = [fl for i, fl in enumerate(fields)
              if (keep_first and i == 0) or w[fl[0] : fl[1]] != f["publisher"]]
    genre = _take_genres(w, fields, f)
    type_hint = type_hint or genre
    if in_container or (title_span and fields and IN_RE.match(w[fields[0][0] - 3 : fields[0][1]])):
        type_hint = type_hint or "chapter"
    if title_span or f["title"]:
        _assign_after_title(w, fields, f, type_hint)
    else:
        _assign_untitled(w, fields, f, type_hint, author_spans, ibid)
    if self_authored and not f["author"] and page_author:
        f["author"] = [parse_person(page_author)]
    if not title_span and not f["container_title"] and not type_hint and f["title"]:
        if REPORT_TITLE_RE.search(f["title"]):
            type_hint = "report"
        elif imprint:
            type_hint = "report" if _org_author(f) else "book"
    if journal and f["container_title"] and not type_hint:
        type_hint = "article-journal"
    f["type"] = _infer_type(f, type_hint, bool(title_span))
    for key in ("title", "container_title", "publisher", "publisher_place"):
        if f[key]:
            f[key] = squash(f[key])
    return _Parsed(f, issues, author_spans, ibid)


def _org_author(f: dict) -> bool:
    return any(a.get("literal") or (a.get("family") or "").isupper() for a in f["author"])


def squash(value: str) -> str:
    """One space for each run of whitespace; a word hyphenated over a line break joined."""
    return " ".join(DEHYPHEN_RE.sub("", value).split())


def _take_links(w: str, mk: _Masked, f: dict, issues: list[dict]) -> None:
    m = DOI_RE.search(mk.rest)
    if m:
        f["doi"] = m.group(1).rstrip(".,;)")
        mk.take(m.start(), m.start() + len(m.group(0).rstrip(".,;)")))
    m = URL_RE.search(mk.rest)
    if not m:
        return
    url = m.group(0)
    if not url.startswith(("%", ",", ";")):
        url = url.rstrip(".,;)")
    f["url"] = url
    mk.take(m.start(), m.start() + len(url))
    problem = url_problem(url)
    if problem:
        issues.append({"kind": problem[0], "message": problem[1]})


def _take_accessed(w: str, mk: _Masked, f: dict) -> None:
    low = mk.rest.lower()
    if not any(stem in low for stem in ACCESSED_STEMS):
        return  # cheap test first: most works have no access date
    m = ACCESSED_RE.search(mk.rest)
    if not m:
        return
    found = first_date(mk.rest, m.end(), min(len(w), m.end() + 40))
    if found:
        iso, (ds, de) = found
        if ds - m.end() <= 2:
            f["accessed"] = iso
            mk.take(m.start(), de)


def _take_title(w: str, mk: _Masked, body: int, issues: list[dict]) -> tuple[int, int] | None:
    """Span of the first quoted title (with its marks) after the authors."""
    rest = mk.rest
    resume = body
    for m in _TITLE_SCAN_RE.finditer(rest, body):
        i = m.start()
        if i < resume:
            continue  # inside a quotation already skipped
        ch = rest[i]
        if ch.isdigit():
            if i - body > 200:
                return None  # far into the numbers: no title after the authors
            continue
        if ch == '"' and i > 0 and w[i - 1].isalnum():
            continue
        if ch == "‘" and i > 0 and w[i - 1].isalpha():
            continue
        end = closing(w, i)
        if end is None:
            return None
        before = rest[body:i].rstrip()
        if (not before or before[-1] in ",:;." or re.search(r"\bin$", before, re.I)
                or is_name_list(before)):
            mk.take(i, end)
            return i, end
        resume = end  # a quotation inside a title or a sentence, not the title itself
    return None


def _clean_title(title: str) -> str | None:
    t = title.strip()
    while t and t[-1] in ",;:" :
        t = t[:-1].rstrip()
    if t.endswith(".") and not re.search(r"\b[A-Z]\.$|\.\.\.$|\b(?:etc|al|Inc|Co)\.$", t):
        t = t[:-1].rstrip()
    return t or None


def _take_numbers(mk: _Masked, f: dict, *, pages_only: bool = False) -> None:
    rest = mk.rest
    m = PAGES_RE.search(rest) if f["page"] is None else None
    if m:
        f["page"] = (m.group(1) or m.group(2)).strip()
        start = m.start() if m.group(1) else m.start(2) - 1
        mk.take(start, m.end())
        rest = mk.rest
    if pages_only:
        return
    m = VOLUME_RE.search(rest)
    if m:
        f["volume"] = m.group(1)
        f["issue"] = m.group(2) or m.group(3)
        mk.take(m.start(), m.end())
        rest = mk.rest
    m = ISSUE_RE.search(rest)
    if m and not re.search(r"(?:report|paper|brief|series)\s*$", rest[: m.start()], re.I):
        if f["issue"] is None:
            f["issue"] = m.group(1)
            mk.take(m.start(), m.end())
    elif m:
        mk.take(m.start(), m.end())  # a report number: not a journal issue
    if f["volume"] is None:
        for m in BARE_VOLUME_RE.finditer(mk.rest):
            year = int(m.group(1))
            if MIN_YEAR <= year <= MAX_YEAR:
                continue
            f["volume"] = m.group(1)
            f["issue"] = f["issue"] or m.group(2) or m.group(3)
            mk.take(m.start(), m.end())
            break


def _take_issued(mk: _Masked, f: dict) -> None:
    if f["issued"] is not None:
        _complete_year(mk, f)
        return
    rng = MONTH_RANGE_RE.search(mk.rest)
    if rng:
        mk.take(rng.start(), rng.end())  # "March/April 2022": the year alone is as written
    best: tuple[int, str, tuple[int, int]] | None = None
    for precision, iso, span in all_dates(mk.rest):
        if best is None or precision > best[0]:
            best = (precision, iso, span)
    if best:
        f["issued"] = best[1]
        mk.take(*best[2])


def _complete_year(mk: _Masked, f: dict) -> None:
    """A year from the head plus a day and month later on ("(2022) … 14 March")."""
    if len(f["issued"]) != 4:
        return
    m = DAY_MONTH_RE.search(mk.rest)
    if m is None:
        return
    day = int(m.group("d1") or m.group("d2"))
    month = MONTHS[(m.group("m1") or m.group("m2")).lower()]
    if 1 <= day <= 31:
        f["issued"] = f"{f['issued']}-{month:02d}-{day:02d}"
        mk.take(m.start(), m.end())


def _take_editors(w: str, mk: _Masked, f: dict) -> bool:
    """Editors ("in A. Editor (ed.), Book", "Book, ed. A. Editor"); True when "in" a book."""
    m = EDITOR_RE.search(mk.rest)
    if not m:
        return False
    group = next(g for g in ("names", "names2", "names3") if m.group(g))
    s, e = m.start(group), m.end(group)
    f["editor"], _ = parse_names(w, (s, e))
    mk.take(m.start(), m.end())
    return group == "names" or (group == "names3" and IN_RE_ANYWHERE.search(w[: m.start()]))


def _fields(rest: str, body: int) -> list[tuple[int, int]]:
    """Non-empty comma/colon/sentence-separated fields of the masked text."""
    out: list[tuple[int, int]] = []
    start = body
    for m in FIELD_SEP_RE.finditer(rest, body):
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
    for m in _STRAY_SCAN_RE.finditer(w, fields[0][0]):
        j = m.start()
        ch = w[j]
        if ch in OPENERS and ch not in CLOSERS:
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
    join = RUN_TOGETHER_RE.search(head)
    comma = first_top_level(head, ",")
    if comma is not None and (join is None or comma < join.start(2)):
        a_end, t_start = start + comma, start + comma + 1
    elif join is not None:
        a_end = t_start = start + join.start(2)
    else:
        f["title"] = _clean_title(head)  # "Title” Site, 2025": the opening mark was lost
        mk.take(start, closer + 1)
        return _fields(mk.rest, start)
    names, _ = leading_names(w[start:a_end])
    if not names:
        return fields
    f["author"], spans = parse_names(w, (start, a_end))
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
        m = GENRE_SUFFIX_RE.fullmatch(value)
        if m and (ACRONYM_RE.match(m.group(1)) or is_org(m.group(1))):
            found = found or GENRE_TYPES[m.group(2).lower()]
            if not (f["publisher"] and any(ch.isdigit() for ch in value)):
                keep.append((s, s + len(m.group(1))))  # the series' issuer, unless known
            continue
        g = GENRE_PREFIX_RE.match(value)
        if g and s == fields[0][0] and not f["title"]:
            found = found or GENRE_TYPES[g.group(1).lower()]
        keep.append((s, e))
    fields[:] = keep
    return found


def _assign_after_title(w: str, fields: list[tuple[int, int]], f: dict, hint: str | None) -> None:
    journalish = any(f[k] for k in ("volume", "issue")) or bool(f["page"] and not hint)
    idx = 0
    container_end = -1
    if fields and IN_RE.match(w[fields[0][0] : fields[0][1]]) and not f["container_title"]:
        s, e = fields[0]
        s += IN_RE.match(w[s:e]).end()  # type: ignore[union-attr]
        fields[0] = (s, e)
    if hint in {"chapter"} and fields:
        # container = fields up to the publisher
        p = next((i for i, fl in enumerate(fields) if is_publisher(w[fl[0] : fl[1]])), None)
        last = (p if p is not None and p > 0 else 1) - 1
        f["container_title"] = w[fields[0][0] : fields[last][1]]
        idx = last + 1
    fields = _place_publisher_pairs(w, fields[idx:], f)
    fields = _drop_section(w, fields, f)
    publisher_end = -1
    for s, e in fields:
        value = w[s:e]
        if hint in {"report", "hearing", "speech", "post-weblog"} and not journalish:
            _institution_fields(w, fields, f)
            break
        numbered = bool(f["volume"] or f["issue"])
        if f["container_title"] is None and f["publisher"] is None and (
            numbered or not is_publisher(value) or is_periodical(value)
        ):
            f["container_title"] = value
            container_end = e
        elif (f["container_title"] is not None and f["publisher"] is None
              and w[container_end:s].strip() == ":" and not is_publisher(value)):
            f["container_title"] = w[s - len(f["container_title"]) - (s - container_end) : e]
            container_end = e  # "Container: Subtitle"
        elif f["publisher"] is None and is_publisher(value):
            f["publisher"] = value
            publisher_end = e
        elif (publisher_end >= 0 and w[publisher_end:s].strip() == "," and is_publisher(value)
              and f["publisher_place"] is None):
            f["publisher"] = w[publisher_end - len(f["publisher"]) : e]  # "School, University"
            publisher_end = e
        elif f["publisher"] is not None and f["publisher_place"] is None and is_place_like(value):
            f["publisher_place"] = value
        elif f["publisher"] is None and f["container_title"] is not None and hint == "chapter":
            f["publisher"] = value


def _place_publisher_pairs(
    w: str, fields: list[tuple[int, int]], f: dict
) -> list[tuple[int, int]]:
    """"Place: Publisher" (two fields joined by a colon) fills both and leaves the list."""
    for i in range(len(fields) - 1):
        (ps, pe), (qs, qe) = fields[i], fields[i + 1]
        if (f["publisher"] is None and w[pe:qs].strip() == ":" and is_place_like(w[ps:pe])
                and (is_publisher(w[qs:qe]) or i == len(fields) - 2)):
            f["publisher_place"], f["publisher"] = w[ps:pe], w[qs:qe]
            return fields[:i] + fields[i + 2 :]
    return fields


def _drop_section(w: str, fields: list[tuple[int, int]], f: dict) -> list[tuple[int, int]]:
    """A column or blog name before its periodical ("Answer Sheet, The Washington Post")."""
    if f["container_title"] is None and len(fields) >= 2:
        first, second = w[fields[0][0] : fields[0][1]], w[fields[1][0] : fields[1][1]]
        if is_periodical(second) and not is_periodical(first) and not is_publisher(first):
            return fields[1:]
    return fields


def _institution_fields(w: str, fields: list[tuple[int, int]], f: dict) -> None:
    """Report-like works: the remaining fields name the issuing body (and maybe a place)."""
    if not fields or f["publisher"]:
        return
    last = len(fields)
    if last >= 2 and is_place_like(w[fields[-1][0] : fields[-1][1]]) and any(
        is_publisher(w[s:e]) for s, e in fields[:-1]
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
    if not f["author"] and (len(fields) >= 2 or ibid) and is_author_field(first):
        f["author"], spans = parse_names(w, fields[0])
        author_spans.extend(spans)
        fields = fields[1:]
    if not fields:
        return
    p = next((i for i, fl in enumerate(fields) if i > 0 and is_publisher(w[fl[0] : fl[1]])), None)
    if (p is not None and p >= 2
            and w[fields[p - 1][1] : fields[p][0]].strip().startswith(":")
            and is_place_like(w[fields[p - 1][0] : fields[p - 1][1]])):
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
            if is_publisher(value) or not dated or hint in {"report", "hearing"}:
                if hint in {"report", "hearing"} and is_place_like(value) and not is_publisher(
                    value
                ):
                    f["publisher_place"] = f["publisher_place"] or value
                else:
                    f["publisher"] = value
            else:
                f["container_title"] = value
        elif f["publisher"] is not None and is_publisher(value) and not f["publisher_place"]:
            f["publisher"] = w[w.index(f["publisher"], fields[0][0]) : e]
        elif f["publisher_place"] is None and is_place_like(value):
            f["publisher_place"] = value


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
    if f["container_title"] and f["publisher"] and is_publisher(f["publisher"]) and not (
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

