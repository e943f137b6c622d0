from erbm.index.analysis import QUANTITY, adjacent_pairs, analyse, question_pairs


def test_ordinals_have_one_spelling() -> None:
    assert analyse("le 1er Comité de pilotage") == analyse("le premier comité de pilotage")
    assert analyse("la 1ère version") == analyse("la première version")
    assert analyse("4ème comité") == analyse("4e comité")


def test_elisions_thousands_and_accents() -> None:
    assert analyse("l'étiquette énergétique") == analyse("etiquette energetique")
    assert analyse("23 000 logements") == ["23000", "log"]


def test_number_words_have_one_spelling() -> None:
    assert analyse("les quatre axes") == analyse("les 4 axes")
    assert analyse("mille logements") == analyse("1 000 logements")
    # "un"/"une" are articles far more often than numbers: they stay stopwords.
    assert analyse("un partenariat") == analyse("partenariat")
    assert analyse("un logement neuf") == analyse("des logements neufs") == ["log", "neuf"]


def test_how_many_pairs_with_any_number() -> None:
    asked = question_pairs("Combien de partenaires ont signé l'ERBM ?")
    assert (QUANTITY, "partenair") in asked
    assert (QUANTITY, "partenair") in adjacent_pairs(analyse("les douze partenaires"))
    assert (QUANTITY, "partenair") in adjacent_pairs(analyse("les 12 partenaires"))
    assert (QUANTITY, "partenair") not in adjacent_pairs(analyse("les partenaires"))


def test_a_number_the_question_names_matches_only_itself() -> None:
    asked = question_pairs("Quels sont les quatre axes ?")
    assert asked == {("4", "axe")}
    assert not asked & adjacent_pairs(analyse("les 6 axes"))


def test_a_modal_verb_asks_nothing_in_any_tense() -> None:
    # « peut » and « doit » were question words, « pourrait » and « devront » were topic terms:
    # « Qu'est-ce que pourrait faire Oséo ? » then had to find « pourr » in Oséo's passage.
    for phrase in ("peut faire", "pourrait faire", "pourraient", "devront", "devrait", "faudrait", "font"):
        assert analyse(phrase) == [], phrase
    assert analyse("le pouvoir d'achat") == ["pouvoir", "achat"]
