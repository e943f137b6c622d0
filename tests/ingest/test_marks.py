"""Headings the document lists (bookmarks, contents) and sets in heading type: what is
printed where the list says is a heading and is cited; what a list names without printing
(imposition leftovers) is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from erbm.assistant.citations import CitationFormatter
from erbm.ingest.chunker import DocumentInfo, make_chunks
from erbm.ingest.cleanup import clean_pages
from erbm.ingest.loaders import load_document
from erbm.ingest.loaders.outline import OutlineEntry, read_outline
from erbm.ingest.patterns import Patterns
from erbm.ingest.structure import StructureParser
from erbm.models import Chunk
from erbm.prompts import PromptSet
from erbm.settings import Settings
from tests.conftest import REAL_CORPUS

BODY = (
    "Les services de la commune rencontrent les habitants avant toute décision et consignent "
    "leurs remarques dans un registre tenu en mairie pendant toute la durée du projet. "
)


@pytest.fixture(scope="module")
def patterns() -> Patterns:
    return Patterns.load(Settings().patterns_file)


def bookmarked_pdf(path: Path, sections: list[tuple[int | None, str, str]]) -> Path:
    """One page per section: (outline level, or None for no bookmark; heading as printed; body)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for level, heading, body in sections:
        pdf.add_page()
        if level is not None:
            pdf.start_section(heading, level=level)
        pdf.multi_cell(0, 6, heading)
        pdf.ln(2)
        pdf.multi_cell(0, 6, body)
    pdf.output(str(path))
    return path


def chunks_of(path: Path, patterns: Patterns) -> list[Chunk]:
    raw = load_document(path, max_bytes=10**8, max_pages=100)
    segments = StructureParser(patterns).segments(clean_pages(raw, patterns))
    return make_chunks(DocumentInfo("d", "v", "Guide", path.name, str(path)), segments, 700, 1)


def references(chunks: list[Chunk]) -> list[str]:
    formatter = CitationFormatter(PromptSet.load(Settings().prompts_dir / "citation.toml"))
    return [formatter.reference(c) for c in chunks]


def test_the_outline_is_read_with_levels_and_pages(tmp_path: Path) -> None:
    path = bookmarked_pdf(
        tmp_path / "g.pdf",
        [(0, "Préambule", BODY), (0, "Associer les habitants", BODY), (1, "Le registre de concertation", BODY)],
    )
    assert read_outline(PdfReader(path)) == [
        OutlineEntry(0, "Préambule", 1),
        OutlineEntry(0, "Associer les habitants", 2),
        OutlineEntry(1, "Le registre de concertation", 3),
    ]


def test_a_document_without_numbering_is_cited_by_its_bookmarked_headings(tmp_path: Path, patterns: Patterns) -> None:
    path = bookmarked_pdf(
        tmp_path / "guide.pdf",
        [
            (0, "Préambule", BODY),
            (0, "Associer les habitants", BODY),
            (1, "Le registre de concertation", BODY * 2),
            (0, "Suivre le chantier", BODY),
        ],
    )
    refs = references(chunks_of(path, patterns))
    assert "Guide — « Préambule » — p. 1" in refs
    assert "Guide — « Associer les habitants › Le registre de concertation » — p. 3" in refs
    # A level-0 bookmark closes the level-1 one before it.
    assert "Guide — « Suivre le chantier » — p. 4" in refs


def test_bookmarks_not_printed_on_their_page_are_not_headings(tmp_path: Path, patterns: Patterns) -> None:
    path = bookmarked_pdf(tmp_path / "imposition.pdf", [(None, "Associer les habitants", BODY), (None, "Suivre", BODY)])
    writer = PdfWriter(clone_from=path)
    # What imposition tools leave: the files they assembled, a blank page.
    writer.add_outline_item("1ere couverture-sans", 0)
    writer.add_outline_item("Page vierge", 1)
    writer.write(path)
    chunks = chunks_of(path, patterns)
    assert all(not c.section_marked for c in chunks)
    assert all("couverture" not in r and "vierge" not in r for r in references(chunks))


def test_a_bookmarked_number_is_a_heading_even_in_a_form_the_text_rules_refuse(tmp_path: Path, patterns: Patterns) -> None:
    # "2 Suivre" (a bare number without separator) reads like a list or a sentence to the
    # text rules; the outline says it is the document's second part.
    sections = [(0, "1 Associer les habitants", BODY), (0, "2 Suivre le chantier", BODY)]
    unmarked = chunks_of(bookmarked_pdf(tmp_path / "a.pdf", [(None, h, b) for _, h, b in sections]), patterns)
    assert all(not c.heading_path for c in unmarked)
    marked = chunks_of(bookmarked_pdf(tmp_path / "b.pdf", sections), patterns)
    paths = {(c.page_start, tuple((h.number, h.title) for h in c.heading_path)) for c in marked}
    assert paths == {(1, (("1", "Associer les habitants"),)), (2, (("2", "Suivre le chantier"),))}
    assert {c.axis for c in marked} == {1, 2}


def test_a_title_the_outline_cuts_short_still_matches(tmp_path: Path, patterns: Patterns) -> None:
    path = bookmarked_pdf(tmp_path / "c.pdf", [(None, "Fiche obligation d'information des entreprises du secteur", BODY)])
    writer = PdfWriter(clone_from=path)
    writer.add_outline_item("Fiche obligation d'information des entre...", 0)
    writer.write(path)
    refs = references(chunks_of(path, patterns))
    assert refs == ["Guide — « Fiche obligation d'information des entreprises du secteur » — p. 1"]


def test_the_real_guide_is_structured_by_its_contents_not_its_imposition_bookmarks(patterns: Patterns) -> None:
    # Its bookmarks name the files of an imposition; its contents page lists « I. … P3 »,
    # « II. La médiation … P10 », while its body numbers that part « 2. La médiation ».
    path = REAL_CORPUS / "fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf"
    outline = read_outline(PdfReader(path))
    assert any(e.title == "Page vierge" for e in outline)
    chunks = chunks_of(path, patterns)
    assert not any("vierge" in r or "couverture" in r or "SOLLEN" in r or " P3" in r for r in references(chunks))
    first_page: dict[tuple[str, ...], int] = {}
    for c in chunks:
        first_page.setdefault(tuple(h.number for h in c.heading_path), c.page_start)
    assert first_page[("I", "1")] == 5
    assert first_page[("II", "1")] == 12
    assert first_page[("II", "4")] == 17
    assert first_page[("III",)] == 20
    assert ("I",) not in first_page or first_page[("I",)] >= 5  # not its contents page (4)


def typeset_pdf(path: Path, lines: list[tuple[str, int, str]]) -> Path:
    """Lines as (text, size, style: "" or "B")."""
    pdf = FPDF()
    pdf.add_page()
    for text, size, style in lines:
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(("size", "style"), [(15, ""), (11, "B")])
def test_a_bare_number_set_in_heading_type_is_a_heading(tmp_path: Path, patterns: Patterns, size: int, style: str) -> None:
    body = [(BODY, 11, ""), (BODY, 11, "")]
    lines = [("1 Associer les habitants", size, style), *body, ("2 Suivre le chantier", size, style), *body]
    chunks = chunks_of(typeset_pdf(tmp_path / "t.pdf", lines), patterns)
    assert [tuple((h.number, h.title) for h in c.heading_path) for c in chunks] == [
        (("1", "Associer les habitants"),),
        (("2", "Suivre le chantier"),),
    ]


def test_the_same_lines_in_body_type_or_a_bold_sentence_are_not_headings(tmp_path: Path, patterns: Patterns) -> None:
    lines = [
        ("1 Associer les habitants", 11, ""), (BODY, 11, ""),
        ("2 Suivre le chantier", 11, ""), (BODY, 11, ""),
        ("3 réunions publiques ont eu lieu en mairie", 11, "B"), (BODY, 11, ""),
    ]
    chunks = chunks_of(typeset_pdf(tmp_path / "t.pdf", lines), patterns)
    assert all(not c.heading_path for c in chunks)
