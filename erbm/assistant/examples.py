"""Example questions the loaded index answers.

A newcomer's first click decides whether they trust the tool: an example the documents
cannot answer (the onboarding note alone has no energy label to quote) must not be shown.
Written candidates per kind of user are data (corpus/examples.toml); each is asked and kept
only when answered with a citation. A kind left with fewer than `min_per_kind` gets
questions built from the index's own headings, checked the same way.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from erbm.assistant.citations import display_title, written_acronyms
from erbm.models import Answer, Chunk, HeadingRef
from erbm.prompts import PromptSet


class ExampleGroup(BaseModel):
    """One kind of user and the example questions shown for it."""

    model_config = ConfigDict(frozen=True)

    label: str
    questions: tuple[str, ...] = ()


def load_candidates(path: Path) -> list[ExampleGroup]:
    """The written candidates; no file means no written example (headings still give some)."""
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [ExampleGroup(label=k["label"], questions=tuple(k.get("questions", []))) for k in data.get("kind", [])]


def heading_questions(chunks: Iterable[Chunk], prompts: PromptSet, limit: int) -> list[str]:
    """Questions on the deepest titled headings, spread over the whole index (not the first
    document's first axis only)."""
    # Each heading path with its first passage, whose acronyms a title in capitals keeps (« … le MNE »).
    paths: dict[tuple[str, ...], tuple[tuple[HeadingRef, ...], Chunk]] = {}
    for chunk in chunks:
        titled = [h for h in chunk.heading_path if h.title]
        if titled:
            # By the whole path: items numbered again under each axis ("Axe 2", then "1.") are not one.
            path = chunk.heading_path[: chunk.heading_path.index(titled[-1]) + 1]
            paths.setdefault((chunk.doc_id, *(h.number for h in path)), (path, chunk))
    # A number that several parents use ("1" under each axis) is named with its parent.
    parents: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    for key in paths:
        parents.setdefault((key[0], key[-1]), set()).add(key[1:-1])
    questions = []
    for key, (path, first) in paths.items():
        heading = path[-1]
        assert heading.title is not None
        name = heading.short()
        if len(parents[(key[0], key[-1])]) > 1 and len(path) > 1:
            name = f"{path[-2].short()}, {name}"
        title = display_title(heading.title, written_acronyms(first.text))
        questions.append(prompts["heading"].render(name=name, title=title))
    if len(questions) <= limit:
        return questions
    step = len(questions) / limit
    return [questions[int(i * step)] for i in range(limit)]


def answered(answer: Answer) -> bool:
    return not answer.abstained and not answer.error and bool(answer.citations)


class ExamplePicker:
    def __init__(
        self,
        ask: Callable[[str], Answer],
        candidates: list[ExampleGroup],
        prompts: PromptSet,
        *,
        per_kind: int = 3,
        min_per_kind: int = 2,
        heading_candidates: int = 12,
    ) -> None:
        self.ask = ask
        self.candidates = candidates
        self.prompts = prompts
        self.per_kind = per_kind
        self.min_per_kind = min_per_kind
        self.heading_candidates = heading_candidates

    def pick(self, chunks: list[Chunk]) -> list[ExampleGroup]:
        verdicts: dict[str, bool] = {}

        def ok(question: str) -> bool:
            if question not in verdicts:
                verdicts[question] = answered(self.ask(question))
            return verdicts[question]

        groups: list[list[str]] = []
        shown: set[str] = set()
        for candidate in self.candidates:
            # A question written for two kinds of users is shown once, under the first.
            group = [q for q in candidate.questions if q not in shown and ok(q)][: self.per_kind]
            shown.update(group)
            groups.append(group)
        if any(len(g) < self.min_per_kind for g in groups):
            spare = iter(q for q in heading_questions(chunks, self.prompts, self.heading_candidates) if q not in shown and ok(q))
            for g in groups:
                while len(g) < self.min_per_kind and (q := next(spare, None)) is not None:
                    g.append(q)
        return [ExampleGroup(label=c.label, questions=tuple(g)) for c, g in zip(self.candidates, groups, strict=True)]
