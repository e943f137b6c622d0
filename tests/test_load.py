"""20 concurrent users, 200 questions, against the real app on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.load import run_load
from tests.conftest import DEV_QUESTIONS, ERBM_CORPUS, TEST_REFERENTIEL
from tests.support import running_server

# 20 clients against a real server, and an ingest beside it: in `make test`, not in the quick lane
# `pytest -m "not slow"`.
pytestmark = pytest.mark.slow


def test_twenty_clients_two_hundred_questions(tmp_path: Path, artefacts_dir: Path) -> None:
    env = {**os.environ, "ERBM_DATA_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "erbm", "ingest", "--quiet", str(ERBM_CORPUS), str(TEST_REFERENTIEL)],
        env=env, check=True, capture_output=True, timeout=600,
    )
    rows = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [r["question"] for r in rows if r["answerable"]]
    with running_server(tmp_path) as (url, _):
        result = run_load(url, questions, clients=20, total=200, request_timeout_s=60, deadline_s=600)
    summary = result.summary()
    (artefacts_dir / "load.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert result.errors == []
    assert result.answered == 200
    # Answerable questions only: every answer carries at least one full citation.
    assert result.cited == result.answered, summary


def test_app_keeps_answering_while_an_ingest_runs(tmp_path: Path) -> None:
    env = {**os.environ, "ERBM_DATA_DIR": str(tmp_path)}
    ingest = [sys.executable, "-m", "erbm", "ingest", "--quiet"]
    subprocess.run([*ingest, str(TEST_REFERENTIEL)], env=env, check=True, capture_output=True, timeout=600)
    question = "Quelle part des heures de travaux doit être réservée à l'insertion ?"
    with running_server(tmp_path) as (url, _):
        running = subprocess.Popen([*ingest, str(TEST_REFERENTIEL), str(ERBM_CORPUS)], env=env)
        during = run_load(url, [question], clients=2, total=400, request_timeout_s=60, deadline_s=300, stop=running.poll)
        assert running.wait(timeout=600) == 0
        after = run_load(url, ["Quand l'Engagement pour le Renouveau du Bassin Minier a-t-il été signé ?"], clients=1, total=1)
    assert during.answered >= 5 and during.cited == during.answered
    assert during.errors == []
    # Once the ingest has published, the same app answers from the new documents.
    assert after.cited == 1 and after.documents_cited - {"referentiel-test.pdf"}
