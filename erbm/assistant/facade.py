"""The one facade the CLI and the web app use."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings

from erbm import messages
from erbm.assistant.answerers import Answerer, ExtractiveAnswerer
from erbm.assistant.citations import CitationFormatter
from erbm.assistant.evidence import EvidenceJudge
from erbm.assistant.retrieval import HybridRetriever
from erbm.embeddings import make_embeddings
from erbm.index.lexical import LexicalIndex
from erbm.index.store import ChunkStore
from erbm.ingest.lock import ingest_lock
from erbm.ingest.pipeline import Ingestor
from erbm.ingest.state import read_state
from erbm.models import Answer, Chunk, Filters, IndexStatus, IngestReport
from erbm.prompts import PromptSet
from erbm.settings import Settings

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
    ) -> None:
        self.settings = settings or Settings()
        self.embeddings = embeddings or make_embeddings(self.settings)
        self.store = store or ChunkStore(self.settings, self.embeddings)
        self._answerer_override = answerer
        self.prompts = PromptSet.load(self.settings.prompts_dir / "extractive.toml")
        self.citations = CitationFormatter(PromptSet.load(self.settings.prompts_dir / "citation.toml"))
        reference = self.settings.dense_reference
        if reference is None:
            reference = getattr(self.embeddings, "similarity_reference", None)
        self.judge = EvidenceJudge(
            min_evidence=self.settings.min_evidence,
            dense_reference=reference or 0.0,
            dense_gain=self.settings.dense_gain if reference is not None else 0.0,
        )
        self._lock = threading.Lock()
        self._loaded_stamp: str | None = None
        self._load()

    # -- index ---------------------------------------------------------------

    def _stamp(self) -> str | None:
        return read_state(self.settings.data_dir).get(self.store.collection_name)

    def _load(self) -> None:
        """(Re)build the lexical index and the retriever from what Chroma holds."""
        stamp = self._stamp()
        self.lexical = LexicalIndex(self.store.all_chunks())
        self.retriever = HybridRetriever(
            self.store,
            self.lexical,
            candidates=self.settings.candidates,
            rrf_k=self.settings.rrf_k,
            weights=(self.settings.dense_weight, self.settings.lexical_weight),
        )
        self.answerer: Answerer = self._answerer_override or ExtractiveAnswerer(
            self.prompts, self.citations, self.lexical, max_sentences=self.settings.answer_max_sentences
        )
        self._loaded_stamp = stamp

    def refresh(self) -> None:
        """Pick up an ingest made by another process (the stamp in state.json changed)."""
        if self._stamp() != self._loaded_stamp:
            with self._lock:
                if self._stamp() != self._loaded_stamp:
                    self._load()

    def ingest(self, paths: list[Path] | None = None, *, progress: bool = False) -> IngestReport:
        ingestor = Ingestor(self.settings, self.store, progress=progress)
        with ingest_lock(self.settings.data_dir):
            report = ingestor.ingest(paths or list(self.settings.corpus_dirs))
        self.refresh()
        return report

    def status(self) -> IndexStatus:
        return IndexStatus(
            documents=len({c.doc_id for c in self.lexical.chunks}),
            passages=len(self.lexical),
            last_update=self._loaded_stamp,
            collection=self.store.collection_name,
        )

    def documents(self) -> list[tuple[str, str]]:
        """(file name, title) of every indexed document, by title."""
        docs = {c.file_name: c.title for c in self.lexical.chunks}
        return sorted(docs.items(), key=lambda kv: kv[1].lower())

    def reference(self, chunk: Chunk) -> str:
        return self.citations.reference(chunk)

    def axes(self) -> list[int]:
        return sorted({c.axis for c in self.lexical.chunks if c.axis is not None})

    # -- questions -----------------------------------------------------------

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        question = (question or "").strip()
        if not question:
            return Answer(question="", text=messages.EMPTY_QUESTION, abstained=True, error="empty_question")
        if len(question) > self.settings.max_question_chars:
            text = messages.QUESTION_TOO_LONG.format(length=len(question), limit=self.settings.max_question_chars)
            return Answer(question=question[:200], text=text, abstained=True, error="question_too_long")
        self.refresh()
        if not len(self.lexical):
            return Answer(question=question, text=messages.EMPTY_INDEX, abstained=True, error="empty_index")
        passages = self.retriever.retrieve(question, filters, k=_RETURNED_PASSAGES)
        evidence = self.judge.judge(question, self.lexical.query_terms(question), passages, self.lexical)
        return self.answerer.answer(question, passages, evidence)
