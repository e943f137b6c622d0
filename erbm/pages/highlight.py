"""Where a quote is on its PDF page(s), as boxes.

The quote is the cleaned text of the index (hyphenation repaired, headers removed), the
page is what the PDF draws: they are matched word by word, case folded, a word cut by a
line-end hyphen joined back. The longest run of the quote's words found on each cited page
is highlighted, so a quote across a page break is marked on both pages.

Pages with a text layer are read with pdfium (which gives each character's rectangle);
scanned pages with the word boxes their OCR gave at ingest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from erbm.ingest.ocr import OcrWord
from erbm.models import Box, PageHighlight
from erbm.pdfium_guard import PDFIUM

_WORD = re.compile(r"[^\W_]+")
_HYPHEN_BREAK = re.compile(r"[-\u00ad\u2010]\s*[\r\n]+\s*$")
# A run shorter than this is a coincidence (« de la »), unless the quote itself is that short.
_MIN_RUN = 4
# The same, in letters, where words are matched letter by letter.
_MIN_RUN_LETTERS = 20


@dataclass(frozen=True)
class _Word:
    key: str
    start: int  # character span on the page
    end: int


def page_words(text: str) -> list[_Word]:
    words: list[_Word] = []
    for m in _WORD.finditer(text):
        if words and _HYPHEN_BREAK.match(text[words[-1].end : m.start()]):
            last = words.pop()
            words.append(_Word(key=last.key + m.group().casefold(), start=last.start, end=m.end()))
        else:
            words.append(_Word(key=m.group().casefold(), start=m.start(), end=m.end()))
    return words


def quote_keys(quote: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(quote)]


def longest_run(quote: Sequence[str], page: Sequence[str]) -> tuple[int, int]:
    """(start on the page, length) of the longest run of consecutive quote words found there."""
    best_len, best_end = 0, 0
    previous = [0] * (len(quote) + 1)
    for i, word in enumerate(page, start=1):
        current = [0] * (len(quote) + 1)
        for j, q in enumerate(quote, start=1):
            if word == q:
                current[j] = previous[j - 1] + 1
                if current[j] > best_len:
                    best_len, best_end = current[j], i
        previous = current
    return best_end - best_len, best_len


def _merge(boxes: list[Box]) -> list[Box]:
    """Consecutive boxes of one line become one rectangle."""
    merged: list[Box] = []
    for b in boxes:
        last = merged[-1] if merged else None
        if last and abs(last.top - b.top) < 0.5 * max(last.height, b.height) and b.left >= last.left:
            right = max(last.left + last.width, b.left + b.width)
            top = min(last.top, b.top)
            bottom = max(last.top + last.height, b.top + b.height)
            merged[-1] = Box(left=last.left, top=top, width=right - last.left, height=bottom - top)
        else:
            merged.append(b)
    return merged


def _span(text: str, quote: list[str]) -> tuple[int, int, int]:
    """(first character, end, quote words matched) of the quote's longest run on the page.
    Words first; where the text layer cuts words in pieces (letter-spaced type, which the
    index reads repaired: erbm/ingest/spacing.py), letters, spaces ignored."""
    words = page_words(text)
    start, length = longest_run(quote, [w.key for w in words])
    if length >= min(_MIN_RUN, len(quote)):
        return words[start].start, words[start + length - 1].end, length
    letters = [(ch, i) for i, ch in enumerate(text.casefold()) if ch.isalnum()]
    wanted = "".join(quote)
    start, length = longest_run(list(wanted), [ch for ch, _ in letters])
    if length < min(_MIN_RUN_LETTERS, len(wanted)):
        return 0, 0, 0
    return letters[start][1], letters[start + length - 1][1] + 1, round(len(quote) * length / len(wanted))


def _text_layer_boxes(page: pdfium.PdfPage, quote: list[str]) -> tuple[int, list[Box]]:
    textpage = page.get_textpage()
    try:
        first, end, length = _span(textpage.get_text_range(), quote)
        if not length:
            return 0, []
        width, height = page.get_size()
        boxes = []
        for i in range(textpage.count_rects(first, end - first)):
            left, bottom, right, top = textpage.get_rect(i)
            boxes.append(Box(left=left / width, top=1 - top / height, width=(right - left) / width, height=(top - bottom) / height))
        return length, _merge(boxes)
    finally:
        textpage.close()


def _ocr_boxes(words: list[OcrWord], quote: list[str]) -> tuple[int, list[Box]]:
    keys: list[str] = []
    owners: list[OcrWord] = []
    for w in words:
        for key in quote_keys(w.text):
            keys.append(key)
            owners.append(w)
    start, length = longest_run(quote, keys)
    chosen = list(dict.fromkeys(owners[start : start + length]))
    return length, _merge([Box(left=w.left, top=w.top, width=w.width, height=w.height) for w in chosen])


def locate(pdf: Path, pages: range, quote: str, ocr_words: dict[int, list[OcrWord]] | None = None) -> list[PageHighlight]:
    """The quote's boxes on each of `pages` (1-based) that holds enough of it."""
    keys = quote_keys(quote)
    if not keys:
        return []
    found: list[tuple[int, int, list[Box]]] = []
    with PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            for number in pages:
                if not 1 <= number <= len(document):
                    continue
                if ocr_words and number in ocr_words:
                    length, boxes = _ocr_boxes(ocr_words[number], keys)
                else:
                    length, boxes = _text_layer_boxes(document[number - 1], keys)
                if boxes and length >= min(_MIN_RUN, len(keys)):
                    found.append((number, length, boxes))
        finally:
            document.close()
    whole = [f for f in found if f[1] == len(keys)]
    return [PageHighlight(page=n, boxes=b) for n, _, b in (whole[:1] or found)]
