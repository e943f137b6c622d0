"""Chunks and their vectors in Chroma through LangChain's integration: upserts, deletions, reads."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from erbm.index.acronyms import embedded_texts
from erbm.index.catalog import Catalog
from erbm.models import Chunk, HeadingRef
from erbm.settings import Settings

log = logging.getLogger(__name__)

# Chroma rejects very large batches; keep well under its limit.
_WRITE_BATCH = 256
# A single get() of every record fails past ~30,000 records ("too many SQL variables"),
# and large pages inflate the serving process's memory (measured: 5,000-record pages cost
# twice the RSS of 500-record ones on a 1,000-page corpus): read in small pages.
_READ_PAGE = 500


def make_client(settings: Settings) -> chromadb.ClientAPI:
    # Telemetry off: these machines have no internet and the tool must not try.
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        token = settings.chroma_token.get_secret_value() if settings.chroma_token else None
        return chromadb.HttpClient(
            host=settings.chroma_host,
            port=settings.chroma_port,
            ssl=settings.chroma_ssl,
            headers={"Authorization": f"Bearer {token}"} if token else None,
            settings=chroma_settings,
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def version_of(chunk_id: str) -> str:
    """Chunk ids are "<version>-<index>" (erbm/ingest/chunker.py)."""
    return chunk_id.rsplit("-", 1)[0]


@dataclass(frozen=True)
class StoredChunks:
    chunks: list[Chunk]
    vectors: np.ndarray  # float32, row i: chunks[i]'s passage vector


class ChunkStore:
    def __init__(self, settings: Settings, embeddings: Embeddings, client: chromadb.ClientAPI | None = None) -> None:
        self.collection_name = settings.collection_name()
        self.settings = settings
        self.embeddings = embeddings
        self.read_page = _READ_PAGE
        self._open(client or make_client(settings))

    def _open(self, client: chromadb.ClientAPI) -> None:
        self._client = client
        self._vs = Chroma(
            client=client,
            collection_name=self.collection_name,
            embedding_function=self.embeddings,
            collection_metadata={"hnsw:space": "cosine"},
        )
        self._collection = client.get_collection(self.collection_name, embedding_function=None)
        self.catalog = Catalog(client, self.collection_name)

    def reopen(self) -> None:
        """See another process's writes: an embedded client keeps the vector index it first
        loaded (a server needs nothing). Callers ensure no query is using the old client."""
        if self.settings.chroma_host:
            return
        self._client.close()
        self._open(make_client(self.settings))

    def _pages(self, include: list[str], where: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        offset = 0
        while True:
            page = self._vs.get(include=include, where=where, limit=self.read_page, offset=offset)
            yield page
            if len(page["ids"]) < self.read_page:
                return
            offset += self.read_page

    def _ids(self, where: dict[str, Any] | None = None) -> list[str]:
        return [i for page in self._pages(include=[], where=where) for i in page["ids"]]

    def count(self) -> int:
        return len(self._ids())

    def add(self, chunks: list[Chunk], *, batch_size: int = _WRITE_BATCH, on_batch: Callable[[int], None] | None = None) -> None:
        """Embed and write whole documents' chunks; `on_batch(n)` after each batch of n chunks.
        The vector reads the acronyms each document defines with their words
        (`embedded_texts`), the text stored is the chunk's: so the write goes to the
        collection itself, `add_texts` embedding what it stores."""
        embedded = embedded_texts(chunks)
        for i in range(0, len(chunks), batch_size):
            batch = chunks[i : i + batch_size]
            self._collection.upsert(
                ids=[c.id for c in batch],
                embeddings=self.embeddings.embed_documents(embedded[i : i + batch_size]),
                documents=[c.indexed_text() for c in batch],
                metadatas=[c.to_metadata() for c in batch],
            )
            if on_batch:
                on_batch(len(batch))

    def update_metadata(self, chunks: list[Chunk]) -> None:
        """Write chunks' metadata again (what ingestion learnt after embedding them), texts and
        vectors unchanged."""
        for i in range(0, len(chunks), _WRITE_BATCH):
            batch = chunks[i : i + _WRITE_BATCH]
            self._collection.update(ids=[c.id for c in batch], metadatas=[c.to_metadata() for c in batch])

    def delete_versions(self, versions: Iterable[str]) -> None:
        wanted = set(versions)
        if wanted:
            # Every chunk carries its version in its metadata: Chroma filters, no full scan.
            found = self._ids(where={"version": {"$in": sorted(wanted)}})
            for start in range(0, len(found), _WRITE_BATCH):
                self._vs.delete(ids=found[start : start + _WRITE_BATCH])

    def stored_versions(self) -> set[str]:
        """Every version with chunks in Chroma, committed or not."""
        return {version_of(i) for i in self._ids()}

    def all_chunks(self, versions: set[str] | None = None) -> list[Chunk]:
        """Stored chunks, only those of `versions` when given (the committed ones)."""
        paths: dict[str, tuple[HeadingRef, ...]] = {}
        chunks = [
            Chunk.from_stored(i, d, m, paths)
            for page in self._pages(include=["documents", "metadatas"])
            for i, d, m in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
            if versions is None or version_of(i) in versions
        ]
        return sorted(chunks, key=lambda c: (c.file_name, c.index))

    def stored(self, versions: set[str] | None = None) -> StoredChunks:
        """`all_chunks(versions)` and their passage vectors.

        The vectors are read in a second pass, page by page, into one float32 matrix: Chroma
        returns float64 pages, and rows kept from them would hold every page alive (10,000
        pages: serving peak 567 → 730 MB when the rows were kept, make bench 03/12).
        """
        chunks = self.all_chunks(versions)
        row = {c.id: i for i, c in enumerate(chunks)}
        matrix: np.ndarray | None = None
        for page in self._pages(include=["embeddings"]):
            embedded = np.asarray(page["embeddings"])
            if matrix is None and len(embedded):
                matrix = np.zeros((len(chunks), embedded.shape[1]), np.float32)
            for cid, vector in zip(page["ids"], embedded, strict=True):
                if (i := row.get(cid)) is not None and matrix is not None:
                    matrix[i] = vector
        return StoredChunks(chunks=chunks, vectors=matrix if matrix is not None else np.zeros((len(chunks), 0), np.float32))
