"""Plain text and Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from erbm import messages
from erbm.ingest.loaders.base import LoadError, RawDocument

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def decode(data: bytes) -> str:
    """UTF-8 first; older French files are often Windows-1252/latin-1."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoadError(messages.UNREADABLE.format(detail="encodage inconnu"))  # pragma: no cover - latin-1 decodes all


class TextLoader:
    suffixes = (".txt", ".md", ".markdown")

    def load(self, path: Path) -> RawDocument:
        text = decode(path.read_bytes())
        if b"\x00" in text.encode("utf-8", "ignore")[:4096]:
            raise LoadError(messages.UNREADABLE.format(detail="contenu binaire"))
        title = None
        headings: set[str] = set()
        if path.suffix.lower() in (".md", ".markdown"):
            text, title, headings = _strip_markdown(text)
        # A form feed is the only page break plain text has.
        pages = text.split("\f")
        if not any(p.strip() for p in pages):
            raise LoadError(messages.EMPTY_FILE)
        return RawDocument(path=path, pages=pages, title=title, headings=headings)


def _strip_markdown(text: str) -> tuple[str, str | None, set[str]]:
    title = None
    lines = []
    headings: set[str] = set()
    for line in text.splitlines():
        heading = _MD_HEADING.match(line)
        if heading:
            line = _MD_EMPHASIS.sub("", heading.group(2))
            headings.add(" ".join(line.split()))
            if title is None and len(heading.group(1)) == 1:
                title = line
        line = _MD_LINK.sub(r"\1 (\2)", line)
        line = _MD_EMPHASIS.sub("", line)
        lines.append(line)
    return "\n".join(lines), title, headings
