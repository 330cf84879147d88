"""Helpers of the entity tests: page text, a layout built by hand, F1 and schema validation."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from pagefacts.model import Layout

REPO = Path(__file__).resolve().parent.parent


def read_text(path: Path) -> str:
    """The page as the pipeline sees it (ingest when it exists, else NFC + LF)."""
    try:
        from pagefacts.ingest import read_page
    except ImportError:
        raw = path.read_bytes().decode("utf-8")
        return unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    return read_page(path.parent, path.name).text


def layout_between(
    text: str,
    *,
    body_from: str,
    notes_from: str | None,
    notes_to: str | None,
    ignored: tuple[tuple[str, str], ...] = (),
) -> Layout:
    """A Layout from marker strings of a page (tests only; the pipeline has its own)."""
    body_start = text.index(body_from)
    notes_start = text.index(notes_from) if notes_from else None
    notes_end = (
        text.index(notes_to, notes_start or 0) if notes_to else (len(text) if notes_from else None)
    )
    spans = []
    for a, b in ignored:
        s = text.index(a)
        spans.append((s, text.index(b, s + 1)))
    return Layout(
        body_start=body_start,
        body_end=notes_start or len(text),
        notes_start=notes_start,
        notes_end=notes_end,
        ignored=tuple(spans),
    )


def f1(found: set, gold: set) -> tuple[float, float, float]:
    tp = len(found & gold)
    p = tp / len(found) if found else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def validator(kind: str):
    """A Draft 2020-12 validator for ``schemas/<kind>.schema.json`` with common.schema.json."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = REPO / "schemas"
    registry = Registry()
    for p in schemas.glob("*.schema.json"):
        doc = json.loads(p.read_text())
        registry = registry.with_resource(doc["$id"], Resource.from_contents(doc))
    schema = json.loads((schemas / f"{kind}.schema.json").read_text())
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
