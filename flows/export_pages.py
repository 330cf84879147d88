"""The ``export_pages`` Prefect flow: thin orchestration of the stages in ``pagefacts``.

plan (which pages changed) → per page: ingest → extract → validate (+ cache) → publish.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from pagefacts import pipeline
from pagefacts.errors import TransientError
from pagefacts.export import ExportReport, current_rejects, new_run_id, publish_results
from pagefacts.model import Page, PageResult
from pagefacts.settings import Settings
from pagefacts.state import Plan, StateStore, fingerprint, plan_run
from pagefacts.validate import load_store
from pagefacts.workers import ExtractPool

#: Seconds between retries of a transient I/O failure (three tries after the first).
INGEST_RETRY_DELAYS = [1, 4, 10]

#: Seconds a run waits for another run on the same output directory before failing: a whole
#: run (not only its publish) holds the lock, and a large daily run takes minutes.
DEFAULT_LOCK_TIMEOUT = 600.0

#: Threads that drive page chains: enough to keep every extraction worker busy while other
#: pages are read, validated and cached.
CHAIN_THREADS_PER_WORKER = 2

#: Page chains in flight per worker (see the sliding window in export_pages).
CHAINS_IN_FLIGHT_PER_WORKER = 3

#: The extraction pool of each running flow (the page tasks run as threads of the flow's
#: process and find it here); absent on Dask workers, which extract inline.
_POOLS: dict[str, ExtractPool] = {}


def _is_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only errors that may pass (TransientError); terminal ones are rejects already."""
    try:
        state.result()
    except TransientError:
        return True
    except Exception:
        return False
    return False


def _settings(settings: dict[str, Any] | None, raw_dir: str, out_dir: str) -> Settings:
    return Settings.from_env(**(settings or {}), raw_dir=raw_dir, out_dir=out_dir)


@task(name="plan", task_run_name="plan {settings.raw_dir}", cache_policy=NO_CACHE)
def plan_task(settings: Settings, full: bool) -> Plan:
    """Which pages are new or changed, unchanged, or gone since the last publish."""
    store = load_store(settings.schemas_dir)
    fp = fingerprint(schemas=store.fingerprint(), spacy_model=settings.spacy_model)
    return plan_run(settings.raw_dir, StateStore(settings.out_dir), fp, full=full,
                    max_bytes=settings.max_page_bytes)  # a too-large page is never read


@task(
    name="ingest", task_run_name="ingest {source_path}", retries=len(INGEST_RETRY_DELAYS),
    retry_delay_seconds=INGEST_RETRY_DELAYS, retry_condition_fn=_is_transient,
    cache_policy=NO_CACHE,
)
def ingest_task(source_path: str, settings: Settings, run_id: str) -> Page | PageResult:
    """Read and decode one page; a terminal failure comes back as a reject."""
    try:
        return pipeline.ingest(settings.raw_dir, source_path, settings)
    except TransientError:
        get_run_logger().warning("transient I/O error reading %s; will retry", source_path)
        raise
    except Exception as error:
        result = pipeline.reject_page(source_path, stage="ingest", error=error, run_id=run_id)
        get_run_logger().warning("rejected %s: %s", source_path, result.rejects[0]["message"])
        return result


@task(name="extract", task_run_name="extract {source_path}", cache_policy=NO_CACHE)
def extract_task(
    page: Page | PageResult, source_path: str, settings: Settings, run_id: str
) -> pipeline.Extraction | PageResult:
    """Run the extractors on a page (the NLP model is loaded once per worker process)."""
    if isinstance(page, PageResult):
        return page
    pool = _POOLS.get(run_id)
    try:
        if pool is not None:
            return pool.submit(page, settings, run_id).result()
        return pipeline.extract(page, settings, run_id=run_id)
    except Exception as error:
        result = pipeline.reject_page(
            source_path, stage="extract", error=error, run_id=run_id,
            document_id=page.document_id,
        )
        get_run_logger().error("extraction failed for %s: %s", source_path,
                               result.rejects[0]["message"])
        return result


@task(name="validate", task_run_name="validate {source_path}", cache_policy=NO_CACHE)
def validate_task(
    extraction: pipeline.Extraction | PageResult, source_path: str, sha256: str | None,
    fp: str, settings: Settings, run_id: str,
) -> PageResult:
    """Validate every record against its schema and cache the page's result for later runs."""
    if isinstance(extraction, PageResult):
        result = extraction
    else:
        result = pipeline.validate(extraction, load_store(settings.schemas_dir), run_id=run_id)
    transient = any(r["reason"].startswith("transient") for r in result.rejects)
    StateStore(settings.out_dir).save(result, sha256=None if transient else sha256, fingerprint=fp)
    return result


@task(name="publish", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE)
def publish_task(
    plan: Plan, settings: Settings, run_id: str, extra_rejects: list[dict]
) -> ExportReport:
    """Write every table, JSON-LD and CSL file and the catalog as one atomic generation."""
    store = load_store(settings.schemas_dir)
    return publish_results(
        plan, StateStore(settings.out_dir), store, settings, run_id=run_id,
        extra_rejects=extra_rejects,
    )


def _progress_line(done: int, total: int, started: float, rejected: int, result: PageResult) -> str:
    rate = done / max(time.perf_counter() - started, 1e-9)
    counts = ", ".join(
        f"{len(result.tables.get(t, []))} {t}" for t in ("citations", "quotes", "mentions")
    )
    status = f"{len(result.rejects)} rejected" if result.rejects else "ok"
    return (f"[{done}/{total}] {result.source_path}: {status} ({counts}) — "
            f"{rate:.1f} pages/s, {rejected} rejects so far")


#: Every page is logged up to this many: a small run reads best page by page.
PROGRESS_EVERY_PAGE_UP_TO = 50
#: Beyond that, a line per this share of the run (about 50 lines for the whole run)...
PROGRESS_FRACTION = 0.02
#: ...or after this many seconds without one, whichever comes first: tens of thousands of
#: pages must not flood the terminal and Prefect's log table (one row per line), yet a slow
#: run still shows it is alive.
PROGRESS_MAX_SILENCE_SECONDS = 10.0


class ProgressThrottle:
    """Decides which completed pages get a progress line (always the first few and the last)."""

    def __init__(self, total: int, *, clock: Any = time.monotonic) -> None:
        self.total = total
        self.step = max(1, int(total * PROGRESS_FRACTION))
        self.clock = clock
        self.last_done = 0
        self.last_time = clock()

    def due(self, done: int) -> bool:
        """Whether the ``done``-th completed page should be logged."""
        now = self.clock()
        if not (
            done <= PROGRESS_EVERY_PAGE_UP_TO or done >= self.total
            or done - self.last_done >= self.step
            or now - self.last_time >= PROGRESS_MAX_SILENCE_SECONDS
        ):
            return False
        self.last_done, self.last_time = done, now
        return True


@flow(
    name="export-pages",
    description="Extract metadata, citations, quotations and entities from raw pages and "
    "publish validated Parquet, JSON-LD and a DCAT catalog.",
    task_runner=ThreadPoolTaskRunner(max_workers=CHAIN_THREADS_PER_WORKER * (os.cpu_count() or 1)),
    validate_parameters=True,
)
def export_pages(
    raw_dir: str = "raw",
    out_dir: str = "output",
    settings: dict[str, Any] | None = None,
    full: bool = False,
    workers: int | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> dict[str, Any]:
    """Export every page under ``raw_dir`` into ``out_dir`` (incremental unless ``full``).

    ``workers`` extraction processes run the NLP work (default: one per core; 1 runs it in
    the flow's own process). On a Dask task runner, pages are extracted on the Dask workers.
    Another run holding ``out_dir`` is waited for up to ``lock_timeout`` seconds, then this
    run fails with a message naming it (the output is never written by two runs at once).
    """
    from pagefacts.publish import output_lock

    logger = get_run_logger()
    conf = _settings(settings, raw_dir, out_dir)
    run_id = new_run_id()
    started = time.perf_counter()
    Path(conf.out_dir).mkdir(parents=True, exist_ok=True)
    with output_lock(Path(conf.out_dir), timeout=lock_timeout):
        plan = plan_task(conf, full)
        logger.info(
            "run %s: %d page(s) under %s — %d to extract, %d unchanged, %d removed",
            run_id, plan.total, conf.raw_dir, len(plan.to_extract), len(plan.unchanged),
            len(plan.removed),
        )
        on_dask = _runner_is_dask()
        n_workers = min(workers or os.cpu_count() or 1, max(1, len(plan.to_extract)))
        if plan.to_extract and not on_dask:
            _POOLS[run_id] = ExtractPool(n_workers, conf.spacy_model)

        def submit(source_path: str) -> None:
            page = ingest_task.submit(source_path, conf, run_id)
            extraction = extract_task.submit(page, source_path, conf, run_id)
            validated = validate_task.submit(
                extraction, source_path, plan.hashes.get(source_path), plan.fingerprint, conf,
                run_id,
            )
            in_flight[validated] = (source_path, (page, extraction))

        # A sliding window of page chains: enough to keep every worker busy, few enough that
        # memory does not grow with the number of pages (a chain holds a page's text and
        # records until it is done and cached).
        window = CHAINS_IN_FLIGHT_PER_WORKER * (n_workers if not on_dask else _dask_workers())
        todo = iter(plan.to_extract)
        in_flight: dict[Any, tuple[str, tuple[Any, Any]]] = {}
        for source_path in todo:
            submit(source_path)
            if len(in_flight) >= window:
                break

        summary: list[dict[str, object]] = []
        extra_rejects: list[dict] = []
        rejected = 0
        done = 0
        progress = ProgressThrottle(len(plan.to_extract))
        while in_flight:
            future = next(as_completed(list(in_flight)))
            source_path, chain = in_flight.pop(future)
            next_path = next(todo, None)
            if next_path is not None:
                submit(next_path)
            try:
                result = future.result()
            except Exception as error:  # retries exhausted, or a crash inside Prefect itself
                stage, cause = _failed_stage(chain, error)
                result = pipeline.reject_page(source_path, stage=stage, error=cause,
                                              run_id=run_id)
                extra_rejects.extend(result.rejects)
                plan.hashes[source_path] = None
            done += 1
            summary.extend(pipeline.summarise([result]))
            rejected += len(result.rejects)
            if progress.due(done):
                logger.info(_progress_line(done, len(plan.to_extract), started, rejected,
                                           result))
        pool = _POOLS.pop(run_id, None)
        if pool is not None:
            pool.close()

        if plan.changed_anything:
            report = publish_task(plan, conf, run_id, extra_rejects)
            logger.info("published run %s to %s: %s", run_id, conf.out_dir,
                        ", ".join(f"{n} {t}" for t, n in report.table_rows.items()))
        else:
            report = ExportReport(
                run_id=run_id, out_dir=conf.out_dir, pages_total=plan.total,
                unchanged=len(plan.unchanged),
                rejects=current_rejects(plan, StateStore(conf.out_dir)),
            )
            logger.info("nothing changed since the last run; %s is current", conf.out_dir)
    report.seconds = time.perf_counter() - started
    _artifacts(report, summary)
    if report.rejects:
        logger.warning("%d record(s) or page(s) rejected: see %s/parquet/rejects/",
                       report.rejects, conf.out_dir)
    return report.__dict__ | {"ok": report.ok}


def _failed_stage(chain: tuple[Any, Any], error: BaseException) -> tuple[str, BaseException]:
    """The first stage of a page's chain that failed, and its own error.

    A failed task makes the tasks after it fail with Prefect's "upstream task failed" error;
    the reject must carry the real cause (e.g. the I/O error left after every retry).
    """
    for stage, future in zip(("ingest", "extract"), chain, strict=True):
        try:
            future.result()
        except Exception as cause:
            return stage, cause
    return "validate", error


def _dask_workers() -> int:
    """Worker count of the flow's Dask cluster (the window of chains scales with it)."""
    from prefect.context import FlowRunContext

    runner = getattr(FlowRunContext.get(), "task_runner", None)
    client = getattr(runner, "_client", None)
    try:
        return max(1, len(client.scheduler_info()["workers"]))
    except Exception:  # no client yet, or an unexpected runner: a safe default
        return os.cpu_count() or 1


def _runner_is_dask() -> bool:
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    runner = getattr(context, "task_runner", None)
    return type(runner).__name__ == "DaskTaskRunner"


def _artifacts(report: ExportReport, rows: list[dict[str, object]]) -> None:
    create_table_artifact(
        key="export-pages-summary", table=rows or [{"page": "(no page extracted)"}],
        description=f"Pages extracted in run {report.run_id}",
    )
    create_markdown_artifact(
        key="export-pages-report",
        markdown=(
            f"# pagefacts run `{report.run_id}`\n\n"
            f"- pages: {report.pages_total} ({report.extracted} extracted, "
            f"{report.unchanged} unchanged, {report.removed} removed)\n"
            f"- rejects: {report.rejects}\n- published: {report.published}\n"
            + "".join(f"- `{t}`: {n} rows\n" for t, n in report.table_rows.items())
        ),
        description="Run report",
    )


def with_runner(name: str = "local", *, dask_address: str | None = None,
                workers: int | None = None):
    """``export_pages`` with the chosen task runner: local (default) or dask."""
    if name == "local":
        runner: Any = ThreadPoolTaskRunner(
            max_workers=CHAIN_THREADS_PER_WORKER * (workers or os.cpu_count() or 1)
        )
    elif name == "dask":
        from prefect_dask import DaskTaskRunner

        from pagefacts.quiet import DASK_PRELOAD, install_dask_filter

        install_dask_filter()  # a closed-connection traceback at cluster close is not an error

        if dask_address:
            runner = DaskTaskRunner(address=dask_address)
        else:
            runner = DaskTaskRunner(cluster_kwargs={
                "n_workers": workers or os.cpu_count() or 1, "threads_per_worker": 1,
                "processes": True,
                # the cluster's shutdown is ours: keep its heartbeat race out of the terminal
                "preload": [DASK_PRELOAD],
            })
    else:
        raise ValueError(f"unknown task runner {name!r}: choose local or dask")
    return export_pages.with_options(task_runner=runner)
