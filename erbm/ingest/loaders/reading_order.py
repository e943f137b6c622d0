"""Text pieces put back in reading order. extract_text keeps the file's drawing order: a
number drawn after its title on the same baseline (a numbered shape laid over the page last)
came out glued to the title's end ("Isoler les murs1.1"), or on a line of its own after a
title that wraps; an axis heading printed above its first item but drawn after it came out
below it. And a table row's cells came out as one line ("1.1 Isoler les murs La
recommandation…"): the title ran into the text."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

# Pieces extract_text puts on one line are on one printed line when their baselines differ by
# less than this share of the larger's size (a number set larger than its title, or raised);
# a line drawn late shares the baseline of a line above within the smaller share.
_SAME_LINE = 1.0
_SAME_BASELINE = 0.5
# A line drawn late goes back above a line it is printed at most this many ems over.
_RISE = 2.5
# How far back a line drawn late may belong: the lines of a title that wraps.
_LINES_BACK = 3
# A table row's cells share a line: a piece that starts where the next line starts, this many
# ems or more right of the line's start, opens a column (a hanging indent is far less), to
# within this share of an em.
_COLUMN = 8.0
_ALIGNED = 0.25
# Within such a row, a cell before that one ends where the next piece starts further than its
# characters could reach (at most this many ems each) and a gutter: "R1", then its title. The
# edge reads as a rule, "R1 | Isoler…", unless the cell ends with a mark of its own ("1.", "a)").
_CHAR_WIDTH = 0.6
_GUTTER = 1.0
_CELL_EDGE = " |"
_OWN_MARKS = tuple("-–—:.)/|»")


@dataclass(frozen=True)
class Piece:
    text: str
    size: float
    bold: bool
    x: float  # where it starts, in the page's space
    y: float


def origin(cm: list[float], tm: list[float]) -> tuple[float, float]:
    """Where pypdf's visitor says a piece starts (text matrix, then current matrix)."""
    x, y = (tm[4], tm[5]) if len(tm) == 6 else (0.0, 0.0)
    if len(cm) != 6:
        return x, y
    return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]


def in_reading_order(pieces: list[Piece]) -> list[Piece]:
    """The pieces, each printed line read left to right; a line drawn late at the start of
    the line whose baseline it shares, or before the line it is printed just above."""
    lines: list[list[Piece]] = [[]]
    breaks: list[Piece] = []  # breaks[i] ends lines[i]
    for piece in pieces:
        if "\n" in piece.text:
            breaks.append(piece)
            lines.append([])
        else:
            lines[-1].append(piece)
    # A line that a break carrying text opens ("fin\ndébut") stays as it is, and nothing joins it.
    fixed = {j for j in range(1, len(lines)) if breaks[j - 1].text.strip()}
    moved: set[int] = set()
    for j in range(1, len(lines)):
        place = None if j in fixed else _drawn_late(lines, j, fixed)
        if place is not None:
            target, joins = place
            head = lines[j][0]
            glue = Piece(" " if joins else "\n", head.size, head.bold, head.x, head.y)
            lines[target] = [*lines[j], glue, *lines[target]]
            lines[j] = []
            moved.add(j)
    ordered = [_left_to_right(line) for line in lines]
    columns = _table_rows(ordered)
    starts = _cell_starts(ordered, columns)
    out: list[Piece] = []
    for i, line in enumerate(ordered):
        out += _cells(line, columns[i], starts) if i in columns else line
        if i < len(breaks) and i + 1 not in moved:
            out.append(breaks[i])
    return out


def _drawn_late(lines: list[list[Piece]], j: int, fixed: set[int]) -> tuple[int, bool] | None:
    """Where line ``j`` is printed among the few lines before it: (i, True) at the start of
    line i, on its baseline and to its left; (i, False) just above line i and not right of it
    (a number over its title), when the lines between are below it too. None: in order."""
    inked = _inked(lines[j])
    if not inked:
        return None
    first = inked[0]
    found = None
    for i in range(j - 1, max(-1, j - 1 - _LINES_BACK), -1):
        above = _inked(lines[i])
        if i in fixed:
            break
        if not above:
            continue
        size = max(first.size, above[0].size, 1.0)
        left = min(p.x for p in above)
        rise = first.y - above[0].y
        if abs(rise) <= _SAME_BASELINE * size:
            return (i, True) if first.x < left - _em(first) else found
        if not (0 < rise <= _RISE * size and first.x <= left + _em(first)):
            break
        found = (i, False)
    return found


def _left_to_right(run: list[Piece]) -> list[Piece]:
    inked = _inked(run)
    if len(inked) < 2:
        return run
    same_line = all(abs(p.y - inked[0].y) <= _SAME_LINE * max(p.size, inked[0].size, 1.0) for p in inked)
    # Left by more than an em: a piece drawn later to the left, not kerning or a fake bold.
    back = any(b.x < a.x - _em(a) for a, b in pairwise(inked))
    if not (same_line and back):
        return run
    ordered = sorted(inked, key=lambda p: p.x)
    spaced = [ordered[0]]
    for p in ordered[1:]:
        if not spaced[-1].text.endswith(" ") and not p.text.startswith(" "):
            spaced.append(Piece(" ", p.size, p.bold, p.x, p.y))
        spaced.append(p)
    return spaced


def _table_rows(lines: list[list[Piece]]) -> dict[int, Piece]:
    """The lines that are a table row's first line, "1.1 Isoler les murs La recommandation…"
    with the next lines of the last cell under it, each with the piece that opens that cell:
    the piece of text where the next line starts, well right of the line's start."""
    rows: dict[int, Piece] = {}
    below: list[Piece] = []
    for i in range(len(lines) - 1, -1, -1):
        inked = _inked(lines[i])
        if len(inked) >= 2 and below:
            first, start = inked[0], below[0]
            column = next(
                (
                    p
                    for p in inked[1:]
                    if _lettered(p) and abs(p.x - start.x) <= _ALIGNED * _em(p) and p.x - first.x >= _COLUMN * _em(p)
                ),
                None,
            )
            if column is not None:
                rows[i] = column
        below = inked or below
    return rows


def _cell_starts(lines: list[list[Piece]], rows: dict[int, Piece]) -> list[Piece]:
    """Pieces that start a cell before a row's text: where pieces of two rows or more start
    (the title column), however little room their cell leaves."""
    before = [p for i, column in rows.items() for p in _inked(lines[i])[1:] if p.x < column.x]
    return [p for p in before if sum(abs(q.x - p.x) <= _ALIGNED * _em(p) for q in before) >= 2]


def _cells(line: list[Piece], column: Piece, starts: list[Piece]) -> list[Piece]:
    """The row's line with its text cell on a line of its own, so the title does not run into
    the text, and a rule closing each cell before it that ends without a mark of its own."""
    at = line.index(column)
    out: list[Piece] = []
    before: Piece | None = None
    for piece in line[:at]:
        if before is not None and piece.text.strip() and _cell_ends(before, piece, starts):
            edge = _CELL_EDGE if piece.text[:1].isspace() else _CELL_EDGE + " "
            out.append(Piece(edge, before.size, before.bold, before.x, before.y))
        out.append(piece)
        before = piece if piece.text.strip() else before
    return [*out, Piece("\n", column.size, column.bold, column.x, column.y), *line[at:]]


def _cell_ends(piece: Piece, after: Piece, starts: list[Piece]) -> bool:
    """``piece`` fills a cell of its own, without a mark that ends it: ``after`` starts further
    than its characters could reach, or where other rows' cells start."""
    if piece.text.rstrip().endswith(_OWN_MARKS):
        return False
    reach = (_CHAR_WIDTH * len(piece.text.strip()) + _GUTTER) * _em(piece)
    aligned = any(q is not after and abs(q.x - after.x) <= _ALIGNED * _em(after) for q in starts)
    return after.x - piece.x >= reach or aligned


def _lettered(piece: Piece) -> bool:
    """Text, not a page number's digits stacked one above the other."""
    return any(ch.isalpha() for ch in piece.text)


def _inked(line: list[Piece]) -> list[Piece]:
    """The pieces that print something (not the spaces extract_text puts between them)."""
    return [p for p in line if p.text.strip()]


def _em(piece: Piece) -> float:
    """A piece's type size, in the page's units: how far "to the left" must go to count."""
    return max(piece.size, 1.0)
