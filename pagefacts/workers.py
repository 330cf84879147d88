"""A process pool for the CPU-bound extraction step, with the NLP model loaded once per worker.

Orchestrators run the page chain in cheap threads and hand the heavy step (spaCy and the
extractors) to this pool, so every core is used without paying a process start per page.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from pagefacts.model import Page
from pagefacts.pipeline import Extraction, extract
from pagefacts.settings import Settings


def _warm(spacy_model: str) -> None:
    """Worker initialiser: load the model before the first page arrives."""
    from pagefacts.nlp import get_nlp

    get_nlp(spacy_model)


class ExtractPool:
    """``extract`` in worker processes; with one worker it runs inline (no pool at all)."""

    def __init__(self, workers: int, spacy_model: str) -> None:
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None
        if self.workers > 1:
            # spawn, not fork: the parent runs threads (Prefect's), which fork does not copy
            # safely.
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm, initargs=(spacy_model,),
            )

    def submit(self, page: Page, settings: Settings, run_id: str) -> Future[Extraction]:
        if self._executor is not None:
            return self._executor.submit(extract, page, settings, run_id=run_id)
        future: Future[Extraction] = Future()
        try:
            future.set_result(extract(page, settings, run_id=run_id))
        except Exception as error:
            future.set_exception(error)
        return future

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> ExtractPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
