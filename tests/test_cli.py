"""The `erbm` command end to end, in a subprocess, on the real shared corpus."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ERBM_CORPUS, TEST_REFERENTIEL

ERBM = [sys.executable, "-m", "erbm"]


def run(args: list[str], data_dir: Path, timeout: float = 300, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ERBM_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", **extra}
    return subprocess.run([*ERBM, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False)


def test_ingest_then_ask(tmp_path: Path) -> None:
    data = tmp_path / "data"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "vide.pdf").write_bytes(b"")
    first = run(["ingest", "--quiet", str(ERBM_CORPUS), str(TEST_REFERENTIEL), str(bad)], data)
    assert first.returncode == 0, first.stderr
    assert "Documents indexés : 6" in first.stdout
    assert "vide.pdf" in first.stderr and "fichier vide" in first.stderr

    strict = run(["ingest", "--quiet", "--strict", str(ERBM_CORPUS), str(TEST_REFERENTIEL), str(bad)], data)
    assert strict.returncode == 1
    assert "inchangés : 6" in strict.stdout

    text = run(["ask", "Pendant combien d'hivers faut-il mesurer les consommations après livraison ?"], data)
    assert text.returncode == 0, text.stderr
    assert "deux hivers" in text.stdout
    assert "Axe 1 « Performance énergétique » — Préconisation 1.2 « Vérifier la performance réelle » — p. 2" in text.stdout

    as_json = run(["ask", "--json", "Quelle part des heures de travaux doit être réservée à l'insertion ?"], data)
    payload = json.loads(as_json.stdout)
    assert payload["abstained"] is False
    assert any(c["recommendation"] == "4.1" and c["page_start"] == 5 for c in payload["citations"])

    out = run(["ask", "--json", "Quel est le montant de la taxe foncière 2024 à Lens ?"], data)
    assert json.loads(out.stdout)["abstained"] is True

    empty = run(["ask", ""], data)
    assert empty.returncode == 2 and "Veuillez saisir une question" in empty.stdout
    assert "Traceback" not in empty.stderr


def test_help_lists_the_commands(tmp_path: Path) -> None:
    out = run(["--help"], tmp_path)
    for command in ("ingest", "ask", "serve", "status", "fetch"):
        assert command in out.stdout


def test_a_language_model_configured_wrongly_stops_questions_not_ingest(tmp_path: Path) -> None:
    # ERBM_LLM_MODEL is not set: indexing needs no model and works; a question gets the
    # clear message and exit code 2, never a stack trace.
    wrong = {"ERBM_ANSWERER": "llm", "ERBM_LLM_MODEL": ""}
    note = Path(__file__).resolve().parents[1] / "corpus" / "erbm-reperes.md"
    ingest = run(["ingest", "--quiet", str(note)], tmp_path / "data", **wrong)
    assert ingest.returncode == 0, ingest.stderr
    assert "Documents indexés : 1" in ingest.stdout
    ask = run(["ask", "Quand l'engagement a-t-il été signé ?"], tmp_path / "data", **wrong)
    assert ask.returncode == 2
    assert "Modèle de langue mal configuré" in ask.stderr and "Traceback" not in ask.stderr
