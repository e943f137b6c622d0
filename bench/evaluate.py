"""`make eval`: every question set, each over its corpus, with the tutorial baseline beside it
and the leave-one-set-out choice of thresholds and weights. Writes eval.json and eval.md.

python -m bench.evaluate --shared ../shared --out bench/results [--no-baseline] [--only dev,real-dev]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from erbm.evaluation.metrics import QuestionResult, wilson_interval
from erbm.evaluation.runner import METRICS, TARGETS
from erbm.evaluation.suite import SetRun, cross_validate, load_sets, run_set
from erbm.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
_MACRO = [m for m in METRICS if m not in ("n_questions",)]


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def macro(runs: list[SetRun]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for m in _MACRO:
        values = [v for r in runs if r.result and isinstance(v := r.result.get(m), int | float)]
        out[m] = round(float(np.mean(values)), 4) if values else None
    return out


def _pooled_refusals(runs: list[SetRun]) -> list[bool]:
    """Whether each unanswerable question of every measured set was refused."""
    return [d.abstained for r in runs if r.result for d in r.result.details if not d.answerable]


def pooled_abstention(runs: list[SetRun]) -> dict[str, float | int | None]:
    neg = _pooled_refusals(runs)
    return {"abstention_pooled": round(float(np.mean(neg)), 4) if neg else None, "unanswerable_pooled": len(neg)}


def _share(flags: list[bool]) -> dict[str, float | int] | None:
    interval = wilson_interval(sum(flags), len(flags))
    if interval is None:
        return None
    return {
        "value": round(sum(flags) / len(flags), 4), "n": len(flags),
        "low": round(interval.low, 3), "high": round(interval.high, 3),
    }


def _shares(details: list[QuestionResult]) -> dict[str, dict[str, float | int] | None]:
    answerable = [d for d in details if d.answerable]
    return {
        "hit@1": _share([d.first_hit_rank == 1 for d in answerable]),
        "abstention_rate": _share([d.abstained for d in details if not d.answerable]),
        "false_abstention_rate": _share([d.abstained for d in answerable]),
    }


def intervals(runs: list[SetRun]) -> dict[str, object]:
    """Each set's main shares with their 95 % Wilson interval, and the pooled abstention's: a
    set of 16 questions moves by 0.06 a question, which a figure alone hides."""
    out: dict[str, object] = {r.name: _shares(r.result.details) for r in runs if r.result}
    out["pooled_abstention"] = _share(_pooled_refusals(runs))
    return out


def _with_interval(share: object) -> str:
    if not isinstance(share, dict):
        return "—"
    return f"{share['value']:.3f} [{share['low']:.3f}–{share['high']:.3f}] (n={share['n']})"


def to_markdown(report: dict[str, object], runs: list[SetRun]) -> str:
    measured = [r for r in runs if r.result]
    header = ["metric", "target"]
    for r in measured:
        header += [r.name] + ([f"{r.name} (tutoriel)"] if r.baseline else [])
    header.append("macro")
    mac = report["macro"]
    lines = ["# Evaluation — every question set", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for m in METRICS:
        row = [m, TARGETS.get(m, "")]
        for r in measured:
            assert r.result is not None
            row.append(_fmt(r.result.get(m)))
            if r.baseline:
                row.append(_fmt(r.baseline.get(m)))
        row.append(_fmt(mac.get(m)) if isinstance(mac, dict) else "—")
        lines.append("| " + " | ".join(row) + " |")
    pooled = report["pooled"]
    assert isinstance(pooled, dict)
    lines += ["", f"Abstention over the unanswerable questions of all sets pooled: {_fmt(pooled['abstention_pooled'])} "
              f"({pooled['unanswerable_pooled']} questions)."]
    spread = report.get("intervals")
    if isinstance(spread, dict):
        lines += ["", "## 95 % intervals", "",
                  "Wilson score intervals: how far each share could move with other questions of the same kind.", "",
                  "| set | hit@1 | abstention | false abstention |", "| --- | --- | --- | --- |"]
        for name, shares in spread.items():
            if isinstance(shares, dict) and name != "pooled_abstention":
                cells = [_with_interval(shares[m]) for m in ("hit@1", "abstention_rate", "false_abstention_rate")]
                lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines += ["", f"Pooled abstention: {_with_interval(spread.get('pooled_abstention'))}."]
    for r in runs:
        if r.skipped:
            lines.append(f"\nNot measured: {r.name} — {r.skipped}")
    lines += ["", "## Leave-one-set-out", "",
              "Each set's figures with parameters chosen on the other sets (loso) and on all sets (all).", "",
              "| set | threshold loso / all | abstention loso / all | false abstention loso / all | fusion loso / all | MRR@10 loso / all | hit@1 loso / all |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    cv = report["crossval"]
    assert isinstance(cv, dict)
    for name, c in cv.items():
        lines.append(
            f"| {name} | {_fmt(c['threshold_loso'])} / {_fmt(c['threshold_all'])} | {_fmt(c['abstention_loso'])} / {_fmt(c['abstention_all'])} "
            f"| {_fmt(c['false_abstention_loso'])} / {_fmt(c['false_abstention_all'])} | {c['fusion_loso']} / {c['fusion_all']} "
            f"| {_fmt(c['mrr_loso'])} / {_fmt(c['mrr_all'])} | {_fmt(c['hit@1_loso'])} / {_fmt(c['hit@1_all'])} |"
        )
    lines += ["", "## Per question", ""]
    for r in measured:
        assert r.result is not None
        lines += [f"### {r.name}", "", "| id | answerable | abstained | first hit rank | confidence |", "| --- | --- | --- | --- | --- |"]
        for d in r.result.details:
            lines.append(f"| {d.id} | {d.answerable} | {d.abstained} | {_fmt(d.first_hit_rank)} | {d.confidence} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--sets", type=Path, default=ROOT / "bench" / "sets.toml")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated set names")
    args = parser.parse_args()
    sets = load_sets(args.sets, args.shared.resolve(), ROOT)
    if args.only:
        sets = [s for s in sets if s.name in args.only.split(",")]
    runs = []
    for s in sets:
        print(f"[eval] {s.name}", flush=True)
        runs.append(run_set(s, Settings(), baseline=not args.no_baseline))
    measured = [r for r in runs if r.result]
    report: dict[str, object] = {
        "sets": {r.name: {"result": r.result.to_json() if r.result else None,
                          "baseline": r.baseline.to_json() if r.baseline else None, "skipped": r.skipped,
                          "fusion_mrr": r.fusion_mrr, "fusion_hit1": r.fusion_hit1} for r in runs},
        "macro": macro(measured),
        "pooled": pooled_abstention(measured),
        "crossval": cross_validate(runs),
        "intervals": intervals(measured),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "eval.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md = to_markdown(report, runs)
    (args.out / "eval.md").write_text(md, encoding="utf-8")
    print(md.split("## Per question")[0])


if __name__ == "__main__":
    main()
