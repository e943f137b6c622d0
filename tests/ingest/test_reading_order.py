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


def _row(cells: list[tuple[str, float]], below: list[tuple[str, float]], y: float = 700) -> list[Piece]:
    return [*(_at(t, x, y, 10) for t, x in cells), _at("\n", 0, 0), *(_at(t, x, y - 20, 10) for t, x in below)]


def test_a_table_row_s_cells_are_told_apart_where_the_next_line_starts_in_one() -> None:
    # Number | title | text: the text's next line starts under its first, 21 ems right.
    pieces = _row([("1.1", 31), (" Isoler les murs", 74), (" La recommandation demande", 244)], [("de les isoler.", 244)])
    assert _text(pieces) == "1.1 | Isoler les murs\n La recommandation demande\nde les isoler."
    # A cell that ends with its own mark takes no rule.
    marked = _row([("1.", 31), (" Isoler les murs", 74), (" La recommandation demande", 244)], [("de les isoler.", 244)])
    assert _text(marked) == "1. Isoler les murs\n La recommandation demande\nde les isoler."


def test_lines_that_are_no_table_row_stay_as_extracted() -> None:
    cases = [
        # Two columns of text: the next line starts where this one does.
        _row([("la fin du paragraphe", 31), (" Le début de l'autre", 300)], [("la suite du texte", 31)]),
        # A hanging indent: the item's text starts an em and a half right of its number.
        _row([("1.", 31), (" Le bailleur présente le projet", 46)], [("aux locataires.", 46)]),
        # A page number's digits stacked under each other.
        _row([("FEDERATION NATIONALE DES COLLECTIVITES ", 31), ("2", 500)], [("1", 500)]),
    ]
    for pieces in cases:
        assert _text(pieces) == "".join(p.text for p in pieces)


def test_a_cell_that_fills_its_column_ends_where_other_rows_cells_start() -> None:
    # « Fiche-action 1.1 » nearly fills its cell: its width alone does not tell the title's
    # start, the title column's start in the next row does.
    def row(n: int, y: float) -> list[Piece]:
        return _row([(f"Fiche-action 1.{n}", 31), (" Isoler", 110), (" La recommandation", 250)], [("demande.", 250)], y)

    assert _text([*row(1, 700), _at("\n", 0, 0), *row(2, 600)]) == (
        "Fiche-action 1.1 | Isoler\n La recommandation\ndemande.\nFiche-action 1.2 | Isoler\n La recommandation\ndemande."
    )
    # One row alone: no second row bears the column out.
    assert _text(row(1, 700)) == "Fiche-action 1.1 Isoler\n La recommandation\ndemande."
