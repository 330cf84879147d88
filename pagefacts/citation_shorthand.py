"""Shorthand that points back to an earlier citation: "Ibid.", "Id.", "op. cit." and short-form
repeats ("Smith, Title, 12."). The shorthand record gets ``ibid_of`` and the fields it does not
state itself carried over from the work it points to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pagefacts.citations import Citation


#: Fields a shorthand takes from the work it points to when it does not state them itself.
_CARRIED = ("title", "container_title", "publisher", "publisher_place", "volume", "issue",
            "page", "issued", "accessed", "url", "doi")
#: Fields whose presence shows a full citation (a short form states none of them).
_FULL_ONLY = ("container_title", "publisher", "volume", "issue", "issued", "url", "doi")
_WORD_RE = re.compile(r"[^\W_]+")
_ARTICLES = frozenset({"the", "a", "an"})


def resolve_ibid(citations: list[Citation]) -> None:
    """Link "Ibid."/"op. cit."/"Id." and short-form repeats to the earlier full citation.

    The shorthand keeps its own values (a new page); the rest is carried over. A short form
    ("Smith, Title, 12.") also takes the full author names and title of the work it repeats,
    since it names the same work in abbreviated form.
    """
    previous: list[Citation] = []
    for cit in citations:
        if getattr(cit, "_ibid", False):
            target = _ibid_target(cit, previous)
            if target is not None:
                _carry(cit, target, short_form=False)
            else:
                cit.issues.append({"kind": "unresolved-ibid",
                                   "message": "shorthand with no earlier citation to point to"})
        elif _is_short_form(cit):
            target = _short_form_target(cit, previous)
            if target is not None:
                _carry(cit, target, short_form=True)
        if cit.type != "note":
            previous.append(cit)


def _carry(cit: Citation, target: Citation, *, short_form: bool) -> None:
    cit.ibid_of = target.citation_id
    for key in _CARRIED:
        if getattr(cit, key) is None or (short_form and key == "title"):
            setattr(cit, key, getattr(target, key))
    if not cit.author or short_form or not any(a.get("given") for a in cit.author):
        cit.author = [dict(a) for a in target.author]
        cit.author_entity_ids = [None] * len(cit.author)
    if not cit.editor:
        cit.editor = [dict(e) for e in target.editor]
    cit.type = target.type


def _original(cand: Citation, previous: list[Citation]) -> Citation | None:
    """The full citation behind ``cand`` (following a chain of shorthand), or None."""
    if cand.ibid_of is None:
        return None if getattr(cand, "_ibid", False) else cand
    return next((p for p in previous if p.citation_id == cand.ibid_of), None)


def _ibid_target(cit: Citation, previous: list[Citation]) -> Citation | None:
    families = _author_keys(cit, with_publisher=False)
    for cand in reversed(previous):
        original = _original(cand, previous)
        if original is None:
            continue
        if not families or families & _author_keys(original, with_publisher=True):
            return original
    return None


def _is_short_form(cit: Citation) -> bool:
    if cit.type == "note" or not cit.title or not cit.author:
        return False
    if any(a.get("given") for a in cit.author):
        return False
    return not any(getattr(cit, key) for key in _FULL_ONLY)


def _short_form_target(cit: Citation, previous: list[Citation]) -> Citation | None:
    families = _author_keys(cit, with_publisher=False)
    words = _title_words(cit.title or "")
    for cand in reversed(previous):
        original = _original(cand, previous)
        if original is None or original is cit or not original.title:
            continue
        if not families & _author_keys(original, with_publisher=True):
            continue
        if _is_abbreviation(words, _title_words(original.title)):
            return original
    return None


def _author_keys(cit: Citation, *, with_publisher: bool) -> set[str]:
    """Family names, organisation names and their acronyms (and the publisher's name)."""
    keys: set[str] = set()
    for a in cit.author:
        value = a.get("family") or a.get("literal")
        if value:
            keys.add(value.lower())
            if a.get("literal"):
                keys |= _acronyms(value)
    if with_publisher and cit.publisher:
        keys.add(cit.publisher.lower())
    return keys


def _acronyms(name: str) -> set[str]:
    """Initials of every run of capitalised words ("U.S. Government Accountability Office" →
    "gao", "usgao" …), so that a later "GAO, op. cit." finds the organisation."""
    caps = [w[0].lower() for w in name.replace(".", "").split() if w[:1].isupper()]
    return {"".join(caps[i:]) for i in range(len(caps)) if len(caps) - i >= 2}


def _title_words(title: str) -> list[str]:
    words = [w.lower() for w in _WORD_RE.findall(title)]
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return words


def _is_abbreviation(short: list[str], full: list[str]) -> bool:
    """``short`` is the start of ``full`` (a short title cuts the subtitle, not the head)."""
    return bool(short) and full[: len(short)] == short
