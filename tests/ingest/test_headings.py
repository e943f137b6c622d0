"""Numbered headings whatever their words: constructed documents, one rule each."""

import pytest

from erbm.ingest.cleanup import Line
from erbm.ingest.headings import group_lettered, parse_candidate
from erbm.ingest.patterns import Patterns
from erbm.ingest.structure import Position, Segment, StructureParser
from erbm.settings import Settings

BODY = "Un paragraphe de contenu qui développe le sujet avec assez de mots pour en faire un passage."


@pytest.fixture(scope="module")
def patterns() -> Patterns:
    return Patterns.load(Settings().patterns_file)


def _segments(patterns: Patterns, lines: list[str]) -> list[Segment]:
    return StructureParser(patterns).segments([Line(page=1, text=t) for t in lines])


def _paths(segments: list[Segment]) -> list[list[str]]:
    return [[h.short() for h in s.position.path] for s in segments]


@pytest.mark.parametrize(
    ("line", "number", "label", "title"),
    [
        ("1 - Planification territoriale", "1", None, "Planification territoriale"),
        ("1.1 Stratégie foncière", "1.1", None, "Stratégie foncière"),
        ("1.1.1", "1.1.1", None, None),
        ("3.1.1. Être engagé", "3.1.1", None, "Être engagé"),
        ("III. Participation", "III", None, "Participation"),
        ("A. Objet de la convention", "A", None, "Objet de la convention"),
        ("C. Vie des habitants", "C", None, "Vie des habitants"),  # a letter before the roman hundred
        ("B – Les espaces publics", "B", None, "Les espaces publics"),
        ("a) Les délais", "a", None, "Les délais"),
        ("PARTIE 2. ESPACES EXTÉRIEURS", "2", "PARTIE", "ESPACES EXTÉRIEURS"),
        ("Article 4 : Durée", "4", "Article", "Durée"),
        ("Chantier 2 – Les façades", "2", "Chantier", "Les façades"),
        ("2 – Les façades", "2", None, "Les façades"),
        ("4)Les jardins", "4", None, "Les jardins"),
        ("Article 1er : Objet de la convention", "1er", "Article", "Objet de la convention"),
        ("Chapitre Ier – Dispositions générales", "Ier", "Chapitre", "Dispositions générales"),
        ("1/ Le contexte", "1", None, "Le contexte"),
        ("Préconisation 1-2 : Planter les cœurs d'îlot", "1-2", "Préconisation", "Planter les cœurs d'îlot"),
        ("1-2 Planter les cœurs d'îlot", "1-2", None, "Planter les cœurs d'îlot"),
        ("1a - Planter les cœurs d'îlot", "1a", None, "Planter les cœurs d'îlot"),
        ("R 1.2 - Planter les cœurs d'îlot", "1.2", "R ", "Planter les cœurs d'îlot"),
        ("N°3 – Informer avant le chantier", "3", None, "Informer avant le chantier"),
        ("n° 2.1 : Planter", "2.1", None, "Planter"),
    ],
)
def test_heading_forms(patterns: Patterns, line: str, number: str, label: str | None, title: str | None) -> None:
    c = parse_candidate(line, patterns)
    assert c is not None
    assert (c.number, c.label, c.title) == (number, label, title)


@pytest.mark.parametrize(
    "line",
    [
        "27 sur les 38 fiches concernent les actions",  # a number opening a sentence
        "1 Engagé / 1 ère étoile",  # a table row
        "2 35% - 49%",
        "1789. Il implique l'obligation",  # a year
        "Les 12 acteurs du territoire",  # a capitalised word that is no label
        "1. Avoir renseigné le référentiel dans son intégralité,",  # a list item
        "1er janvier 2018",
        "2024-2026 : la suite",
        "1,5 million d'habitants",
        "1/2 Journée de formation",
        "12/05/2024 Réunion publique",
        "1-2 journées de formation",  # a range in a sentence
        "Programme 2014-2020 : le bilan",
        "Délai 2-3 semaines",
        "A 2 heures de la métropole",
        "N° 2 - juillet 2019",  # a newsletter's issue
        "N°12 Les cités",  # a bare number needs a separator, as « 12 Les cités » does
        "N°SIRET : 123",
    ],
)
def test_not_headings(patterns: Patterns, line: str) -> None:
    assert parse_candidate(line, patterns) is None


def test_levels_come_from_the_numbering_and_titles_from_the_next_line(patterns: Patterns) -> None:
    segments = _segments(
        patterns,
        ["1 - Planification", BODY, "1.1 Stratégie", BODY, "1.1.1", "Acheter du foncier", BODY, "1.1.2", "Réserver", BODY, "1.2 Sobriété", BODY, "2 - Mobilités", BODY],
    )
    assert _paths(segments) == [["1"], ["1", "1.1"], ["1", "1.1", "1.1.1"], ["1", "1.1", "1.1.2"], ["1", "1.2"], ["2"]]
    measure = segments[2].position
    assert (measure.axis, measure.recommendation, measure.recommendation_title) == (1, "1.1.1", "Acheter du foncier")


def test_parts_with_recommendations_numbered_across_the_document(patterns: Patterns) -> None:
    segments = _segments(
        patterns,
        ["PARTIE 1. BÂTI", BODY, "1. Isoler par l'extérieur", BODY, "2. Garder les briques", BODY,
         "PARTIE 2. ESPACES EXTÉRIEURS", BODY, "3. Ouvrir les cœurs d'îlot", BODY, "4. Planter", BODY],
    )
    assert _paths(segments) == [["Partie 1"], ["Partie 1", "1"], ["Partie 1", "2"], ["Partie 2"], ["Partie 2", "3"], ["Partie 2", "4"]]
    third = segments[4].position
    assert (third.axis, third.axis_title, third.recommendation) == (2, "ESPACES EXTÉRIEURS", "3")


def test_recommendations_numbered_again_under_each_part(patterns: Patterns) -> None:
    # "1." under "Partie 2" is not "1." under "Partie 1" again; under the same part it would be.
    segments = _segments(
        patterns,
        ["PARTIE 1. BÂTI", BODY, "1. Isoler par l'extérieur", BODY, "2. Garder les briques", BODY,
         "PARTIE 2. ESPACES EXTÉRIEURS", BODY, "1. Ouvrir les cœurs d'îlot", BODY, "2. Planter", BODY,
         "1. Isoler par l'extérieur", "comme vu plus haut, l'isolation précède la plantation."],
    )
    assert _paths(segments) == [["Partie 1"], ["Partie 1", "1"], ["Partie 1", "2"], ["Partie 2"], ["Partie 2", "1"], ["Partie 2", "2"]]
    first = segments[4].position
    assert (first.axis, first.recommendation, first.recommendation_title) == (2, "1", "Ouvrir les cœurs d'îlot")


def test_an_ordinal_before_the_label_numbers_the_part(patterns: Patterns) -> None:
    segments = _segments(
        patterns,
        ["PREMIÈRE PARTIE : LE BÂTI", BODY, "1.1 Isoler par l'extérieur", BODY,
         "2e partie – Les espaces extérieurs", BODY, "2.1 Planter", BODY],
    )
    assert _paths(segments) == [["Première partie"], ["Première partie", "1.1"], ["2e partie"], ["2e partie", "2.1"]]
    assert (segments[3].position.axis, segments[3].position.axis_title) == (2, "Les espaces extérieurs")
    # An ordinal before a word seen once, or before a sentence, numbers nothing.
    assert _paths(_segments(patterns, ["Premier bilan : les travaux avancent", BODY])) == [[]]
    assert _paths(_segments(patterns, ["1er janvier 2018", BODY])) == [[]]


def test_numbering_that_goes_back_is_a_reference_not_a_heading(patterns: Patterns) -> None:
    segments = _segments(
        patterns,
        ["1 - Planification", BODY, "1.1 Stratégie", BODY, "1.2 Sobriété", BODY,
         "1.1 Stratégie", "comme vu plus haut, la stratégie guide la sobriété.", "2 - Mobilités", BODY],
    )
    assert _paths(segments) == [["1"], ["1", "1.1"], ["1", "1.2"], ["2"]]
    assert "comme vu plus haut" in " ".join(line.text for line in segments[2].lines)


def test_a_convention_s_articles_start_at_the_first(patterns: Patterns) -> None:
    segments = _segments(patterns, ["Article 1er : Objet", BODY, "Article 2 : Durée", BODY, "Article 3 : Résiliation", BODY])
    assert _paths(segments) == [["Article 1er"], ["Article 2"], ["Article 3"]]
    assert segments[0].position.recommendation_title == "Objet"


def test_numbers_joined_by_a_hyphen_without_a_label_need_a_sibling(patterns: Patterns) -> None:
    segments = _segments(
        patterns,
        ["AXE 1 : LE BÂTI", BODY, "1-1 Isoler par l'extérieur", BODY, "1-2 Garder les briques", BODY,
         "AXE 2 : LES ESPACES", BODY, "2-1 Planter", BODY],
    )
    assert _paths(segments) == [["Axe 1"], ["Axe 1", "1-1"], ["Axe 1", "1-2"], ["Axe 2"], ["Axe 2", "2-1"]]
    assert (segments[2].position.axis, segments[2].position.recommendation_title) == (1, "Garder les briques")
    # A range that opens a line, alone or beside another range, numbers nothing.
    assert _paths(_segments(patterns, ["1-2 Journées de formation", BODY])) == [[]]
    ranges = _segments(patterns, ["1-2 Journées de formation", BODY, "2-3 Semaines de stage", BODY])
    assert _paths(ranges) == [[]]


def test_a_letter_glued_to_the_number_needs_a_sibling(patterns: Patterns) -> None:
    segments = _segments(patterns, ["AXE 1 : LE BÂTI", BODY, "1a - Isoler", BODY, "1b - Garder les briques", BODY])
    assert _paths(segments) == [["Axe 1"], ["Axe 1", "1a"], ["Axe 1", "1b"]]
    # Ordinals that open a newsletter's headlines are no lettered items.
    headlines = _segments(patterns, ["5e COMITÉ DE SUIVI", BODY, "6e COMITÉ DE SUIVI", BODY])
    assert all(path == [] for path in _paths(headlines))


def test_capitals_glued_to_numbers_in_alphabetical_run_are_the_groups_letters(patterns: Patterns) -> None:
    segments = _segments(
        patterns,
        ["A – LE BÂTI", BODY, "A1 - Isoler", BODY, "A2 - Garder les briques", BODY,
         "B – LES ESPACES", BODY, "B1 - Planter", BODY],
    )
    assert _paths(segments) == [["A"], ["A", "A1"], ["A", "A2"], ["B"], ["B", "B1"]]
    assert (segments[4].position.axis, segments[4].position.recommendation) == (2, "B1")
    # One capital glued to every id is the document's label: « R1 », « R2 » are items.
    ids = _segments(patterns, ["R1. Isoler", BODY, "R2. Planter", BODY])
    assert _paths(ids) == [["R1"], ["R2"]]


@pytest.mark.parametrize(
    ("ids", "letters"),
    [(["A1. Isoler", "A2. Planter", "B1. Suivre"], {"A", "B"}), (["R1. Isoler", "S1. Suivre"], set()), (["A4. Plan"], set())],
)
def test_only_capitals_that_run_from_a_letter_groups(patterns: Patterns, ids: list[str], letters: set[str]) -> None:
    candidates = [parse_candidate(line, patterns) for line in ids]
    assert group_lettered([c for c in candidates if c is not None]) == letters


def test_a_list_goes_on_past_a_running_header_set_smaller(patterns: Patterns) -> None:
    # Bare numbers for the axes and for a list of steps; the list's third step comes after a
    # page break, under the running header (9 pt) that names the axis: it is no third axis.
    def line(text: str, page: int, size: float = 11.0) -> Line:
        display = size > 11
        return Line(page=page, text=text, size=size, display=display, display_type=(size, True) if display else None)

    lines = [
        line("1", 1, 20), line("HABITAT", 1, 20), line(BODY, 1),
        line("2", 2, 20), line("ESPACES PUBLICS", 2, 20), line(BODY, 2),
        line("1. Le bailleur présente le projet aux locataires.", 2), line("2. La commune recueille les remarques.", 2),
        line("2 - Espaces publics", 3, 9), line("3. Le comité de suivi publie sa décision.", 3), line(BODY, 3),
        line("3", 4, 20), line("VIE DES HABITANTS", 4, 20), line(BODY, 4),
    ]
    segments = StructureParser(patterns).segments(lines)
    step = next(s for s in segments if any(line.text.startswith("3. Le comité") for line in s.lines))
    assert [h.short() for h in step.position.path] == ["2"]
    assert segments[-1].position.axis_title == "VIE DES HABITANTS"


def test_a_label_word_never_seen_numbers_headings_when_it_recurs(patterns: Patterns) -> None:
    once = _segments(patterns, ["Chantier 1 : Les toitures", BODY])
    assert _paths(once) == [[]]
    twice = _segments(patterns, ["Chantier 1 : Les toitures", BODY, "Chantier 2 : Les façades", BODY])
    assert _paths(twice) == [["Chantier 1"], ["Chantier 2"]]


def test_a_numbered_checklist_stays_the_text_of_its_heading(patterns: Patterns) -> None:
    segments = _segments(
        patterns,
        ["1.1 Gouvernance", BODY, "1.1.1 Nommer un élu", "1.1.2 Réunir un comité", "1.1.3 Publier un bilan", "1.2 Diagnostic", BODY],
    )
    assert _paths(segments) == [["1.1"], ["1.2"]]
    assert "1.1.2 Réunir un comité" in " ".join(line.text for line in segments[0].lines)


def test_a_document_without_numbering_has_no_path(patterns: Patterns) -> None:
    segments = _segments(patterns, ["LES JARDINS", BODY, "Les haies sont conservées.", BODY])
    assert all(not s.position.path for s in segments)
    assert segments[0].position.section == "LES JARDINS"


def test_a_headline_in_capitals_around_a_short_line_is_one_heading(patterns: Patterns) -> None:
    # A newsletter's headline: capitals, then a dated line that is not, then capitals again,
    # the whole wrapped in Markdown's "**" as some exports leave it. Its articles' passages
    # are found by what the headline says, so the dated line must be part of the heading.
    segments = _segments(
        patterns,
        ["LETTRE N°3 — MARS 2021", "**12 mars 2021, 5e COMITÉ DE SUIVI", "AU PROGRAMME : LES JARDINS DES CITÉS", "ET LEURS HAIES**", BODY],
    )
    assert [s.position.section for s in segments] == [
        "LETTRE N°3 — MARS 2021 12 mars 2021, 5e COMITÉ DE SUIVI AU PROGRAMME : LES JARDINS DES CITÉS ET LEURS HAIES"
    ]


def test_a_sentence_between_two_lines_in_capitals_ends_the_first_heading(patterns: Patterns) -> None:
    segments = _segments(patterns, ["LES JARDINS", "Les haies sont conservées.", BODY, BODY, "LES FAÇADES", BODY, BODY])
    assert [s.position.section for s in segments] == ["LES JARDINS", "LES FAÇADES"]


def test_a_bullet_is_a_glyph_not_markdown_emphasis(patterns: Patterns) -> None:
    # "* item" is a list item and starts a sentence; "**Bold**" opening a line is not one.
    segments = _segments(patterns, ["LES JARDINS", BODY, "* une haie par parcelle", "**Les clôtures** restent basses.", BODY])
    lines = [line.text for line in segments[0].lines]
    breaks = {lines[i] for i in segments[0].breaks}
    assert "* une haie par parcelle" in breaks
    assert "**Les clôtures** restent basses." not in breaks


def test_a_list_between_two_headings_is_not_part_of_either(patterns: Patterns) -> None:
    # Two short lines or more between capitals are a list (a contact block, dates).
    segments = _segments(patterns, ["CONTACTS", "Tél. : 01 02 03 04 05", "Courriel : accueil@exemple.fr", "LES CHANTIERS", BODY, BODY])
    assert segments[-1].position.section == "LES CHANTIERS"


def test_a_heading_block_does_not_run_across_a_page_break(patterns: Patterns) -> None:
    lines = [Line(page=1, text="LES RÉSEAUX"), Line(page=1, text="Sommaire du guide"), Line(page=2, text="FICHE GÉNÉRIQUE")]
    segments = StructureParser(patterns).segments([*lines, Line(page=2, text=BODY), Line(page=2, text=BODY)])
    assert segments[-1].position.section == "FICHE GÉNÉRIQUE"


def test_a_bookmarked_heading_is_cited_as_marked_whatever_follows(patterns: Patterns) -> None:
    marked = Line(page=1, text="Le registre des demandes", outline_level=1, outline_title="Le registre des demandes")
    lines = [marked, Line(page=1, text="Mise à jour 2021"), Line(page=1, text="LES JARDINS"), *[Line(page=1, text=BODY)] * 2]
    sections = [s.position.section for s in StructureParser(patterns).segments(lines)]
    assert "Le registre des demandes" in sections and all("Mise à jour" not in (s or "") for s in sections)


def _first_position(patterns: Patterns, *typed: tuple[str, tuple[float, bool] | None]) -> Position:
    """The position of a document's first segment, each line set in the given display type
    (None: body type), a paragraph after them."""
    lines = [Line(page=1, text=t, display=kind is not None, display_type=kind) for t, kind in typed]
    return StructureParser(patterns).segments([*lines, Line(page=1, text=BODY)])[0].position


def test_a_title_wrapped_in_its_display_type_goes_on_on_the_next_line(patterns: Patterns) -> None:
    large, smaller = (22.0, True), (14.0, True)
    position = _first_position(patterns, ("AXE 1 : HABITAT ET QUALITÉ DU", large), ("CADRE DE VIE", large), ("LES ENJEUX", smaller))
    # "LES ENJEUX", in another type, is no part of the axis's title.
    assert position.axis_title == "HABITAT ET QUALITÉ DU CADRE DE VIE"


def test_a_list_item_set_in_the_heading_s_type_is_not_its_title(patterns: Patterns) -> None:
    bold = (10.0, True)
    position = _first_position(
        patterns,
        ("1.2 Les différents services", bold),
        ("• Les services administratifs forment le noyau", bold),
        ("Les régies sont gérées directement par la commune.", bold),
    )
    assert position.recommendation_title == "Les différents services"


@pytest.mark.parametrize(
    ("printed", "listed", "title"),
    [
        # The number on its line, the title under it: the bookmark names both.
        (["PRÉCONISATION 1.1", "Isoler les murs"], "PRÉCONISATION 1.1 Isoler les murs", "Isoler les murs"),
        # A title that wraps: the bookmark holds all of it.
        (["Action 1.1 - Isoler les murs en tenant compte", "des usages des habitants"], "Action 1.1 - Isoler les murs en tenant compte des usages des habitants", "Isoler les murs en tenant compte des usages des habitants"),
    ],
)
def test_a_bookmarked_title_over_several_lines_is_read_once(patterns: Patterns, printed: list[str], listed: str, title: str) -> None:
    heading = (12.0, True)
    lines = [
        Line(page=1, text=printed[0], outline_level=1, outline_title=listed, display=True, display_type=heading, size=12.0),
        *(Line(page=1, text=t, outline_level=1, display=True, display_type=heading, size=12.0) for t in printed[1:]),
        Line(page=1, text=BODY, size=10.0),
    ]
    position = StructureParser(patterns).segments(lines)[0].position
    assert (position.recommendation, position.recommendation_title) == ("1.1", title)
