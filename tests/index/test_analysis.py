from erbm.index.analysis import analyse


def test_ordinals_have_one_spelling() -> None:
    assert analyse("le 1er Comité de pilotage") == analyse("le premier comité de pilotage")
    assert analyse("la 1ère version") == analyse("la première version")
    assert analyse("4ème comité") == analyse("4e comité")


def test_elisions_thousands_and_accents() -> None:
    assert analyse("l'étiquette énergétique") == analyse("etiquette energetique")
    assert analyse("23 000 logements") == ["23000", "log"]
