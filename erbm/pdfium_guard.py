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

# Reentrant: a helper that holds it may call another that takes it.
PDFIUM = threading.RLock()
