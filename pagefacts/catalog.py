"""The data catalog of a publication: DCAT 3 and schema.org in one JSON-LD document.

One ``dcat:Catalog`` (also a ``schema:DataCatalog``) with one ``dcat:Dataset`` per table, each
also typed ``schema:Dataset``, so DCAT harvesters (DCAT-AP, CKAN's ckanext-dcat) and schema.org
consumers (Google Dataset Search) read the same file. The context is the shipped
``contexts/dcat.jsonld``, inlined so the file is self-contained: no processor has to fetch it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from pagefacts.jsonld import load_context

if TYPE_CHECKING:
    from pagefacts.validate import SchemaStore

#: IANA media type of Apache Parquet (registered 2024), as the IRI DCAT expects.
PARQUET_MEDIA_TYPE = "application/vnd.apache.parquet"
PARQUET_MEDIA_TYPE_IRI = f"https://www.iana.org/assignments/media-types/{PARQUET_MEDIA_TYPE}"


@dataclass(frozen=True)
class TableInfo:
    """One published table: its schema kind and its Parquet file (path relative to out_dir)."""

    name: str
    kind: str
    path: str  # e.g. "parquet/documents/part-0.parquet"
    byte_size: int
    row_count: int

    @property
    def directory(self) -> str:
        return self.path.rsplit("/", 1)[0] + "/" if "/" in self.path else ""


def _url(base_url: str, path: str) -> str:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return urljoin(base, quote(path, safe="/-._~"))


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("modified must be timezone-aware")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _columns(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "@type": "schema:PropertyValue",
            "schema:name": name,
            "schema:description": prop.get("description", ""),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def _dataset(
    info: TableInfo,
    store: SchemaStore,
    *,
    base_url: str,
    catalog_iri: str,
    run_id: str,
    licence: str,
    modified: str,
) -> dict[str, Any]:
    schema = store.schema(info.kind)
    title = f"pagefacts {info.name}"
    description = schema.get("description") or schema.get("title") or info.name
    download = _url(base_url, info.path)
    access = _url(base_url, info.directory)
    distribution = {
        "@id": f"{download}#distribution",
        "@type": ["dcat:Distribution", "schema:DataDownload"],
        "dct:title": f"{info.name} (Parquet)",
        "dcat:accessURL": access,
        "dcat:downloadURL": download,
        "dcat:mediaType": PARQUET_MEDIA_TYPE_IRI,
        "dcat:byteSize": info.byte_size,
        "dct:conformsTo": store.schema_id(info.kind),
        "dct:license": licence,
        "schema:contentUrl": download,
        "schema:encodingFormat": PARQUET_MEDIA_TYPE,
        "schema:contentSize": f"{info.byte_size} B",
    }
    return {
        "@id": access,
        "@type": ["dcat:Dataset", "schema:Dataset"],
        "dct:identifier": info.name,
        "dct:title": title,
        "schema:name": title,
        "dct:description": description,
        "schema:description": description,
        "dct:conformsTo": store.schema_id(info.kind),
        "dct:modified": modified,
        "schema:dateModified": modified,
        "dct:license": licence,
        "schema:license": licence,
        "schema:version": run_id,
        "schema:includedInDataCatalog": {"@id": catalog_iri},
        "dcat:distribution": [distribution],
        "schema:distribution": [distribution],
        "schema:variableMeasured": _columns(schema),
    }


def build_catalog(
    *,
    tables: Mapping[str, TableInfo],
    store: SchemaStore,
    base_url: str,
    run_id: str,
    licence: str,
    modified: datetime,
) -> dict[str, Any]:
    """The catalog (a JSON-LD dict) describing the published ``tables``."""
    when = _iso(modified)
    catalog_iri = _url(base_url, "catalog.jsonld")
    datasets = [
        _dataset(
            tables[name],
            store,
            base_url=base_url,
            catalog_iri=catalog_iri,
            run_id=run_id,
            licence=licence,
            modified=when,
        )
        for name in sorted(tables)
    ]
    title = "pagefacts datasets"
    description = (
        "Structured data extracted from analysis and commentary pages: article metadata, "
        "citations, quotations with their speakers, and named entities, as Parquet tables."
    )
    return {
        "@context": load_context("dcat.jsonld")["@context"],
        "@id": catalog_iri,
        "@type": ["dcat:Catalog", "schema:DataCatalog"],
        "dct:title": title,
        "schema:name": title,
        "dct:description": description,
        "schema:description": description,
        "dct:modified": when,
        "dct:license": licence,
        "schema:version": run_id,
        "dcat:dataset": datasets,
        "schema:dataset": datasets,
    }
