"""Quotations with speaker attribution.

:func:`extract_quotes` finds every quoted span of a page (double, single, mixed, nested;
epigraphs; block quotations set apart after a colon; quotations inside notes), tells
quotations from titles of works and from terms / scare quotes, attributes each quotation
to its speaker (explicit cue, pronoun or nominal resolved to an earlier name, the epigraph's
name line, or the cited author of its note) and links it to its note and citation.

Marks are found by :mod:`pagefacts.quotes_find`; speakers by :mod:`pagefacts.quotes_attribute`;
the word lists and the confidence scale are in :mod:`pagefacts.vocab.quotes`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from pagefacts import model
from pagefacts.model import Layout, NameSpan, NotesBlock
from pagefacts.quotes_attribute import (
    Cue,
    Mention,
    NameRegistry,
    Phrase,
    Speaker,
    _is_verb,
    clause_subject,
    find_cue_after,
    find_cue_before,
    is_acronym,
    parse_backward,
    parse_forward,
    strip_possessive,
    subject_before,
    tokens,
)
from pagefacts.quotes_find import (
    _ABBREV,
    RawSpan,
    nest,
    paragraphs,
    scan_paragraph,
    sentence_breaks,
    sentence_of,
)
from pagefacts.vocab import quotes as V

KINDS = ("epigraph", "inline", "block", "in-note", "term", "title")
_NAME_LINE_MARKER = re.compile(r"\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4})\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[•*▪◦·‣–—-]|\d{1,3}[.)]\s|[a-z][.)]\s)")
_AUTHOR_YEAR = re.compile(r"(?:\d{4}[a-z]?\.|[A-Z][\w’'-]+,)\s*$")
# "(Lind 1976, 16", "(Ames and Ruiz 1989", "(Ost [1836] 1965": an author-date source
_AUTHOR_DATE = re.compile(
    r"\s*[.,;]?\s*\(([A-Z][\w’'-]+(?:\s+(?:and|&)\s+[A-Z][\w’'-]+)?)"
    r"(?:\s+et al\.)?\s+(?:\[\d{4}\]\s+)?\d{4}[a-z]?\b"
)
# "(36)", "(36–37)", "(p. 36)": a bare page reference to the last source
_PAGE_REF = re.compile(r"\s*[.,;]?\s*\((?:pp?\.\s*)?\d{1,4}(?:\s*[–-]\s*\d{1,4})?\)")
_YEAR_BEFORE = re.compile(r"\d{4}[a-z]?\.\s*$")
_NOTE_TITLE_AFTER = re.compile(V.NOTE_TITLE_AFTER_RE)
# a sentence end inside a gap ("said. Its chief executive was more direct:"), not "Dr. Lee"
_SENTENCE_INSIDE = re.compile(r"[a-z0-9][.!?]\s+[A-Z]")
# what may follow an epigraph's closing mark before its name: a line break or a dash
_NAME_LINE_LEAD = re.compile(r"[ \t]*[.,]?[ \t]*(?:\n|[" + re.escape(V.EPIGRAPH_DASHES) + r"])")
_BODY_NOMINAL = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))The (?:" + "|".join(sorted(V.BODY_NOMINALS)) + r")\b"
)
_INDEFINITE_HEAD: dict[str, re.Pattern] = {}
_NEW_CLAUSE = re.compile(r"[,;]\s+(?:he|she|they|we|it|I)\s", re.I)
_SENTENCE_GAP = re.compile(r"[.!?]\s")
_BY_AFTER = re.compile(r"^[,.]?\s+by\s+[A-Z]")


@dataclass
class Quote:
    """One quoted span of a page, with its kind, speaker and source."""

    document_id: str
    text: str
    start: int
    end: int
    parts: list[tuple[int, int]]
    kind: str
    speaker: str | None = None
    speaker_type: str | None = None
    speaker_span: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_entity_id: str | None = None
    cue: str | None = None
    evidence: str | None = None
    confidence: float = 0.0
    note_number: int | None = None
    citation_id: str | None = None
    section: str | None = None

    @property
    def is_quotation(self) -> bool:
        return self.kind not in ("term", "title")

    @property
    def quote_id(self) -> str:
        return model.quote_id(self.document_id, self.start, self.end)

    def to_record(self) -> dict:
        """The record of table ``quotes`` (schemas/quote.schema.json)."""
        return {
            "quote_id": self.quote_id,
            "document_id": self.document_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "parts": [{"start": s, "end": e} for s, e in self.parts],
            "kind": self.kind,
            "is_quotation": self.is_quotation,
            "speaker": self.speaker,
            "speaker_type": self.speaker_type,
            "speaker_span": self.speaker_span,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "speaker_entity_id": self.speaker_entity_id,
            "cue": self.cue,
            "evidence": self.evidence,
            "confidence": round(float(self.confidence), 3),
            "note_number": self.note_number,
            "citation_id": self.citation_id,
            "section": self.section,
        }


@dataclass
class _Cand:
    """A quoted span being classified and attributed."""

    parts: list[tuple[int, int]]
    open: int
    close: int
    para: int
    double: bool
    kind: str = "inline"
    parent: int = -1
    cue: Cue | None = None
    maybe_term: bool = False  # a short predicate span: a quotation only if a speaker carries over
    in_note: int | None = None  # number of the note holding it
    speaker: Speaker | None = None
    name_line: tuple[int, int, list[str]] | None = None  # epigraph: the speaker line
    note_number: int | None = None
    sent: tuple[int, int] = (0, 0)
    extra: dict = field(default_factory=dict)


def extract_quotes(
    text: str,
    layout: Layout,
    block: NotesBlock,
    *,
    document_id: str,
    page_author: str | None = None,
    citations: Sequence[dict] = (),
    names: Sequence[NameSpan] = (),
) -> Iterator[Quote]:
    """Every quoted span of ``text`` as a :class:`Quote`, in page order."""
    page = _Page(text, layout, block, document_id, page_author, citations, names)
    yield from page.run()


class _Page:
    """The state of one extraction: paragraphs, spans, sentences, names."""

    def __init__(self, text, layout, block, document_id, page_author, citations, names) -> None:
        self.text = text
        self.layout = layout
        self.block = block
        self.document_id = document_id
        self.page_author = page_author
        self.citations = list(citations)
        self.names = list(names)
        self.paras = paragraphs(text)
        self.notes = sorted(block.notes, key=lambda n: n.start)
        self.note_starts = [n.start for n in self.notes]
        self.note_numbers = {n.number for n in self.notes}
        self.markers = sorted(block.markers, key=lambda m: m.start)
        self.marker_starts = [m.start for m in self.markers]
        self.breaks: dict[int, list[int]] = {}
        self._head_patterns: dict[str, re.Pattern] = {}

    # --- structure --------------------------------------------------------------------

    def note_at(self, offset: int) -> int | None:
        i = bisect_left(self.note_starts, offset + 1) - 1
        if i >= 0 and self.notes[i].start <= offset < self.notes[i].end:
            return self.notes[i].number
        return None

    def in_notes(self, offset: int) -> bool:
        return self.layout.region_at(offset) == "notes" or self.note_at(offset) is not None

    def sentence(self, para: int, offset: int, spans: list[RawSpan]) -> tuple[int, int]:
        ps, pe = self.paras[para]
        if para not in self.breaks:
            quoted = [(s.open, s.close) for s in self.tops.get(para, [])]
            self.breaks[para] = sentence_breaks(self.text, ps, pe, quoted)
        return sentence_of(self.breaks[para], pe, offset)

    # --- the run ----------------------------------------------------------------------

    def run(self) -> Iterator[Quote]:
        spans: list[RawSpan] = []
        for i, (s, e) in enumerate(self.paras):
            spans.extend(scan_paragraph(self.text, s, e, i))
        spans = [s for s in nest(spans) if not self.layout.is_ignored(s.open)]
        spans = nest(spans)
        self.spans = spans
        self.tops: dict[int, list[RawSpan]] = {}
        for s in spans:
            if s.parent < 0:
                self.tops.setdefault(s.para, []).append(s)
        self.top_opens = {p: [s.open for s in lst] for p, lst in self.tops.items()}
        self.primary_double = self._primary_double(spans)
        cands = self._candidates(spans)
        # each part (marks included) of a quotation; not the attribution between split parts
        skip = sorted((max(a - 1, 0), b + 1) for c in cands for a, b in c.parts)
        known = [_author_name(a)[0] for c in self.citations for a in c.get("author") or []]
        windows = [
            (c.open - V.NAME_WINDOW_BEFORE, c.close + V.NAME_WINDOW_AFTER)
            for c in cands
            if c.kind not in ("term", "title") or c.maybe_term
        ]
        self.reg = NameRegistry.build(
            self.text, skip=skip, names=self.names, known=[k for k in known if k],
            windows=windows,
        )
        for c in cands:
            if c.kind == "title":
                name = self.text[c.parts[0][0] : c.parts[-1][1]].rstrip(".,;: ")
                if 1 <= len(name.split()) <= 25:
                    self.reg.add_speaker(name, "ORG", c.parts[0][0], c.parts[-1][1])
                    self.reg.mentions[bisect_left(self.reg.starts, c.parts[0][0])].doc = True
        self._attribute(cands)
        for c in cands:
            yield self._record(c)

    def _primary_double(self, spans: list[RawSpan]) -> bool:
        """Whether the page quotes in double marks (then short single-quoted spans are terms)."""
        doubles = sum(1 for s in spans if s.parent < 0 and s.double and not self.in_notes(s.open))
        singles = sum(
            1 for s in spans if s.parent < 0 and not s.double and not self.in_notes(s.open)
        )
        return doubles >= singles

    # --- candidates and kinds ---------------------------------------------------------

    def _candidates(self, spans: list[RawSpan]) -> list[_Cand]:
        cands: list[_Cand] = []
        by_para: dict[int, list[int]] = {}
        for idx, s in enumerate(spans):
            by_para.setdefault(s.para, []).append(idx)
        consumed: set[int] = set()
        in_block = -1  # last paragraph of the block quotation being read
        for p, (ps, _pe) in enumerate(self.paras):
            if self.layout.is_ignored(ps) or p <= in_block:
                continue
            idxs = by_para.get(p, [])
            epi = self._epigraph(p, idxs, spans)
            if epi is not None:
                cands.append(epi)
                consumed.update(i for i in idxs if spans[i].parent < 0)
                continue
            blk = self._block(p, idxs, spans)
            if blk is not None:
                cands.append(blk)
                in_block = blk.extra.get("last_para", p)
                for q in range(p, in_block + 1):
                    qs = self.paras[q][0]
                    consumed.update(
                        i
                        for i in by_para.get(q, [])
                        if spans[i].parent < 0 and spans[i].open <= qs + 1
                    )
        index_of: dict[int, int] = {}
        for idx, s in enumerate(spans):
            if idx in consumed:
                continue
            c = _Cand([(s.start, s.end)], s.open, s.close, s.para, s.double, parent=s.parent)
            c.in_note = self.note_at(s.open)
            c.sent = self.sentence(s.para, s.open, spans)
            index_of[idx] = len(cands)
            cands.append(c)
        for idx, c_i in index_of.items():
            c = cands[c_i]
            parent = spans[idx].parent
            if parent >= 0 and parent in index_of:
                c.kind = self._nested_kind(c, cands[index_of[parent]])
            elif parent >= 0:
                c.kind = "term" if self._words(c) <= V.TERM_MAX_WORDS else "inline"
            else:
                c.kind = self._kind(c)
        cands = self._join_split(cands)
        cands.sort(key=lambda c: c.parts[0][0])
        return cands

    def _words(self, c: _Cand) -> int:
        return sum(len(self.text[s:e].split()) for s, e in c.parts)

    def _nested_kind(self, c: _Cand, parent: _Cand) -> str:
        if parent.kind == "title":
            return "term" if self._words(c) <= V.TERM_MAX_WORDS else "title"
        if self._words(c) <= V.TERM_MAX_WORDS:
            return "term"
        return "in-note" if c.in_note is not None or self.in_notes(c.open) else "inline"

    def _kind(self, c: _Cand) -> str:
        text = self.text
        body = text[c.parts[0][0] : c.parts[0][1]]
        words = len(body.split())
        lo = max(c.sent[0], c.open - V.CUE_WINDOW)
        before = text[max(lo, c.open - 60) : c.open]
        after = text[c.close + 1 : c.close + 60]
        titlecase = _title_case(body)
        blocked = self._blocked(c.para, lo, c.open)
        line_start = c.open == 0 or self.text[c.open - 1] == "\n"
        if _BY_AFTER.match(after) and (titlecase or words <= 12 or line_start):
            return "title"
        if c.in_note is not None or self.in_notes(c.open):
            return self._note_kind(c, body, words, before, after, titlecase, lo, blocked)
        if _ends_with_any(before, ("entitled", "titled")) or (
            titlecase and _ends_with_any(before, V.TITLE_CUES)
        ):
            return "title"
        if titlecase and words >= 2 and _last_word(body) in V.DOC_HEADS:
            return "title"
        if titlecase and words >= 3 and not _starts_with_any(after, V.TERM_AFTER):
            return "title"
        if _YEAR_BEFORE.search(before) and titlecase:
            return "title"
        if words > V.TERM_MAX_WORDS:
            c.cue = self._cue(c, lo, blocked)
            if c.cue is None or c.cue.phrase is None:  # "X called the plan “…”"
                c.cue = self._calling_cue(lo, c.open, blocked) or c.cue
            if c.cue is not None:
                self._group_cue(c.cue)
            return "inline"
        if not c.double and self.primary_double:
            return "term"
        calling = None if body[:1].isupper() else self._calling_cue(lo, c.open, blocked)
        if calling is not None:  # (a capitalised span after "calls" is a coined name: a term)
            c.cue = calling
            return "inline"
        if _ends_with_any(before, V.TERM_CUES) or _starts_with_any(after, V.TERM_AFTER):
            return "term"
        if self._defined_term(before, after):
            return "term"
        c.cue = self._cue(c, lo, blocked)
        if c.cue is not None and self._cue_taken(c.cue, c.open, blocked):
            c.cue = None
        if c.cue is not None and self._group_cue(c.cue):
            return "inline"
        if (
            c.cue is not None
            and (c.cue.phrase is not None or c.cue.agentless)
            and not (c.cue.agentless and c.cue.phrase is None)
        ):
            return "inline"
        last = [w.lower() for w in before.split()[-4:]]
        while last and (
            last[-1] in ("not", "a", "an", "the", "very", "so", "too") or last[-1].endswith("ly")
        ):
            last.pop()
        if last and last[-1] in V.COPULAS:
            c.maybe_term = True
            return "inline"
        return "term"

    def _calling_cue(self, lo: int, open_: int, blocked) -> Cue | None:
        """ "calling it ‘…’", "she herself calls “…”": a naming verb right before the span
        whose clause has a speaker (a name, a pronoun, a person) quotes that speaker; without
        one ("what is called", "so-called", "what logic calls") the span stays a term."""
        toks = [
            t
            for t in tokens(self.text, lo, open_)
            if not any(a <= t.start < b for a, b in blocked)
        ][-V.CALLING_TOKENS :]
        vi = next(
            (
                i
                for i in range(len(toks) - 1, -1, -1)
                if toks[i].lower in V.CALLING_VERBS and toks[i].core[:1].islower()
            ),
            None,
        )
        if vi is None or len(toks) - 1 - vi > V.CALLING_OBJECT_TOKENS:
            return None
        if vi > 0 and (toks[vi - 1].lower in V.PASSIVE_AUX or toks[vi - 1].lower.startswith("so")):
            return None
        clause = tokens(self.text, lo, toks[vi].start)
        cvi = len(clause)
        subj = subject_before([*clause, toks[vi]], cvi) if clause else None
        ph = subj if isinstance(subj, Phrase) else clause_subject(clause, cvi)
        if ph is None or ph.kind == "indefinite":
            return None
        if ph.kind == "pronoun" and ph.words[0].lower() in ("i", "we"):
            return None  # "I call this the “…”": the author's own term
        k = next((i for i, t in enumerate(clause) if t.core_start >= ph.start), 0)
        if k > 0 and clause[k - 1].lower in V.NAMING_RELATIVES:
            return None  # "which he calls “X”": his name for a thing, a term
        if ph.kind == "nominal" and (ph.head or "").lower() not in V.PERSON_NOMINALS:
            return None
        return Cue(
            toks[vi].core,
            toks[vi].start,
            toks[vi].end,
            ph,
            False,
            clause_start=lo,
            clause_end=open_,
        )

    def _blocked(self, para: int, lo: int, hi: int) -> list[tuple[int, int]]:
        """The quoted spans of a paragraph that overlap ``[lo, hi)`` (skipped in cue search)."""
        opens = self.top_opens.get(para, [])
        i = max(bisect_left(opens, lo) - 1, 0)
        out = []
        for s in self.tops.get(para, [])[i:]:
            if s.open >= hi:
                break
            if s.close >= lo:
                out.append((s.open, s.close + 1))
        return out

    def _note_kind(self, c, body, words, before, after, titlecase, lo, blocked) -> str:
        cue = self._cue(c, lo, blocked)
        short_single = not c.double and self.primary_double and words <= V.TERM_MAX_WORDS
        if cue is not None and cue.text and cue.phrase is not None and not short_single:
            c.cue = cue
            return "in-note"
        if before.rstrip().endswith(":") and not titlecase and words > V.TERM_MAX_WORDS:
            c.cue = cue
            return "in-note"
        if titlecase or _AUTHOR_YEAR.search(before):
            return "title"
        if short_single:
            return "term"
        prose = [w for w in before.split()[-V.PROSE_WORDS_BEFORE :] if w.isalpha() and w.islower()]
        if words > 12 and len(prose) >= V.PROSE_WORDS_BEFORE:
            c.cue = cue
            return "in-note"
        if _NOTE_TITLE_AFTER.match(after) and words > V.TERM_MAX_WORDS // 2:
            return "title"
        if words <= V.TERM_MAX_WORDS:
            return "term"
        return "title"

    def _defined_term(self, before: str, after: str) -> bool:
        """ "defines a “sign” as …", "describing his approach as “…”" (not passive)."""
        toks = before.lower().split()[-5:]
        if not toks:
            return False
        has_def = any(t.strip(",.") in V.DEFINING_VERBS for t in toks)
        passive = any(t in V.PASSIVE_AUX for t in toks)
        as_next = toks[-1] == "as" or after.lstrip(',”’" ').startswith("as ")
        return bool(has_def and not passive and as_next)

    def _cue(self, c: _Cand, lo: int, blocked) -> Cue | None:
        """The speech cue of a span: right after it, else the nearest before it."""
        hi_after = min(c.sent[1], c.close + 120)
        opens = self.top_opens.get(c.para, [])
        k = bisect_left(opens, c.close + 1)
        if k < len(opens):
            hi_after = min(hi_after, opens[k])
        semi = self.text.rfind(";", lo, c.open)
        if semi >= 0 and not any(a <= semi < b for a, b in blocked):
            lo = semi + 1
        ends_sentence = (
            self.text[c.parts[-1][0] : c.parts[-1][1]].rstrip("”’\"' ").endswith((".", "!", "?"))
        )
        if ends_sentence:  # "“….” Mr X echoed …" starts a new sentence: the cue is before
            before = find_cue_before(self.text, lo, c.open, blocked)
            if before is not None and before.phrase is not None:
                return before
        cue = find_cue_after(self.text, c.close + 1, hi_after)
        if cue is not None and cue.phrase is not None:
            return cue
        if cue is not None:  # a participle after the quote: its subject opens the clause
            cue.phrase = clause_subject(tokens(self.text, lo, c.open), 10_000)
            if cue.phrase is not None:
                return cue
        before = find_cue_before(self.text, lo, c.open, blocked)
        colon_ok = self._words(c) > V.TERM_MAX_WORDS  # "two effects: “chokepoint” and …"
        if colon_ok and (before is None or (before.phrase is None and not before.agentless)):
            return self._colon_cue(lo, c.open) or before
        return before

    def _colon_cue(self, lo: int, open_: int) -> Cue | None:
        """ "Its chief executive, Ann Lee, was more direct: “…”": with no speech verb, the
        subject of the clause right before a colon speaks."""
        colon = open_ - 1
        while colon > lo and self.text[colon].isspace():
            colon -= 1
        if colon <= lo or self.text[colon] != ":":
            return None
        ph = clause_subject(tokens(self.text, lo, colon), 10_000)
        if ph is None:
            return None
        return Cue(":", colon, colon + 1, ph, False, clause_start=lo, clause_end=colon + 1)

    # --- epigraphs, block quotes, split quotes ----------------------------------------

    def _epigraph(self, p: int, idxs: list[int], spans: list[RawSpan]) -> _Cand | None:
        """A quotation standing alone, its speaker's name on the next line: in the next
        paragraph, on the next line of the same one, or after a dash ("— Name, Source")."""
        ps, pe = self.paras[p]
        if self.in_notes(ps):
            return None
        tops = [spans[i] for i in idxs if spans[i].parent < 0]
        if not tops:
            return self._bare_epigraph(p)
        if len(tops) != 1 or tops[0].open != ps:
            return None
        s = tops[0]
        rest = self.text[s.close + 1 : pe]
        if not any(ch.isalnum() for ch in rest):
            if p + 1 >= len(self.paras):
                return None
            line = self._name_line(*self.paras[p + 1])
        elif _NAME_LINE_LEAD.match(rest):
            line = self._name_line(s.close + 1, pe)
        else:
            return None
        if line is None:
            return None
        c = _Cand([(s.start, s.end)], s.open, s.close, p, s.double, kind="epigraph")
        c.name_line = line
        c.sent = (ps, pe)
        return c

    def _bare_epigraph(self, p: int) -> _Cand | None:
        """An epigraph without marks: lines of a short paragraph, the last one a dash and a
        name ("— Pascal Lamy")."""
        ps, pe = self.paras[p]
        nl = self.text.rfind("\n", ps, pe)
        if nl < 0 or pe - ps > V.MAX_BLOCK_CHARS:
            return None
        last = self.text[nl + 1 : pe].lstrip(" \t")
        if not last[:1] or last[0] not in V.EPIGRAPH_DASHES:
            return None
        line = self._name_line(nl + 1, pe)
        if line is None:
            return None
        end = nl
        while end > ps and self.text[end - 1].isspace():
            end -= 1
        if len(self.text[ps:end].split()) < V.MIN_BLOCK_WORDS:
            return None
        c = _Cand([(ps, end)], ps, end, p, True, kind="epigraph")
        c.name_line = line
        c.sent = (ps, pe)
        return c

    def _name_line(self, ls: int, le: int) -> tuple[int, int, list[str]] | None:
        """The speaker's name on an epigraph's name line ``text[ls:le]`` (a dash, a name, an
        optional ", Source" and note marker)."""
        while ls < le and self.text[ls].isspace():
            ls += 1
        line = self.text[ls:le]
        if "\n" in line.strip() or len(line) > 120:
            return None
        number = None
        for m in self._markers_in(ls, le):
            number = m.number
            le = min(le, m.start)
        mt = _NAME_LINE_MARKER.search(self.text, ls, le)
        if mt:
            le = mt.start()
        while ls < le and self.text[ls] in V.EPIGRAPH_DASHES + " \t":
            ls += 1
        while le > ls and self.text[le - 1] in " \t,.":
            le -= 1
        comma = self.text.find(",", ls, le)
        if comma >= 0:
            le = comma
        words = self.text[ls:le].split()
        if not words or len(words) > V.NAME_LINE_MAX_WORDS or not words[0][:1].isupper():
            return None
        if not all(w[:1].isupper() or w.lower() in V.NAME_PARTICLES | {"and", "&"} for w in words):
            return None
        if sum(1 for w in words if w[:1].isupper()) < 1 or words[-1].lower() in ("and", "&"):
            return None
        return ls, le, words + ([f"#{number}"] if number is not None else [])

    def _block(self, p: int, idxs: list[int], spans: list[RawSpan]) -> _Cand | None:
        """A block quotation: a paragraph set apart after an introducing clause (a colon, or
        "X wrote", "stated that", "as X put it," when the block is indented, starts in lower
        case or opens with a quote mark); indented paragraphs after it continue it."""
        if p == 0:
            return None
        ps, pe = self.paras[p]
        prev_s, prev_e = self.paras[p - 1]
        if self.in_notes(ps):
            return None
        intro = self.text[prev_s:prev_e].rstrip()
        colon = intro.endswith(":")
        indented = self._indented(p)
        if not colon:
            first = self.text[ps]
            if not (indented or first.islower() or first in V.DOUBLE_OPEN or first == '"'):
                return None
            if not self._intro_cue(prev_s, prev_e):
                return None
        body = self.text[ps:pe]
        if _LIST_ITEM.match(body) or len(body) > V.MAX_BLOCK_CHARS:
            return None
        intro_line = self.text[prev_s:prev_e].rsplit("\n", 1)[-1]
        if len(intro_line.split()) < 4:
            return None
        parts = [self._block_part(p, idxs, spans)]
        last = p
        while self._open_run(last, spans) and last + 1 < len(self.paras):
            # the typographic convention: a quotation running over paragraphs opens each
            # paragraph with a mark and closes only the last one
            q = last + 1
            qs, qe = self.paras[q]
            if self.text[qs] not in V.DOUBLE_OPEN or self.in_notes(qs):
                break
            q_idxs = [i for i in range(len(spans)) if spans[i].para == q]
            parts.append(self._block_part(q, q_idxs, spans))
            last = q
        while indented and last + 1 < len(self.paras) and self._indented(last + 1):
            q = last + 1
            qs, qe = self.paras[q]
            if _LIST_ITEM.match(self.text[qs:qe]) or self.in_notes(qs):
                break
            q_idxs = [i for i in range(len(spans)) if spans[i].para == q]
            parts.append(self._block_part(q, q_idxs, spans))
            last = q
        parts = [(a, b) for a, b in parts if b > a]
        words = sum(len(self.text[a:b].split()) for a, b in parts)
        if not parts or words < V.MIN_BLOCK_WORDS:
            return None
        if sum(b - a for a, b in parts) > V.MAX_BLOCK_CHARS:
            return None
        c = _Cand(parts, ps, parts[-1][1], p, True, kind="block")
        c.sent = (ps, self.paras[last][1])
        c.extra["last_para"] = last
        c.cue = self._block_cue(p, spans, colon)
        return c

    def _cue_taken(self, cue: Cue, open_: int, blocked) -> bool:
        """ "When X wrote “Title” in 1776, he did not imagine the “term”": the verb's object
        is an earlier quoted span, and a new clause with its own subject comes before ours."""
        if cue.end > open_:
            return False
        for a, b in blocked:
            if cue.end <= a < open_ and len(self.text[cue.end : a].split()) <= 2:
                rest = self.text[b:open_]
                return _NEW_CLAUSE.search(rest) is not None
        return False

    def _group_cue(self, cue: Cue) -> bool:
        """ "Critics say …", "Three airlines sued …, arguing that …": a speech verb whose
        subject is a plural group names nobody; the cue is marked agentless (no carry-over)."""
        if not cue.text or cue.agentless:
            return False
        after = cue.phrase.end if cue.phrase is not None else cue.clause_start
        if after > cue.start:  # "…,” critics say … / said Ann Lee": the name is after
            return False
        toks = tokens(self.text, cue.clause_start, cue.start)
        j = len(toks) - 1
        while j >= 0 and toks[j].lower in V.AUX_WORDS and not toks[j].raw.endswith(","):
            j -= 1
        near = toks[max(0, j + 1 - V.GROUP_SUBJECT_TOKENS) : j + 1]
        if cue.text.endswith("ing") and j >= 0 and toks[j].raw.endswith(","):
            near = toks[: V.GROUP_SUBJECT_TOKENS]  # a participle: the sentence's subject
        if not any(t.lower in V.GROUP_SUBJECTS and t.start >= after for t in near):
            return False
        cue.agentless, cue.phrase = True, None
        return True

    def _open_run(self, p: int, spans: list[RawSpan]) -> bool:
        """Whether paragraph ``p`` opens with a double mark it never closes (the quotation
        goes on in the next paragraph)."""
        ps, _pe = self.paras[p]
        if self.text[ps] not in V.DOUBLE_OPEN:
            return False
        return not any(s.open == ps for s in self.tops.get(p, []))

    def _indented(self, p: int) -> bool:
        """Whether paragraph ``p`` starts with indentation (a tab, or two spaces or more)."""
        ps = self.paras[p][0]
        line_start = self.text.rfind("\n", 0, ps) + 1
        lead = self.text[line_start:ps]
        return bool(lead) and ("\t" in lead or len(lead) >= 2) and not lead.strip()

    def _intro_cue(self, lo: int, hi: int) -> bool:
        """Whether a paragraph ends by introducing a quotation without a colon: its last
        words are a speech cue ("… wrote", "stated that", "as X put it in her testimony,")."""
        toks = tokens(self.text, max(lo, hi - V.CUE_WINDOW), hi)[-V.BLOCK_INTRO_TOKENS :]
        if not toks:
            return False
        ending = toks[-1].raw
        if toks[-1].lower == "that" or ending.endswith(","):
            return any(_is_verb(toks, i) for i in range(len(toks)))
        return _is_verb(toks, len(toks) - 1) is not None

    def _block_part(self, p: int, idxs: list[int], spans: list[RawSpan]) -> tuple[int, int]:
        """The quoted text of one paragraph of a block: marks and a final note marker cut."""
        ps, pe = self.paras[p]
        start, end = ps, pe
        for m in self._markers_in(ps, pe):
            if pe - m.end <= 1:
                end = min(end, m.start)
        tail = _NAME_LINE_MARKER.search(self.text, start, end)
        if tail and self.text[tail.start() : end].strip().startswith("["):
            end = tail.start()
        tops = [spans[i] for i in idxs if spans[i].parent < 0]
        if tops and tops[0].open == ps and tops[0].close >= end - 2:
            start, end = tops[0].start, tops[0].end
        elif self.text[ps] in V.DOUBLE_OPEN and not (tops and tops[0].open == ps):
            start = ps + 1  # an opening mark the paragraph never closes (continued quotation)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def _block_cue(self, p: int, spans: list[RawSpan], colon: bool) -> Cue:
        """The cue of a block quotation, in the clause introducing it (``p - 1``)."""
        prev_s, prev_e = self.paras[p - 1]
        hi = prev_e - 1 if colon else prev_e
        lo = max(prev_s, prev_e - V.CUE_WINDOW)
        brk = self.sentence(p - 1, prev_e - 1, spans)
        lo = max(lo, brk[0])
        cue = find_cue_before(self.text, lo, hi, self._blocked(p - 1, lo, prev_e))
        if cue is not None and cue.phrase is not None:
            return cue
        ph = clause_subject(tokens(self.text, lo, hi), 10_000)
        if ph is None:
            for t in tokens(self.text, lo, hi):
                if t.lower in ("its", "their", "his", "her"):
                    ph = Phrase("pronoun", t.core_start, t.core_start + len(t.core), [t.lower])
                    break
        return Cue(":", prev_e - 1, prev_e, ph, False, clause_start=lo, clause_end=prev_e)

    def _markers_in(self, lo: int, hi: int):
        i = bisect_left(self.marker_starts, lo)
        while i < len(self.markers) and self.markers[i].start < hi:
            yield self.markers[i]
            i += 1

    def _join_split(self, cands: list[_Cand]) -> list[_Cand]:
        """Join “…,” he went on, “…” into one quotation with two parts."""
        out: list[_Cand] = []
        for c in cands:
            prev = out[-1] if out else None
            if prev is not None and self._is_split(prev, c):
                prev.parts.extend(c.parts)
                prev.close = c.close
                prev.sent = (prev.sent[0], max(prev.sent[1], c.sent[1]))
                continue
            out.append(c)
        return out

    def _is_split(self, a: _Cand, b: _Cand) -> bool:
        if b.kind not in ("inline", "in-note", "term"):
            return False
        first = self.text[a.parts[-1][0] : a.parts[-1][1]]
        if a.kind not in ("inline", "in-note") and not (a.kind == "term" and first.endswith(",")):
            return False
        if a.para != b.para or a.parent >= 0 or b.parent >= 0 or b.open <= a.close:
            return False
        first = self.text[a.parts[-1][0] : a.parts[-1][1]]
        gap = self.text[a.close + 1 : b.open]
        if not (first.endswith((",", "?", "!", "—", "–")) or gap.lstrip().startswith(",")):
            return False
        if _sentence_inside(gap.strip()):
            return False  # the gap holds a whole other sentence: not one attribution
        if (
            len(gap.split()) > V.SPLIT_GAP_WORDS
            or not gap.strip()
            or not gap.rstrip().endswith((",", ".", ":", "—", "–"))
        ):
            return False
        cue = find_cue_after(self.text, a.close + 1, b.open)
        if cue is None or cue.phrase is None:
            return False
        if gap.rstrip().endswith("."):
            # “…,” said A. “…,” said B: a second quotation that names its own speaker after
            # a finished attribution sentence is a new quotation, not the rest of the first.
            hi = min(self.paras[b.para][1], b.close + 200)  # not the next paragraph's cue
            own = find_cue_after(self.text, b.close + 1, max(hi, b.close + 1))
            if own is not None and own.phrase is not None:
                return False
        a.cue = cue
        a.kind = "in-note" if a.kind == "in-note" else "inline"
        return True

    # --- attribution ------------------------------------------------------------------

    def _attribute(self, cands: list[_Cand]) -> None:
        last_by_para: dict[int, tuple[_Cand, int]] = {}
        tops = [c for c in cands if c.parent < 0 and c.kind not in ("term", "title")]
        self.cand_opens = [c.open for c in tops]
        self.cand_named = [
            c.cue is not None and c.cue.phrase is not None and c.cue.phrase.kind == "name"
            for c in tops
        ]
        for c in cands:
            c.note_number = self._note_for(c)
            if c.kind == "epigraph":
                self._attribute_epigraph(c)
                continue
            if c.kind in ("term", "title"):
                continue
            if c.parent >= 0:
                continue
            if c.cue is not None and c.cue.phrase is not None:
                c.speaker = self._resolve(c.cue.phrase, c.cue)
                if (
                    c.speaker is not None
                    and c.speaker.name is not None
                    and c.cue.phrase.kind == "name"
                ):
                    self.reg.add_speaker(
                        c.speaker.name,
                        c.speaker.type or "PERSON",
                        c.cue.phrase.start,
                        c.cue.phrase.end,
                    )
            self._author_date(c)
            agentless = c.cue is not None and (c.cue.agentless and c.cue.phrase is None)
            if (
                (c.speaker is None or c.speaker.name is None)
                and not agentless
                and c.kind != "block"
            ):
                self._carry(c, last_by_para)
            if (c.speaker is None or c.speaker.name is None) and c.note_number is not None:
                self._note_author(c)
            if c.maybe_term and (c.speaker is None or c.speaker.name is None):
                c.kind = "term"
                c.speaker = None
                continue
            if c.speaker is not None and c.speaker.name is not None:
                sent_idx = bisect_left(self.breaks.get(c.para, [0]), c.open + 1)
                last_by_para[c.para] = (c, sent_idx)

    def _author_date(self, c: _Cand) -> None:
        """ "“…” (Lind 1976, 16)" names the source; a bare "(36)" refers to the last one."""
        after = self.text[c.close + 1 : c.close + 80]
        m = _AUTHOR_DATE.match(after)
        named = c.speaker is not None and c.speaker.name is not None
        if m:
            words = m.group(1).split()
            name, type_ = self.reg.canonical(words, c.close)
            start = c.close + 1 + m.start(1)
            self._last_source = Speaker(
                name, type_, m.group(1), start, start + len(m.group(1)), V.CONF_NEAR
            )
            if named:
                return
            c.speaker = self._last_source
            c.cue = Cue(
                "",
                start,
                start + len(m.group(1)),
                None,
                False,
                clause_start=c.close + 1,
                clause_end=c.close + 1 + m.end(),
            )
            return
        last = getattr(self, "_last_source", None)
        if last is not None and not named and _PAGE_REF.match(after):
            c.speaker = Speaker(last.name, last.type, None, None, None, V.CONF_CARRY)

    def _carry(self, c: _Cand, last_by_para: dict) -> None:
        prev = last_by_para.get(c.para)
        if prev is None:
            return
        pc, sent_idx = prev
        here = bisect_left(self.breaks.get(c.para, [0]), c.open + 1)
        if here - sent_idx > V.CARRY_SENTENCES or pc.speaker is None:
            return
        same = pc.sent[0] <= c.open < pc.sent[1]
        sp = pc.speaker
        conf = V.CONF_SAME_SENTENCE if same else V.CONF_CARRY
        c.speaker = Speaker(sp.name, sp.type, sp.span, sp.start, sp.end, min(conf, sp.confidence))
        c.cue = pc.cue if same else c.cue

    def _note_for(self, c: _Cand) -> int | None:
        if c.kind == "epigraph" and c.name_line is not None:
            tags = [w for w in c.name_line[2] if w.startswith("#")]
            return int(tags[0][1:]) if tags else None
        if c.in_note is not None:
            return c.in_note
        end = c.close
        i = bisect_left(self.marker_starts, end)
        sent_end = c.sent[1]
        if i < len(self.markers):
            m = self.markers[i]
            if m.start <= sent_end + 1 or m.sentence_start <= c.parts[0][0] < m.sentence_end:
                return m.number
            return self._next_sentence_note(c, m)
        return None

    def _next_sentence_note(self, c: _Cand, m) -> int | None:
        """The marker closing the next sentence when the quotation's own sentence has none
        and the attribution goes on there ("“…”. But as was remarked at the time, “…” and
        even then ….[5]"): only in the same paragraph, only the very next sentence, and only
        when no quotation attributed in the text to a named speaker comes in between in that
        next sentence (the marker would then source that one)."""
        if c.kind not in ("inline", "block") or c.para >= len(self.paras):
            return None
        breaks = self.breaks.get(c.para)
        if not breaks:
            return None
        k = bisect_left(breaks, c.sent[1])
        if k >= len(breaks) or breaks[k] != c.sent[1]:
            return None
        nxt_end = breaks[k + 1] if k + 1 < len(breaks) else self.paras[c.para][1]
        if not (c.sent[1] <= m.start < nxt_end) or self.text[m.end : nxt_end].strip(" .,;)\n"):
            return None  # no marker, or a marker inside the sentence: it sources something else
        j = bisect_left(self.cand_opens, c.sent[1])  # quotations of its own sentence share it
        while j < len(self.cand_opens) and self.cand_opens[j] < m.start:
            if self.cand_named[j]:
                return None
            j += 1
        return m.number

    def _attribute_epigraph(self, c: _Cand) -> None:
        ls, le, words = c.name_line  # type: ignore[misc]
        words = [w for w in words if not w.startswith("#")]
        written = self.text[ls:le]
        if any(w.lower() in ("and", "&") for w in words):
            name, type_ = written, "PERSON"  # several speakers: kept together, as written
        else:
            name, type_ = self.reg.canonical(words, ls)
        c.speaker = Speaker(name, type_, written, ls, le, V.CONF_EPIGRAPH)
        if type_ == "PERSON" and " and " not in name:
            self.reg.add_speaker(name, type_, ls, le)
        c.cue = Cue("", ls, le, None, True, clause_start=ls, clause_end=le)

    def _resolve(self, ph: Phrase, cue: Cue) -> Speaker | None:
        reg = self.reg
        written = self.text[ph.start : ph.end]
        conf = V.CONF_EXPLICIT if cue.adjacent else V.CONF_NEAR
        if ph.kind == "name":
            name, type_ = reg.canonical(ph.words, ph.start)
            return Speaker(name, type_, written, ph.start, ph.end, conf)
        if ph.kind == "pronoun":
            low = ph.words[0].lower()
            if low in ("i", "we"):  # first person: the page's author speaks
                if self.page_author:
                    return Speaker(
                        self.page_author, "PERSON", written, ph.start, ph.end, V.CONF_RESOLVED
                    )
                return Speaker(None, None, written, ph.start, ph.end, V.CONF_NONE)
            gender = V.PRONOUNS.get(low) or V.POSSESSIVE_PRONOUNS.get(low)
            if gender == "o":
                mn = reg.recent(ph.start, "ORG")
                named = self._body_named(ph.start, mn)
                if named is not None:
                    return Speaker(
                        named.name, "ORG", written, ph.start, ph.end, V.CONF_RESOLVED
                    )
            else:
                mn = reg.recent(ph.start, "PERSON", gender=gender)
            if mn is None:
                return Speaker(None, None, written, ph.start, ph.end, V.CONF_NONE)
            return Speaker(mn.name, mn.type, written, ph.start, ph.end, V.CONF_RESOLVED)
        head = strip_possessive(ph.head or "")
        if ph.kind == "indefinite":
            if ph.via:
                name, type_ = reg.canonical(ph.via, ph.start)
                return Speaker(name, type_, written, ph.start, ph.end, V.CONF_NEAR)
            return Speaker(None, None, written, ph.start, ph.end, V.CONF_NONE)
        if ph.kind == "nominal" and not ph.words and head[:1].islower():
            intro = self._introduced(head.lower(), ph.start)
            if intro is not None:
                name, type_ = reg.canonical(intro.words, intro.start)
                if head.lower() in V.PERSON_NOMINALS and type_ != "ORG":
                    type_ = "PERSON"
                elif head.lower() in V.ORG_NOMINALS:
                    type_ = "ORG"
                return Speaker(name, type_, written, ph.start, ph.end, V.CONF_RESOLVED)
        if head.lower() in V.PERSON_NOMINALS:
            if ph.words:
                role = " ".join([*ph.words, head])
                return Speaker(role, "PERSON", written, ph.start, ph.end, V.CONF_ROLE)
            mn = reg.recent(ph.start, "PERSON")
            if mn is None and self.page_author and head.lower() == "author":
                return Speaker(
                    self.page_author, "PERSON", written, ph.start, ph.end, V.CONF_NOTE_AUTHOR
                )
            if mn is None:
                return Speaker(None, None, written, ph.start, ph.end, V.CONF_NONE)
            return Speaker(mn.name, mn.type, written, ph.start, ph.end, V.CONF_RESOLVED)
        if ph.words:
            name, type_ = reg.canonical(ph.words, ph.start)
            if is_acronym(ph.words[-1]) or type_ == "ORG" or len(ph.words) > 1:
                return Speaker(name, "ORG", written, ph.start, ph.end, V.CONF_NEAR)
        cap = head[:1].isupper()
        mn = reg.recent(
            ph.start,
            "ORG",
            head=head.lower(),
            lookback=20_000 if cap else 4000,
        )
        if cap and (mn is None or mn.name.lower().split()[-1] != head.lower()):
            return Speaker(head, "ORG", written, ph.start, ph.end, V.CONF_NEAR)
        if (
            mn is not None
            and not cap
            and mn.name.lower().split()[-1] != head.lower()
            and self._new_unnamed(head.lower(), mn.end, ph.start)
        ):
            mn = None  # "X … Separately, a think tank released a report. The report …"
        if mn is None:
            return Speaker(None, None, written, ph.start, ph.end, V.CONF_NONE)
        return Speaker(mn.name, "ORG", written, ph.start, ph.end, V.CONF_RESOLVED)

    def _new_unnamed(self, head: str, lo: int, hi: int) -> bool:
        """Whether "a/an (…) <head>" introduces a new, unnamed thing between ``lo`` and
        ``hi`` (then "the <head>" is that one, not the organisation named before it)."""
        pat = _INDEFINITE_HEAD.get(head)
        if pat is None:
            pat = _INDEFINITE_HEAD[head] = re.compile(
                rf"\b(?:a|an)\s+(?:[a-z][\w-]*\s+){{0,2}}{re.escape(head)}\b", re.I
            )
        m = pat.search(self.text, lo, max(lo, hi - 1))
        # in the organisation's own sentence ("X published a new report") it is X's
        return m is not None and _SENTENCE_GAP.search(self.text, lo, m.start()) is not None

    def _body_named(self, before: int, org: Mention | None) -> Mention | None:
        """ "Consider X. The company … it said": the name right before a sentence-opening
        body nominal, when that nominal is more recent than the last known organisation."""
        lo = max(0, before - V.BODY_NOMINAL_LOOKBACK, org.end if org is not None else 0)
        hits = list(_BODY_NOMINAL.finditer(self.text, lo, before))
        if not hits:
            return None
        at = hits[-1].start()
        i = bisect_left(self.reg.starts, at) - 1
        if i < 0:
            return None
        mn = self.reg.mentions[i]
        if mn.end > at or at - mn.end > V.BODY_NOMINAL_NAME_GAP or mn.doc:
            return None
        if mn.type == "PERSON" and mn.strong:
            return None
        return mn

    def _introduced(self, head: str, before: int) -> Phrase | None:
        """The name a role noun was introduced with, most recent first: "the minister, Ann
        Lee,", "the company that runs the port, Meridian Ports,", "a report by the X Group",
        "Ann Lee, the minister of …"."""
        pat = self._head_patterns.get(head)
        if pat is None:
            pat = self._head_patterns[head] = re.compile(rf"\b{re.escape(head)}\b", re.I)
        lo = max(0, before - V.ROLE_LOOKBACK)
        hits = [m for m in pat.finditer(self.text, lo, before) if m.end() < before - 1]
        for m in reversed(hits):
            named = self._name_after_role(m.end()) or self._name_before_role(m.start())
            if named is not None and not all(
                w.lower().rstrip(".") in V.TITLES for w in named.words
            ):  # "a report by the President of …": a title alone names nobody yet
                return named
        return None

    def _name_after_role(self, at: int) -> Phrase | None:
        toks = tokens(self.text, at, min(len(self.text), at + 160))
        for k, t in enumerate(toks[: V.ROLE_INTRO_TOKENS]):
            if t.lower == "by" and k + 1 < len(toks):
                j = k + 2 if toks[k + 1].lower == "the" else k + 1
                ph = parse_forward(toks, j)
                return ph if ph is not None and ph.kind == "name" else None
            if t.raw.endswith(","):  # "the minister, X," / "the company that …, X,"
                if k > 0 and toks[0].lower not in V.RELATIVES:
                    return None
                ph = parse_forward(toks, k + 1)
                if ph is None or ph.kind != "name":
                    return None
                closing = self.text[ph.end : ph.end + 2]
                return ph if closing[:1] in ",)—–" else None
            if t.raw.endswith((".", ";", ":", "!", "?")) or t.raw[:1] in "“‘\"":
                return None
        return None

    def _name_before_role(self, at: int) -> Phrase | None:
        toks = tokens(self.text, max(0, at - 120), at)
        k = len(toks) - 1
        while k >= 0 and len(toks) - k <= 4 and not toks[k].raw.endswith(","):
            if toks[k].lower not in V.DEFINITE | V.INDEFINITE and not toks[k].core[:1].islower():
                return None
            k -= 1
        if k < 0 or not toks[k].raw.endswith(",") or k + 1 >= len(toks):
            return None
        if toks[k + 1].lower not in V.DEFINITE | V.INDEFINITE:
            return None
        ph = parse_backward(toks, k)
        return ph if ph is not None and ph.kind == "name" else None

    def _note_author(self, c: _Cand) -> None:
        """The cited author of the quotation's note, when the text names no speaker."""
        works = sorted(
            (w for w in self.citations if w.get("note_number") == c.note_number),
            key=lambda w: w.get("work_index") or 0,
        )
        for work in works:
            authors = [_author_name(a) for a in work.get("author") or []]
            authors = [a for a in authors if a[0]]
            if authors:
                name = " and ".join(a[0] for a in authors)
                type_ = "PERSON" if all(a[1] == "PERSON" for a in authors) else "ORG"
            else:  # no author: the issuing body, else the document itself speaks
                name = work.get("publisher") or work.get("title") or ""
                type_ = "ORG"
                if not name or len(name.split()) > V.MAX_DOC_SPEAKER_WORDS:
                    continue
            span = c.speaker.span if c.speaker is not None else None
            c.speaker = Speaker(name, type_, None, None, None, V.CONF_NOTE_AUTHOR)
            c.extra["note_span"] = span
            return

    # --- records ----------------------------------------------------------------------

    def _record(self, c: _Cand) -> Quote:
        text = " ".join(self.text[s:e] for s, e in c.parts)
        start, end = c.parts[0][0], c.parts[-1][1]
        q = Quote(self.document_id, text, start, end, list(c.parts), c.kind)
        q.note_number = c.note_number
        q.citation_id = self._citation_id(c.note_number)
        q.section = self.layout.section_at(start)
        sp = c.speaker
        if sp is not None and c.kind not in ("term", "title"):
            q.speaker, q.speaker_type = sp.name, sp.type if sp.name else None
            if sp.span is not None and sp.start is not None:
                q.speaker_span, q.speaker_start, q.speaker_end = sp.span, sp.start, sp.end
            q.confidence = sp.confidence if sp.name else V.CONF_NONE
        if c.cue is not None and c.kind not in ("term", "title"):
            q.cue = c.cue.text or None
            lo, hi = c.cue.clause_start, c.cue.clause_end
            if hi > lo:
                q.evidence = " ".join(self.text[lo:hi].split()) or None
        if q.speaker is None:
            q.speaker_type = None
        return q

    def _citation_id(self, note: int | None) -> str | None:
        if note is None:
            return None
        if note in self.note_numbers:
            return model.citation_id(self.document_id, note, 0)
        for work in self.citations:
            if work.get("note_number") == note:
                return work.get("citation_id")
        return None


def _sentence_inside(gap: str) -> bool:
    """Whether ``gap`` holds a sentence end ("said. Its chief …"), not a title ("Dr. Lee")."""
    for m in _SENTENCE_INSIDE.finditer(gap):
        if not _ABBREV.search(gap, max(0, m.start() - 5), m.start() + 2):
            return True
    return False


def _author_name(author: dict) -> tuple[str, str]:
    """A CSL name as "Given Family" (PERSON) or its literal (ORG)."""
    family, given, literal = author.get("family"), author.get("given"), author.get("literal")
    if family:
        return " ".join(p for p in (given, family) if p), "PERSON"
    return (literal or ""), "ORG"


def _title_case(s: str) -> bool:
    """Most significant words capitalised, the first one too: a title, not a sentence."""
    words = [w.strip("“”‘’\"'()[],.;:!?—–-") for w in s.split()]
    words = [w for w in words if w and any(ch.isalpha() for ch in w)]
    if not words or not words[0][:1].isupper():
        return False
    big = [w for w in words if w.lower() not in V.TITLE_SMALL_WORDS]
    if not big:
        return False
    caps = sum(1 for w in big if w[:1].isupper() or w[:1].isdigit())
    return caps / len(big) >= 0.75


def _last_word(s: str) -> str:
    words = s.rstrip(".,;:!? ").split()
    return words[-1].lower() if words else ""


def _ends_with_any(before: str, cues: Sequence[str]) -> bool:
    low = " " + " ".join(before.lower().split())
    low = low.rstrip(" ,:")
    return any(low.endswith(" " + cue) for cue in cues)


def _starts_with_any(after: str, cues: Sequence[str]) -> bool:
    low = " ".join(after.lower().lstrip(",.”’\"' ").split())
    return any(low.startswith(cue) for cue in cues)
