"""`erbm fetch` against a real HTTP server on 127.0.0.1."""

import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from erbm.fetch import LOCK_NAME, fetch_all


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
