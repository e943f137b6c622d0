"""Text repair of what PDF fonts produce instead of characters."""

from erbm.text import repair_glyphs


def test_a_ligature_exported_as_a_control_character_is_repaired_inside_words() -> None:
    assert repair_glyphs("informa\x1fon et ges\x1fon") == "information et gestion"


def test_symbol_font_bullets_become_bullets_at_line_start_and_go_elsewhere() -> None:
    assert repair_glyphs("\uf0b7 premier point\n  \uf0a7 second") == "• premier point\n  • second"
    assert repair_glyphs("milieu\uf0e0 de ligne") == "milieu de ligne"


def test_other_control_characters_are_never_indexed() -> None:
    repaired = repair_glyphs("fin.\x1f Début\x07 suite\x00")
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in repaired)
    assert "Début" in repaired and "suite" in repaired
