"""Ingest: discovery, safe reading, decoding, normalisation, refusals with reasons."""

from __future__ import annotations

import builtins
import codecs
import errno
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pagefacts.errors import IngestError, TransientError
from pagefacts.ingest import PageRef, discover_pages, document_id_for, read_page
from pagefacts.model import short_hash

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,199}$")
BODY = "Café “naïve” — a page of plain words.\nSecond line with an accent: déjà vu.\n"


def _write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _reason(root: Path, name: str, **kwargs: object) -> str:
    with pytest.raises(IngestError) as caught:
        read_page(root, name, **kwargs)  # type: ignore[arg-type]
    assert caught.value.message  # a message for a person, not only a code
    return caught.value.reason


# --------------------------------------------------------------------------- discovery


def test_discover_recursive_sorted_skips_hidden_and_sidecars(tmp_path: Path) -> None:
    _write(tmp_path, "b.txt", "b")
    _write(tmp_path, "a/z.txt", "z")
    _write(tmp_path, "a/page.html", "<p>x</p>")
    _write(tmp_path, "a/z.source.json", '{"url": "https://example.org/z"}')
    _write(tmp_path, "orphan.source.json", "{}")  # no page next to it: listed, refused later
    _write(tmp_path, ".hidden.txt", "h")
    _write(tmp_path, ".git/config.txt", "h")
    refs = discover_pages(tmp_path)
    assert [r.source_path for r in refs] == [
        "a/page.html",
        "a/z.txt",
        "b.txt",
        "orphan.source.json",
    ]
    assert all(isinstance(r, PageRef) and r.path.is_file() for r in refs)
    assert refs[1].path == tmp_path / "a" / "z.txt"


def test_discover_does_not_follow_symlinked_directories(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write(outside, "secret.txt", "secret")
    raw = tmp_path / "raw"
    _write(raw, "ok.txt", "ok")
    (raw / "linkdir").symlink_to(outside, target_is_directory=True)
    paths = [r.source_path for r in discover_pages(raw)]
    assert "linkdir/secret.txt" not in paths
    assert "ok.txt" in paths
    # the link itself is listed so that it is refused with a reason, not silently dropped
    assert "linkdir" in paths
    assert _reason(raw, "linkdir") == "outside-raw-dir"


def test_discover_real_raw_dir(repo_root: Path) -> None:
    refs = discover_pages(repo_root / "raw")
    assert "2021-04-13-comrades-putin-and-xi.txt" in [r.source_path for r in refs]


# --------------------------------------------------------------------------- reading


def test_read_lse_page(repo_root: Path) -> None:
    page = read_page(repo_root / "raw", "2021-04-13-comrades-putin-and-xi.txt")
    raw = (repo_root / "raw" / "2021-04-13-comrades-putin-and-xi.txt").read_bytes()
    assert page.encoding == "utf-8"
    assert page.byte_size == len(raw)
    assert page.source_path == "2021-04-13-comrades-putin-and-xi.txt"
    assert page.text.startswith("LSE - Small Logo\n")
    assert "\r" not in page.text
    assert page.document_id.startswith("2021-04-13-comrades-putin-and-xi-")
    assert ID_RE.match(page.document_id)
    assert page.source_url is None


def test_sidecar_url_used_for_id_and_source_url(tmp_path: Path) -> None:
    _write(tmp_path, "p.txt", BODY)
    _write(tmp_path, "p.source.json", json.dumps({"url": "https://www.example.org/a/post-1/"}))
    page = read_page(tmp_path, "p.txt")
    assert page.source_url == "https://www.example.org/a/post-1/"
    assert page.document_id == document_id_for("p.txt", "https://www.example.org/a/post-1/")
    assert page.document_id.startswith("example-org-a-post-1-")


@pytest.mark.parametrize(
    "sidecar",
    ['{"url": "javascript:alert(1)"}', '{"url": 5}', "not json", '["x"]', '{"url": "a b"}'],
)
def test_bad_sidecar_is_ignored(tmp_path: Path, sidecar: str) -> None:
    _write(tmp_path, "p.txt", BODY)
    _write(tmp_path, "p.source.json", sidecar)
    page = read_page(tmp_path, "p.txt")
    assert page.source_url is None
    assert page.document_id == document_id_for("p.txt")


def test_content_hash_is_of_raw_bytes(tmp_path: Path) -> None:
    data = BODY.replace("\n", "\r\n").encode("utf-8")
    _write(tmp_path, "p.txt", data)
    page = read_page(tmp_path, "p.txt")
    import hashlib

    assert page.content_sha256 == hashlib.sha256(data).hexdigest()
    assert page.byte_size == len(data)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a\r\nb\r\n", "a\nb\n"),
        (b"a\rb\rc", "a\nb\nc"),
        (b"a\r\n\rb", "a\n\nb"),
    ],
)
def test_newlines_normalised(tmp_path: Path, raw: bytes, expected: str) -> None:
    _write(tmp_path, "p.txt", raw)
    assert read_page(tmp_path, "p.txt").text == expected


def test_nfc_and_invisible_characters_kept(tmp_path: Path) -> None:
    text = "Cafe\u0301 a\u200bb \u202eevil\u202c x\u200d\u2060y"
    _write(tmp_path, "p.txt", text)
    page = read_page(tmp_path, "p.txt")
    assert page.text.startswith("Café ")  # composed
    for char in ("\u200b", "\u202e", "\u202c", "\u200d", "\u2060"):
        assert char in page.text


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("cp1252", "cp1252"), ("latin-1", None)],
)
def test_legacy_encodings(tmp_path: Path, encoding: str, label: str | None) -> None:
    text = "Les élèves ont réussi l'examen; c'est très bien. Déjà vu, à la carte, naïve.\n"
    if encoding == "cp1252":
        text += "“Curly quotes” and an em dash — and a euro sign €.\n"
    _write(tmp_path, "p.txt", text.encode(encoding))
    page = read_page(tmp_path, "p.txt")
    assert page.text == text
    assert page.encoding in ({label} if label else {"cp1252", "latin-1"})


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    ],
)
def test_bom_pages(tmp_path: Path, bom: bytes, codec: str, label: str) -> None:
    _write(tmp_path, "p.txt", bom + BODY.replace("\n", "\r\n").encode(codec))
    page = read_page(tmp_path, "p.txt")
    assert page.text == BODY
    assert page.encoding == label


@pytest.mark.parametrize(
    "name", ["with space.txt", "ünïcødé straße.txt", "-leading-dash.txt", "--.txt", "日本語.txt"]
)
def test_awkward_file_names(tmp_path: Path, name: str) -> None:
    _write(tmp_path, name, BODY)
    assert [r.source_path for r in discover_pages(tmp_path)] == [name]
    page = read_page(tmp_path, name)
    assert page.source_path == name
    assert ID_RE.match(page.document_id)
    assert "/" not in page.document_id and ".." not in page.document_id


# --------------------------------------------------------------------------- refusals


def test_unsupported_type(tmp_path: Path) -> None:
    _write(tmp_path, "p.html", "<html><body>x</body></html>")
    with pytest.raises(IngestError) as caught:
        read_page(tmp_path, "p.html")
    assert caught.value.reason == "unsupported-type"
    assert "HTML" in caught.value.message


def test_not_found(tmp_path: Path) -> None:
    assert _reason(tmp_path, "missing.txt") == "not-found"


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "blank.txt", " \n\t\r\n\u00a0 \n".encode())
    assert _reason(tmp_path, "empty.txt") == "empty"
    assert _reason(tmp_path, "blank.txt") == "empty"


def test_binary_with_txt_name(tmp_path: Path) -> None:
    _write(tmp_path, "png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _write(tmp_path, "ctl.txt", bytes(range(1, 9)) * 20)
    assert _reason(tmp_path, "png.txt") == "binary"
    assert _reason(tmp_path, "ctl.txt") == "binary"


def test_invalid_utf8_undecodable(tmp_path: Path) -> None:
    _write(tmp_path, "bad.txt", b"Some text " + b"\x81\x8d\x90\x9d\xfe\xff\x8f" * 20)
    assert _reason(tmp_path, "bad.txt") == "undecodable"


def test_too_large_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "big.txt", "word " * 100)
    opened: list[object] = []
    real_open = builtins.open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(file)
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", spy)
    assert _reason(tmp_path, "big.txt", max_bytes=100) == "too-large"
    assert not any(str(f).endswith("big.txt") for f in opened)  # never opened
    monkeypatch.undo()
    assert read_page(tmp_path, "big.txt", max_bytes=500).byte_size == 500


def test_symlink_outside_refused(tmp_path: Path) -> None:
    outside = _write(tmp_path, "outside/secret.txt", "secret words here")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "link.txt").symlink_to(outside)
    (raw / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    assert _reason(raw, "link.txt") == "outside-raw-dir"
    assert _reason(raw, "dangling.txt") == "outside-raw-dir"
    assert _reason(raw, "../outside/secret.txt") == "outside-raw-dir"
    assert _reason(raw, str(outside)) == "outside-raw-dir"


def test_symlink_inside_allowed(tmp_path: Path) -> None:
    _write(tmp_path, "real.txt", BODY)
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real.txt")
    assert read_page(tmp_path, "alias.txt").text == BODY


def test_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "locked.txt", BODY)
    os.chmod(path, 0)
    real_open = builtins.open

    def deny(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("locked.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", deny)  # root ignores mode bits: simulate the denial
    assert _reason(tmp_path, "locked.txt") == "unreadable"


@pytest.mark.parametrize("code", [errno.EIO, errno.EAGAIN, errno.EBUSY, errno.ETIMEDOUT])
def test_transient_os_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    _write(tmp_path, "p.txt", BODY)

    def flaky(file: object, *args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code), str(file))

    monkeypatch.setattr(builtins, "open", flaky)
    with pytest.raises(TransientError) as caught:
        read_page(tmp_path, "p.txt")
    assert caught.value.transient


def test_directory_is_not_a_page(tmp_path: Path) -> None:
    (tmp_path / "d.txt").mkdir()
    assert _reason(tmp_path, "d.txt") == "unsupported-type"


# --------------------------------------------------------------------------- ids


def test_document_id_stable_and_readable() -> None:
    a = document_id_for("2021/My Post.txt")
    assert a == document_id_for("2021/My Post.txt")
    assert a == f"2021-my-post-{short_hash('2021/My Post.txt')}"
    assert document_id_for("2021/My Post.txt") != document_id_for("2021/my-post.txt")
    assert document_id_for("x.txt", "https://example.org/x") != document_id_for("x.txt")


@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=300)))
def test_document_id_property(path: str, url: str | None) -> None:
    doc_id = document_id_for(path, url)
    assert ID_RE.match(doc_id)
    assert "/" not in doc_id and ".." not in doc_id and "\\" not in doc_id
    assert doc_id == document_id_for(path, url)


# --------------------------------------------------------------------------- lent pages


def test_lent_pages_read(shared_pages: Path) -> None:
    refs = discover_pages(shared_pages)
    names = [r.source_path for r in refs]
    assert not any(name.endswith(".source.json") for name in names)
    for ref in refs:
        page = read_page(shared_pages, ref.source_path)
        assert page.encoding == "utf-8"
        sidecar = ref.path.with_name(ref.path.stem + ".source.json")
        if sidecar.exists():
            assert page.source_url == json.loads(sidecar.read_text())["url"]
        assert ID_RE.match(page.document_id)
