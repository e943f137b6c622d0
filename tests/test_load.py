"""20 concurrent users, 200 questions, against the real app on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.load import run_load
from erbm.testing import running_server
from tests.conftest import DEV_QUESTIONS, ERBM_CORPUS, ROOT, TEST_REFERENTIEL

RESULTS = ROOT / "bench" / "results" / "load.json"


def test_twenty_clients_two_hundred_questions(tmp_path: Path) -> None:
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
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert result.errors == []
    assert result.answered == 200
    # Answerable questions only: every answer carries at least one full citation.
    assert result.cited == result.answered, summary
