"""Split one note into the works it cites (``;`` or a sentence that starts a new reference),
skipping explanatory prose and setting lead-in phrases aside as prefixes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pagefacts.citation_dates import find_year
from pagefacts.citation_layouts import has_ref_head
from pagefacts.citation_names import is_org, leading_names, plausible_person_list
from pagefacts.citation_scan import (
    OPENERS,
    first_top_level,
    is_inside,
    outside_quotes,
    quoted_spans,
)
from pagefacts.vocab.citations import (
    ACCESSED_RE,
    CONNECTOR_RE,
    IBID_RE,
    LINK_STUB_RE,
    NAME_PARTICLES,
    NOT_GIVEN_NAMES,
    PAGES_RE,
    PREFIX_RE,
    PUBLISHER_WORDS,
    REF_TAIL_RE,
    SELF_RE,
    SENTENCE_ABBREVIATIONS,
    URL_RE,
    VOLUME_RE,
)


def split_works(note: str) -> list[tuple[int, int, str | None]]:
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
        while len(group) > 1 and _is_prose(note[group[0][0] : group[0][1]]) and not (
            has_ref_head(note[group[0][0] : group[0][1]])
        ) and any(
            _cite_score(note[p[0] : p[1]]) >= 2 for p in group[1:]
        ):
            group = group[1:]
        start, end = group[0][0], group[-1][1]
        chunk = note[start:end]
        if not IBID_RE.search(chunk) and not has_ref_head(chunk) and (
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
            cut = lead_in(chunk)
            if cut:
                lead = chunk[:cut].strip().rstrip(",:") or None
        end = _trim_end(note, start, end)
        if end > start:
            works.append((start, end, lead))
    return works


def _ends_like_reference(chunk: str) -> bool:
    """Ends like a reference: ", Source, <date>" (a quoted source after an explanation)."""
    return bool(REF_TAIL_RE.search(chunk[-120:]))


def _has_cited_tail(chunk: str) -> bool:
    """Prose that ends in a citation after a lead-in ("… is probably A. Author, Title, 1962")."""
    cut = lead_in(chunk)
    return bool(cut) and _cite_score(chunk[cut:]) >= 2


_SPLIT_RE = re.compile(r";|[.?!][”’\")\]]*(?=[ \n])")


def _pieces(note: str) -> list[tuple[int, int, str]]:
    """Split at top-level ``;`` and sentence ends (quotes and brackets respected)."""
    out: list[tuple[int, int, str]] = []
    spans = quoted_spans(note)
    start, sep = 0, "start"
    for m in _SPLIT_RE.finditer(note):
        if m.group(0) == ";":
            i, kind = m.start(), ";"
        else:
            i, kind = m.end(), "."
            if not _sentence_break(note, i):
                continue
        if is_inside(spans, i):
            continue
        out.append((start, i, sep))
        start, sep = i + 1, kind
    out.append((start, len(note), sep))
    return [(s + _lead_ws(note, s, e), e, k) for s, e, k in out if note[s:e].strip()]


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
    if t[:1] in OPENERS:
        return True
    names, rest = leading_names(t)
    if not names:
        return False
    rest = rest.lstrip()
    if sep == ";":
        return rest[:1] in {",", ":"} or rest[:1] in OPENERS
    if is_org(names) or not plausible_person_list(names):
        return False
    nxt = rest[1:].lstrip()[:1]
    return rest.startswith(",") and (nxt.isupper() or nxt in OPENERS)


def _ready(note: str, group: list[tuple[int, int, str]], sep: str) -> bool:
    chunk = note[group[0][0] : group[-1][1]]
    if sep == ";":
        return "," in chunk or any(q in chunk for q in OPENERS) or bool(find_year(chunk))
    outside = outside_quotes(chunk)
    return bool(find_year(outside) or URL_RE.search(chunk) or LINK_STUB_RE.search(chunk))


def lead_in(chunk: str) -> int:
    """End of a prose lead-in before a name that starts the citation (0 when none)."""
    cut = first_top_level(chunk, ",")
    if cut is None:
        return 0
    head = chunk[:cut]
    words = head.split()
    if head[:1] in OPENERS or any(q in head for q in "“”‘\""):
        return 0
    if is_org(head) and head[:1].isupper() and all(
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


def _trim_end(note: str, start: int, end: int) -> int:
    while end > start and (note[end - 1].isspace() or note[end - 1] in ";,"):
        end -= 1
    return end


def _lead_ws(s: str, start: int, end: int) -> int:
    k = start
    while k < end and s[k].isspace():
        k += 1
    return k - start


@lru_cache(maxsize=4096)
def _cite_score(chunk: str) -> int:
    score = 0
    if find_year(chunk):
        score += 1
    if re.search(r"[“‘\"][^”’\"]{3,}[”’\"]", chunk) or re.search(r"^[^“‘\"]{0,80},\s*[“‘\"]",
                                                                 chunk):
        score += 1
    names, rest = leading_names(chunk.strip())
    if names and rest.lstrip().startswith(","):
        score += 1
        nxt = rest.lstrip()[1:].lstrip()[:1]
        if nxt.isupper() or nxt in OPENERS:
            score += 1  # "Author, Title…" (also a short-form note)
    elif re.match(r"[A-Z][^,]{0,80},\s*[A-Z“‘\"]", chunk.strip()) and is_org(
        chunk.strip().split(",", 1)[0]
    ):
        score += 1  # "Organisation, Title…"
    if LINK_STUB_RE.search(chunk):
        score += 1
    if URL_RE.search(chunk) or ACCESSED_RE.search(chunk):
        score += 1
    if PAGES_RE.search(chunk) or VOLUME_RE.search(chunk):
        score += 1
    if any(w.lower().strip(".,;:") in PUBLISHER_WORDS for w in chunk.split()):
        score += 1
    if chunk.count(",") >= 2 and len(chunk) < 400:
        score += 1
    return score


@lru_cache(maxsize=4096)
def _is_prose(chunk: str) -> bool:
    """Mostly lowercase running text outside quotations (an explanation, not a reference)."""
    outside = outside_quotes(chunk)
    words = [w for w in outside.split() if w[:1].isalpha()]
    if len(words) < 8:
        return False
    lower = sum(1 for w in words if w[:1].islower())
    # a reference is mostly capitalised names and titles; a sentence of prose is mostly lowercase
    return lower / len(words) > 0.5

