"""Arrow schemas derived from the JSON Schemas (one source of truth), and records -> tables.

Mapping (see ``schemas/README.md``): ``string`` -> string (``format: date`` -> date32,
``format: date-time`` -> timestamp[us, tz=UTC]); ``integer`` -> int64; ``number`` -> float64;
``boolean`` -> bool; ``array`` -> list; ``object`` with ``properties`` -> struct. A field is
nullable exactly when its type admits ``null`` (``["string", "null"]``, or an ``anyOf`` /
``oneOf`` with a ``{"type": "null"}`` branch). ``$ref`` is resolved through the store's
registry. Each field carries its ``description`` as metadata; the schema carries the ``$id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

import pyarrow as pa

from pagefacts.errors import SchemaError

if TYPE_CHECKING:
    from pagefacts.validate import SchemaStore

#: Schema-level metadata keys written into every table (and so into every Parquet file).
META_SCHEMA_ID = b"pagefacts.schema_id"
META_SCHEMA_TITLE = b"pagefacts.schema_title"
#: Field-level metadata key holding the JSON Schema description.
META_DESCRIPTION = b"description"

#: Arrow's name for a list's item; Parquet's compliant nested type calls it "element",
#: so using it here makes a written-and-read-back schema equal to the derived one.
LIST_ITEM = "element"

_SCALARS: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
}
_FORMATS: dict[str, pa.DataType] = {
    "date": pa.date32(),
    "date-time": pa.timestamp("us", tz="UTC"),
}


@dataclass(frozen=True)
class _Node:
    """A schema node with its ``$ref``s resolved, and the base URI to resolve nested ones."""

    schema: Mapping[str, Any]
    base_uri: str


def arrow_schema(store: SchemaStore, kind: str) -> pa.Schema:
    """The Arrow schema of the ``kind`` records, derived from ``schemas/<kind>.schema.json``."""
    schema = store.schema(kind)
    root = _Node(schema, schema["$id"])
    if _types(store, root)[0] != {"object"} or "properties" not in schema:
        raise SchemaError(f"{kind}: a record schema must be an object with properties")
    fields = _struct_fields(store, root, kind)
    metadata = {META_SCHEMA_ID: schema["$id"].encode("utf-8")}
    if schema.get("title"):
        metadata[META_SCHEMA_TITLE] = str(schema["title"]).encode("utf-8")
    return pa.schema(fields, metadata=metadata)


def _resolve(store: SchemaStore, node: _Node) -> _Node:
    """Follow ``$ref`` (keeping sibling keywords such as ``description``, which win)."""
    seen: set[tuple[str, str]] = set()
    while "$ref" in node.schema:
        ref = node.schema["$ref"]
        if (ref, node.base_uri) in seen:
            raise SchemaError(f"$ref cycle at {ref!r}: cannot map to a finite Arrow type")
        seen.add((ref, node.base_uri))
        contents = store.resolve(ref, base_uri=node.base_uri)
        target_uri = urldefrag(urljoin(node.base_uri, ref)).url  # the resource it lives in
        siblings = {k: v for k, v in node.schema.items() if k != "$ref"}
        node = _Node({**contents, **siblings}, target_uri)
    return node


def _types(store: SchemaStore, node: _Node) -> tuple[set[str], bool, _Node]:
    """(non-null JSON types, nullable, the node giving the non-null shape)."""
    node = _resolve(store, node)
    schema = node.schema
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            branches = [_resolve(store, _Node(b, node.base_uri)) for b in schema[combinator]]
            nullable = any(_is_null(b.schema) for b in branches)
            rest = [b for b in branches if not _is_null(b.schema)]
            if len(rest) != 1:
                raise SchemaError(
                    f"{combinator} with {len(rest)} non-null branches has no single Arrow type"
                )
            types, inner_nullable, shape = _types(store, rest[0])
            description = schema.get("description") or shape.schema.get("description")
            shape = _Node({**shape.schema, "description": description}, shape.base_uri)
            return types, nullable or inner_nullable, shape
    declared = schema.get("type")
    if declared is None and "const" in schema:
        declared = _json_type(schema["const"])
    if declared is None and "enum" in schema:
        declared = sorted({_json_type(value) for value in schema["enum"]})
    if declared is None:
        raise SchemaError(f"schema node without a type: {dict(schema)!r:.200}")
    names = {declared} if isinstance(declared, str) else set(declared)
    return names - {"null"}, "null" in names, node


def _is_null(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "null" or schema.get("const", 0) is None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    raise SchemaError(f"cannot type the constant {value!r}")


def _field(store: SchemaStore, name: str, node: _Node, where: str) -> pa.Field:
    types, nullable, shape = _types(store, node)
    arrow_type = _arrow_type(store, types, shape, where)
    description = shape.schema.get("description") or node.schema.get("description")
    metadata = {META_DESCRIPTION: str(description).encode("utf-8")} if description else None
    return pa.field(name, arrow_type, nullable=nullable, metadata=metadata)


def _arrow_type(store: SchemaStore, types: set[str], node: _Node, where: str) -> pa.DataType:
    if types == {"integer", "number"}:
        return pa.float64()
    if len(types) != 1:
        raise SchemaError(f"{where}: types {sorted(types)} have no single Arrow type")
    (json_type,) = types
    schema = node.schema
    if json_type == "string":
        return _FORMATS.get(schema.get("format", ""), pa.string())
    if json_type in _SCALARS:
        return _SCALARS[json_type]
    if json_type == "array":
        items = schema.get("items")
        if not isinstance(items, Mapping):
            raise SchemaError(f"{where}: an array needs a single 'items' schema")
        item = _field(store, LIST_ITEM, _Node(items, node.base_uri), f"{where}[]")
        return pa.list_(item)
    if json_type == "object":
        if "properties" not in schema:
            raise SchemaError(
                f"{where}: a free-form object has no Arrow type; store it as a JSON string"
            )
        return pa.struct(_struct_fields(store, node, where))
    raise SchemaError(f"{where}: unsupported JSON type {json_type!r}")


def _struct_fields(store: SchemaStore, node: _Node, where: str) -> list[pa.Field]:
    properties = node.schema["properties"]
    return [
        _field(store, name, _Node(sub, node.base_uri), f"{where}.{name}")
        for name, sub in properties.items()
    ]


# -- records -> table ---------------------------------------------------------------------------


def to_table(records: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """A table of ``records`` (JSON-like dicts) with exactly ``schema``.

    ISO strings become dates and UTC datetimes; a missing key, an unknown key or a null in a
    non-nullable field is a ``ValueError`` naming the record and the field (records are
    validated before they get here, so this is a last guard, not a filter).
    """
    converted = [
        _convert_struct(record, list(schema), f"$[{index}]") for index, record in enumerate(records)
    ]
    if not converted:
        return schema.empty_table()
    return pa.Table.from_pylist(converted, schema=schema)


def _convert_struct(record: Any, fields: list[pa.Field], where: str) -> dict[str, Any]:
    if not isinstance(record, Mapping):
        raise ValueError(f"{where}: expected an object, got {type(record).__name__}")
    names = {f.name for f in fields}
    unknown = sorted(set(record) - names)
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")
    out: dict[str, Any] = {}
    for f in fields:
        if f.name not in record:
            raise ValueError(f"{where}: missing field {f.name!r}")
        out[f.name] = _convert(record[f.name], f, f"{where}.{f.name}")
    return out


def _convert(value: Any, f: pa.Field, where: str) -> Any:
    if value is None:
        if not f.nullable:
            raise ValueError(f"{where}: null in a non-nullable field")
        return None
    t = f.type
    if pa.types.is_date32(t) or pa.types.is_timestamp(t):
        try:
            if pa.types.is_timestamp(t):
                return _to_utc(value)
            return value if isinstance(value, date) else date.fromisoformat(value)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{where}: {value!r} is not an ISO {t}: {exc}") from None
    if pa.types.is_list(t):
        if not isinstance(value, list | tuple):
            raise ValueError(f"{where}: expected a list, got {type(value).__name__}")
        item = t.value_field
        return [_convert(v, item, f"{where}[{i}]") for i, v in enumerate(value)]
    if pa.types.is_struct(t):
        return _convert_struct(value, list(t), where)
    return value


def _to_utc(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a date-time needs a UTC offset")
    return moment.astimezone(UTC)
