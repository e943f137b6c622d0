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
    axis: str  # format with {n} (axis number) and {t} (title)
    item: str  # format with {a} (axis), {i} (item in axis), {k} (item in document), {t}
    number: str  # the recommendation's number as cited, same fields
    roman: bool = False
    # Appended to each recommendation's title: long enough to wrap onto a second line.
    tail: str = ""


STYLES = {
    "orientation / recommandation n°": Style("ORIENTATION {n} - {t}", "Recommandation n°{a}.{i} - {t}", "{a}.{i}"),
    "axe / bare numbers": Style("Axe {n} : {t}", "{a}.{i} {t}", "{a}.{i}"),
    "roman / mixed": Style("{n}. {t}", "{n}.{i} {t}", "{n}.{i}", roman=True),
    "two-word labels": Style("AXE STRATEGIQUE {n} : {t}", "Fiche-action {a}.{i} : {t}", "{a}.{i}"),
    "numbered across the document": Style("AMBITION {n} : {t}", "Preconisation {k} : {t}", "{k}"),
    "glued ids": Style("PARTIE {n} : {t}", "R{k}. {t}", "R{k}"),
    "numbers alone on their line": Style("AXE {n}\n{t}", "PRECONISATION {a}.{i}\n{t}", "{a}.{i}"),
    "titles on two lines": Style(
        "Orientation strategique {n} : {t}", "Action {a}.{i} - {t}", "{a}.{i}",
        tail=" en tenant compte des usages des habitants et du calendrier des travaux du bailleur",
    ),
}
_ROMAN = ["I", "II", "III"]


def _sentences(title: str, k: int) -> str:
    # Text that differs from one recommendation to the next: repeated lines are running headers.
    return (
        f"La recommandation {k} demande de {title.lower()} dans chaque cite du programme, en lien avec "
        f"les habitants et le bailleur. Le comite de suivi verifie sa mise en oeuvre lors de la revue "
        f"numero {k}, et le porteur de projet en rend compte dans son bilan annuel de l'operation {k * 7}."
    )


def referentiel_pdf(path: Path, style: Style) -> list[tuple[int, str, str, int]]:
    """The PDF, and what it holds: (axis, recommendation, its title, page) for each."""
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_font("Helvetica", size=11)

    def page() -> None:
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 6, "Referentiel d'essai - renovation des cites (contenu fictif)", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)

    def footer() -> None:
        pdf.set_auto_page_break(False)
        pdf.set_y(-15)
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 6, f"Document d'essai - page {pdf.page_no()}")
        pdf.set_font("Helvetica", size=11)
        pdf.set_auto_page_break(True, margin=20)

    page()
    pdf.multi_cell(0, 6, "Sommaire", new_x="LMARGIN", new_y="NEXT")
    for n, (title, _) in enumerate(AXES, start=1):
        number = _ROMAN[n - 1] if style.roman else n
        pdf.multi_cell(0, 6, f"{style.axis.format(n=number, t=title)} ........ {n + 1}", new_x="LMARGIN", new_y="NEXT")
    footer()
    expected, k = [], 0
    for n, (title, items) in enumerate(AXES, start=1):
        page()
        number = _ROMAN[n - 1] if style.roman else n
        pdf.multi_cell(0, 6, style.axis.format(n=number, t=title), new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, f"Cet axe regroupe {len(items)} recommandations sur le theme {title.lower()}.", new_x="LMARGIN", new_y="NEXT")
        for i, item in enumerate(items, start=1):
            k += 1
            item += style.tail
            fields = {"a": n, "i": i, "k": k, "n": number, "t": item}
            pdf.multi_cell(0, 6, style.item.format(**fields), new_x="LMARGIN", new_y="NEXT")
            pdf.multi_cell(0, 6, _sentences(item, k), new_x="LMARGIN", new_y="NEXT")
            expected.append((n, style.number.format(**fields), item, pdf.page_no()))
        footer()
    pdf.output(str(path))
    return expected


def _found(chunks: list[Chunk], axis: int, number: str, title: str, page: int) -> bool:
    return any(
        (c.axis, c.recommendation, c.recommendation_title, c.page_start) == (axis, number, title, page) for c in chunks
    )


@pytest.mark.parametrize("style", STYLES)
def test_every_recommendation_is_found_with_axis_title_and_page(tmp_path: Path, style: str) -> None:
    patterns = Patterns.load(Settings().patterns_file)
    path = tmp_path / "referentiel.pdf"
    expected = referentiel_pdf(path, STYLES[style])
    chunks = chunks_of(path, patterns)
    missing = [e for e in expected if not _found(chunks, *e)]
    assert not missing, [(c.axis, c.recommendation, c.recommendation_title, c.page_start) for c in chunks]
