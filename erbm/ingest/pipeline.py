"""Folders → index: incremental (content hashes), one file's failure never stops the others."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from erbm import messages
from erbm.index.catalog import CatalogState, DocumentEntry, version_key
from erbm.index.sentences import SentenceVectors
from erbm.index.store import ChunkStore
from erbm.ingest import snapshot
from erbm.ingest.chunker import DocumentInfo, make_chunks
from erbm.ingest.cleanup import clean_pages
from erbm.ingest.counting import with_counts
from erbm.ingest.files import file_hash, iter_files
from erbm.ingest.loaders import LoadError, load_document
from erbm.ingest.manifest import Source, load_manifest
from erbm.ingest.ocr import TesseractOcr, save_words, sweep_words
from erbm.ingest.patterns import Patterns
from erbm.ingest.structure import StructureParser
from erbm.ingest.titles import choose_title
from erbm.models import Chunk, FileReport, FileStatus, IngestReport
from erbm.pages.images import drop_versions
from erbm.parsing.base import NumberParser
from erbm.settings import Settings

log = logging.getLogger(__name__)

# Documents written but not yet committed while their parse is pending: a bound on the memory they
# hold and on the work a kill loses when the embedder outpaces the parser.
_MAX_WRITTEN = 8


def _is_under(path: Path, roots: list[Path]) -> bool:
    return any(root.is_dir() and path.is_relative_to(root) for root in roots)


@dataclass
class _Written:
    """A document whose passages are stored, committed once what its numbers count is stored too."""

    entry: DocumentEntry
    remove: list[str]
    chunks: list[Chunk]
    counting: Future[list[Chunk]] | None


@dataclass
class _Run:
    """What one ingest run knows and has seen."""

    state: CatalogState
    counts: ThreadPoolExecutor
    written: list[_Written] = field(default_factory=list)  # in file order
    seen_paths: set[str] = field(default_factory=set)
    seen_docs: dict[str, str] = field(default_factory=dict)  # doc_id → path indexed in this run
    retired: set[str] = field(default_factory=set)  # versions to delete once published
    changed: bool = False
    _manifests: dict[Path, dict[str, Source]] = field(default_factory=dict)

    def manifest(self, folder: Path) -> dict[str, Source]:
        if folder not in self._manifests:
            self._manifests[folder] = load_manifest(folder)
        return self._manifests[folder]


class Ingestor:
    """Writes through the catalog's protocol (erbm/index/catalog.py): new chunks, then the
    catalog, then the old chunks out, so that a kill at any point loses nothing."""

    def __init__(
        self,
        settings: Settings,
        store: ChunkStore,
        *,
        sentences: SentenceVectors | None = None,
        numbers: NumberParser | None = None,
        progress: bool = True,
    ) -> None:
        self.settings = settings
        self.store = store
        self.sentences = sentences
        self.numbers = numbers
        self.progress = progress
        self.patterns = Patterns.load(settings.patterns_file)
        self.parser = StructureParser(self.patterns)
        self.ocr = TesseractOcr.configured(settings)

    def chunk_file(self, path: Path, info: DocumentInfo) -> tuple[list[Chunk], int, list[str]]:
        raw = load_document(
            path,
            max_bytes=self.settings.max_file_bytes,
            max_pages=self.settings.max_pages,
            max_seconds=self.settings.max_seconds_per_file,
            ocr=self.ocr,
            ocr_max_pages=self.settings.ocr_max_pages,
        )
        lines = clean_pages(raw, self.patterns)
        segments = self.parser.segments(lines)
        if info.title is None:
            first = next((s.position.path[0] for s in segments if s.position.path), None)
            opening = [line.text for line in lines if line.page == lines[0].page][:2] if lines else []
            info = replace(info, title=choose_title(raw, opening, first.title if first else None))
        chunks = make_chunks(info, segments, self.settings.chunk_max_chars, self.settings.chunk_overlap_sentences)
        if not chunks:
            raise LoadError(messages.NO_PASSAGE)
        if raw.ocr_pages:
            save_words(self.settings.ocr_dir, info.doc_id, raw.ocr_words)
            chunks = [
                c.model_copy(update={"ocr": True}) if raw.ocr_pages & set(range(c.page_start, c.page_end + 1)) else c
                for c in chunks
            ]
        return chunks, len(raw.pages), raw.notes

    def ingest(self, paths: list[Path]) -> IngestReport:
        roots = [p.resolve() for p in paths]
        snapshot.clear(self.settings)
        report = IngestReport()
        # What the numbers count is parsed on one worker thread, in file order, while the next files
        # are read and embedded: loading the parser's model takes seconds, and the embedder
        # computes outside Python's lock.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counts")
        try:
            return self._ingest(roots, _Run(state=self.store.catalog.read(), counts=pool), report)
        finally:
            pool.shutdown(cancel_futures=True)

    def _ingest(self, roots: list[Path], run: _Run, report: IngestReport) -> IngestReport:
        catalog = self.store.catalog
        # Chunks of versions no catalog names: a previous run was killed mid-document.
        orphans = self.store.stored_versions() - run.state.versions()
        if orphans:
            log.info("sweeping %d uncommitted document versions", len(orphans))
            self.store.delete_versions(orphans)
            run.changed = True
        if self.sentences:
            self.sentences.sweep(run.state.versions())
        for root in roots:
            if not root.exists():
                report.files.append(FileReport(path=str(root), status=FileStatus.FAILED, reason=messages.NOT_FOUND))
        files = [f.resolve() for root in roots if root.exists() for f in iter_files(root)]
        bar = tqdm(files, desc="Fichiers", unit="fichier", disable=not self.progress)
        for path in bar:
            bar.set_postfix_str(path.name[:40])
            report.files.append(self._ingest_file(path, run))
            self._settle(run)
        self._settle(run, wait=True)

        gone = [
            entry
            for entry in list(run.state.documents.values())
            if entry.source_path not in run.seen_paths
            and _is_under(Path(entry.source_path), roots)
            and not Path(entry.source_path).exists()
        ]
        if gone:
            self._commit(run, remove=[e.version for e in gone])
            report.files.extend(FileReport(path=e.source_path, status=FileStatus.REMOVED, reason=messages.FILE_REMOVED) for e in gone)
        if run.changed:
            # Readers switch to the new catalog before the chunks they may still hold go.
            catalog.publish()
            self.store.delete_versions(run.retired)
            sweep_words(self.settings.ocr_dir, {e.doc_id for e in run.state.documents.values()})
            drop_versions(self.settings.preview_dir, run.retired)
            if self.sentences:
                self.sentences.drop(run.retired)
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
            return FileReport(path=key, status=FileStatus.FAILED, reason=messages.UNREADABLE.format(detail=exc.strerror))
        except LoadError as exc:
            return FileReport(path=key, status=FileStatus.FAILED, reason=exc.reason)
        title = source.title if source else None
        url = source.url if source else None
        version = version_key(doc_id, key, title, url)
        old = run.state.by_path().get(key)
        if old is not None and old.version == version:
            run.seen_docs[doc_id] = key
            return FileReport(path=key, status=FileStatus.SKIPPED, reason=messages.UNCHANGED)
        other = run.seen_docs.get(doc_id) or self._live_copy(run.state, doc_id, key)
        if other:
            if old is not None:  # this path's previous content is gone
                self._commit(run, remove=[old.version])
            return FileReport(path=key, status=FileStatus.DUPLICATE, reason=messages.DUPLICATE.format(other=Path(other).name))
        info = DocumentInfo(doc_id=doc_id, version=version, title=title, file_name=path.name, source_path=key, url=url)
        try:
            chunks, pages, notes = self.chunk_file(path, info)
        except LoadError as exc:
            return FileReport(path=key, status=FileStatus.FAILED, reason=exc.reason)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            log.exception("unexpected failure on %s", path)
            return FileReport(path=key, status=FileStatus.FAILED, reason=messages.UNREADABLE.format(detail=type(exc).__name__))
        self._write(chunks)
        entry = DocumentEntry(
            version=version, doc_id=doc_id, source_path=key, file_name=path.name, title=chunks[0].title,
            url=url, chunks=len(chunks), pages=pages,
        )
        counting = run.counts.submit(with_counts, chunks, self.numbers) if self.numbers is not None else None
        run.written.append(_Written(entry, [old.version] if old is not None else [], chunks, counting))
        run.seen_docs[doc_id] = key
        return FileReport(path=key, status=FileStatus.INDEXED, pages=pages, chunks=len(chunks), reason="; ".join(notes) or None)

    def _settle(self, run: _Run, *, wait: bool = False) -> None:
        """Commit the written documents whose parse is done, in file order; all of them if `wait`,
        else at least enough to leave `_MAX_WRITTEN` waiting."""
        while run.written and (
            wait
            or len(run.written) > _MAX_WRITTEN
            or run.written[0].counting is None
            or run.written[0].counting.done()
        ):
            done = run.written.pop(0)
            if done.counting is not None:
                counted = [c for c in self._counted(done.chunks, done.counting.result) if c.counts_json]
                if counted:
                    self.store.update_metadata(counted)
            self._commit(run, add=done.entry, remove=done.remove)

    def _commit(self, run: _Run, *, add: DocumentEntry | None = None, remove: list[str] | None = None) -> None:
        """One catalog write; the removed versions' chunks go once the run publishes."""
        self.store.catalog.commit(run.state, add=add, remove=remove or [])
        run.retired.update(remove or [])
        run.changed = True

    @staticmethod
    def _live_copy(state: CatalogState, doc_id: str, current: str) -> str | None:
        """Another existing file already indexed with this content, if any."""
        for entry in state.documents.values():
            if entry.doc_id == doc_id and entry.source_path != current and Path(entry.source_path).exists():
                return entry.source_path
        return None

    def _write(self, chunks: list[Chunk]) -> None:
        """Passages and sentences embedded and stored; what their numbers count is stored later
        (`_settle`), before the catalog names them: no reader sees them without it."""
        with tqdm(total=len(chunks), desc="  Embeddings", unit="passage", leave=False, disable=not self.progress) as bar:
            self.store.add(chunks, batch_size=self.settings.embed_batch_size, on_batch=bar.update)
        if self.sentences:
            with tqdm(desc="  Phrases", unit="phrase", leave=False, disable=not self.progress) as bar:
                self.sentences.write(chunks, on_batch=bar.update)

    @staticmethod
    def _counted(chunks: list[Chunk], result: Callable[[], list[Chunk]]) -> list[Chunk]:
        """The chunks with their parse; without it if the parser fails: their count questions are
        then answered as before the parse, and the document is not lost."""
        try:
            return result()
        except Exception:  # a parser bug must not cost the document
            log.exception("count parse failed on %s: indexed without it", chunks[0].source_path if chunks else "?")
            return chunks
