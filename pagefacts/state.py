"""Incremental-run state kept in the output directory (``<out>/.state``).

Each page's validated result is cached under a key derived from its source path, together
with the sha256 of its bytes and the *fingerprint* of everything that shapes extraction
(extractor version, schemas, NLP model). A run re-extracts only pages whose bytes or
fingerprint changed, drops the rows of pages that disappeared, and publishes the union.
The state travels with the output directory, so it survives between runs and machines.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pagefacts import EXTRACTOR_VERSION
from pagefacts.ingest import discover_pages
from pagefacts.model import PageResult, short_hash

STATE_DIR = ".state"
INDEX_FILE = "index.json"
#: Bytes read at a time when hashing; keeps memory flat for very large files.
HASH_CHUNK = 1 << 20
#: Prefix of the temporary files written by :func:`_write_atomic` (a crash may leave some).
TMP_PREFIX = ".tmp-"
#: Bytes of an entry read to find its stamp: the stamp is written first, and a sha256 and a
#: fingerprint take ~120 bytes (source paths are not part of it).
STAMP_HEAD_BYTES = 512
_STAMP = re.compile(r'^\{"sha256": (null|"[^"\\]*"), "fingerprint": "([^"\\]*)"')


def fingerprint(*, schemas: str, spacy_model: str) -> str:
    """What, besides a page's bytes, decides its records."""
    return short_hash(EXTRACTOR_VERSION, schemas, spacy_model, length=16)


def file_sha256(path: Path, *, max_bytes: int | None = None) -> str | None:
    """sha256 of a file's bytes, streamed; None when it cannot be read (ingest will say why).

    With ``max_bytes``, a file larger than that is not read at all (None: ingest refuses it
    as too large), and reading stops as soon as it turns out larger (it grew after ``stat``).
    """
    digest = hashlib.sha256()
    seen = 0
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            return None
        with path.open("rb") as handle:
            while chunk := handle.read(HASH_CHUNK):
                seen += len(chunk)
                if max_bytes is not None and seen > max_bytes:
                    return None
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


@dataclass
class Plan:
    """What a run has to do."""

    fingerprint: str
    to_extract: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    hashes: dict[str, str | None] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.to_extract) + len(self.unchanged)

    @property
    def changed_anything(self) -> bool:
        return bool(self.to_extract or self.removed)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class StateStore:
    """Cached page results under ``<out_dir>/.state``."""

    def __init__(self, out_dir: Path | str) -> None:
        self.root = Path(out_dir) / STATE_DIR
        self.pages = self.root / "pages"

    def _entry_path(self, source_path: str) -> Path:
        return self.pages / f"{short_hash(source_path, length=24)}.json"

    def load_index(self) -> dict[str, dict[str, str | None]]:
        """source_path → {"sha256": …, "fingerprint": …} of what was last published."""
        try:
            return json.loads((self.root / INDEX_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def save_index(self, index: dict[str, dict[str, str | None]]) -> None:
        _write_atomic(self.root / INDEX_FILE, json.dumps(index, sort_keys=True).encode())

    def save(self, result: PageResult, *, sha256: str | None, fingerprint: str) -> None:
        entry = {
            "sha256": sha256, "fingerprint": fingerprint,
            "result": {
                "document_id": result.document_id, "source_path": result.source_path,
                "tables": result.tables, "rejects": result.rejects,
            },
        }
        data = json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8")
        _write_atomic(self._entry_path(result.source_path), data)

    def stamp(self, source_path: str) -> tuple[str | None, str] | None:
        """The (sha256, fingerprint) a cached entry was extracted from, or None.

        Compared with the index by :func:`plan_run`: a run killed after caching a page but
        before publishing leaves an entry newer than the index, which must not be reused.
        """
        try:
            with self._entry_path(source_path).open("rb") as handle:
                head = handle.read(STAMP_HEAD_BYTES).decode("utf-8", "replace")
        except OSError:
            return None
        match = _STAMP.match(head)
        if match is None:
            return None
        sha = None if match.group(1) == "null" else match.group(1)[1:-1]
        return sha, match.group(2)

    def clean_leftovers(self) -> list[str]:
        """Remove temporary files a crashed run left in the state folders."""
        removed: list[str] = []
        for folder in (self.root, self.pages):
            if not folder.is_dir():
                continue
            for entry in folder.iterdir():
                if entry.name.startswith(TMP_PREFIX) and entry.is_file():
                    entry.unlink(missing_ok=True)
                    removed.append(str(entry.relative_to(self.root)))
        return removed

    def load(self, source_path: str) -> PageResult | None:
        try:
            entry = json.loads(self._entry_path(source_path).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        raw = entry["result"]
        return PageResult(
            document_id=raw["document_id"], source_path=raw["source_path"],
            tables=raw["tables"], rejects=raw["rejects"],
        )

    def remove(self, source_path: str) -> None:
        self._entry_path(source_path).unlink(missing_ok=True)

    def load_all(self, source_paths: list[str]) -> Iterator[PageResult]:
        for source_path in source_paths:
            result = self.load(source_path)
            if result is not None:
                yield result


def plan_run(
    raw_dir: Path | str, state: StateStore, fp: str, *, full: bool = False,
    max_bytes: int | None = None,
) -> Plan:
    """Compare the raw directory with the state: which pages to extract, keep, or drop.

    Pages over ``max_bytes`` (the ingest limit) are not hashed: they are always planned for
    extraction, where ingest refuses them from their size alone. Called under the output
    lock, it also removes temporary files that crashed runs left in the state.
    """
    raw = Path(raw_dir)
    state.clean_leftovers()
    index = state.load_index()
    plan = Plan(fingerprint=fp)
    seen: set[str] = set()
    for ref in discover_pages(raw):
        seen.add(ref.source_path)
        inside = _resolves_inside(ref.path, raw)
        sha = file_sha256(ref.path, max_bytes=max_bytes) if inside else None
        plan.hashes[ref.source_path] = sha
        previous = index.get(ref.source_path)
        if (
            not full and sha is not None and previous is not None
            and previous.get("sha256") == sha and previous.get("fingerprint") == fp
            and state.stamp(ref.source_path) == (sha, fp)
        ):
            plan.unchanged.append(ref.source_path)
        else:
            plan.to_extract.append(ref.source_path)
    plan.removed = sorted(set(index) - seen)
    return plan


def _resolves_inside(path: Path, raw: Path) -> bool:
    try:
        return path.resolve().is_relative_to(raw.resolve())
    except OSError:
        return False
