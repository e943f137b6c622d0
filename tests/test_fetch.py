"""`erbm fetch` against a real HTTP server on 127.0.0.1."""

import hashlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from erbm import messages
from erbm.fetch import LOCK_NAME, fetch_all
from tests.conftest import REFERENTIEL_PDF


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "www"
    root.mkdir()
    (root / "doc.pdf").write_bytes(b"%PDF-1.4 contenu")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_downloads_checks_and_never_leaves_a_partial_file(tmp_path: Path, served: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good_sha = hashlib.sha256(b"%PDF-1.4 contenu").hexdigest()
    (corpus / "sources.toml").write_text(
        f'[[source]]\nfile = "ok.pdf"\nurl = "{served}/doc.pdf"\nsha256 = "{good_sha}"\n\n'
        f'[[source]]\nfile = "absent.pdf"\nurl = "{served}/missing.pdf"\n\n'
        f'[[source]]\nfile = "faux.pdf"\nurl = "{served}/doc.pdf"\nsha256 = "{"0" * 64}"\n\n'
        '[[source]]\nfile = "sans-adresse.md"\n',
        encoding="utf-8",
    )
    results = {r.file: r for r in fetch_all(corpus / "sources.toml")}
    assert results["ok.pdf"].ok
    assert not results["absent.pdf"].ok and not results["faux.pdf"].ok and not results["sans-adresse.md"].ok
    assert "somme de contrôle" in results["faux.pdf"].detail
    assert sorted(p.name for p in corpus.iterdir()) == sorted(["ok.pdf", "sources.toml", LOCK_NAME])
    lock = json.loads((corpus / LOCK_NAME).read_text(encoding="utf-8"))
    assert lock["ok.pdf"]["sha256"] == good_sha


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "erbm", *args], capture_output=True, text=True, env=env, timeout=600)


def _corpus(tmp_path: Path, manifest: str) -> tuple[Path, dict[str, str]]:
    """A corpus folder with this manifest, and the environment that points erbm at it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sources.toml").write_text(manifest, encoding="utf-8")
    env = {**os.environ, "ERBM_DATA_DIR": str(tmp_path / "data"), "ERBM_CORPUS_DIRS": json.dumps([str(corpus)])}
    return corpus, env


def test_make_runs_fetch_step_downloads_once_then_the_index_holds_the_document(tmp_path: Path, served: str) -> None:
    """The Makefile's fetch step (erbm fetch --best-effort --timeout 20) against a local
    server standing in for the publishers, then the ingest; a second run downloads nothing."""
    shutil.copy(REFERENTIEL_PDF, tmp_path / "www" / "referentiel.pdf")
    corpus, env = _corpus(
        tmp_path, f'[[source]]\nfile = "referentiel.pdf"\ntitle = "Référentiel officiel"\nurl = "{served}/referentiel.pdf"\n'
    )
    missing = _cli("status", env=env)
    assert "Documents officiels absents de l'index : « Référentiel officiel »" in missing.stdout
    first = _cli("fetch", "--best-effort", "--timeout", "20", env=env)
    assert first.returncode == 0 and "ok referentiel.pdf (sha256" in first.stdout
    stamp = (corpus / "referentiel.pdf").stat().st_mtime_ns
    assert _cli("ingest", env=env).returncode == 0
    status = _cli("status", env=env)
    assert "Référentiel officiel (referentiel.pdf)" in status.stdout and "absents" not in status.stdout
    second = _cli("fetch", "--best-effort", "--timeout", "20", env=env)
    assert second.returncode == 0 and "déjà présent" in second.stdout
    assert (corpus / "referentiel.pdf").stat().st_mtime_ns == stamp


def test_offline_fetch_says_so_in_one_line_and_lets_make_run_go_on(tmp_path: Path) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: connection refused, as with no network
    corpus, env = _corpus(
        tmp_path, f'[[source]]\nfile = "a.pdf"\nurl = "http://127.0.0.1:{port}/a.pdf"\n\n[[source]]\nfile = "note.md"\n'
    )
    result = _cli("fetch", "--best-effort", "--timeout", "5", env=env)
    assert result.returncode == 0
    assert result.stderr.strip() == messages.FETCH_OFFLINE
    assert _cli("fetch", "--timeout", "5", env=env).returncode == 1
    assert sorted(p.name for p in corpus.iterdir()) == sorted(["sources.toml", LOCK_NAME])
