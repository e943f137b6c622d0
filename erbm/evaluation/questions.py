"""Evaluation questions (the format of ../shared/eval/dev.jsonl)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class Gold(BaseModel):
    model_config = ConfigDict(extra="ignore")
    doc: str
    contains: str


class StructureGold(BaseModel):
    model_config = ConfigDict(extra="ignore")
    doc: str
    axis: int
    recommendation: str


class Question(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    question: str
    answerable: bool = True
    gold: list[Gold] = Field(default_factory=list)
    structure: StructureGold | None = None
    persona: str | None = None


def load_questions(path: Path) -> list[Question]:
    with path.open(encoding="utf-8") as fh:
        questions = [Question.model_validate(json.loads(line)) for line in fh if line.strip()]
    # Reports and comparisons between runs are keyed by id: a repeated id silently merges two
    # questions' results (it happened once when a set was extended).
    repeated = sorted(i for i, n in Counter(q.id for q in questions).items() if n > 1)
    if repeated:
        raise ValueError(f"{path}: repeated question ids {', '.join(repeated)}")
    return questions
