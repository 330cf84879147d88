"""Each recognition fix and resolution rule on sentences written to exercise it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_entities_helpers import validator

from pagefacts.entities import entity_id_for, merge_corpus, recognise, resolve
from pagefacts.model import Layout
from pagefacts.nlp import get_nlp, parse


@pytest.fixture(scope="session")
def nlp():
    return get_nlp()


def run(nlp, text, *, notes_from=None, citations=(), quotes=(), page_authors=(), ignored=()):
    notes_start = text.index(notes_from) if notes_from else None
    layout = Layout(
        body_start=0,
        body_end=notes_start if notes_start is not None else len(text),
        notes_start=notes_start,
        notes_end=len(text) if notes_start is not None else None,
        ignored=tuple(ignored),
    )
    doc = parse(nlp, [text])[0]
    spans = recognise(text, doc, layout, citations=citations, page_authors=page_authors)
    return resolve(
        text,
        spans,
        layout,
        document_id="doc-1",
        citations=citations,
        quotes=quotes,
        page_authors=page_authors,
    )


def by_name(result):
    return {e["name"]: e for e in result.page_entities}


# ------------------------------------------------------------------ resolution rules


def test_short_and_full_person_names_are_one_entity(nlp):
    r = run(
        nlp,
        "President Xi Jinping met the delegation in Beijing. Later Xi said the talks went well.",
    )
    e = by_name(r)["Xi Jinping"]
    assert e["type"] == "PERSON" and {"Xi", "Xi Jinping"} <= set(e["aliases"])
    assert "Xi" not in by_name(r)


def test_family_name_alone_after_full_name(nlp):
    r = run(
        nlp, "Angela Merkel arrived in Paris on Monday. Merkel warned that the deal was fragile."
    )
    e = by_name(r)["Angela Merkel"]
    assert "Merkel" in e["aliases"] and e["mention_count"] == 2


def test_titles_are_stripped(nlp):
    text = "President Putin spoke first. Mr Putin then left the room, and Putin did not return."
    r = run(nlp, text)
    assert "Putin" in by_name(r) and by_name(r)["Putin"]["type"] == "PERSON"
    assert r.link("President Putin") == r.link("Mr Putin") == by_name(r)["Putin"]["entity_id"]


def test_possessives_are_the_same_entity(nlp):
    r = run(
        nlp,
        "Emmanuel Macron gave a speech. Macron’s critics were unmoved; Macron's allies cheered.",
    )
    eid = by_name(r)["Emmanuel Macron"]["entity_id"]
    assert r.link("Macron’s") == eid and r.link("Macron's") == eid


def test_determiners_are_the_same_entity(nlp):
    r = run(nlp, "Trade with the United States grew. United States officials were pleased.")
    e = by_name(r)["United States"]
    assert e["type"] == "GPE" and e["mention_count"] == 2


def test_universal_abbreviations(nlp):
    r = run(
        nlp,
        "The US and the U.S. Congress disagree, but the United States will decide. "
        "The UK and Britain agree.",
    )
    us, uk = by_name(r)["United States"], by_name(r)["United Kingdom"]
    assert {"US", "U.S."} <= set(us["aliases"])
    assert {"UK", "Britain"} <= set(uk["aliases"])


def test_prc_is_china(nlp):
    r = run(nlp, "Relations between China and Russia improved, and the PRC signed a treaty.")
    assert "PRC" in by_name(r)["China"]["aliases"]


def test_acronym_spelled_out_on_the_page(nlp):
    text = (
        "Jane Smith of the Royal Institute of Strategic Affairs (RISA) disagreed. "
        "A RISA paper later made the same point."
    )
    r = run(nlp, text)
    e = by_name(r)["Royal Institute of Strategic Affairs"]
    assert e["type"] == "ORG" and "RISA" in e["aliases"]


def test_acronym_matching_initials_of_an_organisation(nlp):
    text = (
        "A report by the Council on Foreign Relations in 2018 was cautious. "
        "Another CFR study was bolder."
    )
    r = run(nlp, text)
    assert "CFR" in by_name(r)["Council on Foreign Relations"]["aliases"]


def test_capital_city_is_not_merged_into_its_country(nlp):
    text = (
        "The United States wants a deal, and Washington has said so. "
        "Russia disagrees, and Moscow has said so too."
    )
    r = run(nlp, text)
    names = by_name(r)
    assert names["Washington"]["type"] == "GPE" and names["Moscow"]["type"] == "GPE"
    assert names["Washington"]["entity_id"] != names["United States"]["entity_id"]
    assert "Moscow" not in names["Russia"]["aliases"]


def test_organisation_short_name(nlp):
    text = (
        "Scholars at the Brookings Institution disagree.\n\n"
        "[1] Jane Doe, ‘A report’, Brookings, June 2020."
    )
    r = run(nlp, text, notes_from="[1]")
    e = by_name(r)["Brookings Institution"]
    assert "Brookings" in e["aliases"] and e["type"] == "ORG"


# ------------------------------------------------------------------ general fixes


def test_bibliographic_abbreviations_are_not_names(nlp):
    text = (
        "It was argued at length.[1]\n\n"
        "[1] Rajan Menon, ‘The Limits of Partnership’, Survival, Vol. 51, No.3, 2009, pp. 99-130."
    )
    r = run(nlp, text, notes_from="[1]")
    names = by_name(r)
    for junk in ("Vol", "No", "pp", "No.3"):
        assert junk not in names
    assert names["Rajan Menon"]["type"] == "PERSON"
    assert names["Survival"]["type"] == "WORK"


def test_editor_abbreviation_is_trimmed(nlp):
    text = (
        "Read it.[1]\n\n"
        "[1] See my chapter in Asle Toje ed, Rise and Fall, Oxford University Press, 2018."
    )
    r = run(nlp, text, notes_from="[1]")
    assert "Asle Toje ed" not in by_name(r)


def test_academic_titles_are_not_organisations(nlp):
    text = (
        "He was a Founding Director of the institute and is now Emeritus Professor of "
        "International Relations at the University of Leeds."
    )
    r = run(nlp, text)
    names = by_name(r)
    assert "Emeritus Professor" not in names and "International Relations" not in names
    assert names["University of Leeds"]["type"] == "ORG"


def test_person_title_before_a_name(nlp):
    r = run(nlp, "The speech was given by President of France Emmanuel Macron in the evening.")
    assert by_name(r)["Emmanuel Macron"]["type"] == "PERSON"


def test_speech_verb_after_a_multiword_name_makes_a_person(nlp):
    text = "An expert at a think tank (Mathieu Boulegue) also noted that it was not so."
    r = run(nlp, text)
    assert by_name(r)["Mathieu Boulegue"]["type"] == "PERSON"


def test_the_page_using_a_name_as_a_person_wins(nlp):
    text = (
        "Putin said the talks were useful. Putin added that more were needed. "
        "Putin warned the West. Nobody doubted Putin."
    )
    r = run(nlp, text)
    assert by_name(r)["Putin"]["type"] == "PERSON"
    assert all(m["type"] == "PERSON" for m in r.mentions if m["text"] == "Putin")


def test_modal_verb_glued_to_a_name_is_trimmed(nlp):
    text = (
        "Read on.[1]\n\n"
        "[1] Jane Doe ed, Will China’s Rise be Peaceful? Oxford University Press, 2018."
    )
    r = run(nlp, text, notes_from="[1]")
    names = by_name(r)
    assert "Will China" not in names
    assert all(not m["text"].startswith("Will ") for m in r.mentions)


def test_name_glued_to_the_next_word_is_cut(nlp):
    text = (
        "Notes follow.[1]\n\n"
        "[1] Chi WangRussia is no friend to China. South China Morning Post, 2019."
    )
    r = run(nlp, text, notes_from="[1]")
    glued = [m for m in r.mentions if m["text"].startswith("Chi")]
    assert glued and glued[0]["text"] == "Chi Wang"
    assert text[glued[0]["start"] : glued[0]["end"]] == "Chi Wang"
    assert any(f["kind"] == "glued-name" for f in r.findings)


def test_camel_case_names_are_not_cut(nlp):
    r = run(nlp, "General Douglas MacArthur landed at Inchon with his staff.")
    assert any(m["text"].endswith("MacArthur") for m in r.mentions)


def test_institution_suffix_makes_an_organisation(nlp):
    text = (
        "Read it.[1]\n\n"
        "[1] See Graham Allison, ‘China and Russia’, Belfer Center, November 6, 2018."
    )
    r = run(nlp, text, notes_from="[1]")
    assert by_name(r)["Belfer Center"]["type"] == "ORG"
    assert by_name(r)["Graham Allison"]["type"] == "PERSON"


def test_periodical_after_a_quoted_title_is_a_work(nlp):
    text = (
        "Read it.[1]\n\n"
        "[1] Thomas Graham, ‘It’s better to deal with them in tandem’, Politico, 2 April 2021"
    )
    r = run(nlp, text, notes_from="[1]")
    assert by_name(r)["Politico"]["type"] == "WORK"
    assert "periodical" in by_name(r)["Politico"]["roles"]


def test_periodical_cue_word(nlp):
    r = run(
        nlp, "In an article published in the influential journal Foreign Affairs he attacked them."
    )
    assert by_name(r)["Foreign Affairs"]["type"] in ("WORK", "ORG")


def test_licence_codes_are_not_organisations(nlp):
    r = run(nlp, "“Super powers” by Mark Turner is licensed under CC BY-NC-SA 2.0")
    assert "CC" not in by_name(r)
    assert by_name(r)["Mark Turner"]["type"] == "PERSON"


def test_chrome_is_skipped(nlp):
    text = "Home | About Reuters | Contact\n\nAngela Merkel spoke in Berlin."
    r = run(nlp, text, ignored=[(0, text.index("\n"))])
    assert all(m["start"] > text.index("\n") for m in r.mentions)


# ------------------------------------------------------------------ structure wins


def test_citation_structure_wins_over_the_model(nlp):
    text = "It was argued.[1]\n\n[1] Nyshka Chandran, ‘Serious rivalry’, CNBC, September 14, 2018."
    s = text.index("Nyshka")
    cit = {
        "author": [{"family": "Chandran", "given": "Nyshka", "literal": None}],
        "title": "Serious rivalry",
        "container_title": "CNBC",
        "publisher": None,
        "start": s,
        "end": len(text),
        "raw": text[s:],
    }
    r = run(nlp, text, notes_from="[1]", citations=[cit])
    e = by_name(r)["Nyshka Chandran"]
    assert e["type"] == "PERSON" and "cited-author" in e["roles"]
    m = next(m for m in r.mentions if m["entity_id"] == e["entity_id"])
    assert m["source"] == "structure"


def test_literal_citation_author_is_an_organisation(nlp):
    text = "They said so.[1]\n\n[1] National Commission on Widgets, Final Report, 2021."
    s = text.index("National")
    cit = {
        "author": [{"family": None, "given": None, "literal": "National Commission on Widgets"}],
        "title": "Final Report",
        "container_title": None,
        "publisher": None,
        "start": s,
        "end": len(text),
        "raw": text[s:],
    }
    r = run(nlp, text, notes_from="[1]", citations=[cit])
    assert by_name(r)["National Commission on Widgets"]["type"] == "ORG"


def test_page_author_and_quote_speaker_roles(nlp):
    text = "Michael Cox\n\nAs Jane Smith said, “it is over”. Smith was right."
    quotes = [{"speaker": "Jane Smith", "speaker_type": "PERSON", "speaker_span": "Jane Smith"}]
    r = run(nlp, text, quotes=quotes, page_authors=["Michael Cox"])
    assert "author" in by_name(r)["Michael Cox"]["roles"]
    assert "quoted" in by_name(r)["Jane Smith"]["roles"]


# ------------------------------------------------------------------ findings


def test_near_identical_names_are_flagged_not_merged(nlp):
    text = (
        "Natasha Kuhrt has pointed out the problem.[1]\n\n"
        "[1] Natash Kuhrt, ‘Why the review treats them differently’, 10 March 2021."
    )
    r = run(nlp, text, notes_from="[1]")
    assert "Natasha Kuhrt" in by_name(r) and "Natash Kuhrt" in by_name(r)
    assert any(f["kind"] == "name-near-duplicate" for f in r.findings)


def test_same_family_different_given_names_body_and_notes(nlp):
    text = (
        "Michael Lubin followed up with a study.[1]\n\n"
        "[1] Alexander Lubin, ‘China and Russia’, Polity, 2018."
    )
    r = run(nlp, text, notes_from="[1]")
    assert "Michael Lubin" in by_name(r) and "Alexander Lubin" in by_name(r)
    assert any(f["kind"] == "name-mismatch" for f in r.findings)


# ------------------------------------------------------------------ ids and corpus


def test_entity_id_is_stable_across_pages(nlp):
    a = run(nlp, "Angela Merkel spoke in Berlin.")
    b = run(nlp, "Later, Angela Merkel’s speech was praised.")
    assert by_name(a)["Angela Merkel"]["entity_id"] == by_name(b)["Angela Merkel"]["entity_id"]
    assert entity_id_for("Angela Merkel", "PERSON") == entity_id_for("Angela  Merkel", "PERSON")
    assert entity_id_for("Angela Merkel", "PERSON") != entity_id_for("Angela Merkel", "ORG")


def test_merge_corpus_builds_the_entities_table(nlp):
    a = run(nlp, "Angela Merkel spoke in Berlin. Merkel was firm.")
    b = run(nlp, "Angela Merkel visited Paris.")
    pes = [
        dict(e, document_id=d) for d, r in (("page-a", a), ("page-b", b)) for e in r.page_entities
    ]
    table = merge_corpus(pes)
    merkel = next(e for e in table if e["name"] == "Angela Merkel")
    assert merkel["document_count"] == 2 and merkel["document_ids"] == ["page-a", "page-b"]
    assert merkel["mention_count"] == 3 and "Merkel" in merkel["aliases"]
    v = validator("entity")
    for row in table:
        assert not list(v.iter_errors(row)), row


# ------------------------------------------------------------------ property test

_ALPHABET = st.sampled_from(
    [
        *list("abcXYZ .,;:’'\"“”‘()[]\n-0123"),
        "Putin",
        " China",
        "Mr ",
        "Vol",
        "WangRussia",
        " the ",
        "United States",
        " said",
        "\u200b",
        "é",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_arbitrary_text_never_raises_and_offsets_slice_back(nlp, text):
    notes = text.find("[")
    layout = Layout(
        body_start=0,
        body_end=len(text),
        notes_start=notes if notes >= 0 else None,
        notes_end=len(text) if notes >= 0 else None,
        ignored=((0, min(3, len(text))),),
    )
    doc = parse(nlp, [text])[0]
    spans = recognise(text, doc, layout)
    r = resolve(text, spans, layout, document_id="doc-1", quotes=[{"speaker": text[:5]}])
    vm, ve = validator("mention"), validator("page_entity")
    for s in spans:
        assert text[s.start : s.end] == s.text
    for m in r.mentions:
        assert text[m["start"] : m["end"]] == m["text"]
        assert not list(vm.iter_errors(m))
    for e in r.page_entities:
        assert not list(ve.iter_errors(e))


def _typed(result):
    return {(e["name"], e["type"]) for e in result.page_entities}


def test_one_word_name_acting_as_person(nlp):
    """ "Keynes argued": a bare family name before a person-only verb is a person; an
    institution before an institutional verb ("warned") keeps its type."""
    got = _typed(run(nlp, "Keynes argued that demand mattered. The OECD warned of a slump."))
    assert ("Keynes", "PERSON") in got
    assert ("OECD", "ORG") in got


def test_one_word_name_drawn_on_by_a_person(nlp):
    """ "Machiavelli drew on Livy", "Gibbon admired Tacitus": the object is a person too."""
    got = _typed(run(nlp, "Machiavelli drew on Livy in Florence. Gibbon admired Tacitus."))
    assert {("Livy", "PERSON"), ("Tacitus", "PERSON"), ("Florence", "GPE")} <= got


def test_initials_before_surname_taken_in(nlp):
    got = _typed(run(nlp, "In the seminar this term we read A.J.P. Taylor with care."))
    assert ("A.J.P. Taylor", "PERSON") in got
    assert ("Taylor", "PERSON") not in got


def test_unquoted_title_after_writing_verb(nlp):
    text = "Edward Gibbon wrote The Decline and Fall of the Roman Empire in London."
    got = _typed(run(nlp, text))
    assert ("The Decline and Fall of the Roman Empire", "WORK") in got
    assert ("London", "GPE") in got
    assert not any(t == "ORG" for _, t in got)


def test_staff_at_an_employer(nlp):
    got = _typed(run(nlp, "Analysts at Morgan Stanley said the rules would hurt exporters."))
    assert ("Morgan Stanley", "ORG") in got


def test_nationality_with_institution_head(nlp):
    got = _typed(run(nlp, "The letters are held at the British Library. A British diplomat came."))
    assert ("British Library", "ORG") in got
    assert ("British", "NORP") in got


def test_no_org_extension_across_blank_line(nlp):
    text = "By Daniel Okafor\n\nThe European Commission announced a review on Monday."
    got = _typed(run(nlp, text))
    assert ("European Commission", "ORG") in got
    assert not any("\n" in n for n, _ in got)


def test_glued_initials_are_a_flagged_person(nlp):
    text = "He wrote works on E.H.Carr and the Cold War. Troops left the U.S.The army said so."
    spans = recognise(text, parse(nlp, [text])[0], Layout(body_start=0, body_end=len(text)))
    glued = [(s.text, s.label, s.flag) for s in spans if "." in s.text]
    assert ("E.H.Carr", "PERSON", "glued-name") in glued
    assert not any(t.endswith("The") for t, _, _ in glued)


def test_title_with_subtitle_before_was_published(nlp):
    text = "Her latest volume, Empires of Sand: Power from Rome to Byzantium was published in 2020."
    got = _typed(run(nlp, text))
    assert ("Empires of Sand: Power from Rome to Byzantium", "WORK") in got
    assert not any(t in ("ORG", "GPE") for _, t in got)


def test_reading_list_book_line(nlp):
    text = (
        "A short post on war.\n\nFurther reading\n"
        "Jane Holloway, The Quiet Frontier (Oxford: Harbour Books, 2011).\n"
    )
    got = _typed(run(nlp, text))
    assert {("Jane Holloway", "PERSON"), ("The Quiet Frontier", "WORK"), ("Oxford", "GPE"),
            ("Harbour Books", "ORG")} <= got
    assert not any(t == "EVENT" for _, t in got)


def test_foreign_article_outlet_is_a_periodical(nlp):
    got = _typed(run(nlp, "Habeck told Der Spiegel that Germany needed its own chips."))
    assert ("Der Spiegel", "WORK") in got
    assert ("Der Spiegel", "PERSON") not in got


def test_missed_acronym_in_prose_is_an_org(nlp):
    text = "A short introduction.\nScholars at IDEAS LAB disagree, and GDP fell as the CEO said."
    got = _typed(run(nlp, text))
    assert ("IDEAS LAB", "ORG") in got
    assert not any(n in ("GDP", "CEO") for n, _ in got)


def test_acronym_opening_a_longer_name_is_not_taken_alone(nlp):
    text = "A short introduction.\nFirms wanted subsidies under the FARMS and Rural Jobs Act."
    got = _typed(run(nlp, text))
    assert ("FARMS", "ORG") not in got



def test_parenthesised_acronym_not_a_new_body():
    """The rule itself: "(PRFX)" after a name is its alias; a bare "PRFX" is a body."""
    from pagefacts.entities_recognise import _missed_acronyms

    text = "Its Panel on Rivers (PRFX) called it unfair, and PRFX staff agreed."
    found = [text[c.start : c.end] for c in _missed_acronyms(text, [], [(0, len(text))])]
    assert found == ["PRFX"]
    assert text.index("PRFX") not in [c.start for c in _missed_acronyms(text, [], [(0, 80)])]
