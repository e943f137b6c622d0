"""The element a question asks for (a quantity, a date) and whether a sentence gives it.

Near-domain questions ask for an element the documents never give about a subject they do
discuss; word overlap and embeddings cannot see the difference, the type of the answer can.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

_DEFAULT = Path(__file__).with_name("answer_types.toml")


def _compiled(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@dataclass(frozen=True)
class AnswerType:
    name: str  # "quantity", "date": the key of the abstention message
    question: tuple[re.Pattern[str], ...]
    answer: tuple[re.Pattern[str], ...]
    names: tuple[str, ...] = ()  # words that name such an element in a document ("durée")
    # An `answer` match inside one of these spans does not give the element: « 1er »,
    # « article 6 » name something, they do not count it.
    naming: tuple[re.Pattern[str], ...] = ()

    def asked_by(self, question: str) -> bool:
        return any(p.search(question) for p in self.question)

    def given_by(self, sentence: str) -> bool:
        names = [m.span() for p in self.naming for m in p.finditer(sentence)]
        return any(
            not any(start <= m.start() and m.end() <= end for start, end in names)
            for p in self.answer
            for m in p.finditer(sentence)
        )


class AnswerTypes:
    def __init__(self, types: list[AnswerType]) -> None:
        self.types = types

    @classmethod
    def load(cls, path: Path = _DEFAULT) -> AnswerTypes:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(
            [
                AnswerType(
                    name=name,
                    question=_compiled(spec["question"]),
                    answer=_compiled(spec["answer"]),
                    names=tuple(spec.get("names", ())),
                    naming=_compiled(spec.get("naming", [])),
                )
                for name, spec in data.items()
            ]
        )

    def of(self, question: str) -> AnswerType | None:
        return next((t for t in self.types if t.asked_by(question)), None)
