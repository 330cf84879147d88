"""SchemaStore: offline $ref resolution, real format checks, errors as data; make_reject."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest

from pagefacts.errors import SchemaError
from pagefacts.validate import TABLES, SchemaStore, ValidationIssue, make_reject

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
BASE = "https://pagefacts.org/schemas/"


def _schema(kind: str, properties: dict, **extra: object) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}{kind}.schema.json",
        "title": kind,
        "description": f"test schema {kind}",
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
        **extra,
    }


def _write(folder: Path, kind: str, schema: dict) -> None:
    (folder / f"{kind}.schema.json").write_text(json.dumps(schema), encoding="utf-8")


@pytest.fixture()
def store_dir(tmp_path: Path) -> Path:
    """A schema folder with the real common.schema.json and a small 'work' schema."""
    shutil.copy(SCHEMAS / "common.schema.json", tmp_path / "common.schema.json")
    _write(
        tmp_path,
        "work",
        _schema(
            "work",
            {
                "title": {"description": "t", "type": "string"},
                "url": {"description": "u", "type": ["string", "null"], "format": "uri"},
                "issued": {"description": "d", "type": ["string", "null"], "format": "date"},
                "seen_at": {"description": "s", "type": "string", "format": "date-time"},
                "author": {
                    "description": "a",
                    "type": "array",
                    "items": {"$ref": "common.schema.json#/$defs/csl_name"},
                },
            },
        ),
    )
    return tmp_path


def _work(**changes: object) -> dict:
    record = {
        "title": "A work",
        "url": "https://example.org/a?b=1#c",
        "issued": "2021-04-13",
        "seen_at": "2021-04-13T10:00:00Z",
        "author": [{"family": "Roe", "given": "Jane", "literal": None}],
    }
    record.update(changes)
    return record


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the schema store tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_valid_record_has_no_issues(store_dir: Path) -> None:
    store = SchemaStore(store_dir)
    assert store.kinds == ("work",)  # common only holds $defs
    assert store.validate("work", _work()) == []
    assert store.is_valid("work", _work())


def test_bad_uri_is_rejected(store_dir: Path) -> None:
    store = SchemaStore(store_dir)
    for bad in ("not a uri", "http://exa mple.org/", "//no-scheme.org/x"):
        issues = store.validate("work", _work(url=bad))
        assert [(i.path, i.validator) for i in issues] == [("$.url", "format")], bad


def test_bad_dates_are_rejected(store_dir: Path) -> None:
    store = SchemaStore(store_dir)
    for bad in ("2021-02-30", "13/04/2021", "2021-4-13", "20210413", "April 2021"):
        issues = store.validate("work", _work(issued=bad))
        assert [(i.path, i.validator) for i in issues] == [("$.issued", "format")], bad
    for bad in ("2021-04-13", "2021-04-13T10:00:00", "yesterday"):
        issues = store.validate("work", _work(seen_at=bad))
        assert [(i.path, i.validator) for i in issues] == [("$.seen_at", "format")], bad


def test_nested_ref_errors_have_json_paths(store_dir: Path) -> None:
    store = SchemaStore(store_dir)
    record = _work(author=[{"family": "Roe", "given": "Jane", "literal": None}, {"family": 3}])
    issues = store.validate("work", record)
    paths = {(i.path, i.validator) for i in issues}
    assert ("$.author[1].family", "type") in paths
    assert ("$.author[1]", "required") in paths
    assert all(isinstance(i, ValidationIssue) for i in issues)
    assert issues[0].to_record().keys() == {"path", "validator", "message"}


def test_missing_and_extra_fields_are_named(store_dir: Path) -> None:
    store = SchemaStore(store_dir)
    record = _work(extra=1)
    del record["title"]
    messages = " | ".join(i.message for i in store.validate("work", record))
    assert "'title' is a required property" in messages
    assert "'extra' was unexpected" in messages


def test_remote_ref_is_refused_not_fetched(store_dir: Path, no_network: None) -> None:
    _write(
        store_dir,
        "remote",
        _schema("remote", {"x": {"description": "x", "$ref": "https://example.com/x.json"}}),
    )
    with pytest.raises(SchemaError, match=r"remote\.schema\.json.*does not resolve"):
        SchemaStore(store_dir)


def test_dangling_local_ref_is_a_schema_error(store_dir: Path) -> None:
    _write(
        store_dir,
        "dangling",
        _schema("dangling", {"x": {"description": "x", "$ref": "common.schema.json#/$defs/nope"}}),
    )
    with pytest.raises(SchemaError, match=r"dangling\.schema\.json"):
        SchemaStore(store_dir)


def test_malformed_schema_names_the_file(store_dir: Path) -> None:
    _write(store_dir, "broken", _schema("broken", {"x": {"description": "x", "type": "strin"}}))
    with pytest.raises(SchemaError, match=r"broken\.schema\.json: invalid schema"):
        SchemaStore(store_dir)
    (store_dir / "broken.schema.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"broken\.schema\.json: cannot read"):
        SchemaStore(store_dir)


def test_unknown_kind_and_missing_folder(store_dir: Path, tmp_path: Path) -> None:
    store = SchemaStore(store_dir)
    with pytest.raises(SchemaError, match="no schema for kind 'nope'"):
        store.schema("nope")
    with pytest.raises(SchemaError, match="does not exist"):
        SchemaStore(tmp_path / "absent")


def test_fingerprint_tracks_every_schema_file(store_dir: Path) -> None:
    first = SchemaStore(store_dir).fingerprint()
    assert SchemaStore(store_dir).fingerprint() == first
    common = store_dir / "common.schema.json"
    common.write_text(common.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert SchemaStore(store_dir).fingerprint() != first


def test_real_schemas_load_and_tables_map_to_kinds() -> None:
    store = SchemaStore(SCHEMAS)
    assert "reject" in store.kinds
    assert "common" not in store.kinds
    assert TABLES["rejects"] == "reject"
    assert set(TABLES) == {
        "documents", "citations", "citation_markers", "quotes", "entities", "mentions", "rejects"
    }
    assert store.schema_id("reject") == f"{BASE}reject.schema.json"


def test_make_reject_validates_and_is_stable() -> None:
    store = SchemaStore(SCHEMAS)
    issue = ValidationIssue("$.title", "type", "3 is not of type 'string'")
    kwargs = dict(
        run_id="run-1",
        stage="validate",
        reason="invalid-citation",
        message="1 schema error",
        source_path="dir/page one.txt",
        document_id="dir-page-one-abc123",
        record={"title": 3, "when": Path("x")},  # not JSON-native: serialised with str()
        errors=[issue, {"path": "$", "validator": "required", "message": "m"}],
    )
    reject = make_reject(**kwargs)
    assert store.validate("reject", reject) == []
    assert json.loads(reject["record"]) == {"title": 3, "when": "x"}
    assert reject["errors"][0] == issue.to_record()
    assert make_reject(**kwargs)["reject_id"] == reject["reject_id"]
    assert make_reject(**{**kwargs, "reason": "other"})["reject_id"] != reject["reject_id"]


def test_page_reject_without_document_or_record() -> None:
    store = SchemaStore(SCHEMAS)
    reject = make_reject(
        run_id="r", stage="ingest", reason="binary-file", message="binary", source_path="x.txt"
    )
    assert reject["document_id"] is None and reject["record"] is None and reject["errors"] == []
    assert store.validate("reject", reject) == []
    bad = {**reject, "document_id": "../escape", "rejected_at": "now"}
    assert {i.path for i in store.validate("reject", bad)} == {"$.document_id", "$.rejected_at"}


def test_load_store_is_shared_until_a_schema_file_changes(tmp_path: Path) -> None:
    import json
    import os
    import shutil

    from pagefacts.validate import load_store

    schemas = tmp_path / "schemas"
    shutil.copytree(Path(__file__).resolve().parent.parent / "schemas", schemas)
    first = load_store(schemas)
    assert load_store(schemas) is first
    before = first.fingerprint()
    path = schemas / "quote.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    schema["title"] = "Quotation (edited)"
    path.write_text(json.dumps(schema), "utf-8")
    os.utime(path, ns=(1, 1))
    second = load_store(schemas)
    assert second is not first and second.fingerprint() != before
