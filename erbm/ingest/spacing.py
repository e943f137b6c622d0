"""Letter-spaced text: words a PDF sets in pieces come out of extraction cut by spaces
(« pu b lic s aya n t un ca ract è re i n du st r ie l »); indexed as they are, they match
nothing. Such a line is segmented again: a Viterbi segmentation over the extracted pieces,
so a word boundary is only ever where a space was extracted, and the cheapest reading wins.
A word costs its rarity in French (wordfreq's lists) or in the document itself (its names and
acronyms, written whole elsewhere), whichever is more common; an unknown word a fixed price
plus its length. With the document's words alone, too few to know « partie » or « mention »,
a third of the repaired words stayed cut (measured on the FNCCR guide of corpus/real).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from wordfreq import word_frequency

from erbm.text import join_hyphenated_lines

# A line is letter-spaced when it has this many alphabetic pieces at least and they hold
# fewer letters than this on average (French prose averages about 5).
_MIN_PIECES = 6
_MAX_MEAN_LETTERS = 3.0
# Pieces joined into one word at most ("c ons om mate urs" is 5).
_MAX_JOIN = 12
# An unknown word costs as much as a word seen once in ten million, plus its length: one
# unknown word of the pieces beats several unknown pieces, a known split beats both.
_UNKNOWN = math.log(10_000_000)
_PER_LETTER = 2.5
_PUNCTUATION = 1.0
# Punctuation inside a joined word (« Ainsi,tous »): the space after it was real.
_GLUE = 5.0
_LANGUAGE = "fr"
# What the joined reading must save, per piece, over the pieces as they are: letter-spaced
# lines save several units a piece (unknown fragments are costly), ordinary lines almost none.
_MIN_GAIN = 2.0
_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*")
_TOKEN = re.compile(r"[^\W_]+")
_EDGES = "«»()[]{}.,;:!?\"“”-–—/…*•"
_INNER = re.compile(r"[^\w’'\-]")
_ELIDED = re.compile(r"([^\W\d_]+)[’'](?=[^\W\d_])")
_CLOSING = ",.;:!?)]}»”…"


def letter_spaced(line: str) -> bool:
    pieces = [p for p in line.split() if any(c.isalpha() for c in p)]
    if len(pieces) < _MIN_PIECES:
        return False
    return sum(sum(c.isalpha() for c in p) for p in pieces) / len(pieces) < _MAX_MEAN_LETTERS


class Vocabulary:
    """The words of a document's well-extracted lines, with their counts."""

    def __init__(self, lines: Iterable[str], language: str = _LANGUAGE) -> None:
        self.language = language
        self.counts: Counter[str] = Counter()
        # Words cut at a line end (« produc- / tion ») are whole words, not « tion ».
        for word in _WORD.findall(join_hyphenated_lines("\n".join(lines)).lower()):
            self.counts.update(_TOKEN.findall(word))
        self.total = sum(self.counts.values())

    def __len__(self) -> int:
        return len(self.counts)

    def _token(self, token: str) -> float:
        if token.isdigit():
            return math.log(1_000)  # a number reads as one ordinary word
        key = token.lower()
        frequency = max(word_frequency(key, self.language), self.counts.get(key, 0) / (self.total or 1))
        if frequency > 0:
            return -math.log(frequency)
        return _UNKNOWN + _PER_LETTER * len(token)

    def cost(self, word: str) -> float:
        core = word.strip(_EDGES)
        if not core:
            return _PUNCTUATION
        # An elision belongs to the next word (« l’ » + « exploitant »), not on its own, and
        # only a one-letter word or a « …qu » is elided (« gratuit s’applique »).
        dangling = core[0] in "’'" or core[-1] in "’'"
        elided = _ELIDED.findall(core)
        wrong = sum(len(e) > 1 and not e.lower().endswith("qu") for e in elided)
        # Closing punctuation ends the word before it, never starts the next one.
        leading = word[0] in _CLOSING
        return (
            sum(self._token(t) for t in _TOKEN.findall(core))
            + _GLUE * (len(_INNER.findall(core)) + wrong + leading + dangling)
            + _PUNCTUATION * (len(word) > len(core))
        )


def respace(line: str, vocabulary: Vocabulary) -> str:
    """The line with its pieces joined into the cheapest sequence of words, when that reading
    is much cheaper than the pieces as they are (an ordinary line with short words, « Un an à
    5 % », stays as written; « en fin » does not become « enfin »)."""
    pieces = line.split()
    best = [0.0] + [math.inf] * len(pieces)
    back = [0] * (len(pieces) + 1)
    for end in range(1, len(pieces) + 1):
        for start in range(max(0, end - _MAX_JOIN), end):
            cost = best[start] + vocabulary.cost("".join(pieces[start:end]))
            if cost < best[end]:
                best[end], back[end] = cost, start
    as_is = sum(vocabulary.cost(piece) for piece in pieces)
    if as_is - best[-1] < _MIN_GAIN * len(pieces):
        return line
    words = []
    end = len(pieces)
    while end:
        words.append("".join(pieces[back[end] : end]))
        end = back[end]
    return " ".join(reversed(words))


def repair_spacing(lines: list[str]) -> list[str]:
    """The document's lines, letter-spaced ones segmented again (unchanged when the document
    has too few well-extracted words to read them by)."""
    spaced = [letter_spaced(line) for line in lines]
    if not any(spaced):
        return lines
    vocabulary = Vocabulary(line for line, bad in zip(lines, spaced, strict=True) if not bad)
    if len(vocabulary) < _MIN_PIECES:
        return lines
    return [respace(line, vocabulary) if bad else line for line, bad in zip(lines, spaced, strict=True)]
