"""Author and editor names of citations (CSL ``{family, given}`` or ``{literal}``), and the
word-based tests that tell people, organisations, publishers and places apart.
"""

from __future__ import annotations

import re

from nameparser import HumanName

from pagefacts.vocab.citations import (
    ET_AL_RE,
    GENRE_PREFIX_RE,
    INVERTED_NAME_RE,
    NAME_LIST_SEP_RE,
    NAME_PARTICLES,
    NAME_TOKEN_RE,
    NATURAL_NAME_RE,
    NOT_GIVEN_NAMES,
    ORG_WORDS,
    PERIODICAL_WORDS,
    PUBLISHER_ABBREVIATIONS,
    PUBLISHER_WORDS,
    SIMPLE_NAME_RE,
)


def leading_names(t: str) -> tuple[str, str]:
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
        tm = NAME_TOKEN_RE.match(t, p)
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


def is_name_list(value: str) -> bool:
    """``value`` is only people's names ("A B, C D, and E F")."""
    parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", value.strip()) if p]
    if not parts:
        return False
    for part in parts:
        names, after = leading_names(part.strip())
        if not names or after.strip():
            return False
    return True


def is_author_field(value: str) -> bool:
    if is_org(value):
        words = value.split()
        joiners = {"of", "and", "for", "the", "on", "in", "de", "&"}
        return (len(words) <= 8 and not GENRE_PREFIX_RE.match(value)
                and not any(w[:1].islower() and w.lower() not in joiners for w in words))
    names, rest = leading_names(value)
    return bool(names) and not rest.strip() and plausible_person_list(names)


def plausible_person_list(names: str) -> bool:
    parts = [p for p in re.split(r",\s*|\s+and\s+|\s*&\s*", names) if p.strip()]
    return all(1 <= len(p.split()) <= 4 for p in parts)


def is_publisher(value: str) -> bool:
    raw = [w.strip(",;:()’'") for w in value.split()]
    if not raw or len(raw) > 9:
        return False
    return any(w.lower().rstrip(".") in PUBLISHER_WORDS or w in PUBLISHER_ABBREVIATIONS
               for w in raw)


def is_periodical(value: str) -> bool:
    """A name with a word of periodicals ("Review", "Times", "Journal", "Magazine")."""
    words = [w.strip(".,;:()’'").lower() for w in value.split()]
    return 0 < len(words) <= 9 and any(w in PERIODICAL_WORDS for w in words)


def is_org(value: str) -> bool:
    words = [w.strip(".,;:()’'").lower() for w in value.split()]
    return any(w in ORG_WORDS for w in words)


def is_place_like(value: str) -> bool:
    words = value.split()
    return 1 <= len(words) <= 4 and all(
        w[:1].isupper() or w.lower() in {"and", "&", "upon", "on", "de", "am"} for w in words
    ) and not is_publisher(value)


def parse_names(w: str, span: tuple[int, int]) -> tuple[list[dict], list[tuple[int, int]]]:
    """CSL names and their spans in ``w[span]`` (people split with nameparser)."""
    s, e = span
    text = w[s:e]
    etal = re.search(r",?\s*\bet\s+al\b\.?", text)
    if etal:
        text = text[: etal.start()]
    if is_org(text) and not re.search(r"\band\b|&|,", text):
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
            names.append(parse_person(value[sub_s:sub_e]))
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


def parse_person(name: str) -> dict:
    name = name.strip()
    if is_org(name) or len(name.split()) > 5 or not name[:1].isupper():
        return {"family": None, "given": None, "literal": name}
    spaced = re.sub(r"\.(?=[A-Z][a-z])", ". ", name)  # "E.Hillman" → parse as "E. Hillman"
    tokens = spaced.split()
    if len(tokens) == 1:
        return {"family": name, "given": None, "literal": None}
    if SIMPLE_NAME_RE.fullmatch(spaced):
        # "Given [Middle] Family" with no titles, suffixes or particles: no parser needed
        return {"family": tokens[-1], "given": " ".join(tokens[:-1]), "literal": None}
    human = HumanName(spaced)
    family = " ".join(p for p in (human.last,) if p) or tokens[-1]
    given = " ".join(p for p in (human.first, human.middle) if p) or None
    if human.suffix:
        family = f"{family} {human.suffix}".strip()
    return {"family": family, "given": given, "literal": None}



def parse_inverted_names(
    w: str, start: int
) -> tuple[list[dict], list[tuple[int, int]], int] | None:
    """A reference list's author names at ``start``: "Family, G. H., Family, I., & Family, J."
    or MLA "Family, Given, and Given Family". Returns (names, spans, end) or None."""
    m = INVERTED_NAME_RE.match(w, start)
    if m is None or _not_given(m.group("given")):
        return None
    names: list[dict] = []
    spans: list[tuple[int, int]] = []
    end = start
    while m is not None:
        names.append({"family": m.group("family"), "given": m.group("given").strip(),
                      "literal": None})
        spans.append((m.start(), m.end()))
        end = m.end()
        sep = NAME_LIST_SEP_RE.match(w, end)
        if sep is None or sep.end() == end:
            break
        nxt = INVERTED_NAME_RE.match(w, sep.end())
        if nxt is not None and not _not_given(nxt.group("given")):
            m = nxt
            continue
        natural = NATURAL_NAME_RE.match(w, sep.end())
        if (natural is not None and "and" in sep.group(0)) or (natural is not None and "&" in (
            sep.group(0)
        )):
            names.append(parse_person(natural.group(0)))
            spans.append((natural.start(), natural.end()))
            end = natural.end()
        break
    etal = ET_AL_RE.match(w, end)
    if etal is not None:
        end = etal.end()
    return names, spans, end


def _not_given(given: str) -> bool:
    """A capitalised word after "Family," that is not a given name ("The", "See")."""
    first = given.split()[0]
    return not first.endswith(".") and first.lower() in NOT_GIVEN_NAMES
