"""Attribution patterns added for block quotes, epigraph name lines, colons, cues, role nouns
and cross-sentence notes: each rule has a case it must catch and a case it must leave alone."""

from __future__ import annotations

from tests.test_quotes_pages import quotes_of


def _one(records: list[dict], prefix: str) -> dict:
    found = [r for r in records if r["text"].startswith(prefix)]
    assert len(found) == 1, (prefix, [(r["text"], r["kind"]) for r in records])
    return found[0]


def test_indented_block_over_two_paragraphs_after_wrote_without_colon():
    text = (
        "Some context first.\n\nIn 2010 the then chair of the board, Lena Hart, wrote\n\n"
        "    Nothing in this charter obliges a member to act alone, and nothing excuses it.\n\n"
        "    We will judge ourselves by what we do, not by what we sign.[1]\n\n"
        "Few took her at her word.\n\nNotes\n\n[1] Lena Hart, Letter to members, 2010.\n"
    )
    r = _one(quotes_of(text), "Nothing in this charter")
    assert r["kind"] == "block" and r["speaker"] == "Lena Hart" and r["note_number"] == 1
    assert r["text"].endswith("not by what we sign.") and len(r["parts"]) == 2


def test_lower_case_block_after_stated_that():
    text = (
        "Background.\n\nA 2019 study by the Western Water Council stated that\n\n"
        "the reservoirs would run dry within a decade unless withdrawals were cut by a third.\n\n"
        "That was the end of it."
    )
    r = _one(quotes_of(text), "the reservoirs would run dry")
    assert r["kind"] == "block" and r["speaker"] == "Western Water Council"


def test_paragraph_after_a_plain_sentence_is_not_a_block():
    text = (
        "The committee met on Tuesday and adjourned early.\n\n"
        "    the members were tired and the agenda was long, so nothing was decided that day.\n"
    )
    assert not [r for r in quotes_of(text) if r["kind"] == "block"]


def test_epigraph_name_line_in_the_same_paragraph_and_after_a_dash():
    same = (
        "Title\n\n“Borders are drawn by the tired, and redrawn by the hungry.”\nOla Brandt[1]\n\n"
    )
    dash = "Title\n\n“Every plan is a bet on the weather.” — Ruth Okoye, Letters, 1961\n\n"
    tail = "Body text of the essay begins here.\n\nNotes\n\n[1] Ola Brandt, Essays, 1990.\n"
    r = _one(quotes_of(same + tail), "Borders are drawn")
    assert (r["kind"], r["speaker"], r["note_number"]) == ("epigraph", "Ola Brandt", 1)
    r = _one(quotes_of(dash + tail), "Every plan is a bet")
    assert (r["kind"], r["speaker"]) == ("epigraph", "Ruth Okoye")


def test_quote_after_colon_belongs_to_the_clause_subject():
    text = (
        "Sales fell again. Its chief executive, Ingrid Sol, was more direct: “We sold too little "
        "of what nobody wanted.” Analysts named two effects: “lag” and “drag”."
    )
    recs = quotes_of(text)
    assert _one(recs, "We sold too little")["speaker"] == "Ingrid Sol"
    assert _one(recs, "lag")["kind"] == "term"  # a short span after a colon is no quotation


def test_cues_found_that_in_her_telling_claim_that_calling_it():
    text = (
        "A survey by the Hartfield Group found that firms planned to “shorten and simplify” "
        "their chains. Mara Voss is at her best on the talks. The delegation, in her telling, "
        "arrived “with a plan and without a mandate”. Her claim that the deal “caused the "
        "bubble” is weaker. The minister, Rachel Dunn, defended the target, calling it "
        "“ambitious but achievable”. What economists call “sticky prices” are back. I call this "
        "the “subsidy gap”."
    )
    recs = quotes_of(text)
    assert _one(recs, "shorten and simplify")["speaker"] == "Hartfield Group"
    assert _one(recs, "with a plan")["speaker"] == "Mara Voss"
    assert _one(recs, "caused the bubble")["speaker"] == "Mara Voss"
    assert _one(recs, "ambitious but")["speaker"] == "Rachel Dunn"
    assert _one(recs, "sticky prices")["kind"] == "term"
    assert _one(recs, "subsidy gap")["kind"] == "term"


def test_role_noun_resolves_to_the_name_it_was_introduced_with():
    text = (
        "The housing minister, Rachel Dunn, set a target. The economist Nadia Rahim argued "
        "that “housing is infrastructure and should be financed like it”. The minister later "
        "told reporters the target was “a floor and never a ceiling”. The company that runs "
        "the port, Meridian Docks, said it was “running at about sixty percent”. The company "
        "added that it hoped to “restore full service by April”."
    )
    recs = quotes_of(text)
    assert _one(recs, "housing is infrastructure")["speaker"] == "Nadia Rahim"
    assert _one(recs, "a floor and never")["speaker"] == "Rachel Dunn"
    assert _one(recs, "restore full service")["speaker"] == "Meridian Docks"


def test_note_of_the_next_sentence_only_when_it_continues_the_claim():
    text = (
        "Body.\n\nAccording to Tom Reyes, it was “the most dangerous scenario of all”. But as "
        "was remarked at the time, “few heard the warning” and even fewer acted.[1]\n\n"
        "Lee said the plan was “a failure from the very first day”. Then Ann Park said it was "
        "“a success by any fair measure”.[2]\n\n"
        "Nobody doubted that the cuts were “deep and lasting for years”.\n\nThe end came.[3]\n\n"
        "Notes\n\n[1] Ann Vale, A history, 2001.\n[2] Ann Park, Remarks, 2002.\n"
        "[3] Ann Vale, Another history, 2003.\n"
    )
    recs = quotes_of(text)
    assert _one(recs, "the most dangerous scenario")["note_number"] == 1
    assert _one(recs, "a failure from the very")["note_number"] is None  # Park's own quote
    assert _one(recs, "a success by any")["note_number"] == 2
    assert _one(recs, "deep and lasting")["note_number"] is None  # another paragraph


def test_quotation_over_paragraphs_with_a_mark_opening_each():
    text = (
        "Rosa Quispe has driven for the platform for years. She described a typical week:\n\n"
        "“I log on at six in the morning because that is when the bonuses start.\n\n"
        "“Nobody told me this. I learned it from the other drivers.”\n\n"
        "Her account matches a survey."
    )
    r = _one(quotes_of(text), "I log on")
    assert r["kind"] == "block" and r["speaker"] == "Rosa Quispe" and len(r["parts"]) == 2
    assert r["text"].endswith("from the other drivers.") and "“" not in r["text"]
    # a paragraph closing its own quotation does not run on into the next one
    text2 = (
        "She described a typical week:\n\n“I log on at six in the morning, every day.”\n\n"
        "“Nobody told me this,” said Tom Field, another driver."
    )
    assert _one(quotes_of(text2), "Nobody told me")["speaker"] == "Tom Field"


def test_calling_with_an_object_before_a_long_quotation():
    text = (
        "Tomás Ferreira, an economist at the University of Lima, called the methodology "
        "“[a] convenience sample … with obvious self-selection.” Still, he conceded that "
        "“the direction of the findings is probably right.”"
    )
    recs = quotes_of(text)
    assert _one(recs, "[a] convenience")["speaker"] == "Tomás Ferreira"
    assert _one(recs, "the direction")["speaker"] == "Tomás Ferreira"


def test_acronym_after_the_speaks_after_the_quotation():
    text = "“Carbon pricing remains the most efficient instrument we have,” the IMF said."
    assert _one(quotes_of(text), "Carbon pricing")["speaker"] == "IMF"
    # a lone capitalised word after a preposition is still part of another phrase
    text2 = "“Carbon pricing remains the most efficient instrument,” she wrote in the FT."
    assert _one(quotes_of(text2), "Carbon pricing")["speaker"] is None


def test_it_after_the_company_is_the_name_before_it():
    text = (
        "The European Commission has opened an inquiry. Consider Halo Rides. The company "
        "launched in 2019. In a statement, it said that drivers are “independent partners "
        "who choose when and where to work.”"
    )
    assert _one(quotes_of(text), "independent partners")["speaker"] == "Halo Rides"
    text2 = (
        "The European Commission has opened an inquiry into ride-hailing. In a statement, it "
        "said that drivers are “independent partners who choose when and where to work.”"
    )
    assert _one(quotes_of(text2), "independent partners")["speaker"] == "European Commission"


def test_according_to_and_role_appositive_make_a_pronoun_antecedent():
    text = (
        "Janet Morrow warned of risks. According to Kwame Mensah, Ghana’s deputy finance "
        "minister, the debate misses the point. “We are paying interest at 20 per cent,” he said."
    )
    assert _one(quotes_of(text), "We are paying")["speaker"] == "Kwame Mensah"


def test_group_subject_quotes_nobody_named():
    text = (
        "Three airlines sued the regulator on Monday, arguing that new rules are "
        "“arbitrary and unlawful.”"
    )
    r = _one(quotes_of(text), "arbitrary")
    assert r["kind"] == "inline" and r["speaker"] is None
    text2 = "Irena Kovac: Critics say the measures are “symbolic at best.” I disagree."
    r2 = _one(quotes_of(text2), "symbolic")
    assert r2["kind"] == "inline" and r2["speaker"] is None
    text3 = "Ann Lee, the minister, says the measures are “a start, and only a start.”"
    assert _one(quotes_of(text3), "a start")["speaker"] == "Ann Lee"


def test_authors_of_a_work_speak_for_it():
    text = (
        "Maria Olsen chaired the panel. A survey of 500 firms was published in June by the "
        "Fairwork Institute. The survey’s authors wrote that automation was “slower than feared.”"
    )
    assert _one(quotes_of(text), "slower than")["speaker"] == "Fairwork Institute"


def test_the_report_is_not_an_earlier_unrelated_organisation():
    text = (
        "The Ministry of Finance published figures. Separately, a think tank released a "
        "report. The report claims that “most households are worse off.”"
    )
    assert _one(quotes_of(text), "most households")["speaker"] is None
    text2 = (
        "The Fairwork Institute published a new annual report in May. The report claims that "
        "“most households are worse off.”"
    )
    assert _one(quotes_of(text2), "most households")["speaker"] == "Fairwork Institute"


def test_split_quote_ending_a_paragraph_is_joined_despite_the_next_paragraphs_cue():
    text = (
        "“The markets have already priced in a failure,” Ms. Rania Haddad, a commodities "
        "analyst at Northgate Capital, told Reuters. “If the talks collapse, wheat goes up.”\n\n"
        "The ministry said in a later statement that it had “never ruled out” inspectors."
    )
    r = _one(quotes_of(text), "The markets")
    assert len(r["parts"]) == 2 and r["speaker"] == "Rania Haddad"
    # within the paragraph, a second quotation naming its own speaker stays apart
    text2 = "“We are ready,” said Ann Lee. “We are not,” said Tom Field.\n\nThe end."
    assert _one(quotes_of(text2), "We are not")["speaker"] == "Tom Field"


def test_collective_subject_of_a_participle_cue():
    text = (
        "A coalition of farmers filed suit on Monday against the water board,\n"
        'arguing that new allocation rules are "arbitrary and unlawful." The board declined.'
    )
    r = _one(quotes_of(text), "arbitrary")
    assert r["kind"] == "inline" and r["speaker"] is None


def test_verb_whose_object_is_an_earlier_span_does_not_quote_a_later_term():
    text = (
        "When Adam Smith wrote “The Wealth of Nations” in 1776, he did not imagine the "
        "“platform economy.” Yet his heirs invoke him constantly."
    )
    assert _one(quotes_of(text), "platform economy")["kind"] == "term"
    text2 = "Ann Lee wrote “We are ready” in May, and added that the plan was “a trap.”"
    assert _one(quotes_of(text2), "a trap")["speaker"] == "Ann Lee"
