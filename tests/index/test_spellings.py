from erbm.index.spellings import Spellings

TEXTS = [
    "Le 7 mars 2017, le Premier ministre était à Oignies. Il a visité la cité Lemay à Pecquencourt.",
    "La rénovation des logements de l'ERBM est financée par l'État. QUI PEUT SAISIR LE MÉDIATEUR ?",
    "Le médiateur répond sur energie-mediateur.fr ou à contact@mediateur-energie.fr.",
    "Le Micro-lycée de Liévin ouvre. Une cote, une côte, à la ligne : il a ou il est où.",
]


def test_accents_the_corpus_always_writes_are_put_back() -> None:
    spellings = Spellings(TEXTS)
    assert spellings.restore("Quelle renovation a Lievin ?") == "Quelle rénovation a Liévin ?"


def test_words_the_corpus_also_writes_unaccented_stay_as_typed() -> None:
    # « a » / « à », « ou » / « où », « cote » / « côte »: both are words; the user's stands.
    assert Spellings(TEXTS).restore("ou est la cote a Oignies ?") == "ou est la cote a Oignies ?"


def test_a_question_typed_without_capitals_gets_the_corpus_names() -> None:
    spellings = Spellings(TEXTS)
    assert spellings.restore("combien d habitants compte la cite lemay a pecquencourt ?") == (
        "combien d habitants compte la cité Lemay a Pecquencourt ?"
    )
    restored = spellings.restore("que fait l erbm et l etat au micro-lycee ?")
    assert restored == "que fait l ERBM et l État au Micro-lycée ?"


def test_capitals_are_left_alone_when_the_user_writes_some() -> None:
    # Whoever capitalises « Liévin » chose to write « état » in lower case.
    assert Spellings(TEXTS).restore("Quel état des lieux à Liévin ?") == "Quel état des lieux à Liévin ?"


def test_a_heading_in_capitals_makes_no_name_and_sentence_openings_do_not_count() -> None:
    spellings = Spellings(TEXTS)
    # « SAISIR » only in a line of capitals; « Une » and « Le » only where a sentence opens.
    assert spellings.restore("qui peut saisir le mediateur ? une fois") == "qui peut saisir le médiateur ? une fois"


def test_a_word_the_corpus_does_not_have_stays_as_typed() -> None:
    assert Spellings(TEXTS).restore("combien coute un isolant ?") == "combien coute un isolant ?"


def test_words_in_capitals_do_not_count_as_written_without_accents() -> None:
    # French capitals drop their accents: « MEDIATEUR » is « médiateur » without them.
    spellings = Spellings(["LE ROLE DU MEDIATEUR. Le médiateur répond."])
    assert spellings.restore("que fait le mediateur ?") == "que fait le médiateur ?"


PHRASES = [
    "Les partenaires (bailleurs, AULA, Mission Bassin Minier, CD2E) ont écrit le texte.",
    "Le bassin minier compte 250 communes ; la mission du bassin minier est longue.",
    "La Mission Régionale d'Autorité Environnementale a rendu un avis. Un avis en mission régionale.",
    "Nous avons écrit au Conseil Municipal. Le conseil municipal vote.",
]


def test_a_name_of_several_common_words_gets_its_capitals_as_one_name() -> None:
    # « bassin », « minier », « mission » are common nouns word by word; in a row, always a name.
    spellings = Spellings(PHRASES)
    assert spellings.restore("qui dirige la mission bassin minier ?") == "qui dirige la Mission Bassin Minier ?"
    assert spellings.restore("que dit le bassin minier ?") == "que dit le bassin minier ?"
    # Typed with accents, a word keeps the user's spelling and gets its capital.
    assert spellings.restore("qui préside la mission bassin minier ?") == "qui préside la Mission Bassin Minier ?"


def test_a_name_with_de_and_an_apostrophe_is_one_name() -> None:
    spellings = Spellings(PHRASES)
    assert spellings.restore("qui preside la mission regionale d autorite environnementale ?") == (
        "qui preside la Mission Régionale d Autorité Environnementale ?"
    )
    # The name is the whole run: « mission régionale » alone is no name (and is once in lower case).
    assert spellings.restore("quelle mission regionale ?") == "quelle mission régionale ?"


def test_words_written_in_a_row_in_lower_case_as_often_are_no_name() -> None:
    # « Conseil Municipal » once, « conseil municipal » once: half the time is not a name.
    assert Spellings(PHRASES).restore("que vote le conseil municipal ?") == "que vote le conseil municipal ?"


def test_several_words_in_capitals_are_a_heading_not_a_name() -> None:
    spellings = Spellings(["Le texte. Voir LE ROLE DU MEDIATEUR NATIONAL. Le rôle du médiateur national est défini."])
    assert spellings.restore("quel est le role du mediateur national ?") == "quel est le rôle du médiateur national ?"
