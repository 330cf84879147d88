"""A page as a schema.org JSON-LD graph, and offline JSON-LD processing.

Page documents use the conventional ``"@context": "https://schema.org"``. That context cannot
be fetched offline (nor from many servers), so pagefacts ships a small local context
(``contexts/schemaorg.jsonld``: ``@vocab`` https://schema.org/ plus the typed terms used here)
and :func:`local_document_loader` serves it to pyld for every schema.org context URL while
refusing any other remote URL. :func:`inline_context` swaps the URL for the shipped context
for processors that take no loader (rdflib).

Node ``@id``s: entities are ``<base_url>entities/<entity_id>`` (shared by the page's
``mentions``, quotation creators, citation authors and other pages); everything else of a page
is a fragment of ``<base_url>jsonld/<document_id>.jsonld`` (``#article``, ``#note-3-0``,
``#quote-120-180`` …), the fragments of the record ids.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from pagefacts.model import short_hash
from pagefacts.vocab.jsonld import (
    BLOG_CUES,
    CSL_CONTAINER,
    CSL_NOT_A_WORK,
    CSL_TO_SCHEMA,
    ENTITY_TO_SCHEMA,
    PERIODICAL_TYPES,
    SPEAKER_TO_SCHEMA,
)

SCHEMA_CONTEXT_URL = "https://schema.org"
#: Where the catalog's context would live; the loader serves the shipped copy for it.
DCAT_CONTEXT_URL = "https://pagefacts.org/contexts/dcat.jsonld"

_SCHEMA_ORG_URLS = frozenset(
    f"{scheme}://schema.org{path}"
    for scheme in ("http", "https")
    for path in ("", "/", "/docs/jsonldcontext.jsonld", "/docs/jsonldcontext.json")
)
_CONTEXT_FILES = {url: "schemaorg.jsonld" for url in _SCHEMA_ORG_URLS} | {
    DCAT_CONTEXT_URL: "dcat.jsonld"
}

DocumentLoader = Callable[[str, Any], dict[str, Any]]


# -- contexts and offline processing -------------------------------------------------------------


@cache
def _context_text(file_name: str) -> str:
    return resources.files("pagefacts").joinpath("contexts", file_name).read_text("utf-8")


def load_context(file_name: str) -> dict[str, Any]:
    """A shipped context document (``{"@context": {...}}``), as a fresh dict."""
    return json.loads(_context_text(file_name))


def local_document_loader() -> DocumentLoader:
    """A pyld document loader serving the shipped contexts; any other URL is refused."""
    from pyld.jsonld import JsonLdError

    def load(url: str, options: Any = None) -> dict[str, Any]:
        file_name = _CONTEXT_FILES.get(url)
        if file_name is None:
            raise JsonLdError(
                f"pagefacts works offline: refusing to fetch {url!r} "
                f"(only the shipped contexts for {', '.join(sorted(_CONTEXT_FILES))} are served)",
                "jsonld.LoadDocumentError",
                code="loading document failed",
            )
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": load_context(file_name),
            "contentType": "application/ld+json",
        }

    return load


def inline_context(doc: Mapping[str, Any]) -> dict[str, Any]:
    """``doc`` with a shipped context's URL replaced by the context itself (for rdflib)."""

    def swap(ctx: Any) -> Any:
        if isinstance(ctx, str) and ctx in _CONTEXT_FILES:
            return load_context(_CONTEXT_FILES[ctx])["@context"]
        if isinstance(ctx, list):
            return [swap(item) for item in ctx]
        return ctx

    out = copy.deepcopy(dict(doc))
    if "@context" in out:
        out["@context"] = swap(out["@context"])
    return out


def expand(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """pyld expansion of ``doc`` with the local loader (never touches the network)."""
    from pyld import jsonld

    return jsonld.expand(copy.deepcopy(dict(doc)), {"documentLoader": local_document_loader()})


def to_rdf_graph(doc: Mapping[str, Any]):  # -> rdflib.Graph (imported lazily)
    """``doc`` parsed by rdflib, offline (its context inlined)."""
    from rdflib import Graph

    return Graph().parse(data=json.dumps(inline_context(doc)), format="json-ld")


_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def dumps_jsonld(obj: Any, *, indent: int | None = 2) -> str:
    """JSON text safe to embed in ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, so escaping them as ``\\u003c``
    etc. keeps the same JSON value while making ``</script>`` impossible in the output.
    """
    return json.dumps(obj, ensure_ascii=False, indent=indent).translate(_SCRIPT_SAFE)


# -- ids ------------------------------------------------------------------------------------------


def _is_web_url(value: Any) -> bool:
    """An absolute http(s) URL without spaces or quotes (safe to use as an IRI)."""
    if not isinstance(value, str) or any(c in value for c in ' \t\n"<>{}|\\^`'):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class _Ids:
    """IRIs of the nodes of one page."""

    def __init__(self, base_url: str, document_id: str) -> None:
        base = base_url if base_url.endswith("/") else base_url + "/"
        self.base = base
        self.document_id = document_id
        self.page = urljoin(base, f"jsonld/{quote(document_id, safe='')}.jsonld")

    def local(self, record_id: str) -> str:
        """The IRI of a page record id such as ``<document_id>#note-3-0``."""
        prefix = self.document_id + "#"
        fragment = record_id[len(prefix) :] if record_id.startswith(prefix) else record_id
        return f"{self.page}#{quote(fragment, safe='-._~')}"

    def entity(self, entity_id: str) -> str:
        return urljoin(self.base, f"entities/{quote(entity_id, safe='')}")


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` without null / empty values (absent facts are left out, never invented)."""
    return {k: v for k, v in node.items() if v is not None and v != [] and v != ""}


# -- entities -------------------------------------------------------------------------------------


class _Entities:
    """The page's entities as nodes, findable by id or by a name or alias."""

    def __init__(
        self, ids: _Ids, page_entities: Iterable[Mapping[str, Any]], mentions: Iterable[Mapping]
    ) -> None:
        self.ids = ids
        self.by_id: dict[str, Mapping[str, Any]] = {}
        self.first_seen: dict[str, int] = {}
        for entity in page_entities:
            self.by_id.setdefault(entity["entity_id"], entity)
        for mention in mentions:
            entity_id = mention["entity_id"]
            start = mention.get("start") or 0
            self.first_seen[entity_id] = min(self.first_seen.get(entity_id, start), start)
            if entity_id not in self.by_id:  # a mention of an entity the page list lacks
                self.by_id[entity_id] = {
                    "entity_id": entity_id,
                    "name": mention["text"],
                    "type": mention.get("type"),
                    "aliases": [],
                }
        self.by_name: dict[tuple[str, str], str] = {}
        for entity_id, entity in self.by_id.items():
            for name in [entity.get("name"), *(entity.get("aliases") or [])]:
                if name:
                    self.by_name.setdefault((name.casefold(), entity.get("type") or ""), entity_id)

    def find(self, name: str | None, entity_type: str) -> str | None:
        if not name:
            return None
        return self.by_name.get((name.casefold(), entity_type))

    def node(self, entity_id: str, fallback_type: str = "Thing", name: str | None = None) -> dict:
        entity = self.by_id.get(entity_id)
        if entity is None:
            iri = self.ids.entity(entity_id)
            return _compact({"@id": iri, "@type": fallback_type, "name": name})
        canonical = entity.get("name")
        aliases = sorted({a for a in entity.get("aliases") or [] if a and a != canonical})
        schema_type = ENTITY_TO_SCHEMA.get(entity.get("type") or "", fallback_type)
        return _compact(
            {
                "@id": self.ids.entity(entity_id),
                "@type": schema_type,
                "name": canonical,
                "alternateName": aliases,
            }
        )

    def all_nodes(self) -> list[dict]:
        order = sorted(
            self.by_id, key=lambda eid: (self.first_seen.get(eid, 1 << 62), self.by_id[eid]["name"])
        )
        return [self.node(entity_id) for entity_id in order]


def _agent(
    entities: _Entities,
    *,
    name: str | None,
    entity_id: str | None,
    schema_type: str,
    local_iri: str,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A Person/Organization node: the shared entity node when linked, else a local one."""
    label = "PERSON" if schema_type == "Person" else "ORG"
    entity_id = entity_id or entities.find(name, label)
    if entity_id:
        return entities.node(entity_id, schema_type, name)
    return _compact({"@id": local_iri, "@type": schema_type, "name": name, **(extra or {})})


# -- citations ------------------------------------------------------------------------------------


def _csl_agent(
    entities: _Entities, csl: Mapping[str, Any], entity_id: str | None, local_iri: str
) -> dict[str, Any]:
    family, given, literal = csl.get("family"), csl.get("given"), csl.get("literal")
    if family or given:
        name = " ".join(part for part in (given, family) if part)
        extra = {"givenName": given, "familyName": family}
        return _agent(
            entities,
            name=name,
            entity_id=entity_id,
            schema_type="Person",
            local_iri=local_iri,
            extra=extra,
        )
    known = entities.by_id.get(entity_id or "")
    schema_type = "Person" if known and known.get("type") == "PERSON" else "Organization"
    return _agent(
        entities, name=literal, entity_id=entity_id, schema_type=schema_type, local_iri=local_iri
    )


def _container(citation: Mapping[str, Any]) -> dict[str, Any] | None:
    csl_type = citation.get("type") or ""
    title = citation.get("container_title")
    container_type = CSL_CONTAINER.get(csl_type, "CreativeWork")
    if not title:
        return None
    node: dict[str, Any] = {"@type": container_type, "name": title}
    if container_type in PERIODICAL_TYPES:
        if citation.get("volume"):
            volume = citation["volume"]
            node = {"@type": "PublicationVolume", "volumeNumber": volume, "isPartOf": node}
        if citation.get("issue"):
            issue = citation["issue"]
            node = {"@type": "PublicationIssue", "issueNumber": issue, "isPartOf": node}
    return node


def _citation_node(
    citation: Mapping[str, Any], ids: _Ids, entities: _Entities
) -> dict[str, Any]:
    iri = ids.local(citation["citation_id"])
    entity_ids = list(citation.get("author_entity_ids") or [])
    authors = [
        _csl_agent(
            entities,
            name,
            entity_ids[i] if i < len(entity_ids) else None,
            f"{iri}-author-{i}",
        )
        for i, name in enumerate(citation.get("author") or [])
    ]
    editors = [
        _csl_agent(entities, name, None, f"{iri}-editor-{i}")
        for i, name in enumerate(citation.get("editor") or [])
    ]
    publisher = None
    if citation.get("publisher"):
        place = citation.get("publisher_place")
        publisher = _compact(
            {
                "@type": "Organization",
                "name": citation["publisher"],
                "location": {"@type": "Place", "name": place} if place else None,
            }
        )
    doi = citation.get("doi")
    return _compact(
        {
            "@id": iri,
            "@type": CSL_TO_SCHEMA.get(citation.get("type") or "", "CreativeWork"),
            "name": citation.get("title"),
            "author": authors,
            "editor": editors,
            "isPartOf": _container(citation),
            "datePublished": citation.get("issued"),
            "publisher": publisher,
            "url": citation["url"] if _is_web_url(citation.get("url")) else None,
            "pagination": citation.get("page"),
            "sameAs": f"https://doi.org/{quote(doi, safe='/:;()._-')}" if doi else None,
            "identifier": (
                {"@type": "PropertyValue", "propertyID": "DOI", "value": doi} if doi else None
            ),
            "description": citation.get("raw"),
        }
    )


# -- the page -------------------------------------------------------------------------------------


def _article_type(document: Mapping[str, Any]) -> str:
    haystack = " ".join(str(document.get(k) or "") for k in ("source_url", "publisher")).lower()
    return "BlogPosting" if any(cue in haystack for cue in BLOG_CUES) else "Article"


def _quotation_node(
    quote_record: Mapping[str, Any],
    ids: _Ids,
    entities: _Entities,
    work_iri: Mapping[str, str],
) -> dict[str, Any]:
    creator = None
    speaker = quote_record.get("speaker")
    if speaker or quote_record.get("speaker_entity_id"):
        schema_type = SPEAKER_TO_SCHEMA.get(quote_record.get("speaker_type") or "", "Person")
        creator = _agent(
            entities,
            name=speaker,
            entity_id=quote_record.get("speaker_entity_id"),
            schema_type=schema_type,
            local_iri=f"{ids.page}#speaker-{short_hash(speaker or '')}",
        )
    based_on = work_iri.get(quote_record.get("citation_id") or "")
    return _compact(
        {
            "@id": ids.local(quote_record["quote_id"]),
            "@type": "Quotation",
            "text": quote_record["text"],
            "creator": creator,
            "isBasedOn": {"@id": based_on} if based_on else None,
            "position": quote_record.get("start"),
        }
    )


def page_graph(
    document: Mapping[str, Any],
    *,
    citations: Iterable[Mapping[str, Any]] = (),
    quotes: Iterable[Mapping[str, Any]] = (),
    page_entities: Iterable[Mapping[str, Any]] = (),
    mentions: Iterable[Mapping[str, Any]] = (),
    base_url: str,
) -> dict[str, Any]:
    """The page as a schema.org ``Article``/``BlogPosting`` with its citations, entities and
    quotations (records as in ``schemas/``; everything but ``document`` is optional)."""
    ids = _Ids(base_url, document["document_id"])
    entities = _Entities(ids, page_entities, mentions)
    source_url = document.get("source_url")
    article_iri = source_url if _is_web_url(source_url) else f"{ids.page}#article"

    citations = list(citations)
    by_id = {c["citation_id"]: c for c in citations}
    work_iri: dict[str, str] = {}
    works: list[dict[str, Any]] = []
    for citation in citations:
        target = citation
        seen: set[str] = set()
        while target.get("ibid_of") in by_id and target["citation_id"] not in seen:
            seen.add(target["citation_id"])
            target = by_id[target["ibid_of"]]
        if (target.get("type") or "") in CSL_NOT_A_WORK:
            continue
        work_iri[citation["citation_id"]] = ids.local(target["citation_id"])
        if target is citation:
            works.append(_citation_node(citation, ids, entities))

    authors = [
        _agent(
            entities,
            name=name,
            entity_id=None,
            schema_type="Person",
            local_iri=f"{ids.page}#author-{i}",
        )
        for i, name in enumerate(document.get("authors") or [])
    ]
    publisher = None
    if document.get("publisher"):
        publisher = _agent(
            entities,
            name=document["publisher"],
            entity_id=None,
            schema_type="Organization",
            local_iri=f"{ids.page}#publisher",
        )
    categories = list(document.get("categories") or [])
    reading = document.get("reading_time_minutes")
    quotations = [
        _quotation_node(q, ids, entities, work_iri) for q in quotes if q.get("is_quotation")
    ]
    return _compact(
        {
            "@context": SCHEMA_CONTEXT_URL,
            "@id": article_iri,
            "@type": _article_type(document),
            "identifier": document["document_id"],
            "headline": document.get("title"),
            "name": document.get("title"),
            "author": authors,
            "datePublished": document.get("date_published"),
            "dateModified": document.get("date_modified"),
            "publisher": publisher,
            "about": [{"@type": "Thing", "name": c} for c in categories],
            "keywords": categories,
            "abstract": "\n".join(document.get("summary") or []),
            "wordCount": document.get("word_count"),
            "timeRequired": f"PT{reading}M" if isinstance(reading, int) else None,
            "commentCount": document.get("comment_count"),
            "inLanguage": document.get("language"),
            "url": article_iri if _is_web_url(source_url) else None,
            "citation": works,
            "mentions": entities.all_nodes(),
            "hasPart": quotations,
        }
    )
