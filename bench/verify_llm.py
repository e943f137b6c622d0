"""What the optional verification call (erbm/assistant/verifier.py) costs and changes.

The stored outputs of a `make eval-llm` run (its --dump file) are re-checked at the shipped
claim threshold twice, without and with the one-word verification call of a served model (the
one that wrote them, or another: bench/results/verify-llm-1.5b.* is the 1.5B re-reading the
0.5B's sentences): per set, abstention, false abstention, kept sentences and answer support, plus
the calls made and their seconds. No answer is generated again: only the verifications.

python -m bench.verify_llm --dump /tmp/eval-llm.jsonl --serve qwen2.5-coder-0.5b
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bench.evaluate_llm import ROOT, _served, load_dump, outcome, summarise, write_results
from erbm.assistant.chat_models import make_chat_model
from erbm.assistant.verifier import ClaimVerifier
from erbm.prompts import PromptSet
from erbm.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

_COMPARED = ["abstention_rate", "false_abstention_rate", "answers_with_kept_sentence", "kept_sentences", "answer_support"]


class _Timed(ClaimVerifier):
    """The verifier, with the time of each call it really makes (cached verdicts are free)."""

    def __init__(self, model: BaseChatModel, prompts: PromptSet) -> None:
        super().__init__(model, prompts)
        self.seconds: list[float] = []

    def confirms(self, claim: str, question: str, passage: str) -> bool | None:
        cached = (claim, passage) in self.asked
        start = time.perf_counter()
        result = super().confirms(claim, question, passage)
        if not cached:
            self.seconds.append(time.perf_counter() - start)
        return result


def served_model(base_url: str, model: str) -> BaseChatModel:
    """The verifying model: one word back, deterministic."""
    return make_chat_model(Settings().model_copy(update={
        "answerer": "llm", "llm_base_url": base_url, "llm_model": model, "llm_temperature": 0.0, "llm_max_tokens": 3,
        "llm_timeout_s": 600.0,
    }))


def measure(dump: Path, chat_model: BaseChatModel, model: str) -> dict[str, object]:
    settings = Settings()
    prompts = PromptSet.load(settings.prompts_dir / "llm.toml")
    sentinel = prompts["sentinel"].render()
    verifier = _Timed(chat_model, prompts)
    runs, _ = load_dump(dump)
    t = settings.llm_claim_coverage
    sets: dict[str, object] = {}
    negatives: dict[str, list[bool]] = {"without": [], "with": []}
    for name, rows in runs.items():
        calls_before = len(verifier.seconds)
        without, with_ = summarise(rows, t, sentinel), summarise(rows, t, sentinel, verifier)
        sets[name] = {"without": {m: without[m] for m in _COMPARED}, "with": {m: with_[m] for m in _COMPARED},
                      "verification_calls": len(verifier.seconds) - calls_before}
        print(f"[verify-llm] {name}: {sets[name]}", flush=True)
        for r in rows:
            if not r.question.answerable:
                negatives["without"].append(outcome(r, t, sentinel).abstained)
                negatives["with"].append(outcome(r, t, sentinel, verifier).abstained)
    seconds = verifier.seconds
    return {
        "model": model,
        "threshold": t,
        "sets": sets,
        "pooled_abstention": {k: round(float(np.mean(v)), 4) if v else None for k, v in negatives.items()},
        "verification_calls": len(seconds),
        "seconds_per_call_p50": round(float(np.percentile(seconds, 50)), 2) if seconds else None,
        "seconds_per_call_p95": round(float(np.percentile(seconds, 95)), 2) if seconds else None,
        "verdicts": {"oui": sum(v is True for v in verifier.asked.values()), "non": sum(v is False for v in verifier.asked.values()),
                     "unread": sum(v is None for v in verifier.asked.values())},
        # Every verification asked, to read what the model refused.
        "asked": [{"claim": claim, "passage": passage, "verdict": v} for (claim, passage), v in verifier.asked.items()],
    }


def to_markdown(report: dict[str, object]) -> str:
    sets = report["sets"]
    assert isinstance(sets, dict)
    names = list(sets)
    lines = [f"# Verification call — {report['model']} (claim threshold {report['threshold']})", "",
             "Each cell: without / with the one-word verification of every sentence the claim checks keep.", "",
             "| metric | " + " | ".join(names) + " |", "|" + " --- |" * (len(names) + 1)]
    for m in _COMPARED:
        lines.append(f"| {m} | " + " | ".join(f"{sets[n]['without'][m]} / {sets[n]['with'][m]}" for n in names) + " |")
    lines.append("| verification calls | " + " | ".join(str(sets[n]["verification_calls"]) for n in names) + " |")
    pooled = f"Abstention over the unanswerable questions of all sets pooled (without / with): {report['pooled_abstention']}"
    cost = (f"{report['verification_calls']} calls, {report['seconds_per_call_p50']} s per call (p50), "
            f"{report['seconds_per_call_p95']} s (p95); verdicts {report['verdicts']}.")
    lines += ["", pooled, "", cost]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", type=Path, required=True, help="the --dump file of a bench.evaluate_llm run")
    parser.add_argument("--serve", help="install and serve this local model for the run (erbm/localmodel.py)")
    parser.add_argument("--base-url")
    parser.add_argument("--model")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    if args.serve:
        with _served(args.serve) as (url, alias):
            report = measure(args.dump, served_model(url, alias), alias)
    elif args.base_url and args.model:
        report = measure(args.dump, served_model(args.base_url, args.model), args.model)
    else:
        parser.error("--serve MODEL, or --base-url and --model")
    write_results(args.out, "verify-llm", report, to_markdown(report))


if __name__ == "__main__":
    main()
