"""One page through every stage: ingest → extract → validate.

Plain functions with no Prefect import: ``flows/`` wraps them in tasks, the benchmark calls
them directly. Failures become ``rejects`` records (errors as data); only transient I/O errors
propagate, so that the orchestrator can retry them.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pagefacts import __version__
from pagefacts.errors import PagefactsError
from pagefacts.ingest import read_page
from pagefacts.model import Page, PageResult
from pagefacts.settings import Settings
from pagefacts.validate import TABLES, SchemaStore, make_reject

#: Tables filled page by page (``entities`` is built across pages at publish time).
PAGE_TABLES = ("documents", "citations", "citation_markers", "quotes", "page_entities", "mentions")

#: The schema kind of each per-page table.
PAGE_TABLE_KINDS = {**TABLES, "page_entities": "page_entity"}


@dataclass(frozen=True)
class Extraction:
    """What the extractors produced for one page, before validation."""

    page: Page
    tables: dict[str, list[dict]]


def ingest(raw_dir: Path | str, source_path: str, settings: Settings) -> Page:
    """Read one page; raises IngestError (terminal) or TransientError (retry)."""
    return read_page(Path(raw_dir), source_path, max_bytes=settings.max_page_bytes)


def extract(page: Page, settings: Settings, *, run_id: str) -> Extraction:
    """Run every extractor on a page and return its records, linked across stages."""
    from pagefacts import citations as citations_mod
    from pagefacts import entities as entities_mod
    from pagefacts.layout import analyse_layout
    from pagefacts.metadata import extract_metadata
    from pagefacts.nlp import get_nlp
    from pagefacts.notes import find_notes
    from pagefacts.quotes import extract_quotes

    text = page.text
    block = find_notes(text)
    layout = analyse_layout(text, notes_start=block.start, notes_end=block.end)
    metadata = extract_metadata(page, layout).to_record()
    authors = list(metadata.get("authors") or [])
    page_author = authors[0] if authors else None

    cited = citations_mod.extract_citations(
        text, block, document_id=page.document_id, page_author=page_author,
        section_of=layout.section_at,
    )
    citation_records = [c.to_record() for c in cited.citations]
    marker_records = [m.to_record() for m in cited.markers]

    doc = get_nlp(settings.spacy_model)(text)
    spans = entities_mod.recognise(
        text, doc, layout, citations=citation_records, page_authors=authors,
        markers=block.markers,
    )
    quote_records = [
        q.to_record()
        for q in extract_quotes(
            text, layout, block, document_id=page.document_id, page_author=page_author,
            citations=citation_records, names=spans,
        )
    ]
    resolved = entities_mod.resolve(
        text, spans, layout, document_id=page.document_id, citations=citation_records,
        quotes=quote_records, page_authors=authors,
    )
    quote_records, citation_records = entities_mod.link_records(
        resolved, quote_records, citation_records
    )

    metadata["findings"] = [
        *metadata.get("findings", []), *cited.findings, *resolved.findings
    ]
    metadata.update(
        note_count=len(block.notes),
        citation_count=sum(1 for c in citation_records if c["type"] != "note"),
        quotation_count=sum(1 for q in quote_records if q["is_quotation"]),
        entity_count=len(resolved.page_entities),
        run_id=run_id,
        extracted_at=datetime.now(UTC).isoformat(timespec="microseconds"),
        pagefacts_version=__version__,
    )
    tables = {
        "documents": [metadata],
        "citations": citation_records,
        "citation_markers": marker_records,
        "quotes": quote_records,
        "page_entities": resolved.page_entities,
        "mentions": resolved.mentions,
    }
    return Extraction(page=page, tables=tables)


def validate(extraction: Extraction, store: SchemaStore, *, run_id: str) -> PageResult:
    """Keep the records that validate; every other one becomes a reject with all its errors."""
    page = extraction.page
    result = PageResult(document_id=page.document_id, source_path=page.source_path)
    for table, records in extraction.tables.items():
        kind = PAGE_TABLE_KINDS[table]
        kept: list[dict] = []
        for record in records:
            issues = store.validate(kind, record)
            if not issues:
                kept.append(record)
                continue
            result.rejects.append(
                make_reject(
                    run_id=run_id, stage="validate", reason=f"invalid-{kind}",
                    message=f"{len(issues)} schema error(s) in a {kind} record: "
                    f"{issues[0].message}",
                    source_path=page.source_path, document_id=page.document_id,
                    record=record, errors=[i.to_record() for i in issues],
                )
            )
        result.tables[table] = kept
    if not result.tables.get("documents"):
        # Without its document row a page is not published at all: its other rows would dangle.
        result.tables = {table: [] for table in extraction.tables}
    return result


def reject_page(
    source_path: str, *, stage: str, error: BaseException, run_id: str,
    document_id: str | None = None,
) -> PageResult:
    """A page that failed a stage, as a result holding only its reject."""
    if isinstance(error, PagefactsError):
        reason, message = error.reason, error.message
    else:
        reason = f"{stage}-crashed"
        frames = traceback.extract_tb(error.__traceback__)
        where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
        message = f"{type(error).__name__}: {error}{where}"
    reject = make_reject(
        run_id=run_id, stage=stage, reason=reason, message=message,
        source_path=source_path, document_id=document_id,
        errors=[{"path": "$", "validator": reason, "message": message}],
    )
    return PageResult(document_id=document_id or "", source_path=source_path, rejects=[reject])


def run_page(
    raw_dir: Path | str, source_path: str, settings: Settings, store: SchemaStore, *, run_id: str
) -> PageResult:
    """The whole chain for one page, turning every failure into a reject (no orchestration)."""
    try:
        page = ingest(raw_dir, source_path, settings)
    except Exception as error:  # IngestError/TransientError carry a reason; others crashed
        return reject_page(source_path, stage="ingest", error=error, run_id=run_id)
    try:
        extraction = extract(page, settings, run_id=run_id)
    except Exception as error:  # one broken page must never stop the others
        return reject_page(
            source_path, stage="extract", error=error, run_id=run_id,
            document_id=page.document_id,
        )
    try:
        return validate(extraction, store, run_id=run_id)
    except Exception as error:  # e.g. a value the validator cannot even inspect
        return reject_page(
            source_path, stage="validate", error=error, run_id=run_id,
            document_id=page.document_id,
        )


def summarise(results: Iterable[PageResult]) -> list[dict[str, object]]:
    """One row per page: record counts per table and rejects (for logs and artifacts)."""
    rows = []
    for result in results:
        row: dict[str, object] = {"page": result.source_path, "document_id": result.document_id}
        for table in PAGE_TABLES:
            row[table] = len(result.tables.get(table, []))
        row["rejects"] = len(result.rejects)
        row["reasons"] = ", ".join(sorted({r["reason"] for r in result.rejects}))
        rows.append(row)
    return rows
