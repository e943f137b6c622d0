"""One line → a numbered heading candidate, whatever the document's words.

Recognises the forms real publications use: "1 - Planification", "1.1 Stratégie", "1.1.1"
alone on its line, "3.1.1. Être engagé", "III. Participation", "A. Objet", "a) Les délais",
"Axe 2 : Loyers", "Préconisation n°2.3 — Suivre", "PARTIE 2. ESPACES EXTÉRIEURS", "Article 1 :
DÉFINITION", label words never seen before ("Engagement 4 – …"), labels of two words
("Fiche-action 1.2 :", "Orientation stratégique 1 –"), numbers that mix a roman numeral or a
capital letter with digits ("II.3", "A-1"), numbers joined by hyphens ("Préconisation 1-2",
"1-2 Planter"), ids that glue a capital to their number ("R1.", "P3 :"), a number mark without
a label ("N°3 –"), lettered items ("1.a", "1a"), inserted ones ("Article 3 bis"), a capital after
a label ("Annexe B :"), an ordinal before the label ("Première partie", "2e axe"), a pictogram
before the heading ("▶ AXE 1") or between number and title ("AXE 1 | HABITAT"). Whether a
candidate is really a heading is decided over the whole document (structure.py): numbers must
advance.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from erbm.ingest.patterns import Patterns, parse_roman
from erbm.text import fold_accents

Kind = Literal["arabic", "roman", "letter"]

# "Axe", "PARTIE", "Préconisation", "Recommandation n°", "Fiche N°": a word, then the number;
# or a word and its qualifier ("Fiche-action", "Orientation stratégique", "AXE STRATÉGIQUE").
_WORD = r"[^\W\d_]{2,20}"
_NUMBER_MARK = r"\s+(?:[nN]\s*[°º]\s*|[nN][oO]\.?\s+)?(?=[\dA-Zivxlc])"
_LABEL = re.compile(rf"(?P<label>(?P<word>{_WORD})(?:[-\s]{_WORD})?){_NUMBER_MARK}")
_SINGLE_LABEL = re.compile(rf"(?P<label>(?P<word>{_WORD})){_NUMBER_MARK}")
# "R1.", "P3 :", "FA2.1 –": one or two capitals glued to the number label it; "R 1.1 –" too,
# its space kept in the id as printed.
_GLUED = re.compile(r"(?P<label>[A-Z]{1,2} ?)(?=\d)")
# "N°3 – Informer": the number mark alone, without a label word; the number is cited bare.
_BARE_MARK = re.compile(r"[nN]\s*[°º]\s*(?=\d)")
_ARABIC = re.compile(r"\d{1,3}(?:\.\d{1,3})*")
# "Préconisation 1-2 :", "Action 2-1-3 –", "1-2 Planter": a number whose parts a hyphen joins,
# written as printed (not "2024-2026", not "1 - Titre": no space, three digits at most).
# Without a label it may be a range ("1-2 Journées"): see Candidate.needs_sibling.
_HYPHENATED = re.compile(r"\d{1,3}(?:-\d{1,3})+(?![\d-])")
# "II.3", "A-1", "B.2.1": a roman numeral or a capital, then digits; written as printed.
_MIXED = re.compile(r"(?P<head>[IVXLC]{1,7}|[A-Z])[.-](?P<tail>\d{1,3}(?:\.\d{1,3})*)")
# "1.a", "2.1.b)", "3-c", "1a": a lettered item under a numbered one, written as printed.
_ARABIC_LETTER = re.compile(r"(?P<head>\d{1,3}(?:\.\d{1,3})*)[.-]?(?P<letter>[a-z])(?=[\s.)]|$)")
_ROMAN_TOKEN = re.compile(r"[IVXLCivxlc]{1,7}\b")
# "a)", "A.", "B – Les espaces": a capital takes a dash too.
_LETTER = re.compile(r"[A-Za-z](?=[.)])|[A-Z](?=\s+[-–—]\s)")
_LABEL_LETTER = re.compile(r"[A-Z](?=\s*[-–—:.)|]|\s*$)")
# "Article 1er", "Chapitre Ier": the first of a labelled series, as French law and conventions number it.
_FIRST = re.compile(r"(?P<one>1|I)(?:er|re|ère)\b")
# "Article 3 bis", "5 ter": a heading inserted after its number's, as French texts amend.
_INSERTED = re.compile(r"\s+(?P<word>bis|ter|quater|quinquies)\b", re.IGNORECASE)
_INSERTED_RANK = {"bis": 1, "ter": 2, "quater": 3, "quinquies": 4}
# "PREMIÈRE PARTIE :", "1re partie –", "2e AXE", "Deuxième orientation": an ordinal before
# the label, then a separator or the end of the line (the title on the next). The ordinal
# words are patterns.toml's.
_ORDINAL = re.compile(
    rf"(?P<ordinal>(?P<digits>\d{{1,2}})(?:er|re|ère|ere|e|ème|eme|nde?)|[^\W\d_]{{6,9}})\s+(?P<word>{_WORD})(?=\s*(?:[-–—:.|]|$))",
    re.IGNORECASE,
)
# What may stand between a number and its title ("1/ Le contexte", "AXE 1 | HABITAT", "AXE 1 ►
# HABITAT" too).
_SEPARATOR = re.compile(r"\s*(?:[-–—:.)|►▶■●•·»]|/(?=\s))\s*|\s+")
_EXPLICIT = re.compile(r"[-–—:.)/|►▶■●•·»]")
_BULLET_END = (",", ";")
# Pictograms printed before a heading ("▶ AXE 1", "■ 1.2", "» Article 3", a private-use icon
# glyph): symbols, and the bullets and closing guillemet that never open a French sentence.
_GLYPH_CATEGORIES = {"So", "Sm", "Co"}
_GLYPH_CHARS = "•·‣◦⁃▪»"


@dataclass(frozen=True)
class Candidate:
    """A line that reads like a numbered heading. ``title`` is None when the number stands alone."""

    label: str | None  # as written ("AXE", "Préconisation"), None without a label word
    number: str  # "1.1.1", "III", "a"
    values: tuple[int, ...]  # (1, 1, 1), (3,), (1,)
    kind: Kind
    title: str | None
    known_label: bool  # the label (its first word) is one of patterns.toml's words
    # The label is glued to the number ("R1"): the document's id is the two together.
    glued: bool = False
    # A heading the document lists (a bookmark, a contents entry) is printed on this line.
    confirmed: bool = False
    # 1 for "3 bis", 2 for "3 ter": inserted after the heading of the same number.
    inserted: int = 0
    # The number is an ordinal before the label ("Première partie"): cited in that order.
    ordinal: bool = False

    @property
    def needs_sibling(self) -> bool:
        """An unlabelled "1-2" or "1a" also reads as a range ("1-2 Journées") or an ordinal
        ("5e COMITÉ"): structure.py keeps it only where the document numbers siblings so."""
        if self.label or self.depth < 2:
            return False
        if self.kind == "arabic":
            return "-" in self.number
        return self.kind == "letter" and self.number[-2:-1].isdigit()

    @property
    def label_word(self) -> str:
        """The label's first word, lower case: "fiche" for "Fiche-action", what patterns.toml lists."""
        return _first_word(self.label) if self.label and not self.glued else ""

    @property
    def depth(self) -> int:
        return len(self.values)

    @property
    def style(self) -> tuple[str, Kind, int]:
        """Headings of one style sit at one level of the document's hierarchy."""
        return ((self.label or "").lower(), self.kind, self.depth)


def group_lettered(candidates: list[Candidate]) -> set[str]:
    """The capitals glued to numbers that letter groups ("A1", "A2", "B1": the capitals run
    from A), not a label glued to every id ("R1", "R2")."""
    letters = sorted({c.label for c in candidates if c.glued and c.label and len(c.label) == 1 and c.depth == 1})
    run = [chr(ord("A") + i) for i in range(len(letters))]
    return set(letters) if len(letters) >= 2 and letters == run else set()


def as_group_item(c: Candidate) -> Candidate:
    """ "B2" read as "B.2": the second item of the second group, cited as printed."""
    assert c.label is not None
    return replace(
        c, label=None, number=f"{c.label}{c.number}", values=(ord(c.label) - ord("A") + 1, *c.values),
        kind="letter", glued=False, known_label=False,
    )


def _first_word(label: str) -> str:
    return re.split(r"[-\s]", label)[0].lower()


def clean_title(title: str | None) -> str | None:
    if not title:
        return None
    # Markdown emphasis left in the text ("ET LEURS HAIES**") is no part of a title.
    return title.strip(" -–—:.*_").strip() or None


def _without_glyph(line: str) -> str:
    head = line[:1]
    if head and (head in _GLYPH_CHARS or unicodedata.category(head) in _GLYPH_CATEGORIES) and line[1:2].isspace():
        return line[1:].lstrip()
    return line


def title_like(text: str, patterns: Patterns) -> bool:
    """A line that can be a heading's title: starts with a capital, short, not a list item."""
    letters = [c for c in text if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    if text.rstrip().endswith(_BULLET_END):
        return False
    return len(text) <= patterns.max_title_chars and len(text.split()) <= patterns.max_title_words


def _number(rest: str, labelled: bool, patterns: Patterns) -> tuple[str, tuple[int, ...], Kind, str] | None:
    """The number at the start of ``rest``: (token, values, kind, what follows)."""
    if labelled and (m := _FIRST.match(rest)):
        return m.group(), (1,), "arabic" if m.group("one") == "1" else "roman", rest[m.end() :]
    if (m := _MIXED.match(rest)) and (head := _head_value(m.group("head"), patterns)) is not None:
        tail = tuple(int(v) for v in m.group("tail").split("."))
        if any(v > patterns.max_component for v in tail):
            return None
        kind: Kind = "roman" if parse_roman(m.group("head")) == head else "letter"
        return m.group(), (head, *tail), kind, rest[m.end() :]
    if m := _ARABIC_LETTER.match(rest):
        head = tuple(int(v) for v in m.group("head").split("."))
        if head[0] > patterns.max_top_number or any(v > patterns.max_component for v in head[1:]):
            return None
        return m.group(), (*head, ord(m.group("letter")) - ord("a") + 1), "letter", rest[m.end() :]
    if (m := _HYPHENATED.match(rest)) or (m := _ARABIC.match(rest)):
        token = m.group()
        values = tuple(int(v) for v in re.split(r"[.-]", token))
        if values[0] > patterns.max_top_number or any(v > patterns.max_component for v in values[1:]):
            return None
        return token, values, "arabic", rest[m.end() :]
    if (m := _ROMAN_TOKEN.match(rest)) and (labelled or m.group().isupper()):
        value = parse_roman(m.group())
        if value is not None and value <= patterns.max_top_number:
            return m.group().upper(), (value,), "roman", rest[m.end() :]
        if len(m.group()) != 1:
            return None  # "MCM" is no number; "Annexe C", "C. Vie des habitants" are letters

    if labelled and (m := _LABEL_LETTER.match(rest)):
        # "Annexe A", "Partie B :": a capital numbers a labelled heading.
        return m.group(), (ord(m.group()) - ord("A") + 1,), "letter", rest[m.end() :]
    if not labelled and (m := _LETTER.match(rest)):
        letter = m.group()
        return letter, (ord(letter.lower()) - ord("a") + 1,), "letter", rest[m.end() :]
    return None


def _ordinal(line: str, patterns: Patterns, confirmed: bool) -> Candidate | None:
    """ "PREMIÈRE PARTIE : Habiter", "2e axe –": the ordinal numbers the label that follows it."""
    m = _ORDINAL.match(line)
    if m is None:
        return None
    digits = m.group("digits")
    value = int(digits) if digits else patterns.ordinal(fold_accents(m.group("ordinal").lower()))
    if not value or value > patterns.max_top_number:
        return None
    word = m.group("word")
    title = clean_title(line[m.end() :])
    if title and not confirmed and not title_like(title, patterns):
        return None
    return Candidate(
        label=word, number=m.group("ordinal"), values=(value,), kind="arabic", title=title,
        known_label=word.lower() in patterns.labels, confirmed=confirmed, ordinal=True,
    )


def _head_value(head: str, patterns: Patterns) -> int | None:
    """"II" → 2, "C" → 3: a roman numeral in range, else a letter's rank ("C", "L" are letters
    before they are 100 or 50)."""
    value = parse_roman(head)
    if value is not None and value <= patterns.max_top_number:
        return value
    return ord(head) - ord("A") + 1 if len(head) == 1 else None


def parse_candidate(text: str, patterns: Patterns, *, confirmed: bool = False, display: bool = False) -> Candidate | None:
    """``confirmed``: the document lists the line as a heading (bookmarks, contents: marks.py),
    so only the number is read from it (structure.py also spares it the numbering's checks). ``display``: it is set
    in heading type, so a bare number needs no separator."""
    line = _without_glyph(text.strip())
    if ordinal := _ordinal(line, patterns, confirmed):
        return ordinal
    label = None
    rest = line
    glued = compound = False
    m = _LABEL.match(line)
    if m and m.group("label") != m.group("word") and m.group("word").lower() not in patterns.labels:
        # Two words label a heading only when the first is a known label ("SEE DETAIL 1" is not one).
        m = _SINGLE_LABEL.match(line)
    if m and (m.group("word").lower() in patterns.labels or m.group("label")[0].isupper()):
        label, rest = m.group("label"), line[m.end() :]
        compound = label != m.group("word")
    elif m := _GLUED.match(line):
        label, rest, glued = m.group("label"), line[m.end() :], True
    elif m := _BARE_MARK.match(line):
        rest = line[m.end() :]
    parsed = _number(rest, label is not None, patterns)
    if parsed is None:
        return None
    token, values, kind, after = parsed
    inserted = 0
    if kind != "letter" and (m := _INSERTED.match(after)):
        inserted = _INSERTED_RANK[m.group("word").lower()]
        token, after = f"{token} {m.group('word').lower()}", after[m.end() :]
    if after[:1].isalnum() or after.startswith((".", ",")) and after[1:2].isdigit():
        return None  # "1er", "2024-2026", "1,5 million", "3.5%": a number, not a heading
    sep = _SEPARATOR.match(after)
    separator = sep.group() if sep else ""
    title = after[len(separator) :] if sep else after
    explicit = bool(_EXPLICIT.search(separator))
    known = label is not None and not glued and _first_word(label) in patterns.labels
    if title.startswith(("%", "€", "°")) or (title[:1].isdigit() and (not label or kind == "letter")):
        return None  # a table row ("2 35% - 49%"), an amount
    if kind == "letter" and not title and not label:
        return None
    if confirmed:
        return Candidate(
            label=label, number=token, values=values, kind=kind, title=clean_title(title), known_label=known, glued=glued,
            confirmed=True, inserted=inserted,
        )
    if label is None:
        # "27 sur les 38 fiches", "1 Engagé / 1 ère étoile": a bare top-level number needs a
        # separator ("1 -", "1.", "1)"), a line of its own, or heading type ("1 Planification"
        # set large or bold: the typography says what the missing separator would).
        if len(values) == 1 and title and not explicit and not display:
            return None
    elif (not known or compound) and title and not explicit:
        # "Les 12 acteurs", "B2 Niveau", "Action publique 2 Les cités": an unknown word, a glued
        # capital or two words need "Word 12 :" to be a label.
        return None
    if title and not title_like(title, patterns):
        return None
    return Candidate(
        label=label,
        number=token,
        values=values,
        kind=kind,
        title=clean_title(title),
        known_label=known,
        glued=glued,
        inserted=inserted,
    )
