"""Is what a generated sentence asserts in the passage it cites? Claim-level grounding.

A marker "[1]" proves nothing: a small model writes « La cité Lemay compte 250 communes [1] »
with the 250 taken from another sentence of passage 1. A sentence is supported only by
*one sentence* of a passage it cites that holds
- every number it states, read whole (dates, amounts, percentages; "quatre" and "4" alike;
  « 82,3 % » states no 3),
- every name and acronym it states (any spelling the passage itself defines: "UE" /
  "Union européenne"),
- and enough of its other content words (``min_coverage``, chosen with `make eval-llm`);
- and says it the same way round: negated where the passage's sentence is, and only there.
  The index drops « ne … pas » as stop words, so « Le loyer ne peut pas augmenter » covers
  every word of « Le loyer peut augmenter » and would pass for it.
A bare answer ("250 [1]", "Oui [2]") asserts the question's content: the question's words
count as the sentence's own when it has fewer than ``_ELLIPTIC`` of them.

Headings are never support (a title asserts nothing), and the supporting sentence is
what the sources panel quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from erbm.assistant.query import specific_words, stem_prefixes, term_covered
from erbm.index.analysis import analyse
from erbm.index.names import NameIndex
from erbm.models import Chunk
from erbm.text import asks, canonical_numbers, fold_accents, nfkc, normalise_for_match, split_sentences

_MARKERS = re.compile(r"\[\d+(?:\s*[,;]\s*\d+)*\]")
_TOKEN = re.compile(r"[^\W_]+")
# A sentence with fewer content words than this is an elliptic answer to the question.
_ELLIPTIC = 3
# French clause negation: « ne » / « n' » then, a few words on, its second part, or a negative
# word standing alone (« aucun délai »), or the written style's « ne » alone before pouvoir,
# savoir (« ne peut excéder »), unless a « que » follows: « ne … que » restricts.
_NEGATION = re.compile(
    r"\b(?:ne\s+|n['’]\s*)(?:[^\W\d_]+['’\s]+){0,3}?(?:pas|plus|jamais|rien|aucun|aucune|guère|nullement)\b"
    r"|\b(?:aucun|aucune|jamais|nullement)\b",
    re.IGNORECASE,
)
_BARE_NE = re.compile(r"\bne\s+(?:peu[tv]|pourr|saur)\w*\b(?![^.;]*\bqu(?:e\b|['’]))", re.IGNORECASE)


# A number as written: « 82,3 » is one number, not an 82 and a 3 (the index splits it);
# « 10.000 » is ten thousand.
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?!\w)")
_THOUSANDS_DOT = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")


def numbers_in(text: str) -> frozenset[str]:
    """Every number the text states: in digits (« 23 000 », « 82,3 »), or in words (« douze »)."""
    text = _THOUSANDS_DOT.sub("", canonical_numbers(nfkc(text)))
    digits = {n.replace(",", ".") for n in _NUMBER.findall(text)}
    spelled = {t for t in analyse(_NUMBER.sub(" ", text)) if t.isdigit()}
    return frozenset(digits | spelled)


def elliptic(sentence: str) -> bool:
    """Too few content words of its own to assert anything but the question's content."""
    return len({t for t in analyse(_MARKERS.sub(" ", sentence)) if not t.isdigit()}) < _ELLIPTIC


def negated(sentence: str) -> bool:
    """The sentence denies what it says (« ne … pas », « aucun », « ne peut excéder »)."""
    return _NEGATION.search(sentence) is not None or _BARE_NE.search(sentence) is not None


@dataclass(frozen=True)
class Support:
    sentence: str  # the passage's sentence, verbatim
    coverage: float  # share of the claim's content words it holds


@dataclass(frozen=True)
class Claim:
    numbers: frozenset[str]
    names: tuple[str, ...]
    words: frozenset[str]
    negated: bool = False
    elliptic: bool = False

    @classmethod
    def of(cls, sentence: str, question: str) -> Claim:
        text = _MARKERS.sub(" ", sentence)
        terms = analyse(text)
        words = {t for t in terms if not t.isdigit()}
        short = len(words) < _ELLIPTIC  # elliptic(sentence), from the terms already read
        if short:
            words |= {t for t in analyse(question) if not t.isdigit()}
        # Names and acronyms the sentence states (its first word, capitalised anyway, is not one).
        names = tuple(w for w in specific_words(text.strip()) if not any(ch.isdigit() for ch in w))
        return cls(
            numbers=numbers_in(text), names=names, words=frozenset(words), negated=negated(text),
            elliptic=short,
        )


def is_heading(span: str, chunk: Chunk) -> bool:
    """The span is one of the chunk's headings (number, label and title in any arrangement)."""
    text = normalise_for_match(span)
    for h in chunk.heading_path:
        title = normalise_for_match(h.title or "")
        if not title or not text.endswith(title):
            continue
        # What precedes the title is its label and number ("Préconisation 4.1 :"), nothing more.
        prefix = text[: len(text) - len(title)]
        if not prefix.strip() or (h.number and h.number.lower() in prefix and len(prefix) <= 40):
            return True
    return False


def passage_sentences(chunk: Chunk) -> list[str]:
    """The sentences that can hold a claim: not a heading (a title asserts nothing), not a
    question the document asks itself (it introduces its answer)."""
    spans = [chunk.text[a:b].strip() for a, b in split_sentences(chunk.text)]
    return [s for s in spans if s and not is_heading(s, chunk) and not asks(s)]


def _covered(words: frozenset[str], terms: frozenset[str]) -> float:
    """Unweighted share of the claim's words the sentence holds (stems sharing 5 letters count)."""
    if not words:
        return 1.0
    prefixes = stem_prefixes(terms)
    return sum(term_covered(w, terms, prefixes) for w in words) / len(words)


def _names_in(names: tuple[str, ...], sentence: str) -> bool:
    if not names:
        return True
    folded = set(_TOKEN.findall(fold_accents(sentence.lower())))
    spellings: NameIndex | None = None
    for name in names:
        if fold_accents(name.lower()) in folded:
            continue
        spellings = spellings or NameIndex([sentence])
        if not spellings.knows(name):
            return False
    return True


@dataclass(frozen=True)
class ClaimChecker:
    min_coverage: float

    def best(self, sentence: str, question: str, chunks: list[Chunk]) -> Support | None:
        """The cited passages' sentence that holds the claim best, whatever the threshold."""
        if asks(_MARKERS.sub(" ", sentence)):
            return None  # the model asking a question asserts nothing
        claim = Claim.of(sentence, question)
        found: Support | None = None
        for chunk in chunks:
            for candidate in passage_sentences(chunk):
                terms = frozenset(analyse(candidate))
                if (claim.numbers and not claim.numbers <= numbers_in(candidate)) or not _names_in(claim.names, candidate):
                    continue
                # An elliptic claim is the question's content: « Oui [1] » or « [1] » to « la
                # gratuité est-elle un principe ? » is answered either way round.
                if not claim.elliptic and negated(candidate) != claim.negated:
                    continue
                coverage = _covered(claim.words, terms)
                if found is None or coverage > found.coverage:
                    found = Support(candidate, coverage)
        return found

    def support(self, sentence: str, question: str, chunks: list[Chunk]) -> Support | None:
        found = self.best(sentence, question, chunks)
        return found if found is not None and found.coverage >= self.min_coverage else None
