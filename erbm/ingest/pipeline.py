"""Folders → index: incremental (content hashes), one file's failure never stops the others."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from erbm import messages
from erbm.index.store import ChunkStore
from erbm.ingest.chunker import DocumentInfo, make_chunks
from erbm.ingest.cleanup import clean_pages
from erbm.ingest.loaders import LoadError, load_document
from erbm.ingest import snapshot
from erbm.ingest.files import file_hash, iter_files
from erbm.ingest.manifest import Source, load_manifest
from erbm.ingest.patterns import Patterns
from erbm.ingest.state import mark_updated
from erbm.ingest.structure import StructureParser
from erbm.models import Chunk, FileReport, IngestReport
from erbm.settings import Settings

log = logging.getLogger(__name__)


def _is_under(path: Path, roots: list[Path]) -> bool:
    return any(root.is_dir() and path.is_relative_to(root) for root in roots)


def _manifest_changed(meta: dict[str, Any], source: Source | None) -> bool:
    """A new title or URL in the manifest re-indexes the file: both are part of its citation."""
    if source is None:
        return False
    return (source.title is not None and source.title != meta.get("title")) or source.url != meta.get("url")


@dataclass
class _Run:
    """What one ingest run knows and has seen."""

    indexed: dict[str, dict[str, Any]]  # doc_id → metadata of the stored document
    seen_paths: set[str] = field(default_factory=set)
    seen_docs: dict[str, str] = field(default_factory=dict)
    changed: bool = False
    _manifests: dict[Path, dict[str, Source]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_path = {str(m["source_path"]): doc_id for doc_id, m in self.indexed.items()}

    def manifest(self, folder: Path) -> dict[str, Source]:
        if folder not in self._manifests:
            self._manifests[folder] = load_manifest(folder)
        return self._manifests[folder]


class Ingestor:
    def __init__(self, settings: Settings, store: ChunkStore, *, progress: bool = True) -> None:
        self.settings = settings
        self.store = store
        self.progress = progress
        self.patterns = Patterns.load(settings.patterns_file)
        self.parser = StructureParser(self.patterns)

    def chunk_file(self, path: Path, doc_id: str, source: Source | None) -> tuple[list[Chunk], int]:
        raw = load_document(path, max_bytes=self.settings.max_file_bytes, max_pages=self.settings.max_pages)
        lines = clean_pages(raw, self.patterns)
        title = (source.title if source else None) or raw.title or path.stem.replace("-", " ").replace("_", " ")
        info = DocumentInfo(
            doc_id=doc_id,
            title=title,
            file_name=path.name,
            source_path=str(path),
            url=source.url if source else None,
        )
        chunks = make_chunks(
            info, self.parser.segments(lines), self.settings.chunk_max_chars, self.settings.chunk_overlap_sentences
        )
        if not chunks:
            raise LoadError(messages.NO_TEXT)
        return chunks, len(raw.pages)

    def ingest(self, paths: list[Path]) -> IngestReport:
        roots = [p.resolve() for p in paths]
        snapshot.clear(self.settings)
        report = IngestReport()
        run = _Run(indexed=self.store.documents())
        for root in roots:
            if not root.exists():
                report.files.append(FileReport(path=str(root), status="failed", reason="introuvable"))
        files = [f.resolve() for root in roots if root.exists() for f in iter_files(root)]
        bar = tqdm(files, desc="Fichiers", unit="fichier", disable=not self.progress)
        for path in bar:
            bar.set_postfix_str(path.name[:40])
            report.files.append(self._ingest_file(path, run))

        removed = [
            (doc_id, p)
            for p, doc_id in run.by_path.items()
            if p not in run.seen_paths
            and _is_under(Path(p), roots)
            and not Path(p).exists()
            # A renamed file was re-indexed under its new path with the same chunk ids.
            and doc_id not in run.seen_docs
        ]
        if removed:
            self.store.delete_documents(doc_id for doc_id, _ in removed)
            run.changed = True
            report.files.extend(FileReport(path=p, status="removed", reason="fichier supprimé") for _, p in removed)
        if run.changed:
            mark_updated(self.settings.data_dir, self.store.collection_name)
        snapshot.save(self.settings, roots, report)
        return report

    def _ingest_file(self, path: Path, run: _Run) -> FileReport:
        key = str(path)
        run.seen_paths.add(key)
        source = run.manifest(path.parent).get(path.name)
        try:
            size = path.stat().st_size
            if size > self.settings.max_file_bytes:
                raise LoadError(messages.TOO_BIG.format(size=size, limit=self.settings.max_file_bytes))
            doc_id = file_hash(path)[:16]
        except OSError as exc:
            return FileReport(path=key, status="failed", reason=messages.UNREADABLE.format(detail=exc.strerror))
        except LoadError as exc:
            return FileReport(path=key, status="failed", reason=exc.reason)
        old = run.by_path.get(key)
        if old == doc_id and not _manifest_changed(run.indexed[doc_id], source):
            run.seen_docs[doc_id] = key
            return FileReport(path=key, status="skipped", reason="inchangé")
        other = run.seen_docs.get(doc_id) or self._live_path_of(run.indexed.get(doc_id), key)
        if other:
            if old and old != doc_id:
                self.store.delete_documents([old])  # this path's previous content is gone
                run.changed = True
            return FileReport(path=key, status="duplicate", reason=messages.DUPLICATE.format(other=Path(other).name))
        try:
            chunks, pages = self.chunk_file(path, doc_id, source)
        except LoadError as exc:
            return FileReport(path=key, status="failed", reason=exc.reason)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            log.exception("unexpected failure on %s", path)
            return FileReport(path=key, status="failed", reason=messages.UNREADABLE.format(detail=type(exc).__name__))
        if doc_id in run.indexed:
            # Same content re-indexed (new title or URL, renamed file): Chroma's upsert merges
            # metadata, so a field that became empty would linger. Start from a clean slate.
            self.store.delete_documents([doc_id])
        self._write(chunks)
        # New version in first, old version out after: a crash in between leaves
        # both, never neither.
        if old and old != doc_id:
            self.store.delete_documents([old])
        run.seen_docs[doc_id] = key
        run.changed = True
        return FileReport(path=key, status="indexed", pages=pages, chunks=len(chunks))

    @staticmethod
    def _live_path_of(meta: dict[str, object] | None, current: str) -> str | None:
        """The path a document is indexed under, if that file still exists and is not this one."""
        if not meta:
            return None
        path = str(meta["source_path"])
        return path if path != current and Path(path).exists() else None

    def _write(self, chunks: list[Chunk]) -> None:
        size = self.settings.embed_batch_size
        batches = [chunks[i : i + size] for i in range(0, len(chunks), size)]
        for batch in tqdm(batches, desc="  Embeddings", unit="lot", leave=False, disable=not self.progress):
            self.store.add(batch)
