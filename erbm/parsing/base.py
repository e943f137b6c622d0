"""What a number in a sentence counts: the seam between ingestion and a dependency parser."""

from __future__ import annotations

from typing import Protocol

from erbm.models import Counted


class NumberParser(Protocol):
    def counted(self, sentences: list[str]) -> list[list[Counted]]:
        """For each sentence, each number it holds with the index terms of what it counts (offsets
        within the sentence)."""
        ...
