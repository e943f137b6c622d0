"""The one facade the CLI and the web app use."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from erbm import messages
from erbm.assistant.answerers import Answerer, ExtractiveAnswerer, GenerativeAnswerer, final_answer
from erbm.assistant.chat_models import make_chat_model
from erbm.assistant.citations import CitationFormatter
from erbm.assistant.claims import ClaimChecker
from erbm.assistant.answer_type import AnswerTypes
from erbm.assistant.evidence import Evidence, EvidenceJudge
from erbm.assistant.examples import ExampleGroup, ExamplePicker, load_candidates
from erbm.assistant.followup import Condenser, HeuristicCondenser, LlmCondenser
from erbm.assistant.retrieval import HybridRetriever
from erbm.embeddings import make_embeddings
from erbm.index.lexical import LexicalIndex
from erbm.index.store import ChunkStore
from erbm.ingest.lock import ingest_lock
from erbm.ingest.ocr import TesseractOcr
from erbm.ingest.manifest import Source, load_manifest
from erbm.ingest.pipeline import Ingestor
from erbm.pages.sources import SourcePages
from erbm.models import Answer, Chunk, FileReport, FileStatus, Filters, IndexStatus, IngestReport, Passage, Turn
from erbm.prompts import PromptSet
from erbm.settings import Settings
from erbm.uploads import UploadRefused, store_upload

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

# Passages kept on an Answer (the evaluation's MRR@10 reads them).
_RETURNED_PASSAGES = 10


class Assistant:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embeddings: Embeddings | None = None,
        store: ChunkStore | None = None,
        answerer: Answerer | None = None,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        """`chat_model` (or settings.answerer = "llm") turns on generative answers."""
        self.settings = settings or Settings()
        self.embeddings = embeddings or make_embeddings(self.settings)
        self.store = store or ChunkStore(self.settings, self.embeddings)
        self.pages = SourcePages(self.settings, self.store.catalog)
        self._ocr = TesseractOcr.configured(self.settings)
        self._answerer_override = answerer
        self.prompts = PromptSet.load(self.settings.prompts_dir / "extractive.toml")
        self.citations = CitationFormatter(PromptSet.load(self.settings.prompts_dir / "citation.toml"))
        if chat_model is None and self.settings.answerer == "llm":
            chat_model = make_chat_model(self.settings)
        self.chat_model = chat_model
        self.llm_prompts = PromptSet.load(self.settings.prompts_dir / "llm.toml")
        heuristic = HeuristicCondenser(PromptSet.load(self.settings.prompts_dir / "conversation.toml"))
        self.condenser: Condenser = (
            LlmCondenser(chat_model, self.llm_prompts, heuristic) if chat_model is not None else heuristic
        )
        reference = self.settings.dense_reference
        if reference is None:
            reference = getattr(self.embeddings, "similarity_reference", None)
        self.judge = EvidenceJudge(
            min_evidence=self.settings.min_evidence,
            dense_reference=reference or 0.0,
            dense_gain=self.settings.dense_gain if reference is not None else 0.0,
            answer_types=AnswerTypes.load() if self.settings.answer_type_check else None,
        )
        # Questions read the loaded index while holding the gate; a reload waits until no
        # question is in flight (it may close the Chroma client they use).
        self._gate = threading.Condition()
        self._readers = 0
        self._reloading = False
        self._loaded: _Loaded | None = None
        self._own_ingests = 0
        self._examples_lock = threading.Lock()
        self._examples: tuple[str | None, list[ExampleGroup]] | None = None

    # -- index ---------------------------------------------------------------

    def _stamp(self) -> str | None:
        return self.store.catalog.stamp()

    def _load(self, stamp: str | None) -> _Loaded:
        """Build the lexical index, the retriever and the answerer from the committed chunks."""
        committed = self.store.catalog.read().versions()
        lexical = LexicalIndex(self.store.all_chunks(committed))
        retriever = HybridRetriever(
            self.store,
            lexical,
            candidates=self.settings.candidates,
            rrf_k=self.settings.rrf_k,
            weights=(self.settings.dense_weight, self.settings.lexical_weight, self.settings.proximity_weight),
        )
        extractive = ExtractiveAnswerer(
            self.prompts, self.citations, lexical, max_sentences=self.settings.answer_max_sentences
        )
        answerer: Answerer = extractive
        if self.chat_model is not None:
            answerer = GenerativeAnswerer(
                self.chat_model, self.llm_prompts, self.citations, extractive,
                claims=ClaimChecker(self.settings.llm_claim_coverage), max_passages=self.settings.llm_passages, timeout_s=self.settings.llm_timeout_s,
            )
        answerer = self._answerer_override or answerer
        return _Loaded(stamp=stamp, lexical=lexical, retriever=retriever, answerer=answerer, extractive=extractive)

    @contextmanager
    def _index(self) -> Iterator[_Loaded]:
        """The loaded index for one question, (re)built first when an ingest has published.

        Loading is lazy so that `erbm ingest` never pays for a lexical index it does not
        use; the bundle is swapped whole so a question never mixes two versions.
        """
        while True:
            with self._gate:
                while self._reloading:
                    self._gate.wait()
                self._readers += 1
            try:
                stamp, loaded = self._stamp(), self._loaded
            except BaseException:
                self._leave()
                raise
            if loaded is not None and loaded.stamp == stamp:
                break
            self._leave()
            self._reload(stamp)
        try:
            yield loaded
        finally:
            self._leave()

    def _leave(self) -> None:
        with self._gate:
            self._readers -= 1
            self._gate.notify_all()

    def _reload(self, stamp: str | None) -> None:
        with self._gate:
            while self._reloading:
                self._gate.wait()
            if self._loaded is not None and self._loaded.stamp == stamp:
                return  # another thread did it
            self._reloading = True
            while self._readers:
                self._gate.wait()
        try:
            if self._loaded is not None and not self._own_ingests:
                # Another process wrote: an embedded Chroma client keeps the vector index it
                # loaded first and would never see the new chunks. (This process's own
                # ingests write through this client, which stays current.)
                self.store.reopen()
            self._loaded = self._load(stamp)
        finally:
            with self._gate:
                self._reloading = False
                self._gate.notify_all()

    def _current(self) -> _Loaded:
        with self._index() as loaded:
            return loaded

    @property
    def lexical(self) -> LexicalIndex:
        return self._current().lexical

    @property
    def retriever(self) -> HybridRetriever:
        return self._current().retriever

    def ingest(self, paths: list[Path] | None = None, *, progress: bool = False) -> IngestReport:
        ingestor = Ingestor(self.settings, self.store, progress=progress)
        with ingest_lock(self.settings.data_dir):
            with self._gate:
                self._own_ingests += 1
            try:
                report = ingestor.ingest(paths or self.settings.ingest_roots())
                if self._loaded is not None:
                    # Reload here, while this ingest still counts as ours (no reopen needed).
                    self._reload(self.store.catalog.stamp())
                return report
            finally:
                with self._gate:
                    self._own_ingests -= 1

    def add_documents(self, uploads: list[tuple[Path, str]], *, progress: bool = False) -> IngestReport:
        """Store uploaded files (temporary path, name given by the user) and index them.

        A refused or unreadable file is reported and removed from the upload folder; what
        was indexed before is never touched.
        """
        refused: list[FileReport] = []
        stored: set[str] = set()
        for source, name in uploads:
            try:
                stored.add(str(store_upload(source, name, self.settings.upload_dir, max_bytes=self.settings.max_upload_bytes).resolve()))
            except UploadRefused as exc:
                refused.append(FileReport(path=name, status=FileStatus.FAILED, reason=exc.reason))
            except OSError as exc:
                refused.append(FileReport(path=name, status=FileStatus.FAILED, reason=messages.UNREADABLE.format(detail=exc.strerror)))
        report = self.ingest([self.settings.upload_dir], progress=progress) if stored else IngestReport()
        for f in report.files:
            if f.status in (FileStatus.FAILED, FileStatus.DUPLICATE) and f.path in stored:
                Path(f.path).unlink(missing_ok=True)
        report.files = [f for f in report.files if f.path in stored] + refused
        return report

    def status(self) -> IndexStatus:
        loaded = self._current()
        return IndexStatus(
            documents=len({c.doc_id for c in loaded.lexical.chunks}),
            passages=len(loaded.lexical),
            # The stamp is an ISO time to the microsecond; people read it to the second.
            last_update=loaded.stamp[:19].replace("T", " ") if loaded.stamp else None,
            collection=self.store.collection_name,
            ocr_available=self._ocr is not None and self._ocr.available(),
        )

    def documents(self) -> list[tuple[str, str]]:
        """(file name, title) of every indexed document, by title."""
        docs = {c.file_name: c.title for c in self.lexical.chunks}
        return sorted(docs.items(), key=lambda kv: kv[1].lower())

    def missing_official(self) -> list[Source]:
        """Documents the corpus manifests list with a download address that are not indexed."""
        indexed = {name for name, _ in self.documents()}
        return [
            source
            for folder in self.settings.corpus_dirs
            for source in load_manifest(folder).values()
            if source.url and source.file not in indexed
        ]

    def reference(self, chunk: Chunk) -> str:
        return self.citations.reference(chunk)

    def axes(self) -> list[int]:
        return sorted({c.axis for c in self.lexical.chunks if c.axis is not None})

    def examples(self) -> list[ExampleGroup]:
        """Example questions this index answers, per kind of user; computed once per index
        version (the web app calls it in the background when it starts)."""
        with self._examples_lock, self._index() as loaded:
            if self._examples is None or self._examples[0] != loaded.stamp:
                picker = ExamplePicker(
                    lambda q: self._answer(loaded, q, loaded.extractive),
                    load_candidates(self.settings.examples_file),
                    PromptSet.load(self.settings.prompts_dir / "examples.toml"),
                )
                self._examples = (loaded.stamp, picker.pick(loaded.lexical.chunks))
            return self._examples[1]

    # -- questions -----------------------------------------------------------

    def _evidence(self, loaded: _Loaded, question: str, filters: Filters | None) -> tuple[list[Passage], Evidence]:
        passages = loaded.retriever.retrieve(question, filters, k=_RETURNED_PASSAGES)
        return passages, self.judge.judge(question, loaded.lexical.query_terms(question), passages, loaded.lexical)

    def _answer(self, loaded: _Loaded, question: str, answerer: Answerer) -> Answer:
        passages, evidence = self._evidence(loaded, question, None)
        return final_answer(answerer.stream(question, passages, evidence))

    def ask(self, question: str, filters: Filters | None = None, history: list[Turn] | None = None) -> Answer:
        return final_answer(self.ask_stream(question, filters, history))

    def ask_stream(
        self, question: str, filters: Filters | None = None, history: list[Turn] | None = None
    ) -> Iterator[str | Answer]:
        """Text pieces as a language model writes them (none in extractive mode), then the
        checked Answer. A follow-up is first rewritten into a standalone question."""
        question = (question or "").strip()
        if not question:
            yield Answer(question="", text=messages.EMPTY_QUESTION, abstained=True, error="empty_question")
            return
        if len(question) > self.settings.max_question_chars:
            text = messages.QUESTION_TOO_LONG.format(length=len(question), limit=self.settings.max_question_chars)
            yield Answer(question=question[:200], text=text, abstained=True, error="question_too_long")
            return
        standalone = self.condenser.rewrite(question, history or [])
        # The index is held for retrieval only: a slow model must not hold up a reload.
        with self._index() as loaded:
            if not len(loaded.lexical):
                yield Answer(question=question, text=messages.EMPTY_INDEX, abstained=True, error="empty_index")
                return
            passages, evidence = self._evidence(loaded, standalone, filters)
        for event in loaded.answerer.stream(standalone, passages, evidence):
            if isinstance(event, Answer):
                rewritten = standalone if standalone != question else None
                event = event.model_copy(update={"question": question, "rewritten_question": rewritten})
            yield event


@dataclass(frozen=True)
class _Loaded:
    stamp: str | None
    lexical: LexicalIndex
    retriever: HybridRetriever
    answerer: Answerer
    # Examples are checked with the extractive answer: the decision to answer is the same,
    # and a language model would take a minute per example.
    extractive: Answerer
