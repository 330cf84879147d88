"""Article metadata: expectations written by reading each page, and pages that break rules."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from conftest import FIXTURES, RAW_DIR, REPO_ROOT, SHARED_PAGES
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from pagefacts.ingest import read_page
from pagefacts.layout import analyse_layout
from pagefacts.metadata import DocumentMetadata, detect_language, extract_metadata, parse_date
from pagefacts.model import Page

PAGES = FIXTURES / "pages"
LSE = "2021-04-13-comrades-putin-and-xi.txt"
CW = "2026-08-26-commonwealth-us-big-tech-frenemies.txt"
CAI = "2025-11-05-cai-top-fine-art-photographers.txt"
MTO = "1993-11-01-mto-roeder-semiotic-evaluation.txt"
PIPELINE_FIELDS = {
    "run_id": "run-1",
    "extracted_at": "2024-01-01T00:00:00Z",
    "pagefacts_version": "0.1.0",
    "note_count": None,
    "citation_count": None,
    "quotation_count": None,
    "entity_count": None,
}


@cache
def validator() -> Draft202012Validator:
    schemas = REPO_ROOT / "schemas"
    resources = []
    for name in ("common.schema.json", "document.schema.json"):
        schema = json.loads((schemas / name).read_text())
        resources.append((schema["$id"], Resource.from_contents(schema)))
    registry = Registry().with_resources(resources)
    schema = json.loads((schemas / "document.schema.json").read_text())
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def validate(meta: DocumentMetadata) -> dict:
    record = meta.to_record()
    assert not set(record) & set(PIPELINE_FIELDS)
    errors = list(validator().iter_errors({**record, **PIPELINE_FIELDS}))
    assert not errors, [e.message for e in errors]
    return record


def metadata_of(root: Path, name: str) -> dict:
    if not (root / name).exists():
        pytest.skip(f"{name} not available")
    page = read_page(root, name)
    return validate(extract_metadata(page, analyse_layout(page.text)))


# --------------------------------------------------------------------------- real pages


def test_lse_metadata() -> None:
    page = read_page(RAW_DIR, LSE)
    meta = validate(extract_metadata(page, analyse_layout(page.text)))
    assert meta["title"] == "Comrades Putin and Xi"
    assert meta["authors"] == ["Michael Cox"]
    assert meta["date_published"] == "2021-04-13"
    assert meta["date_modified"] is None
    assert meta["categories"] == ["Diplomacy"]
    assert meta["reading_time_minutes"] == 12
    assert meta["comment_count"] == 1
    assert meta["share_count"] == 36
    assert len(meta["summary"]) == 3
    assert meta["summary"][0].startswith("There has been a persistent reluctance")
    assert meta["summary"][2].endswith("in the UK and beyond.")
    assert meta["headings"] == [
        "Beyond convenient?",
        "The sceptics",
        "New consensus?",
        "Denying the obvious?",
    ]
    credits = meta["image_credits"]
    assert len(credits) == 2
    assert credits[1]["title"] == "4. Super powers"
    assert credits[1]["creator"] == "Mark Turner"
    assert credits[1]["licence"] == "CC BY-NC-SA 2.0"
    assert credits[1]["licence_url"] == "https://creativecommons.org/licenses/by-nc-sa/2.0/"
    assert credits[0]["title"].startswith("File:With President of China")
    assert credits[0]["creator"] == "The Russian Presidential Press and Information Office"
    assert credits[0]["licence"] == "CC BY 4.0"
    for credit in credits:
        assert page.text[credit["start"] : credit["end"]] == credit["raw"]
    assert meta["author_bio"].startswith("Professor Michael Cox was appointed")
    assert meta["author_bio"].endswith("Polity Press in 2023.")
    assert meta["disclaimer"].startswith("This article gives the views of the author")
    assert meta["publisher"] == "LSE"  # from the logo's text
    assert meta["language"] == "en"
    # body only: ~2,300 words of prose (the notes, bio and header are ~1,100 more)
    assert 2200 <= meta["word_count"] <= 2450
    assert meta["encoding"] == "utf-8" and meta["source_path"] == LSE
    assert meta["findings"] == []


def test_commonwealth_metadata() -> None:
    meta = metadata_of(SHARED_PAGES, CW)
    assert meta["title"].startswith("US Big Tech and the US Government")
    assert meta["title"].endswith("Western Capitalism")
    assert meta["authors"] == ["Cecilia Rikap"]
    assert meta["date_published"] == "2026-08-26"
    assert meta["publisher"] == "Common Wealth"
    assert meta["categories"] == ["US", "AI & Tech", "Report"]  # the tag chips above the title
    assert meta["summary"] == []  # the "Key Points" bullets are empty
    assert meta["headings"][:2] == ["1 Introduction", "2 The Making of Corporate America"]
    assert "4 Military Ties" in meta["headings"]
    assert meta["reading_time_minutes"] is None and meta["comment_count"] is None
    assert meta["author_bio"] is None and meta["disclaimer"] is None
    assert meta["source_url"].startswith("https://www.common-wealth.org/")
    assert meta["language"] == "en"


def test_cai_metadata() -> None:
    meta = metadata_of(SHARED_PAGES, CAI)
    assert meta["title"] == "Top 30 Fine Art Photography Artists in the World"
    assert meta["authors"] == ["Sylvia Walker"]
    assert meta["date_published"] == "2025-11-05"  # printed at the end of the page
    assert meta["date_modified"] == "2025-11-15"
    assert meta["publisher"] == "CAI"
    assert meta["author_bio"].startswith("Sylvia Walker (b. 1986, US) is an art historian")
    assert len(meta["headings"]) == 30
    assert meta["summary"] == []
    assert meta["categories"] == []


def test_mto_metadata() -> None:
    meta = metadata_of(SHARED_PAGES, MTO)
    assert meta["title"] == "Toward a Semiotic Evaluation of Music Analyses"
    assert meta["authors"] == ["John Roeder"]
    assert meta["date_published"] is None  # "November 1993": no day written
    assert [f["kind"] for f in meta["findings"]] == ["partial-date"]
    assert meta["publisher"] == "Society for Music Theory"
    assert meta["headings"] == []
    assert "semiotics" in meta["categories"]  # KEYWORDS line


# --------------------------------------------------------------------------- own pages


def test_own_blog_post() -> None:
    meta = metadata_of(PAGES, "northfield-water-markets.txt")
    assert meta["title"] == "Water Markets After the Drought: Who Pays?"  # not the site name
    assert meta["authors"] == ["Amara Okonkwo", "Tomás Reyes"]
    assert meta["date_published"] == "2024-03-03"
    assert meta["date_modified"] == "2024-03-12"  # 12/03/2024, day first
    assert meta["reading_time_minutes"] == 5
    assert meta["categories"] == ["water", "climate policy", "agriculture", "Economics"]
    assert len(meta["summary"]) == 2  # the empty third bullet is not a point
    assert meta["headings"] == ["Introduction", "A market for scarcity", "What should change"]
    assert meta["publisher"] == "Northfield Institute"
    assert meta["disclaimer"].startswith("The views expressed in this post")
    assert meta["author_bio"].startswith("Amara Okonkwo is a senior fellow")
    assert meta["author_bio"].endswith("visiting researcher at the institute.")
    (credit,) = meta["image_credits"]
    assert credit["creator"] == "Jane Smith" and credit["licence"] == "CC BY-SA 2.0"
    assert credit["title"] is None
    assert meta["comment_count"] is None and meta["share_count"] is None


def test_own_french_page() -> None:
    meta = metadata_of(PAGES, "lettre-ville-velo.txt")
    assert meta["title"] == "La ville à vélo : bilan de dix ans de pistes cyclables"
    assert meta["authors"] == ["Claire Dubois"]
    assert meta["date_published"] == "2023-05-05"
    assert meta["reading_time_minutes"] == 6
    assert meta["categories"] == ["Transports", "Urbanisme"]
    assert meta["headings"] == ["Les quartiers oubliés"]
    assert meta["publisher"] == "Le Carnet Urbain"
    assert meta["language"] == "fr"


def test_own_duplicated_header_page() -> None:
    meta = metadata_of(PAGES, "duplicated-header-digest.txt")
    assert meta["title"] == "How Small Ports Survive the Container Age"
    assert meta["authors"] == ["Hannah Lindqvist"]
    assert meta["date_published"] == "2019-10-02"
    assert meta["comment_count"] == 3 and meta["share_count"] == 1200
    assert meta["reading_time_minutes"] == 7
    assert meta["categories"] == ["Infrastructure", "Maritime"]
    assert meta["publisher"] == "Meridian Digest"  # "... - Site Logo"
    # the duplicated header copy does not count as body words
    assert 120 <= meta["word_count"] <= 160


def test_no_header_no_invention() -> None:
    text = "Words of a plain paragraph that runs on for a while without any header at all. " * 4
    page = Page("doc-1", "x.txt", text, "0" * 64, "utf-8", len(text))
    meta = validate(extract_metadata(page, analyse_layout(text)))
    assert meta["title"] is None
    assert meta["authors"] == [] and meta["date_published"] is None
    assert meta["publisher"] is None and meta["categories"] == []
    assert [f["kind"] for f in meta["findings"]] == ["missing-title"]


def test_site_name_line_is_not_an_author() -> None:
    text = (
        "Policy Matters\n\nThe Long Road to Clean Energy Grids\n\nBy Ravi Patel, Senior Fellow\n\n"
        "12 January 2022\n\n"
        + "A paragraph of running text that is long enough to count as the body of a page. " * 3
    )
    page = Page("doc-2", "y.txt", text, "0" * 64, "utf-8", len(text))
    meta = validate(extract_metadata(page, analyse_layout(text)))
    assert meta["title"] == "The Long Road to Clean Energy Grids"
    assert meta["authors"] == ["Ravi Patel"]
    assert meta["date_published"] == "2022-01-12"


# --------------------------------------------------------------------------- dates, language


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("April 13th, 2021", "2021-04-13"),
        ("Published on  November 5, 2025", "2025-11-05"),
        ("26.08.2026", "2026-08-26"),
        ("04/13/2021", "2021-04-13"),
        ("13/04/2021", "2021-04-13"),
        ("2021-04-13T10:00", "2021-04-13"),
        ("13th of April 2021", "2021-04-13"),
        ("Sept. 9, 2019", "2019-09-09"),
        ("5 mai 2023", "2023-05-05"),
        ("3. März 2020", "2020-03-03"),
        ("31.02.2020", None),
        ("Volume 0, Number 5, November 1993", None),
        ("no date here", None),
    ],
)
def test_parse_date(written: str, iso: str | None) -> None:
    assert parse_date(written)[0] == iso


def test_month_year_is_partial() -> None:
    iso, partial = parse_date("Volume 0, Number 5, November 1993")
    assert iso is None and partial is not None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The committee said that it was not clear whether the plan would be ready "
         "for the vote, and there are doubts about what it can do in the time left.", "en"),
        ("Die Regierung hat nicht gesagt, ob der Plan noch in diesem Jahr umgesetzt wird, "
         "und es ist auch nicht klar, wie er finanziert werden kann.", "de"),
        ("El gobierno no ha dicho si el plan se pondrá en marcha este año, y tampoco está "
         "claro cómo se va a financiar ni quién lo pagará al final.", "es"),
        ("Il governo non ha detto se il piano sarà attuato quest'anno, e non è chiaro "
         "come sarà finanziato né chi lo pagherà alla fine della legislatura.", "it"),
        ("De regering heeft niet gezegd of het plan dit jaar wordt uitgevoerd, en het is "
         "ook niet duidelijk hoe het kan worden betaald door de gemeenten.", "nl"),
        ("O governo não disse se o plano será posto em prática este ano, e também não é "
         "claro como será financiado nem quem vai pagar por isso no final.", "pt"),
        ("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23", None),
        ("short text", None),
    ],
)
def test_detect_language(text: str, code: str | None) -> None:
    assert detect_language(text) == code


# --------------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60),
            st.sampled_from(
                ["", "By Jane Doe and John Roe", "Posted In: A, B", "© 2020 Some Org",
                 "“T” by C is licensed under CC BY 4.0", "About the author", "5 min read",
                 "1 comment | 2 shares", "  • A bullet point with words", "Published on 1.2.2020",
                 "The views expressed here are the author's.", "Heading Words",
                 "Running prose text that goes on for a good number of words, as bodies do."]
            ),
        ),
        max_size=30,
    )
)
def test_property_metadata_total_and_valid(parts: list[str]) -> None:
    text = "\n".join(parts)
    page = Page("doc-x", "x.txt", text, "0" * 64, "utf-8", len(text.encode()))
    meta = extract_metadata(page, analyse_layout(text))
    record = validate(meta)
    for credit in record["image_credits"]:
        assert text[credit["start"] : credit["end"]] == credit["raw"]
    for finding in record["findings"]:
        if finding["start"] is not None:
            assert 0 <= finding["start"] <= finding["end"] <= len(text)
    assert record["word_count"] >= 0


def test_metadata_does_not_depend_on_file_name(tmp_path: Path) -> None:
    data = (PAGES / "northfield-water-markets.txt").read_bytes()
    records = []
    for name in ("a.txt", "-odd name ü.txt"):
        (tmp_path / name).write_bytes(data)
        page = read_page(tmp_path, name)
        record = extract_metadata(page, analyse_layout(page.text)).to_record()
        records.append({k: v for k, v in record.items() if k not in ("document_id", "source_path")})
    assert records[0] == records[1]


_BODY = "A paragraph of running text that is long enough to count as the body of a page. " * 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # date and reading time on the byline line
            "Opinion\n\nWhy Cities Need Fewer Parking Lots\n\n"
            "By Jane Doe · March 3, 2024 · 5 min read\n\n" + _BODY,
            {"authors": ["Jane Doe"], "date_published": "2024-03-03", "reading_time_minutes": 5},
        ),
        (  # site name above a bare byline; the title sits right above the body
            "The Harbour Review\n\nJane Doe and John Smith\n\n2024-03-03\n\n"
            "Why Cities Need Fewer Parking Lots\n\n" + _BODY + "\n\nCategories: Cities, Transport",
            {"authors": ["Jane Doe", "John Smith"], "date_published": "2024-03-03",
             "headings": [], "categories": ["Cities", "Transport"]},
        ),
    ],
)
def test_title_right_above_body(text: str, expected: dict) -> None:
    page = Page("doc-3", "z.txt", text, "0" * 64, "utf-8", len(text))
    meta = validate(extract_metadata(page, analyse_layout(text)))
    assert meta["title"] == "Why Cities Need Fewer Parking Lots"
    for key, value in expected.items():
        assert meta[key] == value, key


# --------------------------------------------------------------------------- rules from new styles


def _meta(text: str) -> dict:
    page = Page("doc-r", "r.txt", text, "0" * 64, "utf-8", len(text))
    return validate(extract_metadata(page, analyse_layout(text)))


def test_tiny_page_keeps_title_and_byline() -> None:
    meta = _meta("A Note On Things\n\nBy Sam Poe\n\n“Things change,” Poe said.\n")
    assert meta["title"] == "A Note On Things"
    assert meta["authors"] == ["Sam Poe"]
    assert meta["headings"] == []


def test_byline_after_date_and_honorifics() -> None:
    meta = _meta(
        "Site Name Here\n\nWhy Ports Matter More Than Ever\n\n"
        "Posted on 3 March 2024 by Dr Jane Doe\n\n" + _BODY
    )
    assert meta["title"] == "Why Ports Matter More Than Ever"
    assert meta["authors"] == ["Jane Doe"]
    assert meta["date_published"] == "2024-03-03"


def test_role_line_and_subtitle_are_not_the_title() -> None:
    meta = _meta(
        "Policy Blog\n\nThe Quiet Cost of Cheap Solar\n\n"
        "How falling panel prices changed who pays for the grid\n\n"
        "Jane Doe\n\nSenior Research Fellow, Department of Economics\n\n2024-03-03\n\n" + _BODY
    )
    assert meta["title"] == "The Quiet Cost of Cheap Solar"
    assert meta["authors"] == ["Jane Doe"]


def test_personal_copyright_is_not_the_publisher() -> None:
    meta = _meta(
        "The Weekly Margin\n\nWhy Rents Rose Again\n\nJane Doe\nMar 3, 2024\n\n" + _BODY
        + "\n\n© 2024 Jane Doe\n"
    )
    assert meta["authors"] == ["Jane Doe"]
    assert meta["publisher"] == "The Weekly Margin"


def test_published_in_names_the_publication() -> None:
    meta = _meta(
        "Open in app\n\nWhy Rents Rose Again\n\nJane Doe\n·\nFollow\n\nPublished in\nCity Notes\n"
        "·\n5 min read\n·\nMar 3, 2024\n\n" + _BODY
    )
    assert meta["publisher"] == "City Notes"
    assert meta["reading_time_minutes"] == 5
    assert meta["authors"] == ["Jane Doe"] and meta["date_published"] == "2024-03-03"


def test_author_only_in_bio_and_closing_bio() -> None:
    meta = _meta("A Title For This Page\n\n" + _BODY + "\n\nAbout the author\n\n"
                 "Maria Gonzalez is a research associate who studies fisheries in the north.\n")
    assert meta["authors"] == ["Maria Gonzalez"]
    meta = _meta("A Title For This Page\n\nBy Ravi Patel\n\n" + _BODY + "\n\n"
                 "Ravi Patel is a contributing editor of this review.\n")
    assert meta["author_bio"] == "Ravi Patel is a contributing editor of this review."


def test_copyright_holder_keeps_abbreviations() -> None:
    assert _meta("X\n\n" + _BODY + "\n\n© 2024 Verein für Stadtluft e. V.\n")["publisher"] == (
        "Verein für Stadtluft e. V."
    )
    assert _meta("X\n\n" + _BODY + "\n\nThe Commons Review © 2024\n")["publisher"] == (
        "The Commons Review"
    )


def test_disclosure_label_gives_the_disclaimer_not_the_body() -> None:
    meta = _meta(
        "Why Ports Matter More Than Ever\n\nJane Doe\nLecturer in Geography, Some University\n\n"
        "Disclosure statement\n\nJane Doe receives funding from a research council and has no "
        "other interests to declare in this matter.\n\n" + _BODY
    )
    assert meta["disclaimer"].startswith("Jane Doe receives funding")
    assert meta["title"] == "Why Ports Matter More Than Ever"
    assert meta["authors"] == ["Jane Doe"]


def test_views_cue_deep_in_a_paragraph_is_not_a_disclaimer() -> None:
    meta = _meta(
        "A Title For This Page\n\n" + _BODY + "\n\nThe council met on Tuesday. It argued for "
        "months. Members disagreed about roads. The views expressed by the mayor were those of "
        "a minority, they said.\n"
    )
    assert meta["disclaimer"] is None
    meta = _meta(
        "A Title For This Page\n\n" + _BODY + "\n\nThe Forum is an independent institute. The "
        "views expressed in this article are those of the author.\n"
    )
    assert meta["disclaimer"] == (
        "The Forum is an independent institute. The views expressed in this article are those "
        "of the author."
    )


def test_tag_rows_labelled_and_bare() -> None:
    meta = _meta("A Title For This Page\n\n" + _BODY + "\n\nTopics:\n\nPorts\nShipping law\n")
    assert meta["categories"] == ["Ports", "Shipping law"]
    meta = _meta(
        "A Title For This Page\n\n" + _BODY + "\n\n" + _BODY
        + "\n\nPorts\n\nshipping law\n\nTrade\n"
    )
    assert meta["categories"] == ["Ports", "shipping law", "Trade"]
    # a sign-off of names after the text is not a tag row
    meta = _meta("A Title For This Page\n\n" + _BODY + "\n\nJane Doe\nJohn Smith\n")
    assert meta["categories"] == []
    # one short closing line is not a row
    assert _meta("A Title For This Page\n\n" + _BODY + "\n\nOnwards\n")["categories"] == []


def test_several_bare_bylines_with_roles() -> None:
    meta = _meta(
        "Why Ports Matter More Than Ever\n\nPublished 12 March 2024\n\n"
        "Jane Doe\nSenior Fellow, Trade Programme\n\n"
        "John Smith\nAssociate Fellow, Law Programme\n\n"
        + _BODY
    )
    assert meta["authors"] == ["Jane Doe", "John Smith"]
    assert meta["headings"] == []


def test_personal_site_named_after_its_author() -> None:
    text = (
        "Jane Doe\n\nHome\n\nAbout\n\nWhy Ports Matter More Than Ever\n\nMar 3, 2024\n\n" + _BODY
        + "\n\nJane Doe writes about harbours and the towns around them.\n\nSubscribe to Jane Doe\n"
    )
    meta = _meta(text)
    assert meta["authors"] == ["Jane Doe"] and meta["publisher"] == "Jane Doe"
    assert meta["author_bio"] == "Jane Doe writes about harbours and the towns around them."
    # the bio's subject is never named again outside the text: not taken as the author
    meta = _meta(text.replace("Jane Doe\n\nHome", "Harbour Notes\n\nHome").replace(
        "Subscribe to Jane Doe", "Subscribe"))
    assert meta["authors"] == [] and meta["publisher"] != "Jane Doe"
