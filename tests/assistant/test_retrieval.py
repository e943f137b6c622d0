from erbm.assistant.facade import Assistant
from erbm.index.analysis import adjacent_pairs, analyse
from erbm.text import contains_normalised


def test_adjacent_pairs_skip_stopwords() -> None:
    assert adjacent_pairs(analyse("le financement de l'État")) == {("financ", "etat")}
    assert adjacent_pairs(analyse("logements")) == frozenset()


def test_the_passage_holding_the_question_s_word_pairs_ranks_first(shared_assistant: Assistant, dev_questions: dict) -> None:
    # Title lines carrying "Délégation interministérielle ERBM" match every word of this
    # question one by one; only the passage naming the person says "délégué interministériel".
    q = dev_questions["d08"]
    first = shared_assistant.retriever.retrieve(q["question"], k=5)[0].chunk
    assert any(first.file_name == g["doc"] and contains_normalised(first.text, g["contains"]) for g in q["gold"]), first.text


def test_every_ranking_is_reported_on_the_passage(shared_assistant: Assistant) -> None:
    passages = shared_assistant.retriever.retrieve("Quelle étiquette énergétique après travaux ?", k=10)
    assert passages and all(p.dense_rank or p.lexical_rank for p in passages)
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
