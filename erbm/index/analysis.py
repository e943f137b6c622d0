"""French analysis for lexical search: elisions, stopwords, Snowball stemming, accent folding."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_FRENCH

from erbm.text import fold_accents, nfkc

# "l'étiquette", "qu'il", "jusqu'à": the elided article is not a word of its own.
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’ʼ]", re.IGNORECASE)
# "23 000" and "23 000" (narrow no-break space) are one number.
_THOUSANDS = re.compile(r"(?<=\d)[\s\u202f\u00a0](?=\d{3}\b)")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Publications write "1er Comité de pilotage", "Visite du 1er Ministre", "4ème comité";
# questions say "premier comité", "4e comité". One spelling per ordinal, so both match.
_FIRST = re.compile(r"\b1(?:er|re|ère|ere)\b")
_ORDINAL = re.compile(r"\b(\d+)(?:ème|eme|ième|ieme|e)\b")

# Question words and fillers carry no topic; without them a question's coverage
# by a passage (used for abstention) measures what the question is about.
_QUESTION_WORDS = {
    "quel", "quelle", "quels", "quelles", "combien", "comment", "pourquoi", "quand", "où", "quoi",
    "lequel", "laquelle", "lesquels", "lesquelles", "est", "ce", "cet", "cette", "ces", "il", "elle",
    "peut", "on", "a", "t", "y", "faut", "doit", "doivent", "sont", "ont", "été", "avaient", "avait",
    "être", "après", "avant", "plus", "moins", "pendant", "entre", "dont", "tout", "tous", "toute", "toutes",
    "fait", "faire", "sait", "exemple", "quoi", "chez",
}
STOPWORDS = frozenset(STOPWORDS_FRENCH) | _QUESTION_WORDS


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


def analyse(text: str) -> list[str]:
    """Text → index terms. Stemming runs before accent folding: the Snowball rules expect accents."""
    text = nfkc(text).lower()
    text = _FIRST.sub("premier", text)
    text = _ORDINAL.sub(r"\1e", text)
    text = _ELISION.sub(" ", text)
    text = _THOUSANDS.sub("", text)
    words = [w for w in _TOKEN.findall(text) if w not in STOPWORDS]
    return [fold_accents(stem) for stem in _stemmer().stemWords(words)]


def adjacent_pairs(terms: list[str]) -> frozenset[tuple[str, str]]:
    """Neighbouring index terms, stopwords already gone: "délégué interministériel" and
    "financement de l'État" become pairs, which one-word matching cannot tell from the
    same words far apart ("délégation interministérielle", "l'État … son financement")."""
    return frozenset(zip(terms, terms[1:], strict=False))
