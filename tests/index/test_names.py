"""Other spellings of a name must not make the assistant refuse; true unknowns still do."""

from erbm.index.names import NameIndex

CORPUS = [
    "Les Gaulois de la tribu des Parisii vivaient sur l'île vers 52 av. J.-C., il y a 2 100 ans.",
    "Ceuta et Melilla font partie de l'Union européenne ; la Mission Bassin Minier coordonne.",
]


def test_spellings_the_corpus_uses_for_the_same_name() -> None:
    names = NameIndex(CORPUS)
    assert names.knows("Gaule")  # "Gaulois"
    assert names.knows("JC")  # "J.-C."
    assert names.knows("UE")  # "Union européenne"
    assert names.knows("MBM")  # "Mission Bassin Minier"
    assert names.knows("2100")  # "2 100"
    assert names.knows("MELILLA") and names.knows("Île".lower())


def test_a_name_and_the_adjective_french_derives_from_it() -> None:
    names = NameIndex(["Des enclaves espagnoles sur le continent africain."])
    assert names.knows("Afrique") and names.knows("Espagne")
    assert not names.knows("Amérique")


def test_names_the_corpus_never_uses_stay_unknown() -> None:
    names = NameIndex(CORPUS)
    for word in ("Anah", "TVA", "2024", "Afrique", "UA"):
        assert not names.knows(word), word
