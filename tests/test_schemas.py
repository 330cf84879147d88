"""Conventions every schemas/*.schema.json follows (see schemas/README.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from pagefacts.arrowschema import arrow_schema
from pagefacts.validate import SchemaStore

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
FILES = sorted(SCHEMAS.glob("*.schema.json"))
ALLOWED_FORMATS = {"date", "date-time", "uri", "email"}
DRAFT = "https://json-schema.org/draft/2020-12/schema"


@pytest.fixture(scope="module")
def store() -> SchemaStore:
    return SchemaStore(SCHEMAS)


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _resolve(store: SchemaStore, node: dict[str, Any], base: str) -> dict[str, Any]:
    while "$ref" in node:
        target = store.resolve(node["$ref"], base_uri=base)
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _properties(
    store: SchemaStore, node: dict[str, Any], base: str, where: str
) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(path, the property as written, the property with $ref resolved), recursively."""
    node = _resolve(store, node, base)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, []):
            yield from _properties(store, branch, base, where)
    if "items" in node:
        yield from _properties(store, node["items"], base, f"{where}[]")
    for name, prop in node.get("properties", {}).items():
        yield f"{where}.{name}", prop, _resolve(store, prop, base)
        yield from _properties(store, prop, base, f"{where}.{name}")


def _objects(store: SchemaStore, node: Any, base: str, where: str) -> Iterator[tuple[str, dict]]:
    """Every object-with-properties schema reachable from ``node`` (refs followed)."""
    if isinstance(node, dict):
        node = _resolve(store, node, base)
        if "properties" in node:
            yield where, node
        for key, value in node.items():
            if key in ("const", "enum", "examples", "default", "description"):
                continue
            yield from _objects(store, value, base, f"{where}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _objects(store, item, base, f"{where}/{i}")


def _formats(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("format"), str):
            yield node["format"]
        for key, value in node.items():
            if key not in ("const", "enum", "examples", "default"):
                yield from _formats(value)
    elif isinstance(node, list):
        for item in node:
            yield from _formats(item)


def test_schema_files_exist() -> None:
    names = {path.name for path in FILES}
    assert {"common.schema.json", "reject.schema.json"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_header(path: Path) -> None:
    schema = _load(path)
    kind = path.name.removesuffix(".schema.json")
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT
    assert schema["$id"] == f"https://pagefacts.org/schemas/{kind}.schema.json"
    assert isinstance(schema.get("title"), str) and schema["title"].strip()
    assert isinstance(schema.get("description"), str) and schema["description"].strip()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_record_schemas_are_closed_objects(path: Path) -> None:
    schema = _load(path)
    if "properties" not in schema:
        assert "$defs" in schema, "a schema without properties must be a $defs library"
        return
    assert schema["type"] == "object"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_object_is_closed_and_fully_required(path: Path, store: SchemaStore) -> None:
    schema = _load(path)
    objects = list(_objects(store, schema, schema["$id"], "#"))
    if "properties" in schema:
        assert objects, "a record schema has at least its top-level object"
    for where, node in objects:
        assert node.get("additionalProperties") is False, f"{path.name} {where}"
        assert sorted(node.get("required", [])) == sorted(node["properties"]), (
            f"{path.name} {where}: every property must be required (null when absent)"
        )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_property_has_a_description(path: Path, store: SchemaStore) -> None:
    schema = _load(path)
    roots = [schema, *schema.get("$defs", {}).values()]
    for root in roots:
        for where, _written, resolved in _properties(store, root, schema["$id"], "$"):
            description = resolved.get("description")
            assert isinstance(description, str) and description.strip(), (
                f"{path.name}: property {where} has no description"
            )
    for name, definition in schema.get("$defs", {}).items():
        assert definition.get("description"), f"{path.name}: $defs/{name} has no description"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_only_checked_formats(path: Path) -> None:
    used = set(_formats(_load(path)))
    assert used <= ALLOWED_FORMATS, f"{path.name} uses unchecked formats {used - ALLOWED_FORMATS}"


def test_every_record_schema_derives_an_arrow_schema(store: SchemaStore) -> None:
    for kind in store.kinds:
        schema = arrow_schema(store, kind)
        assert schema.names == list(store.schema(kind)["properties"]), kind


def test_convention_checks_catch_violations(store: SchemaStore) -> None:
    """The walkers above really see nested problems (so the tests above can fail)."""
    bad = {
        "$id": "https://pagefacts.org/schemas/reject.schema.json",
        "type": "object",
        "properties": {
            "a": {
                "description": "a",
                "type": "array",
                "items": {"type": "object", "properties": {"b": {"type": "string"}}},
            }
        },
    }
    nested = [node for _, node in _objects(store, bad, bad["$id"], "#")]
    assert len(nested) == 2 and "additionalProperties" not in nested[1]
    walked = _properties(store, bad, bad["$id"], "$")
    undescribed = [where for where, _, prop in walked if not prop.get("description")]
    assert undescribed == ["$.a[].b"]
    assert list(_formats({"properties": {"x": {"format": "ipv4"}}})) == ["ipv4"]
