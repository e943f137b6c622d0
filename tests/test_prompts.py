from pathlib import Path

import pytest

from erbm.prompts import PromptError, PromptSet, placeholders
from erbm.settings import Settings

PROMPT_FILES = sorted(Settings().prompts_dir.glob("*.toml"))


def test_there_are_prompt_files() -> None:
    assert {p.name for p in PROMPT_FILES} >= {"extractive.toml", "citation.toml", "llm.toml", "conversation.toml"}


@pytest.mark.parametrize("path", PROMPT_FILES, ids=lambda p: p.name)
def test_every_template_declares_exactly_its_variables(path: Path) -> None:
    prompts = PromptSet.load(path)
    for name in prompts.names():
        template = prompts[name]
        assert placeholders(template.template) == template.variables
        rendered = template.render(**{v: f"<{v}>" for v in template.variables})
        for v in template.variables:
            assert f"<{v}>" in rendered


def test_undeclared_variable_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[x]\nvariables = ["a"]\ntemplate = "{a} {b}"\n', encoding="utf-8")
    with pytest.raises(PromptError):
        PromptSet.load(path)


def test_missing_variable_at_render_is_refused() -> None:
    prompts = PromptSet.load(Settings().prompts_dir / "citation.toml")
    with pytest.raises(PromptError):
        prompts["axis"].render(number=1)
