"""Throughput of the entity stage against spaCy's own ``nlp.pipe`` on the same components.

    python benchmarks/entities_bench.py [--texts 40] [--repeat 3]

Builds a batch from the repository's page and the lent pages (``../shared/pages``), repeated to
``--texts`` texts, then times (a) plain ``nlp.pipe`` over the batch with the pipeline of
``pagefacts.nlp.get_nlp`` (components ``NLP_COMPONENTS``) and (b) ``parse`` + ``recognise`` +
``resolve`` for every page. Prints pages/s of both, the ratio, and the entity work alone in ms
per page and as a share of the model's time. Target: (b) within 10% of (a), i.e. the
entity work at most 10% of the model's time (the ratio line is noisier: it times the model twice).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pagefacts.entities import recognise, resolve  # noqa: E402
from pagefacts.model import Layout  # noqa: E402
from pagefacts.nlp import NLP_COMPONENTS, get_nlp, parse  # noqa: E402

NOTES_HEAD = re.compile(r"^(?:\[1\]\s|(?:Notes|Footnotes|Endnotes|References):?\s*$)", re.M)


def load_pages() -> list[str]:
    paths = sorted((ROOT / "raw").glob("*.txt")) + sorted(
        (ROOT.parent / "shared" / "pages").glob("*.txt")
    )
    seen, texts = set(), []
    for p in paths:
        if p.name in seen:
            continue
        seen.add(p.name)
        raw = p.read_bytes().decode("utf-8", errors="replace")
        texts.append(unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")))
    return texts


def rough_layout(text: str) -> Layout:
    """A stand-in for the layout stage: the notes block from its first note or heading."""
    m = None
    for m in NOTES_HEAD.finditer(text):  # noqa: B007 - the last one is the notes block
        pass
    if m is None:
        return Layout(body_start=0, body_end=len(text))
    return Layout(body_start=0, body_end=m.start(), notes_start=m.start(), notes_end=len(text))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pages = load_pages()
    batch = [pages[i % len(pages)] for i in range(args.texts)]
    layouts = [rough_layout(t) for t in batch]
    nlp = get_nlp()
    print(
        f"{len(batch)} texts from {len(pages)} pages, {sum(map(len, batch)):,} characters; "
        f"pipeline {nlp.pipe_names} (NLP_COMPONENTS={NLP_COMPONENTS})"
    )
    list(nlp.pipe(batch[:2]))  # warm up

    plain, full, own = [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        list(nlp.pipe(batch, batch_size=8))
        plain.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        docs = parse(nlp, batch)
        t1 = time.perf_counter()
        for i, (text, doc, layout) in enumerate(zip(batch, docs, layouts, strict=True)):
            spans = recognise(text, doc, layout)
            resolve(text, spans, layout, document_id=f"page-{i}")
        t2 = time.perf_counter()
        full.append(t2 - t0)
        own.append(t2 - t1)

    a, b, c = min(plain), min(full), min(own)
    print(f"(a) nlp.pipe alone:             {len(batch) / a:6.2f} pages/s")
    print(f"(b) parse+recognise+resolve:    {len(batch) / b:6.2f} pages/s")
    print(f"ratio (b)/(a) throughput:       {a / b:6.3f}  (target >= 0.90)")
    print(f"entity work on top of the model: {1000 * c / len(batch):6.1f} ms/page")
    print(f"entity work / model time (a):    {100 * c / a:6.1f} %  (target <= 10%)")


if __name__ == "__main__":
    main()
