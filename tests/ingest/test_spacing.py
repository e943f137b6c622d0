"""Letter-spaced PDF text is segmented again into words."""

from __future__ import annotations

from pathlib import Path

from erbm.ingest.cleanup import clean_pages
from erbm.ingest.loaders import load_document
from erbm.ingest.patterns import Patterns
from erbm.ingest.spacing import letter_spaced, repair_spacing
from erbm.settings import Settings
from tests.conftest import REAL_CORPUS

# Well-extracted lines of the same document: where its own names (« Chelles ») come from.
CONTEXT = [
    "Le réseau de chaleur de Chelles est exploité par la société Chelles Chaleur.",
    "Les abonnés sont informés des travaux par le gestionnaire de leur immeuble.",
]


def test_a_letter_spaced_line_is_read_as_words() -> None:
    spaced = "pu b lic s aya n t un ca ract è re i n du st r ie l et comm erc ial à Ch e l les"
    assert letter_spaced(spaced)
    assert repair_spacing([*CONTEXT, spaced])[-1] == "publics ayant un caractère industriel et commercial à Chelles"


def test_an_elision_joins_its_word_and_punctuation_keeps_its_space() -> None:
    spaced = "Ai n si , l’ o bl iga t io n d ’ un re c our s grat u it s’ appl iq ue"
    assert repair_spacing([*CONTEXT, spaced])[-1] == "Ainsi, l’obligation d’un recours gratuit s’applique"


def test_ordinary_lines_with_short_words_are_left_alone() -> None:
    lines = [*CONTEXT, "Un an à 5 % : le taux de TVA de 5,5 % et l’AMO du site.", "Et en fin de compte, à la fin il y a un an de plus."]
    assert repair_spacing(lines) == lines


def test_the_real_guide_s_letter_spaced_pages_are_indexed_as_words() -> None:
    patterns = Patterns.load(Settings().patterns_file)
    raw = load_document(REAL_CORPUS / "fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf", max_bytes=10**8, max_pages=100)
    before = [line for page in raw.pages for line in page.splitlines() if letter_spaced(line)]
    after = [line.text for line in clean_pages(raw, patterns)]
    assert len(before) > 50
    assert sum(letter_spaced(line) for line in after) <= 2
    text = " ".join(after)
    assert "tous les professionnels en relation avec des consommateurs" in text
    assert "un caractère industriel et commercial" in text


def test_a_document_with_no_spaced_line_is_unchanged(tmp_path: Path) -> None:
    lines = ["Première ligne ordinaire du document.", "Deuxième ligne, tout aussi ordinaire."]
    assert repair_spacing(lines) is lines
