"""Does the corpus name this? Surface words, with the spellings a question may use instead.

A question's name, acronym or number is "unknown" (and the assistant refuses) only when the
corpus has no spelling of it: accents and case folded, "2 100" read as "2100", "4ème" as "4e", "J.-C." as
"JC", an acronym whose expansion the corpus writes ("UE" for "Union européenne"), and a
word whose opening the corpus uses in a longer form ("Gaule" for "Gaulois", "Afrique" for
"africain").
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable

import numpy as np

from erbm.text import canonical_numbers, fold_accents

_WORD = re.compile(r"[^\W_]+")
# "J.-C.", "S.N.C.F.": single letters joined by dots or hyphens are one initialism.
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.-?)+[^\W\d_]\b\.?")
# A name of several words, capitalised first: "Union européenne", "Régions ultrapériphériques".
# Overlapping (a lookahead), so "Ceuta et Melilla … l'Union européenne" yields both names.
_NAME = re.compile(r"(?=\b([A-ZÀ-Ý][^\W\d_]+(?:[ '\u2019-]+(?:(?:de|du|des|d|la|le|les|l|et|en|pour|à)[ '\u2019]+)?[^\W\d_]+){1,5}))")
# Linking words that initials skip ("Commission Nationale du Label" → "CNL"); shared with
# erbm/assistant/definition.py.
LINKS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "pour", "a"})
# Prefix matching needs this many letters, and this share of the question's word.
_MIN_PREFIX = 4
_PREFIX_SHARE = 0.7
_MIN_NEAR = 5


def _acronyms(name: str) -> set[str]:
    """Initials of a name's words, with and without its linking words: "UE", "RUP" (from
    "Régions ultrapériphériques" → "RU", and the words' own capitals "RUP" are not guessed)."""
    words = [fold_accents(w.lower()) for w in _WORD.findall(name)]
    content = [w for w in words if w not in LINKS]
    out = set()
    for n in range(2, len(content) + 1):
        out.add("".join(w[0] for w in content[:n]))
    return out


def surface(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """A text's words (folded, "2 100" as "2100", "J.-C." as "jc") and its names' acronyms."""
    flat = canonical_numbers(text)
    lowered = fold_accents(flat.lower())
    words = set(_WORD.findall(lowered))
    words.update(m.group().replace(".", "").replace("-", "") for m in _DOTTED.finditer(lowered))
    acronyms: set[str] = set()
    for match in _NAME.finditer(flat):
        acronyms |= _acronyms(match.group(1))
    return frozenset(words), frozenset(acronyms - words)


def _near(folded: str) -> str:
    """The form near spellings are compared in: French derives adjectives from names by
    turning "qu" into "c" ("Afrique" / "africain", "Amérique" / "américain")."""
    return folded.replace("qu", "c")


def _prefix(folded: str) -> str | None:
    if len(folded) < _MIN_NEAR or folded.isdigit():
        return None
    near = _near(folded)
    return near[: max(_MIN_PREFIX, math.ceil(_PREFIX_SHARE * len(near)))]


def _is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 6


class NameIndex:
    def __init__(self, texts: Iterable[str]) -> None:
        words: set[str] = set()
        acronyms: set[int] = set()
        for text in texts:
            w, a = surface(text)
            words |= w
            # Hashes, not strings: a corpus of 10,000 pages has a million name openings, and
            # their initials as strings cost ~80 MB of serving memory (make bench).
            acronyms.update(hash(x) for x in a)
        self.words = frozenset(words)
        self._acronyms = np.array(sorted(acronyms), dtype=np.int64)
        self._sorted = sorted({_near(w) for w in self.words})

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def _has_prefix(self, prefix: str) -> bool:
        i = bisect.bisect_left(self._sorted, prefix)
        return i < len(self._sorted) and self._sorted[i].startswith(prefix)

    def _is_known_acronym(self, folded: str) -> bool:
        h = hash(folded)
        i = int(np.searchsorted(self._acronyms, h))
        return i < len(self._acronyms) and int(self._acronyms[i]) == h

    def knows(self, word: str) -> bool:
        folded = fold_accents(word.lower())
        if folded in self.words or (_is_acronym(word) and self._is_known_acronym(folded)):
            return True
        prefix = _prefix(folded)
        return prefix is not None and self._has_prefix(prefix)
