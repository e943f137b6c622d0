"""`make eval-typed`: every set's questions as people type them in a chat — without accents or
capitals, without capitals, without accents — beside the questions as written, each over its
set's index. Writes typed.json and typed.md.

python -m bench.typed --shared ../shared --out bench/results [--only dev,project]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.evaluate import _fmt
from erbm.assistant.facade import Assistant
from erbm.evaluation.questions import load_questions
from erbm.evaluation.runner import evaluate
from erbm.evaluation.suite import load_sets
from erbm.settings import Settings
from erbm.text import fold_accents

ROOT = Path(__file__).resolve().parent.parent
METRICS = ["hit@1", "hit@5", "mrr@10", "abstention_rate", "false_abstention_rate"]


def _uncapitalised(question: str) -> str:
    return question[:1] + question[1:].lower()


VARIANTS: dict[str, Callable[[str], str]] = {
    "as written": lambda q: q,
    "no accents, no capitals": lambda q: fold_accents(_uncapitalised(q)),
    "no capitals": _uncapitalised,
    "no accents": fold_accents,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--sets", type=Path, default=ROOT / "bench" / "sets.toml")
    parser.add_argument("--only", default="", help="comma-separated set names")
    args = parser.parse_args()
    sets = load_sets(args.sets, args.shared.resolve(), ROOT)
    if args.only:
        sets = [s for s in sets if s.name in args.only.split(",")]
    results: dict[str, dict[str, dict[str, object]]] = {}
    unanswerable: dict[str, list[bool]] = {v: [] for v in VARIANTS}
    for s in sets:
        if not any(p.exists() for p in s.corpora):
            continue
        print(f"[typed] {s.name}", flush=True)
        questions = load_questions(s.questions)
        with tempfile.TemporaryDirectory(prefix="erbm-typed-") as tmp:
            assistant = Assistant(Settings().model_copy(update={"data_dir": Path(tmp), "corpus_dirs": s.corpora}))
            if not assistant.ingest(s.corpora).documents:
                continue
            results[s.name] = {}
            for variant, typed in VARIANTS.items():
                retyped = [q.model_copy(update={"question": typed(q.question)}) for q in questions]
                report = evaluate(assistant, retyped)
                results[s.name][variant] = {m: report.metrics.get(m) for m in METRICS}
                unanswerable[variant] += [d.abstained for d in report.details if not d.answerable]
    pooled = {v: round(sum(a) / len(a), 4) if a else None for v, a in unanswerable.items()}
    args.out.mkdir(parents=True, exist_ok=True)
    out = {"sets": results, "abstention_pooled": pooled}
    (args.out / "typed.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = ["# Questions as people type them", "", "| set | metric | " + " | ".join(VARIANTS) + " |",
             "| --- | --- |" + " --- |" * len(VARIANTS)]
    for name, by_variant in results.items():
        for m in METRICS:
            lines.append(f"| {name} | {m} | " + " | ".join(_fmt(by_variant[v][m]) for v in VARIANTS) + " |")
    lines += ["", "Abstention over the unanswerable questions of all sets pooled: "
              + ", ".join(f"{v} {_fmt(p)}" for v, p in pooled.items()) + "."]
    md = "\n".join(lines) + "\n"
    (args.out / "typed.md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
