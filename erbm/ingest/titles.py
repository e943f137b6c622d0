"""A document's real title, as a practitioner would cite it.

In order: the manifest's title (handled by the caller); the format's own title (PDF /Title,
Markdown "#", HTML <title>) when it reads as this document's title; the largest text of the
first page; the first heading; the file name last.
"""

from __future__ import annotations

import re
from pathlib import Path

from erbm.ingest.loaders.base import RawDocument
from erbm.text import collapse_whitespace, fold_accents, nfkc

# Titles that authoring tools leave behind: "Microsoft Word - rapport_v3.docx", "Untitled".
_TOOL_TITLE = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled|sans\s+titre|document\d*$|diapositive|présentation\d*$)", re.I)
_FILE_LIKE = re.compile(r"_|\.(?:docx?|odt|pdf|indd|pptx?|xlsx?|rtf)\b|^\S+$", re.I)
_WORD = re.compile(r"[^\W\d_]{4,}")
# Share of a metadata title's words that the document must contain: a template's leftover
# title (a magazine's name on an annual report) names words the text never uses.
_MIN_SHARED = 0.5
_PAGES_CHECKED = 3
_OPENING_WORDS = 14
# "1. Animer et suivre le COT": a fiche's number is not part of its title.
_LEADING_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?=[^\W\d_])")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(fold_accents(text.lower())))


def plausible_metadata_title(title: str, raw: RawDocument) -> bool:
    if _TOOL_TITLE.search(title) or _FILE_LIKE.search(title):
        return False
    words = _words(title)
    if not words:
        return False
    text = _words(" ".join(raw.pages[:_PAGES_CHECKED]))
    return len(words & text) / len(words) >= _MIN_SHARED


def file_title(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ")


def _title_like(line: str, max_words: int) -> bool:
    words = line.split()
    return 0 < len(words) <= max_words and line[:1].isupper() | line[:1].isdigit() and not line.rstrip().endswith((",", ";", ":"))


# French words a title line cannot end on: the title goes on to the next line.
_DANGLING = {"de", "des", "du", "d'", "la", "le", "les", "l'", "et", "ou", "à", "au", "aux", "en", "pour", "sur", "par", "dans", "avec"}


def opening_title(first_lines: list[str]) -> str | None:
    """The first page's opening line when it reads as a title ("PCAET 2021-2026"), with the
    next one when the first is only a few words ("Observations du Conseil de …")."""
    if not first_lines or not _title_like(first_lines[0], _OPENING_WORDS) or ". " in first_lines[0]:
        return None
    title = first_lines[0]
    if len(first_lines) > 1 and _title_like(first_lines[1], _OPENING_WORDS):
        if title.split()[-1].lower() in _DANGLING:
            # "EXTRAIT DU REGISTRE DES" / "DÉLIBÉRATIONS": a title wrapped mid-phrase.
            title = f"{title} {first_lines[1]}"
        elif len(title.split()) <= 3:
            title = f"{title.rstrip(' .')} — {first_lines[1]}"
    return title


def choose_title(raw: RawDocument, first_lines: list[str], first_heading: str | None) -> str:
    metadata = raw.title if raw.title and plausible_metadata_title(raw.title, raw) else None
    for candidate in (metadata, raw.cover_title, opening_title(first_lines), first_heading):
        if candidate and (clean := _LEADING_NUMBER.sub("", collapse_whitespace(nfkc(candidate))).strip(" -–—:.")):
            return clean
    return file_title(raw.path)
