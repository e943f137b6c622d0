import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEV_QUESTIONS, TEST_REFERENTIEL


def test_erbm_eval_writes_json_and_markdown_with_baseline(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [r for r in rows if r["id"] in {"d16", "d17", "d19", "d21"}]
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in chosen) + "\n", encoding="utf-8")
    out_json, out_md = tmp_path / "eval.json", tmp_path / "eval.md"
    done = subprocess.run(
        [sys.executable, "-m", "erbm", "eval", "--corpus", str(TEST_REFERENTIEL), "--questions", str(questions),
         "--json", str(out_json), "--markdown", str(out_md), "--baseline"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out_json.read_text(encoding="utf-8"))
    keys = ["hit@1", "hit@3", "hit@5", "mrr@10", "structure_accuracy", "page_accuracy", "abstention_rate",
            "false_abstention_rate", "verbatim_quote_rate", "ask_p50_ms", "ask_p95_ms", "n_questions"]
    for key in keys:
        assert key in result and key in result["baseline"]
    assert result["n_questions"] == 4
    assert result["structure_accuracy"] == 1.0 and result["page_accuracy"] == 1.0
    assert result["hit@5"] == 1.0
    assert result["baseline"]["structure_accuracy"] == 0.0  # the tutorial pipeline knows no structure
    assert "| mrr@10 |" in out_md.read_text(encoding="utf-8")


def test_erbm_eval_with_an_unreachable_llm_counts_provider_errors_and_fallbacks(tmp_path: Path) -> None:
    import os

    from tests.support import free_port

    rows = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [r for r in rows if r["id"] in {"d16", "d17"}]
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in chosen) + "\n", encoding="utf-8")
    out_json = tmp_path / "eval.json"
    env = {**os.environ, "ERBM_LLM_BASE_URL": f"http://127.0.0.1:{free_port()}/v1", "ERBM_LLM_MODEL": "absent"}
    done = subprocess.run(
        [sys.executable, "-m", "erbm", "eval", "--answerer", "llm", "--corpus", str(TEST_REFERENTIEL),
         "--questions", str(questions), "--json", str(out_json)],
        capture_output=True, text=True, timeout=600, check=False, env=env,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out_json.read_text(encoding="utf-8"))
    # Warm-up question included: every answer went to the (absent) model and fell back.
    assert result["llm_provider_errors"] == result["llm_answers_checked"] == result["llm_fallbacks"] >= 2
    assert result["llm_removed_sentences"] == 0
    assert result["structure_accuracy"] == 1.0  # the extractive fallback still cites correctly
    assert "llm_fallbacks" in done.stdout
