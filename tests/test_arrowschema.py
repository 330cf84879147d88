"""Arrow schemas derived from JSON Schemas; records -> tables with real types."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pagefacts.arrowschema import LIST_ITEM, META_SCHEMA_ID, arrow_schema, to_table
from pagefacts.errors import SchemaError
from pagefacts.validate import SchemaStore

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
ID = "https://pagefacts.org/schemas/thing.schema.json"

PROPERTIES = {
    "name": {"description": "A name.", "type": "string"},
    "note": {"description": "Maybe a note.", "type": ["string", "null"]},
    "link": {"description": "A link.", "type": ["string", "null"], "format": "uri"},
    "day": {"description": "A day.", "type": ["string", "null"], "format": "date"},
    "at": {"description": "A moment.", "type": "string", "format": "date-time"},
    "count": {"description": "A count.", "type": "integer"},
    "score": {"description": "A score.", "type": ["number", "null"]},
    "flag": {"description": "A flag.", "type": "boolean"},
    "tags": {"description": "Tags.", "type": "array", "items": {"type": "string"}},
    "ids": {
        "description": "Parallel ids.",
        "type": "array",
        "items": {"type": ["string", "null"]},
    },
    "people": {
        "description": "People.",
        "type": "array",
        "items": {"$ref": "common.schema.json#/$defs/csl_name"},
    },
    "doc": {
        "description": "A document id or null.",
        "anyOf": [{"$ref": "common.schema.json#/$defs/document_id"}, {"type": "null"}],
    },
    "span": {
        "description": "A span.",
        "type": ["object", "null"],
        "additionalProperties": False,
        "required": ["start", "end"],
        "properties": {
            "start": {"description": "Start.", "type": "integer"},
            "end": {"description": "End.", "type": "integer"},
        },
    },
    "kind": {"description": "A kind.", "enum": ["a", "b"]},
}


def _store(folder: Path, properties: dict) -> SchemaStore:
    shutil.copy(SCHEMAS / "common.schema.json", folder / "common.schema.json")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ID,
        "title": "Thing",
        "description": "A test record.",
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }
    (folder / "thing.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    return SchemaStore(folder)


@pytest.fixture()
def store(tmp_path: Path) -> SchemaStore:
    return _store(tmp_path, PROPERTIES)


def _record(**changes: object) -> dict:
    record = {
        "name": "x",
        "note": None,
        "link": "https://example.org/",
        "day": "2021-04-13",
        "at": "2021-04-13T12:30:00+02:00",
        "count": 3,
        "score": 0.5,
        "flag": True,
        "tags": ["a", "b"],
        "ids": ["e1", None],
        "people": [{"family": "Roe", "given": "Jane", "literal": None}],
        "doc": "page-abc",
        "span": {"start": 1, "end": 4},
        "kind": "a",
    }
    record.update(changes)
    return record


def test_types_follow_the_readme_mapping(store: SchemaStore) -> None:
    schema = arrow_schema(store, "thing")
    expected = {
        "name": (pa.string(), False),
        "note": (pa.string(), True),
        "link": (pa.string(), True),
        "day": (pa.date32(), True),
        "at": (pa.timestamp("us", tz="UTC"), False),
        "count": (pa.int64(), False),
        "score": (pa.float64(), True),
        "flag": (pa.bool_(), False),
        "doc": (pa.string(), True),
        "kind": (pa.string(), False),
    }
    for name, (arrow_type, nullable) in expected.items():
        assert schema.field(name).type == arrow_type, name
        assert schema.field(name).nullable is nullable, name
    tags = schema.field("tags").type
    assert pa.types.is_list(tags) and tags.value_type == pa.string()
    assert tags.value_field.name == LIST_ITEM and not tags.value_field.nullable
    assert schema.field("ids").type.value_field.nullable
    people = schema.field("people").type.value_type
    assert pa.types.is_struct(people)
    names = [people.field(i).name for i in range(people.num_fields)]
    assert names == ["family", "given", "literal"]
    assert all(people.field(i).nullable for i in range(people.num_fields))
    span = schema.field("span")
    assert span.nullable and pa.types.is_struct(span.type)
    assert span.type.field("start").type == pa.int64() and not span.type.field("start").nullable


def test_descriptions_and_id_are_metadata(store: SchemaStore) -> None:
    schema = arrow_schema(store, "thing")
    assert schema.metadata[META_SCHEMA_ID] == ID.encode()
    assert schema.field("day").metadata[b"description"] == b"A day."
    # a $ref'd struct's fields keep the shared definition's descriptions
    family = schema.field("people").type.value_type.field("family")
    assert family.metadata[b"description"] == b"Family name of a person."
    # the property's own description wins over the referenced one
    assert schema.field("doc").metadata[b"description"] == b"A document id or null."


def test_to_table_converts_iso_strings(store: SchemaStore) -> None:
    schema = arrow_schema(store, "thing")
    table = to_table([_record(), _record(day=None, span=None, tags=[])], schema)
    assert table.schema == schema
    rows = table.to_pylist()
    assert rows[0]["day"] == date(2021, 4, 13)
    assert rows[0]["at"] == datetime(2021, 4, 13, 10, 30, tzinfo=UTC)  # +02:00 -> UTC
    assert rows[0]["people"] == [{"family": "Roe", "given": "Jane", "literal": None}]
    assert rows[1]["day"] is None and rows[1]["span"] is None and rows[1]["tags"] == []


def test_empty_records_give_an_empty_table_with_the_schema(store: SchemaStore) -> None:
    schema = arrow_schema(store, "thing")
    table = to_table([], schema)
    assert table.num_rows == 0 and table.schema == schema


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (_record(name=None), r"\$\[1\]\.name: null in a non-nullable field"),
        (_record(extra=1), "unknown field"),
        ({k: v for k, v in _record().items() if k != "count"}, "missing field 'count'"),
        (_record(at="2021-04-13T12:30:00"), "needs a UTC offset"),
        (_record(day="13/04/2021"), r"\$\[1\]\.day: '13/04/2021' is not an ISO date32"),
        (_record(people=[{"family": "Roe"}]), r"people\[0\]: missing field 'given'"),
        (_record(tags="a"), "expected a list"),
    ],
)
def test_to_table_refuses_bad_records(store: SchemaStore, record: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        to_table([_record(), record], arrow_schema(store, "thing"))


def test_parquet_round_trip_keeps_the_derived_schema(store: SchemaStore, tmp_path: Path) -> None:
    schema = arrow_schema(store, "thing")
    path = tmp_path / "t.parquet"
    pq.write_table(to_table([_record()], schema), path, compression="zstd")
    back = pq.read_table(path)
    assert back.schema.equals(schema, check_metadata=False)
    assert back.schema.metadata[META_SCHEMA_ID] == ID.encode()


@pytest.mark.parametrize(
    ("prop", "message"),
    [
        ({"description": "free", "type": "object"}, "free-form object"),
        ({"description": "either", "type": ["string", "integer"]}, "no single Arrow type"),
        (
            {"description": "two", "anyOf": [{"type": "string"}, {"type": "integer"}]},
            "non-null branches",
        ),
        ({"description": "untyped"}, "without a type"),
        ({"description": "tuple", "type": "array"}, "single 'items'"),
    ],
)
def test_unmappable_schemas_are_schema_errors(tmp_path: Path, prop: dict, message: str) -> None:
    store = _store(tmp_path, {"x": prop})
    with pytest.raises(SchemaError, match=message):
        arrow_schema(store, "thing")


def test_integer_or_number_maps_to_float(tmp_path: Path) -> None:
    store = _store(tmp_path, {"x": {"description": "n", "type": ["integer", "number", "null"]}})
    field = arrow_schema(store, "thing").field("x")
    assert field.type == pa.float64() and field.nullable


def test_reject_schema_types(tmp_path: Path) -> None:
    schema = arrow_schema(SchemaStore(SCHEMAS), "reject")
    assert schema.field("rejected_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("document_id").nullable and not schema.field("source_path").nullable
    errors = schema.field("errors").type
    assert pa.types.is_list(errors) and pa.types.is_struct(errors.value_type)
    assert errors.value_type.names == ["path", "validator", "message"]


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(),
    tags=st.lists(st.text(), max_size=5),
    count=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    day=st.dates(),
    # RFC 3339 offsets are whole minutes (LMT offsets such as -00:16:08 are rightly refused)
    moment=st.datetimes(
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
        )
    ),
)
def test_values_round_trip(
    store: SchemaStore, name: str, tags: list[str], count: int, day: date, moment: datetime
) -> None:
    record = _record(name=name, tags=tags, count=count, day=day.isoformat(),
                     at=moment.isoformat())
    assert store.validate("thing", record) == []
    (row,) = to_table([record], arrow_schema(store, "thing")).to_pylist()
    assert (row["name"], row["tags"], row["count"], row["day"]) == (name, tags, count, day)
    assert row["at"] == moment and row["at"].utcoffset() == timedelta(0)
