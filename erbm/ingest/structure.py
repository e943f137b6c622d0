"""Document structure: axis → recommendation (→ section), found line by line."""

from __future__ import annotations

from dataclasses import dataclass, replace

from erbm.ingest.cleanup import Line
from erbm.ingest.patterns import Patterns, parse_number


@dataclass(frozen=True)
class Position:
    axis: int | None = None
    axis_title: str | None = None
    recommendation: str | None = None
    recommendation_title: str | None = None
    recommendation_label: str | None = None
    section: str | None = None

    def section_path(self) -> str | None:
        parts = []
        if self.axis is not None:
            parts.append(f"Axe {self.axis}")
        if self.recommendation:
            parts.append(f"{self.recommendation_label} {self.recommendation}")
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


_BULLETS = ("-", "•", "▶", ">", "–", "*", "·")


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    return title.strip(" -–—:.") or None


class StructureParser:
    def __init__(self, patterns: Patterns) -> None:
        self.p = patterns

    def is_section_heading(self, text: str) -> bool:
        letters = [c for c in text if c.isalpha()]
        # "62590 OIGNIES" is an address line, not a title.
        if text[:1].isdigit():
            return False
        if len(letters) < self.p.section_min_letters or len(text.split()) > self.p.section_max_words:
            return False
        upper = sum(c.isupper() for c in letters) / len(letters)
        return upper >= self.p.section_min_upper_ratio

    def segments(self, lines: list[Line]) -> list[Segment]:
        segments: list[Segment] = []
        position = Position()
        current: list[Line] = []
        breaks: set[int] = set()
        pending_axis_title = False

        def flush() -> None:
            nonlocal current, breaks
            if current:
                segments.append(Segment(position=position, lines=current, breaks=frozenset(breaks)))
            current, breaks = [], set()

        for line in lines:
            text = line.text
            axis = self.p.axis.match(text)
            rec = self.p.recommendation.match(text)
            if axis and (number := parse_number(axis.group("number"))) is not None:
                flush()
                title = _clean_title(axis.group("title"))
                position = Position(axis=number, axis_title=title)
                pending_axis_title = title is None
                breaks.add(len(current))
                current.append(line)
                continue
            if rec:
                flush()
                number = rec.group("number")
                axis_no = position.axis
                axis_title = position.axis_title
                if axis_no is None and "." in number:
                    # Numbered "2.1" with no axis heading seen: the number says which axis.
                    axis_no = int(number.split(".")[0])
                position = Position(
                    axis=axis_no,
                    axis_title=axis_title,
                    recommendation=number,
                    recommendation_title=_clean_title(rec.group("title")),
                    recommendation_label=rec.group("label").capitalize(),
                )
                pending_axis_title = False
                breaks.add(len(current))
                current.append(line)
                continue
            if pending_axis_title:
                # "AXE 2" alone on its line: the title is the next line.
                position = replace(position, axis_title=_clean_title(text))
                pending_axis_title = False
                breaks.add(len(current))
                current.append(line)
                continue
            if line.heading or (self.is_section_heading(text) and not text.startswith(_BULLETS)):
                if not line.heading and current and all(i in breaks for i in range(len(current))) and position.section:
                    # A heading set on two lines ("LA RÉNOVATION DES CITÉS / MINIÈRES") is one heading.
                    position = replace(position, section=f"{position.section} {_clean_title(text) or ''}".strip())
                else:
                    flush()
                    position = replace(position, section=_clean_title(text))
                breaks.add(len(current))
                current.append(line)
                continue
            if text.startswith(_BULLETS):
                breaks.add(len(current))
            current.append(line)
        flush()
        return _merge_short(segments)


# A segment shorter than this (a lone heading, an address line) joins its neighbour
# in the same recommendation rather than becoming a chunk of its own.
_SHORT_SEGMENT = 160


def _same_place(a: Position, b: Position) -> bool:
    return (a.axis, a.recommendation) == (b.axis, b.recommendation)


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
    for seg in segments:
        if merged and _size(seg) < _SHORT_SEGMENT and _same_place(merged[-1].position, seg.position):
            merged[-1] = _join(merged[-1], seg, merged[-1].position)
        elif merged and _size(merged[-1]) < _SHORT_SEGMENT and _same_place(merged[-1].position, seg.position):
            # A short opening (a subtitle, a lone heading) leads into what follows.
            merged[-1] = _join(merged[-1], seg, seg.position)
        else:
            merged.append(seg)
    return merged
