"""Generative answers from a LangChain chat model, checked before anyone sees them as final.

The model only sees the numbered passages. Its output streams as it comes, then goes
through erbm/assistant/grounding.py: sentences without a valid [n], or with a quote that
is not in the passage they cite, are removed. The sentinel, or prose that cites nothing,
is the extractive mode's abstention, and so is an answer whose cited sentences all fail the
quote or claim checks (what the model asserted is not in the passages: nothing verified to
show). Output with no valid marker at all is a broken model: the extractive answer.
A provider that fails, stalls or answers garbage never surfaces as an error: the
extractive answer does, with a notice.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from erbm import messages
from erbm.assistant.answerers.base import final_answer
from erbm.assistant.answerers.extractive import ExtractiveAnswerer
from erbm.assistant.citations import CitationFormatter
from erbm.assistant.claims import ClaimChecker, passage_sentences
from erbm.assistant.evidence import Evidence
from erbm.assistant.grounding import CheckedAnswer, read_output
from erbm.assistant.query import Query
from erbm.assistant.verifier import ClaimVerifier
from erbm.index.analysis import analyse
from erbm.models import Answer, Citation, Grounding, Passage
from erbm.prompts import PromptSet

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)


class GenerativeAnswerer:
    def __init__(
        self,
        model: BaseChatModel,
        prompts: PromptSet,
        citations: CitationFormatter,
        fallback: ExtractiveAnswerer,
        *,
        claims: ClaimChecker | None = None,
        verifier: ClaimVerifier | None = None,
        max_passages: int = 6,
        timeout_s: float = 60.0,
    ) -> None:
        self.model = model
        self.prompts = prompts
        self.citations = citations
        self.fallback = fallback
        self.claims = claims
        self.verifier = verifier
        self.max_passages = max_passages
        self.timeout_s = timeout_s
        self.sentinel = prompts["sentinel"].render()

    def answer(self, query: Query, passages: list[Passage], evidence: Evidence) -> Answer:
        return final_answer(self.stream(query, passages, evidence))

    def messages(self, question: str, passages: list[Passage]) -> list[BaseMessage]:
        from langchain_core.messages import HumanMessage, SystemMessage

        blocks = "\n\n".join(
            self.prompts["passage"].render(marker=i, reference=self.citations.reference(p.chunk), text=p.chunk.text)
            for i, p in enumerate(passages, start=1)
        )
        return [
            SystemMessage(self.prompts["system"].render(sentinel=self.sentinel)),
            HumanMessage(self.prompts["answer"].render(question=question, passages=blocks)),
        ]

    def stream(self, query: Query, passages: list[Passage], evidence: Evidence) -> Iterator[str | Answer]:
        """Text as the model writes it, then the checked Answer (always last)."""
        if not evidence.sufficient or not passages:
            # Nothing to ground an answer in: the same abstention as in extractive mode.
            yield self.fallback.answer(query, passages, evidence)
            return
        given = passages[: self.max_passages]
        pieces: list[str] = []
        deadline = time.monotonic() + self.timeout_s
        try:
            for chunk in self.model.stream(self.messages(query.text, given)):
                piece = chunk.content if isinstance(chunk.content, str) else ""
                if piece:
                    pieces.append(piece)
                    yield piece
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.timeout_s:g} s")
        except Exception as exc:  # noqa: BLE001 - down, slow or broken: the extractive answer
            detail = type(exc).__name__
            # The question is never logged (it may name people).
            log.warning("language model failed: %s", detail)
            yield self._fallback(query, passages, evidence, messages.LLM_UNAVAILABLE.format(detail=detail),
                                 Grounding(fallback=True, provider_error=detail))
            return
        yield self._finish(query, passages, given, evidence, "".join(pieces))

    def _finish(self, query: Query, passages: list[Passage], given: list[Passage], evidence: Evidence, raw: str) -> Answer:
        # Claims are read against what the question asks, as the documents spell it: not the phrase
        # naming where to read (« Selon la plaquette, … »), which a bare « 12 [1] » does not assert.
        reading = read_output(raw, given, query.content, self.sentinel, self.claims, self.verifier)
        checked = reading.checked
        grounding = Grounding(
            removed_sentences=checked.removed, removal_reasons=checked.reasons, raw=raw, read_question=query.content
        )
        if reading.kind == "declined":
            # The model found no answer in the passages: the extractive mode's abstention.
            abstention = self.fallback.answer(query, passages, dataclasses.replace(evidence, sufficient=False))
            return abstention.model_copy(update={"grounding": Grounding(raw=raw, read_question=query.content)})
        if reading.kind == "unsupported":
            abstention = self.fallback.answer(query, passages, dataclasses.replace(evidence, sufficient=False))
            return abstention.model_copy(update={"grounding": grounding, "notice": messages.LLM_UNSUPPORTED})
        if reading.kind == "broken":
            grounding.fallback = True
            return self._fallback(query, passages, evidence, messages.LLM_FALLBACK, grounding)
        return Answer(
            question=query.text,
            text=checked.text,
            abstained=False,
            citations=self._citations(checked, given),
            passages=passages,
            confidence=evidence.score,
            evidence_rules_passed=evidence.rules_passed,
            notice=messages.LLM_PARTIAL.format(removed=checked.removed) if checked.removed else None,
            grounding=grounding,
        )

    def _fallback(self, query: Query, passages: list[Passage], evidence: Evidence, notice: str, grounding: Grounding) -> Answer:
        answer = self.fallback.answer(query, passages, evidence)
        return answer.model_copy(update={"notice": notice, "grounding": grounding})

    def _citations(self, checked: CheckedAnswer, given: list[Passage]) -> list[Citation]:
        """Only the passages the kept sentences cite, each with the passage sentence that
        holds what was said (verbatim in the passage; never a heading)."""
        out = []
        for marker, index in enumerate(checked.cited, start=1):
            chunk = given[index].chunk
            said = set(analyse(" ".join(checked.sentences.get(index, []) + checked.quotes.get(index, []))))
            spans = checked.supports.get(index) or passage_sentences(chunk) or [chunk.text]
            quote = max(spans, key=lambda s: len(said & set(analyse(s))))
            out.append(Citation(marker=marker, chunk=chunk, quote=quote, reference=self.citations.reference(chunk)))
        return out
