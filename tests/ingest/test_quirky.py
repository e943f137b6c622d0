"""36 odd or broken PDFs from pdf.js's test suite (../shared/quirky, manifest.tsv says what each
is): ingest completes, and each file is indexed or refused with the reason its manifest line
implies (issue 13). The table is read from the manifest's descriptions, not from our output."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from erbm.ingest.chunker import DocumentInfo
from erbm.ingest.loaders import LoadError
from erbm.ingest.pipeline import Ingestor
from erbm.models import Chunk
from erbm.settings import Settings
from tests.conftest import SHARED

QUIRKY = SHARED / "quirky"
INDEXED = "indexed"
CORRUPT, ENCRYPTED, EMPTY, FEW_WORDS, UNMAPPED = "corrompu", "chiffré", "pages vides", "trop peu de texte", "correspondance Unicode"

EXPECTED = {
    # Text that opens and reads, odd as the file is.
    "pdfjs__french_diacritics.pdf": INDEXED,
    "pdfjs__ArabicCIDTrueType.pdf": INDEXED,
    "pdfjs__90ms_rksj_h_sample.pdf": INDEXED,
    "pdfjs__bigboundingbox.pdf": INDEXED,
    "pdfjs__structure_simple.pdf": INDEXED,
    "pdfjs__issue4684.pdf": INDEXED,  # invisible text, there for selection: it is the text
    "pdfjs__text_rise_eol_bug.pdf": INDEXED,
    "pdfjs__xfa_filled_imm1344e.pdf": INDEXED,
    "pdfjs__bad-PageLabels.pdf": INDEXED,
    "pdfjs__Brotli-Prototype-FileA.pdf": INDEXED,
    # "Severely corrupt", "startxref not found", fuzzed trees and streams.
    "pdfjs__bug1020226.pdf": CORRUPT,
    "pdfjs__poppler-85140-0.pdf": CORRUPT,
    "pdfjs__PDFBOX-3148-2-fuzzed.pdf": CORRUPT,
    "pdfjs__poppler-742-0-fuzzed.pdf": CORRUPT,
    "pdfjs__poppler-90-0-fuzzed.pdf": CORRUPT,
    "pdfjs__poppler-937-0-fuzzed.pdf": CORRUPT,
    # A user password is needed (the manifest gives it; our users would not have it).
    "pdfjs__issue3371.pdf": ENCRYPTED,
    "pdfjs__issue6010_1.pdf": ENCRYPTED,
    "pdfjs__issue6010_2.pdf": ENCRYPTED,
    "pdfjs__saslprep-r6.pdf": ENCRYPTED,
    # Encrypted with an empty user password: opened; then judged on what it holds.
    "pdfjs__issue7665.pdf": FEW_WORDS,  # "Issue 7665"
    "pdfjs__empty_protected.pdf": EMPTY,  # "protected empty page"
    # Pages with nothing to read.
    "pdfjs__GHOSTSCRIPT-698804-1-fuzzed.pdf": EMPTY,
    "pdfjs__annotation-tx.pdf": EMPTY,  # a form widget without appearance stream
    # One- or two-word test pages ("Hello, world!", "pdf.js test", a form's "1", "2").
    "pdfjs__helloworld-bad.pdf": FEW_WORDS,
    "pdfjs__issue1293r.pdf": FEW_WORDS,
    "pdfjs__pdfjsbad1586.pdf": FEW_WORDS,
    "pdfjs__xref_command_missing.pdf": FEW_WORDS,
    "pdfjs__IdentityToUnicodeMap_charCodeOf.pdf": FEW_WORDS,
    "pdfjs__bug866395.pdf": FEW_WORDS,
    "pdfjs__issue5421.pdf": FEW_WORDS,
    "pdfjs__form_two_pages.pdf": FEW_WORDS,
    "pdfjs__scan-bad.pdf": FEW_WORDS,  # a bad scan: OCR reads a word or two
    # Fonts whose codes map to no Unicode text: what comes out is not language.
    "pdfjs__TrueType_without_cmap.pdf": UNMAPPED,
    "pdfjs__vertical.pdf": UNMAPPED,
    "pdfjs__XiaoBiaoSong.pdf": UNMAPPED,  # GBK codes read as Latin-1
}


def manifest() -> list[str]:
    with (QUIRKY / "manifest.tsv").open(encoding="utf-8") as fh:
        return [row["file"] for row in csv.DictReader(fh, delimiter="\t")]


def test_the_table_covers_the_manifest() -> None:
    assert sorted(manifest()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_is_indexed_or_refused_for_its_reason(name: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    # Loading and chunking only: judging a file needs no index.
    ingestor = Ingestor(settings, None, progress=False)  # type: ignore[arg-type]
    info = DocumentInfo(doc_id="q", version="q", title=None, file_name=name, source_path=str(QUIRKY / name), url=None)
    started = time.monotonic()
    try:
        chunks, _, _ = ingestor.chunk_file(QUIRKY / name, info)
        outcome = INDEXED
    except LoadError as exc:
        chunks, outcome = [], exc.reason
    assert time.monotonic() - started < settings.max_seconds_per_file
    if EXPECTED[name] == INDEXED:
        assert outcome == INDEXED and all(isinstance(c, Chunk) for c in chunks) and chunks
    else:
        assert EXPECTED[name] in outcome, outcome
