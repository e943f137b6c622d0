"""A référentiel laid out like the shared test one (running header, contents with dot leaders,
page footer, one axis per page), set in the heading styles other publishers use: every
recommendation must be found with its axis, number, title and page. Invented text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from fpdf import FPDF

from erbm.ingest.patterns import Patterns
from erbm.models import Chunk
from erbm.settings import Settings
from tests.ingest.test_marks import chunks_of

AXES = [
    ("HABITAT ET ENERGIE", ["Isoler les murs par l'exterieur", "Remplacer les chaudieres"]),
    ("ESPACES PUBLICS", ["Planter les coeurs d'ilot", "Apaiser la circulation", "Eclairer les cheminements"]),
    ("VIE DES HABITANTS", ["Informer avant le chantier", "Accompagner le relogement"]),
]


@dataclass(frozen=True)
class Style:
    axis: str  # format with {n} (axis number), {o} (its ordinal in words), {L} (its letter) and {t} (title)
    item: str  # format with {a} (axis), {L} (its letter), {i} (item in axis), {k} (item in document), {c} ({i} as a letter), {t}
    number: str  # the recommendation's number as cited, same fields
    roman: bool = False
    # Appended to each recommendation's title: long enough to wrap onto a second line.
    tail: str = ""
    # The axis headings' least type size: axes that print no number are marked by size alone.
    axis_size: int = 11
    # Axis titles printed in sentence case, not in capitals.
    sentence_case: bool = False
    # Axis headings in bold at the text's size: unnumbered axes marked by weight alone.
    axis_bold: bool = False


STYLES = {
    "orientation / recommandation n°": Style("ORIENTATION {n} - {t}", "Recommandation n°{a}.{i} - {t}", "{a}.{i}"),
    "axe / bare numbers": Style("Axe {n} : {t}", "{a}.{i} {t}", "{a}.{i}"),
    "roman / mixed": Style("{n}. {t}", "{n}.{i} {t}", "{n}.{i}", roman=True),
    "two-word labels": Style("AXE STRATEGIQUE {n} : {t}", "Fiche-action {a}.{i} : {t}", "{a}.{i}"),
    "numbered across the document": Style("AMBITION {n} : {t}", "Preconisation {k} : {t}", "{k}"),
    "glued ids": Style("PARTIE {n} : {t}", "R{k}. {t}", "R{k}"),
    "a capital and a space before the number": Style("AXE {n} : {t}", "R {a}.{i} - {t}", "R {a}.{i}"),
    "numbers alone on their line": Style("AXE {n}\n{t}", "PRECONISATION {a}.{i}\n{t}", "{a}.{i}"),
    "titles on two lines": Style(
        "Orientation strategique {n} : {t}", "Action {a}.{i} - {t}", "{a}.{i}",
        tail=" en tenant compte des usages des habitants et du calendrier des travaux du bailleur",
    ),
    # Symbols before headings, as publishers print pictograms (the PDF core fonts hold « » » and
    # « · », not « ▶ » or « ■ »: test_heading_styles reads those).
    "glyph-led headings": Style("\u00bb AXE {n} : {t}", "\u00b7 {a}.{i} - {t}", "{a}.{i}"),
    "letters under numbered axes": Style("{n}. {t}", "{a}.{c} {t}", "{a}.{c}"),
    "a rule or a glyph after the number": Style("AXE {n} | {t}", "Action {a}.{i} \u00bb {t}", "{a}.{i}"),
    "bare numbers at both levels": Style("{n}. {t}", "{a}.{i} {t}", "{a}.{i}"),
    "axes without numbers, set large": Style("{t}", "{a}.{i} {t}", "{a}.{i}", axis_size=16),
    "axes without numbers, items numbered across": Style("{t}", "Preconisation {k} : {t}", "{k}", axis_size=16),
    "axes without numbers, in sentence case": Style("{t}", "{a}.{i} {t}", "{a}.{i}", axis_size=16, sentence_case=True),
    "axes without numbers, in bold at the text's size": Style("{t}", "{a}.{i} {t}", "{a}.{i}", axis_bold=True),
    # Items numbered from 1 again in each axis, cited by the axis and their own number.
    "items numbered again in each axis": Style("AXE {n} : {t}", "{i}. {t}", "{i}"),
    "items lettered again in each axis": Style("{n} - {t}", "{c}) {t}", "{c}", roman=True),
    # A large bare number (« 2 », « 02 ») above the axis title, on each axis's page: not a page number.
    "large bare numbers above the axis titles": Style("{n}\n{t}", "{a}.{i} {t}", "{a}.{i}", axis_size=16),
    "large zero-padded numbers above the axis titles": Style("0{n}\n{t}", "{a}.{i} - {t}", "{a}.{i}", axis_size=16),
    "ordinals before the label": Style("{o} ORIENTATION : {t}", "Action {a}.{i} : {t}", "{a}.{i}"),
    "numbers joined by a hyphen": Style("Axe {n} - {t}", "Preconisation {a}-{i} : {t}", "{a}-{i}"),
    "numbers joined by a hyphen, without a label": Style("AXE {n} : {t}", "{a}-{i} {t}", "{a}-{i}"),
    "letters glued to the axis number": Style("AXE {n} : {t}", "{a}{c} - {t}", "{a}{c}"),
    # « C. » is a letter, not the roman hundred.
    "lettered axes": Style("{L}. {t}", "{L}.{i} {t}", "{L}.{i}"),
    # « B2 »: the capital is the axis's letter, not a label glued to every id like « R2 ».
    "axis letters glued to the item numbers": Style("{L} - {t}", "{L}{i} - {t}", "{L}{i}"),
    # « N°3 – … »: the number mark alone, without a label word before it.
    "numbers after « N° » without a label": Style("AXE N\u00b0{n} - {t}", "N\u00b0{k} - {t}", "{k}"),
    # A bare « 1.2 » alone on its line (a number in a badge), its title on the next.
    "bare numbers alone on their line": Style("AXE {n} : {t}", "{a}.{i}\n{t}", "{a}.{i}"),
}
_ROMAN = ["I", "II", "III"]
_ORDINALS = ["PREMIERE", "DEUXIEME", "TROISIEME"]


def _letter(i: int) -> str:
    return chr(ord("a") + i - 1)


def _fields(n: int, number: object, i: int, k: int, item: str) -> dict[str, object]:
    """The fields of a style's item format for the i-th item of axis n, the k-th of the document."""
    return {"a": n, "L": _letter(n).upper(), "i": i, "k": k, "n": number, "c": _letter(i), "t": item}


def _sentences(title: str, k: int) -> str:
    # Text that differs from one recommendation to the next: repeated lines are running headers.
    return (
        f"La recommandation {k} demande de {title.lower()} dans chaque cite du programme, en lien avec "
        f"les habitants et le bailleur. Le comite de suivi verifie sa mise en oeuvre lors de la revue "
        f"numero {k}, et le porteur de projet en rend compte dans son bilan annuel de l'operation {k * 7}."
    )


@dataclass(frozen=True)
class Layout:
    # The running header names the current axis, as many publications do, instead of the document.
    axis_in_header: bool = False
    # Paragraphs per recommendation: at 4 or more, axes run over several pages and headings
    # fall anywhere on a page.
    paragraphs: int = 1
    # The contents lists the recommendations too.
    contents_items: bool = False
    # Each recommendation's text holds a numbered list of steps and a bulleted one.
    lists: bool = False
    # A sentence introduces each axis before its first recommendation.
    axis_intro: bool = True
    # Axis headings set large (points), their title long enough to wrap.
    axis_size: int = 11
    # The word the running header names the axis with, when not the heading's own ("Axe 2"
    # above « PARTIE 2 : … »).
    header_label: str | None = None
    # Each recommendation's number drawn after its title, on the same line (a numbered shape
    # laid over the page last): the file's order is not the reading order.
    number_drawn_last: bool = False
    # Each axis's recommendations are the rows of a table: number, title and text side by side,
    # so the first line of all three is one line of the page.
    table: bool = False
    # Each recommendation after the first of its axis starts a page of its own (a fiche per page):
    # its number opens the page, under the running header.
    page_per_item: bool = False
    # Recto-verso printing: the running header, page number included, on odd pages only, and not
    # on the contents page; no footer. So it tops fewer than half the pages.
    recto_header: bool = False


LAYOUTS = {
    "one page per axis": Layout(),
    "axes over several pages, axis in the running header": Layout(axis_in_header=True, paragraphs=5),
    "contents listing every recommendation": Layout(contents_items=True, paragraphs=2),
    "numbered and bulleted lists in the text": Layout(lists=True),
    "no text between an axis and its first recommendation": Layout(axis_intro=False, paragraphs=2),
    "axis headings in large type over two lines": Layout(axis_size=22),
    "running header naming the axis in other words": Layout(axis_in_header=True, paragraphs=5, header_label="Axe"),
    "numbers drawn after their titles": Layout(number_drawn_last=True, paragraphs=2),
    # The lists of steps run over page breaks, under the running header that names the axis.
    "lists over page breaks under a running header naming the axis": Layout(
        axis_in_header=True, paragraphs=5, lists=True, axis_size=22
    ),
    # The contents gives the axes' short titles; on the page each wraps, and its first item follows.
    "contents listing every recommendation under large two-line axis headings": Layout(
        contents_items=True, axis_intro=False, axis_size=22
    ),
    "recommendations as the rows of a table": Layout(table=True),
    "a page per recommendation": Layout(page_per_item=True, paragraphs=2),
    "running header on odd pages only": Layout(recto_header=True, paragraphs=5),
}
# Added to each axis title when it is set large: the heading wraps.
_LONG_AXIS = " ET QUALITE DU CADRE DE VIE"


class _Pdf(FPDF):
    running = "Referentiel d'essai - renovation des cites (contenu fictif)"
    recto = False

    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        if not self.recto:
            self.cell(0, 6, self.running, new_x="LMARGIN", new_y="NEXT")
        elif self.page_no() % 2 and self.page_no() > 1:
            self.cell(0, 6, f"{self.running}   {self.page_no()}", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=11)

    def footer(self) -> None:
        if self.recto:
            return
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 6, f"Document d'essai - page {self.page_no()}")


def referentiel_pdf(path: Path, style: Style, layout: Layout = Layout()) -> list[tuple[int, str, str, str, int]]:
    """The PDF, and what it holds: (axis, its title, recommendation, its title, page) for each."""
    pdf = _Pdf()
    pdf.recto = layout.recto_header
    pdf.set_auto_page_break(True, margin=20)

    def line(text: str) -> None:
        # Leading of 1.4 times the type size (points to millimetres: 0.353).
        pdf.multi_cell(0, pdf.font_size_pt * 0.353 * 1.4, text, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    line("Sommaire")
    k = 0
    for n, (title, items) in enumerate(AXES, start=1):
        number = _ROMAN[n - 1] if style.roman else n
        line(f"{style.axis.format(n=number, o=_ORDINALS[n - 1], L=_letter(n).upper(), t=title)} ........ {n + 1}")
        for i, item in enumerate(items, start=1):
            k += 1
            if layout.contents_items:
                line(f"{style.item.format(**_fields(n, number, i, k, item)).replace(chr(10), ' ')} ........ {n + 1}")
    expected, k = [], 0
    for n, (title, items) in enumerate(AXES, start=1):
        number = _ROMAN[n - 1] if style.roman else n
        if layout.header_label:
            pdf.running = f"{layout.header_label} {n} - {title.capitalize()}"
        elif layout.axis_in_header:
            # In the axis heading's own words, in small type.
            pdf.running = style.axis.format(n=number, o=_ORDINALS[n - 1], L=_letter(n).upper(), t=title.capitalize()).replace("\n", " - ")
        pdf.add_page()
        if layout.axis_size != 11:
            title += _LONG_AXIS
        if max(layout.axis_size, style.axis_size) != 11 or style.axis_bold:
            pdf.set_font("Helvetica", "B", size=max(layout.axis_size, style.axis_size))
        line(style.axis.format(n=number, o=_ORDINALS[n - 1], L=_letter(n).upper(), t=title.capitalize() if style.sentence_case else title))
        pdf.set_font("Helvetica", size=11)
        if layout.axis_intro:
            line(f"Cet axe regroupe {len(items)} recommandations sur le theme {title.lower()}.")
        if layout.table:
            k = _table(pdf, style, n, number, title, items, k, expected)
            continue
        for i, item in enumerate(items, start=1):
            k += 1
            item += style.tail
            fields = _fields(n, number, i, k, item)
            heading = style.item.format(**fields)
            prefix = style.item.format(**{**fields, "t": ""})
            if layout.page_per_item and i > 1:
                pdf.add_page()
            if layout.number_drawn_last and "\n" not in heading and heading.startswith(prefix):
                # The title first, where it is read; then the number to its left, on its baseline
                # (on the title's page: a title that would not fit starts the next one).
                if pdf.will_page_break(pdf.font_size_pt * 0.353 * 1.4 * 2):
                    pdf.add_page()
                y, indent = pdf.get_y(), pdf.get_string_width(prefix + " ")
                pdf.set_x(pdf.l_margin + indent)
                line(heading[len(prefix) :].lstrip())
                after = pdf.get_y()
                pdf.set_xy(pdf.l_margin, y)
                pdf.cell(indent, pdf.font_size_pt * 0.353 * 1.4, prefix.rstrip())
                pdf.set_xy(pdf.l_margin, after)
            else:
                line(heading)
            expected.append((n, title, style.number.format(**fields), item, pdf.page_no()))
            for paragraph in range(layout.paragraphs):
                line(_sentences(item, k * 10 + paragraph))
            if layout.lists:
                line("Les etapes sont les suivantes :")
                line(f"1. Le bailleur presente le projet {k} aux locataires lors d'une reunion publique en mairie.")
                line(f"2. La commune recueille les remarques des habitants dans un registre pendant {k + 2} semaines.")
                line(f"3. Le comite de suivi arbitre et publie sa decision sur le projet {k} avant le chantier.")
                line(f"- un referent joignable pour la cite numero {k} ;")
                line(f"- un bilan partage a la fin de l'operation {k}.")
    pdf.output(str(path))
    return expected


def _table(pdf: FPDF, style: Style, n: int, number: object, title: str, items: list[str], k: int, expected: list) -> int:
    """One row per recommendation: the heading's number as printed, its title, its text."""
    pdf.set_font("Helvetica", size=10)
    with pdf.table(col_widths=(40, 55, 95), v_align="TOP", first_row_as_headings=False) as table:
        for i, item in enumerate(items, start=1):
            k += 1
            item += style.tail
            fields = _fields(n, number, i, k, item)
            row = table.row()
            # The number without the separator a title would follow ("Action 1.1", "1.", "R1."):
            # the cell's edge separates them.
            row.cell(style.item.format(**{**fields, "t": ""}).rstrip(" -:|\u00bb"))
            row.cell(item)
            row.cell(_sentences(item, k * 10))
            expected.append((n, title, style.number.format(**fields), item, pdf.page_no()))
    pdf.set_font("Helvetica", size=11)
    return k


def _found(chunks: list[Chunk], axis: int, axis_title: str, number: str, title: str, page: int) -> bool:
    return any(
        (c.axis, (c.axis_title or "").upper(), c.recommendation, c.recommendation_title, c.page_start)
        == (axis, axis_title, number, title, page)
        for c in chunks
    )


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("style", STYLES)
def test_every_recommendation_is_found_with_axis_title_and_page(tmp_path: Path, style: str, layout: str) -> None:
    patterns = Patterns.load(Settings().patterns_file)
    path = tmp_path / "referentiel.pdf"
    expected = referentiel_pdf(path, STYLES[style], LAYOUTS[layout])
    chunks = chunks_of(path, patterns)
    missing = [e for e in expected if not _found(chunks, *e)]
    assert not missing, [(c.axis, c.axis_title, c.recommendation, c.recommendation_title, c.page_start) for c in chunks]
    # Nothing else is taken for a recommendation: not a list's numbers, not a contents entry.
    assert {c.recommendation for c in chunks} <= {number for _, _, number, _, _ in expected} | {None}
    # Running lines are furniture, not text. (Where the header names the axis, the document's
    # own header tops the contents page alone: printed once, it cannot be told from text.)
    running = ["Document d'essai"] + ([] if LAYOUTS[layout].axis_in_header else ["Referentiel d'essai"])
    assert not [c.text for c in chunks if any(r in c.text for r in running)]
