"""A whole export without an orchestrator: plan → pages → publish.

``flows/export_pages.py`` runs the same steps as Prefect tasks; this module holds the logic
both share (and the benchmark's "library without Prefect" path).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pagefacts.model import PageResult
from pagefacts.pipeline import run_page
from pagefacts.settings import Settings
from pagefacts.state import Plan, StateStore, fingerprint, plan_run
from pagefacts.validate import TABLES, SchemaStore, load_store, make_reject

if TYPE_CHECKING:
    from pagefacts.publish import GenerationWriter

logger = logging.getLogger(__name__)

#: How long a run waits for another run on the same output directory to finish publishing.
LOCK_TIMEOUT_SECONDS = 600.0


@dataclass
class ExportReport:
    """What a run did: the CLI's exit status and the flow's artifacts come from here."""

    run_id: str
    out_dir: str
    pages_total: int = 0
    extracted: int = 0
    unchanged: int = 0
    removed: int = 0
    rejects: int = 0
    published: bool = False
    table_rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.rejects == 0


def new_run_id() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{uuid.uuid4().hex[:8]}"


def _write_page(writer: GenerationWriter, result: PageResult, settings: Settings) -> None:
    """One page's rows, JSON-LD graph and CSL file into the generation being written."""
    from pagefacts.csl import to_csl_json
    from pagefacts.jsonld import page_graph

    writer.add_rows("rejects", result.rejects)
    for table, records in result.tables.items():
        if table in TABLES:
            writer.add_rows(table, records)
    documents = result.tables.get("documents") or []
    if not documents:
        return
    citations = result.tables.get("citations", [])
    writer.add_jsonld(result.document_id, page_graph(
        documents[0], citations=citations, quotes=result.tables.get("quotes", []),
        page_entities=result.tables.get("page_entities", []),
        mentions=result.tables.get("mentions", []), base_url=settings.base_url,
    ))
    writer.add_csl(result.document_id, to_csl_json(citations))


def fill_generation(
    results: Iterable[PageResult], store: SchemaStore, settings: Settings, *, run_id: str,
    extra_rejects: Iterable[dict] = (),
) -> Callable[[GenerationWriter], None]:
    """A publish ``fill`` that streams page results (one in memory at a time) into a writer.

    The corpus ``entities`` table is aggregated on the way (one record per distinct entity)
    and written last.
    """
    from pagefacts.entities import merge_corpus

    def fill(writer: GenerationWriter) -> None:
        def page_entities() -> Iterator[dict]:
            for result in results:
                _write_page(writer, result, settings)
                yield from result.tables.get("page_entities", [])

        for entity in merge_corpus(page_entities()):
            issues = store.validate("entity", entity)
            if not issues:
                writer.add_rows("entities", [entity])
                continue
            writer.add_rows("rejects", [make_reject(
                run_id=run_id, stage="validate", reason="invalid-entity",
                message=issues[0].message, source_path="(corpus)", record=entity,
                errors=[i.to_record() for i in issues],
            )])
        writer.add_rows("rejects", list(extra_rejects))

    return fill


def publish_results(
    plan: Plan, state: StateStore, store: SchemaStore, settings: Settings, *, run_id: str,
    extra_rejects: Iterable[dict] = (),
) -> ExportReport:
    """Publish every current page's cached result atomically, then record the new state."""
    from pagefacts.publish import publish_stream

    current = sorted(plan.to_extract + plan.unchanged)
    fill = fill_generation(state.load_all(current), store, settings, run_id=run_id,
                           extra_rejects=extra_rejects)
    published = publish_stream(Path(settings.out_dir), fill=fill, store=store, run_id=run_id,
                               settings=settings)
    for source_path in plan.removed:
        state.remove(source_path)
    state.save_index(
        {
            path: {"sha256": plan.hashes.get(path), "fingerprint": plan.fingerprint}
            for path in current
        }
    )
    rows = {name: info.row_count for name, info in published.tables.items()}
    return ExportReport(
        run_id=run_id, out_dir=settings.out_dir, pages_total=plan.total,
        extracted=len(plan.to_extract), unchanged=len(plan.unchanged), removed=len(plan.removed),
        rejects=rows.get("rejects", 0), published=True, table_rows=rows,
    )


def log_rejects(result: PageResult, log: logging.Logger | logging.LoggerAdapter = logger) -> None:
    """One warning per reject of a page: where, which stage, the reason code and why."""
    for reject in result.rejects:
        log.warning(
            "rejected %s at %s: %s: %s", reject["source_path"], reject["stage"],
            reject["reason"], reject["message"],
        )


def current_rejects(plan: Plan, state: StateStore) -> int:
    """Rejects already published for the current pages (when nothing needs publishing)."""
    return sum(len(r.rejects) for r in state.load_all(sorted(plan.unchanged)))


def export(
    settings: Settings, *, run_id: str | None = None, full: bool = False,
    progress: Callable[[int, int, PageResult], None] | None = None,
) -> ExportReport:
    """Run a whole export in this process (no Prefect): the library path."""
    from pagefacts.publish import output_lock

    started = time.perf_counter()
    run_id = run_id or new_run_id()
    store = load_store(settings.schemas_dir)
    out_dir = Path(settings.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with output_lock(out_dir, timeout=LOCK_TIMEOUT_SECONDS):
        state = StateStore(out_dir)
        fp = fingerprint(schemas=store.fingerprint(), spacy_model=settings.spacy_model)
        plan = plan_run(
            settings.raw_dir, state, fp, full=full, max_bytes=settings.max_page_bytes
        )
        for done, source_path in enumerate(plan.to_extract, start=1):
            result = run_page(settings.raw_dir, source_path, settings, store, run_id=run_id)
            log_rejects(result)
            if any(r["reason"].startswith("transient") for r in result.rejects):
                plan.hashes[source_path] = None  # never "unchanged": retried next run
            state.save(result, sha256=plan.hashes.get(source_path), fingerprint=fp)
            if progress is not None:
                progress(done, len(plan.to_extract), result)
        if plan.changed_anything:
            report = publish_results(plan, state, store, settings, run_id=run_id)
        else:
            report = ExportReport(
                run_id=run_id, out_dir=settings.out_dir, pages_total=plan.total,
                unchanged=len(plan.unchanged), rejects=current_rejects(plan, state),
            )
    report.seconds = time.perf_counter() - started
    return report
