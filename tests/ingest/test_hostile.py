"""`erbm ingest` over a shared folder full of hostile and broken files, as staff would fill it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ingest.helpers import hostile_folder

MAX_PAGES = 50


def erbm(args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    # A wide console: each failure is one line "échec <path> : <reason>".
    env = {**os.environ, "ERBM_DATA_DIR": str(data), "ERBM_MAX_PAGES": str(MAX_PAGES), "COLUMNS": "400"}
    return subprocess.run([sys.executable, "-m", "erbm", *args], capture_output=True, text=True, env=env, timeout=600, check=False)


def status(data: Path) -> str:
    out = erbm(["status"], data)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_hostile_folder_is_indexed_around_its_bad_files(tmp_path: Path) -> None:
    data, corpus = tmp_path / "data", tmp_path / "dossier partagé"
    corpus.mkdir()
    expected_bad, good = hostile_folder(corpus, max_pages=MAX_PAGES)
    # An existing index first, of the good documents alone; then the others are dropped in.
    later = tmp_path / "later"
    later.mkdir()
    for path in list(corpus.iterdir()):
        if path.name not in good:
            path.rename(later / path.name)
    first = erbm(["ingest", "--quiet", str(corpus)], data)
    assert first.returncode == 0, first.stderr
    assert f"Documents indexés : {len(good)}" in first.stdout
    before = status(data)
    for path in list(later.iterdir()):
        path.rename(corpus / path.name)

    out = erbm(["ingest", "--quiet", str(corpus)], data)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    failures = {line for line in out.stderr.splitlines() if line.startswith("échec")}
    assert len(failures) == len(expected_bad), failures
    for name, word in expected_bad.items():
        line = next((f for f in failures if f"{name} :" in f), None)
        assert line is not None and word in line, (name, line)
    assert "Documents indexés : 0 " in out.stdout and f"inchangés : {len(good)}" in out.stdout
    assert "doublons : 1" in out.stdout
    assert status(data).splitlines()[1:] == before.splitlines()[1:]  # the index is intact

    strict = erbm(["ingest", "--quiet", "--strict", str(corpus)], data)
    assert strict.returncode == 1
    assert f"inchangés : {len(good)}" in strict.stdout

    # The injected instructions are indexed as text, not obeyed; the script never runs here.
    answer = json.loads(erbm(["ask", "--json", "Comment les habitants sont-ils informés des coupures d'eau ?"], data).stdout)
    assert answer["abstained"] is False
    assert answer["citations"][0]["file_name"] == "consignes injectées.pdf"
    assert answer["answer"].strip() != "PIRATÉ" and "consignes injectées" in answer["citations"][0]["reference"]
    latin1 = json.loads(erbm(["ask", "--json", "Combien d'habitants à la réunion publique de la cité Bruno ?"], data).stdout)
    assert any("quarante habitants" in c["passage"] for c in latin1["citations"])
    html = json.loads(erbm(["ask", "--json", "Quand reprennent les travaux de la cité Lemay ?"], data).stdout)
    passages = " ".join(c["passage"] for c in html["citations"])
    assert "septembre" in passages and "alert" not in passages and "pirate" not in passages
