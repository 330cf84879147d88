"""Vocabularies of the entity stage: label mapping, cue words, suffixes, universal abbreviations.

General English and bibliographic vocabulary only: no names taken from any one page.
"""

from __future__ import annotations

import re

#: spaCy (OntoNotes) labels kept, and the type each becomes. FAC is decided by rule.
LABEL_MAP: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "LAW": "LAW",
    "WORK_OF_ART": "WORK",
    "FAC": "FAC",
}

ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW", "WORK")

#: A FAC whose last word is one of these is an organisation housed in the building.
FAC_ORG_WORDS = frozenset({"House", "Hall", "Centre", "Center", "Library", "Museum", "Gallery"})
#: A FAC whose last word is one of these is a place; other FAC spans are dropped (on this
#: genre the model's FAC is mostly a capitalised phrase of something else).
FAC_LOC_WORDS = frozenset(
    {
        "Airport",
        "Bridge",
        "Square",
        "Street",
        "Avenue",
        "Road",
        "Tower",
        "Palace",
        "Canal",
        "Dam",
        "Stadium",
        "Park",
        "Station",
        "Cathedral",
        "Church",
        "Temple",
        "Castle",
        "Port",
        "Harbour",
        "Harbor",
        "Base",
        "Wall",
        "Gate",
        "Mosque",
        "Memorial",
    }
)

#: Words that end the name of an institution: such a name is an ORG whatever the model says.
ORG_SUFFIXES = frozenset(
    {
        "Center",
        "Centre",
        "Institute",
        "Institution",
        "University",
        "College",
        "Committee",
        "Council",
        "Commission",
        "Foundation",
        "Association",
        "Society",
        "Agency",
        "Department",
        "Ministry",
        "Office",
        "Bureau",
        "Bank",
        "Fund",
        "Press",
        "Publishers",
        "Publishing",
        "Party",
        "Parliament",
        "Congress",
        "Senate",
        "Assembly",
        "Court",
        "Forum",
        "School",
        "Academy",
        "Corporation",
        "Company",
        "Inc",
        "Ltd",
        "Group",
        "Organization",
        "Organisation",
        "Union",
        "League",
        "Alliance",
        "Network",
        "Trust",
        "Board",
        "Authority",
        "Service",
        "Services",
        "Studies",
        "Programme",
        "Program",
        "Initiative",
        "Club",
        "Federation",
        "Coalition",
        "Conference",
        "Secretariat",
        "Army",
        "Navy",
        "Museum",
        "Gallery",
        "Library",
        "Archive",
        "Archives",
        "Laboratory",
        "Lab",
        "Labs",
        "Records",
        "Media",
        "IDEAS",
        "Inc.",
        "Ltd.",
        "Co.",
        "LLC",
        "plc",
    }
)
#: Suffixes that may be dropped to give the short name of the same organisation
#: ("Brookings" for "Brookings Institution"). "Press" only for one-word remainders: a
#: university and its press are two organisations.
ORG_DROPPABLE_SUFFIXES = frozenset(
    {
        "Institution",
        "Institute",
        "Inc",
        "Inc.",
        "Ltd",
        "Ltd.",
        "Corporation",
        "Company",
        "Co.",
        "LLC",
        "plc",
        "Group",
        "Press",
        "Publishers",
        "Publishing",
    }
)
ORG_SUFFIXES_NEEDING_ONE_WORD = frozenset({"Press", "Publishers", "Publishing"})

#: Last words of periodicals: a name ending so is a WORK.
PERIODICAL_SUFFIXES = frozenset(
    {
        "Post",
        "Times",
        "Journal",
        "Gazette",
        "Herald",
        "Tribune",
        "Magazine",
        "Quarterly",
        "Monthly",
        "Weekly",
        "Daily",
        "Chronicle",
        "Telegraph",
        "Observer",
        "Bulletin",
        "Digest",
        "Newsletter",
        "Courier",
        "Economist",
        "Guardian",
        "Independent",
        "Mail",
        "Standard",
        "Spectator",
        "Atlantic",
        "Record",
        "Letters",
        "Proceedings",
        "Annals",
        "Yearbook",
        "News",
    }
)

#: Last words of named documents (laws, strategies, reviews of government policy): LAW.
LAW_SUFFIXES = frozenset(
    {
        "Act",
        "Treaty",
        "Strategy",
        "Guidance",
        "Doctrine",
        "Agreement",
        "Accord",
        "Accords",
        "Charter",
        "Protocol",
        "Constitution",
        "Amendment",
        "Bill",
        "Directive",
        "Regulation",
        "Plan",
        "Declaration",
        "Convention",
        "Review",
        "Order",
        "Resolution",
        "Code",
        "Pact",
        "Framework",
        "Statute",
        "Law",
    }
)
#: LAW suffixes that are also common last words of periodical titles or bodies: in a note's
#: container position they make a WORK.
LAW_OR_PERIODICAL = frozenset({"Review", "Record", "Law"})

#: Nouns that, right before a capitalised name, say the name is a periodical.
PERIODICAL_CUES = frozenset(
    {"journal", "newspaper", "magazine", "periodical", "daily", "weekly", "monthly", "quarterly"}
)

#: Person titles and honorifics (case-sensitive, with or without a full stop).
PERSON_TITLES = frozenset(
    {
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Mx",
        "Dr",
        "Prof",
        "Professor",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "President",
        "Vice-President",
        "Premier",
        "Chancellor",
        "Minister",
        "Secretary",
        "Senator",
        "Sen",
        "Rep",
        "Representative",
        "Congressman",
        "Congresswoman",
        "Governor",
        "Gov",
        "Mayor",
        "General",
        "Gen",
        "Admiral",
        "Colonel",
        "Col",
        "Captain",
        "Capt",
        "Lieutenant",
        "Major",
        "Sergeant",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Pope",
        "Father",
        "Rev",
        "Reverend",
        "Rabbi",
        "Imam",
        "Ambassador",
        "Judge",
        "Justice",
        "Chairman",
        "Chairwoman",
        "Chair",
        "Director",
        "Comrade",
        "Comrades",
        "Emeritus",
        "Associate",
        "Assistant",
        "Deputy",
        "Chief",
        "Executive",
        "Fellow",
        "Lecturer",
        "Reader",
        "Dean",
        "Provost",
        "Rector",
        "Saint",
        "St",
        "Mme",
        "Mlle",
        "Herr",
        "Frau",
        "Señor",
        "Madame",
        "Monsieur",
        "CEO",
        "Vice",
        "Prime",
        "Foreign",
        "Defence",
        "Defense",
        "Senior",
        "Founding",
        "Visiting",
        "Former",
        "Acting",
        "Economist",
        "Sociologist",
        "Historian",
    }
)
#: Words of titles that stand for an office, not a person's own name ("Secretary of State").
OFFICE_OBJECTS = frozenset(
    {
        "State",
        "Defense",
        "Defence",
        "Treasury",
        "Commerce",
        "Energy",
        "Justice",
        "Labor",
        "Labour",
        "Education",
        "Health",
        "Staff",
    }
)

#: Lowercase role nouns that, right before a capitalised name, say it is a person.
ROLE_NOUNS = frozenset(
    {
        "president",
        "minister",
        "director",
        "secretary",
        "senator",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chairman",
        "chairwoman",
        "professor",
        "analyst",
        "expert",
        "sociologist",
        "economist",
        "historian",
        "writer",
        "author",
        "editor",
        "journalist",
        "correspondent",
        "scholar",
        "researcher",
        "commentator",
        "philosopher",
        "theorist",
        "critic",
        "artist",
        "photographer",
        "painter",
        "novelist",
        "poet",
        "composer",
        "musician",
        "ambassador",
        "diplomat",
        "general",
        "governor",
        "mayor",
        "chancellor",
        "premier",
        "leader",
        "founder",
        "ceo",
        "executive",
        "official",
        "adviser",
        "advisor",
        "colleague",
        "student",
        "curator",
        "reporter",
        "columnist",
        "congressman",
        "congresswoman",
        "representative",
        "judge",
        "lawyer",
        "scientist",
        "theoretician",
        "politician",
        "statesman",
        "strategist",
        "investor",
        "entrepreneur",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sir",
        "dame",
        "comrade",
        "comrades",
    }
)

#: Speech and reporting verbs: a name right before one (optionally after an adverb) speaks.
SPEECH_VERBS = frozenset(
    {
        "said",
        "says",
        "say",
        "told",
        "tells",
        "wrote",
        "writes",
        "argued",
        "argues",
        "warned",
        "warns",
        "noted",
        "notes",
        "added",
        "adds",
        "insisted",
        "insists",
        "claimed",
        "claims",
        "stated",
        "states",
        "declared",
        "declares",
        "explained",
        "explains",
        "observed",
        "observes",
        "remarked",
        "remarks",
        "admitted",
        "admits",
        "agreed",
        "agrees",
        "suggested",
        "suggests",
        "believes",
        "believed",
        "thinks",
        "thought",
        "concluded",
        "concludes",
        "asked",
        "asks",
        "replied",
        "replies",
        "responded",
        "responds",
        "commented",
        "comments",
        "acknowledged",
        "acknowledges",
        "recalled",
        "recalls",
        "announced",
        "announces",
        "stressed",
        "stresses",
        "emphasized",
        "emphasised",
        "pointed",
        "put",
        "puts",
        "echoed",
        "echoes",
        "praised",
        "praises",
        "attacked",
        "attacks",
        "contended",
        "contends",
        "maintained",
        "maintains",
        "predicted",
        "predicts",
        "has",
        "had",
        "once",
        "went",
        "then",
        "also",
    }
)
#: Adverbs and auxiliaries allowed between a name and its speech verb.
SPEECH_FILLERS = frozenset(
    {
        "also",
        "then",
        "once",
        "has",
        "had",
        "have",
        "later",
        "further",
        "again",
        "recently",
        "famously",
        "rightly",
        "himself",
        "herself",
    }
)
#: Speech verbs proper (the fillers above are not enough on their own).
SPEECH_VERBS_PROPER = SPEECH_VERBS - SPEECH_FILLERS

#: Phrases before a name that make it a source of words ("according to X", "as X put it").
SOURCE_PHRASES = ("according to", "in the words of", "as put by", "quoted by", "interview with")

#: Capitalised modal/auxiliary verbs that the model glues to a following name at the start
#: of a question or title ("Will China …?").
SENTENCE_MODALS = frozenset(
    {
        "Will",
        "Would",
        "Can",
        "Could",
        "Shall",
        "Should",
        "May",
        "Might",
        "Must",
        "Does",
        "Did",
        "Do",
        "Is",
        "Are",
        "Was",
        "Were",
        "Has",
        "Have",
        "Had",
        "Why",
        "How",
        "When",
        "Where",
        "What",
        "Who",
        "Whither",
        "Can’t",
        "Won’t",
    }
)

#: Bibliographic abbreviations that are never names, alone or at the edge of a span.
BIBLIO_WORDS = frozenset(
    {
        "Vol",
        "Vols",
        "vol",
        "vols",
        "No",
        "Nos",
        "no",
        "nos",
        "ed",
        "eds",
        "Ed",
        "Eds",
        "edn",
        "pp",
        "p",
        "pg",
        "Pp",
        "P",
        "trans",
        "Trans",
        "op",
        "cit",
        "ibid",
        "Ibid",
        "et",
        "al",
        "cf",
        "Cf",
        "ch",
        "Ch",
        "chap",
        "fn",
        "n",
        "nn",
        "para",
        "paras",
        "Fig",
        "fig",
        "Figs",
        "Ibidem",
        "idem",
        "Id",
        "ff",
        "sic",
        "Repr",
        "repr",
        "rev",
        "Rev.",
        "See",
        "Supra",
        "supra",
        "Infra",
        "infra",
        "Art",
        "Sec",
        "Sect",
        "Pt",
        "Part",
        "Issue",
        "Volume",
        "Number",
        "Report",
        "Blog",
        "Available",
        "Accessed",
        "Retrieved",
        "Consulted",
        "Online",
        "URL",
        "DOI",
        "ISBN",
        "ISSN",
        "Page",
        "Pages",
        "Edition",
        "Transcript",
        "PDF",
        "Hearing",
        "Working",
        "Paper",
    }
)
#: Words that may end a span only as bibliographic clutter (dropped from the edge).
EDGE_CLUTTER = frozenset(
    {
        "ed",
        "eds",
        "Ed",
        "Eds",
        "edn",
        "trans",
        "Vol",
        "Vols",
        "No",
        "Nos",
        "pp",
        "p",
        "Report",
        "Blog",
        "PDF",
        "et",
        "al",
    }
)

#: Licence codes: "CC BY 4.0" and the like are not organisations.
LICENCE_RE = re.compile(r"\bCC[ -](?:BY|0|ZERO)(?:[ -](?:SA|NC|ND))*\b|\bCC0\b|\bGNU\b|\bGFDL\b")

#: Academic and professional titles that the model takes for organisations when alone.
TITLE_ONLY_WORDS = PERSON_TITLES | frozenset(
    {
        "Emeritus",
        "Professor",
        "Chair",
        "Head",
        "Honorary",
        "Distinguished",
        "Research",
        "of",
        "the",
        "and",
        "Secretary",
        "State",
    }
)
#: Titles after which "of X" is a discipline or office, not an organisation.
DISCIPLINE_HEADS = frozenset(
    {
        "Professor",
        "professor",
        "Lecturer",
        "lecturer",
        "Reader",
        "reader",
        "Chair",
        "chair",
        "Doctor",
        "Master",
        "Bachelor",
        "Secretary",
        "secretary",
        "Minister",
        "minister",
        "Department",
        "degree",
        "PhD",
        "Ph.D.",
        "studies",
        "Studies",
        "Dean",
        "dean",
    }
)

#: Determiners stripped from canonical names (not from WORK titles, where "The" belongs).
DETERMINERS = frozenset({"the", "The", "THE"})

#: Prefixes glued by a hyphen to a name: "anti-U.S." names the United States.
NAME_PREFIXES = ("anti-", "pro-", "ex-", "post-", "pre-", "non-", "un-", "Anti-", "Pro-")

#: Word starts that legitimately carry an inner capital ("MacArthur", "DeVito", "LaGuardia"):
#: a lowercase-uppercase join after one of these is not a lost space.
CAMEL_PREFIXES = frozenset(
    {
        "Mc",
        "Mac",
        "De",
        "Di",
        "Da",
        "Du",
        "Le",
        "La",
        "Van",
        "Von",
        "Der",
        "Del",
        "Della",
        "Des",
        "Fitz",
        "Ter",
        "Ten",
        "Al",
        "El",
        "Ben",
        "Abu",
        "Bin",
        "St",
        "O",
    }
)

#: Function words skipped when building an acronym from a name's initials.
ACRONYM_STOPWORDS = frozenset(
    {
        "of",
        "on",
        "and",
        "the",
        "for",
        "in",
        "at",
        "to",
        "&",
        "de",
        "des",
        "du",
        "la",
        "le",
        "a",
        "an",
        "’s",
        "'s",
    }
)

#: Universal abbreviations and alternative names: surface → (canonical name, type). A capital
#: city is NOT listed: "Washington" used for its government is still the city.
UNIVERSAL_ALIASES: dict[str, tuple[str, str]] = {
    "US": ("United States", "GPE"),
    "U.S.": ("United States", "GPE"),
    "U.S": ("United States", "GPE"),
    "USA": ("United States", "GPE"),
    "U.S.A.": ("United States", "GPE"),
    "United States of America": ("United States", "GPE"),
    "America": ("United States", "GPE"),
    "UK": ("United Kingdom", "GPE"),
    "U.K.": ("United Kingdom", "GPE"),
    "U.K": ("United Kingdom", "GPE"),
    "Britain": ("United Kingdom", "GPE"),
    "Great Britain": ("United Kingdom", "GPE"),
    "PRC": ("China", "GPE"),
    "P.R.C.": ("China", "GPE"),
    "People’s Republic of China": ("China", "GPE"),
    "People's Republic of China": ("China", "GPE"),
    "USSR": ("Soviet Union", "GPE"),
    "U.S.S.R.": ("Soviet Union", "GPE"),
    "Russian Federation": ("Russia", "GPE"),
    "UN": ("United Nations", "ORG"),
    "U.N.": ("United Nations", "ORG"),
    "EU": ("European Union", "ORG"),
    "E.U.": ("European Union", "ORG"),
    "North Atlantic Treaty Organization": ("NATO", "ORG"),
    "North Atlantic Treaty Organisation": ("NATO", "ORG"),
    "UAE": ("United Arab Emirates", "GPE"),
    "DRC": ("Democratic Republic of the Congo", "GPE"),
    "WHO": ("World Health Organization", "ORG"),
    "IMF": ("International Monetary Fund", "ORG"),
    "WTO": ("World Trade Organization", "ORG"),
}

#: Quote marks and apostrophes trimmed from span edges.
QUOTE_CHARS = "\"'“”‘’«»„‟‹›`"
#: Opening quote marks: a note's title starts with one.
OPEN_QUOTES = "\"'“‘«„"
CLOSE_QUOTES = "\"'”’»"

#: Qualifiers after a city name that do not make another place ("Washington D.C.").
PLACE_QUALIFIERS = frozenset({"D.C.", "D.C", "DC"})

#: Parts of a document ("Section 2", "Chapter 5"): not named entities.
DOC_PART_RE = re.compile(
    r"^(?:Section|Sections|Chapter|Chapters|Part|Figure|Fig|Table|Appendix|Annex|Box|Exhibit|Note|Page)"
    r"\.?\s+[\dIVXLC]+\b"
)

#: First words of named documents ("Agreement on …", "Treaty of …"): LAW.
LAW_HEADS = frozenset(
    {
        "Agreement",
        "Treaty",
        "Convention",
        "Act",
        "Charter",
        "Protocol",
        "Declaration",
        "Accord",
        "Accords",
        "Pact",
        "Statute",
    }
)

#: Shortest acronym merged with a name by its initials alone (not defined on the page in
#: parentheses): two-letter acronyms ("AI", "IT") are mostly common nouns.
MIN_INITIALS_ACRONYM = 3


# --------------------------------------------------------------------------- venues, awards

#: Head words of institutions and venues, multilingual where cheap (museum, gallery, hall of
#: art, house, foundation, collection, academy, library …). A name whose head is one of these is
#: an ORG whatever the model said ("Centre Pompidou", "Kunsthalle Basel", "Haus der Kunst").
VENUE_HEADS = frozenset(
    {
        "Museum", "Museo", "Musée", "Museu", "Museet", "Museoa", "Muzeum", "Musei",
        "Gallery", "Galleries", "Galerie", "Galleria", "Galería", "Galerija",
        "Kunsthalle", "Kunsthaus", "Kunstmuseum", "Kunstakademie", "Kunstraum", "Kunstverein",
        "Kunstsammlung", "Nationalgalerie", "Fotomuseum", "Haus", "Sammlung", "Collection",
        "Centre", "Center", "Centro", "Centrum", "Zentrum",
        "Foundation", "Fondation", "Fondazione", "Fundación", "Fundação", "Stiftung",
        "Institute", "Institut", "Instituto", "Istituto",
        "Academy", "Akademie", "Académie", "Accademia", "Academia",
        "Library", "Bibliothèque", "Biblioteca", "Bibliothek",
        "University", "Universität", "Université", "Universidad", "Università", "Universiteit",
        "College", "School", "Hochschule", "Conservatory", "Conservatoire",
        "Society", "Association", "Pavilion", "Theatre", "Theater", "Opera", "Philharmonic",
        "Orchestra", "Observatory",
    }
)

#: Endings of one-word German/Dutch/Nordic institution compounds ("Lenbachhaus",
#: "Fotomuseum", "Martin-Gropius-Bau"): a capitalised single word with such an ending is an ORG.
VENUE_COMPOUND_ENDINGS = ("museum", "halle", "haus", "galerie", "akademie", "stiftung", "-bau")

#: Head words of prizes, awards and recurring exhibitions. Typing choice (documented in
#: schemas/entity.schema.json): an award is not an organisation (schema.org has no Award
#: type, only the ``award`` property); it is conferred on a date, in a ceremony, so it is
#: typed EVENT consistently, like a biennale or a festival.
AWARD_HEADS = frozenset(
    {
        "Prize", "Prizes", "Award", "Awards", "Medal", "Medaille", "Médaille", "Prix", "Preis",
        "Förderpreis", "Premio", "Prijs", "Pris", "Fellowship", "Fellowships", "Grant",
        "Biennale", "Biennial", "Triennale", "Triennial", "Festival", "Documenta", "Manifesta",
        "Expo", "Olympics",
    }
)

#: Words joining the head of an institution or award to its complement ("Museum of Modern
#: Art", "Haus der Kunst", "Prize for Photography"): the head is looked for before the first.
HEAD_CONNECTORS = frozenset(
    {"of", "for", "in", "on", "at", "to", "der", "des", "de", "du", "di", "del", "della",
     "la", "le", "les", "für", "and", "&", "und", "et", "y", "e", "van", "voor", "för"}
)

#: Words that are never part of a person's name but often of an institution's ("Tate
#: Modern", "Tate Britain"): a PERSON span containing one is an ORG.
NON_NAME_WORDS = frozenset(
    {"Modern", "Contemporary", "National", "Royal", "International", "Federal", "Central",
     "Britain", "Europe", "America", "Africa", "Asia", "Art", "Arts", "Photography"}
)

#: Corporate cues around a name: a one-word PERSON seen with one of these (and never with a
#: person cue nor as a family name) is a company ("Pfizer's shares", "its CEO").
CORPORATE_AFTER = frozenset(
    {"Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "plc", "PLC", "LLC", "AG", "SA", "GmbH",
     "NV", "shares", "stock", "shareholders", "products", "CEO", "chief", "board", "revenue",
     "revenues", "profits", "profit", "subsidiary", "subsidiaries", "founder", "founders",
     "executives", "employees", "contract", "contracts", "platform", "software", "cloud",
     "valuation", "acquisition", "headquarters", "investors", "earnings"}
)
CORPORATE_BEFORE = frozenset(
    {"company", "companies", "firm", "firms", "firm’s", "corporation", "corporations",
     "giant", "giants", "startup", "start-up", "startups", "conglomerate", "contractor",
     "contractors", "rival", "rivals", "competitor", "competitors", "vendor", "vendors",
     "manufacturer", "maker", "makers", "supplier", "suppliers", "brand", "acquired",
     "shares", "stake"}
)
#: Citation types whose container is a periodical (a WORK whatever the body says); any other
#: container (a website's owner, an institution's page) yields to the model's typing.
PERIODICAL_CITATION_TYPES = frozenset({"article-journal", "article-newspaper", "article-magazine"})

#: The longest line (in characters) still taken as a heading or list item: a name may only run
#: across a single line break when the line it starts on is longer (hard-wrapped prose).
WRAPPED_LINE_MIN = 60

#: Institutions whose one-word name stands alone ("Congress", "Parliament"): kept when the
#: page names no longer body ending with that word (other bare suffixes, "the Review", go).
STANDALONE_INSTITUTIONS = frozenset(
    {"Congress", "Parliament", "Senate", "Assembly", "Cabinet", "Treasury", "Pentagon",
     "Commission", "Council", "Bundestag", "Bundesrat", "Knesset", "Duma", "Storting"}
)

#: Words before a one-word name that make it a place ("based in X", "born in X"): a one-word
#: PERSON after them is a GPE (people are not "in" someone, save in a possessive).
LOCATIVE_BEFORE = frozenset({"in", "near", "born in", "based in", "from", "outside"})

#: Verbs right after a one-word name that only a person does ("Keynes argued", "Gibbon
#: wrote"): the model often types such a bare family name as a place or organisation.
#: Verbs that institutions also do ("said", "warned", "announced") are left out on purpose.
PERSON_ONLY_VERBS = frozenset(
    {"argued", "wrote", "admired", "believed", "thought", "recalled", "insisted", "feared",
     "hoped", "mused", "quipped", "conceded", "lamented", "remarked", "reflected", "famously",
     "himself", "herself", "died", "was born", "married", "studied", "taught"}
)

#: Phrases between a person and a one-word name that make that name a person too: one
#: author drawing on another ("Machiavelli drew on X", "Gibbon admired X", "borrowed from X").
PERSON_DEBT_PHRASES = frozenset(
    {"drew on", "drew upon", "borrowed from", "quoted", "cited", "echoed", "paraphrased",
     "admired", "read", "praised", "criticised", "criticized", "followed", "answered"}
)

#: Initials written before a surname ("E.H. Carr", "A.J.P. Taylor"): up to four letters.
INITIALS_BEFORE_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.){1,4}\s?$")

#: Verbs right before an unquoted title led by an article ("Gibbon wrote The Decline and Fall
#: of ..."): the words from the article on, up to the first lower-case word, are a work.
TITLE_VERBS = frozenset(
    {"wrote", "write", "writes", "written", "published", "publishes", "read", "reads",
     "reread", "authored", "edited", "translated", "reviewed", "reviews", "novel", "book",
     "memoir", "essay", "treatise", "study"}
)

#: Lower-case words a title may carry between its capitalised words.
TITLE_CONNECTORS = ("of", "and", "the", "on", "for", "to", "a", "an", "in the", "from")

#: Plural staff nouns before "at X" ("analysts at X", "economists at X"): X is an employer.
STAFF_AT_NOUNS = frozenset(
    {"analysts", "economists", "strategists", "researchers", "scientists", "bankers",
     "executives", "staff", "employees", "engineers", "traders", "officials", "fellows",
     "scholars", "lawyers", "partners", "investors", "colleagues"}
)

#: Foreign definite articles that open newspaper and magazine names ("Die Zeit", "Le Monde").
FOREIGN_ARTICLES = frozenset(
    {"Der", "Die", "Das", "Le", "La", "Les", "El", "Il", "Lo", "Het", "Os", "As"}
)

#: Words right before such a name that make it the outlet spoken to or written in.
OUTLET_BEFORE = frozenset({"told", "in", "to", "with", "for"})

#: Upper-case words that are common nouns or units, not names, when the model misses an
#: acronym in mixed-case prose ("GDP", "CEO"): the rest of such words are organisations.
NON_NAME_ACRONYMS = frozenset(
    {"CEO", "CFO", "COO", "CTO", "GDP", "GNP", "GNI", "FDI", "PDF", "HTML", "URL", "USD", "EUR",
     "GBP", "JPY", "CNY", "RMB", "CPI", "VAT", "ISBN", "ISSN", "DOI", "PhD", "MBA", "MP", "MPs",
     "MEP", "MEPs", "NGO", "NGOs", "SME", "SMEs", "IPO", "ESG", "AI", "TV", "DNA", "OK", "FAQ",
     "COVID", "AIDS", "HIV", "CO2", "ICT", "R&D", "II", "III", "IV", "VI", "VII", "VIII", "IX",
     "XI", "XII", "USB", "GPS", "LNG", "NOTE", "NOTES", "NB", "PS", "AM", "PM", "BC", "AD",
     "BCE", "CE", "UTC", "GMT", "EST", "PST", "CET", "KB", "MB", "GB", "TB", "KM", "OPINION",
     "NEW", "FREE", "READ", "MORE", "ALL", "AND", "THE", "FOR", "NOT", "YES", "NO"}
)

#: Shortest upper-case word taken as an acronym when the model missed it (two letters are too
#: often initials, units or US state codes).
MIN_MISSED_ACRONYM = 3
