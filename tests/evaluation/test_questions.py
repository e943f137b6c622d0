from pathlib import Path

import pytest

from erbm.evaluation.questions import load_questions

_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["questions.jsonl", "real-questions.jsonl", "onboarding.jsonl"])
def test_the_project_question_sets_load(name: str) -> None:
    questions = load_questions(_ROOT / "bench" / name)

    assert questions and all(q.question.strip() for q in questions)


def test_a_repeated_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(
        '{"id": "a1", "question": "Combien ?"}\n{"id": "b1", "question": "Où ?"}\n'
        '{"id": "a1", "question": "Quand ?"}\n',
        encoding="utf-8",
    )

    with pytest.raises(ValueError, match="a1"):
        load_questions(path)
