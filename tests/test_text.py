"""Text repair of what PDF fonts produce instead of characters."""

import pytest

from erbm.text import repair_glyphs, split_sentences


def test_a_ligature_exported_as_a_control_character_is_repaired_inside_words() -> None:
    assert repair_glyphs("informa\x1fon et ges\x1fon") == "information et gestion"


def test_symbol_font_bullets_become_bullets_at_line_start_and_go_elsewhere() -> None:
    assert repair_glyphs("\uf0b7 premier point\n  \uf0a7 second") == "• premier point\n  • second"
    assert repair_glyphs("milieu\uf0e0 de ligne") == "milieu de ligne"


def test_other_control_characters_are_never_indexed() -> None:
    repaired = repair_glyphs("fin.\x1f Début\x07 suite\x00")
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in repaired)
    assert "Début" in repaired and "suite" in repaired


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # A list item printed on two lines is one sentence.
        ("La CNL est :\n• composée de 7 personnes désignées par le comité\nnational stratégique CNS.",
         ["La CNL est :", "• composée de 7 personnes désignées par le comité\nnational stratégique CNS."]),
        # A line that ends a sentence, or a next line in capitals, a bullet or a figure, starts anew.
        ("Fin de phrase.\nsuite en minuscules", ["Fin de phrase.", "suite en minuscules"]),
        ("Un titre\nLe texte.", ["Un titre", "Le texte."]),
        ("Les étapes :\n• relever\n2. isoler", ["Les étapes :", "• relever", "2. isoler"]),
    ],
)
def test_a_line_break_inside_a_sentence_is_no_sentence_end(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == sentences
