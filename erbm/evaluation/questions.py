"""Evaluation questions (the format of ../shared/eval/dev.jsonl)."""

from __future__ import annotations

import json
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
        return [Question.model_validate(json.loads(line)) for line in fh if line.strip()]
