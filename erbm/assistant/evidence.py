"""Is there evidence enough to answer? The abstention signal.

A cosine threshold does not separate out-of-corpus questions here (the margins are
~0.01: every question about "logements" looks close to this corpus). What does:
how much of the question's *content* the best passages cover, each word weighted
by its IDF, a word the corpus never uses weighing the most. "Quel est le montant de
la taxe foncière à Lens ?" shares "Lens" at best; its rare words are not covered.
"""

from __future__ import annotations

from dataclasses import dataclass

from erbm.index.lexical import LexicalIndex
from erbm.models import Passage


@dataclass(frozen=True)
class Evidence:
    coverage: float  # best IDF-weighted share of question terms found in one passage
    best_passage: int | None
    sufficient: bool


# Snowball conflates less than it should in French ("réhabilités" → "rehabl",
# "réhabilitant" → "rehabilit"): a shared 5-letter stem prefix also counts as covered.
_PREFIX = 5


def _covered(term: str, terms: frozenset[str], prefixes: frozenset[str]) -> bool:
    return term in terms or (len(term) >= _PREFIX and term[:_PREFIX] in prefixes)


def coverage(question_terms: list[str], passage_terms: frozenset[str], lexical: LexicalIndex) -> float:
    terms = set(question_terms)
    total = sum(lexical.idf(t) for t in terms)
    if total <= 0:
        return 0.0
    prefixes = frozenset(t[:_PREFIX] for t in passage_terms if len(t) >= _PREFIX)
    return sum(lexical.idf(t) for t in terms if _covered(t, passage_terms, prefixes)) / total


def judge(question_terms: list[str], passages: list[Passage], lexical: LexicalIndex, *, min_coverage: float, depth: int = 5) -> Evidence:
    best, best_i = 0.0, None
    for i, passage in enumerate(passages[:depth]):
        value = coverage(question_terms, lexical.terms_of(passage.chunk.id), lexical)
        if value > best:
            best, best_i = value, i
    return Evidence(coverage=best, best_passage=best_i, sufficient=bool(question_terms) and best >= min_coverage)
