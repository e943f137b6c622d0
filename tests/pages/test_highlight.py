"""The quote located on its PDF page(s) (issue 13): real PDFs, pdfium's own character boxes."""

from __future__ import annotations

import threading
from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF

from erbm.ingest.ocr import OcrWord
from erbm.pages.highlight import locate, longest_run, page_words
from tests.conftest import REAL_CORPUS, REFERENTIEL_PDF


def two_page_pdf(path: Path) -> Path:
    """A sentence that starts at the foot of page 1 and ends at the top of page 2."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.set_xy(10, 20)
    pdf.multi_cell(0, 6, "Introduction de la note sur le chantier de la cite.")
    pdf.set_xy(10, 280)
    pdf.multi_cell(0, 6, "Le bailleur organise une visite du logement temoin")
    pdf.add_page()
    pdf.set_xy(10, 15)
    pdf.multi_cell(0, 6, "avec les locataires avant le debut des travaux de renovation.")
    pdf.output(str(path))
    return path


def test_page_words_join_a_word_cut_by_a_line_end_hyphen() -> None:
    words = page_words("la réhabi-\r\nlitation des cités")
    assert [w.key for w in words] == ["la", "réhabilitation", "des", "cités"]
    assert words[1].start == 3 and words[1].end == len("la réhabi-\r\nlitation")


def test_longest_run_finds_the_quote_words_in_order() -> None:
    assert longest_run(["a", "b", "c"], ["x", "a", "b", "c", "y"]) == (1, 3)
    assert longest_run(["a", "b", "c"], ["c", "b", "a"])[1] == 1  # out of order: single words
    assert longest_run(["a", "b"], ["x", "y"]) == (0, 0)


def test_a_quote_is_boxed_where_pdfium_draws_it() -> None:
    quote = "Cet axe rassemble les recommandations qui suivent."
    (found,) = locate(REFERENTIEL_PDF, range(1, 4), quote)
    assert found.page == 2
    document = pdfium.PdfDocument(REFERENTIEL_PDF)
    page = document[1]
    textpage = page.get_textpage()
    index, _ = textpage.search("Cet axe rassemble").get_next()
    left, _, _, top = textpage.get_charbox(index)
    width, height = page.get_size()
    first = found.boxes[0]
    assert abs(first.left - left / width) < 0.005
    assert abs(first.top - (1 - top / height)) < 0.01
    document.close()


def test_a_quote_across_a_page_break_is_boxed_on_both_pages(tmp_path: Path) -> None:
    pdf = two_page_pdf(tmp_path / "deux-pages.pdf")
    quote = "Le bailleur organise une visite du logement temoin avec les locataires avant le debut des travaux de renovation."
    found = locate(pdf, range(1, 3), quote)
    assert [h.page for h in found] == [1, 2]
    assert found[0].boxes[0].top > 0.9  # the foot of page 1
    assert found[1].boxes[0].top < 0.1  # the top of page 2


def test_a_quote_found_whole_on_one_page_is_not_also_marked_on_the_next(tmp_path: Path) -> None:
    pdf = two_page_pdf(tmp_path / "deux-pages.pdf")
    found = locate(pdf, range(1, 3), "Introduction de la note sur le chantier de la cite.")
    assert [h.page for h in found] == [1]


def test_a_scanned_page_is_boxed_with_its_ocr_words(tmp_path: Path) -> None:
    pdf = two_page_pdf(tmp_path / "scan.pdf")
    words = [OcrWord("Objet", 0.1, 0.2, 0.1, 0.02), OcrWord(":", 0.21, 0.2, 0.01, 0.02),
             OcrWord("rénovation", 0.1, 0.3, 0.2, 0.02), OcrWord("des", 0.31, 0.3, 0.05, 0.02),
             OcrWord("Acacias", 0.37, 0.3, 0.15, 0.02)]
    (found,) = locate(pdf, range(1, 2), "rénovation des Acacias", {1: words})
    (box,) = found.boxes  # one line: one rectangle
    assert (round(box.left, 3), round(box.top, 3), round(box.width, 3)) == (0.1, 0.3, 0.42)


def test_a_quote_repaired_from_letter_spaced_type_is_boxed_letter_by_letter() -> None:
    # pdfium reads this page of the real guide « Ai n si, to u s l es pro f e ss io nn e ls »;
    # the index holds the repaired words (erbm/ingest/spacing.py).
    guide = REAL_CORPUS / "fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf"
    quote = "Ainsi, tous les professionnels en relation avec des consommateurs (y compris les services publics"
    found = locate(guide, range(12, 13), quote)
    assert [h.page for h in found] == [12]
    assert found[0].boxes and all(0 < b.width <= 1 for b in found[0].boxes)
    assert not locate(guide, range(12, 13), "Une phrase que ce guide ne contient nulle part sur aucune page")


def test_quotes_located_on_many_threads_at_once_are_found_as_on_one() -> None:
    """The chat locates each answer's quote on its own thread; unguarded, concurrent pdfium
    calls refused valid PDFs (« Data format error ») or killed the app (erbm/pdfium_guard.py)."""
    pdfs = [REFERENTIEL_PDF, *sorted(REAL_CORPUS.glob("*.pdf"))[:3]]
    quote = "Les marchés de travaux comportent une clause sociale réservant au moins cinq pour cent"
    expected = {pdf: locate(pdf, range(1, 8), quote) for pdf in pdfs}
    assert expected[REFERENTIEL_PDF]  # the quote is found where it is
    failures: list[BaseException] = []
    wrong: list[Path] = []

    def work(offset: int) -> None:
        for j in range(24):
            pdf = pdfs[(offset + j) % len(pdfs)]
            try:
                if locate(pdf, range(1, 8), quote) != expected[pdf]:
                    wrong.append(pdf)
            except Exception as exc:  # noqa: BLE001 - counted, then asserted below
                failures.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures and not wrong, (failures[:3], wrong[:3])
