"""What an acronym stands for: « Que signifie CNL ? », « Que veut dire MNE ? ».

Such a question shares one word with its answer, the acronym, and every passage that uses the
acronym shares it too; the rest of the question (« signifie », « veut dire ») is in no passage.
Word coverage refused it, or answered with a sentence that merely uses the acronym (« La date de
CNL … sera signifiée au candidat »). Its answer is the sentence that spells the acronym out:
« la Commission Nationale du Label (CNL) », « Taxe d'Enlèvement des Ordures Ménagères (TEOM) »,
the initials of the words next to it. Measured on questions `df*` written before this module
(project and real-project sets, README). A question is refused only when no passage either
spells the acronym out or glosses it in brackets (`glosses`).
"""

from __future__ import annotations

import re

from erbm.index.names import LINKS
from erbm.text import fold_accents

# The question asks what a term means (the form, not any word of a known question).
_ASKS = re.compile(
    r"\b(?:signifie(?:nt)?|veu(?:t|lent)\s+dire|d[ée]signe(?:nt)?|signification|sens\s+d[eu]|"
    r"correspond(?:ent)?\s+(?:le|la|les)\s+sigles?|sigles?)\b",
    re.IGNORECASE,
)
# « Qu'est-ce que la CNL ? »: the question is the acronym alone.
_WHAT_IS = re.compile(r"^\s*(?:qu['’]est[- ]ce\s+que|c['’]est\s+quoi)\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?(\w+)\s*\??\s*$", re.IGNORECASE)
# An acronym: two capitals or more, digits allowed after the first letter (« CD2E »).
_ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]{1,9})\b")
_WORD = re.compile(r"[^\W\d_]+")
# Words read on each side of the acronym, beyond its own length.
_SLACK = 6


def asked_acronym(question: str) -> str | None:
    """The acronym whose meaning the question asks for, if it asks for one."""
    acronyms = _ACRONYM.findall(question)
    if not acronyms:
        return None
    if _ASKS.search(question):
        return acronyms[0]
    whole = _WHAT_IS.match(question)
    return whole.group(1) if whole and whole.group(1) in acronyms else None


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in LINKS)


def spells_out(text: str, acronym: str) -> bool:
    """The text writes the words the acronym stands for next to it: before it (« Médiateur
    national de l'énergie (MNE) ») or after it (« MNE (Médiateur national de l'énergie) »)."""
    key = fold_accents(acronym.lower())
    letters = sum(ch.isalpha() for ch in key)
    if letters < 2:
        return False
    for match in re.finditer(rf"\b{re.escape(acronym)}\b", text):
        before = [fold_accents(w.lower()) for w in _WORD.findall(text[: match.start()])][-(letters + _SLACK) :]
        after = [fold_accents(w.lower()) for w in _WORD.findall(text[match.end() :])][: letters + _SLACK]
        # The words right before it, read back from the acronym; or right after it.
        for start in range(len(before)):
            if _initials(before[start:]) == key:
                return True
        for end in range(1, len(after) + 1):
            if _initials(after[:end]) == key:
                return True
    return False


def glosses(text: str, acronym: str) -> bool:
    """The text puts the acronym in brackets after words of its own, spelled out or not: « de
    techniciens supérieurs (TSEEAC et TSA) », « Plan Climat (PCAET) ». Not a definition to
    lead an answer with, but the document's own gloss: a question about it is not refused for
    want of one (piaf: « TSEEAC et TSA sont des sigles pour quelle formation ? »)."""
    # Brackets holding acronyms only (« (TSEEAC et TSA) »), not a list of names that has it.
    other = r"[A-Z][A-Z0-9]+\s*(?:,|et|ou|/)\s*"
    inside = rf"(?:{other})*{re.escape(acronym)}(?:\s*(?:,|et|ou|/)\s*[A-Z][A-Z0-9]+)*"
    return re.search(rf"[^\W\d_][\s»\"]*\(\s*{inside}\s*\)", text) is not None

