"""The sentences of each passage, embedded apart: retrieval's fourth ranking.

A passage's vector blurs what its sentences say: « réorganisation possible pour maîtriser les
coûts » weighs little in a passage about cost matrices, and the question about reorganising
the service finds it 28th by the passage vector. Ranking the candidates by their best
sentence's similarity finds it (make eval, 24/11: project hit@1 0.852 → 0.889, real-dev
hit@5 0.875 → 0.938, every other set unchanged; README, « Qualité et vitesse »).

One pair of files per document version, written before the version is committed and removed
with it, like the version's chunks in Chroma: ``<version>.npy`` (float16, one row per
sentence) and ``<version>.offsets.npy`` (passage i's rows are offsets[i]:offsets[i + 1]).
The serving process reads only the rows of the candidates it ranks, with plain reads: a
memory map would keep every page it touched, and the kernel maps 64 KB around each touched
row (10,000 pages, 30 questions: serving peak 600 → 696 MB), so sentences cost disk, not memory.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from erbm.index.acronyms import Glossary
from erbm.models import Chunk
from erbm.text import split_sentences

log = logging.getLogger(__name__)

# Shorter pieces are a heading's number, a bullet or a page reference: nothing to match.
_MIN_CHARS = 20
_OFFSETS = ".offsets.npy"


def _embedded_sentences(chunk: Chunk, glossary: Glossary) -> list[str]:
    # The passage's heading is not one of its sentences: it is the whole section's (Chunk.body).
    # Its document's acronyms are read with their words, as in the passage vector (embedded_texts),
    # where the body writes none of them: a sentence does not carry its heading.
    body = glossary.expand(chunk.body(), chunk.doc_id, unless="any")
    return [s for a, b in split_sentences(body) if len(s := body[a:b].strip()) >= _MIN_CHARS]


def _distinct(per_chunk: Iterable[list[str]]) -> list[str]:
    return list(dict.fromkeys(s for sentences in per_chunk for s in sentences))


def distinct_sentences(chunks: list[Chunk]) -> list[str]:
    """What `SentenceVectors.write` embeds for one version's chunks (the benchmark times it raw)."""
    glossary = Glossary(chunks)
    return _distinct(_embedded_sentences(c, glossary) for c in chunks)


def _chunk_position(chunk_id: str) -> tuple[str, int]:
    """Chunk ids are "<version>-<index>" (erbm/ingest/chunker.py)."""
    version, index = chunk_id.rsplit("-", 1)
    return version, int(index)


def _save_atomically(path: Path, array: np.ndarray) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sentences-", suffix=".npy")
    with os.fdopen(fd, "wb") as fh:
        np.save(fh, array)
    os.replace(tmp, path)


@dataclass(frozen=True)
class _VectorFile:
    path: Path
    data_offset: int  # where the rows start, after the .npy header
    dim: int
    offsets: np.ndarray

    @classmethod
    def open(cls, vectors: Path, offsets: Path) -> _VectorFile:
        with vectors.open("rb") as fh:
            major, _ = np.lib.format.read_magic(fh)
            read_header = np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0
            shape, fortran_order, dtype = read_header(fh)
            if len(shape) != 2 or fortran_order or dtype != np.dtype("<f2"):
                raise ValueError(f"unexpected array {shape} {dtype}")
            return cls(path=vectors, data_offset=fh.tell(), dim=int(shape[1]), offsets=np.load(offsets))

    def rows(self, indices: list[int]) -> dict[int, np.ndarray]:
        """The sentence rows of these passages (by chunk index), one read each."""
        out: dict[int, np.ndarray] = {}
        row_bytes = self.dim * 2
        with self.path.open("rb") as fh:
            for index in indices:
                if index + 1 >= len(self.offsets):
                    continue
                start, end = int(self.offsets[index]), int(self.offsets[index + 1])
                if end > start:
                    fh.seek(self.data_offset + start * row_bytes)
                    data = fh.read((end - start) * row_bytes)
                    out[index] = np.frombuffer(data, dtype="<f2").reshape(-1, self.dim)
        return out


class SentenceReader:
    """The committed versions' sentence vectors, as one index load sees them."""

    def __init__(self, files: dict[str, _VectorFile]) -> None:
        self._files = files

    def __bool__(self) -> bool:
        return bool(self._files)

    def best(self, chunk_ids: Iterable[str], vector: list[float]) -> dict[str, float]:
        """Each passage's best sentence similarity to the (normalised) query vector; passages
        without sentence vectors are left out."""
        query = np.asarray(vector, dtype=np.float32)
        query = query / (np.linalg.norm(query) or 1.0)
        wanted: dict[str, list[tuple[str, int]]] = {}
        for cid in chunk_ids:
            version, index = _chunk_position(cid)
            if version in self._files:
                wanted.setdefault(version, []).append((cid, index))
        out: dict[str, float] = {}
        for version, items in wanted.items():
            try:
                rows = self._files[version].rows([index for _, index in items])
            except (OSError, ValueError):
                continue  # retired by an ingest since this index was loaded: its passages go too
            for cid, index in items:
                if index in rows:
                    out[cid] = float((rows[index].astype(np.float32) @ query).max())
        return out


class SentenceVectors:
    """Write, read and remove the sentence vectors of document versions in one folder."""

    def __init__(self, folder: Path, embeddings: Embeddings, *, batch_size: int = 32) -> None:
        self.folder = folder
        self.embeddings = embeddings
        self.batch_size = batch_size

    def _paths(self, version: str) -> tuple[Path, Path]:
        return self.folder / f"{version}.npy", self.folder / f"{version}{_OFFSETS}"

    def write(self, chunks: list[Chunk], on_batch: Callable[[int], None] | None = None) -> None:
        """Embed the sentences of one version's chunks (a sentence two passages share, once)."""
        if not chunks:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Rows by the chunk's own index (its id's suffix), gaps included: the reader looks them up by id.
        glossary = Glossary(chunks)
        by_index = {c.index: _embedded_sentences(c, glossary) for c in chunks}
        per_chunk = [by_index.get(i, []) for i in range(max(by_index) + 1)]
        # distinct_sentences(chunks), from the sentences already split above.
        distinct = _distinct(by_index[c.index] for c in chunks)
        vectors: list[list[float]] = []
        for i in range(0, len(distinct), self.batch_size):
            batch = distinct[i : i + self.batch_size]
            vectors.extend(self.embeddings.embed_documents(batch))
            if on_batch:
                on_batch(len(batch))
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(distinct), -1) if distinct else np.zeros((0, 1), np.float32)
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        row = {s: i for i, s in enumerate(distinct)}
        order = [row[s] for sentences in per_chunk for s in sentences]
        offsets = np.cumsum([0] + [len(s) for s in per_chunk]).astype(np.int64)
        vectors_path, offsets_path = self._paths(chunks[0].version)
        # Offsets last: a version is readable only once both files are whole.
        _save_atomically(vectors_path, matrix[order].astype(np.float16))
        _save_atomically(offsets_path, offsets)

    def versions(self) -> set[str]:
        if not self.folder.is_dir():
            return set()
        return {p.name[: -len(_OFFSETS)] for p in self.folder.glob(f"*{_OFFSETS}")}

    def drop(self, versions: Iterable[str]) -> None:
        for version in versions:
            for path in self._paths(version):
                path.unlink(missing_ok=True)

    def sweep(self, keep: set[str]) -> None:
        """Remove what no committed version owns (a run killed after writing, before committing)."""
        if self.folder.is_dir():
            self.drop(self.versions() - keep)
            for leftover in self.folder.glob(".sentences-*"):
                leftover.unlink(missing_ok=True)

    def reader(self, versions: set[str]) -> SentenceReader:
        files: dict[str, _VectorFile] = {}
        for version in versions & self.versions():
            try:
                files[version] = _VectorFile.open(*self._paths(version))
            except (OSError, ValueError) as exc:
                # A damaged file costs that document its fourth ranking, nothing else.
                log.warning("sentence vectors of %s unreadable: %s", version, type(exc).__name__)
        return SentenceReader(files)
