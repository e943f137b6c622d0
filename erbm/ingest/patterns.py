"""Structure patterns and limits, loaded from patterns.toml (data, not code)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True)
class Patterns:
    group_labels: frozenset[str]
    item_labels: frozenset[str]
    max_top_number: int
    max_component: int
    max_title_chars: int
    max_title_words: int
    list_body_chars: int
    toc: re.Pattern[str]
    toc_page_ref: re.Pattern[str]
    toc_min_entries: int
    page_number: re.Pattern[str]
    section_min_letters: int
    section_max_words: int
    section_min_upper_ratio: float
    # "premiere" → 1: ordinals before a label, accents folded.
    ordinals: tuple[tuple[str, int], ...] = ()

    @classmethod
    def load(cls, path: Path) -> Patterns:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        flags = re.IGNORECASE
        return cls(
            group_labels=frozenset(w.lower() for w in data["group_labels"]),
            item_labels=frozenset(w.lower() for w in data["item_labels"]),
            max_top_number=int(data["max_top_number"]),
            max_component=int(data["max_component"]),
            max_title_chars=int(data["max_title_chars"]),
            max_title_words=int(data["max_title_words"]),
            list_body_chars=int(data["list_body_chars"]),
            toc=re.compile(data["toc"], flags),
            toc_page_ref=re.compile(data["toc_page_ref"], flags),
            toc_min_entries=int(data["toc_min_entries"]),
            page_number=re.compile(data["page_number"], flags),
            section_min_letters=int(data["section_min_letters"]),
            section_max_words=int(data["section_max_words"]),
            section_min_upper_ratio=float(data["section_min_upper_ratio"]),
            ordinals=tuple((w.lower(), int(v)) for w, v in data.get("ordinals", {}).items()),
        )

    @property
    def labels(self) -> frozenset[str]:
        return self.group_labels | self.item_labels

    def in_capitals(self, text: str) -> bool:
        """Mostly capitals: a section heading's or an axis title's case."""
        letters = [c for c in text if c.isalpha()]
        return bool(letters) and sum(c.isupper() for c in letters) >= self.section_min_upper_ratio * len(letters)

    def ordinal(self, word: str) -> int | None:
        return dict(self.ordinals).get(word)


def parse_roman(token: str) -> int | None:
    """'IV' → 4; None if it is not a well-formed roman numeral."""
    values = [_ROMAN.get(c) for c in token.lower()]
    if not values or None in values:
        return None
    total = 0
    for value, nxt in zip(values, values[1:] + [0], strict=True):
        assert value is not None and nxt is not None
        total += -value if value < nxt else value
    # "IIII", "VX", "IC": letters that spell no canonical numeral ("CIVIL", "MIX"…).
    return total if total and _to_roman(total) == token.upper() else None


def _to_roman(n: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def parse_number(token: str) -> int | None:
    """'3' → 3, 'IV' → 4; None if it is neither."""
    if token.isdigit():
        return int(token)
    return parse_roman(token)
