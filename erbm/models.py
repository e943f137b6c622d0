"""Typed values that cross module boundaries."""

from __future__ import annotations

import functools
import json
import re
import sys
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class HeadingRef(BaseModel):
    """One heading of a passage's path, as the document writes it: "Axe 2 « Loyers »", "1.1.1"."""

    model_config = ConfigDict(frozen=True)

    label: str | None = None  # the document's own word ("Axe", "Mesure"), None when it has none
    number: str
    title: str | None = None
    value: int  # the number's first component as an integer (roman numerals and letters too)

    def short(self) -> str:
        return f"{self.label} {self.number}" if self.label else self.number


class Counted(BaseModel):
    """A number of a passage and the index terms of what it counts (erbm/parsing/): its noun, that
    noun's own words, the clause it sits in (`terms`); its noun and the noun's own words alone
    (`noun`). Offsets are the number's, within the text parsed."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    terms: tuple[str, ...]
    noun: tuple[str, ...] = ()

    @staticmethod
    def encode(counted: list[Counted]) -> str:
        """As `Chunk.counts_json` stores them."""
        rows = [[n.start, n.end, list(n.terms), list(n.noun)] for n in counted]
        return json.dumps(rows, ensure_ascii=False) if counted else ""


@functools.lru_cache(maxsize=4096)
def _heading_pattern(heading: HeadingRef) -> re.Pattern[str]:
    """A heading as a passage prints it: label and number, any separator, then its title,
    its words wrapped or spaced as the line breaks fell."""
    label = rf"(?:{re.escape(heading.label)}\s+)?" if heading.label else ""
    title = r"\s+".join(re.escape(w) for w in (heading.title or "").split())
    title_part = rf"[\s.\-–:)]*{title}" if title else ""
    # The number ends there: « 3 » does not open « 3.1 Les paliers ».
    number = rf"{re.escape(heading.number)}(?!\w|\.\w)"
    return re.compile(rf"\s*{label}{number}{title_part}[\s.:?!]*", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _section_pattern(section: str) -> re.Pattern[str]:
    """An unnumbered heading as a passage prints it: on lines of its own, over one line or
    several, with the punctuation and Markdown emphasis its name was cleaned of ("**12 mars …",
    "… LEURS HAIES**", "DATES CLÉS :")."""
    words = [re.escape(w) for w in section.split()]
    gap = r"[\s.:\-–—*_]+"
    return re.compile(rf"^[*_]*{gap.join(words)}[\s.:?!*_]*?(?=\n|\Z)", re.IGNORECASE | re.MULTILINE)


# One set per distinct combination of stored fields (Chunk.from_stored).
_FIELD_SETS: dict[frozenset[str], set[str]] = {}


class Chunk(BaseModel):
    """A passage of one document, carrying everything needed to cite it."""

    model_config = ConfigDict(frozen=True)

    id: str
    doc_id: str
    # Which indexing of the document this chunk belongs to (erbm/index/catalog.py).
    version: str = ""
    index: int
    text: str
    title: str
    file_name: str
    source_path: str
    page_start: int
    page_end: int
    axis: int | None = None
    axis_title: str | None = None
    recommendation: str | None = None
    recommendation_title: str | None = None
    # The document's own word for its numbered items ("Préconisation", "Recommandation"…),
    # so a citation reads the way the document does.
    recommendation_label: str | None = None
    axis_label: str | None = None
    section: str | None = None
    # The section is a heading the file marks (PDF bookmark, Markdown "#", HTML <h2>) in a
    # passage with no numbered heading above it: the citation names it.
    section_marked: bool = False
    # Every numbered heading above the passage, top level first (axis … recommendation).
    heading_path: tuple[HeadingRef, ...] = ()
    url: str | None = None
    # Read by OCR from a scanned page: the citation says so (recognition can misread).
    ocr: bool = False
    # What each number of the text counts (`counts`), as JSON: decoded only for the few passages
    # a count question reads; as models, 34,000 passages' numbers would weigh on the serving process.
    counts_json: str = ""

    def context_header(self) -> str:
        """One line of structure prepended for embedding and lexical search, never displayed."""
        parts = [self.title]
        group = self.group_title()
        if group and not _section_pattern(group).search(self.text):
            parts.append(group)
        parts += [f"{h.short()} {h.title or ''}".strip() for h in self.heading_path]
        if self.section and not self.heading_path and not self.prints_section():
            parts.append(self.section)
        return " — ".join(p.replace("\n", " ") for p in parts)

    def group_title(self) -> str | None:
        """The axis title no heading of the path prints: the unnumbered heading above the group
        of items ("ESPACES PUBLICS" above "2.1", "2.2")."""
        if self.axis_title and self.heading_path and all(h.title != self.axis_title for h in self.heading_path):
            return self.axis_title
        return None

    def prints_section(self) -> bool:
        """The passage prints its unnumbered heading on lines of its own (a section's first
        passage; a newsletter's headline under its masthead): the header leaves it out, so the
        heading is indexed once and the text, quoted and shown, keeps it (a headline's date
        answers questions)."""
        return self.printed_section() is not None

    def printed_section(self) -> tuple[int, int] | None:
        """Where the passage prints its unnumbered heading (`prints_section`), if it does."""
        if not self.section:
            return None
        match = _section_pattern(self.section.split(" › ")[-1]).search(self.text)
        return match.span() if match else None

    def counts(self) -> tuple[Counted, ...]:
        """What each number of the text counts, offsets within `text`; empty when not parsed."""
        if not self.counts_json:
            return ()
        return tuple(Counted(start=a, end=b, terms=tuple(t), noun=tuple(n)) for a, b, t, n in json.loads(self.counts_json))

    @property
    def is_pdf(self) -> bool:
        return self.file_name.lower().endswith(".pdf")

    def on_path(self, number: str) -> bool:
        return any(h.number == number for h in self.heading_path)

    def body(self) -> str:
        """The text without the heading it opens with, when that heading is on its path.

        The indexed fields carry the path once, in the context header: left in the text too,
        a section's first passage counted its title twice and outranked the passage that
        answers (real-dev hit@5 0.938 → 1.0, every other set unchanged; README)."""
        for heading in reversed(self.heading_path):
            match = _heading_pattern(heading).match(self.text)
            if match:
                return self.text[match.end() :]
        return self.text

    def indexed_text(self) -> str:
        return f"{self.context_header()}\n{self.body()}"

    def to_metadata(self) -> dict[str, str | int]:
        # Chroma metadata values cannot be None, nor lists: the path is stored as JSON.
        data = self.model_dump(exclude={"id", "text", "heading_path"})
        data["heading_path"] = json.dumps([h.model_dump() for h in self.heading_path], ensure_ascii=False)
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_stored(
        cls, chunk_id: str, document: str, metadata: dict[str, Any], paths: dict[str, tuple[HeadingRef, ...]] | None = None
    ) -> Chunk:
        """`paths` shares one heading path between the chunks that have it, and the strings
        every chunk of a document repeats (title, file, version…) are interned: the serving
        process holds every chunk, and 10,000 pages kept 34,000 copies of each."""
        text = document.split("\n", 1)[1] if "\n" in document else document
        meta = {k: sys.intern(v) if isinstance(v, str) else v for k, v in metadata.items()}
        stored = meta.pop("heading_path", "[]") or "[]"
        path = paths.get(stored) if paths is not None else None
        if path is None:
            path = tuple(HeadingRef.model_validate(h) for h in json.loads(stored))
            if paths is not None:
                paths[stored] = path
        chunk = cls(id=chunk_id, text=text, heading_path=path, **meta)
        # Pydantic gives each instance its own set of the fields it was given: at 34,000
        # chunks those sets took 70 MB of the serving process, more than the texts. A frozen
        # model never adds to it, and model_copy copies it before updating, so chunks given
        # the same fields can hold one.
        fields = chunk.__pydantic_fields_set__
        object.__setattr__(chunk, "__pydantic_fields_set__", _FIELD_SETS.setdefault(frozenset(fields), fields))
        return chunk


class Filters(BaseModel):
    documents: list[str] = Field(default_factory=list, description="file names to search in")
    axis: int | None = None

    def is_empty(self) -> bool:
        return not self.documents and self.axis is None

    def matches(self, chunk: Chunk) -> bool:
        if self.documents and chunk.file_name not in self.documents:
            return False
        return self.axis is None or chunk.axis == self.axis


class Passage(BaseModel):
    """A retrieved chunk with its scores."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_similarity: float | None = None


class Citation(BaseModel):
    marker: int
    chunk: Chunk
    quote: str
    reference: str


class Box(BaseModel):
    """A rectangle on a page, in fractions of its width and height from the top-left corner:
    the same numbers place it on the page rendered at any size."""

    model_config = ConfigDict(frozen=True)

    left: float
    top: float
    width: float
    height: float


class PageHighlight(BaseModel):
    """Where a quote is on one page (a quote across a page break has one per page)."""

    page: int  # 1-based
    boxes: list[Box]


class Turn(BaseModel):
    """One earlier exchange of a conversation, as the user saw it."""

    question: str
    answer: str = ""


class Grounding(BaseModel):
    """What the checks did to a generated answer."""

    removed_sentences: int = 0
    removal_reasons: list[str] = Field(default_factory=list)
    fallback: bool = False  # the extractive answer was given instead
    provider_error: str | None = None
    raw: str | None = None  # the model's text as written, before the checks (evaluation re-checks it)
    # The question as the checks read it: what it asks, spelled as the documents spell it.
    read_question: str | None = None


class Answer(BaseModel):
    question: str
    text: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    # Set when the question itself was refused (empty, too long); text explains why.
    error: str | None = None
    confidence: float = 0.0
    # The evidence rules other than the score threshold passed (erbm/assistant/evidence.py).
    evidence_rules_passed: bool = True
    # The standalone question actually searched, when a follow-up was rewritten.
    rewritten_question: str | None = None
    # Shown above the answer (a fallback, a provider failure).
    notice: str | None = None
    grounding: Grounding | None = None


class FileStatus(StrEnum):
    """What an ingest did with one file (a str: reports and snapshots stay plain JSON)."""

    INDEXED = "indexed"
    SKIPPED = "skipped"  # unchanged since the last ingest
    DUPLICATE = "duplicate"
    FAILED = "failed"
    REMOVED = "removed"


class FileReport(BaseModel):
    path: str
    status: FileStatus
    reason: str | None = None
    pages: int = 0
    chunks: int = 0


class IngestReport(BaseModel):
    files: list[FileReport] = Field(default_factory=list)

    def count(self, status: FileStatus) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def documents(self) -> int:
        return self.count(FileStatus.INDEXED)

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.files if f.status == FileStatus.INDEXED)

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files if f.status == FileStatus.INDEXED)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == FileStatus.FAILED]


class DocumentRef(BaseModel):
    """An indexed document as the user picks it: its file name and its title."""

    file_name: str
    title: str


class IndexStatus(BaseModel):
    documents: int
    passages: int
    last_update: str | None
    collection: str
    # Scanned pages can be read (Tesseract and its language installed, OCR on).
    ocr_available: bool = False
