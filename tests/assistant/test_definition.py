"""What an acronym stands for: the question's form, and the sentence that spells it out."""

import pytest

from erbm.assistant.definition import asked_acronym, glosses, spells_out


@pytest.mark.parametrize(
    ("question", "acronym"),
    [
        ("Que signifie CNL ?", "CNL"),
        ("Que veut dire le sigle MNE ?", "MNE"),
        ("Qu'est-ce que la CCSPL ?", "CCSPL"),
        ("Quelle est la signification de CD2E ?", "CD2E"),
        ("Que désigne PLPDMA ?", "PLPDMA"),
    ],
)
def test_a_question_asking_what_an_acronym_means(question: str, acronym: str) -> None:
    assert asked_acronym(question) == acronym


@pytest.mark.parametrize(
    "question",
    ["Quel est le rôle de la CNL ?", "Qu'est-ce que la CNL décide ?", "Que signifie ce label ?", "Combien de membres compte la CNL ?"],
)
def test_other_questions_about_an_acronym(question: str) -> None:
    assert asked_acronym(question) is None


def test_the_words_next_to_the_acronym_spell_it_out() -> None:
    assert spells_out("La Commission Nationale du Label (CNL) est :", "CNL")
    assert spells_out("le MNE (Médiateur national de l’énergie) est saisi", "MNE")
    # In lower case, with linking words and elided articles.
    assert spells_out("les communes créent une commission consultative des services publics locaux (CCSPL).", "CCSPL")
    assert spells_out("la Taxe d’Enlèvement des Ordures Ménagères (TEOM) incitative", "TEOM")


def test_a_sentence_that_only_uses_the_acronym_does_not() -> None:
    assert not spells_out("La date de CNL au cours de laquelle seront analysés la candidature.", "CNL")
    assert not spells_out("Plan Climat (PCAET) Axe 1", "PCAET")  # half of it
    assert not spells_out("des partenaires (bailleurs, AULA, Mission Bassin Minier, CD2E, IREV, ...)", "IREV")


def test_a_gloss_in_brackets_is_not_a_definition_but_is_the_documents_own() -> None:
    text = "des formations de pilotes, de techniciens supérieurs (TSEEAC et TSA) et d'instructeurs."
    assert not spells_out(text, "TSA") and glosses(text, "TSA") and glosses(text, "TSEEAC")
    assert glosses("2. Plan CAE (COT) Aurore", "COT")
    assert not glosses("des partenaires (bailleurs, AULA, CD2E, IREV, ...)", "IREV")  # a list, not a gloss
