"""The element a question asks for (a quantity, a date, a date to come) and whether a sentence gives it.

Near-domain questions ask for an element the documents never give about a subject they do
discuss; word overlap and embeddings cannot see the difference, the type of the answer can.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from erbm.text import fold_accents

_DEFAULT = Path(__file__).with_name("answer_types.toml")
# A shared word in a pattern (`<month>`); not a group name (`(?P<year>…)`) nor a lookbehind.
_WORD = re.compile(r"(?<![?P])<(\w+)>")


def _compiled(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _asking(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    """Question patterns, read without accents: people type « en quelle annee » in a chat, and
    the corpus does not always restore the accent (erbm/index/spellings.py)."""
    return _compiled([fold_accents(p) for p in patterns])


@dataclass(frozen=True)
class AnswerType:
    name: str  # "quantity", "date": the key of the abstention message
    question: tuple[re.Pattern[str], ...]  # matched against the question without its accents
    answer: tuple[re.Pattern[str], ...]
    names: tuple[str, ...] = ()  # words that name such an element in a document ("durée")
    # An `answer` match inside one of these spans does not give the element: « 1er »,
    # « article 6 » name something, they do not count it.
    naming: tuple[re.Pattern[str], ...] = ()
    # One of these must be in the sentence too: a date asked about what is to come is given by a
    # sentence that speaks of what is to come (a variant, `[date.future]`).
    also: tuple[re.Pattern[str], ...] = ()
    # Narrower questions of this type, each with what its answer must also hold.
    variants: tuple[AnswerType, ...] = ()
    # Asks for an attribute of what the question names (its function, its place): the words
    # that ask are not what a passage about it must share (`asking`).
    attribute: bool = False
    # The element counts something: it answers only when it counts what the question asks about
    # (erbm/assistant/counted.py), not a number about something else in the same sentence.
    counts: bool = False
    # Where the question names what it counts (a `noun` group), and the types whose elements
    # measure rather than count (« dix ans »).
    counted: tuple[re.Pattern[str], ...] = ()
    units: tuple[AnswerType, ...] = ()

    def counted_noun(self, question: str) -> str | None:
        """The noun the question counts (« élèves » in « Combien d'élèves … ? »), without its accents."""
        folded = fold_accents(question)
        return next((m["noun"] for p in self.counted if (m := p.search(folded))), None)

    def asked_by(self, question: str) -> bool:
        folded = fold_accents(question)
        return any(p.search(folded) for p in self.question)

    def asking(self, question: str) -> list[str]:
        """The words that ask for an attribute (« fonction », « se situe »), without their accents;
        none for other types, whose asking words a passage does repeat (« durée »)."""
        if not self.attribute:
            return []
        folded = fold_accents(question)
        return [m.group() for p in self.question for m in p.finditer(folded)]

    def narrowed(self, question: str) -> AnswerType:
        """The variant the question asks for (it is already of this type), or the type itself."""
        return next((v for v in self.variants if v.asked_by(question)), self)

    def given_by(self, sentence: str) -> bool:
        return bool(self.elements(sentence))

    def elements(self, sentence: str) -> list[re.Match[str]]:
        """Where the sentence gives such an element (none when `also` is missing from it)."""
        if self.also and not any(p.search(sentence) for p in self.also):
            return []
        names = [m.span() for p in self.naming for m in p.finditer(sentence)]
        return [
            m
            for p in self.answer
            for m in p.finditer(sentence)
            if not any(start <= m.start() and m.end() <= end for start, end in names)
        ]


class AnswerTypes:
    def __init__(self, types: list[AnswerType]) -> None:
        self.types = types

    @classmethod
    def load(cls, path: Path = _DEFAULT) -> AnswerTypes:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        words: dict[str, str] = data.pop("words", {})
        types = {name: _type(name, _with_words(spec, words)) for name, spec in data.items()}
        # A type's `units` name other types: resolved once all are built.
        return cls([
            replace(t, units=tuple(types[u] for u in data[name].get("units", ()))) if data[name].get("units") else t
            for name, t in types.items()
        ])

    def of(self, question: str) -> AnswerType | None:
        wanted = next((t for t in self.types if t.asked_by(question)), None)
        return wanted.narrowed(question) if wanted else None


def _with_words(spec: dict[str, Any], words: dict[str, str]) -> dict[str, Any]:
    """The spec with each `<word>` of its patterns replaced by that word's alternatives (a
    non-capturing group), its variants' too."""

    def expand(pattern: str) -> str:
        for word, alternatives in words.items():
            pattern = pattern.replace(f"<{word}>", f"(?:{alternatives})")
        if undeclared := _WORD.search(pattern):
            raise ValueError(f"answer types: <{undeclared[1]}> is not declared in [words]")
        return pattern

    expanded: dict[str, Any] = {}
    for key, value in spec.items():
        if isinstance(value, dict):
            expanded[key] = _with_words(value, words)
        elif isinstance(value, list) and key not in ("names", "units"):  # words and type names, not patterns
            expanded[key] = [expand(p) for p in value]
        else:
            expanded[key] = value
    return expanded


def _type(name: str, spec: dict[str, Any]) -> AnswerType:
    """A type and its variants (« [date.future] »: `future_date`, named for its refusal message)."""
    base = AnswerType(
        name=name,
        question=_asking(spec["question"]),
        answer=_compiled(spec["answer"]),
        names=tuple(spec.get("names", ())),
        naming=_compiled(spec.get("naming", [])),
        attribute=bool(spec.get("attribute", False)),
        counts=bool(spec.get("counts", False)),
        counted=_asking(spec.get("counted", [])),
    )
    variants = tuple(
        replace(base, name=f"{key}_{name}", question=_asking(sub["question"]), also=_compiled(sub["answer"]))
        for key, sub in spec.items()
        if isinstance(sub, dict)
    )
    return replace(base, variants=variants)
