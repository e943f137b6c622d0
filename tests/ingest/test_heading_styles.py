"""Heading styles other référentiels and public-policy documents use, beyond the shared corpus's:
a label of two words, numbers that mix a roman numeral or a letter with digits, ids that glue a
letter to their number. Constructed documents (invented text), one style each."""

from pathlib import Path

import pytest
from fpdf import FPDF

from erbm.ingest.cleanup import Line
from erbm.ingest.headings import parse_candidate
from erbm.ingest.patterns import Patterns
from erbm.ingest.structure import Segment, StructureParser
from erbm.settings import Settings
from tests.ingest.test_headings import BODY, _paths
from tests.ingest.test_marks import chunks_of, references


@pytest.fixture(scope="module")
def patterns() -> Patterns:
    return Patterns.load(Settings().patterns_file)


def _segments(patterns: Patterns, headings: list[str]) -> list[Segment]:
    lines = [Line(page=1 + i // 4, text=t) for i, h in enumerate(headings) for t in (h, BODY)]
    return StructureParser(patterns).segments(lines)


# Each document: its headings (a paragraph follows each), and the path of each paragraph.
STYLES = {
    "two-word labels": (
        ["ORIENTATION STRATÉGIQUE 1 : HABITER MIEUX", "Fiche-action 1.1 : Isoler les combles", "Fiche-action 1.2 : Changer les fenêtres",
         "ORIENTATION STRATÉGIQUE 2 : SE DÉPLACER", "Fiche-action 2.1 : Relier les cités"],
        [["Orientation stratégique 1"], ["Orientation stratégique 1", "Fiche-action 1.1"], ["Orientation stratégique 1", "Fiche-action 1.2"],
         ["Orientation stratégique 2"], ["Orientation stratégique 2", "Fiche-action 2.1"]],
    ),
    "two-word labels, spaced": (
        ["Axe stratégique 1 – Le logement", "Objectif opérationnel 1.1 – Réduire les charges", "Objectif opérationnel 1.2 – Loger les jeunes",
         "Axe stratégique 2 – L'emploi", "Objectif opérationnel 2.1 – Former sur les chantiers"],
        [["Axe stratégique 1"], ["Axe stratégique 1", "Objectif opérationnel 1.1"], ["Axe stratégique 1", "Objectif opérationnel 1.2"],
         ["Axe stratégique 2"], ["Axe stratégique 2", "Objectif opérationnel 2.1"]],
    ),
    "roman numeral then digits": (
        ["I. LE CONTEXTE", "I.1 Le territoire", "I.2 Les habitants", "II. LES ACTIONS", "II.1 Rénover les logements", "II.2 Accompagner les ménages"],
        [["I"], ["I", "I.1"], ["I", "I.2"], ["II"], ["II", "II.1"], ["II", "II.2"]],
    ),
    "letter then digits": (
        ["A. Habitat", "A-1 Isoler les murs", "A-2 Chauffer mieux", "B. Mobilité", "B-1 Relier les gares"],
        [["A"], ["A", "A-1"], ["A", "A-2"], ["B"], ["B", "B-1"]],
    ),
    "letter glued to the number": (
        ["Axe 1 – Habitat", "R1. Associer les habitants", "R2. Informer pendant le chantier", "Axe 2 – Mobilité", "R3. Relier les cités"],
        [["Axe 1"], ["Axe 1", "R1"], ["Axe 1", "R2"], ["Axe 2"], ["Axe 2", "R3"]],
    ),
}


@pytest.mark.parametrize("style", STYLES)
def test_every_heading_of_the_style_is_found_with_its_level(patterns: Patterns, style: str) -> None:
    headings, paths = STYLES[style]
    assert _paths(_segments(patterns, headings)) == paths


def test_an_item_is_cited_with_its_axis_and_title(patterns: Patterns) -> None:
    segments = _segments(patterns, STYLES["two-word labels"][0])
    item = segments[2].position
    assert (item.axis, item.axis_title, item.recommendation, item.recommendation_label, item.recommendation_title) == (
        1, "HABITER MIEUX", "1.2", "Fiche-action", "Changer les fenêtres"
    )
    glued = _segments(patterns, STYLES["letter glued to the number"][0])[4].position
    assert (glued.axis, glued.recommendation, glued.recommendation_title) == (2, "R3", "Relier les cités")


@pytest.mark.parametrize(
    "line",
    [
        "Action publique 2 Les cités",  # a known word and another, with no separator
        "B2 Niveau de langue attendu",  # no separator after a glued id
        "A1 vers Lille, sortie 12",  # a road
        "RN43 – La route des cités",  # a road number out of range
        "IV.12 ans plus tard",  # lower case after a mixed number
        "VOIR DÉTAIL 2/A4.0 Coupe",  # a drawing's cross-reference: two words, neither a label
    ],
)
def test_not_headings(patterns: Patterns, line: str) -> None:
    assert parse_candidate(line, patterns) is None


def test_a_glued_id_seen_once_is_text(patterns: Patterns) -> None:
    # A letter glued to a number labels headings only when the document numbers two with it.
    segments = _segments(patterns, ["Axe 1 – Habitat", "T4 : Un logement sur trois"])
    assert _paths(segments) == [["Axe 1"]]


def test_items_with_no_group_above_them_are_items(patterns: Patterns) -> None:
    segments = _segments(patterns, ["Fiche-action 1 : Isoler les combles", "Fiche-action 2 : Changer les fenêtres"])
    item = segments[1].position
    assert (item.axis, item.recommendation, item.recommendation_label) == (None, "2", "Fiche-action")


def test_a_mixed_number_with_no_group_heading_names_its_group(patterns: Patterns) -> None:
    segments = _segments(patterns, ["A-1 Isoler les murs", "A-2 Chauffer mieux", "B-1 Relier les gares"])
    last = segments[-1].position
    assert (last.axis, last.axis_title, last.recommendation, last.recommendation_title) == (2, None, "B-1", "Relier les gares")


def test_a_pdf_in_these_styles_is_cited_by_its_own_ids(tmp_path: Path, patterns: Patterns) -> None:
    # A real PDF, one style per level: roman parts, mixed sub-parts, then glued ids.
    sections = [
        ("I. HABITER", "Les logements des cites sont rehabilites avec leurs habitants, rue par rue."),
        ("I.1 Les logements", "Chaque maison fait l'objet d'un diagnostic avant les travaux et d'un bilan apres."),
        ("R1. Isoler les combles", "Les combles sont isoles avec un materiau biosource lorsque la charpente le permet."),
        ("R2. Changer les fenetres", "Les menuiseries neuves reprennent le dessin des anciennes pour garder la facade."),
        ("II. SE DEPLACER", "Les cites sont reliees aux gares et aux centres-villes par des liaisons douces."),
        ("II.1 Les gares", "Un parc a velos couvert est installe pres de chaque gare desservant une cite."),
        ("R3. Relier les cites", "Une piste cyclable continue relie chaque cite au centre de sa commune."),
    ]
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for heading, body in sections:
        if heading.split()[0] in ("I.", "II."):
            pdf.add_page()
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, f"{body} {body}", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "guide.pdf"
    pdf.output(str(path))
    cited = references(chunks_of(path, patterns))
    assert "Guide — I « Habiter » — I.1 « Les logements » — R2 « Changer les fenetres » — p. 1" in cited
    assert cited[-1] == "Guide — II « Se deplacer » — II.1 « Les gares » — R3 « Relier les cites » — p. 2"


@pytest.mark.parametrize(
    ("line", "number", "label", "title"),
    [
        ("▶ AXE 1 : Habiter mieux", "1", "AXE", "Habiter mieux"),
        ("■ 1.2 Isoler les combles", "1.2", None, "Isoler les combles"),
        ("\ue000 Préconisation 3 : Relier les cités", "3", "Préconisation", "Relier les cités"),  # a pictogram font's icon
        ("» Article 2 – Durée", "2", "Article", "Durée"),
        ("1.a Isoler les combles", "1.a", None, "Isoler les combles"),
        ("AXE 1 | HABITER MIEUX", "1", "AXE", "HABITER MIEUX"),  # a rule or a glyph between number and title
        ("AXE 2 ► SE DÉPLACER", "2", "AXE", "SE DÉPLACER"),
        ("Annexe B : Les plans", "B", "Annexe", "Les plans"),  # a capital numbers a labelled heading
        ("Partie C – Les jardins", "C", "Partie", "Les jardins"),  # a letter here, not the roman 100
        ("2.1.b) Changer les fenêtres", "2.1.b", None, "Changer les fenêtres"),
    ],
)
def test_pictograms_and_lettered_items(patterns: Patterns, line: str, number: str, label: str | None, title: str | None) -> None:
    c = parse_candidate(line, patterns)
    assert c is not None
    assert (c.number, c.label, c.title) == (number, label, title)


@pytest.mark.parametrize(
    "line",
    [
        "▶1.2 Isoler",  # a glyph glued to the number: no space, not read as a pictogram
        "« 1.2 Isoler les combles »",  # a quotation
        "1.5a de surface",  # an amount
        "3.b du règlement",  # lower case after the number
        "Article L. 1411-1 : Définition",  # a code's article: a capital, then its number
        "Axe Nord : la ligne de bus",
        "Annexe A Les plans",  # no separator after a labelled capital
    ],
)
def test_not_pictogram_or_lettered_headings(patterns: Patterns, line: str) -> None:
    assert parse_candidate(line, patterns) is None


def test_lettered_items_sit_under_their_numbered_group(patterns: Patterns) -> None:
    segments = _segments(patterns, ["1. HABITER", "1.a Isoler les combles", "1.b Changer les fenêtres", "2. SE DÉPLACER", "2.a Relier les cités"])
    assert _paths(segments) == [["1"], ["1", "1.a"], ["1", "1.b"], ["2"], ["2", "2.a"]]


def _lines(*texts: str) -> list[Line]:
    return [Line(page=1, text=t) for t in texts]


def test_a_numbered_list_in_the_text_is_not_taken_for_the_axes_it_shares_a_style_with(patterns: Patterns) -> None:
    # Bare "1." numbers the axes and the steps of a list alike: the list's items follow each other.
    lines = _lines(
        "1. HABITER", BODY, "1.1 Isoler les combles", "Les étapes sont les suivantes :",
        "1. Le bailleur présente le projet aux locataires lors d'une réunion publique.",
        "2. La commune recueille les remarques des habitants dans un registre",
        "ouvert en mairie pendant trois semaines.",  # the item wraps
        "3. Le comité de suivi arbitre et publie sa décision.", BODY,
        "1.2 Changer les fenêtres", BODY, "2. SE DÉPLACER", BODY, "2.1 Relier les cités", BODY,
    )
    assert _paths(StructureParser(patterns).segments(lines)) == [["1"], ["1", "1.1"], ["1", "1.2"], ["2"], ["2", "2.1"]]


def test_an_overview_of_the_axes_before_them_is_a_list(patterns: Patterns) -> None:
    lines = _lines(
        "Le référentiel compte deux axes :", "Axe 1 : Habiter", "Axe 2 : Se déplacer", BODY,
        "Axe 1 : Habiter", BODY, "1.1 Isoler les combles", BODY, "Axe 2 : Se déplacer", BODY, "2.1 Relier les cités", BODY,
    )
    segments = StructureParser(patterns).segments(lines)
    assert _paths(segments) == [[], ["Axe 1"], ["Axe 1", "1.1"], ["Axe 2"], ["Axe 2", "2.1"]]


def test_a_heading_with_one_short_sentence_under_it_is_not_a_list_item(patterns: Patterns) -> None:
    # The ADEME référentiel: a number alone, its title, one short sentence, the next number.
    lines = _lines(
        "4.3 Financer", BODY, "4.3.1", "Réaliser une veille", BODY,
        "4.3.2", "Communiquer sur les moyens", "La collectivité communique sur ces moyens.",
        "4.3.3", "Accompagner les acteurs", BODY,
    )
    assert _paths(StructureParser(patterns).segments(lines)) == [["4.3"], ["4.3", "4.3.1"], ["4.3", "4.3.2"], ["4.3", "4.3.3"]]


def test_a_running_header_in_small_type_is_not_a_heading_but_a_small_letter_keeps_its_own(patterns: Patterns) -> None:
    # « Axe 1 - Habiter » at 9 pt above 11 pt text names the axis in other words than its heading.
    header = [
        Line(page=2, text="Axe 1 - Habiter", size=9.0), Line(page=2, text="PARTIE 1 : HABITER", size=11.0),
        Line(page=2, text=BODY, size=11.0), Line(page=2, text="1.1 Isoler les combles", size=11.0), Line(page=2, text=BODY, size=11.0),
    ]
    assert _paths(StructureParser(patterns).segments(header)) == [[], ["Partie 1"], ["Partie 1", "1.1"]]
    # A letter quoted in small type: its headings are as small as its text.
    letter = [Line(page=1, text=t, size=9.0) for t in ("1) La sobriété :", BODY, "2) La communication", BODY)]
    assert _paths(StructureParser(patterns).segments(letter)) == [["1"], ["2"]]


def test_an_inserted_article_follows_its_number_s(patterns: Patterns) -> None:
    c = parse_candidate("Article 3 bis : Durée de la convention", patterns)
    assert c is not None and (c.number, c.label, c.title) == ("3 bis", "Article", "Durée de la convention")
    assert parse_candidate("3 bis rue de la Mine", patterns) is None  # an address
    segments = _segments(
        patterns,
        ["Article 1 : Objet", "Article 2 : Parties", "Article 3 : Durée", "Article 3 bis : Prolongation", "Article 3 ter : Fin",
         "Article 4 : Litiges", "Article 3 bis : Prolongation"],  # the last: a cross-reference, not a heading
    )
    assert _paths(segments) == [["Article 1"], ["Article 2"], ["Article 3"], ["Article 3 bis"], ["Article 3 ter"], ["Article 4"]]
