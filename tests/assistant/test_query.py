from erbm.assistant.facade import Assistant
from erbm.assistant.query import Query, asked_about, specific_phrases, specific_words
from erbm.index.lexical import LexicalIndex


def test_specific_words_are_names_acronyms_and_numbers() -> None:
    assert specific_words("Quel taux de TVA à Paris en 2024 ?") == ["TVA", "Paris", "2024"]
    assert specific_words("Quelle étiquette après travaux ?") == []


def test_a_number_given_as_approximate_is_no_specific() -> None:
    assert specific_words("Quel financement pour environ 25 000 logements en 2017 ?") == ["2017"]
    assert specific_words("Quel territoire de près de 1,3 million d'habitants ?") == []
    assert specific_words("Que dit la Région de quelque 40 cités ?") == ["Région"]
    # Exact figures stay, decimals included.
    assert specific_words("Quel territoire de 1,3 million d'habitants ?") == ["1", "3"]
    # Nor is it a phrase the refusal could say the documents mention.
    assert specific_phrases("Quel financement de l'État pour environ 25 000 logements ?") == ["État"]
    assert specific_phrases("Quel financement de l'État pour 25 000 logements ?") == ["État", "25 000"]


def test_an_approximate_figure_the_documents_write_otherwise_is_answered(shared_assistant: Assistant) -> None:
    # The documents count 23 000 homes; the asker's « environ 25 000 » is not a name to find.
    answer = shared_assistant.ask("Quel financement l'État apporte-t-il à la rénovation d'environ 25 000 logements miniers ?")
    assert not answer.abstained and any("100 millions" in c.quote for c in answer.citations)


def test_unknown_words_are_those_the_corpus_never_names(shared_assistant: Assistant) -> None:
    lexical = LexicalIndex(shared_assistant.chunks())
    assert Query("Que fait l'Anah à Oignies en 2017 ?", lexical).unknown == ["Anah"]


def test_a_yes_no_question_is_about_its_subject_a_how_to_one_its_object() -> None:
    assert asked_about("La toiture des maisons minières est-elle refaite ?") == "toiture"
    assert asked_about("Un dossier incomplet peut-il être étudié ?") == "dossier"
    assert asked_about("L'engagement a-t-il été signé à Oignies ?") == "engagement"
    assert asked_about("le loyer peut il augmenter ?") == "loyer"  # typed without hyphens
    assert asked_about("Est-ce que les gouttières sont changées ?") == "gouttières"
    assert asked_about("est ce que le loyer augmente ?") == "loyer"
    # Not a yes/no question, or no determiner before a name.
    assert asked_about("Quand la délégation s'est-elle installée ?") is None
    assert asked_about("Combien de logements seront-ils rénovés ?") is None
    assert asked_about("Ceuta fait-elle partie de l'UE ?") is None
    assert asked_about("Qu'est-ce que le dispositif Bassin urbain à dynamiser ?") is None
    # A how-to question is about its verb's object.
    assert asked_about("Comment isoler les combles d'une maison minière ?") == "combles"
    assert asked_about("Comment se procurer le référentiel ?") == "référentiel"
    assert asked_about("Comment travailler avec les associations ?") == "associations"
    assert asked_about("Comment sensibiliser les habitants ?") == "habitants"
    assert asked_about("Comment la démarche se traduit-elle ?") is None


def test_what_a_yes_no_or_how_to_question_is_about_must_be_named(shared_assistant: Assistant) -> None:
    lexical = LexicalIndex(shared_assistant.chunks())
    # The documents speak of renovating miners' houses, never of their shutters.
    assert Query("Les volets des maisons minières sont-ils changés pendant les travaux ?", lexical).unknown == ["volets"]
    assert Query("La délégation est-elle installée à Oignies ?", lexical).unknown == []
    refused = shared_assistant.ask("Les volets des maisons minières sont-ils changés pendant les travaux ?")
    assert refused.abstained and "volets" in refused.text
    how = shared_assistant.ask("Comment repeindre les volets d'une maison minière ?")
    assert how.abstained and "volets" in how.text
    spoken = shared_assistant.ask("Est-ce que les volets des maisons minières sont repeints ?")
    assert spoken.abstained and "volets" in spoken.text


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
