"""Field accuracy of article metadata against hand-written gold records.

Gold records live in tests/fixtures/pages/gold/<page>.json, one per page: the self-written
fixture pages ("root": "fixtures") and the lent real pages ("root": "shared", read in place
from ../shared/pages, skipped when absent). Each field is scored by exact match (image credits
on their title, creator and licence); a field listed in a gold file's "_unscored" is left out,
with the reason written there. Also times the layout on the biggest page.

usage: python benchmarks/metadata_accuracy.py [--fields title,authors,...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pagefacts import layout as _layout  # noqa: E402
from pagefacts.ingest import read_page  # noqa: E402
from pagefacts.layout import analyse_layout  # noqa: E402
from pagefacts.metadata import extract_metadata  # noqa: E402

GOLD_DIR = REPO / "tests" / "fixtures" / "pages" / "gold"
ROOTS = {
    "fixtures": REPO / "tests" / "fixtures" / "pages",
    "shared": Path(os.environ.get("PAGEFACTS_SHARED_PAGES", REPO.parent / "shared" / "pages")),
}
FIELDS = (
    "title", "authors", "date_published", "date_modified", "publisher", "categories",
    "reading_time_minutes", "comment_count", "share_count", "summary", "headings",
    "image_credits", "author_bio", "disclaimer", "language",
)
CREDIT_KEYS = ("title", "creator", "licence")


def _comparable(field: str, value: object) -> object:
    if field == "image_credits":
        return [{key: credit.get(key) for key in CREDIT_KEYS} for credit in value or []]
    return value


def load_gold() -> list[dict]:
    """The gold records whose page is available here."""
    gold = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        if (ROOTS[record["root"]] / record["page"]).exists():
            gold.append(record)
    return gold


def extract(record: dict) -> dict:
    page = read_page(ROOTS[record["root"]], record["page"])
    return extract_metadata(page, analyse_layout(page.text)).to_record()


def score(gold: list[dict] | None = None) -> dict[str, dict[str, tuple[bool, object, object]]]:
    """page -> field -> (match, expected, found), for every scored field."""
    results: dict[str, dict[str, tuple[bool, object, object]]] = {}
    for record in gold if gold is not None else load_gold():
        found = extract(record)
        skipped = record.get("_unscored", {})
        row = {}
        for field in FIELDS:
            if field in skipped:
                continue
            expected = _comparable(field, record[field])
            got = _comparable(field, found[field])
            row[field] = (expected == got, expected, got)
        results[record["page"]] = row
    return results


def accuracy(results: dict[str, dict[str, tuple[bool, object, object]]]) -> dict[str, float]:
    """Pooled exact-match accuracy per field."""
    out = {}
    for field in FIELDS:
        marks = [row[field][0] for row in results.values() if field in row]
        out[field] = sum(marks) / len(marks) if marks else float("nan")
    return out


def clear_line_cache() -> None:
    _layout._split_cached.cache_clear()


def _layout_ms() -> tuple[str, float]:
    pages = [p for p in ROOTS["shared"].glob("*.txt")] or list(ROOTS["fixtures"].glob("*.txt"))
    biggest = max(pages, key=lambda p: p.stat().st_size)
    text = read_page(biggest.parent, biggest.name).text
    best = float("inf")
    for _ in range(20):
        clear_line_cache()  # time the whole layout, line splitting included
        tick = time.perf_counter()
        analyse_layout(text)
        best = min(best, time.perf_counter() - tick)
    return biggest.name, best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fields", default=",".join(FIELDS))
    parser.add_argument("--misses", action="store_true", help="print expected/found of misses")
    args = parser.parse_args()
    fields = [f for f in args.fields.split(",") if f in FIELDS]
    results = score()
    short = {f: f[:7] for f in fields}
    print(f"{'page':40s} " + " ".join(f"{short[f]:>7s}" for f in fields))
    for page, row in results.items():
        marks = [("ok" if row[f][0] else "MISS") if f in row else "-" for f in fields]
        print(f"{page[:40]:40s} " + " ".join(f"{m:>7s}" for m in marks))
    acc = accuracy(results)
    print(f"{'ACCURACY (' + str(len(results)) + ' pages)':40s} "
          + " ".join(f"{acc[f]:7.2f}" for f in fields))
    if args.misses:
        for page, row in results.items():
            for field in fields:
                if field in row and not row[field][0]:
                    print(f"\n{page} {field}\n  expected: {row[field][1]!r}\n  found:    "
                          f"{row[field][2]!r}")
    name, ms = _layout_ms()
    print(f"\nlayout on the biggest page ({name}): {ms:.1f} ms (best of 20)")


if __name__ == "__main__":
    main()
