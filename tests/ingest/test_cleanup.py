from pathlib import Path

import pytest

from erbm.ingest.cleanup import clean_pages
from erbm.ingest.loaders.base import RawDocument
from erbm.ingest.loaders.typography import TypedLine
from erbm.ingest.patterns import Patterns
from erbm.settings import Settings
from erbm.text import clean_text, join_hyphenated_lines, nfkc, normalise_for_match


@pytest.fixture(scope="module")
def patterns() -> Patterns:
    return Patterns.load(Settings().patterns_file)


def lines_of(pages: list[str], patterns: Patterns, **kw) -> list[str]:
    return [line.text for line in clean_pages(RawDocument(path=Path("x.pdf"), pages=pages, **kw), patterns)]


def test_nfkc_folds_ligatures() -> None:
    assert nfkc("efﬁcacité ﬂux") == "efficacité flux"


def test_soft_hyphens_are_removed() -> None:
    assert nfkc("réhabi\u00adlitation") == "réhabilitation"


def test_hyphenated_line_end_is_joined() -> None:
    assert join_hyphenated_lines("l'éti-\nquette") == "l'étiquette"


def test_compound_word_split_before_capital_keeps_its_hyphen() -> None:
    assert join_hyphenated_lines("Pas-de-\nCalais") == "Pas-de-Calais"


def test_whitespace_collapsed() -> None:
    assert clean_text("les  partenaires \n vérifient\t ce point") == "les partenaires vérifient ce point"


def test_match_form_is_case_and_hyphen_insensitive() -> None:
    assert normalise_for_match("BBC  Réno-\nvation") == "bbc rénovation"


def test_running_header_and_footer_removed(patterns: Patterns) -> None:
    pages = [
        f"Référentiel des cités\nCorps de la page {i} avec du texte.\nDocument de travail — page {i}"
        for i in range(1, 5)
    ]
    out = lines_of(pages, patterns)
    assert out == [f"Corps de la page {i} avec du texte." for i in range(1, 5)]


def test_an_axis_number_opening_each_page_is_a_heading_not_a_running_header(patterns: Patterns) -> None:
    # "AXE 1", "AXE 2", "AXE 3" at the top of their pages differ by their number only, as
    # page numbers do; a running header repeats its words ("Chapitre 2" on two pages).
    body = "\n".join(f"Ligne {n} du corps de la page, avec du texte." for n in range(4))
    pages = [f"Référentiel\nAXE {i}\nTITRE DE L'AXE {i}\n{body}\nFin de la page {i}." for i in range(1, 4)]
    assert [line for line in lines_of(pages, patterns) if line.startswith("AXE")] == ["AXE 1", "AXE 2", "AXE 3"]
    running = [f"Référentiel\nChapitre 2\n{body}\nFin de la page {i}." for i in range(1, 4)]
    assert "Chapitre 2" not in lines_of(running, patterns)


def test_a_large_bare_number_above_a_large_title_is_a_heading_number_not_a_page_number(patterns: Patterns) -> None:
    body = [f"Ligne {n} du corps de la page, avec du texte courant." for n in range(4)]

    def pages(numbers: list[str], titles: list[str]) -> tuple[list[str], list[list[TypedLine]]]:
        texts, typed = [], []
        for number, title in zip(numbers, titles, strict=True):
            lines = ["Référentiel d'essai", number, title, *body]
            texts.append("\n".join(lines))
            typed.append([TypedLine(lines[0], 9.0, False), TypedLine(number, 16.0, True, lettered=False),
                          TypedLine(title, 16.0, True), *(TypedLine(b, 11.0, False) for b in body)])
        return texts, typed

    def kept(numbers: list[str], titles: list[str]) -> list[str]:
        texts, typed = pages(numbers, titles)
        return [n for n in numbers if n in lines_of(texts, patterns, typed_lines=typed)]

    assert kept(["1", "2", "3"], ["HABITAT", "ESPACES PUBLICS", "VIE DES HABITANTS"]) == ["1", "2", "3"]
    # One alone, or the same on every page, is an ornament; so is a number its title repeats
    # ("1 - Définition…").
    assert kept(["1"], ["HABITAT"]) == []
    assert kept(["7", "7", "7"], ["HABITAT", "ESPACES PUBLICS", "VIE DES HABITANTS"]) == []
    assert kept(["1", "2", "3"], ["1 - HABITAT", "2 - ESPACES PUBLICS", "3 - VIE DES HABITANTS"]) == []
    # A large page number above the publication's running title at the top of each page (the
    # ADEME référentiel).
    texts, typed = pages(["1", "2", "3"], ["HABITAT", "ESPACES PUBLICS", "VIE DES HABITANTS"])
    texts = [t.split("\n", 1)[1].replace("\n", "\nRÉFÉRENTIEL ÉCONOMIE CIRCULAIRE\n", 1) for t in texts]
    typed = [[t[1], TypedLine("RÉFÉRENTIEL ÉCONOMIE CIRCULAIRE", 16.0, True), *t[2:]] for t in typed]
    assert not {"1", "2", "3"} & set(lines_of(texts, patterns, typed_lines=typed))


def test_a_dotted_number_opening_each_page_is_a_heading_not_a_page_number(patterns: Patterns) -> None:
    # A page per recommendation: « 1.2 » over its title at the top of each page is a heading;
    # page numbers (« 3 », « 3-12 » as manuals number chapter and page) stay furniture.
    body = "\n".join(f"Ligne {n} du corps de la page, avec du texte." for n in range(4))
    numbers = ["1.1", "1.2", "2.1"]
    pages = [f"Référentiel\n{n}\nTitre de la recommandation {n}\n{body}\nFin de la page {n}." for n in numbers]
    assert [line for line in lines_of(pages, patterns) if line in numbers] == numbers
    for folios in (["3", "4", "5"], ["3-12", "3-13", "3-14"]):
        pages = [f"Référentiel\n{f}\n{body}\nFin de la page {f}." for f in folios]
        assert not set(folios) & set(lines_of(pages, patterns))


def test_page_numbers_removed(patterns: Patterns) -> None:
    pages = ["Premier paragraphe de texte.\n1 / 3", "- 2 -\nDeuxième paragraphe.", "Troisième.\nPage 3 sur 3"]
    assert lines_of(pages, patterns) == ["Premier paragraphe de texte.", "Deuxième paragraphe.", "Troisième."]


def test_title_repeated_at_top_of_single_page_removed(patterns: Patterns) -> None:
    body = ["Premier paragraphe.", "Deuxième paragraphe.", "Troisième paragraphe.", "Quatrième paragraphe."]
    out = lines_of(["\n".join(["Mon titre", "Mon titre", *body])], patterns, known_headers=["Mon titre"])
    assert out == body


def test_body_line_repeated_below_the_header_zone_is_kept(patterns: Patterns) -> None:
    endings = ["Une fin.", "Une autre fin de page.", "Et une dernière ligne différente."]
    pages = [f"En-tête\nAXE {i} – TITRE\nCet axe rassemble les recommandations.\n{endings[i - 1]}" for i in range(1, 4)]
    assert lines_of(pages, patterns).count("Cet axe rassemble les recommandations.") == 3


def test_table_of_contents_lines_removed(patterns: Patterns) -> None:
    out = lines_of(["Sommaire\nAXE 1 – PERFORMANCE ÉNERGÉTIQUE ........ 2\nAxe 2 : Loyers …… 3\nTexte."], patterns)
    assert out == ["Sommaire", "Texte."]


def test_text_after_the_contents_on_their_page_is_kept_above_a_folio(patterns: Patterns) -> None:
    # « Page 1 » at the page's foot ends with a page reference as entries do: it is no entry.
    page = "Sommaire\nAXE 1 : HABITAT ........ 1\nAXE 2 : ESPACES ........ 2\nAXE 3 : VIE ........ 3\nAXE 1 : HABITAT\nLe texte de l'axe.\nPage 1"
    assert lines_of([page], patterns) == ["Sommaire", "AXE 1 : HABITAT", "Le texte de l'axe."]


def test_a_contents_entry_whose_number_stands_on_its_own_line_is_dropped_whole(patterns: Patterns) -> None:
    page = "Sommaire\nAXE 1\nHABITAT ET ÉNERGIE ........ 2\nAXE 2\nESPACES PUBLICS ........ 3\nFin du sommaire."
    assert lines_of([page], patterns) == ["Sommaire", "Fin du sommaire."]


def test_contents_with_page_references_are_dropped_with_their_wrapped_titles(patterns: Patterns) -> None:
    contents = (
        "Table des matières\n"
        "I. D'un dialogue continu entre le service, ses\n"
        "abonnés et usagers au traitement local des\n"
        "litiges P3\n"
        "1. RAPPEL SUR LES NOTIONS D'ABONNES ET USAGERS DU SERVICE DE\n"
        "CHALEUR P3\n"
        "II. La médiation en matière de réseaux de chaleur\n"
        "P10\n"
        "3. QUI PEUT SAISIR LE MEDIATEUR ?P14\n"
        "Annexes p. 23"
    )
    body = "I. D'un dialogue continu entre le service et ses abonnés\nLe service informe ses abonnés chaque année."
    assert lines_of([contents, body], patterns) == [
        "Table des matières",
        "I. D'un dialogue continu entre le service et ses abonnés",
        "Le service informe ses abonnés chaque année.",
    ]


def test_a_sentence_that_points_to_a_page_is_text(patterns: Patterns) -> None:
    page = (
        "Le calendrier des travaux est rappelé\n"
        "dans l'annexe, voir page 7\n"
        "et la liste des contacts figure en p. 9\n"
        "Les habitants sont informés par courrier."
    )
    assert lines_of([page], patterns) == page.split("\n")
