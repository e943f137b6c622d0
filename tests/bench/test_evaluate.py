from bench.evaluate import intervals, macro, pooled_abstention, to_markdown
from erbm.evaluation.metrics import EvalReport, QuestionResult
from erbm.evaluation.suite import SetRun


def result(qid: str, *, answerable: bool, abstained: bool, rank: int | None) -> QuestionResult:
    return QuestionResult(
        id=qid, answerable=answerable, abstained=abstained, first_hit_rank=rank, confidence=0.5,
        rules_passed=True, citations=[], latency_ms=1.0,
    )


def run(name: str, details: list[QuestionResult]) -> SetRun:
    return SetRun(name=name, result=EvalReport(metrics={"hit@1": None}, details=details))


def test_each_share_comes_with_its_interval_and_its_count() -> None:
    # 13 of 16 answerable questions ranked first, one refused; 1 of 4 unanswerable refused.
    details = [result(f"a{i}", answerable=True, abstained=i == 0, rank=1 if i < 13 else 2) for i in range(16)]
    details += [result(f"u{i}", answerable=False, abstained=i == 0, rank=None) for i in range(4)]
    other = [result("v0", answerable=False, abstained=True, rank=None)]
    shares = intervals([run("real-dev", details), run("other", other)])

    hit = shares["real-dev"]["hit@1"]  # type: ignore[index]
    assert (hit["value"], hit["n"]) == (0.8125, 16)
    assert (hit["low"], hit["high"]) == (0.57, 0.934)
    assert shares["real-dev"]["false_abstention_rate"]["n"] == 16  # type: ignore[index]
    assert shares["real-dev"]["abstention_rate"]["value"] == 0.25  # type: ignore[index]
    assert shares["other"]["hit@1"] is None  # type: ignore[index]
    # Pooled over the sets: 2 of 5 unanswerable questions refused.
    assert (shares["pooled_abstention"]["value"], shares["pooled_abstention"]["n"]) == (0.4, 5)  # type: ignore[index]


def test_the_report_prints_the_intervals() -> None:
    runs = [run("real-dev", [result("a", answerable=True, abstained=False, rank=1)])]
    report = {"macro": macro(runs), "pooled": pooled_abstention(runs), "crossval": {}, "intervals": intervals(runs)}
    markdown = to_markdown(report, runs)
    assert "| real-dev | 1.000 [0.207–1.000] (n=1) | — | 0.000 [0.000–0.793] (n=1) |" in markdown
