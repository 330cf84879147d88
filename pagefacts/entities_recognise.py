"""Recognition of named entities: the model's spans, corrected by the page's structure and rules.

``recognise`` turns a spaCy ``Doc`` of the page into typed :class:`EntitySpan` s over prose,
dropping page chrome. Where the page's structure knows better (a citation's author, publisher
or periodical; the page's own author) it wins over the model; general rules repair the model's
common mistakes on this genre (bibliographic abbreviations, titles taken for organisations,
names glued to the next word, modal verbs glued to a name, institutions typed as people).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pagefacts.model import Layout, Marker, NameSpan
from pagefacts.vocab import entities as V

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

Source = str  # "model", "structure" or "rule"


@dataclass(frozen=True)
class EntitySpan(NameSpan):
    """A NameSpan with where it came from, a role hint and its sentence."""

    source: Source = "model"
    role: str | None = None  # author, cited-author, publisher, periodical, quoted
    sentence_start: int | None = None
    sentence_end: int | None = None
    flag: str | None = None  # e.g. "glued-name" when the span was repaired
    canonical: str | None = None  # the name in natural order when written inverted


# --------------------------------------------------------------------------- name helpers

_WS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[^\s]+")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_INITIAL_GLUE_RE = re.compile(r"(?<=\b[A-Z]\.)(?=[A-Z][a-z])")
_POSSESSIVE_RE = re.compile(r"(?:[’']s|[’'])$")
_INNER_POSSESSIVE_RE = re.compile(r"[’']s\s+(?=[A-Z])")
_ACRONYM_RE = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&]{1,9}$")


def is_acronym(name: str) -> bool:
    return bool(_ACRONYM_RE.match(name.replace(" ", "")))


def words(name: str) -> list[str]:
    return name.split()


def strip_bare(word: str) -> str:
    return word.rstrip(".,;:")


@functools.lru_cache(maxsize=65536)
def normalise_surface(name: str) -> str:
    """Whitespace collapsed, quotes straightened, a space after a glued initial ("E.Carr")."""
    name = _WS_RE.sub(" ", name).strip()
    return _INITIAL_GLUE_RE.sub(" ", name)


@functools.lru_cache(maxsize=65536)
def clean_name(name: str, label: str | None = None) -> str:
    """The canonical form of a surface: no determiner (except in works), possessive or title."""
    name = normalise_surface(name).strip(V.QUOTE_CHARS + " ,;:")
    name = _POSSESSIVE_RE.sub("", name)
    parts = name.split(" ")
    while len(parts) > 1 and parts[0] in V.DETERMINERS and (label != "WORK" or parts[0] == "the"):
        parts = parts[1:]
    if label == "GPE" and len(parts) > 1 and parts[-1] in V.PLACE_QUALIFIERS:
        parts = parts[:-1]
    if label in (None, "PERSON"):
        while len(parts) > 1 and strip_bare(parts[0]) in V.PERSON_TITLES:
            parts = parts[1:]
    name = " ".join(parts)
    if len(name) > 3 and name.endswith(".") and not re.search(r"\b[A-Z]\.$", name):
        name = name[:-1]
    return name


@functools.lru_cache(maxsize=65536)
def name_key(name: str, label: str | None = None) -> str:
    """Matching key: canonical form, case-folded, without full stops or hyphen spacing."""
    key = clean_name(name, label).replace(".", "").replace("-", " ").casefold().strip()
    return key.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


# --------------------------------------------------------------------------- text helpers


def _word_before(text: str, start: int) -> str:
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j:i]


def _words_after(text: str, end: int, count: int = 3) -> list[str]:
    chunk = text[end : end + 60]
    chunk = chunk.split("\n", 1)[0]
    chunk = chunk.lstrip(")]’”\"', ")
    return [w.strip(",.;:“”\"'‘’()") for w in chunk.split()[:count]]


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _has_question_ahead(text: str, end: int) -> bool:
    line_end = _line_bounds(text, end)[1]
    window = text[end : min(line_end, end + 120)]
    stop = re.search(r"[.!]\s", window)
    return "?" in (window[: stop.start()] if stop else window)


def _at_sentence_start(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in " \t" + V.OPEN_QUOTES:
        i -= 1
    return i == 0 or text[i - 1] in "\n.?!:" or text[max(0, i - 2) : i] in (". ", "? ")


# --------------------------------------------------------------------------- span cleaning


@dataclass
class _Cand:
    start: int
    end: int
    label: str
    source: Source
    weight: int = 1
    role: str | None = None
    flag: str | None = None
    canonical: str | None = None  # the name when the span is written otherwise ("Lo, Bobo")


_CUT_BEFORE_MARKER_RE = re.compile(r"\s[A-Z][a-z]+(?=\.?\[\d)")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, quotes, brackets, stray punctuation and leading lowercase words."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (
            text[start].isspace() or text[start] in V.QUOTE_CHARS + "([{,;:.-–—"
        ):
            start += 1
            changed = True
        while start < end and (
            text[end - 1].isspace() or text[end - 1] in V.QUOTE_CHARS + ")]},;:–—-"
        ):
            end -= 1
            changed = True
        m = re.match(r"[a-z][\w-]*(?=[\s“‘\"'])", text[start:end])
        if m and not (m.group() == "the" and re.match(r"the\s+[A-Z]", text[start:end])):
            start += m.end()
            changed = True
        if end - start > 1 and text[end - 1] == "." and re.search(r"[a-z]{2}\.$", text[start:end]):
            end -= 1
            changed = True
    return start, end


def _drop_edge_clutter(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop bibliographic abbreviations ("ed", "Vol", "pp") from either edge of a span."""
    while start < end:
        ms = list(_WORD_RE.finditer(text, start, end))
        if len(ms) < 2:
            break
        first, last = ms[0], ms[-1]
        if strip_bare(last.group()) in V.EDGE_CLUTTER:
            end = ms[-2].end()
        elif strip_bare(first.group()) in V.EDGE_CLUTTER:
            start = ms[1].start()
        else:
            break
    return _trim(text, start, end)


def _split_glued(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """Cut a span at a lowercase→uppercase join in its last word ("Chi WangRussia")."""
    ms = list(_WORD_RE.finditer(text, start, end))
    if len(ms) < 2:
        return start, end, False
    last = ms[-1]
    word = last.group()
    m = _CAMEL_RE.search(word)
    if not m:
        return start, end, False
    left = word[: m.start()]
    if left in V.CAMEL_PREFIXES or len(left) < 2 or not left[0].isupper():
        return start, end, False
    return start, last.start() + m.start(), True


def _is_all_title_words(name: str) -> bool:
    ws = [strip_bare(w) for w in name.split()]
    return bool(ws) and all(w in V.TITLE_ONLY_WORDS for w in ws)


def _after_discipline_head(text: str, start: int) -> bool:
    """True for "Professor of X", "Secretary of State": X is a discipline or office."""
    before = text[max(0, start - 40) : start]
    m = re.search(r"(\S+)\s+of\s+(?:the\s+)?$", before)
    return bool(m) and m.group(1) in V.DISCIPLINE_HEADS


_LICENCE_CACHE: dict[int, tuple[str, list[tuple[int, int]]]] = {}


def _licence_spans(text: str) -> list[tuple[int, int]]:
    cached = _LICENCE_CACHE.get(id(text))
    if cached is not None and cached[0] is text:
        return cached[1]
    spans = [(m.start(), m.end()) for m in V.LICENCE_RE.finditer(text)]
    _LICENCE_CACHE.clear()  # one page at a time: keep only the latest text
    _LICENCE_CACHE[id(text)] = (text, spans)
    return spans


def _in_licence(text: str, start: int, end: int) -> bool:
    spans = _licence_spans(text)
    if not spans:
        return False
    i = bisect.bisect_right(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 2) : i])


def _type_by_shape(name: str, label: str, *, container: bool = False) -> str:
    """Type from the name's own words: suffixes of institutions, periodicals, documents."""
    ws = [strip_bare(w) for w in name.split()]
    if not ws:
        return label
    first, last = ws[0], ws[-1]
    if first in ("Journal", "Annals", "Proceedings", "Bulletin") and len(ws) > 2:
        return "WORK"
    head = ws[1:] if first in V.DETERMINERS else ws
    if len(head) > 2 and head[0] in V.LAW_HEADS and head[1] in ("on", "of", "for", "between"):
        return "LAW"
    if container and last in V.LAW_OR_PERIODICAL:
        return "WORK"
    if len(ws) > 1 and last in V.LAW_SUFFIXES and label in ("LAW", "ORG", "WORK", "EVENT", "FAC"):
        return "LAW"
    if last in V.ORG_SUFFIXES and label != "NORP" and (len(ws) > 1 or label == "ORG"):
        return "ORG"
    if (
        first
        in (
            "University",
            "Institute",
            "Council",
            "Committee",
            "Ministry",
            "Department",
            "Bank",
            "Office",
            "Bureau",
            "Commission",
        )
        and len(ws) > 2
        and ws[1] in ("of", "on", "for")
    ):
        return "ORG"
    if len(ws) > 1 and last in V.PERIODICAL_SUFFIXES and label in ("ORG", "WORK", "PERSON", "FAC"):
        return "WORK"
    return label


_LEFT_WORD_RE = re.compile(r"([A-Z][\w’'.-]*)[ \t]+(?:(?:and|of|for|on|&)[ \t]+)?$")
_NOT_NAME_START = frozenset({"Before", "After", "By", "In", "At", "From", "To", "With", "See"})


def _extend_org_left(text: str, start: int) -> int:
    """Take in capitalised words the model left out of an institution's name (at most 4)."""
    for _ in range(4):
        m = _LEFT_WORD_RE.search(text, max(0, start - 60), start)
        if not m:
            break
        word = m.group(1)
        if (
            word in V.DETERMINERS
            or word in V.SENTENCE_MODALS
            or word in V.PERSON_TITLES
            or word in V.BIBLIO_WORDS
            or word in _NOT_NAME_START
            or word.endswith((".", "’s", "'s"))
            or _at_sentence_start(text, m.start(1))
        ):
            break
        start = m.start(1)
    return start


def _fac_type(name: str) -> str | None:
    last = strip_bare(name.split()[-1]) if name.split() else ""
    if last in V.FAC_ORG_WORDS:
        return "ORG"
    if last in V.FAC_LOC_WORDS:
        return "LOC"
    return None


_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
#: A note number glued to the end of a name by a lost superscript ("New York.30", "Germany27").
_GLUED_NUMBER_RE = re.compile(r"(?:(?<=[^\W\d_]{2})\.\d{1,3}|(?<=[a-z]{3})\d{1,3})$")
#: An author-date year after a name ("Agawu 1991"): names of events keep theirs ("Expo 2020").
_TRAILING_YEAR_RE = re.compile(r"(?<=[^\W\d_]{2})\s+(?:1[5-9]|20)\d\d[a-z]?$")


def _line_cut(text: str, c: _Cand) -> list[_Cand]:
    """A name never spans a blank line, and a line break only inside hard-wrapped prose (the
    line it starts on is long): "Ann Lee\n\nAnn Lee" (a heading, then the name in prose) is
    two mentions."""
    chunk = text[c.start : c.end]
    if "\n" not in chunk:
        return [c]
    line_start = text.rfind("\n", 0, c.start) + 1
    first_nl = c.start + chunk.index("\n")
    if not _BLANK_LINE_RE.search(chunk) and first_nl - line_start >= V.WRAPPED_LINE_MIN:
        return [c]
    out, pos = [], c.start
    for m in re.finditer(r"\n", chunk):
        cut = c.start + m.start()
        if cut > pos:
            out.append(replace(c, start=pos, end=cut))
        pos = cut + 1
    if pos < c.end:
        out.append(replace(c, start=pos, end=c.end))
    return out


def _cut_markers(text: str, c: _Cand, marker_starts: Sequence[int]) -> _Cand:
    """Cut a span before a note marker inside it, a glued note number or an author-date year."""
    end = c.end
    if marker_starts:
        i = bisect.bisect_right(marker_starts, c.start)
        if i < len(marker_starts) and marker_starts[i] < end:
            end = marker_starts[i]
    m = _GLUED_NUMBER_RE.search(text, c.start, end)
    if m:
        end = m.start()
    if c.label != "EVENT":
        m = _TRAILING_YEAR_RE.search(text, c.start, end)
        if m:
            end = m.start()
    return c if end == c.end else replace(c, end=end)


def _precut(text: str, c: _Cand, marker_starts: Sequence[int] = ()) -> list[_Cand]:
    return [_cut_markers(text, piece, marker_starts) for piece in _line_cut(text, c)]


def _type_by_head(name: str) -> str | None:
    """EVENT for prizes and exhibitions, ORG for institutions and venues, by the name's head
    word: the last head word before the first connector ("Museum of Modern Art", "Haus der
    Kunst", "Prize for Photography"), else the last head word of the whole name."""
    ws = [strip_bare(w) for w in name.split()]
    if not ws:
        return None
    if len(ws) == 1:
        low = ws[0].lower()
        if ws[0][:1].isupper() and len(low) > 6 and low.endswith(V.VENUE_COMPOUND_ENDINGS):
            return "ORG"
        return None
    cut = next((i for i, w in enumerate(ws) if w in V.HEAD_CONNECTORS), len(ws))
    for span in (ws[:cut], ws):
        for w in reversed(span):
            if w in V.AWARD_HEADS:
                return "EVENT"
            if w in V.VENUE_HEADS:
                return "ORG"
            low = w.lower()
            if w[:1].isupper() and len(low) > 6 and low.endswith(V.VENUE_COMPOUND_ENDINGS):
                return "ORG"
    return None


#: The complement of an institution the model cut off: " for the World Economy", " of Art".
_COMPLEMENT_RE = re.compile(
    r"\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+(?:(?:and|of|&|the)\s+)*[A-Z][\w’'-]+){0,4}"
)
_AND_RE = re.compile(r"\s+(?:and|&)\s+")


def _split_coordinated(text: str, c: _Cand, start: int, end: int) -> list[_Cand]:
    """Two names joined by "and" in one model span: both sides headed institutions ("X Museum
    of Art and Museum of Modern Art"), a place and a headed institution ("San Francisco and
    Lisson Gallery"), or two single words in a list ("Alphabet, Apple and Meta")."""
    if c.source != "model" or c.label not in ("ORG", "WORK", "EVENT", "GPE"):
        return []
    m = _AND_RE.search(text, start, end)
    if not m:
        return []
    left, right = text[start : m.start()], text[m.end() : end]
    lw, rw = left.split(), right.split()
    if not lw or not rw or not right[:1].isupper():
        return []
    l_head, r_head = _type_by_head(left), _type_by_head(right)
    listed = len(lw) == 1 and len(rw) == 1 and text[max(0, start - 2) : start] == ", "
    if (l_head and r_head) or listed:
        return [replace(c, start=start, end=m.start()), replace(c, start=m.end(), end=end)]
    if r_head and not l_head and len(rw) >= 2 and (
        clean_name(left) in V.UNIVERSAL_ALIASES or _is_place_like(text, left)
    ):
        return [
            replace(c, start=start, end=m.start(), label="GPE"),
            replace(c, start=m.end(), end=end),
        ]
    return []


def _is_place_like(text: str, name: str) -> bool:
    """The page writes ``name`` after a comma that follows an institution or a date elsewhere
    ("…, San Francisco"), or after "in": a place."""
    pat = re.compile(r"(?:\bin|\w,)\s+" + re.escape(name) + r"\b")
    return pat.search(text) is not None


def _clean_candidate(text: str, c: _Cand, flags: list[_Cand]) -> list[_Cand]:
    """Apply the general fixes to one candidate; it may vanish or split in pieces."""
    start, end = _trim(text, c.start, c.end)
    # the tokenizer cut the name's last word off before a glued note marker ("Cold War.[4]")
    m = _CUT_BEFORE_MARKER_RE.match(text, end)
    if m and c.source == "model" and end - start > 1:
        end = m.end()
    if end - start < 2:
        return []
    # a hyphen prefix: "anti-U.S." names the United States
    for prefix in V.NAME_PREFIXES:
        if text.startswith(prefix, start) and end - start > len(prefix) + 1:
            start += len(prefix)
            if c.label == "NORP" and text[start:end] in V.UNIVERSAL_ALIASES:
                c = replace(c, label=V.UNIVERSAL_ALIASES[text[start:end]][1])
            break
    # a possessive inside the span: "X’s Y" is two names
    m = _INNER_POSSESSIVE_RE.search(text, start, end)
    if m and (
        c.label in ("PERSON", "GPE", "NORP", "LOC")  # "King’s College" is one name
        or (len(text[start : m.start()].split()) > 1 and _type_by_head(text[m.end() : end]))
    ):
        left = replace(c, start=start, end=m.start())
        right = replace(c, start=m.end(), end=end)
        return _clean_candidate(text, left, flags) + _clean_candidate(text, right, flags)
    # commas inside a span join two names ("Title, Publisher")
    m = re.search(r",\s+", text[start:end])
    if m and c.source == "model":
        cut = start + m.start()
        pieces = [replace(c, start=start, end=cut), replace(c, start=start + m.end(), end=end)]
        out: list[_Cand] = []
        for piece in pieces:
            ps, pe = _trim(text, piece.start, piece.end)
            if (
                re.match(r"(?:the|The|A|An)\s", text[ps:pe])
                and _type_by_shape(text[ps:pe], piece.label) == piece.label
            ):
                continue  # a title-like fragment ("The New Something") around a comma
            out.extend(_clean_candidate(text, piece, flags))
        return out
    pieces = _split_coordinated(text, c, start, end)
    if pieces:
        return [p for piece in pieces for p in _clean_candidate(text, piece, flags)]
    start, end = _drop_edge_clutter(text, start, end)
    start, new_end, glued = _split_glued(text, start, end)
    if glued:
        end = new_end
        c = replace(c, flag="glued-name")
        flags.append(replace(c, start=start, end=end))
    name = text[start:end]
    ws = [strip_bare(w) for w in name.split()]
    if not ws or not any(ch.isupper() for ch in name) or name[0].isdigit():
        return []
    if len(name) == 2 and name.isupper() and c.label == "GPE" and name not in V.UNIVERSAL_ALIASES:
        return []  # two capitals typed as a place are mostly a common abbreviation ("AI")
    if V.DOC_PART_RE.match(name) or (": " in name and c.label != "WORK" and c.source == "model"):
        return []  # a part of the document, or a run of a title line
    if all(w in V.BIBLIO_WORDS or w.isdigit() for w in ws):
        return []
    if _is_all_title_words(name) or _in_licence(text, start, end):
        return []
    if c.source == "model" and _after_discipline_head(text, start):
        return []
    # a modal verb glued to a name at the start of a question ("Will China …?")
    if ws[0] in V.SENTENCE_MODALS and len(ws) > 1 and _has_question_ahead(text, end):
        first = _WORD_RE.search(text, start, end)
        assert first is not None
        return _clean_candidate(text, replace(c, start=first.end(), end=end), flags)
    label = c.label
    if label == "FAC":
        fac = _type_by_head(name) or _fac_type(name)
        if fac is None:
            return []
        label = fac
    if label == "NORP" and len(ws) > 1:
        first = _WORD_RE.search(text, start, end)
        assert first is not None
        end = first.end()
    label = _type_by_shape(text[start:end], label, container=c.role == "periodical")
    if c.source != "structure":
        bare_head = len(ws) == 1 and (ws[0] in V.AWARD_HEADS or ws[0] in V.VENUE_HEADS)
        if bare_head and ws[0] not in V.ORG_SUFFIXES:
            return []  # a bare head word ("Prize", "Museum") names nothing by itself
        headed = _type_by_head(text[start:end])
        if headed is not None and not (label == "WORK" and c.source != "model"):
            label = headed
        elif label == "PERSON" and len(ws) > 1 and any(w in V.NON_NAME_WORDS for w in ws):
            label = "ORG"  # "Tate Modern": a word no person's name has
    if label == "ORG" and strip_bare(text[start:end].split()[-1]) in V.ORG_SUFFIXES:
        wider = _extend_org_left(text, start)
        if not _split_coordinated(text, replace(c, label="ORG"), wider, end):
            start = wider  # not "San Francisco and Lisson Gallery"
    if label in ("ORG", "EVENT") and c.source == "model":
        last = strip_bare(text[start:end].split()[-1])
        if last in V.ORG_SUFFIXES or last in V.VENUE_HEADS or last in V.AWARD_HEADS:
            m = _COMPLEMENT_RE.match(text, end)
            if m:
                end = m.end()
    # split "X Institute Y University": two institutions glued together
    if label == "ORG":
        ms = list(_WORD_RE.finditer(text, start, end))
        for i, w in enumerate(ms[:-2]):
            if strip_bare(w.group()) in V.ORG_SUFFIXES and ms[i + 1].group()[:1].isupper():
                rest = " ".join(x.group() for x in ms[i + 1 :])
                if (
                    _type_by_shape(rest, "ORG") == "ORG"
                    and strip_bare(ms[-1].group()) in V.ORG_SUFFIXES
                ):
                    return [
                        replace(c, start=start, end=w.end(), label="ORG"),
                        replace(c, start=ms[i + 1].start(), end=end, label="ORG"),
                    ]
    return [replace(c, start=start, end=end, label=label)]


# --------------------------------------------------------------------------- cues


_STRICT_TITLES = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "President",
    "Senator",
    "Congressman",
    "Congresswoman",
    "Chancellor",
    "Premier",
    "Ambassador",
    "Comrade",
    "Comrades",
    "Minister",
    "Secretary",
    "Governor",
)
_TITLE_NAME_RE = re.compile(
    r"\b(?:" + "|".join(_STRICT_TITLES) + r")\.?(?P<of>\s+of\s+(?:the\s+)?[A-Z][\w-]+)?\s+"
    r"(?P<name>(?:[A-Z]\.\s*|[A-Z][\w’'-]+\s+){0,2}[A-Z][\w-]+(?:[’']s)?)(?=[\s,.;:)’”]|$)"
)


def _person_cue(text: str, start: int, end: int) -> bool:
    """A title or role noun right before, or a speech verb right after the name."""
    before = _word_before(text, start).strip("(,")
    if before.rstrip(".") in V.PERSON_TITLES or before.rstrip(".").lower() in V.ROLE_NOUNS:
        return True
    after = _words_after(text, end)
    for w in after:
        if w in V.SPEECH_VERBS_PROPER:
            return True
        if w not in V.SPEECH_FILLERS:
            break
    return False


def _title_led_names(text: str, allowed: Iterable[tuple[int, int]]) -> list[_Cand]:
    """Names right after a person title ("President of X Y Z", "Mr Y") the model missed."""
    out: list[_Cand] = []
    for lo, hi in allowed:
        for m in _TITLE_NAME_RE.finditer(text, lo, hi):
            name = m.group("name")
            if m.group("of") and len(name.split()) < 2:
                continue  # "Professor of International Relations": a discipline
            if (
                name.split()[0] in V.DETERMINERS
                or _POSSESSIVE_RE.sub("", name) in V.UNIVERSAL_ALIASES
            ):
                continue
            s, e = m.start("name"), m.end("name")
            if text[s:e].endswith(("’s", "'s")):
                e -= 2
            out.append(_Cand(s, e, "PERSON", "rule", weight=10))
    return out


# --------------------------------------------------------------------------- notes heuristics

_LABEL_RE = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\^?\d{1,4}[.)]?)\s+")
_NAME_TOKEN = r"(?:[A-Z][\w’'-]*\.?(?:[A-Z][\w-]*)?|[A-Z]\.(?:[A-Z]\.)*(?:[A-Z][a-z][\w-]*)?)"
_NAME_PARTICLE = r"(?:de|da|van|von|der|den|del|della|di|le|la|bin|al|ibn)"
_AUTHOR_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_PARTICLE}\s+)?{_NAME_TOKEN}){{1,3}}"
_AUTHOR_LIST_RE = re.compile(
    rf"(?:^|;\s+(?:and\s+)?)(?:See\s+(?:also\s+)?|see\s+(?:also\s+)?)?"
    rf"({_AUTHOR_NAME}(?:(?:,\s+|,?\s+and\s+|\s+&\s+){_AUTHOR_NAME})*)(?:\s+et\s+al\.?)?,\s*(?=[{re.escape(V.OPEN_QUOTES)}])"
)
_ONE_AUTHOR_RE = re.compile(_AUTHOR_NAME)
#: "Author, Book Title, Publisher": the unquoted segment after the author is a title.
_UNQUOTED_TITLE_RE = re.compile(
    rf"(?:^|;\s+(?:and\s+)?)(?:See\s+(?:also\s+)?)?{_AUTHOR_NAME}"
    rf"(?:(?:,\s+|,?\s+and\s+){_AUTHOR_NAME})*(?:\s+et\s+al\.?)?,\s+"
    rf"([A-Z][^,;{re.escape(V.OPEN_QUOTES)}]{{2,200}}?)(?=,\s)"
)
_CONNECT = r"(?:of|and|the|on|for|in|&|de|du|des|für|und)"
_CONTAINER_RE = re.compile(
    rf"[.,]?[{re.escape(V.CLOSE_QUOTES)}][.,]?\s+((?:The\s+)?[A-Z][\w&’'.-]*(?:\s+(?:{_CONNECT}\s+)*[A-Z][\w&’'.-]*)*)(?=\s*[,.(:;]|\s+\d|\s*$)"
)


def _title_zones(line: str, base: int) -> list[tuple[int, int]]:
    """Quoted titles in a note line: opening quote to closing one (not an apostrophe)."""
    zones: list[tuple[int, int]] = []
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch in '‘“"' or (ch == "'" and (i == 0 or not line[i - 1].isalnum())):
            closers = {"‘": "’", "“": "”", '"': '"', "'": "'"}[ch]
            j = i + 1
            close = -1
            while j < n:
                cj = line[j]
                closes = cj == closers or (ch == "‘" and cj == "”") or (ch == "“" and cj == "’")
                if closes and not (j + 1 < n and line[j + 1].isalpha()):
                    close = j
                    break
                j += 1
            if close < 0:
                break
            zones.append((base + i + 1, base + close))
            i = close + 1
        else:
            i += 1
    return zones


def _note_lines(text: str, layout: Layout) -> Iterable[tuple[int, str]]:
    if layout.notes_start is None or layout.notes_end is None:
        return
    pos = layout.notes_start
    end = min(layout.notes_end, len(text))
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        if line_end > pos:
            yield pos, text[pos:line_end]
        pos = line_end + 1


def _notes_structure(text: str, layout: Layout) -> tuple[list[_Cand], list[tuple[int, int]]]:
    """Authors before a quoted title and periodicals after it, and the titles' zones."""
    cands: list[_Cand] = []
    zones: list[tuple[int, int]] = []
    for base, line in _note_lines(text, layout):
        m = _LABEL_RE.match(line)
        body_off = m.end() if m else 0
        body = line[body_off:]
        line_zones = _title_zones(body, base + body_off)
        zones.extend(line_zones)
        for um in _UNQUOTED_TITLE_RE.finditer(body):
            zones.append((base + body_off + um.start(1), base + body_off + um.end(1)))
        for am in _AUTHOR_LIST_RE.finditer(body):
            for nm in _ONE_AUTHOR_RE.finditer(am.group(1)):
                s = base + body_off + am.start(1) + nm.start()
                e = s + len(nm.group())
                name = nm.group()
                label = (
                    "ORG"
                    if _type_by_shape(name, "PERSON") == "ORG" or is_acronym(name)
                    else "PERSON"
                )
                cands.append(_Cand(s, e, label, "rule", weight=10, role="cited-author"))
        for cm in _CONTAINER_RE.finditer(body):
            s = base + body_off + cm.start(1)
            e = s + len(cm.group(1))
            name = cm.group(1)
            core = [w for w in name.split() if strip_bare(w) not in V.EDGE_CLUTTER]
            if not core or strip_bare(core[0]) in V.BIBLIO_WORDS or name in V.UNIVERSAL_ALIASES:
                continue
            name = " ".join(core)
            if is_acronym(name) or _type_by_shape(name, "WORK", container=True) == "ORG":
                cands.append(_Cand(s, e, "ORG", "rule", weight=10, role="publisher"))
            else:
                cands.append(_Cand(s, e, "WORK", "rule", weight=10, role="periodical"))
    return cands, zones


# --------------------------------------------------------------------------- structure


def _find_in(text: str, needle: str, lo: int, hi: int) -> tuple[int, int] | None:
    if not needle:
        return None
    i = text.find(needle, lo, hi)
    if i < 0:
        return None
    return i, i + len(needle)


def _citation_structure(
    text: str, citations: Sequence[dict]
) -> tuple[list[_Cand], list[tuple[int, int]]]:
    cands: list[_Cand] = []
    zones: list[tuple[int, int]] = []
    for cit in citations:
        lo, hi = cit.get("start"), cit.get("end")
        if not isinstance(lo, int) or not isinstance(hi, int) or not 0 <= lo <= hi <= len(text):
            continue
        title = cit.get("title")
        if isinstance(title, str):
            span = _find_in(text, title, lo, hi)
            if span:
                zones.append(span)
        for person in list(cit.get("author") or []) + list(cit.get("editor") or []):
            if not isinstance(person, dict):
                continue
            literal = person.get("literal")
            family, given = person.get("family"), person.get("given")
            found = None
            label = "ORG" if literal else "PERSON"
            if literal:
                found = _find_in(text, literal, lo, hi)
            elif family:
                candidates = (
                    [f"{given} {family}", f"{family}, {given}", family] if given else [family]
                )
                for cand in candidates:
                    found = _find_in(text, cand, lo, hi)
                    if found:
                        break
                if found and given and text[found[0] : found[1]] == family:
                    # the given name may be glued to the family name ("E.Hillman"): extend left
                    g = text.rfind(given.split()[0], lo, found[0])
                    if g >= 0 and found[0] - g <= len(given) + 2:
                        found = (g, found[1])
            if found:
                cands.append(
                    _Cand(found[0], found[1], label, "structure", weight=100, role="cited-author")
                )
        for key, label, role in (
            ("publisher", "ORG", "publisher"),
            ("container_title", "WORK", "periodical"),
        ):
            value = cit.get(key)
            parts = _structure_parts(value) if isinstance(value, str) else []
            for value in parts:
                span = _find_in(text, value, lo, hi)
                if span:
                    typ = label
                    if label == "WORK" and (
                        is_acronym(value) or _type_by_shape(value, "WORK", container=True) == "ORG"
                    ):
                        typ = "ORG"
                    if role == "periodical" and typ == "WORK" and (
                        cit.get("type") not in V.PERIODICAL_CITATION_TYPES
                    ):
                        # a web page's container is its site: the body's typing decides
                        cands.append(_Cand(span[0], span[1], typ, "rule", weight=1, role=role))
                        continue
                    cands.append(_Cand(span[0], span[1], typ, "structure", weight=100, role=role))
    return cands, zones


def _structure_parts(value: str) -> list[str]:
    """A publisher field may name several bodies ("A Institution, B House"): each that has the
    shape of an organisation (a suffix, an acronym, several capitalised words) is one."""
    parts = [p.strip() for p in re.split(r",\s+|;\s+", value) if p.strip()]
    if len(parts) == 1:
        return parts
    out = []
    for part in parts:
        ws = part.split()
        if (
            is_acronym(part)
            or _type_by_shape(part, "ORG") != "ORG"
            or (
                len(ws) >= 2 and all(w[:1].isupper() or w in ("of", "and", "for", "on") for w in ws)
            )
        ) or strip_bare(ws[-1]) in V.ORG_SUFFIXES:
            out.append(part)
    return out


def _author_structure(
    text: str, page_authors: Sequence[str], allowed: Sequence[tuple[int, int]]
) -> list[_Cand]:
    out: list[_Cand] = []
    for author in page_authors:
        if not author or not author.strip():
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(author.strip()) + r"(?!\w)")
        for lo, hi in allowed:
            for m in pattern.finditer(text, lo, hi):
                out.append(
                    _Cand(m.start(), m.end(), "PERSON", "structure", weight=100, role="author")
                )
    return out


# --------------------------------------------------------------------------- assembly


def _allowed_ranges(text: str, layout: Layout) -> list[tuple[int, int]]:
    """The page minus its chrome (``layout.ignored``)."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    for lo, hi in sorted(layout.ignored):
        lo, hi = max(0, lo), min(len(text), hi)
        if lo > pos:
            ranges.append((pos, lo))
        pos = max(pos, hi)
    if pos < len(text):
        ranges.append((pos, len(text)))
    return ranges


def _inside(ranges: Sequence[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    i = bisect.bisect_right(starts, s) - 1
    return i >= 0 and ranges[i][0] <= s and e <= ranges[i][1]


def _overlaps(a: _Cand, b: _Cand) -> bool:
    return a.start < b.end and b.start < a.end


def _harmonise(text: str, cands: list[_Cand]) -> list[_Cand]:
    """One type per name on a page: structure > rules and cues > the model's majority."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    keys = []
    for c in cands:
        name = text[c.start : c.end]
        key = name_key(name, c.label)
        keys.append(key)
        weight = c.weight
        if c.source == "model" and c.label != "PERSON" and _person_cue(text, c.start, c.end):
            ws = name.split()
            plain = c.label != "ORG" or (
                _type_by_shape(name, "PERSON") == "PERSON"
                and _type_by_head(name) is None
                and not is_acronym(name)
            )
            if plain and len(ws) >= 2 and not name.startswith(("the ", "The ")):
                votes[key]["PERSON"] += 5
        elif c.source == "model" and c.label == "PERSON" and _person_cue(text, c.start, c.end):
            weight += 5
        votes[key][c.label] += weight
    # a family name alone of a person named in full on the page is that person
    families: set[str] = set()
    for c in cands:
        ws = clean_name(c.canonical or text[c.start : c.end], "PERSON").split()
        if c.label == "PERSON" and len(ws) >= 2 and c.weight > 0 and len(ws[-1]) > 2:
            families.add(name_key(ws[-1]))
    # an ORG's short name ("Brookings" for "Brookings Institution") is that ORG
    short_orgs: set[str] = set()
    for c in cands:
        if c.label != "ORG":
            continue
        ws = clean_name(text[c.start : c.end], "ORG").split()
        if len(ws) >= 2 and ws[-1] in V.ORG_DROPPABLE_SUFFIXES:
            rest = ws[:-1]
            if ws[-1] in V.ORG_SUFFIXES_NEEDING_ONE_WORD and (
                len(rest) != 1 or is_acronym(rest[0])
            ):
                continue
            short_orgs.add(name_key(" ".join(rest), "ORG"))
    out: list[_Cand] = []
    for c, key in zip(cands, keys, strict=True):
        bare = clean_name(text[c.start : c.end], c.label)
        if bare in V.UNIVERSAL_ALIASES:
            label = V.UNIVERSAL_ALIASES[bare][1]
        elif key in short_orgs and (c.source != "structure" or c.label == "WORK"):
            label = "ORG"
        elif key in families and c.source != "structure":
            label = "PERSON"
        elif c.source == "structure":
            label = c.label
        else:
            tally = votes[key]
            label = max(tally, key=lambda t: (tally[t], t == c.label))
        role = c.role
        if role == "periodical" and label == "ORG":
            role = "publisher"
        out.append(replace(c, label=label, role=role))
    return out


_DEFINED_ACRONYM_RE = re.compile(r"\(([A-Z][A-Z&]{1,9})\)")


def _known_name_recurrences(
    text: str, cands: list[_Cand], allowed: Sequence[tuple[int, int]]
) -> list[_Cand]:
    """Other occurrences of names the page already has that the model did not tag: a person's
    family name alone ("Merkel" after "Angela Merkel"), a multi-word name written again, an
    acronym the page defines in parentheses after a name."""
    known: dict[str, str] = {}
    for c in cands:
        name = c.canonical or text[c.start : c.end]
        ws = name.split()
        if c.label == "PERSON" and len(ws) >= 2:
            last = strip_bare(_POSSESSIVE_RE.sub("", ws[-1]))
            if len(last) >= 3 and last[0].isupper():
                known.setdefault(last, "PERSON")
        if len(ws) >= 2 and not ws[0][0].islower():
            known.setdefault(name, c.label)
        end = c.end
        m = _DEFINED_ACRONYM_RE.match(text, end + 1) if text[end : end + 2] == " (" else None
        if m and c.label == "ORG":
            known.setdefault(m.group(1), "ORG")
    known = {
        k: v for k, v in known.items() if k not in V.SENTENCE_MODALS and k not in V.DETERMINERS
    }
    if not known:
        return []
    names = sorted(known, key=len, reverse=True)[:2000]  # bound the alternation on huge pages
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    out: list[_Cand] = []
    for lo, hi in allowed:
        for m in pattern.finditer(text, lo, hi):
            out.append(_Cand(m.start(), m.end(), known[m.group()], "rule", weight=0))
    return out


def _model_candidates(doc: Doc) -> list[_Cand]:
    out: list[_Cand] = []
    for ent in doc.ents:
        label = V.LABEL_MAP.get(ent.label_)
        if label is not None:
            out.append(_Cand(ent.start_char, ent.end_char, label, "model"))
    return out


def _sentences(doc: Doc) -> tuple[list[int], list[int]]:
    """Sentence start and end offsets (from token arrays: much faster than ``doc.sents``)."""
    if len(doc) == 0 or not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return [], []
    from spacy.attrs import IDX, SENT_START

    arr = doc.to_array([SENT_START, IDX])
    starts = [int(idx) for flag, idx in arr.tolist() if flag == 1]
    if not starts or starts[0] != doc[0].idx:
        starts.insert(0, doc[0].idx)
    last = doc[-1]
    ends = [*starts[1:], last.idx + len(last.text)]
    return starts, ends


def recognise(
    text: str,
    doc: Doc,
    layout: Layout,
    *,
    citations: Sequence[dict] = (),
    page_authors: Sequence[str] = (),
    markers: Sequence[Marker] = (),
) -> list[EntitySpan]:
    """Typed name spans over the page's prose (chrome skipped), structure winning over the model.

    ``markers`` are the page's note markers (``NotesBlock.markers``): a span never takes one in.
    """
    if doc.text != text:
        raise ValueError("the Doc was not made from this text (offsets would not match)")
    marker_starts = sorted(m.start for m in markers if 0 <= m.start < len(text))
    allowed = _allowed_ranges(text, layout)
    allowed_starts = [lo for lo, _ in allowed]
    flags: list[_Cand] = []

    if citations:
        struct, zones = _citation_structure(text, citations)
    else:
        struct, zones = _notes_structure(text, layout)
    struct += _author_structure(text, page_authors, allowed)
    struct += _defined_long_forms(text, allowed)
    struct += _reference_list_names(text, allowed)
    struct += _title_led_names(text, allowed)
    struct += _prose_titles(text, allowed)
    struct += _glued_initial_names(text, allowed)
    struct += _book_entry_lines(text, allowed)

    cands: list[_Cand] = []
    for c in struct:
        for piece in _precut(text, c, marker_starts):
            cands.extend(_clean_candidate(text, piece, flags))
    strong = sorted(cands, key=lambda c: c.start)
    strong_starts = [c.start for c in strong]

    zone_starts = sorted(zones)
    zs = [z[0] for z in zone_starts]
    pieces = (p for c in _model_candidates(doc) for p in _precut(text, c, marker_starts))
    for c in pieces:
        for piece in _clean_candidate(text, c, flags):
            i = bisect.bisect_left(strong_starts, piece.end)
            if any(_overlaps(piece, strong[j]) for j in range(max(0, i - 8), i)):
                continue
            k = bisect.bisect_right(zs, piece.start) - 1
            in_title = (
                k >= 0 and zone_starts[k][0] <= piece.start and piece.end <= zone_starts[k][1]
            )
            if in_title and piece.label not in ("PERSON", "GPE", "LOC"):
                continue
            cands.append(piece)

    cands = [c for c in cands if _inside(allowed, allowed_starts, c.start, c.end)]
    cands = _dedupe(cands)
    cands = _dedupe(cands + _known_name_recurrences(text, cands, allowed))
    cands = [c for c in cands if _inside(allowed, allowed_starts, c.start, c.end)]
    cands = _harmonise(text, cands)
    cands = _dedupe(cands + _missed_acronyms(text, cands, allowed))
    cands = _not_people(text, cands)
    cands = _people_by_verbs(text, _with_initials(text, cands))
    cands = _employers_and_national_bodies(text, cands)

    sent_starts, sent_ends = _sentences(doc)
    flagged = {(f.start, f.end) for f in flags}
    out: list[EntitySpan] = []
    for c in cands:
        s_start = s_end = None
        if sent_starts:
            i = bisect.bisect_right(sent_starts, c.start) - 1
            if i >= 0:
                s_start, s_end = sent_starts[i], sent_ends[i]
        out.append(
            EntitySpan(
                text=text[c.start : c.end],
                start=c.start,
                end=c.end,
                label=c.label,
                source=c.source,
                role=c.role,
                sentence_start=s_start,
                sentence_end=s_end,
                flag="glued-name" if (c.start, c.end) in flagged else c.flag,
                canonical=c.canonical,
            )
        )
    return out


def _dedupe(cands: list[_Cand]) -> list[_Cand]:
    """Keep one candidate per offset range, the strongest; drop spans nested in a stronger one."""
    best: dict[tuple[int, int], _Cand] = {}
    for c in cands:
        if c.end <= c.start:
            continue
        key = (c.start, c.end)
        if key not in best or c.weight > best[key].weight:
            best[key] = c
    ordered = sorted(best.values(), key=lambda c: (c.start, -(c.end - c.start)))
    out: list[_Cand] = []
    for c in ordered:
        if out and c.start < out[-1].end:
            prev = out[-1]
            if c.weight > prev.weight:
                out[-1] = c
            continue
        out.append(c)
    return out


# --------------------------------------------------------------------------- not people

_LOWER_WORD_RE = re.compile(r"(?<![\w’'-])[a-z][a-z]+(?![\w’'-])")
_COORD_RE = re.compile(r",?\s+(?:and|or|&)\s+|,\s+")


def _person_words(text: str, cands: list[_Cand], lower: set[str]) -> dict[str, set[str]]:
    """Given and family names of the people named in full (two words or more) on the page
    (not counting runs of common words, "Silver Gelatin Print"), with the names they are in."""
    out: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        if c.label != "PERSON":
            continue
        full = clean_name(c.canonical or text[c.start : c.end], "PERSON")
        ws = full.split()
        if len(ws) >= 2 and not all(w.lower() in lower for w in ws):
            for w in ws:
                if len(w) > 1:
                    out[w].add(full)
    return out


def _corporate_cue(text: str, start: int, end: int) -> bool:
    """ "its CEO", "Pfizer’s shares", "the firm X", "contracts with X", "X Inc.": a company."""
    after = text[end : end + 40]
    after = re.sub(r"^[’']s\b", "", after)
    words_after = [w.strip(",.;:()") for w in after.split()[:2]]
    if any(w in V.CORPORATE_AFTER for w in words_after):
        return True
    before = [w.strip(",.;:()“”\"").lower() for w in text[max(0, start - 60) : start].split()]
    return any(w in V.CORPORATE_BEFORE for w in before[-4:])


def _coordinated_labels(text: str, ordered: list[_Cand], i: int) -> set[str]:
    """Labels of the names listed with ``ordered[i]`` ("IBM, Pfizer, and Microsoft")."""
    out: set[str] = set()
    c = ordered[i]
    if i > 0 and _COORD_RE.fullmatch(text, ordered[i - 1].end, c.start):
        out.add(ordered[i - 1].label)
    if i + 1 < len(ordered) and _COORD_RE.fullmatch(text, c.end, ordered[i + 1].start):
        out.add(ordered[i + 1].label)
    return out


def _not_people(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Model PERSON names that are not people: a common word of the page ("Photography" where
    "photography" is written in prose) is dropped; a one-word name seen with corporate cues or
    listed among organisations, never with a person cue nor as part of a full name, is an ORG.
    """
    cands = _by_lists(text, cands)
    people = [c for c in cands if c.label in ("PERSON", "GPE") and c.source != "structure"]
    if not people:
        return cands
    lower = set(_LOWER_WORD_RE.findall(text))
    person_words = _person_words(text, cands, lower)
    places = {
        name for c in cands if c.label == "GPE" and " " not in (name := text[c.start : c.end])
    }
    by_key: dict[str, list[int]] = defaultdict(list)
    ordered = sorted(range(len(cands)), key=lambda k: cands[k].start)
    rank = {k: r for r, k in enumerate(ordered)}
    seq = [cands[k] for k in ordered]
    for k, c in enumerate(cands):
        if c.label in ("PERSON", "GPE"):
            by_key[c.label + "|" + name_key(text[c.start : c.end], c.label)].append(k)
    drop: set[int] = set()
    relabel: dict[int, str] = {}
    for idx in by_key.values():
        group = [cands[k] for k in idx]
        if any(c.source == "structure" or c.weight >= 10 for c in group):
            continue
        ws = clean_name(text[group[0].start : group[0].end], "PERSON").split()
        if not ws or any(_person_cue(text, c.start, c.end) for c in group):
            continue
        if group[0].label == "GPE":
            bare = clean_name(text[group[0].start : group[0].end], "GPE")
            if len(ws) == 1 and bare not in V.UNIVERSAL_ALIASES and ws[0].lower() in lower:
                drop.update(idx)  # "Photography" typed as a place
                continue
            if (
                len(ws) == 1
                and bare not in V.UNIVERSAL_ALIASES
                and any(_corporate_cue(text, c.start, c.end) for c in group)
                and not any(_after_locative(text, c.start, strict=True) for c in group)
            ):
                relabel.update(dict.fromkeys(idx, "ORG"))
            continue
        if all(w.lower() in lower for w in ws) and (
            len(ws) > 1 or ws[0] not in person_words
        ):
            drop.update(idx)
            continue
        others = person_words.get(ws[0], set()) - {" ".join(ws)}
        if len(ws) > 1 and ws[-1] in places and not others:
            relabel.update(dict.fromkeys(idx, "ORG"))  # "Tate Liverpool": a venue in a place
            continue
        if len(ws) != 1 or ws[0] in person_words:
            continue
        corporate = any(_corporate_cue(text, c.start, c.end) for c in group)
        listed = [_coordinated_labels(text, seq, rank[k]) for k in idx]
        with_orgs = any("ORG" in labels and "PERSON" not in labels for labels in listed)
        if corporate or with_orgs:
            relabel.update(dict.fromkeys(idx, "ORG"))
        elif any(_after_locative(text, c.start) for c in group):
            relabel.update(dict.fromkeys(idx, "GPE"))
    return [
        replace(c, label=relabel[k]) if k in relabel else c
        for k, c in enumerate(cands)
        if k not in drop
    ]


def _after_locative(text: str, start: int, *, strict: bool = False) -> bool:
    """ "in X", "based in X", "born in X": the words right before a name put it in a place
    (``strict``: "shares in X", "stake in X" do not)."""
    before = text[max(0, start - 24) : start].split()
    if not before:
        return False
    if strict and len(before) > 1 and before[-2].lower() in V.CORPORATE_BEFORE:
        return False
    return before[-1] in V.LOCATIVE_BEFORE or " ".join(before[-2:]) in V.LOCATIVE_BEFORE


# --------------------------------------------------------------------------- long forms

_LONG_FORM_RE = re.compile(
    r"((?:[A-Z][\w’'-]*(?:,?\s+(?:(?:of|on|and|for|the|in|to|&|für|und|der|des|de|du|la|le|"
    r"des|di|del|della)\s+)*)){1,12}?[A-Z][\w’'-]*)\s+\(([A-Z][A-Za-z&.]{1,9}(?:\s[A-Z]{2,9})?)\)"
)


def _initial_letters(words: Sequence[str]) -> tuple[str, str]:
    """Initials of capitalised words, and of every word (connectors included)."""
    caps = "".join(w[0] for w in words if w[:1].isupper())
    every = "".join(w[0] for w in words if w[:1].isalpha())
    return caps.upper(), every.upper()


def _defined_long_forms(text: str, allowed: Iterable[tuple[int, int]]) -> list[_Cand]:
    """ "Stiftung Wissenschaft und Politik (SWP)": the shortest tail of the capitalised run
    before a parenthesised acronym whose initials spell it is one name (ORG, or LAW by shape)."""
    out: list[_Cand] = []
    for lo, hi in allowed:
        for m in _LONG_FORM_RE.finditer(text, lo, hi):
            acr = m.group(2)
            letters = re.sub(r"[^A-Za-z]", "", acr).upper()
            if len(letters) < 2:
                continue
            words = list(_WORD_RE.finditer(text, m.start(1), m.end(1)))
            for i in range(len(words)):
                if not words[i].group()[:1].isupper():
                    continue
                tail = [w.group().strip(",") for w in words[i:]]
                if letters in _initial_letters(tail) or (
                    " " in acr and letters.startswith(_initial_letters(tail)[0][:2])
                ):
                    name = " ".join(tail)
                    label = _type_by_shape(name, "ORG")
                    label = _type_by_head(name) or label
                    if label == "WORK":
                        label = "ORG"
                    if label == "ORG" and strip_bare(tail[-1]) in V.LAW_SUFFIXES:
                        label = "LAW"
                    out.append(_Cand(words[i].start(), m.end(1), label, "rule", weight=10))
                    break
    return out


# --------------------------------------------------------------------------- reference lists

_REF_NAME = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?"
_REF_GIVEN = r"(?:[A-Z]\.\s?)*[A-Z][\w’'-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]+))*|(?:[A-Z]\.\s?)+"
#: "Family, Given. 1991." / "Family, Given, ed. 1992." / "Family, Given and Given Family. 1981."
_REF_LINE_RE = re.compile(
    rf"^(?P<family>{_REF_NAME}),\s+(?P<given>{_REF_GIVEN})"
    rf"(?:,?\s+(?:and|&)\s+(?P<second>(?:{_REF_GIVEN})\s+{_REF_NAME}))?"
    r"(?:,\s+eds?\.)?\.?\s+(?:\(?(?:1[5-9]|20)\d\d[a-z]?\)?|n\.d\.)",
    re.M,
)


def _reference_list_names(text: str, allowed: Iterable[tuple[int, int]]) -> list[_Cand]:
    """Authors heading the entries of an author-date reference list: the inverted first name
    ("Agawu, V. Kofi. 1991.") is a person named "V. Kofi Agawu"; a second author after "and"
    is written in order."""
    out: list[_Cand] = []
    for lo, hi in allowed:
        for m in _REF_LINE_RE.finditer(text, lo, hi):
            family, given = m.group("family"), m.group("given").strip()
            if family in V.BIBLIO_WORDS or family in V.DETERMINERS:
                continue
            canonical = f"{given} {family}"
            out.append(
                _Cand(m.start("family"), m.end("given"), "PERSON", "rule", weight=10,
                      role="cited-author", canonical=canonical)
            )
            if m.group("second"):
                out.append(
                    _Cand(m.start("second"), m.end("second"), "PERSON", "rule", weight=10,
                          role="cited-author")
                )
            out.extend(_reference_work(text, m.end()))
    return out


_REF_QUOTED_RE = re.compile(r"\.?\s+“[^”\n]{2,300}”\s+(?P<c>[A-Z0-9][^.,:;“\n]*?)\s+\d")
_REF_BOOK_RE = re.compile(r"\.?\s+(?P<t>[A-Z][^.“\n]{2,200}?)\.\s")
_REF_IMPRINT_RE = re.compile(
    r"(?:^|\.\s+)(?P<place>[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?):\s+(?P<pub>[A-Z][^.,;\n]{1,80})\."
)


def _reference_work(text: str, pos: int) -> list[_Cand]:
    """The rest of a reference entry after its year: an article's periodical (after the
    quoted title), else the book title; the imprint's place and publisher."""
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    out: list[_Cand] = []
    q = _REF_QUOTED_RE.match(text, pos, line_end)
    if q:
        out.append(_Cand(q.start("c"), q.end("c"), "WORK", "rule", weight=10, role="periodical"))
    else:
        b = _REF_BOOK_RE.match(text, pos, line_end)
        if b:
            out.append(_Cand(b.start("t"), b.end("t"), "WORK", "rule", weight=10))
    im = _REF_IMPRINT_RE.search(text, pos, line_end)
    if im:
        out.append(_Cand(im.start("place"), im.end("place"), "GPE", "rule", weight=10))
        out.append(
            _Cand(im.start("pub"), im.end("pub"), "ORG", "rule", weight=10, role="publisher")
        )
    return out


_BY_RE = re.compile(r"\bby\s+$")


def _by_lists(text: str, cands: list[_Cand]) -> list[_Cand]:
    """One-word model ORGs in a list right after "by" ("studies by Coker, Meyer, and Cone")
    are authors: people."""
    order = sorted(range(len(cands)), key=lambda k: cands[k].start)
    relabel: set[int] = set()
    run: list[int] = []
    for pos, k in enumerate(order):
        c = cands[k]
        prev = cands[order[pos - 1]] if pos else None
        joined = prev is not None and _COORD_RE.fullmatch(text, prev.end, c.start) is not None
        if not joined:
            run = []
        run.append(k)
        first = cands[run[0]]
        if not _BY_RE.search(text, max(0, first.start - 6), first.start):
            continue
        for j in run:
            cj = cands[j]
            name = text[cj.start : cj.end]
            if (
                cj.source == "model"
                and cj.label == "ORG"
                and len(name.split()) == 1
                and not is_acronym(name)
                and _type_by_head(name) is None
                and clean_name(name) not in V.UNIVERSAL_ALIASES
            ):
                relabel.add(j)
    if not relabel:
        return cands
    return [replace(c, label="PERSON") if k in relabel else c for k, c in enumerate(cands)]


def _with_initials(text: str, cands: list[_Cand]) -> list[_Cand]:
    """A model PERSON with its initials left out ("A.J.P." before "Taylor") takes them in."""
    out = []
    for c in cands:
        if c.label == "PERSON" and c.source == "model":
            m = V.INITIALS_BEFORE_RE.search(text, max(0, c.start - 12), c.start)
            if m and "\n" not in m.group():
                c = replace(c, start=m.start())
        out.append(c)
    return out


def _bare_name(text: str, c: _Cand) -> str | None:
    """The one word of a model ORG/GPE that could be a family name used alone, else None."""
    if c.label not in ("ORG", "GPE") or c.source != "model":
        return None
    name = clean_name(text[c.start : c.end], c.label)
    if " " in name or not name[:1].isupper() or is_acronym(name) or not name[1:].islower():
        return None
    if name in V.UNIVERSAL_ALIASES or _word_before(text, c.start).strip() in V.DETERMINERS:
        return None
    return name


def _person_before(text: str, seq: list[_Cand], k: int) -> bool:
    """Is ``seq[k]`` the object of a debt phrase whose subject is a PERSON ("X drew on Y")?"""
    c = seq[k]
    if k == 0 or seq[k - 1].label != "PERSON":
        return False
    between = text[seq[k - 1].end : c.start]
    between = _POSSESSIVE_RE.sub("", between.split("\n")[-1]).strip().lower()
    return between in V.PERSON_DEBT_PHRASES


def _people_by_verbs(text: str, cands: list[_Cand]) -> list[_Cand]:
    """One-word ORG/GPE names that act as people ("Keynes argued", "Gibbon admired Tacitus")
    are people, with every mention of the same word."""
    seq = sorted(cands, key=lambda c: c.start)
    to_person: set[str] = set()
    blocked: set[str] = set()
    for k, c in enumerate(seq):
        name = _bare_name(text, c)
        if name is None:
            continue
        after = " ".join(w.strip(",.;:") for w in text[c.end : c.end + 30].split()[:2])
        cue = after.split(" ")[0] in V.PERSON_ONLY_VERBS or after in V.PERSON_ONLY_VERBS
        if _after_locative(text, c.start, strict=True) and not _person_before(text, seq, k):
            blocked.add(name)
        elif cue or _person_before(text, seq, k):
            to_person.add(name)
    to_person -= blocked
    if not to_person:
        return cands
    return [
        replace(c, label="PERSON") if _bare_name(text, c) in to_person else c for c in cands
    ]


_TITLE_WORD = r"[A-Z][\w’'-]*"
_PROSE_TITLE_RE = re.compile(
    rf"\b(?P<v>[a-z]+)[ \t]+(?P<t>(?:The|A|An)[ \t]+{_TITLE_WORD}"
    rf"(?:[ \t]+(?:(?:{'|'.join(V.TITLE_CONNECTORS)})[ \t]+){{0,3}}{_TITLE_WORD}){{0,12}})"
)


def _prose_titles(text: str, allowed: Iterable[tuple[int, int]]) -> list[_Cand]:
    """Unquoted titles led by an article after a writing verb ("wrote The Decline of X")."""
    out: list[_Cand] = []
    for lo, hi in allowed:
        for m in _PROSE_TITLE_RE.finditer(text, lo, hi):
            if m.group("v") in V.TITLE_VERBS and " " in m.group("t"):
                out.append(_Cand(m.start("t"), m.end("t"), "WORK", "rule", weight=10))
        for m in _PUBLISHED_TITLE_RE.finditer(text, lo, hi):
            out.append(_Cand(m.start("t"), m.end("t"), "WORK", "rule", weight=10))
    return out


_PUBLISHED_TITLE_RE = re.compile(
    rf"(?<![\w’'-])(?P<t>{_TITLE_WORD}(?:[ \t]+(?:(?:{'|'.join(V.TITLE_CONNECTORS)})[ \t]+)"
    rf"{{0,3}}{_TITLE_WORD}){{0,8}}:[ \t]+{_TITLE_WORD}(?:[ \t]+(?:(?:"
    rf"{'|'.join(V.TITLE_CONNECTORS)})[ \t]+){{0,3}}{_TITLE_WORD}){{0,12}})"
    r"[ \t]+(?:was|is|were|has been|will be)[ \t]+(?:published|released|reissued)\b"
)
_GLUED_INITIALS_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.){1,3}(?P<w>[A-Z][a-z]{2,})\b")


def _glued_initial_names(text: str, allowed: Iterable[tuple[int, int]]) -> list[_Cand]:
    """ "E.H.Carr": initials glued to a surname (a lost space) are a person, flagged; not
    when the glued word is a common word of the page ("U.S.The")."""
    out: list[_Cand] = []
    lower: set[str] | None = None
    for lo, hi in allowed:
        for m in _GLUED_INITIALS_RE.finditer(text, lo, hi):
            initials = text[m.start() : m.start("w")]
            word = m.group("w")
            if initials in V.UNIVERSAL_ALIASES or word in V.DETERMINERS:
                continue
            if lower is None:
                lower = set(_LOWER_WORD_RE.findall(text))
            if word.lower() in lower:
                continue
            out.append(_Cand(m.start(), m.end(), "PERSON", "rule", weight=10, flag="glued-name"))
    return out


def _staff_at(text: str, start: int) -> bool:
    """ "analysts at X": X employs them."""
    before = text[max(0, start - 30) : start].split()
    return len(before) >= 2 and before[-1] == "at" and before[-2].lower() in V.STAFF_AT_NOUNS


_HEAD_AFTER_RE = re.compile(r"[ \t]+([A-Z][a-z]+)\b")


def _employers_and_national_bodies(text: str, cands: list[_Cand]) -> list[_Cand]:
    """A PERSON after "analysts at" is an ORG; a NORP followed by an institution head word
    ("British" + "Library") is one ORG with it."""
    starts = {c.start for c in cands}
    out: list[_Cand] = []
    for c in cands:
        if c.label == "PERSON" and c.source == "model" and _staff_at(text, c.start):
            c = replace(c, label="ORG")
        elif c.label == "PERSON" and c.source == "model" and _foreign_outlet(text, c):
            c = replace(c, label="WORK")
        elif c.label == "NORP":
            m = _HEAD_AFTER_RE.match(text, c.end)
            head = m.group(1) if m else ""
            if m and m.start(1) not in starts and (
                head in V.FAC_ORG_WORDS or head in V.ORG_SUFFIXES
            ):
                c = replace(c, end=m.end(1), label="ORG")
        out.append(c)
    return out


_BOOK_ENTRY_RE = re.compile(
    rf"^(?:\[\d{{1,4}}\]|\(\d{{1,4}}\)|\d{{1,4}}[.)])?[ \t]*(?P<a>{_AUTHOR_NAME}),[ \t]+"
    r"(?P<t>[A-Z][^()\n]{2,200}?),?[ \t]+\((?P<city>[A-Z][\w’' .-]{1,40}):[ \t]+"
    r"(?P<pub>[A-Z][^,()\n:]{1,80}),[ \t]+(?:1[5-9]|20)\d\d\)\.?[ \t]*$",
    re.MULTILINE,
)


def _book_entry_lines(text: str, allowed: Iterable[tuple[int, int]]) -> list[_Cand]:
    """A reading-list or note line "Given Family, Title (City: Publisher, Year)." names a
    person (or a body), a work, a place and a publisher."""
    out: list[_Cand] = []
    for lo, hi in allowed:
        for m in _BOOK_ENTRY_RE.finditer(text, lo, hi):
            author = m.group("a")
            a_label = "ORG" if author.split()[-1] in V.ORG_SUFFIXES else "PERSON"
            ts, te = m.start("t"), m.end("t")
            while te > ts and text[te - 1] in V.QUOTE_CHARS + ",":
                te -= 1
            while ts < te and text[ts] in V.QUOTE_CHARS:
                ts += 1
            out += [
                _Cand(m.start("a"), m.end("a"), a_label, "rule", weight=10, role="cited-author"),
                _Cand(ts, te, "WORK", "rule", weight=10),
                _Cand(m.start("city"), m.end("city"), "GPE", "rule", weight=10),
                _Cand(m.start("pub"), m.end("pub"), "ORG", "rule", weight=10, role="publisher"),
            ]
    return out


def _foreign_outlet(text: str, c: _Cand) -> bool:
    """ "told Der Spiegel", "in Le Monde": a two-word name opened by a foreign article after
    an outlet cue is a periodical, not a person."""
    ws = text[c.start : c.end].split()
    before = _word_before(text, c.start).strip().lower()
    return len(ws) == 2 and ws[0] in V.FOREIGN_ARTICLES and before in V.OUTLET_BEFORE


_CAPS_WORD_RE = re.compile(
    r"(?<![\w’'.&-])[A-Z][A-Z&]{1,7}s?(?:[ \t]+[A-Z][A-Z&]{2,7})?(?![\w’'&-])"
)


_NAME_GOES_ON_RE = re.compile(r"[ \t]+(?:(?:and|of|for|on|&)[ \t]+)?[A-Z][a-z]")


def _mixed_case_line(text: str, pos: int) -> bool:
    lo, hi = _line_bounds(text, pos)
    line = text[lo:hi]
    return sum(ch.islower() for ch in line) > 2 * sum(ch.isupper() for ch in line)


def _missed_acronyms(
    text: str, cands: list[_Cand], allowed: Iterable[tuple[int, int]]
) -> list[_Cand]:
    """Upper-case acronyms in mixed-case prose that no span covers ("the BRICS summit") are
    organisations (countries by the universal aliases); common upper-case nouns are not."""
    spans = sorted((c.start, c.end) for c in cands)
    starts = [s for s, _ in spans]
    out: list[_Cand] = []
    for lo, hi in allowed:
        for m in _CAPS_WORD_RE.finditer(text, lo, hi):
            word = m.group()
            parts = word.split()
            if any(p in V.NON_NAME_ACRONYMS or len(p) < V.MIN_MISSED_ACRONYM for p in parts):
                continue
            i = bisect.bisect_right(starts, m.end()) - 1
            if i >= 0 and spans[i][1] > m.start():
                continue
            if _in_licence(text, m.start(), m.end()) or not _mixed_case_line(text, m.start()):
                continue
            if text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ")":
                continue  # "(ABC)" defines the name before it: an alias, not a new body
            if _NAME_GOES_ON_RE.match(text, m.end()):
                continue  # "CHIPS and Science Act": part of a longer name the model missed
            label = V.UNIVERSAL_ALIASES.get(word, ("", "ORG"))[1]
            out.append(_Cand(m.start(), m.end(), label, "rule"))
    return out
