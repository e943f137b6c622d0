"""HTML, text only: scripts, styles and attributes never reach the index."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from erbm import messages
from erbm.ingest.loaders.base import LoadError, RawDocument
from erbm.ingest.loaders.text import decode

_SKIP = {"script", "style", "noscript", "template", "svg", "head"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "table", "ul", "ol", "blockquote", "title"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP:
            self._skip_depth += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP and self._skip_depth:
            self._skip_depth -= 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self._skip_depth:
            self.parts.append(data)


class HtmlLoader:
    suffixes = (".html", ".htm")

    def load(self, path: Path) -> RawDocument:
        parser = _TextExtractor()
        parser.feed(decode(path.read_bytes()))
        parser.close()
        text = "".join(parser.parts)
        if not text.strip():
            raise LoadError(messages.EMPTY_FILE)
        return RawDocument(path=path, pages=[text], title=parser.title or None)
