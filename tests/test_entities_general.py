"""The general fixes added for unseen pages, each on constructed sentences (positive and
negative): glued note numbers, line breaks, head words, common words and companies typed
PERSON, web containers, defined long forms, reference lists, coordinated institutions."""

from __future__ import annotations

import pytest

from pagefacts.entities import recognise, resolve
from pagefacts.entities_recognise import (
    _Cand,
    _clean_candidate,
    _defined_long_forms,
    _not_people,
    _precut,
    _reference_list_names,
    _split_coordinated,
    _type_by_head,
)
from pagefacts.model import Layout, Marker
from pagefacts.nlp import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _cand(text: str, name: str, label: str, source: str = "model", nth: int = 0) -> _Cand:
    i = -1
    for _ in range(nth + 1):
        i = text.index(name, i + 1)
    return _Cand(i, i + len(name), label, source)


def _spans(nlp, text: str, **kw):
    layout = Layout(body_start=0, body_end=len(text))
    return recognise(text, nlp(text), layout, **kw)


def _entities(nlp, text: str, **kw) -> set[tuple[str, str]]:
    layout = Layout(body_start=0, body_end=len(text))
    spans = recognise(text, nlp(text), layout, **kw)
    result = resolve(text, spans, layout, document_id="t")
    return {(e["name"], e["type"]) for e in result.page_entities}


# ------------------------------------------------------------------ glued markers, line breaks


def test_marker_inside_a_span_cuts_it():
    text = "She lives in New York.30 Her work"
    c = _cand(text, "New York.30", "GPE")
    marker = Marker(number=30, start=text.index("30"), end=text.index("30") + 2,
                    sentence_start=0, sentence_end=24)
    (piece,) = _precut(text, c, [marker.start])
    assert text[piece.start : piece.end] == "New York."


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("the United States.12", "the United States"),
        ("Germany27", "Germany"),
        ("Agawu 1991", "Agawu"),
        ("K20", "K20"),  # capital + digits: a name (no glued number)
        ("Manhattan Project 2.0", "Manhattan Project 2.0"),
    ],
)
def test_glued_numbers_and_years_trimmed_without_markers(written, kept):
    text = f"Seen in {written} lately."
    (piece,) = _precut(text, _cand(text, written, "GPE"))
    assert text[piece.start : piece.end] == kept


def test_event_keeps_its_year():
    text = "at Expo 2020 in Dubai"
    (piece,) = _precut(text, _cand(text, "Expo 2020", "EVENT"))
    assert text[piece.start : piece.end] == "Expo 2020"


def test_no_span_across_a_blank_line_or_a_short_line_break():
    text = "Thomas Struth\n\nThomas Struth (b. 1954) is"
    pieces = _precut(text, _cand(text, "Thomas Struth\n\nThomas Struth", "PERSON"))
    assert [text[p.start : p.end] for p in pieces] == ["Thomas Struth", "Thomas Struth"]
    heading = "Profiles\nAnna Berg went"
    pieces = _precut(heading, _cand(heading, "Profiles\nAnna Berg", "PERSON"))
    assert [heading[p.start : p.end] for p in pieces] == ["Profiles", "Anna Berg"]


def test_hard_wrapped_prose_may_break_a_name():
    line = "This long line of hard-wrapped prose keeps going until it mentions the Royal United"
    text = line + "\nServices Institute in a report."
    (piece,) = _precut(text, _cand(text, "Royal United\nServices Institute", "ORG"))
    assert text[piece.start : piece.end] == "Royal United\nServices Institute"


def test_markers_keyword_end_to_end(nlp):
    text = "Her retrospective opened in South Africa.26 It travelled to Berlin."
    m = text.index("26")
    spans = _spans(nlp, text, markers=[Marker(26, m, m + 2, 0, m + 2)])
    assert all(not s.text[-1].isdigit() for s in spans)


# ------------------------------------------------------------------ head words


@pytest.mark.parametrize(
    ("name", "typ"),
    [
        ("Kunsthalle Düsseldorf", "ORG"),
        ("Haus der Kunst", "ORG"),
        ("Centre Pompidou", "ORG"),
        ("Museum of Modern Art", "ORG"),
        ("Lenbachhaus", "ORG"),
        ("Werner Mantz Prize for Photography", "EVENT"),
        ("Deutsche Börse Photography Foundation Prize", "EVENT"),
        ("Outstanding Contribution to Photography Award", "EVENT"),
        ("Venice Biennale", "EVENT"),
        ("Royal Academy of Fine Arts", "ORG"),
        ("Martin Parr Foundation", "ORG"),
        ("Angela Merkel", None),
        ("Haus", None),  # one word that is only a head: not a compound
    ],
)
def test_type_by_head(name, typ):
    assert _type_by_head(name) == typ


def test_venues_and_awards_retyped_end_to_end(nlp):
    found = _entities(
        nlp,
        "She showed at the Kunsthalle Düsseldorf and the Centre Pompidou in 2011. "
        "Tate Modern bought the series.",
    )
    assert ("Kunsthalle Düsseldorf", "ORG") in found
    assert ("Centre Pompidou", "ORG") in found
    assert ("Tate Modern", "ORG") in found
    assert not any(t == "PERSON" for _, t in found)


@pytest.mark.parametrize(
    ("name", "model", "typ"),
    [
        ("the Werner Mantz Prize for Photography", "PERSON", "EVENT"),
        ("Outstanding Contribution to Photography Award", "LAW", "EVENT"),
        ("Haus der Kunst", "PERSON", "ORG"),
        ("Hamburger Kunsthalle", "GPE", "ORG"),
    ],
)
def test_model_types_corrected_by_head(name, model, typ):
    text = f"She received {name} last year."
    (c,) = _clean_candidate(text, _cand(text, name, model), [])
    assert c.label == typ


def test_possessive_of_an_institution_before_an_award(nlp):
    found = _entities(
        nlp, "In 2017 he received The Royal Photographic Society’s Centenary Medal in London."
    )
    assert ("Centenary Medal", "EVENT") in found
    assert ("Royal Photographic Society", "ORG") in found


# ------------------------------------------------------------------ not people


def test_common_word_person_dropped_but_family_name_kept():
    text = (
        "Photography changed. She taught photography and history. Claudia Major wrote it. "
        "Major argues that the major change came late."
    )
    cands = [
        _cand(text, "Photography", "PERSON"),
        _cand(text, "Claudia Major", "PERSON"),
        _cand(text, "Major", "PERSON", nth=1),
    ]
    kept = {text[c.start : c.end] for c in _not_people(text, cands)}
    assert kept == {"Claudia Major", "Major"}


def test_multiword_common_words_dropped():
    text = "He studied Advanced Photography there. Students learn advanced photography."
    cands = [_cand(text, "Advanced Photography", "PERSON")]
    assert _not_people(text, cands) == []


def test_person_ending_in_a_place_of_the_page_is_a_venue():
    text = "She showed at Tate Liverpool. Liverpool was kind. Anna Berg went to Berg."
    cands = [
        _cand(text, "Tate Liverpool", "PERSON"),
        _cand(text, "Liverpool", "GPE", nth=1),
        _cand(text, "Anna Berg", "PERSON"),
    ]
    out = [c.label for c in _not_people(text, cands)]
    assert out == ["ORG", "GPE", "PERSON"]


def test_companies_typed_person_become_org():
    text = (
        "TRIPS was drafted by corporate behemoths IBM, Pfizer, and Microsoft. "
        "Palantir’s shares rose. Miller said so."
    )
    cands = [
        _cand(text, "IBM", "ORG"),
        _cand(text, "Pfizer", "PERSON"),
        _cand(text, "Microsoft", "ORG"),
        _cand(text, "Palantir", "PERSON"),
        _cand(text, "Miller", "PERSON"),
    ]
    out = {text[c.start : c.end]: c.label for c in _not_people(text, cands)}
    assert out == {"IBM": "ORG", "Pfizer": "ORG", "Microsoft": "ORG", "Palantir": "ORG",
                   "Miller": "PERSON"}


def test_family_name_in_a_list_of_companies_stays_a_person():
    text = "Sundar Pichai spoke. Apple, Pichai and Google were there."
    cands = [
        _cand(text, "Sundar Pichai", "PERSON"),
        _cand(text, "Apple", "ORG"),
        _cand(text, "Pichai", "PERSON", nth=1),
        _cand(text, "Google", "ORG"),
    ]
    out = [c.label for c in _not_people(text, cands)]
    assert out == ["PERSON", "ORG", "PERSON", "ORG"]


def test_one_word_person_after_in_is_a_place_and_gpe_with_shares_is_a_company():
    text = "Rheinmetall, based in Düsseldorf, grew. Shares in Nvidia fell; Nvidia's products sell."
    cands = [
        _cand(text, "Düsseldorf", "PERSON"),
        _cand(text, "Nvidia", "GPE"),
        _cand(text, "Nvidia", "GPE", nth=1),
    ]
    out = [c.label for c in _not_people(text, cands)]
    assert out == ["GPE", "ORG", "ORG"]


def test_country_with_a_corporate_word_stays_a_place():
    text = "Exports from China fell. China's products sell well in China."
    cands = [_cand(text, "China", "GPE", nth=i) for i in range(3)]
    assert [c.label for c in _not_people(text, cands)] == ["GPE"] * 3


def test_one_word_orgs_listed_after_by_are_authors():
    text = "It motivates earlier studies by Coker, Meyer, and Cone as well."
    cands = [_cand(text, n, "ORG") for n in ("Coker", "Meyer", "Cone")]
    assert {c.label for c in _not_people(text, cands)} == {"PERSON"}
    text2 = "The fine was paid by Google and Meta."
    cands2 = [_cand(text2, "Google", "ORG"), _cand(text2, "Meta", "ORG")]
    assert {c.label for c in _not_people(text2, cands2)} == {"PERSON"}  # a known limit:
    # one-word companies after "by" need a corporate cue elsewhere on the page


# ------------------------------------------------------------------ structure-like rules


def test_defined_long_forms():
    text = (
        "The Stiftung Wissenschaft und Politik (SWP) and the Digital Markets Act (DMA) and "
        "the Court of Justice of the European Union (CJEU). Not this (XYZ)."
    )
    found = {text[c.start : c.end]: c.label for c in _defined_long_forms(text, [(0, len(text))])}
    assert found == {
        "Stiftung Wissenschaft und Politik": "ORG",
        "Digital Markets Act": "LAW",
        "Court of Justice of the European Union": "ORG",
    }


def test_reference_list_entries():
    text = (
        "Works Cited\n\n"
        "Agawu, V. Kofi. 1991. Playing with Signs. Princeton: Princeton University Press.\n\n"
        "Dunsby, Jonathan and John Stopford. 1981. “The Case.” Music Theory Spectrum 3: 49–53.\n\n"
        "Notes, Field. Not a reference.\n"
    )
    cands = _reference_list_names(text, [(0, len(text))])
    got = {(text[c.start : c.end], c.label, c.canonical) for c in cands}
    assert ("Agawu, V. Kofi", "PERSON", "V. Kofi Agawu") in got
    assert ("Dunsby, Jonathan", "PERSON", "Jonathan Dunsby") in got
    assert ("John Stopford", "PERSON", None) in got
    assert ("Playing with Signs", "WORK", None) in got
    assert ("Princeton", "GPE", None) in got
    assert ("Princeton University Press", "ORG", None) in got
    assert ("Music Theory Spectrum", "WORK", None) in got
    assert not any("Field" in t for t, _, _ in got)


def test_reference_names_resolve_with_family_name_in_text(nlp):
    text = (
        "As Agawu argued, signs play.\n\nWorks Cited\n\n"
        "Agawu, V. Kofi. 1991. Playing with Signs. Princeton: Princeton University Press.\n"
    )
    found = _entities(nlp, text)
    assert ("V. Kofi Agawu", "PERSON") in found
    assert ("Agawu", "PERSON") not in found


@pytest.mark.parametrize(
    ("span", "parts"),
    [
        ("Metropolitan Museum of Art and Museum of Modern Art",
         ["Metropolitan Museum of Art", "Museum of Modern Art"]),
        ("San Francisco and Lisson Gallery", ["San Francisco", "Lisson Gallery"]),
        ("Victoria and Albert Museum", []),
    ],
)
def test_coordinated_institutions_split(span, parts):
    text = f"Held by Fraenkel Gallery, San Francisco; also {span} in town."
    c = _cand(text, span, "ORG")
    pieces = _split_coordinated(text, c, c.start, c.end)
    assert [text[p.start : p.end] for p in pieces] == parts


def test_web_container_yields_to_the_body_periodical_does_not(nlp):
    text = (
        "Microsoft signed the deal. Microsoft grew.\n\nNotes\n\n"
        "[1] Jane Roe, “Cloud plans”, Microsoft, 2024.\n"
        "[2] John Doe, “Markets”, The Guardian, 2024.\n"
    )
    n1 = text.index("[1]")
    n2 = text.index("[2]")
    citations = [
        {"start": n1 + 4, "end": n2 - 1, "type": "webpage", "author": [], "editor": [],
         "title": "Cloud plans", "container_title": "Microsoft", "publisher": None},
        {"start": n2 + 4, "end": len(text) - 1, "type": "article-newspaper", "author": [],
         "editor": [], "title": "Markets", "container_title": "The Guardian",
         "publisher": None},
    ]
    layout = Layout(body_start=0, body_end=n1, notes_start=n1, notes_end=len(text))
    spans = recognise(text, nlp(text), layout, citations=citations)
    found = {(e["name"], e["type"]) for e in
             resolve(text, spans, layout, document_id="t").page_entities}
    assert ("Microsoft", "ORG") in found and ("Microsoft", "WORK") not in found
    assert ("The Guardian", "WORK") in found


def test_standalone_institution_kept_bare_review_dropped(nlp):
    found = _entities(nlp, "Intel lobbied Congress for subsidies. The Review was late.")
    assert ("Congress", "ORG") in found
    assert not any(n == "Review" for n, _ in found)
