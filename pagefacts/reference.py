"""Generate the table reference (docs/tables.md) from the JSON Schemas, the single source of truth.

``python -m pagefacts.reference > docs/tables.md``; a test fails when the file is stale.
"""

from __future__ import annotations

import sys
from typing import Any

import pyarrow as pa

from pagefacts.arrowschema import arrow_schema
from pagefacts.settings import Settings
from pagefacts.validate import TABLES, SchemaStore

HEADER = """# Tables

Generated from `schemas/*.schema.json` by `python -m pagefacts.reference`; do not edit by hand.
Each table is a Parquet dataset under `output/parquet/<table>/`. Offsets (`start`, `end`, …)
are code-point indices into the page text after decoding, NFC normalisation and `\\n` newlines.
"""


def _arrow_type(field: pa.Field) -> str:
    text = str(field.type)
    return text if len(text) <= 60 else text[:57] + "..."


def _description(schema: dict[str, Any]) -> str:
    return " ".join(str(schema.get("description", "")).split()).replace("|", "\\|")


def table_markdown(store: SchemaStore, table: str, kind: str) -> str:
    schema = store.schema(kind)
    arrow = arrow_schema(store, kind)
    lines = [
        f"## `{table}`", "", _description(schema), "",
        f"Schema: `schemas/{kind}.schema.json` (`{schema['$id']}`)", "",
        "| column | type | null | description |", "| --- | --- | --- | --- |",
    ]
    for field in arrow:
        prop = schema["properties"][field.name]
        null = "yes" if field.nullable else "no"
        lines.append(
            f"| `{field.name}` | `{_arrow_type(field)}` | {null} | {_description(prop)} |"
        )
    return "\n".join(lines) + "\n"


def reference(store: SchemaStore) -> str:
    parts = [HEADER]
    parts.extend(table_markdown(store, table, kind) for table, kind in TABLES.items())
    return "\n".join(parts)


def main() -> None:
    sys.stdout.write(reference(SchemaStore(Settings().schemas_dir)))


if __name__ == "__main__":
    main()
