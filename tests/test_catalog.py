"""The DCAT 3 / schema.org catalog: right IRIs, offline expansion, rdflib parsing."""

from __future__ import annotations

import json
import shutil
import socket
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pyld import jsonld as pyld_jsonld
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from pagefacts.catalog import PARQUET_MEDIA_TYPE, PARQUET_MEDIA_TYPE_IRI, TableInfo, build_catalog
from pagefacts.jsonld import dumps_jsonld, expand
from pagefacts.validate import SchemaStore

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SDO = Namespace("https://schema.org/")
BASE = "https://data.example.org/pagefacts/"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("catalog processing tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture()
def store(tmp_path: Path) -> SchemaStore:
    shutil.copy(SCHEMAS / "common.schema.json", tmp_path)
    shutil.copy(SCHEMAS / "reject.schema.json", tmp_path)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://pagefacts.org/schemas/document.schema.json",
        "title": "Document",
        "description": "One row per page.",
        "type": "object",
        "additionalProperties": False,
        "required": ["document_id", "title"],
        "properties": {
            "document_id": {"description": "Stable id of the page.", "type": "string"},
            "title": {"description": "Title of the page.", "type": ["string", "null"]},
        },
    }
    (tmp_path / "document.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    return SchemaStore(tmp_path)


TABLES = {
    "documents": TableInfo("documents", "document", "parquet/documents/part-0.parquet", 4321, 2),
    "rejects": TableInfo("rejects", "reject", "parquet/rejects/part-0.parquet", 987, 0),
}


def _catalog(store: SchemaStore, base_url: str = BASE) -> dict:
    return build_catalog(
        tables=TABLES, store=store, base_url=base_url, run_id="run-7", licence=LICENCE,
        modified=WHEN,
    )


def _graph(catalog: dict) -> Graph:
    return Graph().parse(data=dumps_jsonld(catalog), format="json-ld")


def test_dcat_structure_and_iris(store: SchemaStore) -> None:
    graph = _graph(_catalog(store))
    catalog = URIRef(f"{BASE}catalog.jsonld")
    assert (catalog, RDF.type, DCAT.Catalog) in graph
    assert (catalog, RDF.type, SDO.DataCatalog) in graph
    assert (catalog, DCT.title, None) in graph and (catalog, DCT.description, None) in graph
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert datasets == {URIRef(f"{BASE}parquet/documents/"), URIRef(f"{BASE}parquet/rejects/")}
    documents = URIRef(f"{BASE}parquet/documents/")
    assert (documents, RDF.type, DCAT.Dataset) in graph
    assert (documents, RDF.type, SDO.Dataset) in graph
    assert (documents, DCT.title, Literal("pagefacts documents")) in graph
    assert (documents, DCT.description, Literal("One row per page.")) in graph
    assert (
        documents, DCT.conformsTo, URIRef("https://pagefacts.org/schemas/document.schema.json")
    ) in graph
    assert (documents, DCT.license, URIRef(LICENCE)) in graph
    modified = Literal("2024-05-01T12:00:00Z", datatype=XSD.dateTime)
    assert (documents, DCT.modified, modified) in graph
    (dist,) = graph.objects(documents, DCAT.distribution)
    assert (dist, RDF.type, DCAT.Distribution) in graph
    download = URIRef(f"{BASE}parquet/documents/part-0.parquet")
    assert (dist, DCAT.downloadURL, download) in graph
    assert (dist, DCAT.accessURL, documents) in graph
    assert (dist, DCAT.mediaType, URIRef(PARQUET_MEDIA_TYPE_IRI)) in graph
    assert PARQUET_MEDIA_TYPE_IRI.endswith("/application/vnd.apache.parquet")
    size = next(graph.objects(dist, DCAT.byteSize))
    assert size.datatype == XSD.nonNegativeInteger and size.toPython() == 4321


def test_schema_org_view(store: SchemaStore) -> None:
    graph = _graph(_catalog(store))
    documents = URIRef(f"{BASE}parquet/documents/")
    (download,) = graph.objects(documents, SDO.distribution)
    assert (download, RDF.type, SDO.DataDownload) in graph
    assert (download, SDO.contentUrl, URIRef(f"{BASE}parquet/documents/part-0.parquet")) in graph
    assert (download, SDO.encodingFormat, Literal(PARQUET_MEDIA_TYPE)) in graph
    columns = {
        str(graph.value(node, SDO.name)): str(graph.value(node, SDO.description))
        for node in graph.objects(documents, SDO.variableMeasured)
    }
    assert columns == {"document_id": "Stable id of the page.", "title": "Title of the page."}
    rejects = URIRef(f"{BASE}parquet/rejects/")
    names = {str(graph.value(n, SDO.name)) for n in graph.objects(rejects, SDO.variableMeasured)}
    assert names == set(store.schema("reject")["properties"])
    assert (documents, SDO.name, Literal("pagefacts documents")) in graph


def test_expands_offline_with_the_shipped_context(store: SchemaStore) -> None:
    catalog = _catalog(store)
    assert isinstance(catalog["@context"], dict)  # inlined: no processor has to fetch it
    expanded = expand(catalog)
    plain = pyld_jsonld.expand(json.loads(json.dumps(catalog)))  # needs no loader at all
    assert plain == expanded
    (root,) = expanded
    assert set(root["@type"]) == {
        "http://www.w3.org/ns/dcat#Catalog", "https://schema.org/DataCatalog"
    }
    dataset = root["http://www.w3.org/ns/dcat#dataset"][0]
    assert "http://www.w3.org/ns/dcat#Dataset" in dataset["@type"]
    assert "https://schema.org/Dataset" in dataset["@type"]
    for key in (
        "http://purl.org/dc/terms/conformsTo",
        "http://purl.org/dc/terms/title",
        "http://purl.org/dc/terms/modified",
        "http://www.w3.org/ns/dcat#distribution",
        "https://schema.org/distribution",
        "https://schema.org/variableMeasured",
    ):
        assert key in dataset, key


def test_base_url_without_slash_and_other_timezones(store: SchemaStore) -> None:
    catalog = build_catalog(
        tables=TABLES, store=store, base_url=BASE.rstrip("/"), run_id="r", licence=LICENCE,
        modified=WHEN.astimezone(timezone(timedelta(hours=2))),
    )
    assert catalog["@id"] == f"{BASE}catalog.jsonld"
    assert catalog["dct:modified"] == "2024-05-01T12:00:00Z"


def test_naive_modified_is_refused(store: SchemaStore) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        build_catalog(
            tables=TABLES, store=store, base_url=BASE, run_id="r", licence=LICENCE,
            modified=datetime(2024, 5, 1),
        )


def test_empty_catalog_is_still_valid(store: SchemaStore) -> None:
    catalog = build_catalog(
        tables={}, store=store, base_url=BASE, run_id="r", licence=LICENCE, modified=WHEN
    )
    graph = _graph(catalog)
    assert (URIRef(f"{BASE}catalog.jsonld"), RDF.type, DCAT.Catalog) in graph
    assert not list(graph.subjects(RDF.type, DCAT.Dataset))
