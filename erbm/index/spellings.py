"""How the corpus spells its words, so that a question typed the way people type in a chat is
read the way the documents write it.

« combien d habitants compte la cite lemay ? »: without its accents a word is another word to
e5 (and sometimes to the stemmer: « réhabilités » and « rehabilites » do not stem alike); without
its capital « lemay » is no name, so none of the checks on what a question names (unknown names,
anchoring: erbm/assistant/evidence.py) apply, and a question about a cité the documents give no
figure for is answered. Measured with every set's questions typed in lower case without accents
(README, « Une question tapée sans accents ni majuscules »).

Two restorations, each for a question typed without what it restores, and only where the
corpus leaves no doubt (whoever types accents or capitals wrote the rest as they meant it:
« accuse-t-il » is not « accusé-t-il »):
- accents, in a question without any accented letter: a word the corpus never writes unaccented
  gets its most frequent spelling (« renovation » → « rénovation »); « a », « ou », « cote »
  exist unaccented and stay (a word the corpus writes only accented is read so even when the
  user meant another word: « visite » where the corpus has only « visité », which stems alike);
- capitals, in a question without any capital after its first letter: a word the corpus
  capitalises inside its sentences at least nine times in ten (« Lemay », « ERBM », « État »).
  A word in a line of capitals (a heading) says nothing about how the word is written, and a
  word typed in capitals (« ENAC ») stays so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from erbm.text import fold_accents, nfkc

_WORD = re.compile(r"[^\W\d_]+")
# What may open a sentence, a heading or a list item: the first word after one of these (or
# after a number: « 2.1 Garantir ») is capitalised by position, not because it is a name.
_OPENS = re.compile(r"[.!?:;…•·▪►▶■«»\"“”(\[\n|–—\d]+")
_NAME_SHARE = 0.9
# Addresses spell words their own way (« energie-mediateur.fr »): they are not the text's words.
_ADDRESS = re.compile(r"(?<!\S)\S*(?:@|://|www\.|\.(?:fr|com|org|net|eu|gouv)\b)\S*", re.IGNORECASE)
_ADDRESS_HINTS = ("@", "://", "www.", ".fr", ".com", ".org", ".net", ".eu", ".gouv", ".FR")
# Words in capitals; two in one stretch of text are a heading (« QUI PEUT SAISIR LE MNE »).
_CAPITALS = re.compile(r"\b[^\W\d_a-zß-ÿ]{2,}\b")


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _in_capitals(word: str) -> bool:
    return len(word) > 1 and word.isupper()


class Spellings:
    def __init__(self, texts: Iterable[str]) -> None:
        # Counted as written, one entry per distinct spelling, and folded once per spelling at the
        # end: folding every occurrence took several seconds at 10,000 pages.
        written: Counter[str] = Counter()  # every occurrence
        opening: Counter[str] = Counter()  # occurrences opening a sentence, heading or item
        headings: Counter[str] = Counter()  # occurrences in a line of capitals (a heading)
        for text in texts:
            text = nfkc(text)
            if any(hint in text for hint in _ADDRESS_HINTS):
                text = _ADDRESS.sub(" ", text)
            for piece in _OPENS.split(text):
                words = _WORD.findall(piece)
                if not words:
                    continue
                written.update(words)
                opening[words[0]] += 1
                capitals = _CAPITALS.findall(piece)
                if len(capitals) > 1:
                    headings.update(capitals)
        lower: Counter[str] = Counter()  # in lower case, occurrences not in capitals
        inside: Counter[str] = Counter()  # occurrences inside a sentence, by folded word
        named: dict[str, tuple[int, int, str]] = {}  # folded word → (capitalised inside, best count, best form)
        for form, count in written.items():
            if not _in_capitals(form):
                # Capitals drop their accents in French typography (« LE ROLE DU MEDIATEUR »).
                lower[form.lower()] += count
            within = count - opening[form] - headings[form]
            if within <= 0:
                continue
            key = fold_accents(form.lower())
            inside[key] += within
            if _capitalised(form):
                total, best, best_form = named.get(key, (0, 0, ""))
                named[key] = (total + within, *((within, form) if within > best else (best, best_form)))
        # Only what a restoration needs is kept: the accented words, and the names.
        accented: dict[str, tuple[int, str]] = {}
        for form, count in lower.items():
            key = fold_accents(form)
            if key != form and key not in lower and count > accented.get(key, (0, ""))[0]:
                accented[key] = (count, form)
        self._accented = {key: form for key, (_, form) in accented.items()}
        self._names = {key: form for key, (total, _, form) in named.items() if total >= _NAME_SHARE * inside[key]}

    def restore(self, question: str) -> str:
        """The question with the corpus's accents put back if it has none, and its names'
        capitals if it has no capital after its first letter; words the corpus lacks stay as typed."""
        unaccented = fold_accents(question) == question
        uncapitalised = not any(ch.isupper() for ch in question[1:])

        def respell(match: re.Match[str]) -> str:
            word = match.group()
            if _in_capitals(word):
                return word
            key = fold_accents(word.lower())
            name = self._names.get(key) if uncapitalised else None
            if name is not None and (unaccented or word.lower() == name.lower()):
                return name
            accented = self._accented.get(key) if unaccented else None
            if accented is None:
                return word
            return accented[0].upper() + accented[1:] if _capitalised(word) else accented

        return _WORD.sub(respell, question)
