"""French analysis for lexical search: elisions, stopwords, Snowball stemming, accent folding."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_FRENCH

from erbm.text import canonical_numbers, fold_accents, nfkc

# "l'étiquette", "qu'il", "jusqu'à": the elided article is not a word of its own.
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’ʼ]", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Publications write "1er Comité de pilotage", "Visite du 1er Ministre", "4ème comité";
# questions say "premier comité", "4e comité". One spelling per ordinal, so both match.
_FIRST = re.compile(r"\b1(?:er|re|ère|ere)\b")

# Question words and fillers carry no topic; without them a question's coverage
# by a passage (used for abstention) measures what the question is about.
_QUESTION_WORDS = {
    "quel", "quelle", "quels", "quelles", "combien", "comment", "pourquoi", "quand", "où", "quoi",
    "lequel", "laquelle", "lesquels", "lesquelles", "est", "ce", "cet", "cette", "ces", "il", "elle",
    "peut", "on", "a", "t", "y", "faut", "doit", "doivent", "sont", "ont", "été", "avaient", "avait",
    "être", "après", "avant", "plus", "moins", "pendant", "entre", "dont", "tout", "tous", "toute", "toutes",
    "fait", "faire", "sait", "exemple", "chez",
    # The other forms of the modal verbs above: « pourrait » asks no more than « peut ».
    "peuvent", "pourra", "pourront", "pourrait", "pourraient", "pouvait", "pouvaient", "pu",
    "devra", "devront", "devrait", "devraient", "devait", "devaient",
    "faudra", "faudrait", "fallait", "font", "fera", "feront", "ferait", "feraient", "faisait",
}
STOPWORDS = frozenset(STOPWORDS_FRENCH) | _QUESTION_WORDS


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


# "quatre axes" and "4 axes", "mille logements" and "1 000 logements": one spelling per
# number. Only words that stand for one number on their own: "un"/"une" are articles far
# more often, and "neuf" is mostly "new" here ("logements neufs", "construction neuve").
_NUMBER_WORDS = {
    "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "six": "6", "sept": "7", "huit": "8",
    "dix": "10", "onze": "11", "douze": "12", "treize": "13", "quatorze": "14", "quinze": "15",
    "seize": "16", "vingt": "20", "trente": "30", "quarante": "40", "cinquante": "50",
    "soixante": "60", "cent": "100", "mille": "1000",
}  # fmt: skip

# "Combien de partenaires ?" is answered by "douze partenaires": in the proximity pairs
# (erbm/assistant/retrieval.py), "combien" and any number stand for one term.
QUANTITY = "#"
_HOW_MANY = "combien"


def _words(text: str, keep: frozenset[str] = frozenset()) -> list[str]:
    text = nfkc(text).lower()
    text = _FIRST.sub("premier", text)
    text = _ELISION.sub(" ", text)
    text = canonical_numbers(text)
    return [_NUMBER_WORDS.get(w, w) for w in _TOKEN.findall(text) if w in keep or w not in STOPWORDS]


def _stems(words: list[str]) -> list[str]:
    return [fold_accents(stem) for stem in _stemmer().stemWords(words)]


def analyse(text: str) -> list[str]:
    """Text → index terms. Stemming runs before accent folding: the Snowball rules expect accents."""
    return _stems(_words(text))


def adjacent_pairs(terms: list[str]) -> frozenset[tuple[str, str]]:
    """Neighbouring index terms, stopwords already gone: "délégué interministériel" and
    "financement de l'État" become pairs, which one-word matching cannot tell from the
    same words far apart ("délégation interministérielle", "l'État … son financement").
    Each pair with a number also stands as a pair with QUANTITY in its place."""
    classed = [QUANTITY if t.isdigit() else t for t in terms]
    return frozenset(zip(terms, terms[1:], strict=False)) | frozenset(zip(classed, classed[1:], strict=False))


def question_pairs(question: str) -> frozenset[tuple[str, str]]:
    """The question's adjacent pairs, with "combien" as QUANTITY: the pairs a passage
    stating the amount asked for contains. A number the question names stays itself."""
    words = _words(question, keep=frozenset({_HOW_MANY}))
    terms = [QUANTITY if w == _HOW_MANY else stem for w, stem in zip(words, _stems(words), strict=True)]
    return frozenset(zip(terms, terms[1:], strict=False))
