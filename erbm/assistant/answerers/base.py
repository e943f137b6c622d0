"""The answerer interface."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from erbm.assistant.evidence import Evidence
from erbm.assistant.query import Query
from erbm.models import Answer, Passage


class Answerer(Protocol):
    def answer(self, query: Query, passages: list[Passage], evidence: Evidence) -> Answer:
        """Answer from ``passages`` only; abstain when ``evidence`` is insufficient."""
        ...

    def stream(self, query: Query, passages: list[Passage], evidence: Evidence) -> Iterator[str | Answer]:
        """Text pieces as they are produced, then the final, checked Answer (always last)."""
        ...


def final_answer(events: Iterable[str | Answer]) -> Answer:
    """The Answer a stream ends with (its text pieces are dropped)."""
    final = None
    for event in events:
        if isinstance(event, Answer):
            final = event
    if final is None:
        raise ValueError("a stream of answers ended without an Answer")
    return final
