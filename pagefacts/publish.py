"""Atomic publishing of a run's output: Parquet tables, JSON-LD pages, CSL-JSON, the catalog.

Layout of an output directory::

    out_dir/
      .lock                      flock held by the publishing run (see output_lock)
      .generations/<run>/        one complete output per published run
          parquet/<table>/part-0.parquet, jsonld/<document_id>.jsonld,
          csl/<document_id>.json, catalog.jsonld
      current -> .generations/<run>          the ONE thing a publish switches
      parquet -> current/parquet             stable paths for readers (created once)
      jsonld -> current/jsonld
      csl -> current/csl
      catalog.jsonld -> current/catalog.jsonld

A run writes a new generation in a staging directory (every file written to a temporary
name, fsynced, renamed), renames it into ``.generations/``, then replaces ``current`` with one
``os.replace`` of a symlink. A reader resolving ``out_dir/parquet/...`` sees the old or the
new generation, never a mix; a crash at any point leaves the previous output complete. (A
reader that must see several files of one generation resolves ``current`` once, e.g. with
``os.path.realpath``.) The generation that was current before the swap is kept for readers
still using it; older ones and leftovers of crashed runs are removed by the next publish.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyarrow.parquet as pq

from pagefacts import __version__
from pagefacts.arrowschema import arrow_schema, to_table
from pagefacts.catalog import TableInfo, build_catalog
from pagefacts.errors import PublishError, SchemaError
from pagefacts.jsonld import dumps_jsonld
from pagefacts.validate import TABLES

if TYPE_CHECKING:
    from pagefacts.settings import Settings
    from pagefacts.validate import SchemaStore

GENERATIONS = ".generations"
CURRENT = "current"
LOCK_FILE = ".lock"
#: The stable entries of out_dir, each a symlink through ``current``.
LINKS = ("parquet", "jsonld", "csl", "catalog.jsonld")
STAGING_PREFIX = ".staging-"
TRASH_PREFIX = ".trash-"
TMP_PREFIX = ".tmp-"

#: Same rule as common.schema.json#/$defs/document_id: no "/", no leading dot, so a file
#: named after an id stays inside its folder.
DOCUMENT_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,199}")

PARQUET_COMPRESSION = "zstd"
META_VERSION = b"pagefacts.version"
META_RUN_ID = b"pagefacts.run_id"

#: Default wait for the output lock inside publish(): a concurrent run's publish step takes
#: seconds, so a minute is ample without hanging a scheduled run forever.
DEFAULT_LOCK_TIMEOUT = 60.0


@dataclass
class PublishReport:
    """What a publish wrote and cleaned."""

    out_dir: Path
    run_id: str
    generation: Path
    tables: dict[str, TableInfo]
    jsonld_files: int
    csl_files: int
    previous: str | None  # the generation that was current before (kept for readers)
    removed: list[str] = field(default_factory=list)  # old generations and crash leftovers
    missing_schemas: list[str] = field(default_factory=list)  # tables skipped: no schema yet


# -- locking --------------------------------------------------------------------------------------


@dataclass
class _Held:
    """This process's hold on one output directory's lock."""

    mutex: threading.Lock = field(default_factory=threading.Lock)  # guards depth and fd
    publishing: threading.Lock = field(default_factory=threading.Lock)  # one publish at a time
    depth: int = 0
    fd: int | None = None


_HELD: dict[str, _Held] = {}
_HELD_GUARD = threading.Lock()


def _held(directory: Path) -> _Held:
    with _HELD_GUARD:
        return _HELD.setdefault(str(directory.resolve()), _Held())


def _acquire(lock: threading.Lock, timeout: float, what: str) -> None:
    if not lock.acquire(timeout=max(timeout, 0.0)):
        raise PublishError(f"{what}; gave up after {timeout:g} s")


@contextlib.contextmanager
def output_lock(out_dir: Path | str, *, timeout: float) -> Iterator[None]:
    """Hold the exclusive lock of ``out_dir`` (an ``fcntl.flock`` on ``out_dir/.lock``).

    Two runs on the same output never interleave: the second waits up to ``timeout`` seconds,
    then gets a :class:`PublishError` naming the holder's pid. The lock belongs to the process
    and is re-entrant in it (a flow holding it may publish from a worker thread; publish()
    takes it too); the kernel releases it when the holder dies, so it is never stale.
    """
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    held = _held(directory)
    deadline = time.monotonic() + max(timeout, 0.0)
    _acquire(held.mutex, timeout, f"the lock on {directory} is busy in this process")
    try:
        if held.depth == 0:
            held.fd = _flock(directory, deadline, timeout)
        held.depth += 1
    finally:
        held.mutex.release()
    try:
        yield
    finally:
        with held.mutex:
            held.depth -= 1
            if held.depth == 0 and held.fd is not None:
                fcntl.flock(held.fd, fcntl.LOCK_UN)
                os.close(held.fd)
                held.fd = None


def _flock(directory: Path, deadline: float, timeout: float) -> int:
    path = directory / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                holder = _lock_holder(path)
                os.close(fd)
                raise PublishError(
                    f"another pagefacts run holds the lock on {directory} (pid {holder}); "
                    f"waited {timeout:g} s. Let it finish, or use another output directory."
                ) from None
            time.sleep(min(0.05, remaining))
            continue
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return fd


def _lock_holder(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip() or "unknown"
    except (OSError, UnicodeDecodeError):
        return "unknown"


# -- durable files --------------------------------------------------------------------------------


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, write: Callable[[IO[bytes]], None]) -> int:
    """Write ``path`` via a temporary name, fsync it, rename it; return its size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path.stat().st_size


def _write_text(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    return _write_file(path, lambda handle: handle.write(data))


def _replace_symlink(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` with one atomic rename of a fresh symlink."""
    tmp = link.parent / f"{TMP_PREFIX}{link.name}-{os.getpid()}-{time.monotonic_ns()}"
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# -- checks ---------------------------------------------------------------------------------------


def _safe_file(folder: Path, document_id: str, suffix: str) -> Path:
    """``folder/<document_id><suffix>``, refusing ids that could name another place."""
    if not isinstance(document_id, str) or not DOCUMENT_ID.fullmatch(document_id):
        raise PublishError(f"refusing to write a file for the unsafe document id {document_id!r}")
    path = folder / f"{document_id}{suffix}"
    if path.resolve().parent != folder.resolve():
        raise PublishError(f"document id {document_id!r} would escape {folder}")
    return path


def _check_layout(out_dir: Path) -> None:
    """Refuse to start when a stable entry is a real file/folder we cannot swap atomically."""
    for name in (CURRENT, *LINKS):
        entry = out_dir / name
        if entry.exists() and not entry.is_symlink():
            raise PublishError(
                f"{entry} is a real {'folder' if entry.is_dir() else 'file'}, not pagefacts' "
                f"symlink: move it away (pagefacts publishes through {out_dir / CURRENT})"
            )


def _generation_name(generations: Path, run_id: str) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", run_id).strip(".-")[:100] or "run"
    name, n = base, 1
    while (generations / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


# -- writing a generation -------------------------------------------------------------------------


#: Rows buffered per table before they are written as one Parquet row group: bounds the
#: memory of a publish (a few tens of MB of records) whatever the size of the corpus.
ROW_GROUP_ROWS = 20_000


class GenerationWriter:
    """Streams one generation's files: tables row group by row group, pages one by one.

    Memory stays flat in the number of pages: at most ``ROW_GROUP_ROWS`` records per table
    are held at a time, and each page's JSON-LD and CSL are written as they come.
    """

    def __init__(self, root: Path, store: SchemaStore, run_id: str) -> None:
        self.root = root
        self.store = store
        self.run_id = run_id
        self.missing = [name for name, kind in TABLES.items() if kind not in store.kinds]
        self._schemas: dict[str, Any] = {}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._buffers: dict[str, list[dict[str, Any]]] = {}
        self._rows: dict[str, int] = {}
        self.jsonld_files = 0
        self.csl_files = 0
        for name, kind in TABLES.items():
            if name in self.missing:
                continue
            schema = arrow_schema(store, kind)
            metadata = dict(schema.metadata or {})
            metadata[META_VERSION] = __version__.encode()
            metadata[META_RUN_ID] = run_id.encode("utf-8")
            self._schemas[name] = schema.with_metadata(metadata)
            self._buffers[name] = []
            self._rows[name] = 0
        for folder in ("parquet", "jsonld", "csl"):
            (root / folder).mkdir(parents=True, exist_ok=True)

    def _path(self, table: str) -> Path:
        return self.root / "parquet" / table / "part-0.parquet"

    def add_rows(self, table: str, records: list[dict[str, Any]]) -> None:
        """Queue rows of ``table`` (already validated against its schema)."""
        if table not in TABLES:
            raise PublishError(f"unknown table {table}; known: {', '.join(TABLES)}")
        if table in self.missing:
            if records:
                raise PublishError(
                    f"table {table}: no schema {TABLES[table]}.schema.json to publish with"
                )
            return
        buffer = self._buffers[table]
        buffer.extend(records)
        if len(buffer) >= ROW_GROUP_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        buffer = self._buffers[table]
        schema = self._schemas[table]
        try:
            arrow = to_table(buffer, schema).replace_schema_metadata(schema.metadata)
        except (ValueError, TypeError, OverflowError) as exc:
            raise PublishError(f"table {table}: {exc}") from exc
        writer = self._writers.get(table)
        if writer is None:
            self._path(table).parent.mkdir(parents=True, exist_ok=True)
            writer = self._writers[table] = pq.ParquetWriter(
                self._path(table), schema, compression=PARQUET_COMPRESSION
            )
        if arrow.num_rows or self._rows[table] == 0:
            writer.write_table(arrow)
        self._rows[table] += arrow.num_rows
        buffer.clear()

    def add_jsonld(self, document_id: str, doc: Any) -> None:
        _write_text(_safe_file(self.root / "jsonld", document_id, ".jsonld"),
                    dumps_jsonld(doc) + "\n")
        self.jsonld_files += 1

    def add_csl(self, document_id: str, items: Any) -> None:
        text = json.dumps(items, ensure_ascii=False, indent=2)
        _write_text(_safe_file(self.root / "csl", document_id, ".json"), text + "\n")
        self.csl_files += 1

    def close(self) -> dict[str, TableInfo]:
        """Finish every table (empty ones with their schema) and return what was written."""
        infos: dict[str, TableInfo] = {}
        for table in self._schemas:
            if self._buffers[table] or table not in self._writers:
                self._flush(table)
            self._writers.pop(table).close()
            path = self._path(table)
            with path.open("rb+") as handle:
                os.fsync(handle.fileno())
            os.chmod(path, 0o644)
            _fsync_dir(path.parent)
            rel = path.relative_to(self.root).as_posix()
            infos[table] = TableInfo(table, TABLES[table], rel, path.stat().st_size,
                                     self._rows[table])
        for folder in ("parquet", "jsonld", "csl"):
            _fsync_dir(self.root / folder)
        return infos

    def abort(self) -> None:
        for writer in self._writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        self._writers.clear()


def _fill_from(
    tables: Mapping[str, list[dict[str, Any]]],
    jsonld_docs: Mapping[str, Any],
    csl_docs: Mapping[str, Any],
) -> Callable[[GenerationWriter], None]:
    def fill(writer: GenerationWriter) -> None:
        for name, records in tables.items():
            writer.add_rows(name, list(records or []))
        for document_id, doc in jsonld_docs.items():
            writer.add_jsonld(document_id, doc)
        for document_id, items in csl_docs.items():
            writer.add_csl(document_id, items)

    return fill


def _write_generation(
    root: Path,
    *,
    fill: Callable[[GenerationWriter], None],
    store: SchemaStore,
    run_id: str,
    settings: Settings,
) -> tuple[dict[str, TableInfo], list[str], GenerationWriter]:
    writer = GenerationWriter(root, store, run_id)
    try:
        fill(writer)
        infos = writer.close()
    except BaseException:
        writer.abort()
        raise
    catalog = build_catalog(
        tables=infos,
        store=store,
        base_url=settings.base_url,
        run_id=run_id,
        licence=settings.licence,
        modified=datetime.now(UTC),
    )
    _write_text(root / "catalog.jsonld", dumps_jsonld(catalog) + "\n")
    _fsync_dir(root)
    return infos, writer.missing, writer


# -- cleaning -------------------------------------------------------------------------------------


def _current_generation(out_dir: Path) -> str | None:
    link = out_dir / CURRENT
    if not link.is_symlink():
        return None
    return Path(os.readlink(link)).name


def _remove_tree(generations: Path, name: str) -> None:
    """Remove a generation: first renamed to a trash name, so a half-deleted one never
    looks like a generation (and the next publish finishes the job)."""
    trash = generations / f"{TRASH_PREFIX}{name}-{os.getpid()}-{time.monotonic_ns()}"
    os.rename(generations / name, trash)
    shutil.rmtree(trash, ignore_errors=True)


def _clean_leftovers(out_dir: Path) -> list[str]:
    """Remove what crashed runs left: staging and trash folders, temporary links/files."""
    removed: list[str] = []
    generations = out_dir / GENERATIONS
    if generations.is_dir():
        for entry in generations.iterdir():
            if entry.name.startswith((STAGING_PREFIX, TRASH_PREFIX, TMP_PREFIX)):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
                removed.append(f"{GENERATIONS}/{entry.name}")
    for entry in out_dir.iterdir():
        if entry.name.startswith(TMP_PREFIX):
            entry.unlink(missing_ok=True)
            removed.append(entry.name)
    return removed


def _remove_old_generations(out_dir: Path, keep: set[str]) -> list[str]:
    generations = out_dir / GENERATIONS
    removed: list[str] = []
    for entry in sorted(generations.iterdir()):
        if entry.name in keep or entry.name.startswith("."):
            continue
        _remove_tree(generations, entry.name)
        removed.append(f"{GENERATIONS}/{entry.name}")
    return removed


def _ensure_links(out_dir: Path) -> None:
    for name in LINKS:
        link = out_dir / name
        target = f"{CURRENT}/{name}"
        if link.is_symlink() and os.readlink(link) == target:
            continue
        _replace_symlink(link, target)


@contextlib.contextmanager
def _publishing(out_dir: Path, timeout: float) -> Iterator[None]:
    """Serialise publishes to one directory between threads of this process."""
    held = _held(out_dir)
    _acquire(held.publishing, timeout, f"another thread is publishing to {out_dir}")
    try:
        yield
    finally:
        held.publishing.release()


# -- publish --------------------------------------------------------------------------------------


def publish(
    out_dir: Path,
    *,
    tables: dict[str, list[dict]],
    jsonld_docs: dict[str, dict],
    csl_docs: dict[str, list],
    store: SchemaStore,
    run_id: str,
    settings: Settings,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> PublishReport:
    """Write a new complete generation of the output and make it current atomically.

    Every table of :data:`~pagefacts.validate.TABLES` is written (empty ones with their
    schema). On any failure the new generation is discarded and the previous output stays
    current; the error is a :class:`PublishError`.
    """
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise PublishError(f"unknown table(s) {', '.join(unknown)}; known: {', '.join(TABLES)}")
    for document_id in [*jsonld_docs, *csl_docs]:
        _safe_file(Path(out_dir), document_id, ".json")  # refuse unsafe ids before writing
    return publish_stream(
        out_dir, fill=_fill_from(tables, jsonld_docs, csl_docs), store=store, run_id=run_id,
        settings=settings, lock_timeout=lock_timeout,
    )


def publish_stream(
    out_dir: Path,
    *,
    fill: Callable[[GenerationWriter], None],
    store: SchemaStore,
    run_id: str,
    settings: Settings,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> PublishReport:
    """Like :func:`publish`, but ``fill(writer)`` streams the rows and pages into the writer.

    The new generation becomes current only after ``fill`` returns and every file is
    durable; if ``fill`` raises, nothing changes for readers.
    """
    out_dir = Path(out_dir)
    with output_lock(out_dir, timeout=lock_timeout), _publishing(out_dir, lock_timeout):
        _check_layout(out_dir)
        removed = _clean_leftovers(out_dir)
        generations = out_dir / GENERATIONS
        generations.mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=generations))
        try:
            infos, missing, writer = _write_generation(
                staging, fill=fill, store=store, run_id=run_id, settings=settings,
            )
            name = _generation_name(generations, run_id)
            os.chmod(staging, 0o755)
            os.rename(staging, generations / name)
            _fsync_dir(generations)
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, PublishError) or not isinstance(exc, Exception):
                raise
            if isinstance(exc, SchemaError | OSError):
                raise PublishError(f"publishing to {out_dir} failed: {exc}") from exc
            raise PublishError(f"publishing to {out_dir} failed: {exc!r}") from exc
        previous = _current_generation(out_dir)
        _ensure_links(out_dir)
        _replace_symlink(out_dir / CURRENT, f"{GENERATIONS}/{name}")
        _fsync_dir(out_dir)
        keep = {name} | ({previous} if previous else set())
        removed += _remove_old_generations(out_dir, keep)
    return PublishReport(
        out_dir=out_dir,
        run_id=run_id,
        generation=generations / name,
        tables=infos,
        jsonld_files=writer.jsonld_files,
        csl_files=writer.csl_files,
        previous=previous,
        removed=removed,
        missing_schemas=missing,
    )
