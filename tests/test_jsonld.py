"""Page graphs: schema.org JSON-LD that pyld expands and rdflib parses offline."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ScriptTexts
from hypothesis import given, settings
from hypothesis import strategies as st
from pyld.jsonld import JsonLdError
from rdflib import RDF, Namespace, URIRef

from pagefacts.jsonld import (
    dumps_jsonld,
    expand,
    inline_context,
    load_context,
    local_document_loader,
    page_graph,
    to_rdf_graph,
)

SDO = Namespace("https://schema.org/")
BASE = "https://data.example.org/pagefacts/"
DOC_ID = "blog-2021-04-13-post-ab12cd"
HOSTILE = "Comrades </script><script>alert(1)</script> & “friends” \u2028 <b>"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("JSON-LD processing tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _name(family: str | None, given: str | None, literal: str | None = None) -> dict:
    return {"family": family, "given": given, "literal": literal}


def _citation(note: int, work: int = 0, **fields: Any) -> dict[str, Any]:
    record = {
        "citation_id": f"{DOC_ID}#note-{note}-{work}",
        "document_id": DOC_ID,
        "note_number": note,
        "work_index": work,
        "type": "book",
        "author": [],
        "editor": [],
        "title": None,
        "container_title": None,
        "publisher": None,
        "publisher_place": None,
        "volume": None,
        "issue": None,
        "page": None,
        "issued": None,
        "accessed": None,
        "url": None,
        "doi": None,
        "prefix": None,
        "ibid_of": None,
        "raw": f"raw text of note {note}",
        "note_raw": f"raw text of note {note}",
        "start": 0,
        "end": 1,
        "note_start": 0,
        "note_end": 1,
        "issues": [],
        "author_entity_ids": [],
    }
    record.update(fields)
    return record


DOCUMENT: dict[str, Any] = {
    "document_id": DOC_ID,
    "source_path": "blog/post.txt",
    "source_url": "https://blogs.example.ac.uk/region/2021/04/13/post/",
    "title": "Two Leaders and a Partnership",
    "authors": ["Ann Author"],
    "date_published": "2021-04-13",
    "date_modified": "2021-04-14",
    "publisher": "Example University Blog",
    "categories": ["Diplomacy", "Security"],
    "reading_time_minutes": 12,
    "comment_count": 1,
    "summary": ["First point.", "Second point."],
    "word_count": 2345,
    "language": "en",
}

ENTITIES = [
    {"entity_id": "person-ann-author", "name": "Ann Author", "type": "PERSON",
     "aliases": ["Ann Author", "Author"], "roles": ["author"], "mention_count": 1},
    {"entity_id": "person-bob-speaker", "name": "Bob Speaker", "type": "PERSON",
     "aliases": ["Speaker", "Mr Speaker"], "roles": ["quoted", "cited-author"], "mention_count": 3},
    {"entity_id": "org-think-tank", "name": "Think Tank Institute", "type": "ORG",
     "aliases": ["TTI"], "roles": ["mentioned"], "mention_count": 2},
    {"entity_id": "gpe-ruritania", "name": "Ruritania", "type": "GPE",
     "aliases": [], "roles": ["mentioned"], "mention_count": 5},
]
MENTIONS = [
    {"mention_id": f"{DOC_ID}#mention-50-57", "entity_id": "gpe-ruritania", "text": "Ruritania",
     "start": 50, "end": 59, "type": "GPE"},
    {"mention_id": f"{DOC_ID}#mention-90-93", "entity_id": "org-think-tank", "text": "TTI",
     "start": 90, "end": 93, "type": "ORG"},
    {"mention_id": f"{DOC_ID}#mention-10-17", "entity_id": "person-unlisted", "text": "Cy Extra",
     "start": 10, "end": 17, "type": "PERSON"},
]
CITATIONS = [
    _citation(
        1,
        type="article-journal",
        author=[_name("Speaker", "Bob"), _name(None, None, "Think Tank Institute")],
        author_entity_ids=["person-bob-speaker", "org-think-tank"],
        title="Partnership or Convenience?",
        container_title="Journal of Partnerships",
        volume="12",
        issue="3",
        page="45-67",
        issued="2019-05",
        doi="10.1234/jp.2019.3",
        url="https://journal.example.org/articles/45",
    ),
    _citation(2, type="note", raw="An explanatory aside that cites nothing."),
    _citation(3, ibid_of=f"{DOC_ID}#note-1-0", page="50"),
    _citation(
        4,
        type="chapter",
        author=[_name("Writer", "Wendy")],
        editor=[_name("Editor", "Ed")],
        title="A Chapter",
        container_title="The Edited Book",
        publisher="University Press",
        publisher_place="Oxford",
        issued="2015",
        url="https://example.org/truncated link with spaces",
    ),
    _citation(5, type="article-newspaper", title="News Story", container_title="Daily Paper",
              issued="2021-03-01"),
]
QUOTES = [
    {"quote_id": f"{DOC_ID}#quote-120-160", "document_id": DOC_ID, "text": "We are partners",
     "start": 120, "end": 160, "parts": [{"start": 120, "end": 160}], "kind": "inline",
     "is_quotation": True, "speaker": "Bob Speaker", "speaker_type": "PERSON",
     "speaker_span": "Speaker", "speaker_start": 100, "speaker_end": 107,
     "speaker_entity_id": "person-bob-speaker", "cue": "said", "evidence": "Speaker said",
     "confidence": 0.9, "note_number": 3, "citation_id": f"{DOC_ID}#note-3-0", "section": None},
    {"quote_id": f"{DOC_ID}#quote-300-320", "document_id": DOC_ID, "text": HOSTILE,
     "start": 300, "end": 320, "parts": [{"start": 300, "end": 320}], "kind": "inline",
     "is_quotation": True, "speaker": "The Ministry", "speaker_type": "ORG",
     "speaker_span": "the ministry", "speaker_start": 280, "speaker_end": 292,
     "speaker_entity_id": None, "cue": "stated", "evidence": None, "confidence": 0.7,
     "note_number": None, "citation_id": None, "section": "Background"},
    {"quote_id": f"{DOC_ID}#quote-400-410", "document_id": DOC_ID, "text": "convenient",
     "start": 400, "end": 410, "parts": [{"start": 400, "end": 410}], "kind": "term",
     "is_quotation": False, "speaker": None, "speaker_type": None, "speaker_span": None,
     "speaker_start": None, "speaker_end": None, "speaker_entity_id": None, "cue": None,
     "evidence": None, "confidence": 0.8, "note_number": None, "citation_id": None,
     "section": None},
]


def _full_graph(**changes: Any) -> dict[str, Any]:
    document = {**DOCUMENT, **changes}
    return page_graph(
        document,
        citations=CITATIONS,
        quotes=QUOTES,
        page_entities=ENTITIES,
        mentions=MENTIONS,
        base_url=BASE,
    )


def _iris(node: Any) -> Iterator[str]:
    """Every property and type IRI of an expanded document."""
    if isinstance(node, list):
        for item in node:
            yield from _iris(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type" and "@value" not in node:
                yield from value
            elif not key.startswith("@"):
                yield key
            if key != "@value":
                yield from _iris(value)


def test_graph_expands_offline_to_schema_org_iris() -> None:
    expanded = expand(_full_graph())
    iris = set(_iris(expanded))
    assert all(iri.startswith("https://schema.org/") for iri in iris), iris
    used = {
        "BlogPosting", "headline", "author", "Person", "datePublished", "dateModified",
        "publisher", "Organization", "about", "keywords", "wordCount", "inLanguage", "url",
        "citation", "ScholarlyArticle", "Chapter", "NewsArticle", "Book", "isPartOf",
        "Periodical", "PublicationVolume", "PublicationIssue", "volumeNumber", "issueNumber",
        "pagination", "editor", "mentions", "Place", "alternateName", "hasPart", "Quotation",
        "text", "creator", "isBasedOn", "position", "name", "abstract", "timeRequired",
        "commentCount", "identifier", "sameAs",
    }
    assert {f"https://schema.org/{term}" for term in used} <= iris
    article = expanded[0]
    assert article["@id"] == DOCUMENT["source_url"]
    assert article["https://schema.org/datePublished"] == [
        {"@type": "https://schema.org/Date", "@value": "2021-04-13"}
    ]


def test_graph_parses_with_rdflib_and_shares_entity_nodes() -> None:
    graph = to_rdf_graph(_full_graph())
    article = URIRef(DOCUMENT["source_url"])
    assert (article, RDF.type, SDO.BlogPosting) in graph
    bob = URIRef(f"{BASE}entities/person-bob-speaker")
    # the quote's creator, the cited author and the mentioned person are one node
    quote = URIRef(f"{BASE}jsonld/{DOC_ID}.jsonld#quote-120-160")
    work = URIRef(f"{BASE}jsonld/{DOC_ID}.jsonld#note-1-0")
    assert (quote, SDO.creator, bob) in graph
    assert (work, SDO.author, bob) in graph
    assert (article, SDO.mentions, bob) in graph
    assert set(graph.objects(bob, RDF.type)) == {SDO.Person}
    assert {str(n) for n in graph.objects(bob, SDO.alternateName)} == {"Speaker", "Mr Speaker"}
    # the organisation cited as an author is the mentioned organisation
    tti = URIRef(f"{BASE}entities/org-think-tank")
    assert (work, SDO.author, tti) in graph and (tti, RDF.type, SDO.Organization) in graph
    # the page author is the author entity
    assert (article, SDO.author, URIRef(f"{BASE}entities/person-ann-author")) in graph
    # ibid (note 3) points at note 1's work, which is listed once
    assert (quote, SDO.isBasedOn, work) in graph
    cited = set(graph.objects(article, SDO.citation))
    assert len(cited) == 3  # notes 1, 4, 5: note 2 cites nothing, note 3 is ibid of 1
    assert str(next(graph.objects(quote, SDO.text))) == "We are partners"
    assert next(graph.objects(quote, SDO.position)).toPython() == 120


def test_quotations_only_for_real_quotations_with_typed_creators() -> None:
    graph = _full_graph()
    parts = graph["hasPart"]
    assert [p["text"] for p in parts] == ["We are partners", HOSTILE]  # the term is left out
    ministry = parts[1]["creator"]
    assert ministry["@type"] == "Organization" and ministry["name"] == "The Ministry"
    assert "isBasedOn" not in parts[1]


def test_citation_fields() -> None:
    works = {w["@id"].rsplit("#", 1)[1]: w for w in _full_graph()["citation"]}
    assert set(works) == {"note-1-0", "note-4-0", "note-5-0"}
    journal = works["note-1-0"]
    assert journal["@type"] == "ScholarlyArticle"
    assert journal["datePublished"] == "2019-05" and journal["pagination"] == "45-67"
    issue = journal["isPartOf"]
    assert issue["@type"] == "PublicationIssue" and issue["issueNumber"] == "3"
    assert issue["isPartOf"]["volumeNumber"] == "12"
    periodical = issue["isPartOf"]["isPartOf"]
    assert periodical == {"@type": "Periodical", "name": "Journal of Partnerships"}
    assert journal["sameAs"] == "https://doi.org/10.1234/jp.2019.3"
    assert journal["url"] == "https://journal.example.org/articles/45"
    chapter = works["note-4-0"]
    assert chapter["@type"] == "Chapter"
    assert chapter["isPartOf"] == {"@type": "Book", "name": "The Edited Book"}
    assert chapter["publisher"]["name"] == "University Press"
    assert chapter["publisher"]["location"]["name"] == "Oxford"
    assert chapter["author"][0]["familyName"] == "Writer"
    assert chapter["editor"][0]["name"] == "Ed Editor"
    assert "url" not in chapter  # a malformed URL is kept in the table, not made an IRI
    assert works["note-5-0"]["@type"] == "NewsArticle"
    assert works["note-5-0"]["isPartOf"]["@type"] == "Periodical"


def test_mentions_list_every_entity_by_first_mention() -> None:
    mentions = _full_graph()["mentions"]
    ids = [m["@id"].rsplit("/", 1)[1] for m in mentions]
    assert ids[:3] == ["person-unlisted", "gpe-ruritania", "org-think-tank"]
    assert set(ids) == {e["entity_id"] for e in ENTITIES} | {"person-unlisted"}
    place = next(m for m in mentions if m["name"] == "Ruritania")
    assert place["@type"] == "Place" and "alternateName" not in place


def test_minimal_document_leaves_absent_facts_out() -> None:
    document = {"document_id": "bare-page", "source_url": None, "title": None, "authors": [],
                "date_published": None, "publisher": None, "categories": []}
    graph = page_graph(document, base_url=BASE.rstrip("/"))
    assert graph == {
        "@context": "https://schema.org",
        "@id": f"{BASE}jsonld/bare-page.jsonld#article",
        "@type": "Article",
        "identifier": "bare-page",
    }
    assert len(to_rdf_graph(graph)) == 2
    assert expand(graph)[0]["@type"] == ["https://schema.org/Article"]


def test_loader_serves_schema_org_and_refuses_other_urls() -> None:
    loader = local_document_loader()
    for url in ("https://schema.org", "http://schema.org/", "https://schema.org/docs/jsonldcontext.jsonld"):
        ctx = loader(url, {})["document"]["@context"]
        assert ctx["@vocab"] == "https://schema.org/"
    with pytest.raises(JsonLdError, match="refusing to fetch"):
        loader("https://example.org/context.jsonld", {})
    with pytest.raises(JsonLdError):
        expand({"@context": "https://example.org/context.jsonld", "name": "x"})


def test_inline_context_makes_documents_self_contained() -> None:
    graph = _full_graph()
    inlined = inline_context(graph)
    assert inlined["@context"] == load_context("schemaorg.jsonld")["@context"]
    assert graph["@context"] == "https://schema.org"  # the input is not modified


def test_dumps_jsonld_cannot_close_a_script_element() -> None:
    graph = _full_graph(title=HOSTILE)
    text = dumps_jsonld(graph)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text
    assert json.loads(text) == graph

    parser = ScriptTexts()
    parser.feed(f'<html><script type="application/ld+json">{text}</script></html>')
    assert len(parser.scripts) == 1
    assert json.loads(parser.scripts[0])["headline"] == HOSTILE


def test_hostile_values_still_parse() -> None:
    odd = 'Name "with" quotes\n and \\ backslash and ‮bidi and \u200bzero-width'
    quotes = [{**QUOTES[0], "text": odd, "speaker": odd, "speaker_entity_id": None}]
    document = {**DOCUMENT, "title": odd, "authors": [odd], "categories": [odd],
                "source_url": "javascript:alert(1)"}
    graph = page_graph(document, quotes=quotes, base_url=BASE)
    assert graph["@id"].startswith(BASE)  # a non-web URL is not used as the page's IRI
    assert "url" not in graph
    parsed = to_rdf_graph(json.loads(dumps_jsonld(graph)))
    assert odd in {str(o) for o in parsed.objects(None, SDO.headline)}
    assert expand(graph)


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(),
    author=st.text(min_size=1),
    quote=st.text(min_size=1),
    alias=st.text(min_size=1),
    url=st.text(),
)
def test_arbitrary_text_is_data(title: str, author: str, quote: str, alias: str, url: str) -> None:
    """Whatever a page says, the graph is valid JSON-LD, round-trips and stays script-safe."""
    entity = {**ENTITIES[1], "name": author, "aliases": [alias]}
    quotes = [{**QUOTES[0], "text": quote, "speaker": author}]
    citations = [{**CITATIONS[0], "title": title, "url": url, "raw": quote}]
    graph = page_graph(
        {**DOCUMENT, "title": title, "authors": [author], "source_url": url},
        citations=citations, quotes=quotes, page_entities=[entity], base_url=BASE,
    )
    text = dumps_jsonld(graph)
    assert not set(text) & set("<>&")
    assert json.loads(text) == graph
    expanded = expand(graph)
    assert expanded[0]["@type"] == ["https://schema.org/BlogPosting"] or expanded[0]["@type"] == [
        "https://schema.org/Article"
    ]
    parsed = to_rdf_graph(graph)
    assert quote in {str(o) for o in parsed.objects(None, SDO.text)}
