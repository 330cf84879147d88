"""Type mappings used to render records as schema.org JSON-LD (pagefacts.jsonld)."""

from __future__ import annotations

#: CSL item type -> schema.org type of the cited work ("note" cites nothing: not rendered).
CSL_TO_SCHEMA: dict[str, str] = {
    "article-journal": "ScholarlyArticle",
    "article-newspaper": "NewsArticle",
    "article-magazine": "Article",
    "article": "Article",
    "book": "Book",
    "chapter": "Chapter",
    "report": "Report",
    "post-weblog": "BlogPosting",
    "webpage": "WebPage",
    "hearing": "CreativeWork",
    "speech": "CreativeWork",
    "interview": "CreativeWork",
}
CSL_NOT_A_WORK = frozenset({"note"})

#: CSL type -> schema.org type of the container named by ``container_title``.
CSL_CONTAINER: dict[str, str] = {
    "article-journal": "Periodical",
    "article-newspaper": "Periodical",
    "article-magazine": "Periodical",
    "chapter": "Book",
    "post-weblog": "Blog",
    "webpage": "WebSite",
}
#: Container types that carry volume/issue through PublicationVolume/PublicationIssue.
PERIODICAL_TYPES = frozenset({"Periodical"})

#: Entity type (NER label) -> schema.org type. NORP (nationalities, religious and political
#: groups) has no schema.org class of its own, so it stays a plain Thing.
ENTITY_TO_SCHEMA: dict[str, str] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "NORP": "Thing",
    "EVENT": "Event",
    "LAW": "Legislation",
    "WORK": "CreativeWork",
}

#: Speaker type of a quotation -> schema.org type of its creator.
SPEAKER_TO_SCHEMA: dict[str, str] = {"PERSON": "Person", "ORG": "Organization"}

#: A page is typed BlogPosting (not Article) when its URL or publisher contains one of these.
BLOG_CUES: tuple[str, ...] = ("blog",)
