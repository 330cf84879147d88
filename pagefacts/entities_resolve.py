"""Resolution of a page's name spans into entities, mentions and findings; the corpus table.

One entity per real-world thing on a page: short and full person names, titles, possessives,
determiners, universal abbreviations, acronyms spelled out on the page or matching the
initials of an organisation, and an organisation's short name are merged; near-identical
names are flagged, never merged silently. A capital city stays a city.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pagefacts.entities_recognise import (
    _type_by_shape,
    clean_name,
    is_acronym,
    name_key,
    normalise_surface,
    strip_bare,
)
from pagefacts.model import Layout, NameSpan, mention_id, short_hash
from pagefacts.vocab import entities as V

ROLE_ORDER = ("author", "quoted", "cited-author", "mentioned", "publisher", "periodical")

#: Longest sentence kept in a mention record; a "sentence" longer than this is page chrome or
#: a list that the splitter could not cut, and a window around the mention says more.
MAX_SENTENCE_CHARS = 1000


def entity_id_for(name: str, type: str) -> str:
    """Stable id of an entity: the same canonical name and type give the same id on any page."""
    norm = normalise_surface(name).replace(".", "").replace("-", " ").casefold()
    norm = re.sub(r"\s+", " ", norm).strip()
    return f"ent-{short_hash(norm, type, length=16)}"


@dataclass
class _Cluster:
    key: str
    type: str
    names: Counter = field(default_factory=Counter)
    surfaces: set = field(default_factory=set)
    spans: list = field(default_factory=list)
    roles: set = field(default_factory=set)
    canonical: str | None = None  # forced (universal abbreviation)

    @functools.cached_property
    def best_name(self) -> str:
        """The fullest name (call once the cluster is complete: the value is cached)."""
        if self.canonical:
            return self.canonical
        return max(
            self.names, key=lambda n: (not is_acronym(n), len(n.split()), self.names[n], len(n))
        )


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, keep: str, other: str) -> None:
        a, b = self.find(keep), self.find(other)
        if a != b:
            self.parent[b] = a


@dataclass
class EntityResult:
    """What resolution gives for one page."""

    page_entities: list[dict]
    mentions: list[dict]
    findings: list[dict]
    _aliases: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)
    _people: list[tuple[list[str], str]] = field(default_factory=list, repr=False)

    def link(self, surface: str, type_hint: str | None = None) -> str | None:
        """The entity id for a name as written (titles, possessives and case ignored)."""
        if not surface or not surface.strip():
            return None
        key = _lookup_key(surface)
        hits = self._aliases.get(key, [])
        if hits:
            for eid, typ in hits:
                if type_hint is None or typ == type_hint:
                    return eid
            return hits[0][0]
        toks = key.split()
        if type_hint in (None, "PERSON") and toks:
            found = {
                eid
                for words, eid in self._people
                if toks[-1] == words[-1] and (len(toks) == 1 or toks[0][:1] == words[0][:1])
            }
            if len(found) == 1:
                return found.pop()
        return None


@functools.lru_cache(maxsize=65536)
def _lookup_key(surface: str, label: str | None = None) -> str:
    bare = clean_name(surface, label)
    if bare in V.UNIVERSAL_ALIASES:
        return name_key(V.UNIVERSAL_ALIASES[bare][0])
    return name_key(bare, label)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w not in V.ACRONYM_STOPWORDS and w[:1].isupper())


def _defined_acronyms(text: str) -> dict[str, str]:
    """ "Full Name (ACR)" written on the page: ACR → key of the full name."""
    out: dict[str, str] = {}
    pattern = re.compile(
        r"((?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:(?:of|on|and|for|the|&|in)\s+)*[A-Z][\w’'-]*)+)\s+\(([A-Z][A-Za-z&.]{1,9})\)"
    )
    for m in pattern.finditer(text):
        full, acr = m.group(1), m.group(2)
        ws = full.split()
        letters = acr.replace(".", "").replace("&", "")
        # keep the shortest tail of the capitalised run whose initials give the acronym
        for i in range(len(ws)):
            tail = " ".join(ws[i:])
            every = "".join(w[0] for w in tail.split() if w[:1].isalpha())
            if letters.upper() in (_initials(tail).upper(), every.upper()):
                out[acr] = name_key(tail)
                break
    return out


def _sentence(text: str, span: NameSpan) -> str:
    s0 = getattr(span, "sentence_start", None)
    s1 = getattr(span, "sentence_end", None)
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end < 0 else line_end
    if s0 is None or s1 is None:
        s0, s1 = line_start, line_end
        head = text[s0 : span.start]
        m = None
        for m in re.finditer(  # noqa: B007 - the last match is wanted
            r"(?<![A-Z])(?<!\b(?:Mr|Dr|Ms|St|No|pp))[.!?][”’\"')\]]*\s+(?=[“‘\"(]*[A-Z0-9])", head
        ):
            pass
        if m:
            s0 = s0 + m.end()
        m2 = re.search(r"[.!?][”’\"')\]]*(?=\s|$)", text[span.end : s1])
        if m2:
            s1 = span.end + m2.end()
    s0, s1 = max(s0, line_start), min(max(s1, span.end), line_end)
    if s1 - s0 > MAX_SENTENCE_CHARS:
        half = MAX_SENTENCE_CHARS // 2
        s0, s1 = max(s0, span.start - half), min(s1, span.end + half)
    return text[s0:s1].strip()


def _merge_people(clusters: dict[str, _Cluster], uf: _UnionFind) -> None:
    people = [c for c in clusters.values() if c.type == "PERSON"]
    full = [c for c in people if len(c.key.split()) >= 2]
    for c in people:
        toks = c.key.split()
        if len(toks) == 1:
            last = [f for f in full if f.key.split()[-1] == toks[0]]
            cands = last or [f for f in full if f.key.split()[0] == toks[0]]
            if len({uf.find(f.key + "|PERSON") for f in cands}) == 1:
                uf.union(cands[0].key + "|PERSON", c.key + "|PERSON")
        elif len(toks) >= 2:
            core = [t for t in toks if len(t) > 1]
            for f in full:
                ftoks = f.key.split()
                if f is c or len(ftoks) <= len(toks):
                    continue
                if ftoks[0] == toks[0] and ftoks[-1] == toks[-1] and set(core) <= set(ftoks):
                    uf.union(f.key + "|PERSON", c.key + "|PERSON")


def _merge_acronyms(text: str, clusters: dict[str, _Cluster], uf: _UnionFind) -> None:
    defined = _defined_acronyms(text)
    by_key: dict[str, list[_Cluster]] = defaultdict(list)
    for c in clusters.values():
        by_key[c.key].append(c)
    multi = [
        c
        for c in clusters.values()
        if len(c.best_name.split()) >= 2 and c.type in ("ORG", "GPE", "LAW", "EVENT", "WORK", "LOC")
    ]
    by_initials: dict[str, list[_Cluster]] = defaultdict(list)
    for m in multi:
        full = m.best_name
        for inits in {_initials(full).upper(), _initials(re.split(r"\s+and\s+", full)[0]).upper()}:
            by_initials[inits].append(m)
    for c in list(clusters.values()):
        name = c.best_name
        if not is_acronym(name) or c.canonical:
            continue
        letters = name.replace(".", "").replace("&", "").upper()
        target = defined.get(name) or defined.get(name.replace(".", ""))
        targets = []
        if target:
            targets = [
                t
                for k, ts in by_key.items()
                if k == target or k.endswith(" " + target)
                for t in ts
                if t is not c
            ]
        if not targets and len(letters) >= V.MIN_INITIALS_ACRONYM:
            targets = by_initials.get(letters, [])
        roots = {uf.find(t.key + "|" + t.type) for t in targets}
        if len(roots) == 1:
            t = targets[0]
            uf.union(t.key + "|" + t.type, c.key + "|" + c.type)


def _merge_org_short_names(clusters: dict[str, _Cluster], uf: _UnionFind) -> None:
    orgs = [c for c in clusters.values() if c.type == "ORG"]
    by_key = {c.key: c for c in orgs}
    for c in orgs:
        ws = c.best_name.split()
        if len(ws) < 2 or ws[-1] not in V.ORG_DROPPABLE_SUFFIXES:
            continue
        rest = ws[:-1]
        if ws[-1] in V.ORG_SUFFIXES_NEEDING_ONE_WORD and (len(rest) != 1 or is_acronym(rest[0])):
            continue
        short = by_key.get(name_key(" ".join(rest), "ORG"))
        if short is not None and short is not c:
            uf.union(c.key + "|ORG", short.key + "|ORG")
    # "US Department of Defense" and "Department of Defense": a country's own institution
    for c in orgs:
        ws = c.best_name.split()
        if len(ws) >= 3 and ws[0] in V.UNIVERSAL_ALIASES:
            bare = by_key.get(name_key(" ".join(ws[1:]), "ORG"))
            if bare is not None and bare is not c:
                uf.union(c.key + "|ORG", bare.key + "|ORG")


def _merge_bare_suffixes(clusters: dict[str, _Cluster], uf: _UnionFind) -> set[str]:
    """ "the Review" after "the Integrated Review": the one longer name ending with that word."""
    drop: set[str] = set()
    for c in clusters.values():
        ws = c.best_name.split()
        if len(ws) != 1 or (ws[0] not in V.LAW_SUFFIXES and ws[0] not in V.ORG_SUFFIXES):
            continue
        targets = [
            t
            for t in clusters.values()
            if t is not c
            and len(t.best_name.split()) > 1
            and strip_bare(t.best_name.split()[-1]) == ws[0]
        ]
        roots = {uf.find(t.key + "|" + t.type) for t in targets}
        if len(roots) == 1:
            t = targets[0]
            uf.union(t.key + "|" + t.type, c.key + "|" + c.type)
        elif roots or ws[0] not in V.STANDALONE_INSTITUTIONS:
            drop.add(c.key + "|" + c.type)
    return drop


def _near_duplicates(names: list[tuple[str, str, int]]) -> list[dict]:
    """Person names one letter apart (deletion neighbourhoods: linear in the number of names)."""
    findings = []
    index: dict[str, list[int]] = defaultdict(list)
    for i, (name, _, _) in enumerate(names):
        low = name.casefold()
        if len(low) < 6:  # short names one letter apart are usually different people
            continue
        index[low].append(i)
        for j in range(len(low)):  # pure deletions: a substitution or insertion shares one
            index[low[:j] + low[j + 1 :]].append(i)
    seen: set[tuple[int, int]] = set()
    for bucket in index.values():
        for a in bucket:
            for b in bucket:
                if (
                    a < b
                    and (a, b) not in seen
                    and names[a][0].casefold() != names[b][0].casefold()
                ):
                    seen.add((a, b))
                    # same length one substitution, or one insertion: both land in a bucket
                    n1, n2 = names[a], names[b]
                    findings.append(
                        _finding(
                            "name-near-duplicate",
                            f"“{n1[0]}” and “{n2[0]}” differ by one letter: "
                            "probably the same person, kept apart",
                            n2[2],
                            n2[2] + len(n2[0]) if n2[2] >= 0 else None,
                        )
                    )
    return findings


def _finding(kind: str, message: str, start: int | None, end: int | None) -> dict:
    if start is not None and start < 0:
        start = end = None
    return {
        "stage": "entities",
        "kind": kind,
        "message": message,
        "start": start,
        "end": end,
        "note_number": None,
    }


def _family_mismatches(people: list[tuple[str, list[str], set[str], int]]) -> list[dict]:
    """Same family name, different given names, one in the body and one in the notes."""
    out = []
    by_family: dict[str, list[tuple[str, list[str], set[str], int]]] = defaultdict(list)
    for person in people:
        if len(person[1]) >= 2:
            by_family[person[1][-1].casefold()].append(person)
    for group in by_family.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                ga, gb = a[1][0].rstrip(".").casefold(), b[1][0].rstrip(".").casefold()
                if ga == gb or ga.startswith(gb) or gb.startswith(ga):
                    continue
                if ("body" in a[2] and "notes" in b[2]) or ("notes" in a[2] and "body" in b[2]):
                    out.append(
                        _finding(
                            "name-mismatch",
                            f"“{a[0]}” and “{b[0]}” share a family name with different given "
                            "names in the body and the notes",
                            b[3],
                            b[3] + len(b[0]),
                        )
                    )
    return out


def resolve(
    text: str,
    spans: Sequence[NameSpan],
    layout: Layout,
    *,
    document_id: str,
    citations: Sequence[dict] = (),
    quotes: Sequence[dict] = (),
    page_authors: Sequence[str] = (),
) -> EntityResult:
    """Entities, mentions and findings of one page from its recognised spans."""
    clusters: dict[str, _Cluster] = {}
    span_cluster: list[tuple[NameSpan, str]] = []
    for span in spans:
        if (
            not (0 <= span.start < span.end <= len(text))
            or text[span.start : span.end] != span.text
        ):
            continue
        label = span.label if span.label in V.ENTITY_TYPES else None
        if label is None:
            continue
        bare = clean_name(getattr(span, "canonical", None) or span.text, label)
        canonical = None
        if bare in V.UNIVERSAL_ALIASES:
            canonical, label = V.UNIVERSAL_ALIASES[bare]
            key = name_key(canonical)
        else:
            key = name_key(bare, label)
        if not key:
            continue
        ck = f"{key}|{label}"
        cl = clusters.get(ck)
        if cl is None:
            cl = clusters[ck] = _Cluster(key=key, type=label, canonical=canonical)
        cl.names[canonical or normalise_surface(bare)] += 1
        cl.surfaces.add(span.text)
        cl.spans.append(span)
        cl.roles.add(getattr(span, "role", None) or "mentioned")
        span_cluster.append((span, ck))

    uf = _UnionFind()
    for ck in clusters:
        uf.find(ck)
    _merge_people(clusters, uf)
    _merge_org_short_names(clusters, uf)
    _merge_acronyms(text, clusters, uf)
    dropped = _merge_bare_suffixes(clusters, uf)

    groups: dict[str, list[_Cluster]] = defaultdict(list)
    for ck, cl in clusters.items():
        if ck in dropped:
            continue
        groups[uf.find(ck)].append(cl)

    root_entity: dict[str, tuple[str, str, str]] = {}  # root → (entity_id, name, type)
    entities: dict[str, dict] = {}
    for root, members in groups.items():
        head = clusters[root]
        forced = next((m.canonical for m in members if m.canonical), None)
        if forced:
            name = forced
        else:
            best = max(
                members,
                key=lambda m: (
                    not is_acronym(m.best_name),
                    len(m.best_name.split()),
                    len(m.spans),
                    len(m.best_name),
                ),
            )
            name = best.best_name
        typ = head.type
        eid = entity_id_for(name, typ)
        root_entity[root] = (eid, name, typ)
        aliases: set[str] = set()
        roles: set[str] = set()
        for m in members:
            aliases |= m.surfaces
            roles |= m.roles
        if eid in entities:  # two groups with one canonical name: join them
            entities[eid]["aliases"] = sorted(set(entities[eid]["aliases"]) | aliases)
            entities[eid]["roles"] = sorted(
                set(entities[eid]["roles"]) | roles, key=ROLE_ORDER.index
            )
            continue
        entities[eid] = {
            "document_id": document_id,
            "entity_id": eid,
            "name": name,
            "type": typ,
            "aliases": sorted(aliases),
            "roles": sorted(roles, key=ROLE_ORDER.index),
            "mention_count": 0,
        }

    mentions: list[dict] = []
    for span, ck in span_cluster:
        if ck in dropped:
            continue
        eid, _, typ = root_entity[uf.find(ck)]
        entities[eid]["mention_count"] += 1
        mentions.append(
            {
                "mention_id": mention_id(document_id, span.start, span.end),
                "document_id": document_id,
                "entity_id": eid,
                "text": span.text,
                "start": span.start,
                "end": span.end,
                "type": typ,
                "section": layout.section_at(span.start),
                "sentence": _sentence(text, span),
                "source": getattr(span, "source", "model"),
            }
        )
    mentions.sort(key=lambda m: (m["start"], m["end"]))

    result = EntityResult(page_entities=[], mentions=mentions, findings=[])
    _index(result, entities.values())
    _add_structural_roles(result, entities, document_id, citations, quotes, page_authors)
    result.page_entities = sorted(
        entities.values(), key=lambda e: (e["type"], e["name"], e["entity_id"])
    )
    _index(result, result.page_entities)
    result.findings = _findings(text, spans, layout, span_cluster, uf, root_entity, dropped)
    return result


def _index(result: EntityResult, entities: Iterable[dict]) -> None:
    result._aliases = {}
    result._people = []
    for e in entities:
        _index_one(result, e)


def _index_one(result: EntityResult, e: dict) -> None:
    for alias in [e["name"], *e["aliases"]]:
        key = _lookup_key(alias, e["type"])
        hits = result._aliases.setdefault(key, [])
        if (e["entity_id"], e["type"]) not in hits:
            hits.append((e["entity_id"], e["type"]))
    if e["type"] == "PERSON":
        ws = name_key(e["name"], "PERSON").split()
        if ws:
            result._people.append((ws, e["entity_id"]))


def _ensure(
    result: EntityResult,
    entities: dict[str, dict],
    document_id: str,
    name: str,
    typ: str,
    role: str,
) -> None:
    name = name.strip()
    if not any(ch.isalnum() for ch in clean_name(name, typ)):
        return
    eid = result.link(name, typ)
    if eid is None:
        if role in ("publisher", "periodical") or "," in name or " and " in name:
            return  # only a person or speaker is worth an entity without a mention
        typ = _type_by_shape(name, typ)
        bare = clean_name(name, typ)
        if bare in V.UNIVERSAL_ALIASES:
            bare, typ = V.UNIVERSAL_ALIASES[bare]
        eid = entity_id_for(bare, typ)
        if eid not in entities:
            entities[eid] = {
                "document_id": document_id,
                "entity_id": eid,
                "name": normalise_surface(bare),
                "type": typ,
                "aliases": sorted({name}),
                "roles": [],
                "mention_count": 0,
            }
            _index_one(result, entities[eid])
    e = entities[eid]
    if role not in e["roles"]:
        e["roles"] = sorted([*e["roles"], role], key=ROLE_ORDER.index)


def _csl_name(person: dict) -> tuple[str, str] | None:
    if not isinstance(person, dict):
        return None
    if person.get("literal"):
        return str(person["literal"]), "ORG"
    family, given = person.get("family"), person.get("given")
    if family:
        return (f"{given} {family}" if given else str(family)), "PERSON"
    return None


def _add_structural_roles(
    result: EntityResult,
    entities: dict[str, dict],
    document_id: str,
    citations: Sequence[dict],
    quotes: Sequence[dict],
    page_authors: Sequence[str],
) -> None:
    for author in page_authors:
        if isinstance(author, str):
            _ensure(result, entities, document_id, author, "PERSON", "author")
    for cit in citations:
        for person in cit.get("author") or []:
            named = _csl_name(person)
            if named:
                _ensure(result, entities, document_id, named[0], named[1], "cited-author")
        if isinstance(cit.get("publisher"), str):
            _ensure(result, entities, document_id, cit["publisher"], "ORG", "publisher")
        if isinstance(cit.get("container_title"), str):
            _ensure(result, entities, document_id, cit["container_title"], "WORK", "periodical")
    for quote in quotes:
        speaker = quote.get("speaker") or quote.get("speaker_span")
        if isinstance(speaker, str) and speaker.strip():
            typ = (
                quote.get("speaker_type")
                if quote.get("speaker_type") in ("PERSON", "ORG")
                else "PERSON"
            )
            _ensure(result, entities, document_id, speaker, typ, "quoted")


def _findings(
    text: str, spans: Sequence[NameSpan], layout: Layout, span_cluster, uf, root_entity, dropped
) -> list[dict]:
    findings: list[dict] = []
    for span in spans:
        if getattr(span, "flag", None) == "glued-name":
            findings.append(
                _finding(
                    "glued-name",
                    f"name “{span.text}” was glued to the next word (a lost space): cut there",
                    span.start,
                    span.end,
                )
            )
    people: dict[str, tuple[str, list[str], set[str], int]] = {}
    for span, ck in span_cluster:
        if ck in dropped:
            continue
        eid, name, typ = root_entity[uf.find(ck)]
        if typ != "PERSON":
            continue
        entry = people.setdefault(
            eid, (name, clean_name(name, "PERSON").split(), set(), span.start)
        )
        entry[2].add(layout.region_at(span.start))
    plist = list(people.values())
    findings += _near_duplicates([(p[0], "PERSON", p[3]) for p in plist])
    findings += _family_mismatches(plist)
    return findings


def link_records(
    result: EntityResult, quotes: Sequence[dict], citations: Sequence[dict]
) -> tuple[list[dict], list[dict]]:
    """Copies of quotes and citations with speaker_entity_id / author_entity_ids filled."""
    linked_quotes = []
    for q in quotes:
        q2 = dict(q)
        speaker = q.get("speaker") or q.get("speaker_span")
        hint = q.get("speaker_type") if q.get("speaker_type") in ("PERSON", "ORG") else None
        q2["speaker_entity_id"] = result.link(speaker, hint) if isinstance(speaker, str) else None
        linked_quotes.append(q2)
    linked_citations = []
    for c in citations:
        c2 = dict(c)
        ids: list[str | None] = []
        for person in c.get("author") or []:
            named = _csl_name(person)
            ids.append(result.link(named[0], named[1]) if named else None)
        c2["author_entity_ids"] = ids
        linked_citations.append(c2)
    return linked_quotes, linked_citations


def merge_corpus(page_entities: Iterable[dict]) -> list[dict]:
    """The corpus ``entities`` table from every page's page_entity records (grouped by id)."""
    merged: dict[str, dict] = {}
    names: dict[str, Counter] = defaultdict(Counter)
    for pe in page_entities:
        eid = pe["entity_id"]
        names[eid][pe["name"]] += 1
        e = merged.get(eid)
        if e is None:
            e = merged[eid] = {
                "entity_id": eid,
                "name": pe["name"],
                "type": pe["type"],
                "aliases": set(),
                "document_count": 0,
                "mention_count": 0,
                "roles": set(),
                "same_as": None,
                "document_ids": set(),
            }
        e["aliases"] |= set(pe.get("aliases") or [])
        e["roles"] |= set(pe.get("roles") or [])
        e["mention_count"] += int(pe.get("mention_count") or 0)
        e["document_ids"].add(pe["document_id"])
    out = []
    for eid, e in merged.items():
        e["name"] = max(names[eid], key=lambda n: (names[eid][n], n))
        e["aliases"] = sorted(e["aliases"])
        e["roles"] = sorted(e["roles"], key=ROLE_ORDER.index)
        e["document_ids"] = sorted(e["document_ids"])
        e["document_count"] = len(e["document_ids"])
        out.append(e)
    out.sort(key=lambda e: (-e["mention_count"], e["name"], e["entity_id"]))
    return out
