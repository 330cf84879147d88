"""Who said it: speaker phrases next to speech cues, and the names they refer to.

A :class:`NameRegistry` holds the page's names (capitalised runs, NER spans when given,
acronyms defined in parentheses) with their positions and gender evidence (pronouns near
them, never name lists). :func:`find_cue` finds the speech cue of a quotation (a verb before
or after it, "according to X", "in her words") and parses the speaker phrase as written;
:meth:`NameRegistry.resolve` turns that phrase into a canonical name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from pagefacts.model import NameSpan
from pagefacts.vocab import quotes as V

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_CAP_TOKEN = rf"[{_UP}][\w’'\-.]*"
_CONNECT = r"(?:of|on|for|and|the|de|da|di|du|van|von|der|den|la|le|bin|al|del|des|&)"
_RUN = re.compile(
    rf"(?<![\w’'])(?:{_CAP_TOKEN})(?:[ \u00a0]+(?:{_CONNECT}[ \u00a0]+)*{_CAP_TOKEN})*"
)
_NOT_FULL_NAME = V.NOT_NAME_WORDS | V.TITLES | V.ORG_HEADS
_ACRONYM = re.compile(rf"\(([{_UP}][{_UP}0-9&]{{1,9}})\)")
# the long form right before "(ACRONYM)", matched on a short slice ending there
_LONG_FORM = re.compile(
    rf"((?:[{_UP}][\w’'\-]*[ \u00a0]+(?:{_CONNECT}[ \u00a0]+)*){{1,10}}[{_UP}][\w’'\-]*)[ \u00a0]*$"
)
_PRONOUN_WORD = re.compile(r"\b(he|his|him|himself|she|her|hers|herself)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s—–]+")
_STRIP_LEAD = "([{“‘\"'«—–-"
_STRIP_TRAIL = ".,;:!?)]}”’\"'»—–-"
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")


def is_acronym(word: str) -> bool:
    core = word.replace(".", "").replace("&", "")
    return (
        2 <= len(core) <= 8 and core.isupper() and core.isalnum() and any(c.isalpha() for c in core)
    )


def is_cap(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (word[0].isdigit() and False))


def _name_like(word: str) -> bool:
    return is_cap(word) and word.lower().strip(".") not in V.NOT_NAME_WORDS


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    raw: str
    core: str  # the word without surrounding punctuation
    core_start: int
    lower: str = ""  # ``core`` in lower case (set by :func:`tokens`)

    @property
    def possessive(self) -> bool:
        return bool(_POSSESSIVE.search(self.core)) and self.core[:1].isupper()


def tokens(text: str, lo: int, hi: int) -> list[Token]:
    """Whitespace tokens of ``text[lo:hi]`` with their punctuation-stripped cores."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text, lo, hi):
        raw = m.group()
        lead = len(raw) - len(raw.lstrip(_STRIP_LEAD))
        core = raw.strip(_STRIP_LEAD).rstrip(_STRIP_TRAIL) if raw.strip(_STRIP_LEAD) else ""
        if core.endswith(".") and not is_acronym(core):
            core = core.rstrip(".")
        out.append(Token(m.start(), m.end(), raw, core, m.start() + lead, core.lower()))
    return out


@dataclass
class Mention:
    start: int
    end: int
    name: str  # canonical
    type: str  # PERSON or ORG
    doc: bool = False  # a document (report, plan, review…) rather than a body
    strong: bool = False  # evidence it names a person (title, role, life dates, speech verb)


@dataclass
class Speaker:
    """A resolved speaker: canonical name, type, the words as written and where."""

    name: str | None
    type: str | None
    span: str | None
    start: int | None
    end: int | None
    confidence: float
    agentless: bool = False  # a passive cue with no agent: nobody named


@dataclass
class NameRegistry:
    """The names of one page, in order, for resolving pronouns, nominals and family names."""

    text: str
    mentions: list[Mention] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    full_by_family: dict[str, list[str]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    gender: dict[str, list[int]] = field(default_factory=dict)  # name -> [male, female]
    runs: set[str] = field(default_factory=set)
    org_names: set[str] | None = None

    @classmethod
    def build(
        cls,
        text: str,
        skip: Sequence[tuple[int, int]] = (),
        names: Sequence[NameSpan] = (),
        known: Sequence[str] = (),
        windows: Sequence[tuple[int, int]] | None = None,
    ) -> NameRegistry:
        """Scan ``text`` (outside the ``skip`` spans, e.g. quotations) for names.

        With ``windows`` only the runs of capitalised words inside them are classified (the
        names a quotation's speaker can refer to are near it); runs elsewhere only record full
        names, for expanding a lone family name."""
        reg = cls(text)
        for m in _ACRONYM.finditer(text):
            lf = _LONG_FORM.search(text, max(0, m.start() - 160), m.start())
            if lf is None:
                continue
            long = _trim_run(lf.group(1).split())
            if len(long) >= 2 and long[0][0].upper() == m.group(1)[0]:
                reg.acronyms.setdefault(m.group(1), " ".join(long))
        raw_runs: list[tuple[int, int, list[str]]] = []
        skip = sorted(skip)
        si = 0
        # NER names are added below, but they do not replace this scan: measured on the
        # fixtures + lent pages, NER alone (no runs) drops speaker accuracy from 0.85 to 0.71
        reg.runs.update(span.text for span in names if span.label in ("PERSON", "ORG"))
        ranges = _merge_windows(text, windows) if windows is not None else [(0, len(text))]
        ri = 0
        for m in _RUN.finditer(text):
            start = m.start()
            while si < len(skip) and skip[si][1] <= start:
                si += 1
            if si < len(skip) and skip[si][0] <= start < skip[si][1]:
                continue
            words = m.group().split()
            if len(words) > 1:  # single words are never looked up (see _known_suffix)
                reg.runs.add(" ".join(w.rstrip(_STRIP_TRAIL) for w in words))
            while ri < len(ranges) and ranges[ri][1] <= start:
                ri += 1
            if ri < len(ranges) and ranges[ri][0] <= start:
                raw_runs.append((start, m.end(), words))
            elif 1 < len(words) <= V.MAX_NAME_TOKENS:
                reg._full_name(words)  # outside the windows: only a full name, cheaply
        reg.runs.update(known)
        persons: list[tuple[int, int, str, bool]] = []
        for start, end, words in raw_runs:
            reg._add_run(start, end, words, persons)
        for span in names:
            if span.label in ("PERSON", "ORG"):
                # NER spans may keep a possessive ("Big Tech’s") and leave acronyms short
                name = _POSSESSIVE.sub("", span.text) if span.text[:1].isupper() else span.text
                name = reg.acronyms.get(name, name)
                end = span.start + len(_POSSESSIVE.sub("", span.text))
                reg.mentions.append(Mention(span.start, end, name, span.label, strong=True))
                if span.label == "PERSON" and " " in name:
                    reg.full_by_family.setdefault(name.split()[-1], []).append(name)
        for _start, _end, name, _strong in persons:
            if " " in name:
                fam = name.split()[-1]
                if name not in reg.full_by_family.setdefault(fam, []):
                    reg.full_by_family[fam].append(name)
        for start, end, name, strong in persons:
            canonical = reg.expand_family(name, start) if " " not in name else name
            if " " not in name and canonical == name and not strong:
                continue  # a lone capitalised word that is nobody's family name
            reg.mentions.append(Mention(start, end, canonical, "PERSON", strong=strong))
        reg.mentions.sort(key=lambda mn: mn.start)
        reg.starts = [mn.start for mn in reg.mentions]
        reg._gender_evidence()
        return reg

    # --- building ---------------------------------------------------------------------

    def _add_run(self, start: int, end: int, words: list[str], persons: list) -> None:
        """Classify one run of capitalised words; split it at possessives and 'and'."""
        if len(words) == 1:  # fast path: most runs are one capitalised word
            word = _POSSESSIVE.sub("", words[0].rstrip(_STRIP_TRAIL))
            low = word.lower()
            if not word or low in V.NOT_NAME_WORDS or low in V.TITLES:
                return
            if is_acronym(word):
                name = self.acronyms.get(word, word)
                self.mentions.append(
                    Mention(start, start + len(word), name, "ORG", strong=word in self.acronyms)
                )
            elif low in V.ORG_HEADS:
                return
            else:
                persons.append((start, start + len(word), word, False))
            return
        pos = start
        chunk: list[tuple[int, str]] = []
        for word in words:
            wstart = self.text.find(word, pos)
            pos = wstart + len(word)
            chunk.append((wstart, word))
            core = word.rstrip(_STRIP_TRAIL)
            if _POSSESSIVE.search(core) or word.endswith((",", ";", ":")):
                self._add_chunk(chunk, persons, possessive=bool(_POSSESSIVE.search(core)))
                chunk = []
        if chunk:
            self._add_chunk(chunk, persons, possessive=False)

    def _add_chunk(self, chunk: list[tuple[int, str]], persons: list, possessive: bool) -> None:
        words = [w.rstrip(_STRIP_TRAIL) for _, w in chunk]
        if possessive and words:
            words[-1] = _POSSESSIVE.sub("", words[-1])
        stripped = strip_titles(words)
        lead = len(words) - len(stripped)
        titled = any(w.lower().rstrip(".") in V.TITLES for w in words[:lead])
        while len(stripped) > 1 and stripped[-1].lower() in V.TITLE_SMALL_WORDS:
            stripped.pop()
        words = stripped
        if not words:
            return
        start = chunk[lead][0]
        end = start + len(" ".join(words))
        lowers = [w.lower() for w in words]
        headed = any(w in V.ORG_HEADS for w in lowers)
        if (
            headed
            or any(w in ("of", "on", "for", "the") for w in lowers)
            or (len(words) == 1 and is_acronym(words[0]))
        ):
            name = (
                self.acronyms.get(words[0], " ".join(words)) if len(words) == 1 else " ".join(words)
            )
            doc = lowers[-1] in V.DOC_HEADS
            # weak: an undefined acronym ("AI", "UK") or a run without an organisation word
            strong = headed or (len(words) == 1 and words[0] in self.acronyms)
            self.mentions.append(Mention(start, end, name, "ORG", doc=doc, strong=strong))
            return
        if "and" in lowers or "&" in lowers:
            return  # "Spain and Peru", "Ann Lee and Tom Field": not one name
        if any(not _name_like(w) for w in words) or any(is_acronym(w) for w in words):
            return
        name_words = self._known_suffix(words)
        strong = titled or self._life_dates_after(end) or self._verb_after(end)
        if len(name_words) > 1:  # a role word before a lone capitalised word proves little
            strong = strong or self._role_before(start) or self._role_after(end)
            strong = strong or self._according_before(start)
        n_start = end - len(" ".join(name_words))
        persons.append((n_start, end, " ".join(name_words), strong))

    def _known_suffix(self, words: list[str]) -> list[str]:
        """Trim a run longer than a name to the part the page also uses on its own."""
        if len(words) <= V.MAX_NAME_TOKENS:
            return words
        for size in range(V.MAX_NAME_TOKENS, 1, -1):
            if self._is_run(" ".join(words[-size:])):
                return words[-size:]
        return words[-2:]

    def _is_run(self, name: str) -> bool:
        """Whether the page writes ``name`` as a run of its own (not inside a longer run)."""
        return name in self.runs

    def _full_name(self, words: list[str]) -> None:
        """Record a run outside the scanned windows as a full name ("Ann Lee"), by family
        name, when none of its words is a title, an organisation word or a function word."""
        words = [w.rstrip(_STRIP_TRAIL) for w in words]
        if any(w.lower() in _NOT_FULL_NAME or not w[1:].islower() for w in words if len(w) > 2):
            return
        full = " ".join(words)
        fulls = self.full_by_family.setdefault(words[-1], [])
        if full not in fulls:
            fulls.append(full)

    def _role_before(self, start: int) -> bool:
        before = self.text[max(0, start - 60) : start].lower().split()[-6:]
        return any(w.strip(",.;:()") in V.ROLE_WORDS for w in before)

    def _role_after(self, end: int) -> bool:
        """ "Ann Lee, Ghana's deputy finance minister,": a role word in the appositive."""
        after = self.text[end : end + 80]
        if not after.startswith(","):
            return False
        words = after[1:].split(",", 1)[0].lower().split()[: V.APPOSITIVE_MAX_TOKENS]
        return any(_POSSESSIVE.sub("", w.strip(".;:()")) in V.ROLE_WORDS for w in words)

    def _according_before(self, start: int) -> bool:
        return self.text[max(0, start - 14) : start].lower().rstrip().endswith("according to")

    def _verb_after(self, end: int) -> bool:
        after = [w.strip(",.;:()").lower() for w in self.text[end : end + 40].split()[:3]]
        after = [w for w in after if w not in V.AUX_WORDS and not w.endswith("ly")]
        return bool(after) and (
            after[0] in V.SPEECH_VERBS or " ".join(after[:2]) in V.SPEECH_PHRASES
        )

    def _life_dates_after(self, end: int) -> bool:
        return bool(re.match(r"\s*\((?:b\.|born|c\.|\d{4}\s*[–-])", self.text[end : end + 12]))

    def _gender_evidence(self) -> None:
        for i, mn in enumerate(self.mentions):
            if mn.type != "PERSON":
                continue
            stop = min(mn.end + V.GENDER_WINDOW, len(self.text))
            if i + 1 < len(self.mentions):
                stop = min(stop, max(self.mentions[i + 1].start, mn.end))
            for mark in '“"«':  # pronouns of a speech cue after a quotation are no evidence
                found = self.text.find(mark, mn.end, stop)
                if found >= 0:
                    stop = found
            counts = self.gender.setdefault(mn.name, [0, 0])
            for m in _PRONOUN_WORD.finditer(self.text, mn.end, stop):
                if m.group(1).lower() in V.MALE_PRONOUNS:
                    counts[0] += 1
                else:
                    counts[1] += 1
        for mn in self.mentions:
            if mn.type == "PERSON" and sum(self.gender.get(mn.name, (0, 0))) > 0:
                mn.strong = True

    # --- resolving --------------------------------------------------------------------

    def add_speaker(self, name: str, type_: str, start: int, end: int) -> None:
        """Record an explicit speaker so later pronouns can refer to it."""
        i = bisect_left(self.starts, start)
        self.mentions.insert(i, Mention(start, end, name, type_, strong=True))
        self.starts.insert(i, start)

    def expand_family(self, name: str, before: int) -> str:
        """A lone family name ("Field") as the full name the page gave ("Tom Field")."""
        fulls = self.full_by_family.get(name)
        if not fulls:
            return name
        if len(fulls) == 1:
            return fulls[0]
        best, best_pos = fulls[0], -1
        for full in fulls:
            pos = self.text.rfind(full, 0, before)
            if pos > best_pos:
                best, best_pos = full, pos
        return best

    def gender_of(self, name: str) -> str | None:
        male, female = self.gender.get(name, (0, 0))
        if male > female:
            return "m"
        if female > male:
            return "f"
        return None

    def recent(
        self,
        before: int,
        want: str,
        gender: str | None = None,
        head: str | None = None,
        lookback: int = 4000,
    ) -> Mention | None:
        """The most recent mention before ``before`` of type ``want`` (PERSON / ORG / DOC)."""
        i = bisect_left(self.starts, before) - 1
        fallback: Mention | None = None
        while i >= 0:
            mn = self.mentions[i]
            i -= 1
            if before - mn.start > lookback:
                break
            if mn.end > before:
                continue
            if want == "PERSON":
                if mn.type != "PERSON" or not mn.strong:
                    continue
                g = self.gender_of(mn.name)
                if gender in ("m", "f") and g is not None and g != gender:
                    continue
                return mn
            if mn.type != "ORG" or not mn.strong:
                continue
            if head is not None:
                words = mn.name.lower().split()
                if words[-1] == head or (head in words and not head[:1].isupper()):
                    return mn  # "the ministry": the "Ministry of Agriculture"
                if head[:1].isupper():
                    continue
                if fallback is None:
                    fallback = mn
                continue
            return mn
        return fallback

    def canonical(self, words: list[str], at: int) -> tuple[str, str]:
        """Canonical name and type of a name phrase as written (titles stripped, expanded)."""
        words = strip_titles(
            [
                _POSSESSIVE.sub("", w) if _POSSESSIVE.search(w) and w[:1].isupper() else w
                for w in words
                if w
            ]
        )
        lowers = [w.lower() for w in words]
        if len(words) == 1 and is_acronym(words[0]):
            return self.acronyms.get(words[0], words[0]), "ORG"
        if ("and" in lowers or "&" in lowers) and not any(w in V.ORG_HEADS for w in lowers):
            return " ".join(words), "PERSON"  # "Ann Lee and Tom Field": kept together
        if any(w in V.ORG_HEADS for w in lowers) or any(
            w in ("of", "on", "for", "the") for w in lowers
        ):
            return " ".join(words), "ORG"
        if len(words) > V.MAX_NAME_TOKENS:
            words = self._known_suffix(words)
        name = " ".join(words)
        if len(words) == 1:
            name = self.expand_family(name, at)
            if self.org_names is None:
                self.org_names = {mn.name for mn in self.mentions if mn.type == "ORG"}
            if name in self.org_names:
                return name, "ORG"
        return name, "PERSON"


def strip_possessive(word: str) -> str:
    """ "Lee's" -> "Lee" (capitalised words only: "its" stays)."""
    return _POSSESSIVE.sub("", word) if word[:1].isupper() else word


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading function words, and everything up to the last title ("US Vice President
    Ann Lee" -> "Ann Lee", "Mr Field" -> "Field")."""
    while len(words) > 1 and words[0].lower().rstrip(".") in V.NOT_NAME_WORDS:
        words = words[1:]
    last = -1
    for k, w in enumerate(words[:-1]):
        if w.lower().rstrip(".") in V.TITLES:
            last = k
    return words[last + 1 :]


def _merge_windows(text: str, windows: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged windows, widened to line starts and ends (a run is never cut)."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(windows):
        lo = text.rfind("\n", 0, max(lo, 0)) + 1
        nl = text.find("\n", min(hi, len(text)))
        hi = len(text) if nl < 0 else nl
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _trim_run(words: list[str]) -> list[str]:
    while words and words[0].lower() in V.NOT_NAME_WORDS:
        words = words[1:]
    return words


# --- speaker phrases and cues --------------------------------------------------------------


@dataclass
class Phrase:
    """A speaker phrase as written: a name, a pronoun or a nominal ("the report")."""

    kind: str  # name, pronoun, nominal, indefinite
    start: int
    end: int
    words: list[str]  # name words, or the nominal's capitalised modifiers
    head: str | None = None  # nominal head as written ("report", "Survey")
    via: list[str] | None = None  # "an article in <the X Gazette>": the name after the head


@dataclass
class Cue:
    """A speech cue of a quotation and its speaker phrase (None when agentless)."""

    text: str
    start: int
    end: int
    phrase: Phrase | None
    adjacent: bool  # the phrase sits right next to the cue
    agentless: bool = False
    clause_start: int = 0
    clause_end: int = 0


def _is_name_tok(tok: Token) -> bool:
    core = tok.core
    if not core or not is_cap(core):
        return False
    return core.lower().strip(".") not in V.NOT_NAME_WORDS or is_acronym(core)


# speech phrases by their last word (order kept: longer cues first)
_PHRASES_BY_LAST: dict[str, list[tuple[str, list[str]]]] = {}
for _phrase in V.SPEECH_PHRASES:
    _PHRASES_BY_LAST.setdefault(_phrase.split()[-1], []).append((_phrase, _phrase.split()))


def _is_verb(toks: list[Token], i: int) -> str | None:
    """The speech cue ending at token ``i`` (a phrase or a verb), or None."""
    tok = toks[i]
    for phrase, parts in _PHRASES_BY_LAST.get(tok.lower, ()):
        n = len(parts)
        if i - n + 1 >= 0 and [t.lower for t in toks[i - n + 1 : i + 1]] == parts:
            return phrase
    if tok.core and tok.core[0].islower() and tok.lower in V.SPEECH_VERBS:
        if i > 0 and toks[i - 1].lower in V.DEFINITE | V.INDEFINITE | set(V.POSSESSIVE_PRONOUNS):
            return None  # "the report", "his note": a noun
        if tok.lower in V.NOUNISH_VERBS and not tok.raw.endswith((",", ":")):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if (
                nxt is not None
                and nxt.lower not in V.VERB_FOLLOWERS
                and nxt.raw[:1] not in "“‘\"'«"
            ):
                return None  # "the UK report on …": a noun
        return tok.core
    return None


def parse_backward(toks: list[Token], j: int) -> Phrase | None:
    """The speaker phrase ending at token ``j``."""
    if j < 0:
        return None
    tok = toks[j]
    raw = tok.raw.rstrip(",;:")
    if raw.endswith(")"):
        k = j
        while k >= 0 and j - k < 8 and not toks[k].raw.startswith("("):
            k -= 1
        if k >= 0 and toks[k].raw.startswith("("):
            inner = [t for t in toks[k : j + 1]]
            words = [t.core for t in inner]
            if 1 < len(words) <= 4 and all(_is_name_tok(t) for t in inner):
                return Phrase(
                    "name", inner[0].core_start, inner[-1].core_start + len(inner[-1].core), words
                )
            return parse_backward(toks, k - 1)
        return None
    if tok.lower in V.WORK_MAKERS and j > 0 and _POSSESSIVE.search(toks[j - 1].core):
        owner = toks[j - 1]  # "the survey's authors": the survey speaks
        core = _POSSESSIVE.sub("", owner.core)
        if core.lower() in V.ORG_NOMINALS and j > 1 and toks[j - 2].lower in V.DEFINITE:
            return Phrase(
                "nominal", toks[j - 2].core_start, owner.core_start + len(core), [], head=core
            )
    if tok.lower in V.PRONOUNS and tok.core.isalpha():
        return Phrase("pronoun", tok.core_start, tok.core_start + len(tok.core), [tok.core])
    if tok.lower in V.PERSON_NOMINALS | V.ORG_NOMINALS and (
        tok.core[0].islower() or (j > 0 and toks[j - 1].lower in V.DEFINITE)
    ):
        mods: list[str] = []
        k = j - 1
        while k >= 0 and j - k <= 4:
            low = toks[k].lower
            if low in V.DEFINITE or low in V.INDEFINITE:
                kind = "nominal" if low in V.DEFINITE else "indefinite"
                return Phrase(
                    kind, toks[k].core_start, tok.core_start + len(tok.core), mods, head=tok.core
                )
            if toks[k].raw.endswith((",", ";", ":", ")")) or toks[k].lower in V.PREPOSITIONS:
                break
            if is_cap(toks[k].core):
                mods.insert(0, toks[k].core)
            k -= 1
        return None
    if not _is_name_tok(tok) or tok.possessive:
        return None
    k = j
    while k - 1 >= 0:
        prev = toks[k - 1]
        if prev.raw.endswith((",", ";", ":", ")")) or prev.possessive:
            break
        if _is_name_tok(prev):
            k -= 1
            continue
        joins = V.NAME_PARTICLES | {"of", "on", "for", "and", "&"}
        if (
            prev.lower in joins
            and k - 2 >= 0
            and _is_name_tok(toks[k - 2])
            and not toks[k - 2].raw.endswith((",", ";", ":"))
        ):
            k -= 1
            continue
        break
    if k - 1 >= 0 and toks[k - 1].possessive and not toks[k - 1].raw.endswith(","):
        owner = toks[k - 1]  # "Ann Lee's Theory of Signs defines": the owner speaks
        core = _POSSESSIVE.sub("", owner.core)
        m = k - 1
        while (
            m - 1 >= 0
            and _is_name_tok(toks[m - 1])
            and not toks[m - 1].raw.endswith((",", ";", ":"))
        ):
            m -= 1
        words = [t.core for t in toks[m : k - 1]] + [core]
        return Phrase("name", toks[m].core_start, owner.core_start + len(core), words)
    words = [t.core for t in toks[k : j + 1]]
    while words and words[0].lower().rstrip(".") in V.NOT_NAME_WORDS:
        words, k = words[1:], k + 1
    if not words:
        return None
    if (
        k - 1 >= 0
        and toks[k - 1].lower in V.PREPOSITIONS | {"the", "a", "an"}
        and not toks[k - 1].raw.endswith(",")
    ) and (len(words) == 1 or toks[k - 1].lower in {"of", "the", "a", "an"}):
        clause_start = k - 2 < 0 or toks[k - 2].raw.endswith((",", ";", ":", ".", "?", "!"))
        org = _org_headed(words) or is_acronym(words[-1])  # "the IMF", "the ECB"
        if not (toks[k - 1].lower == "the" and clause_start and org):
            return None  # "Theory of Signs", "with ABC": part of another phrase
    words, end_tok = split_person_of_org(words), k + len(split_person_of_org(words)) - 1
    last = toks[end_tok]
    return Phrase("name", toks[k].core_start, last.core_start + len(last.core), words)


def _org_headed(words: list[str]) -> bool:
    return any(w.lower() in V.ORG_HEADS for w in words)


def split_person_of_org(words: list[str]) -> list[str]:
    """ "Susan Park of Western State University" -> the person part ("Susan Park")."""
    low = [w.lower() for w in words]
    if "of" not in low:
        return words
    cut = low.index("of")
    person, org = words[:cut], words[cut + 1 :]
    plain = all(_name_like(w) and not is_acronym(w) for w in person)
    if 2 <= len(person) <= V.MAX_NAME_TOKENS and not _org_headed(person) and org and plain:
        return person
    return words


def _continues_name(tok: Token) -> bool:
    """A token ending in "." that does not end a name: a title ("Dr.") or an initial ("J.")."""
    core = tok.raw.rstrip(".")
    return core.lower() in V.TITLES or (len(core) == 1 and core.isupper())


def parse_forward(toks: list[Token], i: int) -> Phrase | None:
    """The speaker phrase starting at token ``i`` ("the Survey", "one report", "UNESCO")."""
    if i >= len(toks):
        return None
    tok = toks[i]
    if tok.lower in V.PRONOUNS and tok.core.isalpha():
        return Phrase("pronoun", tok.core_start, tok.core_start + len(tok.core), [tok.core])
    if tok.lower in V.DEFINITE or tok.lower in V.INDEFINITE:
        mods: list[str] = []
        for k in range(i + 1, min(i + 6, len(toks))):
            t = toks[k]
            if (
                t.lower in V.PERSON_NOMINALS | V.ORG_NOMINALS
                and mods
                and is_cap(t.core)
                and tok.lower in V.DEFINITE
            ):
                return Phrase(
                    "name", toks[i + 1].core_start, t.core_start + len(t.core), [*mods, t.core]
                )
            if t.lower in V.PERSON_NOMINALS | V.ORG_NOMINALS:
                if t.raw.endswith(","):  # "a spokeswoman, Laura Pinsky,": the appositive name
                    named = parse_forward(toks, k + 1)
                    if named is not None and named.kind == "name":
                        return named
                kind = "nominal" if tok.lower in V.DEFINITE else "indefinite"
                ph = Phrase(kind, tok.core_start, t.core_start + len(t.core), mods, head=t.core)
                if not t.raw.endswith((",", ";", ":")):
                    ph.via = _via_name(toks, k + 1)
                return ph
            if t.raw.endswith((",", ";", ":")) and k > i + 1:
                break
            if is_cap(t.core):
                mods.append(t.core)
        if mods and tok.lower in V.DEFINITE:  # "the Survey", "the Annual Survey"
            last = i + len(mods)
            return Phrase(
                "nominal",
                tok.core_start,
                toks[last].core_start + len(toks[last].core),
                mods[:-1],
                head=mods[-1],
            )
        return None
    if not _is_name_tok(tok) or tok.possessive:
        return None
    k = i
    while k + 1 < len(toks) and (
        not toks[k].raw.rstrip('”’"').endswith((",", ";", ":", ".")) or _continues_name(toks[k])
    ):
        nxt = toks[k + 1]
        if _is_name_tok(nxt) and not toks[k].possessive:
            k += 1
            continue
        if (
            nxt.lower in {"of", "on", "for", "and", "the", "&"} | V.NAME_PARTICLES
            and k + 2 < len(toks)
            and _is_name_tok(toks[k + 2])
        ):
            k += 2
            continue
        break
    if toks[k].possessive:
        return None
    words = split_person_of_org([t.core for t in toks[i : k + 1]])
    last = toks[i + len(words) - 1]
    return Phrase("name", tok.core_start, last.core_start + len(last.core), words)


def parse_after_role(toks: list[Token], i: int) -> Phrase | None:
    """The phrase at ``i``, skipping a few lower-case role words before a name
    ("hydrologist Susan Park", "former minister Ann Lee")."""
    ph = parse_forward(toks, i)
    if ph is not None:
        return ph
    for k in range(i, min(i + V.ROLE_WORDS_BEFORE_NAME, len(toks))):
        if not toks[k].core[:1].islower() or toks[k].raw.endswith((",", ";", ":", ".")):
            break
        ph = parse_forward(toks, k + 1)
        if ph is not None and ph.kind == "name":
            return ph
    return None


def _via_name(toks: list[Token], i: int) -> list[str] | None:
    """The name after "in/by/from/at" within a few tokens of a nominal head."""
    for k in range(i, min(i + 4, len(toks))):
        if toks[k].lower in ("in", "by", "from", "at"):
            j = k + 1
            if j < len(toks) and toks[j].lower == "the":
                j += 1
            ph = parse_forward(toks, j)
            if ph is not None and ph.kind == "name":
                return ph.words
            return None
    return None


def subject_before(toks: list[Token], vi: int) -> Phrase | str | None:
    """The subject of the verb at token ``vi``; the string 'passive' for "was described"."""
    j = vi - 1
    while (
        j >= 0
        and not toks[j].raw.endswith((",", ";", ":"))
        and (
            toks[j].lower in V.AUX_WORDS
            or (toks[j].lower.endswith("ly") and toks[j].core[:1].islower())
        )
    ):
        j -= 1
    if j < 0:
        return None
    if toks[j].lower in V.PASSIVE_AUX and toks[j].core[:1].islower():
        if not toks[vi].lower.endswith("ing"):
            return "passive"
        j -= 1  # "he was writing": progressive, not passive
    if toks[j].raw.endswith(","):
        for k in range(j - 1, max(-1, j - V.APPOSITIVE_MAX_TOKENS), -1):
            if toks[k].raw.endswith(","):
                if k + 1 < len(toks) and toks[k + 1].core[:1].islower():
                    ph = parse_backward(toks, k)
                    if ph is not None:
                        return ph
                break
    return parse_backward(toks, j)


def nearest_name(toks: list[Token], vi: int) -> Phrase | None:
    """The closest name a few tokens before the verb ("Lee in her 2018 volume describing")."""
    for j in range(vi - 1, max(-1, vi - 1 - V.NEAREST_NAME_TOKENS), -1):
        if toks[j].raw.endswith((";", ":")):
            break
        ph = parse_backward(toks, j)
        if ph is not None and ph.kind == "name":
            return ph
    return None


def clause_subject(toks: list[Token], stop: int, work_only: bool = False) -> Phrase | None:
    """The first speaker phrase of the clause (``toks[:stop]``): its grammatical subject.

    With ``work_only`` only a possessive before a work noun counts ("Lee's writings").
    """
    for i in range(min(stop, len(toks))):
        tok = toks[i]
        if tok.possessive and i + 1 < len(toks) and toks[i + 1].lower in V.WORK_NOUNS:
            k = i
            while k - 1 >= 0 and _is_name_tok(toks[k - 1]) and not toks[k - 1].raw.endswith(","):
                k -= 1
            words = [t.core for t in toks[k:i]] + [_POSSESSIVE.sub("", tok.core)]
            return Phrase(
                "name",
                toks[k].core_start,
                tok.core_start + len(_POSSESSIVE.sub("", tok.core)),
                words,
            )
        if work_only:
            continue
        if i > 0 and toks[i - 1].lower in V.PREPOSITIONS:
            continue
        ph = parse_forward(toks, i)
        if (
            ph is not None
            and ph.kind == "name"
            and len(ph.words) == 1
            and i == 0
            and not is_acronym(ph.words[0])
        ):
            continue  # "Weeks before …": a sentence-initial capital, not a name
        if ph is not None and ph.kind in ("name", "pronoun", "nominal", "indefinite"):
            return ph
    return None


def _owner_phrase(text: str, owner: Token) -> Phrase | None:
    """The speaker named by a possessive: "her" (pronoun) or "Lee's" (name), else None."""
    if owner.lower in V.POSSESSIVE_PRONOUNS:
        return Phrase(
            "pronoun", owner.core_start, owner.core_start + len(owner.core), [owner.lower]
        )
    if not owner.possessive:
        return None
    sub = tokens(text, owner.start, owner.start + len(owner.raw))
    core = _POSSESSIVE.sub("", sub[0].core) if sub else owner.core
    return Phrase("name", owner.core_start, owner.core_start + len(core), [core])


def find_cue_before(
    text: str, lo: int, hi: int, blocked: Sequence[tuple[int, int]] = ()
) -> Cue | None:
    """The speech cue nearest before ``hi`` in ``text[lo:hi]`` (``blocked``: quoted spans)."""
    toks = [t for t in tokens(text, lo, hi) if not any(a <= t.start < b for a, b in blocked)]
    def cue_here(label: str, start: int, end: int, ph: Phrase | None) -> Cue:
        return Cue(label, start, end, ph, True, clause_start=lo, clause_end=hi)

    for i in range(len(toks) - 1, -1, -1):
        low = toks[i].lower
        if low == "to" and i > 0 and toks[i - 1].lower == "according":
            ph = parse_after_role(toks, i + 1)
            return cue_here("according to", toks[i - 1].start, toks[i].end, ph)
        if low in V.IN_WORDS and i >= 2 and toks[i - 2].lower == "in":
            owner = toks[i - 1]
            ph = _owner_phrase(text, owner)
            if ph is not None:
                label = f"in {owner.core} {toks[i].core}"
                return cue_here(label, toks[i - 2].start, toks[i].end, ph)
        if (
            low == "that"
            and i >= 2
            and toks[i - 1].lower in V.CLAIM_NOUNS
            and (toks[i - 2].lower in V.POSSESSIVE_PRONOUNS or toks[i - 2].possessive)
        ):
            owner = toks[i - 2]  # "her claim that", "Lee's argument that"
            ph = _owner_phrase(text, owner)
            label = f"{owner.core} {toks[i - 1].core} that"
            return cue_here(label, toks[i - 2].start, toks[i].end, ph)
        if low == "quote" and i > 0 and toks[i - 1].lower == "to":
            ph = parse_forward(toks, i + 1)
            if ph is not None:
                return cue_here("to quote", toks[i - 1].start, toks[i].end, ph)
        verb = _is_verb(toks, i)
        if verb is None:
            continue
        n = len(verb.split())
        vi = i - n + 1
        cue = Cue(verb, toks[vi].start, toks[i].end, None, True, clause_start=lo, clause_end=hi)
        if (
            verb in ("put it", "puts it", "has it")
            and vi > 0
            and toks[vi - 1].lower not in V.AUX_WORDS | {"as"}
        ):
            pass
        subj = subject_before(toks, vi)
        if subj == "passive":
            after = tokens(text, toks[i].end, hi)
            if after and after[0].lower == "by":
                cue.phrase = parse_forward(after, 1)
            else:
                cue.agentless = True
                cue.phrase = _document_source(toks[:vi])
            cue.adjacent = False
            return cue
        if isinstance(subj, Phrase):
            cue.phrase = subj
            return cue
        cue.adjacent = False
        cue.phrase = nearest_name(toks, vi) or clause_subject(toks, vi)
        if cue.phrase is None and i + 1 < len(toks) and toks[i + 1].lower in V.PRONOUNS:
            cue.phrase = parse_forward(toks, i + 1)  # "saying he was “…”"
        return cue
    ph = clause_subject(toks, len(toks), work_only=True)
    if ph is not None:
        return Cue("", ph.start, ph.end, ph, False, clause_start=lo, clause_end=hi)
    return None


def _document_source(toks: list[Token]) -> Phrase | None:
    """'in (the) <Name ending in a document word>' in a clause: the quoted document."""
    for i in range(len(toks) - 1, -1, -1):
        if toks[i].lower != "in":
            continue
        ph = parse_forward(toks, i + 1 + (i + 1 < len(toks) and toks[i + 1].lower == "the"))
        if ph is not None and ph.kind == "name" and ph.words[-1].lower().rstrip(",") in V.DOC_HEADS:
            return ph
    return None


def find_cue_after(text: str, lo: int, hi: int) -> Cue | None:
    """A cue right after a closing mark: "…” he warned", "…,” Lee has said", "…” said X"."""
    toks = tokens(text, lo, hi)[: V.AFTER_CUE_TOKENS + V.APPOSITIVE_MAX_TOKENS]
    if toks and not toks[0].core:
        toks = toks[1:]
    by = _by_cue(toks)
    if by is not None:
        return by
    if len(toks) >= 2 and toks[0].lower == "according" and toks[1].lower == "to":
        return Cue(
            "according to",
            toks[0].start,
            toks[1].end,
            parse_after_role(toks, 2),
            True,
            clause_start=lo,
            clause_end=toks[-1].end,
        )
    appositive = False  # "…,” Ann Lee, a fellow at X, said: the verb may come later
    for i in range(len(toks)):
        verb = _is_verb(toks, i)
        if verb is None:
            ends = toks[i].raw.endswith((".", ";", ":", "!", "?"))
            if ends and i > 0 and not _continues_name(toks[i]):
                break
            if toks[i].raw.endswith(",") and i < V.AFTER_CUE_TOKENS:
                appositive = True
            if i + 1 >= V.AFTER_CUE_TOKENS and not appositive:
                break
            continue
        vi = i - len(verb.split()) + 1
        cue = Cue(
            verb, toks[vi].start, toks[i].end, None, True, clause_start=lo, clause_end=toks[i].end
        )
        if vi == 0:
            cue.phrase = parse_forward(toks, i + 1)
            if cue.phrase is not None:
                cue.clause_end = cue.phrase.end
                return cue
            if verb.endswith("ing"):
                cue.adjacent = False
                return cue  # "…,” stating: “…”: the subject is the clause's, before the quote
            return None
        subj = subject_before(toks, vi)
        first = toks[1] if toks[0].lower == "the" and len(toks) > 1 else toks[0]  # "the IMF"
        if isinstance(subj, Phrase) and (subj.start <= first.core_start + 1 or appositive):
            cue.phrase = subj
            return cue
        return None
    return None


def _by_cue(toks: list[Token]) -> Cue | None:
    """ "…,” as read by Senator X": a reading / delivering verb with its agent after "by"."""
    for i in range(min(len(toks) - 1, 3)):
        if toks[i].lower in V.BY_CUES and toks[i + 1].lower == "by":
            ph = parse_forward(toks, i + 2)
            if ph is not None and ph.kind == "name":
                return Cue(
                    f"{toks[i].lower} by", toks[i].start, toks[i + 1].end, ph, True,
                    clause_start=toks[0].start, clause_end=ph.end,
                )
    return None
