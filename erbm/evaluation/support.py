"""Answer support, measured apart from the answerer's own checks.

A kept sentence is *supported* when every number and every name it states appears in one
sentence of a passage it cites. Written independently of erbm/assistant/claims.py on
purpose (plain regular expressions, no stemming, no acronym expansion): if the answerer's
checks let something through, this count shows it. Numbers written in words count as
their digits (« deux ans » states 2), names are compared without accents or case.
"""

from __future__ import annotations

import re
import unicodedata

_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|;\s+")
_NUMBER = re.compile(r"\d+(?:[\s\u00a0\u202f]\d{3})*(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_][^\W_]*")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


# Cardinals that stand alone as one number (« un », « une » are articles; « neuf », "new").
_SPELLED = dict(zip(
    "deux trois quatre cinq six sept huit dix onze douze treize quatorze quinze seize vingt trente quarante cinquante soixante cent mille".split(),
    "2 3 4 5 6 7 8 10 11 12 13 14 15 16 20 30 40 50 60 100 1000".split(),
    strict=True,
))


def _numbers(text: str) -> set[str]:
    digits = {re.sub(r"[\s\u00a0\u202f]", "", n).replace(",", ".") for n in _NUMBER.findall(text)}
    return digits | {_SPELLED[w] for w in _WORD.findall(_fold(text)) if w in _SPELLED}


def _names(sentence: str) -> set[str]:
    words = _WORD.findall(_MARKER.sub(" ", sentence))
    return {_fold(w) for i, w in enumerate(words) if (i > 0 and w[0].isupper()) or (len(w) >= 2 and w.isupper())}


def answer_sentences(text: str) -> list[str]:
    # Markers often follow the full stop: "… en 2018. [1] Le …" keeps [1] with its sentence.
    text = re.sub(r"([.!?])\s*((?:\[\d+(?:\s*[,;]\s*\d+)*\]\s*)+)", r" \2\1 ", text)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _flat(text: str) -> str:
    return " ".join(_fold(text).split())


def sentence_supported(sentence: str, cited_texts: list[str]) -> bool:
    """Verbatim in a cited passage (it states what the passage states), or each of its numbers
    and names in one sentence of one (this check's sentences end at « ; » too)."""
    said = _MARKER.sub(" ", sentence)
    span = _flat(said).rstrip(" .!?")
    if len(span) >= 20 and any(span in _flat(text) for text in cited_texts):
        return True
    numbers = _numbers(said)
    names = _names(sentence)
    for text in cited_texts:
        for candidate in _SENTENCE_END.split(text):
            words = {_fold(w) for w in _WORD.findall(candidate)}
            if numbers <= _numbers(candidate) and names <= words:
                return True
    return False


def markers(sentence: str) -> list[int]:
    return [int(n) for group in _MARKER.findall(sentence) for n in re.split(r"\s*[,;]\s*", group)]
