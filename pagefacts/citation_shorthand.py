"""Shorthand that points back to an earlier citation: "Ibid.", "Id.", "op. cit." and short-form
repeats ("Smith, Title, 12."). The shorthand record gets ``ibid_of`` and the fields it does not
state itself carried over from the work it points to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pagefacts.citations import Citation


def resolve_ibid(citations: list[Citation]) -> None:
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

