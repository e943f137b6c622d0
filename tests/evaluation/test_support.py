"""The evaluation's own support check, apart from the answerer's: numbers and names of a kept
sentence must be in one sentence of a passage it cites."""

from erbm.evaluation.support import answer_sentences, markers, sentence_supported

PASSAGE = (
    "Cet engagement a été confirmé lors de la visite d'Édouard Philippe à la cité Lemay à Pecquencourt en février 2018. "
    "Un partenariat de 12 acteurs est engagé sur 10 ans pour ce vaste territoire de 250 communes."
)


def test_numbers_and_names_must_share_one_sentence() -> None:
    assert sentence_supported("Le partenariat réunit 12 acteurs pour dix ans [1].", [PASSAGE])
    assert sentence_supported("Edouard Philippe est venu à la cité Lemay en 2018 [1].", [PASSAGE])
    assert not sentence_supported("La cité Lemay compte 250 communes [1].", [PASSAGE])  # 250 is another sentence's
    assert not sentence_supported("Le partenariat réunit 14 acteurs [1].", [PASSAGE])
    assert not sentence_supported("Emmanuel Macron est venu à la cité Lemay en 2018 [1].", [PASSAGE])


def test_answer_sentences_keep_their_markers() -> None:
    sentences = answer_sentences("Le label dure quatre ans. [1] Il est renouvelable [2].")
    assert [markers(s) for s in sentences] == [[1], [2]]


def test_a_sentence_the_passage_holds_verbatim_is_supported() -> None:
    # This check's sentences also end at « ; »: a verbatim span across one states nothing new.
    passage = "La Région a voté l'actualisation le 19 juin 2025 ; elle couvre la période 2025-2027 (source : Région, 20 juin 2025)."
    assert sentence_supported("La Région a voté l'actualisation le 19 juin 2025 ; elle couvre la période 2025-2027 [1].", [passage])
    assert not sentence_supported("La Région a voté la période 2025-2027 le 19 juin 2025 [1].", [passage])
