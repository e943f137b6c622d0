"""What a document's acronyms stand for, read as the document itself spells them out.

A publication defines an acronym once (« Le Médiateur national de l'énergie (MNE) est… ») and
then writes the acronym alone: the section « Qui peut saisir le MNE ? » answers « qui peut saisir
le médiateur ? », the sentence « la CDSP ouvre les plis » answers a question about the
« commission de délégation de service public ». Word matching cannot see it: the lexical index
reads each acronym a document defines with the words it stands for (`Glossary.expand`), and so
do the passage and sentence vectors (`embedded_texts`): the section's table « Qui peut saisir le
MNE ? » was not among the 30 passages e5 found for « qui peut saisir le médiateur ? ».
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from erbm.index.names import LINKS
from erbm.models import Chunk
from erbm.text import fold_accents

# An acronym: two capitals or more, digits allowed after the first letter (« CD2E »).
ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]{1,9})\b")
_WORD = re.compile(r"[^\W\d_]+")
# Words read on each side of the acronym, beyond its own length.
_SLACK = 6
# Where a publication defines an acronym: in brackets after its words, or before its words in
# brackets. Only these are read when the glossary is built (a name's initials alone are not a
# definition: « QUI PEUT SAISIR » is a heading, not three acronyms).
_DEFINED = re.compile(r"\(\s*([A-Z][A-Z0-9]{1,9})\s*\)|\b([A-Z][A-Z0-9]{1,9})(?=\s*\()")


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in LINKS)


def spelled_out(text: str, acronym: str) -> str | None:
    """The words the acronym stands for, when the text writes them next to it: before it
    (« Médiateur national de l'énergie (MNE) ») or after it (« MNE (Médiateur national de
    l'énergie) »); their initials, linking words aside, are the acronym's letters."""
    key = fold_accents(acronym.lower())
    letters = sum(ch.isalpha() for ch in key)
    if letters < 2:
        return None
    for match in re.finditer(rf"\b{re.escape(acronym)}\b", text):
        before = _WORD.findall(text[: match.start()])[-(letters + _SLACK) :]
        after = _WORD.findall(text[match.end() :])[: letters + _SLACK]
        folded_before = [fold_accents(w.lower()) for w in before]
        folded_after = [fold_accents(w.lower()) for w in after]
        # The fewest words right before it, read back from the acronym (« le Médiateur… »
        # without « le »); or right after it.
        for start in reversed(range(len(before))):
            if _initials(folded_before[start:]) == key:
                return " ".join(before[start:])
        for end in range(1, len(after) + 1):
            if _initials(folded_after[:end]) == key:
                return " ".join(after[:end])
    return None


class Glossary:
    """Each document's acronyms and the words it spells them out with."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        found: dict[str, dict[str, str]] = defaultdict(dict)
        for chunk in chunks:
            defined = found[chunk.doc_id]
            # Headings define acronyms too (« … DES SERVICES PUBLICS LOCAUX (CCSPL) »).
            text = chunk.indexed_text()
            for match in _DEFINED.finditer(text):
                acronym = match.group(1) or match.group(2)
                if acronym in defined:
                    continue
                words = spelled_out(text, acronym)
                if words is not None:
                    defined[acronym] = words
        # By document id: two documents of one name (in two folders) need not define alike.
        self._by_document = {
            doc: {acronym: (words, _folded_words(words)) for acronym, words in terms.items()}
            for doc, terms in found.items()
            if terms
        }

    def __len__(self) -> int:
        return sum(len(terms) for terms in self._by_document.values())

    def expand(self, text: str, doc_id: str, *, unless: Literal["all", "any"] = "all") -> str:
        """The text with each acronym its document defines preceded by its words (« saisir le
        Médiateur national de l'énergie MNE »), so that both spellings, and the word pairs
        either makes with its neighbours, are in the text's terms. Not where the text already
        has all those words: there they would only weigh twice (« le renouveau du bassin
        minier … l'ERBM » outranked the passage a general question was about); with
        `unless="any"`, not where it has any of their words (linking words aside)."""
        defined = self._by_document.get(doc_id)
        if not defined:
            return text
        # Most passages use none of their document's acronyms: their words are not read at all.
        used = {m[1] for m in ACRONYM.finditer(text)} & defined.keys()
        if not used:
            return text
        words = _folded_words(text)
        missing = {acronym: defined[acronym][0] for acronym in used if not _carries(words, defined[acronym][1], unless)}
        if not missing:
            return text
        return ACRONYM.sub(lambda m: f"{missing[m[1]]} {m[1]}" if m[1] in missing else m[1], text)


def embedded_texts(chunks: list[Chunk]) -> list[str]:
    """What the passage vectors embed: each chunk's indexed text, read with the words of the
    acronyms its document defines (among these chunks), where it writes none of them. A
    passage that writes some carries the acronym's meaning already; and a document's own name,
    spelled out again, pulled its passages towards every question on its subject (« les
    signataires de l'ERBM … du Bassin minier »: make eval dev hit@1 0.955 → 0.909 when every
    passage lacking one of the words read them). The text stored and shown is the chunk's own."""
    glossary = Glossary(chunks)
    return [glossary.expand(chunk.indexed_text(), chunk.doc_id, unless="any") for chunk in chunks]


def _carries(words: set[str], spelled: set[str], unless: Literal["all", "any"]) -> bool:
    if unless == "all":
        return spelled <= words
    return bool((spelled - LINKS) & words)


def _folded_words(text: str) -> set[str]:
    return {fold_accents(w.lower()) for w in _WORD.findall(text)}
