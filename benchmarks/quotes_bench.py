"""Milliseconds per page of the quotation extractor on the four real pages.

Run: ``python benchmarks/quotes_bench.py [repeats]``. Notes and layout are computed once per
page (they are other stages); only ``extract_quotes`` is timed. Lent pages are skipped when
``../shared/pages`` is absent. A synthetic page with thousands of quotations checks linearity.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pagefacts.ingest import read_page
from pagefacts.layout import analyse_layout
from pagefacts.model import Layout, NotesBlock
from pagefacts.notes import find_notes
from pagefacts.quotes import extract_quotes

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    (ROOT / "raw", "2021-04-13-comrades-putin-and-xi.txt"),
    (ROOT.parent / "shared" / "pages", "2025-11-05-cai-top-fine-art-photographers.txt"),
    (ROOT.parent / "shared" / "pages", "2026-08-26-commonwealth-us-big-tech-frenemies.txt"),
    (ROOT.parent / "shared" / "pages", "1993-11-01-mto-roeder-semiotic-evaluation.txt"),
]


def best_ms(text: str, layout: Layout, block: NotesBlock, repeats: int) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        count = sum(1 for _ in extract_quotes(text, layout, block, document_id="bench"))
        best = min(best, time.perf_counter() - t0)
    return best * 1000, count


def main(repeats: int = 20) -> None:
    for folder, name in PAGES:
        if not (folder / name).exists():
            print(f"{name}: skipped (absent)")
            continue
        text = read_page(folder, name).text
        block = find_notes(text)
        layout = analyse_layout(text, notes_start=block.start, notes_end=block.end)
        ms, count = best_ms(text, layout, block, repeats)
        print(f"{name}: {ms:7.2f} ms  ({len(text):,} chars, {count} quoted spans)")
    for n in (1000, 4000):
        text = " ".join(f"Ann Lee{i} said “quotation {i} goes here.” Then text." for i in range(n))
        ms, count = best_ms(text, Layout(0, len(text)), NotesBlock(None, None, None), 3)
        print(f"synthetic {n} quotes: {ms:7.2f} ms ({count} spans, {ms / n * 1000:.1f} µs/quote)")


def accuracy(with_ner: bool = True) -> None:
    """Recall / speaker / kind / note accuracy per self-written fixture and lent page, with the
    regex name scan alone and with the NER names the pipeline passes (model loaded once)."""
    sys.path.insert(0, str(ROOT))
    from tests.test_quotes_gold import Score, gold_pages, ner_names, quotes_of, score

    shared = ROOT.parent / "shared" / "pages"
    if not shared.exists():
        print("lent pages absent: accuracy table skipped")
        return
    pages = gold_pages(shared)
    modes: list[tuple[str, dict]] = [("scan", {})]
    if with_ner:
        from pagefacts.nlp import get_nlp

        nlp = get_nlp()
        modes.append(("ner", {key: ner_names(text, nlp) for key, (text, _g) in pages.items()}))

    def row(mode: str, name: str, s: Score) -> None:
        print(
            f"{mode:4} {name:18} recall {s.recall:5.2f} ({s.found}/{s.quotations})  speaker "
            f"{s.speaker_accuracy:5.2f} ({s.speakers}/{s.with_speaker})  kinds "
            f"{s.kind_accuracy:5.2f}  notes {s.note_accuracy:5.2f} ({s.notes}/{s.with_note})"
        )

    for mode, names in modes:
        pooled = Score()
        for key, (text, gold) in pages.items():
            s = score(quotes_of(text, names=names.get(key)), gold)
            pooled.add(s)
            row(mode, key, s)
        row(mode, "POOLED", pooled)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
    accuracy()
