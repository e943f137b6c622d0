"""Document structure: the document's own heading hierarchy, found from its numbering.

Candidates (headings.py) become headings when the document's numbering bears them out:
- *levels* come from the numbering itself ("1.1.1" sits under "1.1", "1.1" under "Axe 1" or
  "I -") and from styles: headings of one style (label word, kind of number, depth) share a
  level, and a style first seen under another sits below it;
- *headings advance*: a number must follow the current position ("1.2" after "1.1.3", "Axe 3"
  after "Axe 2", a first child "x.0" or "x.1"); a number that goes back or repeats is a
  cross-reference or a table of contents, never a heading;
- *a heading has a body*: numbered lines with almost nothing under them are a list (a
  checklist of sub-measures) and stay text of the heading above;
- table-of-contents lines (dot leaders, page numbers) are dropped by the clean-up before.
Unnumbered headings (mostly capitals, Markdown "#", HTML <h2>) name a section under the path.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field, replace

from erbm.ingest.cleanup import Line, smaller_than
from erbm.ingest.groups import SHORT_LEAD, GroupTitles, nested
from erbm.ingest.headings import Candidate, as_group_item, clean_title, group_lettered, parse_candidate, title_like
from erbm.ingest.patterns import Patterns
from erbm.models import HeadingRef
from erbm.text import contains_normalised


@dataclass(frozen=True)
class Heading:
    candidate: Candidate
    title: str | None
    line: int  # index in the document's lines
    # Lines after the heading's own that carry its title: the next line when the number
    # stands alone, and a title's wrapped end ("… et leurs" / "performances …").
    title_lines: tuple[int, ...] = ()
    # Its place in the hierarchy when it was accepted (0: top).
    level: int = 0

    def ref(self) -> HeadingRef:
        c = self.candidate
        if c.glued:
            # "R1" is the document's id for the item, as a practitioner quotes it.
            return HeadingRef(label=None, number=f"{c.label}{c.number}", title=self.title, value=c.values[0])
        if c.ordinal:
            # "Première partie", "2e axe": as the document words it.
            number = f"{c.number} {c.label}".capitalize()
            return HeadingRef(label=None, number=number, title=self.title, value=c.values[0])
        return HeadingRef(
            label=c.label.capitalize() if c.label else None, number=c.number, title=self.title, value=c.values[0]
        )


@dataclass(frozen=True)
class Position:
    path: tuple[HeadingRef, ...] = ()
    # The first heading of the path is an item ("Recommandation 4" with no axis above it).
    item_only: bool = False
    section: str | None = None  # an unnumbered heading under the path
    # The section is a heading by the file's own marking (a PDF bookmark, Markdown "#", HTML
    # <h2>), not a guess from capitals: it is cited.
    section_marked: bool = False
    # The unnumbered heading that opens the group of items the path's first number names
    # ("ESPACES PUBLICS", set large above "2.1", "2.2"), or the group of items numbered across
    # the document ("Préconisation 4"): the axis title the numbers do not print, and the
    # group's rank among the document's groups.
    group_title: str | None = None
    group: int | None = None

    @property
    def axis_ref(self) -> HeadingRef | None:
        return None if not self.path or self.item_only else self.path[0]

    @property
    def axis(self) -> int | None:
        if self.axis_ref is not None:
            return self.axis_ref.value
        # Items numbered across the document under unnumbered group titles: the group's rank.
        return self.group if self.item_only else None

    @property
    def recommendation_ref(self) -> HeadingRef | None:
        """The deepest numbered heading, unless the only one is the axis itself."""
        if len(self.path) >= 2 or self.item_only or (self.path and nested(self.path[0])):
            return self.path[-1]
        return None

    @property
    def axis_title(self) -> str | None:
        ref = self.axis_ref
        # "Préconisation 2.1" with no axis heading: the number says which axis, and the
        # unnumbered heading above its group, if any, its title.
        if ref is None:
            return self.group_title if self.item_only else None
        return self.group_title if nested(ref) else ref.title

    @property
    def recommendation(self) -> str | None:
        return self.recommendation_ref.number if self.recommendation_ref else None

    @property
    def recommendation_title(self) -> str | None:
        return self.recommendation_ref.title if self.recommendation_ref else None

    @property
    def recommendation_label(self) -> str | None:
        return self.recommendation_ref.label if self.recommendation_ref else None

    @property
    def axis_label(self) -> str | None:
        ref = self.axis_ref
        return ref.label if ref is not None and not nested(ref) else None

    def section_path(self) -> str | None:
        parts = [ref.short() for ref in self.path]
        if self.section:
            parts.append(self.section)
        return " > ".join(parts) or None


@dataclass(frozen=True)
class Segment:
    """Consecutive lines that share one position in the structure."""

    position: Position
    lines: list[Line]
    # Indexes in ``lines`` that start a new sentence whatever the punctuation (headings, bullets).
    breaks: frozenset[int]
    # It opens with the title of the group of items that follows: it belongs to them, not to
    # the item above.
    leads: bool = False


_BULLETS = ("-", "•", "▶", ">", "–", "*", "·")
# Markdown's strong emphasis left in a PDF's text ("**12 mars 2021, 5e COMITÉ…**") opens a
# bold line, not a list item.
_EMPHASIS = ("**", "__")


def _rest_of_listed(line: Line) -> bool:
    """A line that continues a heading the document lists (bookmark, contents entry)."""
    return line.outline_level is not None and line.outline_title is None


def _is_bullet(text: str) -> bool:
    return text.startswith(_BULLETS) and not text.startswith(_EMPHASIS)


def _advances(values: tuple[int, ...], current: tuple[int, ...]) -> bool:
    """Does a dotted number follow the current position? "1.2" after "1.1.3", "2" after "1.4",
    "1.1.1" after "1.1", "2.1" after "1.3" (its "2" was not found); not "1.1" after "1.2"."""
    for i, value in enumerate(values):
        if i >= len(current):
            # A first child ("x.0", "x.1"), or an ancestor's first child we did not see.
            return all(v <= 1 for v in values[i:])
        if value != current[i]:
            return current[i] < value <= current[i] + 2 and all(v <= 1 for v in values[i + 1 :])
    return False  # the same number again


@dataclass
class _State:
    """Where the document is: the open headings, by level, and each style's last heading."""

    stack: list[tuple[tuple[str, str, int], Heading]] = field(default_factory=list)
    last: dict[tuple[str, str, int], Heading] = field(default_factory=dict)
    accepted: list[Heading] = field(default_factory=list)
    # (style, number, the numbers of the headings open above it): "1." under "Axe 2" is not
    # "1." under "Axe 1" again.
    seen: set[tuple[tuple[str, str, int], str, tuple[str, ...]]] = field(default_factory=set)
    listed: set[tuple[tuple[str, str, int], str, str | None]] = field(default_factory=set)

    def values(self) -> tuple[int, ...]:
        """The numeric position: "Axe 1" then "1.2" is (1, 2); "Partie 2" then "3." is (2, 3)."""
        out: tuple[int, ...] = ()
        for _, h in self.stack:
            v = h.candidate.values
            out = v if len(v) > 1 else out + v
        return out

    def level_of(self, style: tuple[str, str, int]) -> int | None:
        return next((i for i, (s, _) in enumerate(self.stack) if s == style), None)

    def level_for(self, style: tuple[str, str, int]) -> int:
        """Where a heading of this style goes: its style's level, or below everything open, or
        in place of a deeper style of the same family ("1.2" arriving where "1.1.1" stood
        because "1.1" was never seen)."""
        level = self.level_of(style)
        if level is not None:
            return level
        family = (i for i, (s, _) in enumerate(self.stack) if s[:2] == style[:2] and s[2] >= style[2])
        return next(family, len(self.stack))

    def parents(self, style: tuple[str, str, int]) -> tuple[str, ...]:
        """The numbers of the open headings a heading of this style would sit under."""
        return tuple(h.candidate.number for _, h in self.stack[: self.level_for(style)])


class StructureParser:
    def __init__(self, patterns: Patterns) -> None:
        self.p = patterns

    def _one_heading(self, inside: list[str], joined: str, one_page: bool, marked: bool) -> bool:
        """Lines in capitals with nothing between them, or one short line that ends no sentence,
        are one heading: "LES JARDINS DES CITÉS / ET LEURS HAIES", a newsletter's headline "MARS
        2021 / 12 mars 2021, 5e COMITÉ DE SUIVI / AU PROGRAMME : …". Two lines or more
        between them are a list (dates, a contact block), and what follows a new heading; a
        headline is set on one page (the last line of a page and the first of the next are not
        one). A heading the file marks (a bookmark) is cited as marked: no line joins it."""
        if not inside:
            return True
        line = inside[0]
        return (
            one_page
            and not marked
            and len(inside) == 1
            and not line[:1].islower()  # a sentence's continuation, a table cell
            and len(line.split()) <= self.p.section_max_words
            and not line.endswith((".", "!", "?", ";", ":", ","))
            and len(joined) <= self.p.max_title_chars
        )

    def _title_start(self, above: list[Line], line: Line) -> int:
        """How many lines above a title in capitals start it: lines in its own display type
        that end no sentence (« 2 fiches (4, 9) ont pour sujet la RÉNOVATION DES » over
        « FAÇADES »), at most two, on its page; 0 when the line above says something else."""
        if line.display_type is None:
            return 0
        count = 0
        for previous in reversed(above[-2:]):
            if (
                previous.display_type != line.display_type
                or previous.page != line.page
                or previous.outline_level is not None
                or _is_bullet(previous.text)
                or previous.text.endswith((".", "!", "?", ";", ":"))
            ):
                break
            count += 1
        texts = [x.text for x in above[len(above) - count :]] + [line.text]
        if count and len(" ".join(texts)) > self.p.max_title_chars:
            return 0
        return count

    def is_section_heading(self, text: str) -> bool:
        letters = [c for c in text if c.isalpha()]
        # "62590 OIGNIES" is an address line, not a title.
        if text[:1].isdigit():
            return False
        if len(letters) < self.p.section_min_letters or len(text.split()) > self.p.section_max_words:
            return False
        return self.p.in_capitals(text)

    # -- which numbered lines are headings -----------------------------------

    def _candidates(self, found: dict[int, Candidate]) -> dict[int, Candidate]:
        # A word never seen before labels headings only if it numbers two of them at least.
        numbers: dict[str, set[str]] = defaultdict(set)
        # "A1", "A2", "B1": the capitals letter the groups, they label nothing.
        letters = group_lettered(list(found.values()))
        found = {i: as_group_item(c) if c.glued and c.label in letters else c for i, c in found.items()}
        # Unlabelled "1-2" or "1a" numbers headings only where the document numbers two
        # siblings so ("1-1", "1-2"; "1a", "1b"): alone, or beside "2-3", it is a range
        # ("1-2 Journées de formation"), or an ordinal ("5e COMITÉ", "6e COMITÉ").
        siblings: dict[tuple[tuple[str, str, int], tuple[int, ...]], set[int]] = defaultdict(set)
        for c in found.values():
            if c.label and not c.known_label:
                numbers[c.label.lower()].add(c.number)
            if c.needs_sibling:
                siblings[(c.style, c.values[:-1])].add(c.values[-1])
        paired = {style for (style, _), last in siblings.items() if len(last) >= 2}
        return {
            i: c for i, c in found.items()
            if c.confirmed
            or (not c.label and (not c.needs_sibling or c.style in paired))
            or c.known_label or (c.label and len(numbers[c.label.lower()]) >= 2)
        }

    def _fits(self, c: Candidate, state: _State) -> bool:
        if (c.style, c.number, state.parents(c.style)) in state.seen:
            return False  # the same heading again: a cross-reference, a summary table
        if c.inserted:
            # "Article 3 bis" follows "Article 3" (or "3 bis" for "3 ter"), inserted in the numbering.
            before = state.last.get(c.style)
            return before is not None and before.candidate.values == c.values and before.candidate.inserted < c.inserted
        if not state.stack:
            # A document may open mid-numbering (an excerpt, "Axe IV"): the first is taken.
            return c.depth > 1 or c.values[0] <= 1 or c.label is not None
        if c.depth > 1:
            return _advances(c.values, state.values())
        last = state.last.get(c.style)
        if last is None:
            return c.values[0] <= 1
        prev = last.candidate.values[0]
        # A bare "3." two steps after "1." is more often a list or a form's field than a
        # heading whose sibling was lost; a labelled "Axe 3" after "Axe 1" is a heading.
        if prev < c.values[0] <= prev + (2 if c.label else 1):
            return True
        # Numbering that starts again under a new parent ("Partie 2", then "1."), whether or
        # not the style is still open (a new axis closes the items of the one before).
        level = state.level_of(c.style)
        above = state.stack if level is None else state.stack[:level]
        return c.values[0] <= 1 and any(h.line > last.line for _, h in above)

    def _place(self, heading: Heading, state: _State) -> None:
        style = heading.candidate.style
        level = state.level_for(style)
        # A parent printed after its first child (a layout's reading order puts "4.1" above
        # "4 -"): the open children whose numbers start with the parent's stay under it.
        values = heading.candidate.values
        children = [
            (s, h) for s, h in state.stack[level:]
            if len(h.candidate.values) > len(values) and h.candidate.values[: len(values)] == values
            and not heading.candidate.inserted  # "3.1" is the child of "3", not of "3 bis" after it
        ]
        parents = state.parents(style)
        del state.stack[level:]
        heading = replace(heading, level=level)
        state.stack.append((style, heading))
        state.stack.extend(children)
        state.last[style] = heading
        state.accepted.append(heading)
        state.seen.add((style, heading.candidate.number, parents))
        state.listed.add((style, heading.candidate.number, heading.candidate.title))

    def headings(
        self,
        lines: list[Line],
        found: dict[int, Candidate],
        skip: frozenset[tuple[str, str, int]] = frozenset(),
        items: frozenset[int] = frozenset(),
    ) -> list[Heading]:
        """The candidates (``found``: the lines that read like a numbered heading and whose
        label the document bears out, `_candidates`) that the numbering bears out, less the
        styles in ``skip`` and the list items at lines ``items``."""
        candidates = {i: c for i, c in found.items() if c.confirmed or (c.style not in skip and i not in items)}
        state = _State()
        titled: set[int] = set()
        for i in sorted(candidates):
            if i in titled:
                continue
            c = candidates[i]
            # A listed heading is one whatever its numbering does (a part's numbering restarts),
            # unless it is the same heading again.
            if not (self._fits(c, state) if not c.confirmed else (c.style, c.number, c.title) not in state.listed):
                continue
            title, extra = c.title, []
            if title is None and i + 1 < len(lines) and (i + 1) not in candidates and title_like(lines[i + 1].text, self.p):
                title = lines[i + 1].text
                extra.append(i + 1)
            if title is not None:
                j = (extra[-1] if extra else i) + 1
                while j < len(lines) and j not in candidates and self._continues(title, lines[j - 1], lines[j]):
                    # The rest of a listed title that the listed title already holds (a bookmark
                    # names the heading printed on two lines) is read once.
                    if not (_rest_of_listed(lines[j]) and contains_normalised(title, lines[j].text)):
                        title = f"{title} {lines[j].text}"
                    extra.append(j)
                    j += 1
            titled.update(extra)
            self._place(Heading(candidate=c, title=clean_title(title), line=i, title_lines=tuple(extra)), state)
        return state.accepted

    def _runs(self, lines: list[Line], candidates: dict[int, Candidate]) -> frozenset[int]:
        """Lines of a numbered list: consecutive numbers of one style with nothing between them
        but an item's wrapped end ("1. …", "2. …", "3. …" in a recommendation's text, an
        overview listing the axes before they come). Found item by item, because a list may
        share its style with the headings (bare "1." axes): the whole style is not a list. Any
        line of text of its own between two numbers is a body: "4.3.2" / its title / "La
        collectivité communique …" / "4.3.3" are headings."""
        found: set[int] = set()
        order = [i for i in sorted(candidates) if not candidates[i].confirmed]
        for i, j in zip(order, order[1:], strict=False):
            a, b = candidates[i], candidates[j]
            if a.style != b.style or b.values != (*a.values[:-1], a.values[-1] + 1):
                continue
            # A number alone on its line has its title on the next one; a titled item may wrap.
            between = lines[i + 2 : j] if a.title is None else lines[i + 1 : j]
            if not lines[j].display:
                # Between items set as text, a line set smaller is none of its own: the running
                # header naming the axis where the list goes over a page break.
                between = [line for line in between if not smaller_than(line.size, lines[j].size)]
            if not between or (a.title is not None and len(between) == 1 and between[0].text[:1].islower()):
                found.update((i, j))
        return frozenset(found)

    def _title_line(self, text: str) -> bool:
        """A line that can title a group: not a sentence's end, title-like."""
        return not text.rstrip().endswith((".", "!", "?", ";", ":", ",")) and title_like(text, self.p)

    def _continues(self, title: str, previous: Line, line: Line) -> bool:
        """A wrapped title goes on with a lowercase word, a bracket or an ellipsis, or in the
        display type it is set in ("AXE 1 : HABITAT ET QUALITÉ DU" / "CADRE DE VIE", both large)."""
        if title.rstrip().endswith((".", "!", "?", ":")) or len(title) + len(line.text) > self.p.max_title_chars:
            return False
        first = line.text.lstrip()[:1]
        same_type = previous.display_type is not None and previous.display_type == line.display_type
        # Some publications set whole list items in bold, the heading's type: a bullet, or a line
        # that ends a sentence, is text under the heading, not its title's end.
        wrapped = not _is_bullet(line.text) and not line.text.rstrip().endswith((".", "!", "?", ";", ":"))
        return first.islower() or first in "(…" or (same_type and wrapped and previous.page == line.page)

    def _list_styles(self, lines: list[Line], headings: list[Heading]) -> frozenset[tuple[str, str, int]]:
        """Styles whose lines have almost no text under them and no heading below them.

        Below means placed under it in the hierarchy, whatever the numbers' depth: "AMBITION 2"
        then "Préconisation 4" (numbered across the document) is a parent; a list's last item
        "3." then "Préconisation 1.2" is not."""
        bodies: dict[tuple[str, str, int], list[int]] = defaultdict(list)
        parents: set[tuple[str, str, int]] = set()
        for h, nxt in zip(headings, [*headings[1:], None], strict=False):
            end = nxt.line if nxt is not None else len(lines)
            start = max((h.line, *h.title_lines)) + 1
            bodies[h.candidate.style].append(sum(len(line.text) for line in lines[start:end]))
            if nxt is not None and nxt.candidate.style != h.candidate.style and nxt.level > h.level:
                parents.add(h.candidate.style)
        return frozenset(
            s for s, sizes in bodies.items() if len(sizes) >= 2 and s not in parents and statistics.median(sizes) < self.p.list_body_chars
        )

    def find_headings(self, lines: list[Line], found: dict[int, Candidate] | None = None) -> list[Heading]:
        if found is None:
            found = self.parse_lines(lines)
        candidates = self._candidates(found)
        headings = self.headings(lines, candidates)
        lists = self._list_styles(lines, headings)
        items = self._runs(lines, candidates)
        return self.headings(lines, candidates, lists, items) if lists or items else headings

    def parse_lines(self, lines: list[Line]) -> dict[int, Candidate]:
        """Every line that reads like a numbered heading, parsed once for all the passes; on a
        line where a listed heading (bookmark, contents entry) starts, the number alone makes
        it a heading."""
        found: dict[int, Candidate] = {}
        for i, line in enumerate(lines):
            # A listed heading is numbered as its list numbers it ("II. La médiation" in the
            # contents, "2. La médiation" in the body); a bookmark without a number, as printed.
            listed = parse_candidate(line.outline_title, self.p, confirmed=True) if line.outline_title else None
            candidate = listed or parse_candidate(line.text, self.p, confirmed=line.outline_title is not None, display=line.display)
            if candidate is not None and (line.outline_title is not None or not self._smaller(candidate, line, lines[i + 1 : i + 2])):
                found[i] = candidate
        return found

    @staticmethod
    def _smaller(candidate: Candidate, line: Line, following: list[Line]) -> bool:
        """Set smaller than the text under it: not a heading. A number alone on its line may be
        small above a large title."""
        if candidate.title is None or not following or following[0].page != line.page:
            return False
        return smaller_than(line.size, following[0].size)

    # -- segments ------------------------------------------------------------

    def segments(self, lines: list[Line]) -> list[Segment]:
        found = self.parse_lines(lines)
        headings = {h.line: h for h in self.find_headings(lines, found)}
        title_lines = {j for h in headings.values() for j in h.title_lines}
        segments: list[Segment] = []
        position = Position()
        current: list[Line] = []
        breaks: set[int] = set()
        # Lines of `current` already read into the section's name.
        named = 0

        def flush(leads: bool = False) -> None:
            nonlocal current, breaks, named
            if current:
                segments.append(Segment(position=position, lines=current, breaks=frozenset(breaks), leads=leads))
            current, breaks, named = [], set(), 0

        def lead_from(start: int) -> None:
            """The lines of `current` from `start` on open the next segment; the rest is flushed."""
            nonlocal current, breaks
            lead, lead_breaks = current[start:], {b - start for b in breaks if b >= start}
            current, breaks = current[:start], {b for b in breaks if b < start}
            flush()
            current, breaks = lead, lead_breaks | {0}

        groups = GroupTitles(self.p)

        state = _State()
        # Unnumbered bookmarked headings, by outline level: the section is their path.
        marked: dict[int, str] = {}
        for i, line in enumerate(lines):
            text = line.text
            if i in headings:
                h = headings[i]
                self._place(h, state)
                refs = tuple(x.ref() for _, x in state.stack)
                opening = groups.opening(refs, line, current)
                if opening.leads and opening.start > 0:
                    # The title was found inside the text above: what precedes it stays where it was.
                    lead_from(opening.start)
                flush(leads=opening.leads)
                first = state.stack[0][1].candidate
                item_only = len(refs) == 1 and first.depth == 1 and first.label_word in self.p.item_labels
                title, rank = groups.place(refs, item_only, opening)
                position = Position(path=refs, item_only=item_only, group_title=title, group=rank)
                marked.clear()
                breaks.add(len(current))
                current.append(line)
                continue
            if i in title_lines or _rest_of_listed(line):
                # A numbered heading's title, or the rest of a bookmarked title.
                breaks.add(len(current))
                current.append(line)
                continue
            if line.outline_level is not None and line.outline_title is not None:
                flush()
                level = line.outline_level
                marked = {lv: t for lv, t in marked.items() if lv < level}
                marked[level] = clean_title(line.outline_title) or line.outline_title
                section = " › ".join(marked[lv] for lv in sorted(marked))
                # Listed at the level of a numbered heading the document lists too, it ends that
                # heading (« Annexes » after « III Typologie … » in the contents).
                closed = next(
                    (k for k, (_, h) in enumerate(state.stack) if (at := lines[h.line].outline_level) is not None and at >= level),
                    None,
                )
                if closed is not None:
                    del state.stack[closed:]
                    refs = tuple(x.ref() for _, x in state.stack)
                    # The headings left open keep their group (the axis title over their items).
                    position = (
                        replace(position, path=refs)
                        if refs
                        else replace(position, path=(), item_only=False, group_title=None, group=None)
                    )
                position = replace(position, section=section, section_marked=True)
                groups.section(marked[level], line, i)
                breaks.add(len(current))
                current.append(line)
                continue
            if line.heading or (self.is_section_heading(text) and not _is_bullet(text)):
                inside = [clean_title(current[j].text) or "" for j in range(named, len(current)) if j not in breaks]
                joined = " ".join(p for p in [position.section, *inside, clean_title(text)] if p)
                one_page = all(current[j].page == line.page for j in range(max(named - 1, 0), len(current)))
                if not line.heading and current and position.section and self._one_heading(inside, joined, one_page, position.section_marked):
                    position = replace(position, section=joined)
                    groups.joined(joined, i)
                else:
                    lead = 0 if line.heading else self._title_start(current[named:], line)
                    if lead:
                        # The title's start, in the same type above: it leaves the text above.
                        lead_from(len(current) - lead)
                    else:
                        flush()
                    title = clean_title(" ".join(x.text for x in [*current, line])) if lead else clean_title(text)
                    position = replace(position, section=title, section_marked=line.heading)
                    groups.section(position.section, line, i)
                breaks.add(len(current))
                current.append(line)
                named = len(current)
                continue
            if line.display_type is not None and not _is_bullet(text):
                # Only lines in display type can title a group: the title test runs on them alone.
                groups.display(line, i, len(current), self._title_line(text))
            if _is_bullet(text) or i in found:
                breaks.add(len(current))
            current.append(line)
        flush()
        if not groups.settled:
            # One large title above the first item is the document's, not a group's.
            segments = [replace(seg, position=replace(seg.position, group_title=None, group=None)) for seg in segments]
        return _merge_short(segments)


# A segment shorter than this (a lone heading, an address line) joins its neighbour
# in the same recommendation rather than becoming a chunk of its own.
_SHORT_SEGMENT = SHORT_LEAD


def _same_place(a: Position, b: Position) -> bool:
    # Two sections the file marks as headings are two places even when short; the guessed
    # ones (a line in capitals) may be a subtitle that leads into what follows.
    return a.path == b.path and (a.section == b.section or not (a.section_marked or b.section_marked))


def _join(first: Segment, second: Segment, position: Position) -> Segment:
    offset = len(first.lines)
    return Segment(
        position=position,
        lines=first.lines + second.lines,
        breaks=first.breaks | {offset} | {offset + i for i in second.breaks},
    )


def _size(segment: Segment) -> int:
    return sum(len(line.text) for line in segment.lines)


def _merge_short(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    carry: Segment | None = None
    for seg in segments:
        if carry is not None:
            seg = _join(carry, seg, seg.position)
            carry = None
        if seg.leads:
            if _size(seg) < _SHORT_SEGMENT:
                carry = seg  # a group's title, and its short introduction, open its first item
                continue
            # A group's long introduction is no part of the item above it.
            seg = replace(seg, position=Position(section=seg.position.section), leads=False)
        if merged and _size(seg) < _SHORT_SEGMENT and _same_place(merged[-1].position, seg.position):
            merged[-1] = _join(merged[-1], seg, merged[-1].position)
        elif merged and _size(merged[-1]) < _SHORT_SEGMENT and _same_place(merged[-1].position, seg.position):
            # A short opening (a subtitle, a lone heading) leads into what follows.
            merged[-1] = _join(merged[-1], seg, seg.position)
        else:
            merged.append(seg)
    if carry is not None:
        merged.append(carry)
    return merged
