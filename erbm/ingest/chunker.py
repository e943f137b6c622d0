"""Segments → chunks: sentence-packed, never across two recommendations, pages tracked."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from erbm.ingest.structure import Segment
from erbm.models import Chunk
from erbm.text import split_sentences

# A lone "Sommaire" or a stray heading is not a passage anyone can cite.
_MIN_WORDS = 3


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    version: str
    title: str | None  # None: the file name stands in
    file_name: str
    source_path: str
    url: str | None = None


def join_lines(segment: Segment) -> tuple[str, list[int], list[int], set[int]]:
    """Join a segment's lines into one text.

    Returns the text, the offset where each line starts, each line's page, and
    the offsets where a sentence must start (headings, bullets).
    """
    text = ""
    starts: list[int] = []
    pages: list[int] = []
    forced: set[int] = set()
    for i, line in enumerate(segment.lines):
        piece = line.text
        breaks_here = i in segment.breaks or (i > 0 and (i - 1) in segment.breaks and _is_heading_like(segment, i - 1))
        if text:
            prev = text[-1]
            before = text[-2] if len(text) > 1 else " "
            if prev == "-" and before.isalpha() and piece[:1].isalpha() and not breaks_here:
                # A word split at the line end (possibly across a page break).
                if piece[0].islower():
                    text = text[:-1]
            else:
                # A heading or bullet keeps its line break, so the chunk text still
                # shows where a sentence starts even without a full stop.
                text += "\n" if breaks_here else " "
        starts.append(len(text))
        pages.append(line.page)
        if breaks_here:
            forced.add(len(text))
        text += piece
    return text, starts, pages, forced


def _is_heading_like(segment: Segment, i: int) -> bool:
    # The line after a heading starts a sentence even though the heading has no full stop.
    return not segment.lines[i].text.rstrip().endswith((".", ",", ";", ":"))


def _split_long(text: str, spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Cut a "sentence" longer than max_chars at spaces (a 1 MB line with no full stop)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > max_chars:
            cut = text.rfind(" ", start + 1, start + max_chars)
            if cut <= start:
                cut = start + max_chars
            out.append((start, cut))
            start = cut + 1 if text[cut : cut + 1] == " " else cut
        if end > start:
            out.append((start, end))
    return out


def _pack(spans: list[tuple[int, int]], max_chars: int, overlap: int) -> list[list[tuple[int, int]]]:
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for span in spans:
        if current and span[1] - current[0][0] > max_chars:
            groups.append(current)
            # Carry the last sentence(s) over so an answer cut at a boundary keeps its context.
            current = current[-overlap:] if overlap else []
            if current and span[1] - current[0][0] > max_chars:
                current = []
        current.append(span)
    if current:
        groups.append(current)
    return groups


def make_chunks(info: DocumentInfo, segments: list[Segment], max_chars: int, overlap: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    seen: set[tuple[str, object]] = set()
    for segment in segments:
        text, starts, pages, forced = join_lines(segment)
        spans = _split_long(text, split_sentences(text, forced), max_chars)
        if not spans:
            continue
        pos = segment.position
        for group in _pack(spans, max_chars, overlap):
            start, end = group[0][0], group[-1][1]
            if len(text[start:end].split()) < _MIN_WORDS:
                continue
            # The same passage again under the same heading (repeated boilerplate, a
            # one-line export of one word) adds nothing to cite: its first place is kept.
            key = (text[start:end], segment.position.path)
            if key in seen:
                continue
            seen.add(key)
            page_start = pages[bisect.bisect_right(starts, start) - 1]
            page_end = pages[bisect.bisect_right(starts, end - 1) - 1]
            index = len(chunks)
            chunks.append(
                Chunk(
                    id=f"{info.version}-{index:05d}",
                    doc_id=info.doc_id,
                    version=info.version,
                    index=index,
                    text=text[start:end],
                    title=info.title or info.file_name,
                    file_name=info.file_name,
                    source_path=info.source_path,
                    page_start=page_start,
                    page_end=page_end,
                    axis=pos.axis,
                    axis_title=pos.axis_title,
                    recommendation=pos.recommendation,
                    recommendation_title=pos.recommendation_title,
                    recommendation_label=pos.recommendation_label,
                    axis_label=pos.axis_label,
                    section=pos.section_path(),
                    section_marked=pos.section_marked and not pos.path,
                    heading_path=pos.path,
                    url=info.url,
                )
            )
    return chunks
