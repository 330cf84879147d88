"""Throughput of pagefacts against spaCy alone, full and incremental runs, and peak memory.

Builds a corpus of N pages from raw/ and ../shared/pages/ (varied names, small varied edits),
then measures in one run:

  (a) spaCy's nlp.pipe alone over the same texts with the same components (1 process, and
      n_process = cores for comparison),
  (b) the pagefacts library without Prefect (pagefacts.export.export, one process),
  (c) the full export_pages flow (local task runner: one extraction process per core),
  (d) an incremental re-run with nothing changed,
  (e) a re-run with 1% of pages changed,

and prints pages/s for each, the ratios (c)/(a), (d)/(c), (e)/(c), and the peak memory at N and
4N (the measuring process's peak RSS plus its largest child's: the flow's extraction workers).
Each measurement runs in a fresh subprocess so its peak memory is its own. The flow runs share
one temporary Prefect server, started once before them, so that its start-up (a constant, not
per-page work) is not counted in (c), (d) and (e).

usage: python benchmarks/throughput.py [--pages N] [--skip-4n] [--workers W]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = [REPO / "raw", REPO.parent / "shared" / "pages"]


def source_texts() -> list[tuple[str, str]]:
    texts = []
    for folder in SOURCES:
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                texts.append((path.stem, path.read_text("utf-8")))
    if not texts:
        sys.exit("no source pages found in raw/ or ../shared/pages/")
    return texts


def vary(text: str, rng: random.Random, serial: int) -> str:
    """A small edit so that no two pages are byte-identical: a sentence gets a word inserted."""
    words = ["notably", "indeed", "arguably", "reportedly", "apparently"]
    sentences = text.split(". ")
    i = rng.randrange(len(sentences))
    sentences[i] = sentences[i] + f" ({rng.choice(words)} #{serial})"
    return ". ".join(sentences)


def build_corpus(root: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    texts = source_texts()
    paths = []
    for serial in range(n):
        stem, text = texts[serial % len(texts)]
        path = root / f"batch-{serial // 100:03d}" / f"{stem}-{serial:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(vary(text, rng, serial), "utf-8")
        paths.append(path)
    return paths


def change_some(paths: list[Path], fraction: float, seed: int = 11) -> int:
    rng = random.Random(seed)
    chosen = rng.sample(paths, max(1, int(len(paths) * fraction)))
    for path in chosen:
        path.write_text(path.read_text("utf-8") + "\n\nA late correction was added.\n", "utf-8")
    return len(chosen)


# -- measurements, each run in its own subprocess ------------------------------------------------

def _child(kind: str, raw: str, out: str, workers: int) -> dict:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    texts = [p.read_text("utf-8") for p in sorted(Path(raw).rglob("*.txt"))]
    started = time.perf_counter()
    if kind in ("spacy", "spacy-mp"):
        from pagefacts.nlp import DEFAULT_BATCH_SIZE, get_nlp

        nlp = get_nlp()
        load_done = time.perf_counter()
        n_process = workers if kind == "spacy-mp" else 1
        for _ in nlp.pipe(texts, batch_size=DEFAULT_BATCH_SIZE, n_process=n_process):
            pass
        started = load_done  # model loading is not throughput
    elif kind == "library":
        from pagefacts.export import export
        from pagefacts.nlp import get_nlp
        from pagefacts.settings import Settings

        get_nlp()
        started = time.perf_counter()
        export(Settings.from_env(raw_dir=raw, out_dir=out), full=True)
    elif kind == "flow":
        from flows.export_pages import with_runner

        report = with_runner("local", workers=workers)(raw_dir=raw, out_dir=out)
        if not report["published"] and report["extracted"]:
            raise SystemExit("flow did not publish")
    seconds = time.perf_counter() - started
    peak_kib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"seconds": seconds, "pages": len(texts), "peak_mib": peak_kib / 1024}


def measure(kind: str, raw: Path, out: Path, workers: int) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(raw), str(out), str(workers)],
        capture_output=True, text=True, cwd=REPO,
    )
    if proc.returncode != 0:
        sys.exit(f"{kind} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["rate"] = result["pages"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000, help="N (default 1000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-4n", action="store_true", help="skip the 4N memory run")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, raw, out, workers = args.child
        print(json.dumps(_child(kind, raw, out, int(workers))))
        return

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    with tempfile.TemporaryDirectory(prefix="pagefacts-bench-") as tmp:
        root = Path(tmp)
        raw, out, lib_out = root / "raw", root / "out", root / "lib-out"
        paths = build_corpus(raw, args.pages)
        print(f"corpus: {len(paths)} pages from {len(source_texts())} sources, "
              f"{sum(p.stat().st_size for p in paths) / 1e6:.1f} MB; {args.workers} workers")
        rows = {}
        rows["(a) spaCy nlp.pipe, 1 process"] = measure("spacy", raw, out, args.workers)
        rows[f"(a') spaCy nlp.pipe, n_process={args.workers}"] = measure(
            "spacy-mp", raw, out, args.workers)
        rows["(b) pagefacts library, 1 process"] = measure("library", raw, lib_out, 1)
        from flows.server import shared_api

        with shared_api():  # children inherit PREFECT_API_URL
            rows["(c) export_pages flow"] = measure("flow", raw, out, args.workers)
            rows["(d) re-run, nothing changed"] = measure("flow", raw, out, args.workers)
            changed = change_some(paths, 0.01)
            rows[f"(e) re-run, {changed} pages changed"] = measure("flow", raw, out,
                                                                   args.workers)
        for name, r in rows.items():
            print(f"{name:45s} {r['rate']:9.2f} pages/s  {r['seconds']:8.1f} s  "
                  f"peak {r['peak_mib']:7.0f} MiB")
        a = rows["(a) spaCy nlp.pipe, 1 process"]["rate"]
        a2 = rows[f"(a') spaCy nlp.pipe, n_process={args.workers}"]["rate"]
        c = rows["(c) export_pages flow"]
        d = rows["(d) re-run, nothing changed"]
        e = rows[f"(e) re-run, {changed} pages changed"]
        print(f"(c)/(a)  = {c['rate'] / a:.2f}   (target >= 0.8)")
        print(f"(c)/(a') = {c['rate'] / a2:.2f}   (same core count as the flow)")
        print(f"(d)/(c)  = {d['seconds'] / c['seconds']:.3f}  time (target <= 0.05)")
        print(f"(e)/(c)  = {e['seconds'] / c['seconds']:.3f}  time (target <= 0.10)")
        if not args.skip_4n:
            big_raw, big_out = root / "raw4", root / "out4"
            build_corpus(big_raw, 4 * args.pages, seed=8)
            with shared_api():
                big = measure("flow", big_raw, big_out, args.workers)
            print(f"peak memory: N={args.pages}: {c['peak_mib']:.0f} MiB, "
                  f"4N={4 * args.pages}: {big['peak_mib']:.0f} MiB, ratio "
                  f"{big['peak_mib'] / c['peak_mib']:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
