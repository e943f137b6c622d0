"""Typed values that cross module boundaries."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
    section: str | None = None
    url: str | None = None

    def context_header(self) -> str:
        """One line of structure prepended for embedding and lexical search, never displayed."""
        parts = [self.title]
        if self.axis is not None:
            parts.append(f"Axe {self.axis} {self.axis_title or ''}".strip())
        if self.recommendation:
            parts.append(f"{self.recommendation_label or ''} {self.recommendation} {self.recommendation_title or ''}".strip())
        elif self.section:
            parts.append(self.section)
        return " — ".join(p.replace("\n", " ") for p in parts)

    def indexed_text(self) -> str:
        return f"{self.context_header()}\n{self.text}"

    def to_metadata(self) -> dict[str, str | int]:
        # Chroma metadata values cannot be None.
        data = self.model_dump(exclude={"id", "text"})
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_stored(cls, chunk_id: str, document: str, metadata: dict[str, Any]) -> Chunk:
        text = document.split("\n", 1)[1] if "\n" in document else document
        return cls(id=chunk_id, text=text, **metadata)


class Filters(BaseModel):
    documents: list[str] = Field(default_factory=list, description="file names to search in")
    axis: int | None = None

    def is_empty(self) -> bool:
        return not self.documents and self.axis is None


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


class Answer(BaseModel):
    question: str
    text: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    # Set when the question itself was refused (empty, too long); text explains why.
    error: str | None = None
    confidence: float = 0.0
    # The standalone question actually searched, when a follow-up was rewritten.
    rewritten_question: str | None = None
    # Shown above the answer (a fallback, a provider failure).
    notice: str | None = None
    grounding: Grounding | None = None


class FileReport(BaseModel):
    path: str
    status: str  # indexed | skipped | duplicate | failed | removed
    reason: str | None = None
    pages: int = 0
    chunks: int = 0


class IngestReport(BaseModel):
    files: list[FileReport] = Field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def documents(self) -> int:
        return self.count("indexed")

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.files if f.status == "indexed")

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files if f.status == "indexed")

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]


class IndexStatus(BaseModel):
    documents: int
    passages: int
    last_update: str | None
    collection: str
