"""Vocabulary, cue words and tuned limits of the quotation extractor (``pagefacts.quotes``).

Everything language- or genre-specific that the quotation stages use lives here, apart from
the logic. Words are matched case-insensitively unless said otherwise.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    """A word list written as whitespace-separated words."""
    return frozenset(block.split())


def _phrases(block: str) -> tuple[str, ...]:
    """A phrase list written as ``;``-separated phrases (order kept: longer cues first)."""
    return tuple(" ".join(p.split()) for p in block.split(";") if p.strip())


# --- quote marks -------------------------------------------------------------------------

#: Marks that always open a double quotation.
DOUBLE_OPEN = frozenset("“«„")
#: Marks that always close a double quotation (``”`` may also open one after a space, a
#: typographic slip some pages make).
DOUBLE_CLOSE = frozenset("”»")
#: Straight double quote: opens or closes depending on its neighbours.
STRAIGHT_DOUBLE = '"'
SINGLE_OPEN = frozenset("‘‹")
SINGLE_CLOSE = frozenset("’›")
STRAIGHT_SINGLE = "'"
ALL_MARKS = DOUBLE_OPEN | DOUBLE_CLOSE | SINGLE_OPEN | SINGLE_CLOSE | {'"', "'"}

#: Characters after which a straight quote is an opener (start of a word).
OPEN_CONTEXT = frozenset(" \t\n([{—–-/:;")

#: Dashes that open an epigraph's name line ("— Name", "―Name", "~ Name").
EPIGRAPH_DASHES = "—―–-~"

# --- limits (each tuned; see why) --------------------------------------------------------

#: Longest double-quoted span kept, in characters. Real inline quotations run to a few
#: hundred words at most (the longest on the four test pages is ~560 characters); a longer
#: span means a mark was never closed, and dropping it keeps one stray mark from swallowing
#: the rest of a paragraph that has no blank lines (some pages have none).
MAX_DOUBLE_CHARS = 3000
#: Longest single-quoted span: single marks double as apostrophes, so an unbalanced one is
#: more likely; quotations in single marks on the test pages stay under ~300 characters.
MAX_SINGLE_CHARS = 1200
#: A block quotation without marks is a whole paragraph; longer than this it is not a quote
#: but ordinary text after a colon (block quotes on the test pages are under 700 chars).
MAX_BLOCK_CHARS = 2500
#: A block quotation has at least this many words (shorter lines after a colon are list
#: items or labels, not quotations).
MIN_BLOCK_WORDS = 8
#: A paragraph introduces a block quotation without a colon when a speech cue is among its
#: last tokens ("as Ann Lee put it in her testimony before the committee,": about ten).
BLOCK_INTRO_TOKENS = 10
#: A span of at most this many words without an attribution is a term / scare quote.
TERM_MAX_WORDS = 4
#: An epigraph's name line has at most this many words (a name, perhaps "and" a second).
NAME_LINE_MAX_WORDS = 10
#: How far back (characters) a speech cue is looked for before a quotation: a sentence of
#: commentary rarely puts more than this between the speaker and the quotation.
CUE_WINDOW = 320
#: How many tokens back from a speech verb the nearest name may be ("Ann Lee in her
#: 2018 volume describing ..."); further away it is usually someone else.
NEAREST_NAME_TOKENS = 8
#: Appositives skipped between a name and its verb ("X, director of ..., added"), in tokens.
APPOSITIVE_MAX_TOKENS = 20
#: Longest person name kept from a run of capitalised words when nothing else on the page
#: says where the name starts ("Daily Times Ann Lee" -> two words).
MAX_NAME_TOKENS = 3
#: The page's capitalised words are scanned for names only this far (characters) before a
#: quotation and after it: pronouns and family names of a speaker refer back to names a few
#: paragraphs up at most (measured: no speaker changed on the fixtures and lent pages at
#: 3000; the whole-page scan was ~80% of the extractor's time).
NAME_WINDOW_BEFORE = 2000
NAME_WINDOW_AFTER = 400
#: How many occurrences of a name are checked when asking whether the page writes it alone.
RUN_LOOKUPS = 20
#: Window after a person mention in which gendered pronouns count as evidence of gender.
GENDER_WINDOW = 250
#: A quotation with no cue of its own inherits the speaker of a quotation this many
#: sentences earlier in the same paragraph at most.
CARRY_SENTENCES = 2

#: How far back (characters) a role noun ("the minister") looks for the name it was
#: introduced with ("The housing minister, Ann Lee,"): a news story's length.
ROLE_LOOKBACK = 6000
#: Tokens after a role noun in which its appositive name may start ("the company that runs
#: the main port, Meridian Ports,"; "a survey of 400 finance chiefs by the X Group").
ROLE_INTRO_TOKENS = 9
#: Relative pronouns opening a clause between a role noun and its appositive name.
RELATIVES = _words("that which who whose")

# --- confidence scale (of the speaker attribution) ---------------------------------------
#: The name line under an epigraph.
CONF_EPIGRAPH = 0.95
#: A name right next to a speech cue ("X said", "according to X", "as X put it").
CONF_EXPLICIT = 0.9
#: A name found near the cue but not adjacent (subject of the clause, nearest name).
CONF_NEAR = 0.75
#: A pronoun or nominal ("he", "the report") resolved to an earlier name.
CONF_RESOLVED = 0.7
#: Inherited from an earlier quotation of the same sentence ("… would be a “…”").
CONF_SAME_SENTENCE = 0.7
#: Carried over from an attributed quotation of a previous sentence of the paragraph.
CONF_CARRY = 0.55
#: The author of the work cited by the quotation's note (the text names no speaker).
CONF_NOTE_AUTHOR = 0.4
#: An unresolved role ("the agency director") kept as written.
CONF_ROLE = 0.5
#: No speaker.
CONF_NONE = 0.0

# --- speech cues --------------------------------------------------------------------------

#: Speech / writing verbs, all forms. A quotation introduced or followed by one of these,
#: with a subject, is attributed to that subject.
SPEECH_VERBS = _words(
    """
    say says said saying state states stated stating note notes noted noting warn warns warned
    warning argue argues argued arguing insist insists insisted insisting add adds added adding
    write writes wrote written writing remark remarks remarked observe observes observed
    observing claim claims claimed claiming conclude concludes concluded concluding declare
    declares declared declaring admit admits admitted admitting explain explains explained
    explaining suggest suggests suggested suggesting tell tells told ask asks asked reply
    replies replied comment comments commented describe describes described describing define
    defines defined defining acknowledge acknowledges acknowledged acknowledging emphasise
    emphasises emphasised emphasize emphasizes emphasized stress stresses stressed recall
    recalls recalled predict predicts predicted assert asserts asserted maintain maintains
    maintained agree agrees agreed urge urges urged recommend recommends recommended propose
    proposes proposed report reports reported announce announces announced echo echoes echoed
    praise praises praised attack attacks attacked criticise criticises criticised criticize
    criticizes criticized complain complains complained insinuate insinuates insinuated
    insinuating quote quotes quoted quoting mention mentions mentioned mentioning concede
    concedes conceded reflect reflects reflected contend contends contended counter counters
    countered respond responds responded confess confesses confessed boast boasts boasted muse
    muses mused proclaim proclaims proclaimed affirm affirms affirmed declare testify testified
    """
)
#: Multi-word cues matched as phrases (lower case, single spaces).
SPEECH_PHRASES = _phrases(
    """
    went on to point out; goes on to point out; went on to say; went on; goes on; go on; pointed
    out; points out; point out; put it; puts it; made the point; made clear; has it; found that;
    finds that; find that
    """
)
#: Words introducing the source before a name: "according to X".
ACCORDING = ("according to",)
#: "in X's words", "in her words", "in his view", "to quote X".
IN_WORDS = _words(
    """
    words view phrase terms opinion assessment telling account reading estimation judgement
    judgment
    """
)
#: Nouns of a claim whose owner speaks the quotation after "that": "her claim that “…”",
#: "Lee's argument that “…”".
CLAIM_NOUNS = _words(
    """
    claim claims argument arguments assertion contention insistence suggestion warning belief
    observation conclusion view complaint charge prediction verdict
    """
)
#: Verbs of naming: a short span after them is a term ("what critics call “X”") unless the
#: clause has a speaker ("calling it ‘ambitious’", "she herself calls “…”"): then it is their
#: quotation.
CALLING_VERBS = _words(
    """
    call calls called calling
    """
)
#: Tokens looked at before a span for a naming verb, and most tokens allowed between the verb
#: and the span ("calling the new plan ‘…’": an object of three words at most).
CALLING_TOKENS = 6
#: Relatives before the subject of a naming verb that make the span a name for a thing
#: ("which he calls “…”", "what she called “…”"): a term.
NAMING_RELATIVES = _words("which what")
CALLING_OBJECT_TOKENS = 3
TO_QUOTE = ("to quote", "quoting", "in the words of")
#: Passive auxiliaries: "was described as", "as was remarked" give no speaker.
PASSIVE_AUX = _words(
    """
    was were is are been be being get got
    """
)
#: Tokens skipped between a subject and its verb.
AUX_WORDS = _words(
    """
    has have had also then once later further again just even has't will would could might may
    must did does do so thus therefore had also not to rather artfully herself himself
    themselves itself
    """
)
#: Pronouns that can be speakers, with their gender ("m", "f", "n" neutral/plural).
PRONOUNS = {"he": "m", "she": "f", "they": "n", "it": "o", "we": "n", "i": "n"}
#: Possessive pronouns in "in his words", "in her view".
POSSESSIVE_PRONOUNS = {"his": "m", "her": "f", "their": "n", "its": "o"}
#: Pronoun tokens counted as gender evidence after a name.
MALE_PRONOUNS = frozenset({"he", "his", "him", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})

#: Heads of nominal references to a person ("the author", "the artist").
PERSON_NOMINALS = _words(
    """
    author artist writer photographer scholar analyst expert professor minister president
    economist historian sociologist theorist critic journalist reporter commentator chairman
    chairwoman chair spokesman spokeswoman spokesperson director secretary leader official
    diplomat general ambassador senator congressman congresswoman researcher scientist
    philosopher novelist poet composer painter curator founder ceo head chief editor columnist
    activist lawyer judge governor mayor premier chancellor
    """
)
#: Heads of nominal references to an organisation or a document ("the report").
ORG_NOMINALS = _words(
    """
    report review plan strategy study article paper document commission committee government
    ministry agency council order act guidance book essay piece survey document white
    administration department organisation organization institute company firm court statement
    declaration communique communiqué memo letter post blog editorial network
    """
)
#: Determiners that start a nominal reference; indefinite ones name nobody.
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
INDEFINITE = _words(
    """
    a an one another some several many
    """
)

#: Last words of a capitalised name that make it an organisation or a document.
ORG_HEADS = _words(
    """
    institute institution university college school council commission committee department
    ministry agency bank fund foundation centre center office post times journal review report
    plan strategy guidance corporation company group association organisation organization union
    forum network press house party parliament congress senate court assembly service services
    agency board trust society academy club league alliance government administration army navy
    force forces news magazine gazette herald telegraph guardian tribune economist daily weekly
    broadcasting authority bureau programme program project initiative act order task team inc
    ltd llc plc museum gallery library studio lab laboratory treaty declaration
    """
)
#: Heads of document names: a quotation "in the X Guidance" is sourced to that document.
DOC_HEADS = _words(
    """
    report review plan strategy guidance paper statement declaration act order communique
    communiqué memorandum white book survey study doctrine charter treaty
    """
)
#: Titles and honorifics stripped from speaker names ("Mr Field" -> "Field").
TITLES = _words(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady president
    minister secretary general gen. gen senator sen. congressman congresswoman representative
    rep. governor mayor chancellor premier king queen prince princess ambassador judge justice
    chairman chairwoman director ceo chief pope cardinal archbishop bishop rabbi imam
    commissioner
    """
)
#: Role words that, just before a name, show the name is a person.
ROLE_WORDS = PERSON_NOMINALS | frozenset(
    {"mr", "mrs", "ms", "dr", "sir", "dame", "expert", "professor", "prof"}
)
#: Nouns after a possessive name that make the name the speaker ("Lee's writings").
WORK_NOUNS = _words(
    """
    writings writing words view views book books article essay theory report paper review text
    statement remarks argument account assessment analysis study letter diary memoir speech
    lecture definition description
    """
)
#: Cues just before a span that make it a term or scare quote, not a quotation.
TERM_CUES = _phrases(
    """
    so-called; so called; the term; the word; the words; the phrase; the concept of; the notion
    of; the idea of; phrases like; terms like; words like; known as; dubbed; termed; termed as;
    calls; called; call; labelled; labeled; coined; a kind of; what is called; referred to as
    """
)
#: Cues just before a span that make it the title of a work.
TITLE_CUES = _phrases(
    """
    entitled; titled; title; named; book; article; essay; paper; report; series; exhibition;
    film; novel; poem; song; album; order on the; order entitled; chapter; volume; column; piece
    """
)
#: Definitional verbs after a short span ("“X” is to be understood as") make it a term.
TERM_AFTER = ("is to be understood", "refers to", "means", "denotes", "stands for")
#: Verbs that define a term: "defines a “sign” as ...".
DEFINING_VERBS = _words(
    """
    define defines defined defining call calls called calling term terms termed describe
    describes described describing label labels labelled labeled name names named dub dubs
    dubbed consider considers considered regard regards regarded
    """
)
#: Lower-case words allowed inside a title-case title or a name.
TITLE_SMALL_WORDS = _words(
    """
    a an the of and or for on in at to by with from as but nor vs vs. de da di du van von der
    den la le el al bin del des y e &
    """
)
#: Lower-case particles allowed inside a person name.
NAME_PARTICLES = _words(
    """
    de da di du van von der den la le bin al del des ibn
    """
)
#: Capitalised words that are not names (sentence-initial function words and the like).
NOT_NAME_WORDS = _words(
    """
    the a an as in on at to of for by with from and or but nor so yet if when while where
    whether although though because since after before during after thus hence however moreover
    furthermore indeed finally nevertheless nonetheless still even then there this that these
    those it its he she they we i you his her their our my your one two three some many most
    much more less few several all any each every other another such what which who whom whose
    how why according initially speaking yes no not here now today yesterday tomorrow also
    perhaps well after like unlike despite given instead rather overall concretely explicitly
    simultaneously meanwhile together january february march april may june july august
    september october november december monday tuesday wednesday thursday friday saturday sunday
    see ibid cf et al eds ed among between within without toward towards across beyond under
    over about against both either neither nor whereas upon into onto via per first second third
    last next vol no pp p n consider
        critics analysts officials experts observers economists scholars historians supporters
    opponents residents activists executives diplomats investors lawmakers sources
    """
)
#: Reference-note cues before a span that make it a title ("See", "in", author + comma).
NOTE_TITLE_AFTER_RE = (
    r"^\s*[,.;:]?\s*(?:\(|\[|in\b|In\b|[A-Z0-9]|pp?\.|vol\.|no\.|ed\.|eds\.|trans\.)"
)

#: Prepositions: a capitalised word right after one is an object ("with ABC"), not a subject.
PREPOSITIONS = _words(
    """
    of with in at on from by for to about into onto during like via over under between against
    among toward towards than through without within across behind beyond
    """
)
#: Words after which a short span is a predicate of the quoted person's sentence
#: ("was “fraught”"), so it may inherit the speaker of the previous sentence.
COPULAS = _words(
    """
    was were is are be been being remained remains seemed seems
    """
)
#: A span in a note is embedded in prose (a quotation, not a title) when this many
#: lower-case words come right before it.
PROSE_WORDS_BEFORE = 3
#: Longest gap (in words) between the two parts of a split quotation ("…,” he went on, “…");
#: an appositive and a place ("the board's chair, Dr. Ann Lee, said at a hearing last month,")
#: take about a dozen.
SPLIT_GAP_WORDS = 14
#: Lower-case role words skipped before a name after "according to" ("according to
#: hydrologist Susan Park", "former trade minister Ann Lee"); more is a clause, not a role.
ROLE_WORDS_BEFORE_NAME = 3
#: Verbs whose agent follows "by" right after a quotation ("…,” as read by X", "delivered by").
BY_CUES = _words("read delivered spoken voiced recited")
#: How many tokens after a closing mark a speech cue may start ("…” he warned).
AFTER_CUE_TOKENS = 6
#: Words that are speech verbs but more often nouns ("the UK report on …"): taken as verbs
#: only when followed by "that", a comma/colon, a determiner or a quotation mark.
NOUNISH_VERBS = _words(
    """
    report reports note notes claim claims comment comments quote quotes remark remarks attack
    attacks echo echoes praise praises state states warning writing saying put puts answer
    answers reply replies point points
    """
)
#: Words that may follow a nounish verb used as a verb.
VERB_FOLLOWERS = _words(
    """
    that how the a an it this he she they we i
    """
)
#: A cited work without author speaks for itself (its title as speaker) only when the title
#: is name-like; a longer title is a headline, not a speaker.
MAX_DOC_SPEAKER_WORDS = 12
#: Nominals naming a body (not a document) that, opening a sentence ("The company …"), refer
#: to the name just before them ("Consider Halo Rides. The company …"): that name is an
#: organisation, and "it" after them is that organisation.
BODY_NOMINALS = _words(
    """
    company firm group organisation organization institute agency ministry bank fund
    startup start-up platform charity union association corporation
    """
)
#: How far back (chars) "it" looks for such a nominal (about two paragraphs of this genre),
#: and how far before the nominal its name may stand (the previous sentence).
BODY_NOMINAL_LOOKBACK = 600
BODY_NOMINAL_NAME_GAP = 200
#: Plural group subjects of a speech verb ("Critics say …", "Three airlines sued …, arguing
#: that …"): the span is their words (a quotation), but nobody is named, and no earlier
#: speaker carries over to it.
GROUP_SUBJECTS = _words(
    """
    critics analysts officials experts observers economists scholars historians supporters
    opponents residents activists executives diplomats investors lawmakers sources airlines
    companies firms campaigners unions groups governments countries researchers workers drivers
    scientists doctors teachers farmers protesters skeptics sceptics commentators academics
    politicians regulators banks lenders employers manufacturers producers consumers voters
    coalition alliance
    """
)
#: Tokens before a speech verb searched for such a subject (a short noun phrase: "A
#: coalition of farmers").
GROUP_SUBJECT_TOKENS = 4
#: Makers of a work named by its possessive ("the survey's authors wrote"): the work speaks.
WORK_MAKERS = _words("authors author editors editor researchers")
