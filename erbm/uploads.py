"""Documents added from the web app: checked by content, named safely, written atomically."""

from __future__ import annotations

import hmac
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from erbm import messages
from erbm.ingest.files import file_hash

# Suffixes each detected kind may carry; the first is used when the name has none.
_SUFFIXES = {"pdf": (".pdf",), "html": (".html", ".htm"), "text": (".txt", ".md", ".markdown")}
# Office files, archives, images and executables: refused before anything else is tried.
_BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"MZ", b"\x1f\x8b")
_UNSAFE = re.compile(r"[^\w\s.,()'\-]")
_MAX_NAME = 120


class UploadRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def password_ok(given: str | None, expected: str) -> bool:
    # Constant time: the comparison must not tell how much of a guess was right.
    return hmac.compare_digest((given or "").encode(), expected.encode())


def detect_kind(head: bytes) -> str | None:
    """'pdf', 'html' or 'text' from the first bytes, or None for anything else."""
    if head.startswith(_BINARY_MAGIC):
        return None
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if b"\x00" in head:
        return None
    start = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:512]:
        return "html"
    return "text"


def safe_name(original: str, kind: str) -> str:
    """A plain file name: no directory part, no leading dot, no control or shell characters."""
    name = re.split(r"[\\/]", original)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name)
    name = " ".join(name.split()).lstrip(". -")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if f".{suffix.lower()}" not in _SUFFIXES[kind]:
        if suffix and any(f".{suffix.lower()}" in s for s in _SUFFIXES.values()):
            raise UploadRefused(messages.UPLOAD_MISMATCH.format(name=original[:80]))
        stem = name
        suffix = _SUFFIXES[kind][0].lstrip(".")
    stem = stem[: _MAX_NAME].rstrip(". ") or "document"
    return f"{stem}.{suffix.lower()}"


def store_upload(source: Path, original_name: str, folder: Path, *, max_bytes: int) -> Path:
    """Copy an uploaded file into `folder` under a safe name; never half a file, never over another."""
    size = source.stat().st_size
    if size == 0:
        raise UploadRefused(messages.EMPTY_FILE)
    if size > max_bytes:
        raise UploadRefused(messages.TOO_BIG.format(size=size, limit=max_bytes))
    with source.open("rb") as fh:
        head = fh.read(4096)
    kind = detect_kind(head)
    if kind is None:
        raise UploadRefused(messages.UNSUPPORTED.format(suffix=Path(original_name).suffix or "sans extension"))
    name = safe_name(original_name, kind)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    digest = file_hash(source)
    n = 2
    while target.exists():
        if file_hash(target) == digest:
            return target  # the same file again: nothing to write
        stem, suffix = name.rsplit(".", 1)
        target = folder / f"{stem} ({n}).{suffix}"
        n += 1
    # A hidden temporary name (ingest skips dot files), then one rename: a reader or an
    # ingest sees the whole file or nothing.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
