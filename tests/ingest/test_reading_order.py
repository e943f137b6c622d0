"""Reading order of text pieces, on pieces placed by hand (the PDF cases are in test_loaders.py)."""

from erbm.ingest.loaders.reading_order import Piece, in_reading_order


def _text(pieces: list[Piece]) -> str:
    return "".join(p.text for p in in_reading_order(pieces))


def _at(text: str, x: float, y: float, size: float = 11.0) -> Piece:
    return Piece(text, size, False, x, y)


def test_a_late_number_joins_its_title_and_the_text_is_otherwise_as_extracted() -> None:
    pieces = [_at("Isoler les murs", 60, 700), _at("1.1", 20, 700), _at("\n", 0, 0), _at("Le texte.", 20, 680)]
    assert _text(pieces) == "1.1 Isoler les murs\nLe texte."
    in_order = [_at("1.1", 20, 700), _at(" Isoler les murs", 40, 700), _at("\n", 0, 0), _at("Le texte.", 20, 680)]
    assert _text(in_order) == "1.1 Isoler les murs\nLe texte."


def test_a_line_opened_by_a_break_that_carries_text_is_left_alone() -> None:
    # extract_text sometimes hands "fin\ndébut" as one piece: what it opens is not moved into.
    pieces = [_at("Titre", 20, 700), _at("fin\ndébut", 20, 690), _at(" suite", 60, 690), _at("\n", 0, 0), _at("1.1", 5, 690)]
    assert _text(pieces) == "Titrefin\ndébut suite\n1.1"
