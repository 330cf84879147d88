"""Milliseconds per page for notes + citations on the repository's and the lent pages.

Run: ``python benchmarks/citations_bench.py [repeats]``. Pages that are absent are skipped.
"""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pagefacts.citation_scan import outside_quotes  # noqa: E402
from pagefacts.citation_split import _cite_score, _is_prose  # noqa: E402
from pagefacts.citations import extract_citations  # noqa: E402
from pagefacts.notes import find_notes  # noqa: E402

SHARED = Path(os.environ.get("PAGEFACTS_SHARED_PAGES", ROOT.parent / "shared" / "pages"))
_CACHED = (outside_quotes, _cite_score, _is_prose)
PAGES = [
    ROOT / "raw" / "2021-04-13-comrades-putin-and-xi.txt",
    SHARED / "2026-08-26-commonwealth-us-big-tech-frenemies.txt",
    SHARED / "2025-11-05-cai-top-fine-art-photographers.txt",
    SHARED / "1993-11-01-mto-roeder-semiotic-evaluation.txt",
]


def _text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))


def main(repeats: int = 50) -> None:
    for path in PAGES:
        if not path.exists():
            print(f"{path.name}: absent, skipped")
            continue
        text = _text(path)
        best = float("inf")
        for _ in range(repeats):
            for cached in _CACHED:
                cached.cache_clear()  # measure a cold page, not a warm cache
            t0 = time.perf_counter()
            block = find_notes(text)
            result = extract_citations(text, block, document_id="bench")
            best = min(best, time.perf_counter() - t0)
        print(f"{path.name[:48]:48} {len(text):7d} chars  {len(block.notes):3d} notes  "
              f"{len(result.citations):3d} works  {best * 1000:7.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
