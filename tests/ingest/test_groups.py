"""Unnumbered titles set large that open a group of numbered items (erbm/ingest/groups.py):
the axis title the numbers do not print. Constructed lines and PDFs (invented text)."""

from pathlib import Path

import pytest
from fpdf import FPDF

from erbm.ingest.cleanup import Line
from erbm.ingest.patterns import Patterns
from erbm.ingest.structure import StructureParser
from erbm.settings import Settings
from tests.ingest.test_headings import BODY
from tests.ingest.test_marks import chunks_of, references


@pytest.fixture(scope="module")
def patterns() -> Patterns:
    return Patterns.load(Settings().patterns_file)


def _sized(*typed: tuple[str, float]) -> list[Line]:
    return [Line(page=1, text=t, size=size) for t, size in typed]


def test_an_unnumbered_title_set_larger_opens_its_group_and_titles_its_items(patterns: Patterns) -> None:
    # « ESPACES PUBLICS », large and unnumbered, above « 2.1 »: the axis title the numbers do not print.
    lines = _sized(
        ("HABITER", 16.0), ("Cet axe regroupe deux recommandations.", 11.0), ("1.1 Isoler les combles", 11.0), (BODY, 11.0),
        ("1.2 Changer les fenêtres", 11.0), (BODY, 11.0), ("ESPACES PUBLICS", 16.0), ("2.1 Planter les cœurs d'îlot", 11.0), (BODY, 11.0),
        ("2.2 Apaiser la circulation", 11.0), (BODY, 11.0),
    )
    segments = StructureParser(patterns).segments(lines)
    assert [(s.position.recommendation, s.position.axis, s.position.axis_title) for s in segments] == [
        ("1.1", 1, "HABITER"), ("1.2", 1, "HABITER"), ("2.1", 2, "ESPACES PUBLICS"), ("2.2", 2, "ESPACES PUBLICS")
    ]
    # The group's title opens its first item's passage, not the end of the item above.
    assert segments[2].lines[0].text == "ESPACES PUBLICS"
    assert all(line.text != "ESPACES PUBLICS" for line in segments[1].lines)


def test_a_heading_in_capitals_in_the_text_s_type_is_no_group_title(patterns: Patterns) -> None:
    lines = _sized(
        ("1.1 Isoler les combles", 11.0), (BODY, 11.0), ("MODALITÉS", 11.0), (BODY, 11.0), ("2.1 Planter les cœurs d'îlot", 11.0), (BODY, 11.0),
    )
    segments = StructureParser(patterns).segments(lines)
    assert [(s.position.recommendation, s.position.axis_title) for s in segments] == [("1.1", None), ("2.1", None)]
    assert "MODALITÉS" in [line.text for line in segments[0].lines]


def test_a_group_title_is_cited_before_the_item(tmp_path: Path, patterns: Patterns) -> None:
    axes = [
        ("HABITER", [("1.1 Isoler les combles", "Les combles sont isoles avec un materiau biosource lorsque la charpente le permet."),
                     ("1.2 Changer les fenetres", "Les menuiseries neuves reprennent le dessin des anciennes pour garder la facade.")]),
        ("SE DEPLACER", [("2.1 Relier les cites", "Une piste cyclable continue relie chaque cite au centre de sa commune et a sa gare.")]),
    ]
    pdf = FPDF()
    for axis, items in axes:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", size=18)
        pdf.multi_cell(0, 9, axis, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for item, body in items:
            pdf.multi_cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
            pdf.multi_cell(0, 6, f"{body} {body}", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "guide.pdf"
    pdf.output(str(path))
    chunks = chunks_of(path, patterns)
    assert references(chunks)[-1] == "Guide — « Se deplacer » — 2.1 « Relier les cites » — p. 2"
    # The first passage of the group prints its title: the header does not repeat it; the next one names it.
    assert chunks[-1].context_header().count("SE DEPLACER") == 0
    assert "HABITER" in chunks[1].context_header()


def test_items_numbered_across_the_document_take_their_group_s_rank_and_title(patterns: Patterns) -> None:
    lines = _sized(
        ("HABITER", 16.0), ("Préconisation 1 : Isoler les combles", 11.0), (BODY, 11.0), ("Préconisation 2 : Changer les fenêtres", 11.0),
        (BODY, 11.0), ("SE DÉPLACER", 16.0), ("Préconisation 3 : Relier les cités", 11.0), (BODY, 11.0),
    )
    segments = StructureParser(patterns).segments(lines)
    assert [(s.position.recommendation, s.position.axis, s.position.axis_title) for s in segments] == [
        ("1", 1, "HABITER"), ("2", 1, "HABITER"), ("3", 2, "SE DÉPLACER")
    ]


def test_one_large_title_above_the_first_item_is_the_document_s_not_a_group_s(patterns: Patterns) -> None:
    lines = _sized(
        ("GUIDE DE LA RÉNOVATION", 20.0), ("1.1 Isoler les combles", 11.0), (BODY, 11.0), ("2.1 Relier les cités", 11.0), (BODY, 11.0),
    )
    segments = StructureParser(patterns).segments(lines)
    assert [(s.position.recommendation, s.position.axis_title) for s in segments] == [("1.1", None), ("2.1", None)]


def test_a_large_title_far_above_the_next_number_heads_a_section_not_a_group(patterns: Patterns) -> None:
    # Pages of text between them: an introduction, cited by its own title, not the group's.
    intro = [(BODY, 11.0)] * 4
    lines = _sized(
        ("HABITER", 16.0), ("1.1 Isoler les combles", 11.0), (BODY, 11.0), ("INTRODUCTION AU SECOND AXE", 16.0), *intro,
        ("2.1 Relier les cités", 11.0), (BODY, 11.0), ("SE DÉPLACER", 16.0), ("3.1 Planter", 11.0), (BODY, 11.0),
    )
    segments = StructureParser(patterns).segments(lines)
    assert [(s.position.recommendation, s.position.axis_title) for s in segments] == [
        ("1.1", "HABITER"), (None, None), ("2.1", None), ("3.1", "SE DÉPLACER")
    ]
    assert segments[1].position.section == "INTRODUCTION AU SECOND AXE"


def test_a_large_title_in_sentence_case_titles_its_group_and_a_bold_line_does_not(patterns: Patterns) -> None:
    def typed(text: str, size: float, bold: bool = False) -> Line:
        return Line(page=1, text=text, size=size, display_type=(size, bold) if size > 11 or bold else None, display=size > 11 or bold)

    lines = [
        typed("Habiter mieux dans les cités", 16.0, True), typed("1.1 Isoler les combles", 11.0), typed(BODY, 11.0),
        typed("Se déplacer entre les cités", 16.0, True), typed("et les centres-villes", 16.0, True),  # wrapped in its type
        typed("2.1 Relier les gares", 11.0), typed(BODY, 11.0),
        typed("Un point d'attention", 11.0, True), typed("3.1 Planter les haies", 11.0), typed(BODY, 11.0),
        # A sentence in large type (a pull quote) titles nothing.
        typed("Les habitants sont associés dès le diagnostic.", 16.0, True), typed("4.1 Suivre les travaux", 11.0), typed(BODY, 11.0),
    ]
    segments = StructureParser(patterns).segments(lines)
    assert [(s.position.recommendation, s.position.axis_title) for s in segments] == [
        ("1.1", "Habiter mieux dans les cités"), ("2.1", "Se déplacer entre les cités et les centres-villes"), ("3.1", None), ("4.1", None)
    ]
    # The title opens its group's passage; the bold line set in the text's size stays where it is.
    assert segments[1].lines[0].text == "Se déplacer entre les cités"
    assert "Un point d'attention" in [line.text for line in segments[1].lines]


def test_bold_capitals_at_the_text_s_size_title_a_group_above_regular_numbers_only(patterns: Patterns) -> None:
    def typed(text: str, bold: bool = False) -> Line:
        return Line(page=1, text=text, size=11.0, display_type=(11.0, True) if bold else None, display=bold)

    regular = [
        typed("HABITER", True), typed("1.1 Isoler les combles"), typed(BODY),
        typed("SE DÉPLACER", True), typed("2.1 Relier les gares"), typed(BODY),
    ]
    segments = StructureParser(patterns).segments(regular)
    assert [(s.position.recommendation, s.position.axis_title) for s in segments] == [("1.1", "HABITER"), ("2.1", "SE DÉPLACER")]
    # Numbers in bold too: the capitals weigh no more than they do.
    heavy = [typed(line.text, True) if line.text[:1].isdigit() else line for line in regular]
    segments = StructureParser(patterns).segments(heavy)
    assert [s.position.axis_title for s in segments if s.position.recommendation] == [None, None]
