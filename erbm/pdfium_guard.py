"""One PDFium call at a time in this process.

PDFium is not thread-safe, not even across different documents: pypdfium2's documentation
says concurrent calls "would crash or corrupt the process". The chat answers on several
threads and every answer locates its quote with pdfium, so unguarded calls did both:
valid PDFs refused as « Data format error » (eight threads locating quotes, 03/12), and the
app killed by signal 5, PDFium's crash trap (CI, 20 concurrent clients, and two beside an
ingest). Every pdfium document is opened, read and closed under this lock; what is done with
the result (OCR, PNG encoding) happens outside it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

if TYPE_CHECKING:
    from PIL.Image import Image

# Reentrant: a helper that holds it may call another that takes it.
PDFIUM = threading.RLock()


def render_page(pdf: Path | str, index: int, *, dpi: float | None = None, width: int | None = None) -> Image:
    """Page `index` (0-based) as an image, at `dpi` or `width` pixels wide, rendered under
    the lock. Raises pdfium.PdfiumError for a file pdfium cannot read."""
    with PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[index]
            scale = width / page.get_width() if width is not None else (dpi or 72) / 72
            return page.render(scale=scale).to_pil()
        finally:
            document.close()
