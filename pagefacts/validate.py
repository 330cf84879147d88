"""Schema registry and record validation.

Every ``schemas/<kind>.schema.json`` is loaded into a :class:`referencing.Registry` keyed by its
``$id``, so ``{"$ref": "common.schema.json#/$defs/csl_name"}`` resolves relative to the
referring schema's ``$id``. Nothing is ever fetched: a ``$ref`` the registry does not hold is a
:class:`~pagefacts.errors.SchemaError` when the store is built. Formats (``date``,
``date-time``, ``uri``, ``email``) are asserted by a real ``FormatChecker``.

Validation errors are data (:class:`ValidationIssue`), ready for the ``rejects`` table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import referencing.exceptions
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError as JsonSchemaError
from jsonschema.exceptions import ValidationError as JsonSchemaValidationError
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from pagefacts.errors import SchemaError

#: Published table name -> the schema kind of its records.
TABLES: dict[str, str] = {
    "documents": "document",
    "citations": "citation",
    "citation_markers": "citation_marker",
    "quotes": "quote",
    "entities": "entity",
    "mentions": "mention",
    "rejects": "reject",
}

SCHEMA_SUFFIX = ".schema.json"

#: Formats the schemas may use; each must have a real checker installed
#: (``uri`` and ``date-time`` come with the ``jsonschema[format]`` extras).
CHECKED_FORMATS = ("date", "date-time", "uri", "email")


@dataclass(frozen=True)
class ValidationIssue:
    """One validation error of a record: where, which rule, and what is wrong."""

    path: str  # JSON path such as "$.author[0].family"
    validator: str  # the schema keyword that failed (type, format, required …)
    message: str

    def to_record(self) -> dict[str, str]:
        return {"path": self.path, "validator": self.validator, "message": self.message}

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.validator}]"


def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    missing = [name for name in CHECKED_FORMATS if name not in checker.checkers]
    if missing:
        raise SchemaError(
            f"format(s) {', '.join(missing)} cannot be checked: install jsonschema[format]",
        )
    return checker


class SchemaStore:
    """All record schemas of a ``schemas/`` folder, checked and resolvable offline."""

    def __init__(self, schemas_dir: Path | str) -> None:
        self.schemas_dir = Path(schemas_dir)
        if not self.schemas_dir.is_dir():
            raise SchemaError(f"schema folder {self.schemas_dir} does not exist")
        self._files: dict[str, Path] = {}
        self._schemas: dict[str, dict[str, Any]] = {}
        for path in sorted(self.schemas_dir.glob(f"*{SCHEMA_SUFFIX}")):
            name = path.name[: -len(SCHEMA_SUFFIX)]
            self._files[name] = path
            self._schemas[name] = _load_schema(path)
        resources = [
            (schema["$id"], Resource(contents=schema, specification=DRAFT202012))
            for schema in self._schemas.values()
        ]
        # No ``retrieve`` callable: an unknown URI raises instead of being fetched.
        self.registry: Registry = Registry().with_resources(resources).crawl()
        self._format_checker = _format_checker()
        for name, schema in self._schemas.items():
            self._check_refs(self._files[name].name, schema)

    # -- lookup -------------------------------------------------------------------------------

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        """Record kinds: schema files describing a record (``common`` only holds ``$defs``)."""
        return tuple(
            name for name, schema in self._schemas.items() if "properties" in schema
        )

    def schema(self, kind: str) -> dict[str, Any]:
        try:
            return self._schemas[kind]
        except KeyError:
            raise SchemaError(
                f"no schema for kind {kind!r} in {self.schemas_dir} "
                f"(known: {', '.join(sorted(self._schemas))})"
            ) from None

    def schema_id(self, kind: str) -> str:
        return str(self.schema(kind)["$id"])

    def resolve(self, ref: str, *, base_uri: str) -> dict[str, Any]:
        """The schema a ``$ref`` points at, resolved from ``base_uri`` (offline)."""
        try:
            return self.registry.resolver(base_uri=base_uri).lookup(ref).contents
        except referencing.exceptions.Unresolvable as exc:
            raise SchemaError(f"cannot resolve $ref {ref!r} from {base_uri}: {exc}") from exc

    # -- validation ---------------------------------------------------------------------------

    def validator(self, kind: str) -> Draft202012Validator:
        cache: dict[str, Draft202012Validator] = self.__dict__.setdefault("_validators", {})
        if kind not in cache:
            cache[kind] = Draft202012Validator(
                self.schema(kind), registry=self.registry, format_checker=self._format_checker
            )
        return cache[kind]

    def validate(self, kind: str, record: Mapping[str, Any]) -> list[ValidationIssue]:
        """Every error of ``record`` against the ``kind`` schema (empty when it is valid)."""
        errors = self.validator(kind).iter_errors(record)
        issues = [
            ValidationIssue(path=err.json_path, validator=str(err.validator), message=_message(err))
            for err in errors
        ]
        return sorted(issues, key=lambda issue: (issue.path, issue.validator, issue.message))

    def is_valid(self, kind: str, record: Mapping[str, Any]) -> bool:
        return self.validator(kind).is_valid(record)

    def fingerprint(self) -> str:
        """A hash of every schema file (name and bytes): changes when any schema changes."""
        digest = hashlib.sha256()
        for name in sorted(self._files):
            digest.update(name.encode("utf-8") + b"\0")
            digest.update(self._files[name].read_bytes() + b"\0")
        return digest.hexdigest()

    # -- checks -------------------------------------------------------------------------------

    def _check_refs(self, file_name: str, schema: dict[str, Any]) -> None:
        base = schema["$id"]
        for ref in _refs(schema):
            try:
                self.registry.resolver(base_uri=base).lookup(ref)
            except referencing.exceptions.Unresolvable as exc:
                raise SchemaError(
                    f"{file_name}: $ref {ref!r} does not resolve to a local schema ({exc})"
                ) from exc


def _message(error: JsonSchemaValidationError) -> str:
    """The error's message; for ``anyOf``/``oneOf`` also the most telling branch failure."""
    if not error.context:
        return error.message
    # A ``type`` mismatch against the null branch says nothing; prefer the other branches.
    telling = [sub for sub in error.context if sub.validator != "type"] or list(error.context)
    return f"{error.message}: {best_match(telling).message}"


def _load_schema(path: Path) -> dict[str, Any]:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SchemaError(f"{path.name}: cannot read schema: {exc}") from exc
    if not isinstance(schema, dict):
        raise SchemaError(f"{path.name}: a schema must be a JSON object")
    try:
        Draft202012Validator.check_schema(schema)
    except JsonSchemaError as exc:
        where = "/".join(str(part) for part in exc.path) or "(top level)"
        raise SchemaError(f"{path.name}: invalid schema at {where}: {exc.message}") from exc
    if not isinstance(schema.get("$id"), str):
        raise SchemaError(f"{path.name}: the schema has no $id")
    return schema


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key not in ("const", "enum", "default", "examples"):
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


# -- rejects ------------------------------------------------------------------------------------


def _issue_record(error: ValidationIssue | Mapping[str, Any]) -> dict[str, str]:
    if isinstance(error, ValidationIssue):
        return error.to_record()
    return {
        "path": str(error.get("path", "$")),
        "validator": str(error.get("validator", "")),
        "message": str(error.get("message", "")),
    }


def make_reject(
    *,
    run_id: str,
    stage: str,
    reason: str,
    message: str,
    source_path: str,
    document_id: str | None = None,
    record: Any = None,
    errors: Iterable[ValidationIssue | Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A ``rejects`` row: the failing page/record, the stage, the reason and every error.

    ``record`` (any JSON-like value) is stored as a JSON string so the table keeps one column
    type whatever was rejected; ``reject_id`` is a stable hash of what was rejected and why.
    """
    record_json = (
        None if record is None else json.dumps(record, default=str, ensure_ascii=False)
    )
    error_records = [_issue_record(error) for error in errors]
    key = json.dumps(
        [run_id, stage, reason, source_path, document_id, record_json, message, error_records],
        ensure_ascii=False,
        sort_keys=True,
    )
    return {
        "reject_id": hashlib.sha256(key.encode("utf-8")).hexdigest()[:24],
        "run_id": run_id,
        "document_id": document_id,
        "source_path": source_path,
        "stage": stage,
        "reason": reason,
        "message": message,
        "record": record_json,
        "errors": error_records,
        "rejected_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
    }


def _files_signature(schemas_dir: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (path.name, path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(Path(schemas_dir).glob("*.schema.json"))
    )


_STORES: dict[tuple[str, tuple[tuple[str, int, int], ...]], SchemaStore] = {}


def load_store(schemas_dir: Path | str) -> SchemaStore:
    """A :class:`SchemaStore` shared by every page of a process (reloaded if a file changes).

    Loading and checking the schemas takes tens of milliseconds and each store compiles its
    validators on first use, so per-page stages must not build their own.
    """
    key = (str(Path(schemas_dir).resolve()), _files_signature(Path(schemas_dir)))
    store = _STORES.get(key)
    if store is None:
        store = _STORES[key] = SchemaStore(schemas_dir)
    return store
