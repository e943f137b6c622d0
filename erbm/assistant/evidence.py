"""Is there evidence enough to answer? The abstention signal.

A cosine threshold alone does not separate out-of-corpus questions here (every
question about "logements" looks close to this corpus). Three signals, measured on
dev and the project set (see README, "Quality and speed"):

1. *Unknown specifics*: a name, acronym or number the question relies on ("Anah",
   "TVA", "2024", "Paris") that no indexed passage contains. The documents cannot
   answer about what they never mention.
2. *Coverage*: the share of the question's content words, weighted by IDF, that the
   best of the top passages contains (a word the corpus never uses weighs most).
3. *Dense support*: the best passage's similarity to the question, which rescues
   paraphrases ("pistes à vélo" / "aménagements cyclables") that share no word.

Score = coverage + dense_gain × (similarity − dense_reference); answer when the score
reaches min_evidence and nothing specific is unknown. dense_reference and dense_gain
are calibrated for the default embedder; recalibrate them with `make eval` when the
model changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from erbm.index.lexical import LexicalIndex
from erbm.models import Passage
from erbm.text import fold_accents

# Snowball conflates less than it should in French ("réhabilités" → "rehabl",
# "réhabilitant" → "rehabilit"): a shared 5-letter stem prefix also counts as covered.
_PREFIX = 5
_WORD = re.compile(r"[^\W_]+")
_DEPTH = 5


@dataclass(frozen=True)
class Evidence:
    coverage: float  # best IDF-weighted share of question terms found in one passage
    best_passage: int | None
    similarity: float
    score: float
    sufficient: bool
    unknown_terms: list[str] = field(default_factory=list)
    question_terms: list[str] = field(default_factory=list)


def _covered(term: str, terms: frozenset[str], prefixes: frozenset[str]) -> bool:
    return term in terms or (len(term) >= _PREFIX and term[:_PREFIX] in prefixes)


def coverage(question_terms: list[str], passage_terms: frozenset[str], lexical: LexicalIndex) -> float:
    terms = set(question_terms)
    total = sum(lexical.idf(t) for t in terms)
    if total <= 0:
        return 0.0
    prefixes = frozenset(t[:_PREFIX] for t in passage_terms if len(t) >= _PREFIX)
    return sum(lexical.idf(t) for t in terms if _covered(t, passage_terms, prefixes)) / total


def specific_words(question: str) -> list[str]:
    """Names, acronyms and numbers: capitalised after the first word, all-caps, or with digits."""
    words = _WORD.findall(question)
    out = []
    for i, word in enumerate(words):
        is_name = i > 0 and word[0].isupper()
        is_acronym = len(word) >= 2 and word.isupper()
        if is_name or is_acronym or any(ch.isdigit() for ch in word):
            out.append(word)
    return out


def unknown_terms(question: str, lexical: LexicalIndex) -> list[str]:
    return [w for w in specific_words(question) if fold_accents(w.lower()) not in lexical.vocabulary]


@dataclass(frozen=True)
class EvidenceJudge:
    min_evidence: float
    dense_reference: float
    dense_gain: float

    def judge(self, question: str, question_terms: list[str], passages: list[Passage], lexical: LexicalIndex) -> Evidence:
        best, best_i = 0.0, None
        for i, passage in enumerate(passages[:_DEPTH]):
            value = coverage(question_terms, lexical.terms_of(passage.chunk.id), lexical)
            if value > best:
                best, best_i = value, i
        similarity = max((p.dense_similarity or 0.0 for p in passages[:_DEPTH]), default=0.0)
        score = best + self.dense_gain * (similarity - self.dense_reference)
        unknown = unknown_terms(question, lexical)
        sufficient = bool(passages) and bool(question_terms) and not unknown and score >= self.min_evidence
        return Evidence(
            coverage=best,
            best_passage=best_i,
            similarity=similarity,
            score=score,
            sufficient=sufficient,
            unknown_terms=unknown,
            question_terms=question_terms,
        )
