"""Bad pages through the whole pipeline: a mixed directory of good and bad pages, through the
library path (``pagefacts.export.export``) and once through the Prefect flow. Every bad page is
a reject with its specific reason, in the ``rejects`` table and in the log; every good page is
published; offsets of every table slice back exactly; big pages are refused unread; pages with
thousands of notes or quotes take linear time; the reject reasons are documented.
"""

from __future__ import annotations

import ast
import builtins
import codecs
import errno
import io
import json
import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import ScriptTexts
from test_properties import offset_problems

from pagefacts.export import export
from pagefacts.ingest import read_page
from pagefacts.settings import Settings

REPO = Path(__file__).resolve().parent.parent
#: The size limit of these runs: far above every good page here, far below huge.txt.
LIMIT = 64 * 1024

PAGE = (
    "A Small Test Page\n\nBy Jane Roe\n\nMarch 3rd, 2024\n\n"
    "“We will not stop,” Jane Roe said of the work.[1] The Ministry of Works agreed.\n\n"
    "Notes\n\n[1] Jane Roe, ‘A Report on Work’, The Review, 2023.\n"
)
LEGACY = (
    "Les Élèves Réussissent\n\nBy Zoë Brontë\n\n“Déjà vu,” said Zoë Brontë — naïve café, 5 €.\n"
)
LATIN1 = "Les Élèves Réussissent\n\nBy Zoë Brontë\n\n\"Déjà vu,\" said Zoë Brontë: naïve café.\n"
QUOTES = (
    "Quotes Everywhere\n\nBy Ann Lee\n\n“Unbalanced start, said Ann Lee. \"Straight ‘nested "
    "“deep” one’ here,” she said. 'single' and ‘mixed\" and ” stray closing “ and \"\n\n"
    "“He said ‘no’ and “yes” twice.” ‘Open only.\n\n“Never closed\n"
)
INVISIBLE = (
    "Zero\u200bWidth Title\n\nBy Jo\u0301se\u0301 Ma\u200dria\n\n\u202eevil\u202c "
    "“We\u200b will\u2066 go\u2069,” said Jose\u0301 Mari\u0301a.[1] A\u0308ngela Merkel met "
    "\u200fBoris Johnson\u200e in Berlin\ufeff.\n\nNotes\n\n[1] Jo\u0301se\u0301, "
    "‘Re\u0301sume\u0301’, 2020.\n"
)

#: name -> bytes of every page that must be published.
GOOD: dict[str, bytes] = {
    "good plain.txt": PAGE.encode(),
    "ünïcødé straße.txt": PAGE.replace("Jane Roe", "Zoë Ångström").encode(),
    "-rf.txt": PAGE.encode(),
    "--.txt": PAGE.encode(),
    "cp1252.txt": LEGACY.encode("cp1252"),
    "latin1.txt": LATIN1.encode("latin-1"),
    "utf16.txt": codecs.BOM_UTF16_LE + PAGE.replace("\n", "\r\n").encode("utf-16-le"),
    "crlf.txt": PAGE.replace("\n", "\r\n").encode(),
    "cr.txt": PAGE.replace("\n", "\r").encode(),
    "quotes.txt": QUOTES.encode(),
    "invisible.txt": INVISIBLE.encode(),
    "sub dir/nested page.txt": PAGE.encode(),
}
#: The text each good page must decode to (normalised: NFC, \n).
DECODED = {
    "cp1252.txt": LEGACY, "latin1.txt": LATIN1, "utf16.txt": PAGE, "crlf.txt": PAGE,
    "cr.txt": PAGE, "good plain.txt": PAGE,
}

#: name -> (bytes, the exact reason it must be rejected with). Symlinks are added separately.
BAD: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (" \n\t\r\n \u3000\u2003\n".encode(), "empty"),  # ideographic, em spaces
    "image.txt": (bytes(range(256)) * 8, "binary"),
    "no-nul-binary.txt": (bytes(range(1, 32)) * 64, "binary"),
    "bad-utf8.txt": (b"Some text " + b"\x81\x8d\x90\x9d\xfe\xff\x8f" * 20, "undecodable"),
    "huge.txt": (b"word " * 40_000, "too-large"),
    "locked.txt": (PAGE.encode(), "unreadable"),
    "page.html": (b"<html><body>hi</body></html>", "unsupported-type"),
    "notes.pdf": (b"%PDF-1.4 not really", "unsupported-type"),
}
LINKS = {
    "link-out.txt": "outside-raw-dir",  # a file symlink to a page outside raw/
    "dir-out": "outside-raw-dir",  # a directory symlink to a folder outside raw/
    "dangling.txt": "not-found",  # a symlink inside raw/ to nothing
}
EXPECTED_REJECTS = {**{name: reason for name, (_, reason) in BAD.items()}, **LINKS}


def build_raw(root: Path) -> Path:
    """The mixed raw directory (good pages, bad pages, hostile symlinks) under ``root``."""
    raw = root / "raw"
    outside = root / "outside"
    outside.mkdir(parents=True)
    (outside / "secret.txt").write_text("Secret Title\n\nBy Eve Spy\n\nsecret words\n", "utf-8")
    for name, data in [*GOOD.items(), *((n, d) for n, (d, _) in BAD.items())]:
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (raw / "link-out.txt").symlink_to(outside / "secret.txt")
    (raw / "dir-out").symlink_to(outside, target_is_directory=True)
    (raw / "dangling.txt").symlink_to(raw / "gone.txt")
    return raw


# -- read spies -----------------------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """A file object that counts every byte handed out."""

    def __init__(self, inner: Any, counter: dict[str, int]) -> None:
        self._inner = inner
        self._counter = counter

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        self._counter["bytes"] += len(data)
        return len(data)

    def read(self, size: int = -1) -> bytes:
        data = self._inner.read(size)
        self._counter["bytes"] += len(data)
        return data

    def close(self) -> None:
        self._inner.close()
        super().close()


@contextmanager
def hostile_io(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """``locked.txt`` cannot be opened (root ignores mode bits, so the denial is simulated);
    every byte read from ``huge.txt`` through ``open``, ``io.open`` or ``os.open`` is counted."""
    counter = {"bytes": 0, "os_opens": 0}
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        name = os.fsdecode(file) if isinstance(file, str | bytes | os.PathLike) else ""
        if name.endswith("locked.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", name)
        handle = real_open(file, mode, *args, **kwargs)
        if name.endswith("huge.txt") and "b" in mode:
            return _CountingReader(handle, counter)
        return handle

    def spy_os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fsdecode(path).endswith("huge.txt"):
            counter["os_opens"] += 1
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    yield counter


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def captured_log(name: str) -> Iterator[list[str]]:
    handler = _Records()
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    names = ("documents", "citations", "citation_markers", "quotes", "mentions", "rejects")
    return {name: pd.read_parquet(out / "parquet" / name) for name in names}


def _records(out: Path, table: str) -> list[dict]:
    """Published rows as Python values (ints stay ints, nulls None), through pyarrow."""
    return pq.read_table(out / "parquet" / table).to_pylist()


# -- the library path -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("mixed")
    raw = build_raw(root)
    out = root / "output"
    with pytest.MonkeyPatch.context() as mp, hostile_io(mp) as reads, \
            captured_log("pagefacts") as log:
        report = export(Settings(raw_dir=str(raw), out_dir=str(out), max_page_bytes=LIMIT))
    return {"raw": raw, "out": out, "report": report, "reads": reads, "log": log,
            "tables": _tables(out)}


def test_every_bad_page_is_rejected_with_its_reason(library_run: dict[str, Any]) -> None:
    rejects = library_run["tables"]["rejects"]
    assert dict(zip(rejects["source_path"], rejects["reason"], strict=True)) == EXPECTED_REJECTS
    assert set(rejects["stage"]) == {"ingest"}
    assert rejects["message"].str.len().min() > 10
    assert all(len(errors) == 1 for errors in rejects["errors"])


def test_every_reject_is_in_the_log(library_run: dict[str, Any]) -> None:
    rejects = library_run["tables"]["rejects"]
    log = "\n".join(library_run["log"])
    for row in rejects.itertuples():
        assert f"rejected {row.source_path} at ingest: {row.reason}: {row.message}" in log


def test_every_good_page_is_published(library_run: dict[str, Any]) -> None:
    report, tables = library_run["report"], library_run["tables"]
    assert report.published and report.pages_total == len(GOOD) + len(EXPECTED_REJECTS)
    documents = tables["documents"]
    assert sorted(documents["source_path"]) == sorted(GOOD)
    assert documents["document_id"].is_unique
    encodings = dict(zip(documents["source_path"], documents["encoding"], strict=True))
    assert encodings["cp1252.txt"] == "cp1252"
    assert encodings["latin1.txt"] in {"cp1252", "latin-1"}  # identical on these bytes
    assert encodings["utf16.txt"] == "utf-16-le"
    assert (documents["offsets_basis"].str.len() > 0).all()


def test_legacy_encodings_decode_and_newlines_normalise(library_run: dict[str, Any]) -> None:
    raw = library_run["raw"]
    for name, expected in DECODED.items():
        assert read_page(raw, name).text == expected, name
    quotes = library_run["tables"]["quotes"]
    by_path = _by_source(library_run["tables"], quotes)
    assert "Déjà vu," in by_path["cp1252.txt"]
    assert "Déjà vu," in by_path["latin1.txt"]


def _by_source(tables: dict[str, pd.DataFrame], frame: pd.DataFrame) -> dict[str, list[str]]:
    ids = dict(zip(tables["documents"]["document_id"], tables["documents"]["source_path"],
                   strict=True))
    found: dict[str, list[str]] = {}
    for document_id, text in zip(frame["document_id"], frame["text"], strict=True):
        found.setdefault(ids[document_id], []).append(text)
    return found


def test_line_endings_and_encodings_give_the_same_records(library_run: dict[str, Any]) -> None:
    """CRLF, lone CR and UTF-16 copies of a page give exactly the LF page's records."""
    tables = library_run["tables"]
    ids = dict(zip(tables["documents"]["source_path"], tables["documents"]["document_id"],
                   strict=True))

    def rows(table: str, source_path: str) -> str:
        frame = tables[table]
        frame = frame[frame["document_id"] == ids[source_path]]
        keep = [c for c in frame.columns if not c.endswith("_id") and c != "document_id"]
        return frame[keep].to_json(orient="records")

    for table in ("citations", "citation_markers", "quotes", "mentions"):
        reference = rows(table, "good plain.txt")
        assert reference != "[]", table
        for copy in ("crlf.txt", "cr.txt", "utf16.txt", "-rf.txt", "sub dir/nested page.txt"):
            assert rows(table, copy) == reference, (table, copy)


def test_every_offset_slices_back(library_run: dict[str, Any]) -> None:
    """All tables, all pages (quotes of every style, zero-width/bidi/combining characters)."""
    raw, out, tables = library_run["raw"], library_run["out"], library_run["tables"]
    published = {name: _records(out, name) for name in tables if name != "rejects"}
    checked = 0
    for document in published["documents"]:
        text = read_page(raw, document["source_path"]).text
        page_tables = {
            name: [r for r in rows if r["document_id"] == document["document_id"]]
            for name, rows in published.items()
        }
        assert offset_problems(text, page_tables) == [], document["source_path"]
        checked += sum(len(records) for records in page_tables.values())
    assert checked > 100
    invisible = _by_source(tables, tables["quotes"])["invisible.txt"]
    assert "We\u200b will\u2066 go\u2069," in invisible  # kept, not stripped or shifted


def test_too_large_page_is_refused_unread(library_run: dict[str, Any]) -> None:
    reads = library_run["reads"]
    assert reads["bytes"] <= LIMIT  # not even hashed beyond the limit (in fact never read)
    assert reads["bytes"] == 0 and reads["os_opens"] == 0
    rejects = library_run["tables"]["rejects"].set_index("source_path")
    assert str(LIMIT) in rejects.loc["huge.txt", "message"]


def test_a_second_run_keeps_the_rejects_and_the_pages(library_run: dict[str, Any],
                                                      tmp_path: Path) -> None:
    """Nothing changed: every page (good or bad) is unchanged, except those that can never be
    hashed (too large, outside, unreadable), which are re-checked and rejected again."""
    raw = library_run["raw"]
    out = tmp_path / "out"
    settings = Settings(raw_dir=str(raw), out_dir=str(out), max_page_bytes=LIMIT)
    with pytest.MonkeyPatch.context() as mp, hostile_io(mp):
        first = export(settings)
        again = export(settings)
    assert first.rejects == len(EXPECTED_REJECTS)
    assert again.rejects == len(EXPECTED_REJECTS)
    assert again.extracted < first.extracted
    rejects = pd.read_parquet(out / "parquet" / "rejects")
    assert dict(zip(rejects["source_path"], rejects["reason"], strict=True)) == EXPECTED_REJECTS


def test_a_crash_in_any_stage_rejects_the_page_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception (a bug) in ingest, extract or validate is a reject naming the
    exception and where it was raised; the other pages are published."""
    import pagefacts.ingest
    import pagefacts.pipeline
    import pagefacts.quotes

    real_decode, real_quotes = pagefacts.ingest.decode_bytes, pagefacts.quotes.extract_quotes
    real_validate = pagefacts.pipeline.validate

    def decode(data: bytes) -> tuple[str, str]:
        if b"CRASH-INGEST" in data:
            raise LookupError("codec registry broke")
        return real_decode(data)

    def quotes(text: str, *args: Any, **kwargs: Any) -> Any:
        if "CRASH-EXTRACT" in text:
            raise IndexError("list index out of range")
        return real_quotes(text, *args, **kwargs)

    def validate(extraction: Any, *args: Any, **kwargs: Any) -> Any:
        if "CRASH-VALIDATE" in extraction.page.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real_validate(extraction, *args, **kwargs)

    monkeypatch.setattr(pagefacts.ingest, "decode_bytes", decode)
    monkeypatch.setattr(pagefacts.quotes, "extract_quotes", quotes)
    monkeypatch.setattr(pagefacts.pipeline, "validate", validate)
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("ingest", "extract", "validate"):
        (raw / f"{name}.txt").write_text(PAGE + f"CRASH-{name.upper()}\n", "utf-8")
    (raw / "fine.txt").write_text(PAGE, "utf-8")
    report = export(Settings(raw_dir=str(raw), out_dir=str(tmp_path / "out")))
    assert report.published and report.rejects == 3
    rejects = pd.read_parquet(tmp_path / "out" / "parquet" / "rejects").set_index("source_path")
    assert rejects["reason"].to_dict() == {
        "ingest.txt": "ingest-crashed", "extract.txt": "extract-crashed",
        "validate.txt": "validate-crashed",
    }
    message = rejects.loc["extract.txt", "message"]
    assert message.startswith("IndexError: list index out of range at ")
    assert "test_robustness.py:" in rejects.loc["ingest.txt", "message"]
    documents = pd.read_parquet(tmp_path / "out" / "parquet" / "documents")
    assert list(documents["source_path"]) == ["fine.txt"]


# -- the Prefect flow -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="module")
def flow_run(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from flows.export_pages import with_runner

    root = tmp_path_factory.mktemp("mixed-flow")
    raw = build_raw(root)
    out = root / "output"
    with pytest.MonkeyPatch.context() as mp, hostile_io(mp) as reads, \
            captured_log("prefect") as log:
        report = with_runner("local", workers=1)(
            raw_dir=str(raw), out_dir=str(out), settings={"max_page_bytes": LIMIT}
        )
    return {"report": report, "reads": reads, "log": log, "tables": _tables(out)}


def test_flow_rejects_each_bad_page_and_publishes_the_rest(flow_run: dict[str, Any]) -> None:
    report, tables = flow_run["report"], flow_run["tables"]
    assert report["published"] and not report["ok"]
    rejects = tables["rejects"]
    assert dict(zip(rejects["source_path"], rejects["reason"], strict=True)) == EXPECTED_REJECTS
    assert sorted(tables["documents"]["source_path"]) == sorted(GOOD)
    text = "\n".join(flow_run["log"])
    for row in rejects.itertuples():
        assert f"rejected {row.source_path}: {row.message}" in text, row.source_path


def test_flow_never_reads_a_too_large_page(flow_run: dict[str, Any]) -> None:
    assert flow_run["reads"]["bytes"] <= LIMIT


# -- linear time ----------------------------------------------------------------------------------


def _notes_page(n: int) -> str:
    body = "".join(
        f"Claim {i} holds.[{i}] " + ("\n\n" if i % 5 == 0 else "") for i in range(1, n + 1)
    )
    notes = "".join(
        f"[{i}] Ann Lee, ‘Report {i}’, The Review, {1990 + i % 30}.\n" for i in range(1, n + 1)
    )
    return f"Many Notes\n\nBy Sam Hill\n\n{body}\n\nNotes\n\n{notes}"


def _quotes_page(n: int) -> str:
    names = ["Ann Lee", "Bo Chan", "Cy Moss", "Di Roe"]
    body = "".join(
        f"“Point {i} matters,” said {names[i % 4]}. Then {names[(i + 1) % 4]} wrote: "
        f"‘it is {i}’ and “so it goes”.\n\n" for i in range(n)
    )
    return f"Many Quotes\n\nBy Sam Hill\n\n{body}"


@pytest.fixture
def cheap_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy is linear by construction and would hide any superlinear growth of our own
    extractors behind its constant cost: time them with a blank tokenizer pipeline."""
    import spacy

    import pagefacts.nlp

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.max_length = 10**8
    monkeypatch.setattr(pagefacts.nlp, "get_nlp", lambda model=None: blank)


#: 4x the records may cost at most this many times the time: linear is ~4, quadratic ~16.
MAX_GROWTH = 8.0


@pytest.mark.parametrize(
    ("make", "table", "per_unit"), [(_notes_page, "citations", 1), (_quotes_page, "quotes", 2)]
)
def test_thousands_of_notes_or_quotes_take_linear_time(
    cheap_nlp: None, tmp_path: Path, make: Any, table: str, per_unit: int
) -> None:
    from pagefacts.pipeline import run_page
    from pagefacts.validate import SchemaStore

    settings = Settings(raw_dir=str(tmp_path))
    store = SchemaStore(settings.schemas_dir)
    seconds = {}
    for n in (1000, 4000):
        (tmp_path / f"{n}.txt").write_text(make(n), "utf-8")
        best = float("inf")
        for _ in range(2 if n == 1000 else 1):  # the small run is the noisier one
            started = time.perf_counter()
            result = run_page(tmp_path, f"{n}.txt", settings, store, run_id="r")
            best = min(best, time.perf_counter() - started)
        seconds[n] = best
        assert result.rejects == []
        assert len(result.tables[table]) >= n * per_unit, (table, n)
    assert seconds[4000] / seconds[1000] < MAX_GROWTH, seconds


def test_consecutive_quotes_of_different_speakers_stay_apart() -> None:
    from pagefacts.layout import analyse_layout
    from pagefacts.notes import find_notes
    from pagefacts.quotes import extract_quotes

    text = "A Page\n\nBy Sam Hill\n\n“Point one,” said Ann Lee. “Point two,” said Bo Chan.\n"
    block = find_notes(text)
    layout = analyse_layout(text, notes_start=block.start, notes_end=block.end)
    quotes = [q.to_record() for q in extract_quotes(
        text, layout, block, document_id="p-1", page_author=None, citations=[], names=[])]
    assert [(q["text"], q["speaker"]) for q in quotes] == [
        ("Point one,", "Ann Lee"), ("Point two,", "Bo Chan")]


# -- the documentation of reject reasons ----------------------------------------------------------


def _emitted_reasons() -> set[str]:
    """Every reason code the code can put in ``rejects``: string literals given as ``reason``
    in ingest/pipeline/export/publish and errors.py defaults, plus the computed ones."""
    reasons: set[str] = set()
    for module in ("ingest", "pipeline", "export", "publish", "errors", "validate"):
        tree = ast.parse((REPO / "pagefacts" / f"{module}.py").read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "reason":
                value = node.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    reasons.add(value.value)
                elif isinstance(value, ast.JoinedStr):
                    reasons |= _expand(ast.unparse(value))
            elif (isinstance(node, ast.Assign) and len(node.targets) == 1
                  and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "reason"):
                if isinstance(node.value, ast.Constant):
                    reasons.add(node.value.value)
                elif isinstance(node.value, ast.JoinedStr):
                    reasons |= _expand(ast.unparse(node.value))
    reasons.discard("error")  # the abstract base class's placeholder, never raised
    return reasons


def _expand(fstring: str) -> set[str]:
    """The values a computed reason takes; an unknown pattern fails the test (update both)."""
    from pagefacts.pipeline import PAGE_TABLE_KINDS, PAGE_TABLES

    if fstring == "f'invalid-{kind}'":  # pipeline.validate: one per per-page table
        return {f"invalid-{PAGE_TABLE_KINDS[table]}" for table in PAGE_TABLES}
    if fstring == "f'{stage}-crashed'":
        return {f"{stage}-crashed" for stage in ("ingest", "extract", "validate")}
    raise AssertionError(f"a new computed reject reason {fstring}: document its values")


def test_every_reject_reason_is_documented() -> None:
    doc = (REPO / "docs" / "bad-input.md").read_text("utf-8")
    documented = set(re.findall(r"^- `([a-z0-9_-]+)`", doc, flags=re.MULTILINE))
    emitted = _emitted_reasons()
    assert {"empty", "binary", "too-large", "outside-raw-dir", "transient-io"} <= emitted
    assert emitted - documented == set(), "reasons the code emits but docs/bad-input.md lacks"
    assert documented - emitted == set(), "reasons docs/bad-input.md lists but nothing emits"
    assert set(EXPECTED_REJECTS.values()) <= documented


# -- safety of what is published ------------------------------------------------------------------

HOSTILE = "</script><script>alert(1)</script>"
HOSTILE_PAGE = (
    f"Tom & Jerry <b>Bold</b> {HOSTILE}\n\nBy Jane Roe\n\nMarch 3rd, 2024\n\n"
    f"“Prices <rise> & fall {HOSTILE},” said Jane Roe.[1] Templates {{{{7*7}}}} "
    "${HOME} $(touch /tmp/pagefacts-pwned) {__import__('os').system('touch /tmp/pagefacts-pwned')}"
    " stay text.\n\nNotes\n\n"
    f"[1] Jane Roe, ‘Markets <&> {HOSTILE}’, The Review, 2023, https://example.org/a?b=1&c=<2>.\n"
)





def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_published_jsonld_is_script_safe_and_round_trips(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "hostile.txt").write_text(HOSTILE_PAGE, "utf-8")
    out = tmp_path / "out"
    report = export(Settings(raw_dir=str(raw), out_dir=str(out)))
    assert report.rejects == 0
    documents = pd.read_parquet(out / "parquet" / "documents")
    quotes = pd.read_parquet(out / "parquet" / "quotes")
    citations = pd.read_parquet(out / "parquet" / "citations")
    assert HOSTILE in documents["title"][0]
    assert any(HOSTILE in text for text in quotes["text"])
    assert any(HOSTILE in text for text in citations["raw"])
    (path,) = (out / "jsonld").glob("*.jsonld")
    text = path.read_text("utf-8")
    assert not set("<>&") & set(text)  # escaped as \u003c, \u003e, \u0026
    graph = json.loads(text)
    values = set(_strings(graph))
    assert documents["title"][0] in values  # the same values after the round trip
    assert {t for t in quotes["text"] if HOSTILE in t} <= values
    assert any(HOSTILE in value for value in values if "Markets" in value)
    parser = ScriptTexts()
    parser.feed(f'<html><head><script type="application/ld+json">{text}</script></head></html>')
    assert len(parser.scripts) == 1 and json.loads(parser.scripts[0]) == graph
    assert not Path("/tmp/pagefacts-pwned").exists()  # nothing from the page was evaluated
    assert "49" not in " ".join(quotes["text"]) + documents["title"][0]
    catalog = (out / "catalog.jsonld").read_text("utf-8")
    assert not set("<>&") & set(catalog)


HOSTILE_NAMES = [
    "-rf.txt", "--help.txt", "- .txt", "..~.txt", "a b\tc.txt", "line\nbreak.txt",
    "quote\"s'.txt", "back\\slash.txt", "<script>alert(1)<|script>.txt", "$(rm -rf ~).txt",
    "\u202etxt.exe.txt", "CON.txt", "%2e%2e%2fetc%2fpasswd.txt", "x" * 240 + ".txt",
    "日本語のページ.txt", "sub/..hidden-looking.txt", "ünï/çødé dir/ page .txt",
]


def test_hostile_file_names_give_safe_ids_and_files_inside_out(tmp_path: Path) -> None:
    from pagefacts.publish import DOCUMENT_ID

    raw = tmp_path / "raw"
    for name in HOSTILE_NAMES:
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE, "utf-8")
    out = tmp_path / "out"
    report = export(Settings(raw_dir=str(raw), out_dir=str(out)))
    assert report.rejects == 0, pd.read_parquet(out / "parquet" / "rejects")["message"].tolist()
    documents = pd.read_parquet(out / "parquet" / "documents")
    hidden = {name for name in HOSTILE_NAMES if name.split("/")[-1].startswith(".")}
    assert hidden == {"..~.txt", "sub/..hidden-looking.txt"}  # skipped like .git, documented
    assert sorted(documents["source_path"]) == sorted(set(HOSTILE_NAMES) - hidden)  # kept exactly
    assert report.pages_total == len(HOSTILE_NAMES) - len(hidden)
    ids = list(documents["document_id"])
    assert len(set(ids)) == len(ids)
    assert all(DOCUMENT_ID.fullmatch(i) and len(i) <= 100 for i in ids), ids
    real_out = Path(os.path.realpath(out))
    written = [p for p in real_out.rglob("*") if p.is_file()]
    assert all(real_out in p.parents for p in written)
    jsonld = {p.name for p in (out / "jsonld").iterdir()}
    assert jsonld == {f"{i}.jsonld" for i in ids}
    assert not (tmp_path / "etc").exists() and not list(tmp_path.glob("*passwd*"))


@pytest.mark.parametrize(
    "source_path",
    ["../../etc/passwd.txt", "a/../b.txt", "/etc/passwd.txt", "..txt", ".", "a/./../../x.txt"],
)
def test_escaping_source_paths_are_refused_and_ids_stay_safe(
    tmp_path: Path, source_path: str
) -> None:
    from pagefacts.errors import IngestError
    from pagefacts.ingest import document_id_for
    from pagefacts.publish import DOCUMENT_ID

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "b.txt").write_text(PAGE, "utf-8")
    (tmp_path / "secret.txt").write_text(PAGE, "utf-8")
    document_id = document_id_for(source_path)
    assert DOCUMENT_ID.fullmatch(document_id) and "/" not in document_id
    if source_path == "..txt":  # an ordinary (hidden) file name: missing here, not an escape
        with pytest.raises(IngestError, match="no such file"):
            read_page(raw, source_path)
        return
    with pytest.raises(IngestError) as caught:
        read_page(raw, source_path)
    assert caught.value.reason in {"outside-raw-dir", "unsupported-type"}


def test_sidecar_urls_are_never_used_as_paths(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i, url in enumerate(["file:///etc/passwd", "../../../etc/passwd", "javascript:alert(1)",
                             "https://example.org/../../etc/passwd"]):
        (raw / f"p{i}.txt").write_text(PAGE, "utf-8")
        (raw / f"p{i}.source.json").write_text(json.dumps({"url": url}), "utf-8")
    out = tmp_path / "out"
    export(Settings(raw_dir=str(raw), out_dir=str(out)))
    documents = pd.read_parquet(out / "parquet" / "documents").set_index("source_path")
    assert documents["source_url"].isna().sum() == 3  # only the http(s) URL is kept
    assert documents.loc["p3.txt", "source_url"] == "https://example.org/../../etc/passwd"
    real_out = Path(os.path.realpath(out))
    assert all(real_out in p.parents for p in real_out.rglob("*"))
    assert len(list((out / "jsonld").iterdir())) == 4
