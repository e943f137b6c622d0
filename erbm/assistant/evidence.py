"""Is there evidence enough to answer? The abstention signal.

A cosine threshold alone does not separate out-of-corpus questions here (every
question about "logements" looks close to this corpus). Three signals, measured on
dev and the project set (see README, "Quality and speed"):

1. *Unknown specifics*: a name, acronym or number the question relies on ("Anah",
   "TVA", "2024", "Paris") that no indexed passage contains in any spelling
   (erbm/index/names.py: "UE" for "Union européenne", "Gaule" for "Gaulois"). The
   documents cannot answer about what they never mention.
2. *Coverage*: the share of the question's content words, weighted by IDF, that the
   best of the top passages contains (a word the corpus never uses weighs most).
3. *Dense support*: the best passage's similarity to the question, which rescues
   paraphrases ("pistes à vélo" / "aménagements cyclables") that share no word.
4. *Anchoring*: when the question names specifics the corpus does know ("cité
   Declercq", "Saint-Pierre", "Mission Bassin Minier"), only passages that name most of
   them and also share some of the rest of the question count as evidence. Near-domain
   questions ask something the documents never say about something they do mention
   ("à quelle date les travaux de la cité Declercq seront-ils terminés ?"): the passage
   naming the cité looks close to the question in both the word and the dense measure,
   because of the name alone.

Score = coverage + dense_gain × (similarity − dense_reference) over the anchored
passages; answer when the score reaches min_evidence and nothing specific is unknown.
dense_reference and dense_gain are calibrated for the default embedder; recalibrate them
with `make eval` when the model changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from erbm.assistant.answer_type import AnswerTypes
from erbm.index.analysis import analyse
from erbm.index.lexical import LexicalIndex
from erbm.index.names import NameIndex
from erbm.text import split_sentences
from erbm.models import Passage
from erbm.text import canonical_numbers

# Snowball conflates less than it should in French ("réhabilités" → "rehabl",
# "réhabilitant" → "rehabilit"): a shared 5-letter stem prefix also counts as covered.
_PREFIX = 5
_WORD = re.compile(r"[^\W_]+")
_DEPTH = 5
# The expected-answer-type check reads the sentences of the best anchored passages that
# match the question at least half as well as the best one, each with its neighbours: a
# fixed count of sentences misses the answer when several tie, or reaches unrelated ones.
_TYPE_PASSAGES = 3
_TYPE_SENTENCE_SHARE = 0.5


@dataclass(frozen=True)
class Evidence:
    coverage: float  # best IDF-weighted share of question terms found in one anchored passage
    best_passage: int | None
    similarity: float
    score: float
    sufficient: bool
    # The checks that do not depend on the score threshold passed (no unknown name, an
    # anchored passage): what the evaluation needs to choose the threshold offline.
    rules_passed: bool = True
    unknown_terms: list[str] = field(default_factory=list)
    question_terms: list[str] = field(default_factory=list)
    # The question's specific words when a passage names them without answering: the user
    # is told the documents mention them, which is what they most likely want to know next.
    named_only: list[str] = field(default_factory=list)
    # The element the question asks for ("quantity", "date") when no matching sentence gives it.
    missing: str | None = None
    # The best-ranked passage that counts as evidence (index in the retrieved passages).
    first_anchored: int | None = None


def stem_prefixes(terms: frozenset[str]) -> frozenset[str]:
    return frozenset(t[:_PREFIX] for t in terms if len(t) >= _PREFIX)


def term_covered(term: str, terms: frozenset[str], prefixes: frozenset[str]) -> bool:
    return term in terms or (len(term) >= _PREFIX and term[:_PREFIX] in prefixes)


def coverage(question_terms: list[str], passage_terms: frozenset[str], lexical: LexicalIndex) -> float:
    terms = set(question_terms)
    total = sum(lexical.idf(t) for t in terms)
    if total <= 0:
        return 0.0
    prefixes = stem_prefixes(passage_terms)
    return sum(lexical.idf(t) for t in terms if term_covered(t, passage_terms, prefixes)) / total


def _is_specific(i: int, word: str) -> bool:
    is_name = i > 0 and word[0].isupper()
    is_acronym = len(word) >= 2 and word.isupper()
    return is_name or is_acronym or any(ch.isdigit() for ch in word)


def specific_words(question: str) -> list[str]:
    """Names, acronyms and numbers: capitalised after the first word, all-caps, or with digits
    ("23 000" one number, "4ème" as "4e", the way the corpus's spellings are read)."""
    return [w for i, w in enumerate(_WORD.findall(canonical_numbers(question))) if _is_specific(i, w)]


def specific_phrases(question: str) -> list[str]:
    """Specific words that follow each other, as the question wrote them: "Mission Bassin Minier"."""
    words = list(_WORD.finditer(question))
    phrases: list[str] = []
    start = end = None
    for i, match in enumerate(words + [None]):
        if match is not None and _is_specific(i, match.group()):
            start = match.start() if start is None else start
            end = match.end()
        elif start is not None:
            phrases.append(question[start:end])
            start = None
    return phrases


def unknown_terms(question: str, lexical: LexicalIndex) -> list[str]:
    return [w for w in specific_words(question) if not lexical.names.knows(w)]


def specific_terms(question: str, question_terms: list[str]) -> list[str]:
    """The question's index terms that come from its specific words."""
    specific = set(analyse(" ".join(specific_words(question))))
    return [t for t in dict.fromkeys(question_terms) if t in specific]


@dataclass(frozen=True)
class EvidenceJudge:
    min_evidence: float
    dense_reference: float
    dense_gain: float
    # Measured with `make eval` on dev and the project set: abstention and false
    # abstention are the same for anchor shares 0.4 to 0.6 and rest coverages 0.05 to 0.2.
    anchor_share: float = 0.5
    rest_coverage: float = 0.1
    answer_types: AnswerTypes | None = None

    def anchored(self, specific: list[str], rest: list[str], passage: Passage, lexical: LexicalIndex) -> bool:
        """Names most of the question's specifics, in any spelling ("UE" / "Union européenne",
        "Gaule" / "Gaulois"), and shares something else with it."""
        if not specific:
            return True
        terms = lexical.terms_of(passage.chunk.id)
        stems = {w: analyse(w) for w in specific}
        weights = {w: max((lexical.idf(t) for t in stems[w]), default=lexical.idf(w)) for w in specific}
        # The passage's own spellings, read once and only when a stem is not enough.
        spellings: NameIndex | None = None
        named = 0.0
        for w, weight in weights.items():
            if not set(stems[w]) <= terms:
                spellings = spellings or NameIndex([passage.chunk.indexed_text()])
                if not spellings.knows(w):
                    continue
            named += weight
        if named < self.anchor_share * sum(weights.values()):
            return False
        return not rest or coverage(rest, terms, lexical) >= self.rest_coverage

    def judge(self, question: str, question_terms: list[str], passages: list[Passage], lexical: LexicalIndex) -> Evidence:
        specific = specific_words(question)
        specific_stems = specific_terms(question, question_terms)
        rest = [t for t in question_terms if t not in specific_stems]
        best, best_i, similarity, anchored, named = 0.0, None, 0.0, False, False
        kept: list[Passage] = []
        first_anchored: int | None = None
        for i, passage in enumerate(passages[:_DEPTH]):
            terms = lexical.terms_of(passage.chunk.id)
            if not self.anchored(specific, rest, passage, lexical):
                named = named or (bool(specific_stems) and set(specific_stems) <= terms)
                continue
            anchored = True
            first_anchored = i if first_anchored is None else first_anchored
            kept.append(passage)
            similarity = max(similarity, passage.dense_similarity or 0.0)
            value = coverage(question_terms, terms, lexical)
            if value > best:
                best, best_i = value, i
        score = best + self.dense_gain * (similarity - self.dense_reference) if anchored else 0.0
        unknown = unknown_terms(question, lexical)
        missing = self._missing_type(question, question_terms, kept, lexical) if anchored else None
        rules_passed = anchored and bool(question_terms) and not unknown and missing is None
        sufficient = rules_passed and score >= self.min_evidence
        return Evidence(
            coverage=best,
            best_passage=best_i,
            similarity=similarity,
            score=score,
            sufficient=sufficient,
            rules_passed=rules_passed,
            unknown_terms=unknown,
            question_terms=question_terms,
            named_only=specific_phrases(question) if named and not anchored else [],
            missing=missing,
            first_anchored=first_anchored,
        )

    def _missing_type(self, question: str, question_terms: list[str], passages: list[Passage], lexical: LexicalIndex) -> str | None:
        """The asked-for type, when none of the sentences that best match the question has it."""
        wanted = self.answer_types.of(question) if self.answer_types else None
        if wanted is None:
            return None
        # A sentence is read with its neighbours: the element often comes in the next sentence
        # ("Partenaires. L'engagement réunit douze signataires").
        scored: list[tuple[float, str]] = []
        for passage in passages[:_TYPE_PASSAGES]:
            text = passage.chunk.text
            sentences = [text[start:end] for start, end in split_sentences(text)]
            for i, sentence in enumerate(sentences):
                window = " ".join(sentences[max(0, i - 1) : i + 2])
                scored.append((coverage(question_terms, frozenset(analyse(sentence)), lexical), window))
        best = max((value for value, _ in scored), default=0.0)
        close = [w for value, w in scored if value > 0 and value >= _TYPE_SENTENCE_SHARE * best]
        return None if any(wanted.given_by(w) for w in close) else wanted.name
