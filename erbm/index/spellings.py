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
  word typed in capitals (« ENAC ») stays so;
- capitals of a name of several words, in the same question: words the corpus writes in a row,
  each capitalised (« Mission Bassin Minier », « Mission Régionale d'Autorité Environnementale »),
  at least nine times in ten wherever it writes them in a row. Word by word, « bassin » and
  « minier » are common nouns: « mission bassin minier » would stay no name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

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
# Capitalised words in a row: a space, hyphen or apostrophe between them, or « de », « du »,
# « des », « d' » (« Mission Régionale d'Autorité Environnementale »).
_CAPITALISED = r"[^\W\d_a-zß-ÿ][^\W\d_]*"
_RUN = re.compile(rf"\b{_CAPITALISED}(?:(?:[ \-'’]|\s(?:de|du|des)\s|\sd['’]){_CAPITALISED})+")
# The longest name of several words a question is read for.
_LONGEST_RUN = 6


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _in_capitals(word: str) -> bool:
    return len(word) > 1 and word.isupper()


class Spellings:
    def __init__(self, texts: Sequence[str]) -> None:
        # Counted as written, one entry per distinct spelling, and folded once per spelling at the
        # end: folding every occurrence took several seconds at 10,000 pages.
        written: Counter[str] = Counter()  # every occurrence
        opening: Counter[str] = Counter()  # occurrences opening a sentence, heading or item
        headings: Counter[str] = Counter()  # occurrences in a line of capitals (a heading)
        runs: Counter[tuple[str, ...]] = Counter()  # names of several words, in lower case
        run_forms: dict[tuple[str, ...], str] = {}
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
                for run in _RUN.finditer(piece):
                    found = list(_WORD.finditer(run.group()))
                    if not piece[: run.start()].strip():
                        # Opening the piece, its first word owes its capital to its position.
                        found = found[1:]
                    # In capitals, a run is a heading (« LE ROLE DU MEDIATEUR »).
                    if 1 < len(found) <= _LONGEST_RUN and not all(_in_capitals(w.group()) for w in found):
                        key = tuple(w.group().lower() for w in found)
                        runs[key] += 1
                        run_forms.setdefault(key, run.group()[found[0].start() :])
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
        self._phrases = self._phrases_named(texts, runs, run_forms)

    def _phrases_named(
        self, texts: Sequence[str], runs: Counter[tuple[str, ...]], forms: dict[tuple[str, ...], str]
    ) -> dict[tuple[str, ...], str]:
        """Names of several words, by their folded words: those the corpus writes capitalised at
        least nine times in ten it writes their words in a row. A name whose every word is a name
        on its own is restored word by word already."""
        candidates = {
            key for key in runs if not all(w in self._names for w in map(fold_accents, key))
        }
        if not candidates:
            return {}
        starts: dict[str, list[tuple[str, ...]]] = {}
        for key in candidates:
            starts.setdefault(key[0], []).append(key)
        # Every occurrence, in any case: a second reading, of these names only.
        total: Counter[tuple[str, ...]] = Counter()
        for text in texts:
            words = _WORD.findall(nfkc(text).lower())
            for i, word in enumerate(words):
                for key in starts.get(word, ()):
                    if tuple(words[i : i + len(key)]) == key:
                        total[key] += 1
        return {
            tuple(fold_accents(w) for w in key): forms[key]
            for key in candidates
            if runs[key] >= _NAME_SHARE * total[key]
        }

    def restore(self, question: str) -> str:
        """The question with the corpus's accents put back if it has none, and its names'
        capitals if it has no capital after its first letter; words the corpus lacks stay as typed."""
        unaccented = fold_accents(question) == question
        uncapitalised = not any(ch.isupper() for ch in question[1:])
        if uncapitalised and self._phrases:
            question = self._restore_phrases(question, unaccented)

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

    def _restore_phrases(self, question: str, unaccented: bool) -> str:
        """The names of several words the question writes in lower case, as the corpus writes
        them; the longest first, each word keeping what the user typed between words."""
        words = list(_WORD.finditer(question))
        keys = [fold_accents(w.group().lower()) for w in words]
        pieces: list[str] = []
        last, i = 0, 0
        while i < len(words):
            for n in range(min(_LONGEST_RUN, len(words) - i), 1, -1):
                form = self._phrases.get(tuple(keys[i : i + n]))
                if form is None:
                    continue
                for typed, named in zip(words[i : i + n], _WORD.findall(form), strict=True):
                    # Typed with its accents, a word keeps them: only its capital is given back.
                    spelled = named if unaccented else typed.group()[0].upper() + typed.group()[1:]
                    pieces.append(question[last : typed.start()] + spelled)
                    last = typed.end()
                i += n
                break
            else:
                i += 1
        return "".join(pieces) + question[last:]
