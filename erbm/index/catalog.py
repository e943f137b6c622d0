"""The committed documents of one collection: the index's commit log.

A document's chunks are written under a fresh version id, then the catalog record is
replaced (one upsert of one record: atomic in Chroma's SQLite log), and only then are the
previous version's chunks deleted. Readers see only the versions the catalog names, so a
process killed at any moment leaves every document at its complete old or complete new
version; chunks of versions no catalog names are swept by the next ingest.

The catalog lives in Chroma beside the chunks, not in a local file, so that in server mode
every app instance sees the same documents as the ingest that wrote them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

import chromadb
from pydantic import BaseModel, Field

_CATALOG_ID = "catalog"
_STAMP_ID = "stamp"


def version_key(doc_id: str, source_path: str, title: str | None, url: str | None) -> str:
    """Everything a citation takes from outside the text: any change is a new version."""
    shape = "\x1f".join([doc_id, source_path, title or "", url or ""])
    return hashlib.sha256(shape.encode()).hexdigest()[:16]


class DocumentEntry(BaseModel):
    version: str
    doc_id: str
    source_path: str
    file_name: str
    title: str
    url: str | None = None
    chunks: int
    pages: int = 0


class CatalogState(BaseModel):
    documents: dict[str, DocumentEntry] = Field(default_factory=dict)  # version → entry

    def by_path(self) -> dict[str, DocumentEntry]:
        return {e.source_path: e for e in self.documents.values()}

    def versions(self) -> set[str]:
        return set(self.documents)


class Catalog:
    def __init__(self, client: chromadb.ClientAPI, collection_name: str) -> None:
        # No embedding function: the two records carry a dummy one-dimensional vector.
        self._col = client.get_or_create_collection(f"{collection_name}-catalog", embedding_function=None)

    def read(self) -> CatalogState:
        got = self._col.get(ids=[_CATALOG_ID], include=["documents"])
        docs = got.get("documents") or []
        return CatalogState.model_validate_json(docs[0]) if docs else CatalogState()

    def commit(self, state: CatalogState, *, add: DocumentEntry | None = None, remove: Iterable[str] = ()) -> None:
        """Apply one change to `state` and make it durable in a single record write."""
        for version in remove:
            state.documents.pop(version, None)
        if add is not None:
            state.documents[add.version] = add
        self._col.upsert(ids=[_CATALOG_ID], documents=[state.model_dump_json()], embeddings=[[0.0]])

    def stamp(self) -> str | None:
        """Changes each time an ingest publishes; readers reload when it does."""
        got = self._col.get(ids=[_STAMP_ID], include=["documents"])
        docs = got.get("documents") or []
        return docs[0] if docs else None

    def publish(self) -> str:
        # Microseconds: two ingests within one second must still look different to readers.
        stamp = datetime.now(UTC).isoformat(timespec="microseconds")
        self._col.upsert(ids=[_STAMP_ID], documents=[stamp], embeddings=[[0.0]])
        return stamp
