"""The numbered outline of the indexed documents, and the parts a question names by number.

Practitioners quote a référentiel the way its citations read: « Que dit la préconisation 2.1 ? »,
« la mesure 2.4.1 », « l'article 4 du règlement ». Neither word nor vector search can find
these: « 2.1 » is two digits that every passage holds, and a passage rarely prints its own
number (the heading does, once). Measured on the questions `sn*` of the project and
real-project sets, written before this module: none of 10 answerable ones had its part first,
and two of three questions about a part no document has (« la préconisation 4.3 ») were
answered with another one.

A reference is a number of two to four levels (« 2.4.1 », whatever word precedes it: the ADEME
référentiel numbers its measures without printing « mesure »), or a one-level number after a word
that the indexed documents themselves use to label headings (« Axe 3 », « Article 4 »): « les 12
partenaires » or « en 2017 » are not references, as no heading is labelled « les » or « en ».
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from dataclasses import dataclass

from erbm.models import Chunk
from erbm.text import fold_accents

# The word before a dotted number is kept only to tell which of the question's words name the part.
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)\s+(?:n°\s*)?$")
# Two to four levels of one or two digits, no leading zero (« 7.03.17 » is a date); not a
# decimal (« 82.3 % », « 2,5 ») nor a version inside a longer token.
_DOTTED = re.compile(r"(?<![\w.,/])([1-9]\d?(?:\.[1-9]\d?){1,3})(?![\w,/%]|\.\d|\s?%)")
# A word, then a number of one level: an Arabic one (« 1er » read 1) or a Roman one.
# Case matters: a Roman number is in capitals (« l'axe le plus… » names no axe « L »).
_LABELLED = re.compile(r"\b([^\W\d_]{3,})\s+(?:n°\s*)?(\d{1,2}|[IVXL]{1,5})(?:er|re|ère|e|ème)?(?![\w.,]\d|\s?\d|[\w])")


def _label_key(label: str) -> str:
    key = fold_accents(label).lower()
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def _number_key(number: str) -> str:
    return number.strip(" .").lower()


@dataclass(frozen=True)
class Reference:
    """A part of a document the question names by its number."""

    number: str  # as the question writes it: "2.1", "4", "II"
    label: str | None = None  # the question's word before it, folded, when that word labels headings
    words: str = ""  # how the question names it, "préconisation 2.1", "Axe 3"

    def __str__(self) -> str:
        return self.words or self.number


class Outline:
    """Every numbered heading of the indexed passages: which passages sit under each number."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self._chunks = chunks  # the index's own list, read by `printed`
        # Positions as 4-byte arrays: at 34,000 passages, lists of ints would add ~7 MB to serving.
        self._under: dict[str, array[int]] = defaultdict(lambda: array("I"))  # number → passage positions
        self._labelled: dict[tuple[str, str], array[int]] = defaultdict(lambda: array("I"))  # (label, number) → positions
        self.labels: set[str] = set()
        self.depths: set[int] = set()  # levels of the dotted numbers headings use
        for position, chunk in enumerate(chunks):
            if not chunk.text.strip():
                continue  # a heading alone on its page: nothing to show
            for heading in chunk.heading_path:
                number = _number_key(heading.number)
                self._under[number].append(position)
                if re.fullmatch(r"\d+(?:\.\d+)+", number):
                    self.depths.add(number.count(".") + 1)
                if heading.label:
                    label = _label_key(heading.label)
                    self.labels.add(label)
                    self._labelled[(label, number)].append(position)

    def references(self, question: str) -> list[Reference]:
        """The parts the question names by number, in a numbering the documents use."""
        found: list[Reference] = []
        for m in _DOTTED.finditer(question):
            before = _WORD_BEFORE.search(question[: m.start()])
            found.append(Reference(m.group(1), words=question[before.start() if before else m.start() : m.end()]))
        for m in _LABELLED.finditer(question):
            label = _label_key(m.group(1))
            if label in self.labels:
                found.append(Reference(m.group(2), label, words=m.group(0)))
        return list(dict.fromkeys(found))

    def numbered_alike(self, reference: Reference) -> bool:
        """The documents number their parts the way the reference does (« 4.3 » where headings
        have two levels, « Axe 6 » where headings are labelled « Axe »)."""
        if reference.label is not None:
            return True
        return reference.number.count(".") + 1 in self.depths

    def printed(self, reference: Reference) -> bool:
        """Some passage prints the part's number as the question names it (« voir 4.3 »): read only
        for a reference no heading has, the text being long."""
        if reference.label is None:
            pattern = rf"(?<![\d.]){re.escape(reference.number)}(?!\d|\.\d)"
        else:
            word = reference.words.split()[0]
            pattern = rf"\b{re.escape(word)}s?\s+(?:n°\s*)?{re.escape(reference.number)}\b"
        compiled = re.compile(pattern, re.IGNORECASE)
        return any(compiled.search(c.text) for c in self._chunks)

    def under(self, reference: Reference) -> list[int]:
        """Positions of the passages under that part, in document order."""
        number = _number_key(reference.number)
        found = self._labelled.get((reference.label, number)) if reference.label is not None else self._under.get(number)
        return list(found) if found is not None else []
