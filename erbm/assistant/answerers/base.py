"""The answerer interface."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from erbm.assistant.evidence import Evidence
from erbm.models import Answer, Passage


class Answerer(Protocol):
    def answer(self, question: str, passages: list[Passage], evidence: Evidence) -> Answer:
        """Answer from ``passages`` only; abstain when ``evidence`` is insufficient."""
        ...

    def stream(self, question: str, passages: list[Passage], evidence: Evidence) -> Iterator[str | Answer]:
        """Text pieces as they are produced, then the final, checked Answer (always last)."""
        ...
