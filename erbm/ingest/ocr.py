"""Pages without a text layer, read by Tesseract (municipal archives are full of scans).

A page is rendered with pypdfium2 and read by the `tesseract` program through pytesseract,
bounded in seconds. Word boxes are kept as fractions of the page, the way the preview
needs them whatever size it renders at.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytesseract

from erbm.pdfium_guard import render_page
from erbm.settings import Settings

log = logging.getLogger(__name__)

# Tesseract's confidence for a word it is unsure is a word at all (-1: a layout entry).
_MIN_CONFIDENCE = 0


class OcrTimeout(Exception):
    pass


@dataclass(frozen=True)
class OcrWord:
    text: str
    # Fractions of the page's width and height, from its top-left corner.
    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class OcrPage:
    text: str
    words: list[OcrWord] = field(default_factory=list)


class TesseractOcr:
    def __init__(self, language: str = "fra", dpi: int = 300, seconds_per_page: float = 60.0) -> None:
        self.language = language
        self.dpi = dpi
        self.seconds_per_page = seconds_per_page
        self._available: bool | None = None

    @classmethod
    def configured(cls, settings: Settings) -> TesseractOcr | None:
        """The engine the settings ask for; None when OCR is turned off."""
        if not settings.ocr:
            return None
        return cls(language=settings.ocr_language, dpi=settings.ocr_dpi, seconds_per_page=settings.ocr_seconds_per_page)

    def available(self) -> bool:
        """The program is installed with the language's data (Debian: tesseract-ocr-fra).
        Asked once per engine: the answer runs a program."""
        if self._available is None:
            self._available = self._probe()
        return self._available

    def _probe(self) -> bool:
        if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
            return False
        try:
            return self.language in pytesseract.get_languages()
        except (pytesseract.TesseractError, OSError):
            return False

    def read(self, pdf: Path, page_index: int) -> OcrPage:
        image = render_page(pdf, page_index, dpi=self.dpi)
        try:
            data = pytesseract.image_to_data(
                image, lang=self.language, output_type=pytesseract.Output.DICT, timeout=self.seconds_per_page
            )
        except RuntimeError as exc:  # pytesseract's way of saying the timeout fired
            raise OcrTimeout(str(exc)) from exc
        return _page(data, image.width, image.height)


def _page(data: dict[str, list], width: int, height: int) -> OcrPage:
    """Tesseract's words, grouped back into its lines and paragraphs."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    words: list[OcrWord] = []
    for i, text in enumerate(data["text"]):
        text = text.strip()
        if not text or float(data["conf"][i]) < _MIN_CONFIDENCE:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(text)
        words.append(
            OcrWord(
                text=text,
                left=data["left"][i] / width,
                top=data["top"][i] / height,
                width=data["width"][i] / width,
                height=data["height"][i] / height,
            )
        )
    out: list[str] = []
    previous: tuple[int, int] | None = None
    for (block, par, _), line in lines.items():
        if previous is not None and previous != (block, par):
            out.append("")  # a paragraph break, as a text layer would give it
        out.append(" ".join(line))
        previous = (block, par)
    return OcrPage(text="\n".join(out), words=words)


def save_words(folder: Path, doc_id: str, pages: dict[int, list[OcrWord]]) -> None:
    """The word boxes of a document's OCR pages, kept for the preview's highlight."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {str(n): [[w.text, w.left, w.top, w.width, w.height] for w in words] for n, words in pages.items()}
    tmp = folder / f"{doc_id}.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(folder / f"{doc_id}.json")


def load_words(folder: Path, doc_id: str) -> dict[int, list[OcrWord]]:
    path = folder / f"{doc_id}.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {int(n): [OcrWord(t, left, top, width, height) for t, left, top, width, height in words] for n, words in data.items()}


def sweep_words(folder: Path, live: set[str]) -> None:
    """Word boxes of documents the index no longer holds go with them."""
    if folder.is_dir():
        for path in folder.glob("*.json"):
            if path.stem not in live:
                path.unlink(missing_ok=True)
