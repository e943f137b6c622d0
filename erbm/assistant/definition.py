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

from erbm.index.acronyms import ACRONYM, spelled_out

# The question asks what a term means (the form, not any word of a known question).
_ASKS = re.compile(
    r"\b(?:signifie(?:nt)?|veu(?:t|lent)\s+dire|d[ée]signe(?:nt)?|signification|sens\s+d[eu]|"
    r"correspond(?:ent)?\s+(?:le|la|les)\s+sigles?|sigles?)\b",
    re.IGNORECASE,
)
# « Qu'est-ce que la CNL ? »: the question is the acronym alone.
_WHAT_IS = re.compile(r"^\s*(?:qu['’]est[- ]ce\s+que|c['’]est\s+quoi)\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?(\w+)\s*\??\s*$", re.IGNORECASE)


def asked_acronym(question: str) -> str | None:
    """The acronym whose meaning the question asks for, if it asks for one."""
    acronyms = ACRONYM.findall(question)
    if not acronyms:
        return None
    if _ASKS.search(question):
        return acronyms[0]
    whole = _WHAT_IS.match(question)
    return whole.group(1) if whole and whole.group(1) in acronyms else None


def spells_out(text: str, acronym: str) -> bool:
    """The text writes the words the acronym stands for next to it: before it (« Médiateur
    national de l'énergie (MNE) ») or after it (« MNE (Médiateur national de l'énergie) »)."""
    return spelled_out(text, acronym) is not None


def glosses(text: str, acronym: str) -> bool:
    """The text puts the acronym in brackets after words of its own, spelled out or not: « de
    techniciens supérieurs (TSEEAC et TSA) », « Plan Climat (PCAET) ». Not a definition to
    lead an answer with, but the document's own gloss: a question about it is not refused for
    want of one (piaf: « TSEEAC et TSA sont des sigles pour quelle formation ? »)."""
    # Brackets holding acronyms only (« (TSEEAC et TSA) »), not a list of names that has it.
    other = r"[A-Z][A-Z0-9]+\s*(?:,|et|ou|/)\s*"
    inside = rf"(?:{other})*{re.escape(acronym)}(?:\s*(?:,|et|ou|/)\s*[A-Z][A-Z0-9]+)*"
    return re.search(rf"[^\W\d_][\s»\"]*\(\s*{inside}\s*\)", text) is not None

