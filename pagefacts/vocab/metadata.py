"""Vocabularies and patterns for page layout and article metadata.

Everything here is generic to the genre (blog posts, think-tank reports, journal essays as
text dumps of web pages); nothing names a particular site or page. Patterns are matched
against single lines (already stripped; so ``\\s`` never crosses a line and covers no-break
spaces), are anchored, and avoid nested quantifiers so that they run in linear time.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --------------------------------------------------------------------------- line shapes

#: Bullet characters that start a list item in a text dump of a web page.
BULLET_CHARS = "•·▪▫◦‣⁃●○■□➢➤►▶✓✔-*–"
BULLET_RE = re.compile(r"^\s*[•·▪▫◦‣⁃●○■□➢➤►▶✓✔*–-]\s+")
#: A line made of two or more bullets with nothing between them (empty list items), possibly
#: followed by text that was glued onto the same line by the renderer.
EMPTY_BULLETS_RE = re.compile(r"^\s*(?:[•·▪◦●]\s*){2,}")
#: Word tokens (letters/digits with inner apostrophes or hyphens).
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
#: Section numbering in front of a heading: "2", "2.", "2.1", "IV.", "A." (followed by space).
HEADING_NUMBER_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[IVXLC]{1,6}\.|[A-Z]\.)\s+")
#: A sentence break inside a line: ". X" (not after a single initial or a number prefix).
INNER_SENTENCE_RE = re.compile(r"[a-z0-9)\]”’\"']{2}[.!?]\s+[“\"‘(]?[A-Z]")
#: Opening quotation marks: a line that starts with one is a quotation, not a heading.
OPENING_QUOTES = "“\"‘'«„‚‹「『"
#: An in-text note marker at the end of a line ("Mary Smith [1]").
TRAILING_MARKER_RE = re.compile(r"\[\d{1,4}\]\s*$")
#: Attribution lines under a quotation: "— Jane Doe", "– J. Doe, 1999".
ATTRIBUTION_DASH_RE = re.compile(r"^[—–―-]{1,2}\s*\S")
#: Figure and example captions are not headings.
CAPTION_RE = re.compile(
    r"^(?:example|figure|fig\.|table|image|photo|photograph|chart|graph|map|plate|exhibit|"
    r"illustration|source|credit|video|audio)s?\s*[\dIVX]",
    re.IGNORECASE,
)
#: Labels of header blocks that are not body text ("ABSTRACT: ..." is an abstract, not prose).
HEADER_LABEL_RE = re.compile(
    r"^(?:abstract|keywords?|key ?words|summary|tl;?dr|in brief|standfirst|subjects?|"
    r"topics?|jel(?: codes?)?|doi|issn|isbn|cite as|citation|how to cite)\s*[:：]",
    re.IGNORECASE,
)
#: Labels of a summary / key-points block (a heading line on its own).
SUMMARY_LABEL_RE = re.compile(
    r"^(?:key (?:points?|takeaways?|findings?|messages?)|summary|in brief|at a glance|"
    r"highlights|main points|takeaways?|tl;?dr|executive summary|in short|overview)\s*:?$",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- chrome

#: Whole lines that are page chrome wherever they appear (navigation, share bars, carts).
CHROME_LINE_RE = re.compile(
    r"^(?:skip to (?:main )?(?:content|navigation|main)|jump to (?:content|navigation)|"
    r"menu|main menu|toggle (?:navigation|menu)|open menu|close menu|search|search for:?|"
    r"share:?|share this(?: (?:article|post|page|story))?:?|share on \w+|tweet|"
    r"print(?: this)?(?: (?:article|page))?|email|e-mail|copy link|"
    r"\(?click (?:to|here to) (?:enlarge|expand|zoom)\)?|"
    r"return to (?:beginning|top|text)|back to (?:top|beginning)|top of page|"
    r"read more|continue reading|load more|view all|see all|"
    r"subscribe|sign up|log ?in|sign ?in|my account|register|newsletter|"
    r"cookie (?:policy|settings|preferences)|accept(?: all)?(?: cookies)?|"
    r"advertisement|sponsored|(?:previous|next) (?:post|article|story)|"
    r"[$€£¥]\s*\d[\d.,]*\s+\d+\s+cart|cart(?:\s*\(\d+\))?|"
    r"open in app|get the app|republish this (?:article|post)|listen|follow|following|write|"
    r"start writing|sign in with \w+|"
    r"zum inhalt springen|zur navigation|aller au contenu|passer au contenu|ir al contenido|"
    r"saltar al contenido|vai al contenuto|drucken|teilen|partager|compartir|condividi|"
    r"[\w .&'’-]{1,40}\s+-\s+(?:small |large |site |main )?logo)[\s.:]*$",
    re.IGNORECASE,
)
#: A cue line whose next line is a link to another article (a teaser title, not a heading).
LINK_CUE_RE = re.compile(
    r"^(?:read more|read next|read also|see also|also read|related|related (?:article|post|"
    r"content|reading)|recommended|more on this(?: topic)?|lire aussi|à lire aussi|mehr zum thema|"
    r"lesen sie auch|lee también|leer más|leggi anche)\s*:?$",
    re.IGNORECASE,
)
#: Share bars rendered as one run-together line of network names.
SHARE_BAR_RE = re.compile(
    r"^(?:(?:twitter(?:/x)?|x|facebook|linkedin|bluesky|email|e-mail|whatsapp|reddit|"
    r"telegram|mastodon|threads|pinterest|print|copy link|instagram|youtube|tiktok)"
    r"[\s|/·•,]*){2,}$",
    re.IGNORECASE,
)
#: "X - Small Logo", "X logo": the site name as a logo's alt text.
LOGO_RE = re.compile(
    r"^(?P<name>[^\W\d_][\w .&'’-]{0,60}?)\s*(?:[-–|]\s*)?"
    r"(?:small |large |site |main |header |footer )?logo$",
    re.IGNORECASE,
)
#: Navigation items are short: a bullet line with at most this many words is a menu item when
#: it sits in a run of such lines (real summary bullets are whole sentences).
NAV_MAX_WORDS = 5
#: A run of at least this many short bullet items (blank lines between allowed) is a menu.
NAV_MIN_ITEMS = 3
#: Outside the body, this many consecutive short unpunctuated lines is a footer/menu block.
SHORT_RUN_MIN_LINES = 4
#: ... where "short" means at most this many words.
SHORT_RUN_MAX_WORDS = 3

# --------------------------------------------------------------------------- body / trailer

#: A prose line has at least this many words: fewer than a short sentence of running text, more
#: than any title, byline, menu item or caption label of the genre.
PROSE_MIN_WORDS = 12
#: A long line without final punctuation is still prose from this many words on (a paragraph
#: ending in a URL or a list-like run); titles and captions stay well below it.
PROSE_UNPUNCTUATED_MIN_WORDS = 30
#: A line with at least this share of capitalised words is title case (English titles
#: capitalise all but the short function words, ~70-90 %; sentences have ~10-30 %).
TITLE_CASE_SHARE = 0.6
#: Headings are short: at most this many words (the longest sub-headings of reports run to
#: about a dozen words; a longer unpunctuated line is a caption or a fragment).
HEADING_MAX_WORDS = 14
#: ... and this many characters.
HEADING_MAX_CHARS = 120
#: Lines that start the trailer after the body (matched on the stripped line, bullets removed).
TRAILER_CUE_RE = re.compile(
    r"^(?:about the authors?|about the writers?|about the contributors?|author bio(?:graphy)?|"
    r"notes|footnotes|endnotes|end ?notes|references|works cited|bibliography|sources|"
    r"further reading|related(?: (?:posts|articles|content|reading|research|publications))?|"
    r"you (?:may|might) also like|more from .{1,60}|recommended(?: for you)?|read next|"
    r"discussion about this (?:post|article)|"
    r"über (?:die|den) autor(?:in|en|innen)?|zu(?:r|m) autor(?:in)?|à propos de l'auteur(?:e|s)?|"
    r"sobre (?:el|la|los|las) autor(?:a|es|as)?|l'auteur(?:e)?|les auteurs|"
    r"leave a (?:comment|reply)|comments?|\d+ (?:comments?|responses?)|"
    r"copyright statement|return to (?:beginning|top)|back to top|"
    # calls to action that close an article on publishing platforms
    r"want to write\??|republish (?:this|our) (?:article|story|post)s?|"
    r"subscribe to .{1,60}|share this (?:post|article|story))\s*:?$"
    r"|^(?:posted in|filed under|tags?|tagged(?: with)?|categories|category|topics|catégories?|"
    r"rubriques?|étiquettes|mots-clés|kategorien?|schlagwörter|schlagworte|themen|categorías?|"
    r"etiquetas|temas|categorie|argomenti|categorieën|trefwoorden)\s*:"
    r"|^(?:posted in|filed under|tagged) [^\W\d_]"
    r"|^(?:©|\(c\)\s*\d{4}|copyright\s+(?:©|\(c\)|\d{4}))"
    r"|^[^©]{1,80}(?:©|\(c\))\s*\d{4}\s*\.?$"
    r"|^(?:last )?(?:updated|modified|revised) (?:on|:)"
    r"|^(?:published|posted|first published) (?:on|:)\s*\S"
    r"|^written by\s+\S"
    r"|^(?:keep reading with|subscribe to continue reading|already a (?:paid )?subscriber|"
    r"this (?:post|article) is for (?:paid )?subscribers)",
    re.IGNORECASE,
)
#: A disclaimer paragraph (views of the author, not of the organisation).
DISCLAIMER_RE = re.compile(
    r"(?:gives the views of the author|(?:reflects?|represents?|expresses) the views of the "
    r"authors?|views (?:and opinions )?expressed (?:in|on|here|by|are)|"
    r"(?:do|does) not necessarily (?:reflect|represent)|not (?:the|necessarily the) "
    r"(?:position|views?|policy) of|opinions expressed (?:in|here|are)|"
    r"are (?:those|the views) of the authors? (?:alone|only|and do not)|"
    # German, French, Spanish, Italian
    r"gibt (?:die|ausschließlich die) (?:meinung|ansicht|auffassung)|"
    r"nicht (?:notwendigerweise|unbedingt|zwingend) (?:die|der|den)|"
    r"n'engage(?:nt)? que (?:son|leurs?|ses)|ne reflète(?:nt)? pas (?:nécessairement )?(?:la|les)|"
    r"no reflejan? necesariamente|non riflettono? necessariamente)",
    re.IGNORECASE,
)
#: A label line over a side block (a disclosure or the funding partners): the paragraph under
#: it is not the article's text; under a disclosure label it is the disclaimer.
SIDEBAR_LABEL_RE = re.compile(
    r"^(?:(?P<disclosure>disclosure(?: statement)?s?|competing interests?|conflicts? of interests?|"
    r"declaration of interests?)|partners|funding partners|supporters)\s*:?$",
    re.IGNORECASE,
)
#: A sentence boundary inside a paragraph (for where a disclaimer cue sits).
SENTENCE_BOUNDARY_RE = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-ZÀ-Þ])")
#: A disclaimer cue opens its sentence: it starts within this many characters of it ("This
#: article gives the views…", "The views expressed…": the cue follows a short subject).
DISCLAIMER_CUE_MAX_OFFSET = 60
#: …and that sentence is the first or second of the paragraph (a publisher's self-description
#: may come first: "X is an independent institute. The views expressed…").
DISCLAIMER_CUE_MAX_SENTENCE = 1
#: A disclaimer is a short paragraph; a long one quoting such words is body text.
DISCLAIMER_MAX_WORDS = 90
#: Headings that open an author bio.
BIO_HEADING_RE = re.compile(
    r"^(?:about the (?:authors?|writers?|contributors?)|author bio(?:graphy)?|"
    r"author information|the authors?|biography|contributors?|"
    r"über (?:die|den) autor(?:in|en|innen)?|zu(?:r|m) autor(?:in)?|à propos de l'auteur(?:e|s)?|"
    r"l'auteur(?:e)?|les auteurs|sobre (?:el|la|los|las) autor(?:a|es|as)?|"
    r"(?:l'|gli )autor[ei])\s*:?$",
    re.IGNORECASE,
)
#: Notes headings (the notes block itself comes from the notes stage; these only end the body).
NOTES_HEADING_RE = re.compile(
    r"^(?:notes|footnotes|endnotes|end ?notes|references|works cited|bibliography)\s*:?$",
    re.IGNORECASE,
)
#: A bracketed note label at the start of a line ("[1] ...").
NOTE_LABEL_RE = re.compile(r"^\s*\[(\d{1,4})\]\s")
#: An inline bracketed marker ("... word.[3]").
INLINE_MARKER_RE = re.compile(r"\S[ \t\u00a0]?\[(\d{1,4})\]")

# --------------------------------------------------------------------------- bylines

#: "By X", "Written by X", "Words by X", "Author: X", "Posted by X".
BYLINE_RE = re.compile(
    r"^(?:(?:written |words |text |posted |published |report |article |story )?by|"
    r"authors?|writers?|par|von|por|door|di|auteure?s?|autor(?:in|a)?|autori|autores)"
    r"\s*:?\s+(?P<names>\S.*)$",
    re.IGNORECASE,
)
#: Separators between names in a byline.
NAME_SEPARATOR_RE = re.compile(
    r"\s*(?:,\s*(?:and|und|et|y|e|en)\s+|,|&|;|\s(?:and|und|et|y|e|en)\s|\swith\s)\s*"
)
#: Where the names of a byline end: before a separator, a dash, "on <date>", "published".
BYLINE_CUT_RE = re.compile(r"\s+(?:\||[-–—]\s|on\s+|published|updated)|[|•·]", re.IGNORECASE)
#: Initials ("J.", "J.R.").
INITIALS_RE = re.compile(r"[A-Z]\.(?:[A-Z]\.)*")
#: A capitalised name word ("O’Neill", "Jean-Luc", "Müller"); checked for case separately.
NAME_TOKEN_RE = re.compile(r"[^\W\d_][^\W\d_'’.\-]*(?:['’\-][^\W\d_]+)*\.?")
#: Lower-case particles allowed inside personal names.
NAME_PARTICLES = frozenset(
    {"de", "da", "das", "do", "dos", "del", "della", "der", "den", "di", "du", "la", "le", "van",
     "von", "vom", "zu", "ter", "ten", "bin", "ibn", "al", "el", "y", "e", "st", "mc"}
)
#: Capitalised words that are not names (titles, sections, site words): a line made of them is
#: not a byline.
NOT_NAME_WORDS = _words(
    """a an the of in on at for to from with without by and or but not no is are was were be
    this that these those it its our your their my his her we you they he she i
    about home menu search news blog blogs magazine article articles report reports review
    reviews analysis overview introduction conclusion summary abstract contents content
    issue issues volume number page pages part chapter section features feature opinion
    comment comments share shares read reading more latest popular related tags tag topics
    topic categories category posted published updated contact privacy policy terms cookies
    subscribe newsletter login account cart shop store events event podcast podcasts video
    videos research publications publication projects project team staff people experts
    insights commentary essays essay editorial editors editor press media resources
    tools support donate join work careers jobs gallery exhibitions artists collect books
    critical critique new old top best guide the
    senior junior fellow fellows director associate assistant head chief lecturer researcher
    analyst correspondent contributor writer reporter visiting emeritus deputy manager
    officer adviser advisor member chair president principal staff
    university institute centre center school college department faculty society
    foundation forum council association press group office programme program
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today yesterday"""
)
#: Honorifics and degrees that may precede or follow a name in a byline.
NAME_AFFIXES = _words(
    """dr dr. prof prof. professor mr mr. mrs mrs. ms ms. sir dame lord lady rev rev.
    phd ph.d. md jr jr. sr sr. ii iii iv"""
)

# --------------------------------------------------------------------------- dates

MONTHS: dict[str, int] = {}
_MONTH_NAMES = {
    # English
    1: "january jan", 2: "february feb", 3: "march mar", 4: "april apr", 5: "may",
    6: "june jun", 7: "july jul", 8: "august aug", 9: "september sept sep",
    10: "october oct", 11: "november nov", 12: "december dec",
}
_MONTH_NAMES_OTHER = {
    # French, German, Spanish, Italian, Portuguese, Dutch
    1: "janvier januar enero gennaio janeiro januari jänner",
    2: "février fevrier februar febrero febbraio fevereiro februari",
    3: "mars märz marz marzo março maart",
    4: "avril abril aprile",
    5: "mai mayo maggio maio mei",
    6: "juin juni junio giugno junho",
    7: "juillet juli julio luglio julho",
    8: "août aout agosto augustus",
    9: "septembre septiembre settembre setembro",
    10: "octobre oktober octubre ottobre outubro",
    11: "novembre noviembre novembro",
    12: "décembre decembre dezember diciembre dicembre dezembro",
}
for _number, _names in (*_MONTH_NAMES.items(), *_MONTH_NAMES_OTHER.items()):
    for _name in _names.split():
        MONTHS[_name] = _number
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th|er|e|º|°)?"
#: "April 13th, 2021", "Apr. 13 2021"
DATE_MDY_RE = re.compile(
    rf"\b(?P<month>{_MONTH_ALT})\.?\s+(?P<day>\d{{1,2}}){_ORD},?\s+"
    rf"(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
#: "13 April 2021", "13th of April, 2021", "13. März 2021", "13 de abril de 2021"
DATE_DMY_RE = re.compile(
    rf"\b(?P<day>\d{{1,2}}){_ORD}\.?\s+(?:of\s+|de\s+)?(?P<month>{_MONTH_ALT})\.?,?"
    rf"\s+(?:de\s+)?(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
#: "2021-04-13", "2021/04/13", "2021.04.13"
DATE_ISO_RE = re.compile(
    r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"
)
#: "26.08.2026", "13/04/2021", "04/13/2021", "13-04-2021" (day first unless impossible)
DATE_NUMERIC_RE = re.compile(
    r"\b(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})\b"
)
#: Month and year only ("November 1993"): not a full date.
DATE_MONTH_YEAR_RE = re.compile(
    rf"\b(?P<month>{_MONTH_ALT})\.?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE
)
#: Cue words in front of a publication date.
PUBLISHED_CUE_RE = re.compile(
    r"\b(?:published|posted|first published|date|dated|released|issued|publié|veröffentlicht|"
    r"publicado|pubblicato)\b\s*(?:on|:)?",
    re.IGNORECASE,
)
#: Cue words in front of a modification date.
MODIFIED_CUE_RE = re.compile(
    r"\b(?:last updated|updated|last modified|modified|revised|last revised|mis à jour|"
    r"aktualisiert|actualizado|aggiornato)\b\s*(?:on|:)?",
    re.IGNORECASE,
)
#: Dates in lines with these words are about something else (access dates, events).
NOT_PUBLICATION_DATE_RE = re.compile(
    r"\b(?:consulted|accessed|retrieved|visited|viewed|born|died|event|deadline|conference)\b",
    re.IGNORECASE,
)
#: A header line is "a date line" when the date takes most of it: at most this many words
#: besides the date (room for "Published on", a weekday, a time).
DATE_LINE_MAX_EXTRA_WORDS = 5

# --------------------------------------------------------------------------- counts

_MINUTES = r"(?:min|mins|minutes?|minuten|minutos?|minuti|minuut|minuten)\.?"
READING_TIME_RES = (
    re.compile(
        rf"\breading time\s*:?\s*(?:about |approx\.? |~)?(?P<n>\d{{1,3}})\s*{_MINUTES}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<n>\d{{1,3}})\s*(?:-\s*)?{_MINUTES}\.?\s+"
        r"(?:read|reading time|de lecture|lesezeit|lectura|de lectura|di lettura|leestijd)\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:read(?:ing)?|lesezeit|lecture)\s*:\s*(?P<n>\d{{1,3}})\s*{_MINUTES}\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:temps de lecture|tiempo de lectura|tempo di lettura|tempo de leitura|leestijd)"
        rf"\s*:?\s*(?P<n>\d{{1,3}})\s*{_MINUTES}\b",
        re.IGNORECASE,
    ),
)
COMMENT_COUNT_RE = re.compile(
    r"(?:^|[|·•,;]\s*)(?:(?P<n>\d[\d,.]*)\s+(?:comments?|responses?|replies|kommentare?|"
    r"commentaires?|comentarios?|commenti)\b|"
    r"(?:comments?|kommentare|commentaires|comentarios|commenti)\s*\((?P<n2>\d[\d,.]*)\))",
    re.IGNORECASE,
)
NO_COMMENTS_RE = re.compile(
    r"^(?:no comments?|0 comments?|be the first to comment)\b", re.IGNORECASE
)
SHARE_COUNT_RE = re.compile(
    r"(?:^|[|·•,;]\s*)(?P<n>\d[\d,.]*)(?P<k>[kK])?\s+shares?\b", re.IGNORECASE
)
#: Count lines are short ("1 comment | 36 shares").
COUNT_LINE_MAX_WORDS = 8

# --------------------------------------------------------------------------- categories

_CATEGORY_LABELS = (
    r"posted in|filed under|categories|category|tags|tagged(?: with| as)?|tag|topics|topic|"
    r"subjects?|sections?|themes?|themen|keywords|catégories?|rubriques?|étiquettes|mots-clés|"
    r"kategorien?|schlagwörter|schlagworte|categorías?|etiquetas|categorie|argomenti|"
    r"categorieën|trefwoorden"
)
CATEGORY_LINE_RE = re.compile(
    rf"^(?:{_CATEGORY_LABELS})\s*[:：]?\s+(?P<items>\S.*)$",
    re.IGNORECASE,
)
#: A category label alone on its line ("Topics:"), its items on the lines below.
CATEGORY_LABEL_ONLY_RE = re.compile(rf"^(?:{_CATEGORY_LABELS})\s*[:：]?$", re.IGNORECASE)
#: A tag row of bare lines (no label) right after the text: this many lines at least (one
#: short line after the last paragraph may be a closing line of the text).
TAG_ROW_MIN_LINES = 2
CATEGORY_SEPARATOR_RE = re.compile(r"\s*[,;|·•/]\s*")
#: The title is looked for within this many header lines of the byline (title, subtitle,
#: byline, date and counters sit together; site names and menus are further away).
TITLE_BYLINE_WINDOW = 6
#: A category line is short (a long line starting "Topics" is prose).
CATEGORY_LINE_MAX_WORDS = 25
#: Tag chips above the title: this many short lines at most, each with at most this many words.
TAG_CHIPS_MAX_LINES = 6
TAG_CHIP_MAX_WORDS = 4
#: A tag row under a label or after the text: at most this many lines (a longer run is a list
#: of links, not tags).
TAG_ROW_MAX_LINES = 12

# --------------------------------------------------------------------------- publisher

COPYRIGHT_RE = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*"
    r"(?:(?:\d{4}\s*(?:[-–]\s*\d{4})?)[\s,]*)?"
    r"(?:by\s+)?(?:(?-i:the)\s+)?(?P<holder>[^\W\d_](?:[^|.©]|(?<=\b\w)\.|"
    r"(?<=\binc|\bltd|\bllc|\bplc)\.|(?<=\bcorp)\.|(?<=\bco)\.)*?)"
    r"(?:[\s,]*\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?:(?<!\b\w)\.|[|,]|all rights reserved|$)",
    re.IGNORECASE,
)
#: Copyright holders that are not a publisher.
NOT_PUBLISHER_RE = re.compile(
    r"^(?:the )?(?:authors?|contributors?|all rights reserved)$", re.IGNORECASE
)
#: A name ending in an abbreviation keeps its final period ("e. V.", "Inc.", "U.S.").
ABBREVIATION_END_RE = re.compile(r"(?:\b\w|\b(?:inc|ltd|llc|plc|corp|co))\.$", re.IGNORECASE)
#: The site name printed as the page's first line is short.
MASTHEAD_MAX_WORDS = 5
ALL_RIGHTS_RE = re.compile(r"\s+all rights reserved", re.IGNORECASE)
#: In a disclaimer, "not the position of A, B, nor C": the organisations named.
DISCLAIMER_ORG_RE = re.compile(
    r"not (?:the|necessarily the) (?:position|views?|policy) of (?:the )?(?P<orgs>[^.]+)",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- image credits

#: “Title” by Creator is licensed under CC BY 4.0 (the TASL attribution of CC images).
CREDIT_TASL_RE = re.compile(
    r"^[“\"‘'](?P<title>.+?)[”\"’']\s+by\s+(?P<creator>.+?)\s+"
    r"(?:is |are )?(?:licen[cs]ed (?:under|with)|marked with|used under|under)\s+"
    r"(?P<licence>.+?)[\s.]*$",
    re.IGNORECASE,
)
#: "Image: Creator (CC BY-SA 2.0)", "Photo credit: Creator", "Featured image by Creator via X".
CREDIT_LABEL_RE = re.compile(
    r"^(?:(?:featured |header |cover |top |main )?(?:image|photo|photograph|picture|illustration)"
    r"(?:\s+credits?)?|credits?|foto|bild|fotografía|imagen|immagine|crédits? photo|"
    r"photo ?credit|crédit)\s*(?::|by)\s*(?:by\s+)?(?P<creator>.+?)[\s.]*$",
    re.IGNORECASE,
)
#: Creative Commons licences as written: "CC BY 4.0", "CC BY-NC-SA 2.0", "CC0 1.0", "PDM 1.0".
CC_LICENCE_RE = re.compile(
    r"\b(?:CC[\s-]?(?P<zero>0)|CC[\s-]+(?P<kind>BY(?:[\s-](?:NC|SA|ND)){0,2})|"
    r"(?P<pdm>Public Domain Mark|PDM))(?:[\s-]+(?P<version>\d\.\d))?\b",
    re.IGNORECASE,
)
#: The parts of a CC licence kind ("BY-NC-SA" -> by, nc, sa).
CC_PART_RE = re.compile(r"by|nc|sa|nd")
#: Where a labelled credit's creator ends: "via X", "under ...", "(CC ...)", "/ Flickr".
CREDIT_CREATOR_CUT_RE = re.compile(r"\s+(?:via|under|licen[cs]ed|on)\s|\s*[(/|]\s*")
#: "Title by Creator" inside a labelled credit: the creator follows the last " by ".
CREDIT_TITLE_BY_RE = re.compile(r"^(?P<title>.+)\s+by\s+(?P<creator>\S.*)$")
CC_BASE_URL = "https://creativecommons.org/"

# --------------------------------------------------------------------------- language

#: Frequent function words per language (a text's language is the one whose words make up the
#: largest share of its tokens). Words shared by several of these languages are left out.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("""the of and to in is that it was for on are as with his they at be this
        from have or by one had not but what all were when we there can an which their if
        has would been who its will more than also into could these them may should"""),
    "fr": _words("""le les des du et est une un dans pour pas qui que sur au avec ce cette
        sont par plus ont ne mais ou aux ses nous vous été être leur elle il ils comme où
        fait dont"""),
    "de": _words("""der die das und ist nicht ein eine zu den von mit sich des auf für im
        dem auch es an werden aus er hat dass sie nach wird bei einer um noch wie einem
        über oder sind vor zur bis unter kann"""),
    "es": _words("""el los las del y es una por con para que se su al lo como más pero sus
        le ya o fue este ha sí porque esta entre cuando muy sin sobre también hasta hay
        donde quien desde todo nos"""),
    "it": _words("""il di che è e la per gli della dei delle una non sono con si da come
        anche nel alla più ma ha lo questo nella sul al tra essere era io"""),
    "pt": _words("""o os da das do dos e que em um uma para com não é no na por mais as se
        ao ele foi pelo pela isso até também são ser há seu sua nos quando muito"""),
    "nl": _words("""de het een en van in is dat op te zijn met voor niet aan er maar ook
        als bij dit die wordt worden heeft hij zij naar uit door nog wel dan over kan
        geen"""),
}
#: Fewer tokens than this and the language is not guessed.
LANGUAGE_MIN_TOKENS = 20
#: The winning language's stopwords must be at least this share of all tokens (running text
#: in these languages has 30-50 %; lists of names or numbers have almost none).
LANGUAGE_MIN_SHARE = 0.12
#: ... and this many times the runner-up's share (the lists overlap on a few words).
LANGUAGE_MIN_MARGIN = 1.5


# --------------------------------------------------------------------------- more header shapes

#: A byline after a date: "Posted on 3 March 2024 by Jane Doe", "March 3, 2024 by Jane Doe".
BYLINE_AFTER_DATE_RE = re.compile(
    r"^(?:(?:posted|published|written|updated)\s+(?:on\s+)?)?[\w ,.]{4,40}?\d{4}\s+by\s+"
    r"(?P<names>[^\W\d_].*)$",
    re.IGNORECASE,
)
#: A job-title line under a byline ("Senior Lecturer in Social Policy, School of ..."): not a
#: title. It starts with a role word, or names an academic unit after a comma.
ROLE_LINE_RE = re.compile(
    r"^(?:(?:senior|junior|principal|chief|deputy|associate|assistant|visiting|adjunct|"
    r"distinguished|emeritus|research|non-resident|nonresident|former|lead|managing|executive|"
    r"contributing|staff)\s+)*"
    r"(?:professor|lecturer|reader|fellow|researcher|analyst|director|editor|economist|"
    r"correspondent|reporter|writer|contributor|scientist|associate|adviser|advisor|"
    r"head|manager|officer|chair|president|partner|coordinator|consultant|student|"
    r"candidate|phd|postdoctoral|doctoral|scholar|journalist|columnist|author)\b"
    r"|,\s*(?:school|department|faculty|institute|centre|center|university|college)\b",
    re.IGNORECASE,
)
#: A job-title line is short (a longer line naming a role is a sentence).
ROLE_LINE_MAX_WORDS = 14
#: A sentence-case line of at least this many words right under a title-case line of at least
#: SUBTITLE_TITLE_MIN_WORDS words is a subtitle, not the title (site names have 1-3 words, so
#: a sentence-case title under a site name is kept).
SUBTITLE_MIN_WORDS = 6
SUBTITLE_TITLE_MIN_WORDS = 4
#: A line of counters or widget labels only ("412", "1.2K", "∙ Paid", "·").
COUNTER_LINE_RE = re.compile(
    r"^(?:[\d.,]+[kKmM]?|[·∙•|/\-–—]+(?:\s*(?:paid|free|members?))?|paid|free)$",
    re.IGNORECASE,
)
#: "Published in" + a publication name (on the same or the next line).
PUBLISHED_IN_RE = re.compile(
    r"^(?:published in|veröffentlicht in|publié dans|publicado en)\s*:?\s*(?P<name>\S.*)?$",
    re.IGNORECASE,
)
#: A copyright line with the holder first: "The Commons Quarterly © 2024".
COPYRIGHT_AFTER_RE = re.compile(
    r"^(?P<holder>[^\W\d_][^|©]{0,80}?)\s*(?:©|\(c\)|copyright)\s*\d{4}\s*\.?$",
    re.IGNORECASE,
)
#: A bio sentence starts with the person's name and one of these verbs.
#: A closing bio's subject is an author when a short line outside the text names them again
#: (a masthead, "Subscribe to <name>"); longer lines are prose that may mention anyone.
BIO_NAME_ECHO_MAX_WORDS = 6
BIO_VERB_RE = re.compile(
    r"\s(?:is|was|has|leads|teaches|works|writes|directs|heads|researches|ist|war|leitet|"
    r"arbeitet|forscht|est|était|dirige|travaille|es|fue|dirige|trabaja|è|lavora)\s"
)
#: A block of at least this many short lines (tags, related links, counters) after the last
#: paragraph is trailer, not body: two or more headings in a row with no text under them are a
#: list, while a single line may be the text's closing line.
TAIL_MIN_LINES = 2
#: Between a bio's opening line and its paragraph: lines of at most this many words are
#: skipped (follower counts, "Writer for X", separators).
BIO_SKIP_MAX_WORDS = 5
#: The subject of a bio sentence is its first words: the verb comes within this many characters.
BIO_SUBJECT_MAX_CHARS = 60
#: A closing bio without heading is looked for in this many last body lines and first trailer
#: lines (it sits right after the text).
BIO_TAIL_LINES = 3
#: Bio paragraphs are short: at most this many words (a longer paragraph is body text).
BIO_MAX_WORDS = 120
#: Honorifics dropped from author names ("Dr Jane Doe" -> "Jane Doe").
HONORIFIC_RE = re.compile(
    r"^(?:(?:dr|prof|professor|mr|mrs|ms|mx|sir|dame|rev|herr|frau|mme|sr|sra|dott)"
    r"\.?\s+)+",
    re.IGNORECASE,
)
