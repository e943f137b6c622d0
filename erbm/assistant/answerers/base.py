"""The answerer interface."""

from __future__ import annotations

from typing import Protocol

from erbm.assistant.evidence import Evidence
from erbm.models import Answer, Passage


class Answerer(Protocol):
    def answer(self, question: str, passages: list[Passage], evidence: Evidence) -> Answer:
        """Answer from ``passages`` only; abstain when ``evidence`` is insufficient."""
        ...
