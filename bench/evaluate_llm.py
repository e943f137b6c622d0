"""`make eval-llm`: generative answers from a real local model on every question set.

Per set: answers with at least one kept sentence, removed sentences, fallbacks, abstention
and false abstention, *answer support* (erbm/evaluation/support.py, independent of the
answerer's checks), seconds per answer and tokens per second. The claim threshold
(llm_claim_coverage) is chosen leave-one-set-out from the same runs: each model output is
re-checked offline at every threshold, so one pass of the model serves them all.

python -m bench.evaluate_llm --serve qwen2.5-coder-0.5b [--only dev]   (installs, serves, stops the model)
python -m bench.evaluate_llm --base-url http://127.0.0.1:8081/v1 --model qwen2.5-coder-0.5b   (a server already running)
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from erbm.assistant.claims import ClaimChecker
from erbm.assistant.facade import Assistant
from erbm.assistant.grounding import read_output
from erbm.assistant.verifier import ClaimVerifier
from erbm.evaluation.questions import Question, load_questions
from erbm.evaluation.suite import load_sets
from erbm.evaluation.support import answer_sentences, markers, sentence_supported
from erbm.localmodel import MODELS, install, server_command
from erbm.models import Answer, Passage
from erbm.prompts import PromptSet
from erbm.settings import Settings
from tests.support import free_port, serving

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
# The example: the documents never say how many people live in the cité Lemay.
SPOT = ("dev", "Combien d'habitants compte la cité Lemay à Pecquencourt ?")


@dataclass
class Row:
    question: Question
    answer: Answer
    seconds: float
    given: list[Passage] = field(default_factory=list)
    tokens: int | None = None
    first_token_s: float | None = None

    @property
    def called(self) -> bool:
        """The model was asked (the evidence sufficed), whatever came back."""
        return self.answer.grounding is not None

    @property
    def replayable(self) -> bool:
        return self.answer.grounding is not None and self.answer.grounding.raw is not None


def _tokens(base_url: str, text: str) -> int | None:
    url = base_url.removesuffix("/").removesuffix("/v1") + "/extras/tokenize"
    request = urllib.request.Request(url, json.dumps({"input": text}).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return len(json.load(response)["tokens"])
    except (OSError, KeyError, ValueError):
        return None


def ask(assistant: Assistant, question: Question, base_url: str) -> Row:
    start = time.perf_counter()
    first: float | None = None
    final: Answer | None = None
    for event in assistant.ask_stream(question.question):
        if isinstance(event, str):
            first = first if first is not None else time.perf_counter() - start
        else:
            final = event
    assert final is not None
    row = Row(question, final, time.perf_counter() - start, first_token_s=first)
    if row.replayable:
        # The passages the model was given: the answer's own, cut as the answerer cut them.
        row.given = final.passages[: assistant.settings.llm_passages]
        row.tokens = _tokens(base_url, final.grounding.raw or "")  # type: ignore[union-attr]
    return row


@dataclass(frozen=True)
class Outcome:
    """What the answerer shows for one model output at a given claim threshold."""

    abstained: bool
    fallback: bool = False
    removed: int = 0
    kept: int = 0
    supported: int = 0  # kept sentences whose numbers and names the independent check finds


def outcome(row: Row, threshold: float, sentinel: str, verifier: ClaimVerifier | None = None) -> Outcome:
    """The answerer's own decision rules (answerers/generative.py) replayed on the stored
    output: one run of the model serves every threshold."""
    grounding = row.answer.grounding
    if not row.replayable:
        return Outcome(abstained=row.answer.abstained, fallback=bool(grounding and grounding.fallback))
    raw = grounding.raw or ""  # type: ignore[union-attr]
    # What the answerer's checks read; outputs dumped before it was recorded read the question as typed.
    question = grounding.read_question or row.question.question  # type: ignore[union-attr]
    reading = read_output(raw, row.given, question, sentinel, ClaimChecker(threshold), verifier)
    checked = reading.checked
    if reading.kind == "declined":
        return Outcome(abstained=True)
    if reading.kind != "answer":
        return Outcome(abstained=reading.kind == "unsupported", fallback=reading.kind == "broken", removed=checked.removed)
    by_marker = {m: row.given[i].chunk.text for m, i in enumerate(checked.cited, start=1)}
    kept = supported = 0
    for sentence in answer_sentences(checked.text):
        cited = [by_marker[m] for m in markers(sentence) if m in by_marker]
        if cited:
            kept += 1
            supported += sentence_supported(sentence, cited)
    return Outcome(abstained=False, removed=checked.removed, kept=kept, supported=supported)


def _share(values: list[bool]) -> float | None:
    return round(float(np.mean(values)), 4) if values else None


def summarise(rows: list[Row], threshold: float, sentinel: str, verifier: ClaimVerifier | None = None) -> dict[str, object]:
    called = [r for r in rows if r.called]
    outcomes = [outcome(r, threshold, sentinel, verifier) for r in rows]
    seconds = [r.seconds for r in called]
    rates = [r.tokens / (r.seconds - (r.first_token_s or 0.0)) for r in called if r.tokens and r.seconds > (r.first_token_s or 0)]
    kept = sum(o.kept for o in outcomes)
    return {
        "n_questions": len(rows),
        "model_calls": len(called),
        "answers_with_kept_sentence": _share([o.kept > 0 for o, r in zip(outcomes, rows, strict=True) if r.called]),
        "removed_sentences": sum(o.removed for o in outcomes),
        "fallbacks": sum(o.fallback for o in outcomes),
        "abstention_rate": _share([o.abstained for o, r in zip(outcomes, rows, strict=True) if not r.question.answerable]),
        "false_abstention_rate": _share([o.abstained for o, r in zip(outcomes, rows, strict=True) if r.question.answerable]),
        "kept_sentences": kept,
        "answer_support": round(sum(o.supported for o in outcomes) / kept, 4) if kept else None,
        "seconds_p50": round(float(np.percentile(seconds, 50)), 1) if seconds else None,
        "seconds_p95": round(float(np.percentile(seconds, 95)), 1) if seconds else None,
        "tokens_per_second": round(float(np.median(rates)), 1) if rates else None,
    }


def choose_threshold(runs: dict[str, list[Row]], sentinel: str) -> float:
    """The threshold that best separates, on the given sets, unanswerable questions (refused)
    from answerable ones (answered): pooled abstention minus mean false abstention; on a tie,
    the lower threshold (fewer valid sentences removed)."""

    def gain(t: float) -> float:
        negatives = [outcome(r, t, sentinel).abstained for rows in runs.values() for r in rows if not r.question.answerable]
        false = [summarise(rows, t, sentinel)["false_abstention_rate"] for rows in runs.values()]
        false_rates = [float(f) for f in false if isinstance(f, float)]
        return (float(np.mean(negatives)) if negatives else 0.0) - (float(np.mean(false_rates)) if false_rates else 0.0)

    return max(THRESHOLDS, key=lambda t: (round(gain(t), 6), -t))


def run_set(name: str, questions: list[Question], corpora: list[Path], base: Settings, base_url: str) -> tuple[list[Row], Answer | None]:
    with tempfile.TemporaryDirectory(prefix="erbm-llm-") as tmp:
        settings = base.model_copy(update={"data_dir": Path(tmp), "corpus_dirs": corpora})
        assistant = Assistant(settings)
        assistant.ingest(corpora)
        rows = []
        for i, q in enumerate(questions, start=1):
            rows.append(ask(assistant, q, base_url))
            print(f"[eval-llm] {name} {i}/{len(questions)} {rows[-1].seconds:.1f} s", flush=True)
        spot = assistant.ask(SPOT[1]) if name == SPOT[0] else None
    return rows, spot


def to_markdown(report: dict[str, object]) -> str:
    sets = report["sets"]
    assert isinstance(sets, dict)
    names = list(sets)
    metrics = list(next(iter(sets.values()))["shipped"]) if sets else []
    lines = [(f"# Generative answers — {report['model']} (claim threshold {report['threshold']}; "
              f"chosen on all sets: {report['threshold_all_sets']})"), "",
             "| metric | " + " | ".join(names) + " |", "|" + " --- |" * (len(names) + 1)]
    for m in metrics:
        lines.append(f"| {m} | " + " | ".join(str(sets[n]["shipped"][m]) for n in names) + " |")
    lines += ["", f"Abstention over the unanswerable questions of all sets pooled: {report['pooled_abstention']}", "",
              "## Claim threshold, leave-one-set-out", "", "| set | threshold loso | abstention loso / shipped | false abstention loso / shipped |",
              "| --- | --- | --- | --- |"]
    for n in names:
        s = sets[n]
        lines.append(f"| {n} | {s['threshold_loso']} | {s['loso']['abstention_rate']} / {s['shipped']['abstention_rate']} "
                     f"| {s['loso']['false_abstention_rate']} / {s['shipped']['false_abstention_rate']} |")
    lines += ["", "## Sweep (every set, each threshold)", "", "| threshold | " + " | ".join(f"{n} abst / false abst" for n in names) + " |",
              "|" + " --- |" * (len(names) + 1)]
    for t, values in report["sweep"].items():  # type: ignore[union-attr]
        lines.append(f"| {t} | " + " | ".join(f"{values[n][0]} / {values[n][1]}" for n in names) + " |")
    spot = report.get("spot")
    if spot:
        lines += ["", f"Spot check « {SPOT[1]} »: {spot}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--serve", help="install and serve this local model for the run (erbm/localmodel.py)")
    parser.add_argument("--base-url")
    parser.add_argument("--model")
    parser.add_argument("--only", default="")
    # What a local model on 2 cores can afford (erbm model serve prints the same settings).
    parser.add_argument("--passages", type=int, default=4)
    parser.add_argument("--max-tokens", type=int, default=300)
    parser.add_argument("--dump", type=Path, help="also write each model output with the passages it was given (JSONL), to re-check offline")
    parser.add_argument("--recheck", type=Path, help="no model: the report from a --dump file, at the current settings")
    args = parser.parse_args()
    if args.recheck:
        runs, spot = load_dump(args.recheck)
        write_report(args, runs, spot, args.model or "?")
    elif args.serve:
        with _served(args.serve) as (url, alias):
            run(args, url, alias)
    elif args.base_url and args.model:
        run(args, args.base_url, args.model)
    else:
        parser.error("--serve MODEL, or --base-url and --model")


@contextmanager
def _served(key: str) -> Iterator[tuple[str, str]]:
    model = MODELS[key]
    path = install(model, Settings().models_dir)
    port = free_port()
    command = server_command(model, path, host="127.0.0.1", port=port, context=4096, threads=os.cpu_count() or 2)
    with serving(command, f"http://127.0.0.1:{port}/v1/models", timeout_s=300):
        yield f"http://127.0.0.1:{port}/v1", model.alias


def run(args: argparse.Namespace, base_url: str, model: str) -> None:
    base = Settings().model_copy(update={
        "answerer": "llm", "llm_base_url": base_url, "llm_model": model, "llm_temperature": 0.0, "llm_timeout_s": 600.0,
        "llm_passages": args.passages, "llm_max_tokens": args.max_tokens,
    })
    only = {s for s in args.only.split(",") if s}
    runs: dict[str, list[Row]] = {}
    spot: Answer | None = None
    for s in load_sets(ROOT / "bench" / "sets.toml", args.shared, ROOT):
        if only and s.name not in only:
            continue
        runs[s.name], found = run_set(s.name, load_questions(s.questions), s.corpora, base, base_url)
        spot = spot or found
    if args.dump:
        write_dump(args.dump, runs, spot)
    write_report(args, runs, spot, model)


def write_dump(path: Path, runs: dict[str, list[Row]], spot: Answer | None) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for n, rows in runs.items():
            for r in rows:
                fh.write(json.dumps({"set": n, "question": r.question.model_dump(mode="json"), "answer": r.answer.model_dump(mode="json"),
                                     "given": [p.model_dump(mode="json") for p in r.given], "seconds": r.seconds,
                                     "tokens": r.tokens, "first_token_s": r.first_token_s}, ensure_ascii=False) + "\n")
        if spot is not None:
            fh.write(json.dumps({"spot": spot.model_dump(mode="json")}, ensure_ascii=False) + "\n")


def load_dump(path: Path) -> tuple[dict[str, list[Row]], Answer | None]:
    runs: dict[str, list[Row]] = {}
    spot: Answer | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if "spot" in d:
            spot = Answer.model_validate(d["spot"])
            continue
        runs.setdefault(d["set"], []).append(Row(
            question=Question.model_validate(d["question"]), answer=Answer.model_validate(d["answer"]), seconds=d["seconds"],
            given=[Passage.model_validate(p) for p in d["given"]], tokens=d.get("tokens"), first_token_s=d.get("first_token_s"),
        ))
    return runs, spot


def write_report(args: argparse.Namespace, runs: dict[str, list[Row]], spot: Answer | None, model: str) -> None:
    settings = Settings()
    sentinel = PromptSet.load(settings.prompts_dir / "llm.toml")["sentinel"].render()
    shipped = settings.llm_claim_coverage
    sets: dict[str, object] = {}
    for name, rows in runs.items():
        others = {k: v for k, v in runs.items() if k != name}
        t = choose_threshold(others, sentinel) if others else shipped
        sets[name] = {"shipped": summarise(rows, shipped, sentinel), "threshold_loso": t, "loso": summarise(rows, t, sentinel)}
    pooled = [outcome(r, shipped, sentinel).abstained for rows in runs.values() for r in rows if not r.question.answerable]
    report = {
        "model": model,
        "threshold_all_sets": choose_threshold(runs, sentinel),
        "passages": args.passages,
        "max_tokens": args.max_tokens,
        "threshold": shipped,
        "sets": sets,
        "pooled_abstention": _share(pooled),
        "sweep": {t: {n: (summary["abstention_rate"], summary["false_abstention_rate"])
                      for n, rows in runs.items() for summary in [summarise(rows, t, sentinel)]} for t in THRESHOLDS},
        "spot": (f"abstained={spot.abstained}; text={spot.text[:300]!r}" if spot else None),
        "outputs": {n: [{"id": r.question.id, "raw": r.answer.grounding.raw if r.replayable else None,  # type: ignore[union-attr]
                         "shown": r.answer.text, "abstained": r.answer.abstained, "seconds": round(r.seconds, 1)} for r in rows]
                    for n, rows in runs.items()},
    }
    write_results(args.out, "eval-llm", report, to_markdown(report))


def write_results(out: Path, stem: str, report: dict[str, object], markdown: str) -> None:
    """`stem`.json and `stem`.md in `out`, and the table on the terminal."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / f"{stem}.md").write_text(markdown, encoding="utf-8")
    print(markdown)


if __name__ == "__main__":
    main()
