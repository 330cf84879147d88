"""Export citation records as a CSL-JSON array (for pandoc ``--citeproc`` and Zotero).

Choices, so that both importers accept the file:

* Only records that cite a work are exported. Explanatory notes (type ``note``) cite nothing, and
  shorthand records (``ibid_of`` set) are the same work as the citation they point to: exporting
  them would duplicate a reference in the bibliography.
* ``id`` is the citation id made citation-key safe (letters, digits, ``-`` and ``_`` only,
  starting with a letter), unique within the array.
* Field names are the hyphenated CSL ones (``container-title``, ``publisher-place``, ``URL``,
  ``DOI``); names keep only their non-null parts; dates become ``{"date-parts": [[y, m, d]]}``
  with as many parts as were written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["to_csl_json"]

_FIELDS = {
    "title": "title",
    "container_title": "container-title",
    "publisher": "publisher",
    "publisher_place": "publisher-place",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "url": "URL",
    "doi": "DOI",
}


def to_csl_json(citations: Iterable[dict]) -> list[dict]:
    """CSL-JSON items for the citation records ``citations`` (see the module docstring)."""
    items: list[dict] = []
    used: set[str] = set()
    for rec in citations:
        if rec.get("type") == "note" or rec.get("ibid_of"):
            continue
        item: dict = {"id": _unique(_key(rec["citation_id"]), used), "type": rec["type"]}
        for role in ("author", "editor"):
            names = [_name(n) for n in rec.get(role) or []]
            names = [n for n in names if n]
            if names:
                item[role] = names
        for src, dst in _FIELDS.items():
            if rec.get(src):
                item[dst] = rec[src]
        for src in ("issued", "accessed"):
            parts = _date_parts(rec.get(src))
            if parts:
                item[src] = {"date-parts": [parts]}
        items.append(item)
    return items


def _key(citation_id: str) -> str:
    key = re.sub(r"[^A-Za-z0-9_-]+", "-", citation_id).strip("-_")
    if not key or not key[0].isalpha():
        key = f"ref-{key}"
    return key


def _unique(key: str, used: set[str]) -> str:
    candidate, n = key, 2
    while candidate in used:
        candidate = f"{key}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def _name(name: dict) -> dict:
    return {k: v for k, v in name.items() if k in ("family", "given", "literal") and v}


def _date_parts(value: str | None) -> list[int]:
    if not value:
        return []
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return []
    return [int(g) for g in m.groups() if g]
