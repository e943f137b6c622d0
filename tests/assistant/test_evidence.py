from erbm.assistant.evidence import EvidenceJudge, coverage, specific_phrases, specific_terms, specific_words, unknown_terms
from erbm.assistant.facade import Assistant
from erbm.index.analysis import analyse
from erbm.index.lexical import LexicalIndex
from erbm.models import Chunk, Passage


def test_specific_words_are_names_acronyms_and_numbers() -> None:
    assert specific_words("Quel taux de TVA à Paris en 2024 ?") == ["TVA", "Paris", "2024"]
    assert specific_words("Quelle étiquette après travaux ?") == []


def test_unknown_terms_are_those_the_corpus_never_names(shared_assistant: Assistant) -> None:
    lexical = shared_assistant.lexical
    assert unknown_terms("Que fait l'Anah à Oignies en 2017 ?", lexical) == ["Anah"]


def test_coverage_counts_french_stem_variants(shared_assistant: Assistant) -> None:
    lexical = shared_assistant.lexical
    chunk = next(c for c in lexical.chunks if "réhabilitant" in c.text)
    # Snowball stems "réhabilités" and "réhabilitant" differently; the shared prefix still covers it.
    assert coverage(analyse("logements réhabilités"), lexical.terms_of(chunk.id), lexical) == 1.0


def test_judge_refuses_when_a_specific_is_unknown(shared_assistant: Assistant) -> None:
    lexical = shared_assistant.lexical
    question = "Quel est le taux de TVA des travaux de rénovation des logements miniers ?"
    passages = shared_assistant.retriever.retrieve(question, k=5)
    evidence = EvidenceJudge(min_evidence=0.0, dense_reference=0.0, dense_gain=0.0).judge(
        question, analyse(question), passages, lexical
    )
    assert evidence.unknown_terms == ["TVA"] and not evidence.sufficient


def test_abstention_names_what_the_documents_do_not_mention(shared_assistant: Assistant) -> None:
    answer = shared_assistant.ask("Quelles aides l'Anah verse-t-elle aux propriétaires occupants ?")
    assert answer.abstained and "« Anah »" in answer.text


def test_specific_phrases_keep_neighbouring_words_together() -> None:
    assert specific_phrases("Qui préside la Mission Bassin Minier ?") == ["Mission Bassin Minier"]
    assert specific_phrases("Que fait l'ERBM à Oignies en 2019 ?") == ["ERBM", "Oignies", "2019"]
    assert specific_phrases("Quelle étiquette après travaux ?") == []


def test_specific_terms_are_the_index_terms_of_names_acronyms_and_numbers() -> None:
    question = "Quand la cité Declercq d'Oignies a-t-elle été rénovée en 2019 ?"
    assert specific_terms(question, analyse(question)) == ["declercq", "oign", "2019"]


def _passages(*texts: str) -> tuple[list[Passage], LexicalIndex]:
    chunks = [
        Chunk(id=f"c{i}", doc_id="d", index=i, text=t, title="Doc", file_name="d.md", source_path="d.md", page_start=1, page_end=1)
        for i, t in enumerate(texts)
    ]
    return [Passage(chunk=c, score=0.0) for c in chunks], LexicalIndex(chunks)


def test_a_passage_must_name_the_specifics_and_share_something_else() -> None:
    judge = EvidenceJudge(min_evidence=0.0, dense_reference=0.0, dense_gain=0.0)
    (walk, works, both), lexical = _passages(
        "Une balade urbaine dans la cité Declercq à Oignies.",
        "Les travaux se terminent à une date annoncée plus tard.",
        "Les travaux de la cité Declercq à Oignies ont commencé.",
    )
    specific, rest = ["Declercq", "Oignies"], analyse("date travaux terminés")
    assert judge.anchored([], rest, walk, lexical)
    assert not judge.anchored(specific, rest, walk, lexical)
    assert not judge.anchored(specific, rest, works, lexical)
    assert judge.anchored(specific, rest, both, lexical)


def test_a_name_spelled_otherwise_still_anchors() -> None:
    judge = EvidenceJudge(min_evidence=0.0, dense_reference=0.0, dense_gain=0.0)
    (ceuta, gaul), lexical = _passages(
        "Ceuta et Melilla font partie de l'Union européenne.",
        "Les Gaulois occupaient l'île vers 52 av. J.-C.",
    )
    assert judge.anchored(["UE"], analyse("partie"), ceuta, lexical)
    assert judge.anchored(["Gaule", "JC"], analyse("occupaient"), gaul, lexical)


def test_naming_what_the_question_is_about_is_not_answering_it(shared_assistant: Assistant) -> None:
    # The corpus mentions the cités Crombez and Declercq (a walk with their residents), never
    # who owns them: the passage naming them is close to both questions (it was taken as
    # evidence for the first before anchoring), and answers only the second.
    refused = shared_assistant.ask("Quel bailleur possède la cité Crombez à Noyelles ?")
    assert refused.abstained and refused.citations == []
    assert "mentionnent « Crombez », « Noyelles », mais ne répondent pas" in refused.text
    answer = shared_assistant.ask("Que s'est-il passé dans la cité Declercq à Oignies ?")
    assert not answer.abstained and "Declercq" in answer.citations[0].quote
