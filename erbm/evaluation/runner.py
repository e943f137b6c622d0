"""Runs an evaluation in a fresh temporary data directory (never the user's index)."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Protocol

from erbm.evaluation.metrics import GROUNDING_METRICS, EvalReport, Tally
from erbm.evaluation.questions import Question, load_questions
from erbm.models import Answer
from erbm.settings import Settings

METRICS = [
    "hit@1", "hit@3", "hit@5", "mrr@10", "structure_accuracy", "gold_passage_structure", "page_accuracy",
    "abstention_rate", "false_abstention_rate", "verbatim_quote_rate", "answer_gold_rate", "ask_p50_ms", "ask_p95_ms",
    "n_questions",
]
TARGETS = {
    "hit@1": ">= 0.90", "hit@5": ">= 0.97", "mrr@10": ">= 0.93", "structure_accuracy": "= 1.0",
    "page_accuracy": "= 1.0", "abstention_rate": ">= 0.9", "false_abstention_rate": "<= 0.03",
    "verbatim_quote_rate": "= 1.0", "ask_p95_ms": "<= 50",
}


class Asker(Protocol):
    def ask(self, question: str) -> Answer: ...


def evaluate(asker: Asker, questions: list[Question]) -> EvalReport:
    if questions:
        asker.ask(questions[0].question)  # warm caches: latency is measured once warm
    tally = Tally()
    for q in questions:
        start = time.perf_counter()
        answer = asker.ask(q.question)
        tally.add(q, answer, (time.perf_counter() - start) * 1000)
    metrics: dict[str, float | int | None] = dict(tally.summary())
    if tally.generated:
        metrics.update(tally.grounding_summary())
    return EvalReport(metrics=metrics, details=tally.details)


def run_eval(corpora: list[Path], questions_file: Path, *, baseline: bool, base: Settings | None = None) -> EvalReport:
    from erbm.assistant.facade import Assistant

    questions = load_questions(questions_file)
    base = base or Settings()
    with tempfile.TemporaryDirectory(prefix="erbm-eval-") as tmp:
        settings = base.model_copy(update={"data_dir": Path(tmp), "corpus_dirs": corpora})
        assistant = Assistant(settings)
        start = time.perf_counter()
        report = assistant.ingest(corpora)
        ingest_s = time.perf_counter() - start
        result = evaluate(assistant, questions).model_copy(
            update={
                "ingest_s": round(ingest_s, 2),
                "documents": report.documents,
                "chunks": report.chunks,
                "settings": {
                    "embedder": settings.embedder,
                    "collection": settings.collection_name(),
                    "answerer": settings.answerer,
                    "llm_model": settings.llm_model if settings.answerer == "llm" else None,
                },
            }
        )
    result = result.model_copy(update={"questions_file": str(questions_file), "corpora": [str(c) for c in corpora]})
    if baseline:
        from erbm.evaluation.baseline import TutorialBaseline

        result = result.model_copy(update={"baseline": evaluate(TutorialBaseline(corpora), questions)})
    return result


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)


def _ratio(ours: object, theirs: object) -> str:
    if isinstance(ours, int | float) and isinstance(theirs, int | float) and theirs:
        return f"×{ours / theirs:.2f}"
    return "—"


def rows(result: EvalReport) -> list[list[str]]:
    base = result.baseline
    out = []
    extra = [m for m in GROUNDING_METRICS if m in result.metrics]
    for m in METRICS + extra:
        row = [m, _fmt(result.get(m)), TARGETS.get(m, "")]
        if base is not None:
            row += [_fmt(base.get(m)), _ratio(result.get(m), base.get(m))]
        out.append(row)
    return out


def to_markdown(result: EvalReport) -> str:
    header = ["metric", "erbm", "target"] + (["tutorial baseline", "ratio"] if result.baseline is not None else [])
    lines = [
        f"# Evaluation — {Path(str(result.questions_file)).name}",
        "",
        f"Corpora: {', '.join(result.corpora or [])} — {result.documents} documents, "
        f"{result.chunks} passages, ingest {result.ingest_s} s.",
        "",
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows(result)]
    lines += ["", "## Per question", "", "| id | answerable | abstained | first hit rank | confidence |", "| --- | --- | --- | --- | --- |"]
    for d in result.details:
        lines.append(f"| {d.id} | {d.answerable} | {d.abstained} | {_fmt(d.first_hit_rank)} | {d.confidence} |")
    return "\n".join(lines) + "\n"


def write(result: EvalReport, json_out: Path | None, md_out: Path | None) -> None:
    for path in (json_out, md_out):
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
    if json_out:
        json_out.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if md_out:
        md_out.write_text(to_markdown(result), encoding="utf-8")
