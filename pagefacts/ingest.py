"""Ingest: find the pages under a raw directory and read each one as normalised text.

``discover_pages`` lists every file (so unsupported ones can be refused with a reason later);
``read_page`` reads one page safely (inside the raw directory, bounded size), decodes it
(BOM, strict UTF-8, then a detector for legacy encodings), and normalises it (``\\n`` newlines,
NFC). Every refusal is an :class:`~pagefacts.errors.IngestError` with a specific ``reason``;
OS errors that may pass are :class:`~pagefacts.errors.TransientError`.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from pagefacts.errors import IngestError, TransientError
from pagefacts.model import Page, short_hash
from pagefacts.settings import DEFAULT_MAX_PAGE_BYTES

__all__ = [
    "DEFAULT_MAX_PAGE_BYTES",
    "SIDECAR_SUFFIX",
    "SUPPORTED_SUFFIXES",
    "PageRef",
    "decode_bytes",
    "discover_pages",
    "document_id_for",
    "normalise_text",
    "read_page",
]

#: Page types read now (compared case-insensitively). HTML comes later.
SUPPORTED_SUFFIXES = (".txt",)
#: ``<stem>.source.json`` next to a page describes it (e.g. ``{"url": ...}``); not a page.
SIDECAR_SUFFIX = ".source.json"
#: A sidecar is a few kilobytes; anything bigger is not one we trust to read.
MAX_SIDECAR_BYTES = 1024 * 1024
#: OS errors that may go away on retry.
TRANSIENT_ERRNOS = frozenset(
    {errno.EIO, errno.EAGAIN, errno.EBUSY, errno.ETIMEDOUT, errno.EINTR, errno.ESTALE}
)
#: Share of control characters above which decoded text is taken for binary data. Real pages
#: have none or a handful (form feeds, stray escapes); 5 % is far above that and far below
#: what compressed or image bytes give (~12 % of bytes fall in the C0/C1 ranges at random).
MAX_CONTROL_RATIO = 0.05
#: A legacy (single-byte) decoding is credible when at least this share of its non-space
#: characters is ASCII: the pages of this genre are mostly plain Latin text with a few accents
#: and typographic marks; random or mis-detected bytes give mostly non-ASCII symbols.
MIN_ASCII_RATIO_LEGACY = 0.5
#: A detector's answer that is not a Western single-byte code page is trusted only when it
#: also recognised a language in it (coherence) at least this well.
MIN_DETECTOR_COHERENCE = 0.2

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
#: Single-byte Latin-script code pages: on short Western text a detector cannot tell them apart
#: (cp1252 text is often reported as cp1250 or cp1257), so cp1252, the usual legacy encoding of
#: Western web pages, is tried first whenever the detector answers one of these.
_LATIN_SINGLE_BYTE = frozenset(
    {
        "cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3",
        "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
        "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp437", "cp850",
        "cp852", "cp858", "cp860", "cp861", "cp863", "cp865", "ascii",
    }
)
_SLUG_RUN = re.compile(r"[^a-z0-9]+")
#: Longest readable part of a document id (the pattern allows 200 characters in all).
_MAX_SLUG = 80


@dataclass(frozen=True)
class PageRef:
    """A file found under the raw directory (``source_path`` is relative, POSIX)."""

    source_path: str
    path: Path


# --------------------------------------------------------------------------- discovery


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _is_sidecar(name: str, siblings: set[str]) -> bool:
    """A ``<stem>.source.json`` whose page ``<stem>.<ext>`` sits next to it."""
    if not name.lower().endswith(SIDECAR_SUFFIX):
        return False
    stem = name[: -len(SIDECAR_SUFFIX)]
    return any(
        other != name and other.startswith(stem + ".") and "." not in other[len(stem) + 1 :]
        for other in siblings
    )


def discover_pages(raw_dir: Path | str) -> list[PageRef]:
    """Every file under ``raw_dir`` (recursively, sorted), except sidecars and hidden ones.

    Symlinked directories are not followed (a symlink is listed as a file, so that reading it
    refuses it with a reason when it points outside the raw directory).
    """
    root = Path(raw_dir)
    refs: list[PageRef] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        linked_dirs = [d for d in dirnames if (here / d).is_symlink()]
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d) and d not in linked_dirs)
        names = set(filenames)
        for name in [*filenames, *linked_dirs]:
            if _is_hidden(name) or _is_sidecar(name, names):
                continue
            path = here / name
            rel = path.relative_to(root).as_posix()
            refs.append(PageRef(source_path=rel, path=path))
    refs.sort(key=lambda ref: ref.source_path)
    return refs


# --------------------------------------------------------------------------- ids


def _slug(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_RUN.sub("-", ascii_text.lower()).strip("-")
    return slug[:_MAX_SLUG].rstrip("-")


def document_id_for(source_path: str, url: str | None = None) -> str:
    """Stable, file-name-safe id of a page: a slug of its URL (when known) or path + a short hash.

    The readable part only ever holds ``[a-z0-9-]``, so the id can never contain ``/`` or ``..``.
    """
    if url:
        parts = urlsplit(url)
        host = parts.netloc.lower().removeprefix("www.")
        readable = f"{host} {parts.path}"
        basis = url
    else:
        pure = PurePosixPath(source_path)
        readable = str(pure.with_suffix("")) if pure.suffix and pure.stem else source_path
        basis = source_path
    slug = _slug(readable) or "page"
    return f"{slug}-{short_hash(basis)}"


# --------------------------------------------------------------------------- decoding


def _bad_char_count(text: str) -> int:
    """Control, unassigned, private-use and replacement characters (layout controls excepted)."""
    bad = 0
    for char in text:
        if char in "\t\n\r\f\v":
            continue
        if char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cn", "Co"):
            bad += 1
    return bad


def _ascii_ratio(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 1.0
    return sum(1 for c in visible if c < "\x80") / len(visible)


def _credible(text: str, *, legacy: bool) -> bool:
    if not text:
        return True
    if _bad_char_count(text) > len(text) * MAX_CONTROL_RATIO:
        return False
    return not legacy or _ascii_ratio(text) >= MIN_ASCII_RATIO_LEGACY


def _detect(data: bytes) -> tuple[str, str] | None:
    """Decode non-UTF-8 bytes with a credible legacy encoding, or None."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    name = best.encoding if best is not None else None
    legacy = name is None or name in _LATIN_SINGLE_BYTE or name.startswith(("utf", "ascii"))
    if best is not None and not legacy:
        text = str(best)
        if best.coherence >= MIN_DETECTOR_COHERENCE and _credible(text, legacy=False):
            return text, name
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _credible(text, legacy=True):
            return text, encoding
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode page bytes: BOM, then strict UTF-8, then a credible legacy encoding.

    Returns ``(text, encoding)``; raises IngestError ``binary`` or ``undecodable``.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"bytes after the {label} byte-order mark are not valid {label}: {exc}",
                    reason="undecodable",
                ) from exc
            _refuse_binary(text)
            return text, label
    if b"\x00" in data:
        raise IngestError("the file holds NUL bytes: binary data, not text", reason="binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        found = _detect(data)
        if found is None:
            if _c0_control_count(data) > len(data) * MAX_CONTROL_RATIO:
                raise IngestError(
                    "the file is mostly control bytes: binary data, not text", reason="binary"
                ) from None
            raise IngestError(
                "the bytes are not valid UTF-8 and no encoding decodes them credibly",
                reason="undecodable",
            ) from None
        text, encoding = found
        return text, encoding
    _refuse_binary(text)
    return text, "utf-8"


def _c0_control_count(data: bytes) -> int:
    """Bytes below 0x20 other than layout whitespace: rare in any text encoding but UTF-16/32."""
    return sum(1 for byte in data if byte < 0x20 and byte not in (9, 10, 11, 12, 13))


def _refuse_binary(text: str) -> None:
    if "\x00" in text:
        raise IngestError("the text holds NUL characters: binary data", reason="binary")
    controls = sum(
        1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v"
    )
    if controls > len(text) * MAX_CONTROL_RATIO:
        raise IngestError(
            f"{controls} of {len(text)} characters are control characters: binary data",
            reason="binary",
        )


def normalise_text(text: str) -> str:
    """CRLF and lone CR become ``\\n``; Unicode NFC. Invisible characters are kept."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


# --------------------------------------------------------------------------- reading


def _os_error(exc: OSError, source_path: str) -> Exception:
    if isinstance(exc, PermissionError):
        return IngestError(f"{source_path}: permission denied", reason="unreadable")
    if isinstance(exc, FileNotFoundError):
        return IngestError(f"{source_path}: no such file", reason="not-found")
    if isinstance(exc, IsADirectoryError):
        return IngestError(f"{source_path}: is a directory", reason="unsupported-type")
    if exc.errno in TRANSIENT_ERRNOS:
        return TransientError(f"{source_path}: {exc.strerror or exc} (may pass on retry)")
    return IngestError(f"{source_path}: cannot be read: {exc.strerror or exc}", reason="unreadable")


def _resolve_inside(root: Path, source_path: str) -> Path:
    """The real path of ``source_path`` under ``root``; refuses anything that leaves it."""
    pure = PurePosixPath(source_path)
    if not source_path or pure.is_absolute() or ".." in pure.parts or "\x00" in source_path:
        raise IngestError(
            f"{source_path!r} is not a relative path inside the raw directory",
            reason="outside-raw-dir",
        )
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(root / pure))
    if real != real_root and real_root not in real.parents:
        raise IngestError(
            f"{source_path} resolves outside the raw directory (symlink or path escape)",
            reason="outside-raw-dir",
        )
    return real


def _read_bounded(path: Path, source_path: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (checked with stat first; never the whole of a big file)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                f"{source_path} is {size} bytes, over the limit of {max_bytes}", reason="too-large"
            )
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _os_error(exc, source_path) from exc
    if len(data) > max_bytes:  # grew after stat
        raise IngestError(
            f"{source_path} is over the limit of {max_bytes} bytes", reason="too-large"
        )
    return data


def _sidecar_url(page_path: Path, real_root: Path) -> str | None:
    """``url`` from the page's ``<stem>.source.json`` when present, inside the raw dir, valid."""
    sidecar = page_path.with_name(page_path.stem + SIDECAR_SUFFIX)
    try:
        real = Path(os.path.realpath(sidecar))
        if real_root not in real.parents or not real.is_file():
            return None
        if real.stat().st_size > MAX_SIDECAR_BYTES:
            return None
        data = json.loads(real.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and _valid_url(url) else None


def _valid_url(url: str) -> bool:
    if len(url) > 2000 or any(c.isspace() or unicodedata.category(c) == "Cc" for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def read_page(
    raw_dir: Path | str, source_path: str, *, max_bytes: int = DEFAULT_MAX_PAGE_BYTES
) -> Page:
    """Read, decode and normalise one page; IngestError (with ``reason``) when it cannot be."""
    root = Path(raw_dir)
    real = _resolve_inside(root, source_path)
    if not os.path.lexists(root / source_path):
        raise IngestError(f"{source_path}: no such file", reason="not-found")
    if real.is_dir():
        raise IngestError(f"{source_path} is a directory, not a page", reason="unsupported-type")
    suffix = PurePosixPath(source_path).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(
            f"{source_path}: {suffix or 'no extension'} pages are not supported yet "
            f"(plain text .txt only; HTML comes later)",
            reason="unsupported-type",
        )
    data = _read_bounded(real, source_path, max_bytes)
    if not data:
        raise IngestError(f"{source_path} is empty", reason="empty")
    text, encoding = decode_bytes(data)
    text = normalise_text(text)
    if not text.strip():
        raise IngestError(f"{source_path} holds only whitespace", reason="empty")
    url = _sidecar_url(root / source_path, Path(os.path.realpath(root)))
    posix = PurePosixPath(source_path).as_posix()
    return Page(
        document_id=document_id_for(posix, url),
        source_path=posix,
        text=text,
        content_sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        byte_size=len(data),
        source_url=url,
    )
