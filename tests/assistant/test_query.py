from erbm.assistant.facade import Assistant
from erbm.assistant.query import Query, specific_phrases, specific_words, yes_no_subject
from erbm.index.lexical import LexicalIndex


def test_specific_words_are_names_acronyms_and_numbers() -> None:
    assert specific_words("Quel taux de TVA à Paris en 2024 ?") == ["TVA", "Paris", "2024"]
    assert specific_words("Quelle étiquette après travaux ?") == []


def test_unknown_words_are_those_the_corpus_never_names(shared_assistant: Assistant) -> None:
    lexical = LexicalIndex(shared_assistant.chunks())
    assert Query("Que fait l'Anah à Oignies en 2017 ?", lexical).unknown == ["Anah"]


def test_a_yes_no_question_is_about_its_subject() -> None:
    assert yes_no_subject("La toiture des maisons minières est-elle refaite ?") == "toiture"
    assert yes_no_subject("Un dossier incomplet peut-il être étudié ?") == "dossier"
    assert yes_no_subject("L'engagement a-t-il été signé à Oignies ?") == "engagement"
    assert yes_no_subject("le loyer peut il augmenter ?") == "loyer"  # typed without hyphens
    # Not a yes/no question, or no determiner before a name.
    assert yes_no_subject("Quand la délégation s'est-elle installée ?") is None
    assert yes_no_subject("Combien de logements seront-ils rénovés ?") is None
    assert yes_no_subject("Ceuta fait-elle partie de l'UE ?") is None


def test_the_subject_of_a_yes_no_question_must_be_named(shared_assistant: Assistant) -> None:
    lexical = LexicalIndex(shared_assistant.chunks())
    # The documents speak of renovating miners' houses, never of their shutters.
    assert Query("Les volets des maisons minières sont-ils changés pendant les travaux ?", lexical).unknown == ["volets"]
    assert Query("La délégation est-elle installée à Oignies ?", lexical).unknown == []
    refused = shared_assistant.ask("Les volets des maisons minières sont-ils changés pendant les travaux ?")
    assert refused.abstained and "volets" in refused.text


def test_coverage_counts_french_stem_variants(shared_assistant: Assistant) -> None:
    lexical = LexicalIndex(shared_assistant.chunks())
    chunk = next(c for c in lexical.chunks if "réhabilitant" in c.text)
    # Snowball stems "réhabilités" and "réhabilitant" differently; the shared prefix still covers it.
    assert Query("logements réhabilités", lexical).coverage(lexical.terms_of(chunk.id)) == 1.0


def test_specific_phrases_keep_neighbouring_words_together() -> None:
    assert specific_phrases("Qui préside la Mission Bassin Minier ?") == ["Mission Bassin Minier"]
    assert specific_phrases("Que fait l'ERBM à Oignies en 2019 ?") == ["ERBM", "Oignies", "2019"]
    assert specific_phrases("Quelle étiquette après travaux ?") == []


def test_specific_terms_are_the_index_terms_of_names_acronyms_and_numbers() -> None:
    query = Query("Quand la cité Declercq d'Oignies a-t-elle été rénovée en 2019 ?", LexicalIndex([]))
    assert query.specific_terms == ["declercq", "oign", "2019"]


def test_each_part_is_analysed_once() -> None:
    query = Query("Combien de logements à Oignies ?", LexicalIndex([]))
    assert query.terms is query.terms and query.pairs is query.pairs and query.unknown is query.unknown
