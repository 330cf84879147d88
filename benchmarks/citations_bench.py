"""Notes + citations: milliseconds per page and field-level accuracy per note style.

Run: ``python benchmarks/citations_bench.py [repeats]``. Pages that are absent are skipped.

* Speed: ``find_notes`` + ``extract_citations`` per page, best of ``repeats`` runs with every
  cache cleared (a cold page), in CPU time of this process (``time.process_time``), so that
  other processes sharing the machine do not inflate the figure.
* Accuracy: field-level precision/recall/F1 over the contract fields (authors, title,
  container-title, publisher, issued, volume, issue, page) for each self-written note list in
  ``tests/fixtures/notes`` (one style each) and the hand-annotated real pages, then pooled.
"""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pagefacts.citation_scan import outside_quotes, quoted_spans  # noqa: E402
from pagefacts.citation_split import _cite_score, _is_prose  # noqa: E402
from pagefacts.citations import extract_citations  # noqa: E402
from pagefacts.notes import _backlinks, find_notes  # noqa: E402

_CACHED = (outside_quotes, quoted_spans, _cite_score, _is_prose, _backlinks)
SHARED = Path(os.environ.get("PAGEFACTS_SHARED_PAGES", ROOT.parent / "shared" / "pages"))
PAGES = [
    ROOT / "raw" / "2021-04-13-comrades-putin-and-xi.txt",
    SHARED / "2026-08-26-commonwealth-us-big-tech-frenemies.txt",
    SHARED / "2025-11-05-cai-top-fine-art-photographers.txt",
    SHARED / "1993-11-01-mto-roeder-semiotic-evaluation.txt",
]


def _text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))


def speed(repeats: int) -> None:
    print(f"{'page':48} {'chars':>7} {'notes':>5} {'works':>5} {'ms/page':>8}")
    for path in PAGES:
        if not path.exists():
            print(f"{path.name[:48]:48} absent, skipped")
            continue
        text = _text(path)
        best = float("inf")
        for _ in range(repeats):
            for cached in _CACHED:
                cached.cache_clear()  # measure a cold page, not a warm cache
            t0 = time.process_time()
            block = find_notes(text)
            result = extract_citations(text, block, document_id="bench")
            best = min(best, time.process_time() - t0)
        print(f"{path.name[:48]:48} {len(text):7d} {len(block.notes):5d} "
              f"{len(result.citations):5d} {best * 1000:8.2f}")


def accuracy() -> None:
    from tests.test_citations_fixtures import f1, score_sets

    print(f"\n{'style (fixture or page)':58} {'P':>5} {'R':>5} {'F1':>5}")
    total = [0, 0, 0]
    for label, (tp, fp, fn, _) in score_sets():
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        print(f"{label[:58]:58} {_ratio(tp, tp + fp):5.2f} {_ratio(tp, tp + fn):5.2f} "
              f"{f1(tp, fp, fn):5.2f}")
    tp, fp, fn = total
    print(f"{'pooled':58} {_ratio(tp, tp + fp):5.2f} {_ratio(tp, tp + fn):5.2f} "
          f"{f1(tp, fp, fn):5.2f}")


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def main(repeats: int = 50) -> None:
    speed(repeats)
    accuracy()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
