"""Prompt templates as files: TOML tables with a declared variable list and a template.

A template whose placeholders differ from its declared variables is refused when
loaded; rendering refuses missing or unexpected variables.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path


class PromptError(ValueError):
    pass


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@dataclass(frozen=True)
class Template:
    name: str
    variables: frozenset[str]
    template: str

    def render(self, **values: object) -> str:
        given = set(values)
        if given != self.variables:
            raise PromptError(
                f"template {self.name!r}: expected {sorted(self.variables)}, got {sorted(given)}"
            )
        return self.template.format(**values)


class PromptSet:
    def __init__(self, templates: dict[str, Template]) -> None:
        self._templates = templates

    def __getitem__(self, name: str) -> Template:
        return self._templates[name]

    def names(self) -> list[str]:
        return sorted(self._templates)

    @classmethod
    def load(cls, path: Path) -> PromptSet:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        templates = {}
        for name, entry in data.items():
            declared = frozenset(entry.get("variables", []))
            text = entry["template"]
            found = placeholders(text)
            if found != declared:
                raise PromptError(f"{path.name} [{name}]: declares {sorted(declared)} but uses {sorted(found)}")
            templates[name] = Template(name=f"{path.stem}.{name}", variables=declared, template=text)
        return cls(templates)
