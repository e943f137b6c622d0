"""Font sizes and weights from pypdf's text visitor: the title a cover page sets in large
type, and the type of every line (headings are set larger or bolder than the body)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pypdf import PageObject

from erbm.ingest.loaders.reading_order import Piece, in_reading_order, origin
from erbm.text import collapse_whitespace, fold_accents, nfkc

# Larger than the body by this factor to count as display type.
_DISPLAY = 1.15
# Sizes beyond this are images and form XObjects scaled by their matrix, not type.
_MAX_POINTS = 200.0
_SAMPLE_PAGES = 4
_MAX_WORDS = 24
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{2})\s*[.!?](?:\s|$)")


# A font is bold by its name: "Calibri-Bold", "Arial,Bold", "Montserrat-SemiBold", "…Black".
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass(frozen=True)
class TypedLine:
    """One line of a page's extracted text with the type most of its letters are set in."""

    text: str
    size: float
    bold: bool
    # False for a line without letters (a large « 2 » above its axis's title), typed by its
    # other marks: read only where a bare number is told from a page number.
    lettered: bool = True


def _is_bold(font: object) -> bool:
    name = font.get("/BaseFont", "") if isinstance(font, dict) else ""
    return bool(_BOLD.search(str(name)))


def page_text(page: PageObject) -> tuple[str, list[TypedLine]]:
    """The page's text, as extract_text gives it but each line read left to right, and its
    lines with their type ([] when the visitor's pieces do not add up to the text: no guess
    is better than a wrong one)."""
    found: list[Piece] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        scale = abs((tm[3] if tm else 1.0) * (cm[3] if cm else 1.0)) or 1.0
        found.append(Piece(text, round(size * scale * 2) / 2, _is_bold(font), *origin(cm, tm)))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(p.text for p in found) != text:
        return text, []
    pieces = in_reading_order(found)
    text = "".join(p.text for p in pieces)
    lines: list[TypedLine] = []
    letters: Counter[tuple[float, bool]] = Counter()
    marks: Counter[tuple[float, bool]] = Counter()
    current: list[str] = []
    for piece, size, bold in [*((p.text, p.size, p.bold) for p in pieces), ("\n", 0.0, False)]:
        parts = piece.split("\n")
        for k, part in enumerate(parts):
            if k:
                if letters or marks:
                    (best_size, best_bold), _ = (letters or marks).most_common(1)[0]
                    lines.append(TypedLine("".join(current), best_size, best_bold, lettered=bool(letters)))
                current, letters, marks = [], Counter(), Counter()
            current.append(part)
            if size <= _MAX_POINTS:
                if n := sum(ch.isalpha() for ch in part):
                    letters[(size, bold)] += n
                if n := sum(not ch.isspace() for ch in part):
                    marks[(size, bold)] += n
    return text, lines


@dataclass(frozen=True)
class _Run:
    size: float
    text: str


def _runs(page: PageObject) -> list[_Run]:
    """Consecutive pieces of text set in one size, in reading order."""
    pieces: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        scale = abs((tm[3] if tm else 1.0) * (cm[3] if cm else 1.0)) or 1.0
        pieces.append((round(size * scale * 2) / 2, text))

    page.extract_text(visitor_text=visit)
    runs: list[_Run] = []
    for size, text in pieces:
        if not text.strip():
            if runs:
                runs[-1] = _Run(runs[-1].size, runs[-1].text + text)
            continue
        if runs and runs[-1].size == size:
            runs[-1] = _Run(size, runs[-1].text + text)
        else:
            runs.append(_Run(size, text))
    return [_Run(r.size, collapse_whitespace(nfkc(r.text))) for r in runs if r.size <= _MAX_POINTS]


def _body_size(pages: list[list[_Run]]) -> float | None:
    letters: Counter[float] = Counter()
    for runs in pages:
        for run in runs:
            letters[run.size] += sum(ch.isalpha() for ch in run.text)
    return letters.most_common(1)[0][0] if letters else None


def _key(text: str) -> str:
    return " ".join(fold_accents(text.lower()).split())


def cover_title(pages: list[PageObject], texts: list[str]) -> str | None:
    """The largest type of the first page with text, unless it repeats on other pages (a
    series banner, a running header); a short one ("Fiche 14") takes the next display line,
    and a title continued in smaller type ("… du programme …") keeps its end."""
    first = next((i for i, t in enumerate(texts) if t.strip()), None)
    if first is None:
        return None
    sample = [_runs(p) for p in pages[first : first + _SAMPLE_PAGES]]
    body = _body_size(sample)
    if body is None:
        return None
    others = [_key(t) for i, t in enumerate(texts) if i != first]
    display = [r for r in sample[0] if r.size >= body * _DISPLAY and sum(ch.isalpha() for ch in r.text) >= 4]
    # A series banner or running header repeats on other pages; a fiche's own title may
    # too (as its running header), so it is set aside only when something else remains.
    unique = [r for r in display if sum(_key(r.text) in other for other in others) < 2]
    display = unique or display
    if not display:
        return None
    best = max(display, key=lambda r: r.size)
    start = display.index(best)
    title = best.text
    for nxt in display[start + 1 :]:
        if len(title.split()) <= 2 or nxt.text[:1].islower():
            title = f"{title} — {nxt.text}" if nxt.text[:1].isupper() else f"{title} {nxt.text}"
        else:
            break
    title = _SENTENCE_END.split(title, maxsplit=1)[0]
    words = title.split()
    return " ".join(words[:_MAX_WORDS]) if words else None
