"""Cue words and patterns for finding notes and parsing citations.

Everything here is general bibliographic convention (English-language notes); nothing is taken
from one page. The logic lives in :mod:`pagefacts.notes` and :mod:`pagefacts.citations`.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- notes block

#: Headings that introduce a notes list (compared case-insensitively, trailing colon allowed).
NOTES_HEADINGS = frozenset(
    {
        "notes",
        "note",
        "endnotes",
        "end notes",
        "footnotes",
        "foot notes",
        "references",
        "sources",
        "notes and references",
        "references and notes",
        "notes and sources",
        "sources and notes",
        "bibliography",
        "citations",
        "works cited",
        "literature",
        "further reading",
    }
)

#: A numbered label at the start of a line: ``[12]``, ``^12``, ``(12)``, ``12.``, ``12)``, ``12``,
#: or Unicode superscript digits. One alternative per style; the group name is the style.
NOTE_LABEL_RE = re.compile(
    r"^[ \t\u00a0]*(?:"
    r"\[(?P<bracket>\d{1,5})\]"
    r"|\^(?P<caret>\d{1,5})"
    r"|\((?P<paren>\d{1,5})\)"
    r"|(?P<sup>[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]{1,5})"
    r"|(?P<dot>\d{1,5})[.)](?=[ \t\u00a0\n])"
    r"|(?P<bare>\d{1,5})(?=[ \t\u00a0]+\S)"
    r")",
    re.M,
)

#: Back-link debris that ends a note's text (the rest of the note's extent is dropped).
BACKLINK_RE = re.compile(
    r"[ \t\u00a0]*(?:\u21a9[\ufe0e\ufe0f]?|\u2191|"
    r"(?:return|back|jump|go|skip)\s+(?:back\s+)?to\s+(?:the\s+)?"
    r"(?:text|main text|article|content|note reference|reference|top)\b|"
    r"jump\s+up\b)",
    re.I,
)

#: The same debris searched for inside a note (no leading blanks: a search must not try every
#: run of spaces; the note's end is right-trimmed anyway).
BACKLINK_SEARCH_RE = re.compile(BACKLINK_RE.pattern.removeprefix(r"[ \t\u00a0]*"), re.I)

#: How far apart two consecutive note numbers may be and still belong to one list. A list with
#: a few lost notes stays one list; a jump larger than this starts a new candidate list.
MAX_NOTE_GAP = 4

#: A candidate list is kept only if its score reaches this (see ``notes._score_run``): roughly
#: "two independent signs of a notes list" (a heading, markers in the body, short
#: bibliographic-looking items near the end of the page).
MIN_RUN_SCORE = 3.0

#: Item lengths (characters) of typical notes versus body paragraphs. Notes are one to a few
#: sentences (median well under 600 characters); numbered body paragraphs run to 1,000+.
SHORT_NOTE_CHARS = 600
LONG_ITEM_CHARS = 1400

# --------------------------------------------------------------------------- markers

#: Words after which a glued number is data, not a marker ("No.3", "pp.12", "Op.33").
NUMBER_ABBREVIATIONS = frozenset(
    {
        "no", "nos", "vol", "vols", "p", "pp", "op", "opp", "fig", "figs", "ch", "chap",
        "sec", "sect", "art", "arts", "para", "paras", "eq", "eqs", "ed", "edn", "n", "nn",
        "v", "vv", "vs", "cf", "ibid", "id", "pt", "pts", "bk", "col", "cols", "tab", "ex",
        "ser", "iss", "num", "ref", "refs", "fn", "fns", "l", "ll", "r", "min", "max", "ca",
        "c", "approx", "vers", "ver", "rev", "st", "nr",
    }
)

#: Abbreviations whose period does not end a sentence.
SENTENCE_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt",
        "rep", "sen", "gov", "pres", "rev", "hon", "e.g", "i.e", "etc", "vs", "cf", "al",
        "no", "nos", "vol", "vols", "p", "pp", "op", "fig", "ch", "sec", "ed", "eds",
        "trans", "inc", "ltd", "co", "corp", "dept", "univ", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "d.c", "a.m",
        "p.m", "approx", "ca", "c", "ibid", "op. cit", "repr", "n.d", "n.p",
    }
)

# --------------------------------------------------------------------------- works

#: Leading phrases that introduce a work without being part of it (kept in ``prefix``).
PREFIX_RE = re.compile(
    r"(?:"
    r"(?:see|cf\.?|compare)(?:\s+(?:also|further|especially|generally|e\.g\.,?|for example,?"
    r"|in particular,?|inter alia,?))*\s*,?"
    r"|(?:also\s+)?(?:cited|quoted|reprinted|discussed|reported|summarised|summarized)"
    r"\s+(?:in|by)"
    r"|(?:as\s+)?(?:cited|quoted)\s+(?:in|by)"
    r"|(?:for|on)\s+[^.;:]{1,160}?,?\s+see(?:\s+(?:also|e\.g\.,?|especially))?"
    r"|(?:an?|the)\s+(?:good|useful|standard|classic|recent|excellent)\s+[^.;:]{0,80}?"
    r"\s+(?:is|are)\s+(?:probably\s+|perhaps\s+)?"
    r"|quoted\s+from"
    r"|source:?|sources:?|from"
    r")(?=\s)\s*",
    re.I,
)

#: The page author's own work: "See my chapter …", "my ‘…’".
SELF_RE = re.compile(
    r"(?:my|our)(?:\s+(?:own\s+)?(?:chapter|article|book|paper|essay|piece|report|post|blog|"
    r"blog post|study|monograph|contribution|review|lecture|talk|op-ed|commentary|analysis|"
    r"working paper|policy brief|briefing))?\b[\s,:]*",
    re.I,
)

#: Shorthand pointing back to an earlier citation.
IBID_RE = re.compile(
    r"\b(?:ibid|ibidem|idem|op\.?\s*cit|loc\.?\s*cit)\b\.?"
    r"|(?<![\w.])(?-i:Id)\.(?=[\s,]|$)",  # legal "Id." (capitalised only: "id." is a word)
    re.I,
)

#: Connectors that join works inside one note ("…; and B …").
CONNECTOR_RE = re.compile(r"(?:and|also|&|as well as|plus)\s+", re.I)

#: Words that make a name an organisation (publisher, institution) rather than a person.
ORG_WORDS = frozenset(
    {
        "press", "publishers", "publisher", "publishing", "publications", "books", "verlag",
        "editions", "éditions", "editores", "editorial", "university", "universiteit",
        "universität", "college", "institute", "institution", "institut", "instituto",
        "center", "centre", "commission", "committee", "department", "dept", "office",
        "foundation", "council", "agency", "bureau", "ministry", "corporation", "company",
        "inc", "ltd", "llc", "plc", "gmbh", "trust", "society", "association", "school",
        "academy", "library", "museum", "gallery", "galerie", "government", "parliament",
        "congress", "senate", "house", "group", "network", "forum", "board", "service",
        "services", "organization", "organisation", "union", "federation", "authority",
        "administration", "secretariat", "programme", "program", "project", "unit", "bank",
        "fund", "assembly", "court", "tribunal", "party", "coalition", "alliance",
        "initiative", "observatory", "laboratory", "lab", "labs", "studies", "research",
        "media", "news", "times", "post", "journal", "review", "magazine", "herald",
        "tribune", "gazette", "telegraph", "guardian", "chronicle", "economist", "blog",
        "photos", "photography", "pictures", "records", "studio", "studios", "associates",
        "partners", "consulting", "co", "corp", "nations", "states", "republic", "kingdom",
    }
)

#: Words of publisher names (a field ending in one of these names the publisher).
PUBLISHER_WORDS = frozenset(
    {
        "press", "publishers", "publisher", "publishing", "publications", "books", "verlag",
        "editions", "éditions", "editores", "editorial", "university", "college", "institute",
        "institution", "center", "centre", "commission", "committee", "department", "office",
        "foundation", "council", "agency", "bureau", "ministry", "corporation", "inc", "ltd",
        "llc", "trust", "society", "association", "school", "academy", "house", "house)",
        "research", "studies", "service", "organization", "organisation", "administration",
        "secretariat", "library", "museum", "fund", "bank", "observatory", "laboratory",
        "gallery", "galerie", "co", "sons", "company", "associates", "group", "force",
    }
)

#: Words that name a kind of document (they set the CSL type and are not a title or a name).
GENRE_TYPES = {
    "blog": "post-weblog",
    "blog post": "post-weblog",
    "weblog": "post-weblog",
    "report": "report",
    "working paper": "report",
    "discussion paper": "report",
    "policy paper": "report",
    "policy brief": "report",
    "briefing": "report",
    "briefing paper": "report",
    "research paper": "report",
    "white paper": "report",
    "technical report": "report",
    "occasional paper": "report",
    "paper": "report",
    "pre-print": "article-journal",
    "preprint": "article-journal",
    "hearing": "hearing",
    "hearing transcript": "hearing",
    "testimony": "hearing",
    "speech": "speech",
    "lecture": "speech",
    "address": "speech",
    "remarks": "speech",
    "interview": "interview",
    "podcast": "interview",
    "press release": "report",
    "transcript": "hearing",
    "ph.d. diss": "book",  # CSL "thesis" is outside the contract's type list
    "phd thesis": "book",
    "dissertation": "book",
}

#: Periodical words: a container named with one of these is a newspaper or news site.
NEWS_WORDS = frozenset(
    {
        "times", "post", "news", "guardian", "independent", "telegraph", "herald", "tribune",
        "gazette", "chronicle", "observer", "daily", "weekly", "mail", "express", "journal",
        "reuters", "bbc", "cnn", "cnbc", "npr", "ap", "afp", "bloomberg", "politico", "axios",
        "intercept", "insider", "wire", "dispatch", "standard", "star", "globe", "sun",
        "monitor", "record", "courier", "examiner", "inquirer", "today", "ft", "conversation",
        "press",
    }
)

#: Periodical words that make a container a scholarly journal.
JOURNAL_WORDS = frozenset(
    {
        "journal", "review", "quarterly", "studies", "annals", "proceedings", "bulletin",
        "transactions", "letters", "survey", "spectrum", "perspectives", "symposium",
        "research", "economics", "economy", "politics", "policy", "affairs", "history",
        "society", "science", "sciences", "theory", "analysis", "forum", "yearbook",
    }
)

#: Words that make a container a magazine.
MAGAZINE_WORDS = frozenset({"magazine", "monthly", "weekly", "atlantic", "economist"})

#: Types a quoted title without any container or publisher falls back to (CSL: a generic
#: article; the contract's list has no bare "article", so the journal article is used).
DEFAULT_ARTICLE_TYPE = "article-journal"

#: Stub link texts (the URL was a hidden hyperlink): dropped from the fields.
LINK_STUB_RE = re.compile(
    r"\b(?:available|read|accessible|online)\s+(?:here|at|online)\b\.?|\bonline\b\.?$|"
    r"\blink\b\.?$|\bclick here\b\.?",
    re.I,
)

#: Name particles that stay lowercase inside a person's name.
NAME_PARTICLES = frozenset(
    {"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos",
     "das", "bin", "ibn", "al", "el", "ter", "ten", "y", "zu", "st."}
)

#: Capitalised words that start sentences or headings, never given names.
NOT_GIVEN_NAMES = frozenset(
    {
        "the", "a", "an", "in", "on", "at", "for", "of", "and", "but", "or", "if", "as",
        "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you",
        "his", "her", "their", "our", "my", "after", "before", "since", "when", "while",
        "yet", "so", "thus", "then", "there", "here", "what", "which", "who", "whom", "why",
        "how", "where", "even", "also", "both", "each", "every", "all", "some", "many",
        "most", "more", "such", "no", "not", "nor", "with", "without", "from", "to", "by",
        "into", "over", "under", "between", "among", "against", "during", "through",
        "indeed", "however", "moreover", "finally", "first", "second", "third", "last",
        "next", "new", "old", "north", "south", "east", "west", "central", "great", "united",
        "national", "international", "president", "prime", "minister", "secretary",
        "professor", "dr", "mr", "mrs", "ms", "sir", "lord", "lady", "saint", "st",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "see", "ibid", "according", "former",
        "chinese", "russian", "american", "british", "european", "western", "eastern",
    }
)

#: CamelCase words that are written that way on purpose (brands, names): not run-together
#: text. Prefixes of names (Mc, Mac, De, …) are handled by :data:`CAMEL_NAME_PREFIXES`.
CAMEL_CASE_WORDS = frozenset(
    {
        "youtube", "linkedin", "deepseek", "blackrock", "paypal", "wordpress", "github",
        "gitlab", "powerpoint", "javascript", "soundcloud", "whatsapp", "fedex", "harpercollins",
        "spacex", "tiktok", "astrazeneca", "glaxosmithkline", "exxonmobil", "jpmorgan",
        "pricewaterhousecoopers", "bluesky", "playstation", "smartphone", "facetime",
        "moveon", "newsweek", "mastercard", "netscape", "firefox", "photoshop", "salesforce",
        "dropbox", "airbnb", "doordash", "flixbus", "huffpost", "buzzfeed", "openstreetmap",
        "wikileaks", "postgresql", "mysql", "bitcoin", "blackberry", "skytrax", "easyjet",
        "renaissancere", "hathitrust", "researchgate", "sciencedirect", "jstor", "worldcat",
        "ebsco", "proquest", "springerlink", "crossref", "semanticscholar", "macarthur",
        "mcgraw", "mckinsey", "devoto", "latoya", "dicaprio", "openai", "chatgpt",
        "stackoverflow", "codepen", "freebsd", "anandtech", "techcrunch", "bizjournals",
    }
)

CAMEL_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "O")

#: Month names and abbreviations → month number.
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

#: Years accepted as publication years (older sources exist, but a bare 4-digit number outside
#: this range is far more often a page or document number than a year).
MIN_YEAR = 1450
MAX_YEAR = 2100

#: Lowercase stems of those verbs, for a cheap test before the regular expression.
ACCESSED_STEMS = ("consult", "access", "retriev", "view", "visit", "download")
#: Verbs that introduce an access date.
ACCESSED_CUES = r"(?:consulted|accessed|retrieved|viewed|visited|last\s+accessed|downloaded)"

# --------------------------------------------------------------------------- patterns

MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))


YEAR = r"(?<![\d–—/-])(1[4-9]\d\d|20\d\d|2100)(?![\d–—-]\d|\d)"


DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_ALT})\.?,?\s+{YEAR}", re.I), "dmy"),
    (re.compile(rf"\b({MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{YEAR}", re.I), "mdy"),
    (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])"), "slash"),
    (re.compile(rf"\b({MONTH_ALT})\.?,?\s+{YEAR}", re.I), "my"),
    (re.compile(YEAR), "y"),
)


URL_RE = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>“”\"]+"
    r"|(?<![\w@])(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|int|mil|io|info|eu|uk|de|fr)"
    r"/[^\s<>“”\"]*"
    r"|[,;]?%[0-9A-Fa-f]{2}[^\s<>“”\"]*",
    re.I,
)


DOI_RE = re.compile(r"(?:\bdoi:\s*|https?://(?:dx\.)?doi\.org/)?\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)


ACCESSED_RE = re.compile(rf"\b{ACCESSED_CUES}(?:\s+from)?(?:\s+(?:on|at))?:?\s+", re.I)


PAGES_RE = re.compile(
    r"\b(?:pp?|pages?|pgs?)\.?\s*(\d+[a-z]?(?:\s*[-–—]\s*\d+[a-z]?)?(?:\s*,\s*\d+(?:[-–—]\d+)?)*)"
    r"|(?<=\d):\s*(\d+\s*[-–—]\s*\d+)\b",
    re.I,
)


VOLUME_RE = re.compile(
    r"\bvol(?:ume)?s?\.?\s*(\d+[A-Za-z]?)(?:\s*[:/]\s*(\d+(?:\s*[-–]\s*\d+)?)|\s*\((\d+)\))?", re.I
)


ISSUE_RE = re.compile(
    r"\b(?:no|nos|issue|iss|number|num|nr)\.?\s*(\d+(?:\s*[-–—]\s*\d+)?)\b", re.I
)


BARE_VOLUME_RE = re.compile(
    r"(?<![\w.])(\d{1,4})\s*(?:\((\d{1,4}(?:\s*[-–]\s*\d+)?)\)|[:/](\d{1,4})\b(?!\s*[-–—]))"
)


CHAPTER_RE = re.compile(r"\b(?:chapter|chap\.|ch\.)\s*\d+\b", re.I)


EDITOR_RE = re.compile(
    r"\bin\s+(?P<names>[^,;:“‘\"]{2,120}?)\s*(?:\(\s*eds?\.?\s*\)|,?\s+eds?\b\.?|,\s*eds?\b\.?)"
    r"(?!\.?\s*(?:by\s+)?(?-i:[A-Z]))"  # "in Book, ed. A. Editor": names follow (third branch)
    r"|\b(?:ed\.|edited)\s+by\s+(?P<names2>[^,;:“‘\"]{2,120}?)(?=[,;.]|$)"
    r"|,\s*eds?\.\s+(?P<names3>(?-i:[A-Z])[^,;:“‘\"()]{1,80}?)(?=\s*[,;(]|\s{2,}|\s*\.?\s*$)",
    re.I,
)


IN_RE = re.compile(r"^\s*in\s+", re.I)


FIELD_SEP_RE = re.compile(r"[,;:]|(?<=[.?!])\s+(?=[A-Z“‘\"])")


GENRE_ALT = "|".join(map(re.escape, sorted(GENRE_TYPES, key=len, reverse=True)))


GENRE_SUFFIX_RE = re.compile(
    rf"(.+?)\s+({GENRE_ALT})(?:\s+(?:no\.?\s*)?[A-Z]*\d[\w./-]*)?", re.I
)


GENRE_PREFIX_RE = re.compile(rf"({GENRE_ALT})\b", re.I)


RUN_TOGETHER_RE = re.compile(r"\b([A-Z]?[a-z]{2,})([A-Z][a-z]{2,})\w*")


NAME_TOKEN_RE = re.compile(r"(?:[A-Z][\w’'-]*\.?|[A-Z]\.(?:[A-Z]\.)*|(?:" + "|".join(
    sorted(NAME_PARTICLES, key=len, reverse=True)) + r"))")


ACRONYM_RE = re.compile(r"^[A-Z][A-Z&.-]{1,9}$")


SIMPLE_NAME_RE = re.compile(
    r"(?!(?:Dr|Mr|Mrs|Ms|Prof|Sir|Lord|Lady|Rev|Hon)\.?\s)"
    r"(?:[A-Z][a-z’'-]+|[A-Z]\.(?:[A-Z]\.)*)(?:\s+(?:[A-Z][a-z’'-]+|[A-Z]\.(?:[A-Z]\.)*)){0,2}"
    r"\s+[A-Z][a-z’'-]+(?<!\bJr)(?<!\bSr)"
)


REF_TAIL_RE = re.compile(r",\s*(?:[^,]{1,60},\s*)?[^,]{0,30}\b(?:1[4-9]\d\d|20\d\d)\.?\s*$")


BODY_NAME_RE = re.compile(
    r"\b(?=([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b)"
)


# --------------------------------------------------------------------------- reference layouts

_PARTICLE = r"(?:(?i:van|von|de|der|den|da|di|du|la|le|del|della|dos|ter|ten|st\.?)\s+)"
_FAMILY = rf"{_PARTICLE}*[A-Z][\w’'-]+"
_INITIALS = r"[A-Z]\.(?:\s*-?\s*[A-Z]\.)*"
_GIVEN_WORDS = r"[A-Z][a-z][\w’'-]*(?:[ -][A-Z](?:[a-z][\w’'-]*|\.))?"

#: One inverted name of a reference list: "Family, G. H." or "Family, Given [Middle]".
INVERTED_NAME_RE = re.compile(rf"(?P<family>{_FAMILY})\s*,\s*(?P<given>{_INITIALS}|{_GIVEN_WORDS})")
#: Between names of a list: ", ", ", & ", ", and ", " and ", " & ".
NAME_LIST_SEP_RE = re.compile(r"\s*,\s*(?:&\s*|and\s+)?|\s+(?:&|and)\s+")
#: A name in natural order after "and" in an MLA list ("Moretti, Franco, and Anna Lee").
NATURAL_NAME_RE = re.compile(
    rf"[A-Z][\w’'-]+(?:\s+(?:{_INITIALS}|[A-Z][\w’'-]+)){{0,2}}\s+{_FAMILY}"
)
ET_AL_RE = re.compile(r"\s*,?\s*\bet\s+al\b\.?")

#: The date in parentheses after the names of an author-date reference: "(2021)", "(2021a)",
#: "(2022, June)", "(2023, March 2)", "(n.d.)"; a full stop may follow.
HEAD_DATE_RE = re.compile(
    r"\s*\((?P<year>1[4-9]\d\d|20\d\d)[a-z]?(?:,\s*(?P<month>[A-Za-z]+)\.?(?:\s+(?P<day>\d{1,2}))?)?"
    r"\)\.?|\s*\((?P<nd>n\.\s?d\.)\)\.?"
)
#: An organisation as author of an author-date reference ("Office for National Statistics.").
ORG_HEAD_RE = re.compile(
    r"(?P<org>[A-Z][\w&’'.-]*(?:\s+(?:[A-Z][\w&’'.-]*|of|for|the|and|on|&)){0,9}?)\.?"
    r"(?=\s*\((?:1[4-9]\d\d|20\d\d|n\.\s?d\.))"
)
#: Where an unquoted title of a reference list ends: a full stop, question or exclamation mark
#: before a capitalised word (or the end).
TITLE_END_RE = re.compile(r"([.?!])(?=\s+[A-Z“‘\"(]|\s*$)")

#: A book's or report's imprint in parentheses: "(New York: Basic Books, 2019)", optionally
#: followed by a pinpoint page ", 45". The place may hold a comma ("Washington, DC").
IMPRINT_RE = re.compile(
    r"\(\s*(?:(?P<place>[A-Z][^():;]{1,60}?)\s*:\s*)?(?P<pub>[^():;\d][^():;]{1,120}?),\s*"
    r"(?P<date>(?:[^():;]{0,20}?\s)?(?:1[4-9]\d\d|20\d\d)[a-z]?)\s*\)"
    r"(?:\s*,\s*(?:pp?\.\s*)?(?P<page>\d+[a-z]?(?:\s*[-–—]\s*\d+)?)(?![\d.]\d))?"
)
#: Journal numbers Chicago style: "Journal 33, no. 2 (2019): 118–39" / "Nature 598 (2021): 400".
JOURNAL_NUMBERS_RE = re.compile(
    r"(?<=[^\W\d_])[ ,]+(?P<vol>\d{1,4})(?:\s*,\s*(?:no|nos|issue)\.?\s*"
    r"(?P<iss>\d+(?:\s*[-–]\s*\d+)?))?\s*\((?P<date>[^():;]{0,20}?(?:1[4-9]\d\d|20\d\d))\)"
    r"(?:\s*:\s*(?P<page>\d+[a-z]?(?:\s*[-–—]\s*\d+)?))?"
)
#: A pinpoint page at the end of a work: ", 45." / ", 130–31." / "at 9" (legal "Id. at 9").
TRAILING_PAGE_RE = re.compile(
    r"(?:,|\bat)\s*(?P<page>\d+[a-z]?(?:\s*[-–—]\s*\d+)?|[ivxlc]{1,6})\s*\.?\s*$"
)
#: A congressional or parliamentary hearing in the title ("…: Hearing Before the Committee …").
HEARING_RE = re.compile(r"\bhearings?\s+(?:before|of|on)\b", re.I)
#: Where a hearing's title ends: the session/congress number or the first parenthesis.
HEARING_END_RE = re.compile(
    r",?\s*\d+(?:st|nd|rd|th)\s+(?:Cong|Congress|Sess|Session)\b|\s*\(|\.\s+(?=[A-Z])"
)
#: A document number that is not a title or a name: "GAO-22-105230", "RL34026".
DOC_NUMBER_RE = re.compile(r"[A-Z]{1,6}[-\s]?\d[\w./-]*")
#: Publisher abbreviations written in capitals ("Princeton UP"), compared case-sensitively.
PUBLISHER_ABBREVIATIONS = frozenset({"UP", "U.P.", "UP.", "PUP", "OUP", "CUP", "MIT"})
#: Words that make a field a section or column of a periodical rather than the periodical.
SECTION_WORDS = frozenset({"sheet", "column", "section", "opinion", "op-ed", "blog", "desk"})
#: A month range before a year ("March/April 2022", "May–June 2020"): the year alone is kept.
MONTH_RANGE_RE = re.compile(
    rf"\b(?:{MONTH_ALT})\.?\s*[/–—-]\s*(?:{MONTH_ALT})\.?\s+(?=\d{{4}})", re.I
)
#: A word broken over a line with a hyphen by a PDF-to-text dump ("Financ-\ning"): joined.
DEHYPHEN_RE = re.compile(r"(?<=[a-z])-\n[ \t]*(?=[a-z])")
#: A day and month written without a year ("14 March", "March 14"), completed from the head year.
DAY_MONTH_RE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})\s+(?P<m1>{MONTH_ALT})\b\.?(?!,?\s*\d{{4}})"
    rf"|\b(?P<m2>{MONTH_ALT})\.?\s+(?P<d2>\d{{1,2}})\b(?!,?\s*\d{{4}})",
    re.I,
)
#: Words that name a periodical whatever else the name holds ("Los Angeles Review of Books").
PERIODICAL_WORDS = frozenset(
    {"journal", "review", "quarterly", "annals", "proceedings", "bulletin", "transactions",
     "magazine", "times", "post", "news", "gazette", "herald", "tribune", "chronicle",
     "guardian", "observer", "daily", "weekly", "monthly", "telegraph", "independent"}
)
#: The closing straight quote of a Harvard 'Title': a quote before punctuation or a space.
SINGLE_QUOTE_END_RE = re.compile(r"(?<![\s])'(?=[,.;:]|\s|$)")
#: APA/Harvard journal numbers: ", 134, 103–125" / ", 12(3), 45–67" / ", 28(1)".
BARE_NUMBERS_RE = re.compile(
    r",\s*(?P<vol>\d{1,5})"
    r"(?:\((?P<iss>[^()\s]{1,10})\)(?:,\s*(?P<page>[A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?))?"
    r"|,\s*(?P<range>\d+\s*[-–—]\s*\d+))(?=\s*[.,;]|\s*$)"
)
#: An unquoted title that names its genre: a report ("Annual Report 2021: …").
REPORT_TITLE_RE = re.compile(r"\b(?:report|working paper|policy brief|white paper)\b", re.I)
#: "in" introducing the book that holds a chapter, anywhere in the work.
IN_RE_ANYWHERE = re.compile(r"(?:^|[\s,])in\s+[A-Z“‘\"]")
