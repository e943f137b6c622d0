from erbm.assistant.facade import Assistant
from erbm.assistant.fusion import Fusion
from erbm.evaluation.suite import FUSION_GRID, SetRun, choose_fusion
from erbm.settings import Settings


def _run(name: str, best: Fusion | None) -> SetRun:
    return SetRun(name=name, fusion_mrr={f.key(): 0.9 if f == best else 0.5 for f in FUSION_GRID})


def test_the_grid_starts_with_the_shipped_fusion_so_a_tie_keeps_it() -> None:
    assert Assistant(Settings()).fusion == Fusion() == FUSION_GRID[0]
    assert len({f.key() for f in FUSION_GRID}) == len(FUSION_GRID) == 60
    assert choose_fusion([_run("a", None), _run("b", None)]) == Fusion().key()


def test_the_fusion_is_chosen_on_the_mean_of_the_given_sets() -> None:
    lexical_heavy = Fusion(weights=(1.0, 1.0, 0.0, 0.0))
    dense_heavy = Fusion(weights=(2.0, 1.0, 1.0, 0.5))
    runs = [_run("a", lexical_heavy), _run("b", lexical_heavy), _run("c", dense_heavy)]
    assert choose_fusion(runs) == lexical_heavy.key()
    assert choose_fusion(runs[2:]) == dense_heavy.key()


def test_a_small_gain_that_other_sets_pay_for_keeps_the_shipped_fusion() -> None:
    other = Fusion(weights=(1.5, 1.0, 0.5, 1.0))

    def run(name: str, gain: float) -> SetRun:
        return SetRun(name=name, fusion_mrr={f.key(): 0.8 + (gain if f == other else 0.0) for f in FUSION_GRID})

    mixed = [run("a", 0.03), run("b", 0.02), run("c", -0.04), run("d", -0.005)]
    assert choose_fusion(mixed) == Fusion().key()
    steady = [run("a", 0.03), run("b", 0.02), run("c", 0.01), run("d", 0.015)]
    assert choose_fusion(steady) == other.key()
