"""Structure patterns, loaded from patterns.toml (data, not code)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True)
class Patterns:
    axis: re.Pattern[str]
    recommendation: re.Pattern[str]
    toc: re.Pattern[str]
    page_number: re.Pattern[str]
    section_min_letters: int
    section_max_words: int
    section_min_upper_ratio: float

    @classmethod
    def load(cls, path: Path) -> Patterns:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        flags = re.IGNORECASE
        return cls(
            axis=re.compile(data["axis"], flags),
            recommendation=re.compile(data["recommendation"], flags),
            toc=re.compile(data["toc"], flags),
            page_number=re.compile(data["page_number"], flags),
            section_min_letters=int(data["section_min_letters"]),
            section_max_words=int(data["section_max_words"]),
            section_min_upper_ratio=float(data["section_min_upper_ratio"]),
        )


def parse_number(token: str) -> int | None:
    """'3' → 3, 'IV' → 4; None if it is neither."""
    if token.isdigit():
        return int(token)
    values = [_ROMAN.get(c) for c in token.lower()]
    if not values or None in values:
        return None
    total = 0
    for value, nxt in zip(values, values[1:] + [0], strict=True):
        assert value is not None and nxt is not None
        total += -value if value < nxt else value
    return total
