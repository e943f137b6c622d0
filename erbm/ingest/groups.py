"""Unnumbered titles that open groups of numbered items.

Some référentiels print no axis number: a title set large ("ESPACES PUBLICS", "Se déplacer
entre les cités") stands above the items, which are numbered "2.1", "2.2" (the number names the
group) or across the document ("Préconisation 7"). Such a title is set larger than the number
under it, or in bold capitals at its size where the number is not bold, with at most a short
introduction between them; the document has two of them at least (one alone is the
document's own title). It titles the axis the items belong to, and its lines open the group's
first passage instead of ending the item above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from erbm.ingest.cleanup import Line
from erbm.ingest.patterns import Patterns
from erbm.models import HeadingRef

# A title and an introduction shorter than this lead into the group's first item.
SHORT_LEAD = 160
# Points: type sizes this close are one size (a PDF may write 11 and 11.04).
_SAME_SIZE = 0.25


_NESTED = re.compile(r"[.-](?:\d|[a-z]\b)")


def nested(ref: HeadingRef) -> bool:
    """ "2.1", "II.3", "A-1", "R1.2", "1.a": an item of a group the number names, not the group."""
    return bool(_NESTED.search(ref.number))


@dataclass(frozen=True)
class _Title:
    text: str
    size: float
    start: int  # where it begins in the lines gathered since the last segment
    last: int  # its last line in the document: a title wrapped in its own type goes on
    display_type: tuple[float, bool] | None


def _heavier(title: _Title, line: Line, patterns: Patterns) -> bool:
    """Set larger than the numbered line, or in bold capitals at its size where the number is
    not bold: « HABITAT » in bold 11 pt above « 1.1 » in regular 11 pt. A bold phrase at the
    text's size (« Un point d'attention ») is a run-in label, not a title."""
    if title.size > line.size + _SAME_SIZE:
        return True
    bold = title.display_type is not None and title.display_type[1]
    number_bold = bool(line.display_type and line.display_type[1])
    return bold and patterns.in_capitals(title.text) and abs(title.size - line.size) <= _SAME_SIZE and not number_bold


@dataclass(frozen=True)
class Opening:
    """What a numbered heading does to the group titles above it."""

    leads: bool  # the lines from ``start`` open the heading's group
    start: int
    titled: bool  # and its title names the group


@dataclass
class GroupTitles:
    """The group titles of one document, read line by line with its segments."""

    patterns: Patterns
    pending: _Title | None = None
    titles: list[str] = field(default_factory=list)
    # The group each top-level number names ("2" for "2.1"), and the group that items
    # numbered across the document are in.
    by_value: dict[int, int] = field(default_factory=dict)
    across: int | None = None

    def section(self, title: str | None, line: Line, index: int) -> None:
        """An unnumbered heading (capitals, a bookmark) opens a segment of its own."""
        self.pending = (
            _Title(title, line.size, 0, index, line.display_type) if title and line.size is not None else None
        )

    def joined(self, title: str, index: int) -> None:
        """The heading goes on over another line (a headline in capitals)."""
        if self.pending is not None:
            self.pending = replace(self.pending, text=title, last=index)

    def display(self, line: Line, index: int, start: int, title_like: bool) -> None:
        """A line in display type inside the text: a title, or the wrapped end of one."""
        if line.display_type is None or line.size is None:
            return
        p = self.pending
        if (
            p is not None
            and p.last == index - 1
            and p.display_type == line.display_type
            and len(p.text) + len(line.text) < self.patterns.max_title_chars
        ):
            self.pending = replace(p, text=f"{p.text} {line.text}", last=index)
        elif title_like:
            self.pending = _Title(line.text, line.size, start, index, line.display_type)

    def opening(self, refs: tuple[HeadingRef, ...], line: Line, gathered: list[Line]) -> Opening:
        """Does the numbered heading on ``line`` open a group under the pending title? Only at
        the top of the hierarchy, set smaller than the title."""
        p = self.pending
        if p is None or len(refs) != 1 or line.size is None or not _heavier(p, line, self.patterns):
            return Opening(leads=False, start=0, titled=False)
        titled = sum(len(x.text) for x in gathered[p.start :]) < SHORT_LEAD
        # A title found inside the text above opens the group only when right above it; an
        # unnumbered heading with its own segment leads into it whatever its length.
        return Opening(leads=titled or p.start == 0, start=p.start, titled=titled)

    def place(self, refs: tuple[HeadingRef, ...], item_only: bool, opening: Opening) -> tuple[str | None, int | None]:
        """The heading's group title and rank, once it is placed."""
        if (
            self.pending is not None
            and opening.titled
            and (item_only or (nested(refs[0]) and refs[0].value not in self.by_value))
        ):
            self.titles.append(self.pending.text)
            if item_only:
                self.across = len(self.titles)
            else:
                self.by_value[refs[0].value] = len(self.titles)
        self.pending = None
        rank = self.across if item_only else self.by_value.get(refs[0].value) if nested(refs[0]) else None
        return (self.titles[rank - 1] if rank else None), rank

    @property
    def settled(self) -> bool:
        return len(self.titles) >= 2
