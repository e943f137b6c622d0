"""The one facade the CLI and the web app use."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings
from threadpoolctl import threadpool_limits

from erbm import messages
from erbm.assistant.answer_type import AnswerTypes
from erbm.assistant.answerers import Answerer, ExtractiveAnswerer, GenerativeAnswerer, final_answer
from erbm.assistant.chat_models import ChatModelUnavailable, make_chat_model
from erbm.assistant.citations import CitationFormatter
from erbm.assistant.claims import ClaimChecker
from erbm.assistant.evidence import Evidence, EvidenceJudge
from erbm.assistant.examples import ExampleGroup, ExamplePicker, load_candidates
from erbm.assistant.followup import Condenser, HeuristicCondenser, LlmCondenser
from erbm.assistant.fusion import Fusion
from erbm.assistant.query import Query
from erbm.assistant.retrieval import HybridRetriever, searched_source
from erbm.assistant.verifier import ClaimVerifier
from erbm.embeddings import make_embeddings
from erbm.index.access import StoreAccess
from erbm.index.gate import IndexGate, LoadedIndex
from erbm.index.sentences import SentenceVectors
from erbm.index.store import ChunkStore
from erbm.ingest.lock import IngestBusy, ingest_lock
from erbm.ingest.manifest import Source, load_manifest
from erbm.ingest.ocr import TesseractOcr
from erbm.ingest.pipeline import Ingestor
from erbm.models import (
    Answer,
    Chunk,
    DocumentRef,
    FileReport,
    FileStatus,
    Filters,
    IndexStatus,
    IngestReport,
    Passage,
    Turn,
)
from erbm.pages.sources import SourcePages
from erbm.parsing import make_parser
from erbm.prompts import PromptSet
from erbm.settings import Settings
from erbm.uploads import UploadRefused, store_upload

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

# The errors the entry points turn into messages and exit codes.
__all__ = ["Assistant", "ChatModelUnavailable", "IngestBusy"]

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
        """`chat_model` (or settings.answerer = "llm") turns on generative answers. The answering
        stack is built on the first question: `erbm ingest`, `status` and `fetch` never build a
        language model, so a wrong model setting cannot stop them."""
        self.settings = settings or Settings()
        # One BLAS thread: the searches' matrix products are small, and OpenBLAS's threads spin
        # after each one, taking the cores e5 needs for the next query (1,000 pages, 2 cores:
        # e5 query 27-32 ms -> 13.5 ms, `ask` p95 94-103 ms -> 23-30 ms; README).
        threadpool_limits(limits=1, user_api="blas")
        self.embeddings = embeddings or make_embeddings(self.settings)
        self.store = store or ChunkStore(self.settings, self.embeddings)
        self.citations = CitationFormatter(PromptSet.load(self.settings.prompts_dir / "citation.toml"))
        self._ocr = TesseractOcr.configured(self.settings)
        self._answerer_override = answerer
        self._chat_model_given = chat_model
        self.sentences = (
            SentenceVectors(self.settings.sentence_dir, self.embeddings, batch_size=self.settings.embed_batch_size)
            if self.settings.sentence_vectors
            else None
        )
        self.numbers = make_parser(self.settings)
        self._access = StoreAccess.for_settings(self.settings)
        self._index = IndexGate(self.store, self._access, self.sentences)
        # Pages are found through the catalog the cited chunks were loaded with.
        self.pages = SourcePages(self.settings, lambda: self._index.current().catalog)
        self._build_lock = threading.Lock()
        self._answering: _Answering | None = None
        self._examples_lock = threading.Lock()
        self._examples: tuple[str | None, list[ExampleGroup]] | None = None

    # -- answering stack (built on first use) ------------------------------------

    @cached_property
    def chat_model(self) -> BaseChatModel | None:
        """The configured language model, or None in extractive mode. Raises
        ChatModelUnavailable when it is configured wrongly."""
        if self._chat_model_given is None and self.settings.answerer == "llm":
            return make_chat_model(self.settings)
        return self._chat_model_given

    @cached_property
    def _stack(self) -> _Stack:
        settings = self.settings
        chat_model = self.chat_model
        llm_prompts = PromptSet.load(settings.prompts_dir / "llm.toml")
        heuristic = HeuristicCondenser(PromptSet.load(settings.prompts_dir / "conversation.toml"))
        reference = settings.dense_reference
        if reference is None:
            reference = getattr(self.embeddings, "similarity_reference", None)
        return _Stack(
            prompts=PromptSet.load(settings.prompts_dir / "extractive.toml"),
            llm_prompts=llm_prompts,
            condenser=LlmCondenser(chat_model, llm_prompts, heuristic) if chat_model is not None else heuristic,
            judge=EvidenceJudge(
                min_evidence=settings.min_evidence,
                dense_reference=reference or 0.0,
                dense_gain=settings.dense_gain if reference is not None else 0.0,
            ),
            answer_types=AnswerTypes.load() if settings.answer_type_check else None,
        )

    @property
    def fusion(self) -> Fusion:
        """The configured fusion of the four rankings (erbm/assistant/retrieval.py)."""
        s = self.settings
        return Fusion(
            weights=(s.dense_weight, s.lexical_weight, s.proximity_weight, s.sentence_weight),
            rrf_k=s.rrf_k,
            candidates=s.candidates,
            proximity_depth=s.proximity_depth,
        )

    def _answering_for(self, loaded: LoadedIndex) -> _Answering:
        """Retriever and answerers over one loaded index, built once per index version."""
        with self._build_lock:
            if self._answering is None or self._answering.loaded is not loaded:
                self._answering = self._build(loaded)
            return self._answering

    def _build(self, loaded: LoadedIndex) -> _Answering:
        stack, settings = self._stack, self.settings
        retriever = HybridRetriever(self.embeddings, loaded, fusion=self.fusion)
        extractive = ExtractiveAnswerer(stack.prompts, self.citations, max_sentences=settings.answer_max_sentences)
        answerer: Answerer = extractive
        if self.chat_model is not None:
            answerer = GenerativeAnswerer(
                self.chat_model, stack.llm_prompts, self.citations, extractive,
                claims=ClaimChecker(settings.llm_claim_coverage), max_passages=settings.llm_passages, timeout_s=settings.llm_timeout_s,
                verifier=ClaimVerifier(self.chat_model, stack.llm_prompts) if settings.llm_verify else None,
            )
        return _Answering(
            loaded=loaded, retriever=retriever, answerer=self._answerer_override or answerer, extractive=extractive
        )

    def _query(self, loaded: LoadedIndex, question: str) -> Query:
        return Query(question, loaded.lexical, self._stack.answer_types)

    # -- index ---------------------------------------------------------------

    def ingest(self, paths: list[Path] | None = None, *, progress: bool = False) -> IngestReport:
        ingestor = Ingestor(self.settings, self.store, sentences=self.sentences, numbers=self.numbers, progress=progress)
        with ingest_lock(self.settings.data_dir), self._access.writing():
            try:
                return ingestor.ingest(paths or self.settings.ingest_roots())
            finally:
                # Closing the client writes what it still holds: the store is whole on disk
                # before another process may read it. Questions reload on the next stamp.
                self.store.reopen()

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
        loaded = self._index.current()
        return IndexStatus(
            documents=len({c.doc_id for c in loaded.lexical.chunks}),
            passages=len(loaded.lexical),
            # The stamp is an ISO time to the microsecond; people read it to the second.
            last_update=loaded.stamp[:19].replace("T", " ") if loaded.stamp else None,
            collection=self.store.collection_name,
            ocr_available=self._ocr is not None and self._ocr.available(),
        )

    def documents(self) -> list[DocumentRef]:
        """Every indexed document, by title."""
        docs = {c.file_name: c.title for c in self._index.current().lexical.chunks}
        return sorted((DocumentRef(file_name=f, title=t) for f, t in docs.items()), key=lambda d: d.title.lower())

    def missing_official(self) -> list[Source]:
        """Documents the corpus manifests list with a download address that are not indexed."""
        indexed = {d.file_name for d in self.documents()}
        return [
            source
            for folder in self.settings.corpus_dirs
            for source in load_manifest(folder).values()
            if source.url and source.file not in indexed
        ]

    def chunks(self) -> list[Chunk]:
        """Every passage of the current index."""
        return self._index.current().lexical.chunks

    def reference(self, chunk: Chunk) -> str:
        return self.citations.reference(chunk)

    def axes(self) -> list[int]:
        return sorted({c.axis for c in self._index.current().lexical.chunks if c.axis is not None})

    def examples(self) -> list[ExampleGroup]:
        """Example questions this index answers, per kind of user; computed once per index
        version (the web app calls it in the background when it starts)."""
        with self._examples_lock:
            loaded = self._index.current()
            if self._examples is None or self._examples[0] != loaded.stamp:
                answering = self._answering_for(loaded)
                picker = ExamplePicker(
                    lambda q: self._answer(loaded, q, answering.extractive),
                    load_candidates(self.settings.examples_file),
                    PromptSet.load(self.settings.prompts_dir / "examples.toml"),
                )
                self._examples = (loaded.stamp, picker.pick(loaded.lexical.chunks))
            return self._examples[1]

    # -- questions -----------------------------------------------------------

    def search(self, question: str, filters: Filters | None = None, k: int = _RETURNED_PASSAGES) -> list[Passage]:
        """The passages retrieval ranks first, without an answer (evaluation, benchmarks)."""
        loaded = self._index.current()
        return self._answering_for(loaded).retriever.retrieve(self._query(loaded, question), filters, k)

    def search_each(self, question: str, fusions: list[Fusion], k: int = _RETURNED_PASSAGES) -> list[list[Passage]]:
        """The passages each fusion ranks first, from one retrieval (the evaluation's grid)."""
        loaded = self._index.current()
        retriever = self._answering_for(loaded).retriever
        query = self._query(loaded, question)
        rankings = retriever.rankings(query, depth=max(f.candidates for f in fusions))
        return [retriever.fuse(query, rankings, fusion, k) for fusion in fusions]

    def _evidence(self, loaded: LoadedIndex, query: Query, filters: Filters | None) -> tuple[list[Passage], Evidence]:
        retriever, judge = self._answering_for(loaded).retriever, self._stack.judge
        passages = retriever.retrieve(query, filters, k=_RETURNED_PASSAGES)
        evidence = judge.judge(query, passages)
        source = searched_source(query, filters)
        if source is None:
            return passages, evidence
        # « Selon la plaquette, … » is searched in the plaquette alone. When a passage of another
        # document holds more of the question than the whole plaquette does, and is closer to it
        # than any of the plaquette's, the plaquette does not say it: the user is told so and
        # shown where the others do, instead of the plaquette's nearest sentences. Either measure
        # alone is wrong on a question of the sets: « délai minimum » is in another document,
        # « ne peut être inférieur à » in the named one; e5 finds the lettre closer than the
        # plaquette's own « 1er Comité de pilotage ».
        everywhere = retriever.retrieve(query, filters, k=_RETURNED_PASSAGES, within_source=False)
        wider = judge.judge(query, everywhere)
        best = wider.best_passage
        if not wider.sufficient or best is None or everywhere[best].chunk.file_name == source.file_name:
            return passages, evidence
        silent = loaded.lexical.missing_from(query.terms, source.file_name)
        holds_more = wider.coverage > query.coverage(frozenset(query.terms) - set(silent))
        closer = (everywhere[best].dense_similarity or 0.0) > evidence.similarity
        if holds_more and closer:
            return everywhere, replace(wider, sufficient=False, rules_passed=False, missing="source")
        return passages, evidence

    def _answer(self, loaded: LoadedIndex, question: str, answerer: Answerer) -> Answer:
        query = self._query(loaded, question)
        passages, evidence = self._evidence(loaded, query, None)
        return final_answer(answerer.stream(query, passages, evidence))

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
        standalone = self._stack.condenser.rewrite(question, history or [])
        loaded = self._index.current()
        if not len(loaded.lexical):
            yield Answer(question=question, text=messages.EMPTY_INDEX, abstained=True, error="empty_index")
            return
        answering = self._answering_for(loaded)
        query = self._query(loaded, standalone)
        passages, evidence = self._evidence(loaded, query, filters)
        for event in answering.answerer.stream(query, passages, evidence):
            if isinstance(event, Answer):
                rewritten = standalone if standalone != question else None
                event = event.model_copy(update={"question": question, "rewritten_question": rewritten})
            yield event


@dataclass(frozen=True)
class _Stack:
    """What answering needs that does not depend on the index."""

    prompts: PromptSet
    llm_prompts: PromptSet
    condenser: Condenser
    judge: EvidenceJudge
    answer_types: AnswerTypes | None


@dataclass(frozen=True)
class _Answering:
    """Retrieval and answerers over one loaded index."""

    loaded: LoadedIndex
    retriever: HybridRetriever
    answerer: Answerer
    # Examples are checked with the extractive answer: the decision to answer is the same,
    # and a language model would take a minute per example.
    extractive: Answerer
