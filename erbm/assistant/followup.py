"""Follow-up questions ("et pour les jardins ?", "qui finance ça ?") made standalone.

Two strategies behind one method: a heuristic that carries the previous question's
topic (extractive mode, and the fallback), and the language model when one is configured.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Protocol

from erbm.index.analysis import analyse
from erbm.models import Turn
from erbm.prompts import PromptSet

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

# A question that opens on a connective continues the previous one.
_CONNECTIVE = re.compile(r"^\s*(?:et|mais|aussi|puis|alors|ensuite|idem|pareil|même chose)\b", re.IGNORECASE)
# Words that point back to something said before (French demonstratives).
_ANAPHORA = re.compile(
    r"\b(?:ça|cela|ceci|celui-ci|celle-ci|ceux-ci|celles-ci|celui-là|celle-là|ce dispositif|cette mesure|"
    r"ces mesures|ce point|le même|la même|les mêmes|dans ce cas)\b",
    re.IGNORECASE,
)
# With fewer content words than this, a question cannot stand alone.
_MIN_TERMS = 2
_HISTORY_TURNS = 3


def is_follow_up(question: str) -> bool:
    return bool(_CONNECTIVE.search(question) or _ANAPHORA.search(question)) or len(set(analyse(question))) < _MIN_TERMS


class Condenser(Protocol):
    def rewrite(self, question: str, history: list[Turn]) -> str:
        """A standalone question; `question` itself when it already is one."""
        ...


class HeuristicCondenser:
    """Carries the previous (standalone) question along: "et pour les jardins ?" after
    "Quelle étiquette après travaux ?" searches both, so the topic is not lost."""

    def __init__(self, prompts: PromptSet) -> None:
        self.prompts = prompts

    def rewrite(self, question: str, history: list[Turn]) -> str:
        if not history or not is_follow_up(question):
            return question
        return self.prompts["follow_up"].render(question=question.strip(), previous=history[-1].question.strip())


class LlmCondenser:
    def __init__(self, model: BaseChatModel, prompts: PromptSet, fallback: HeuristicCondenser) -> None:
        self.model = model
        self.prompts = prompts
        self.fallback = fallback

    def rewrite(self, question: str, history: list[Turn]) -> str:
        if not history:
            return question
        turns = "\n".join(self.prompts["condense_turn"].render(question=t.question) for t in history[-_HISTORY_TURNS:])
        prompt = self.prompts["condense"].render(history=turns, question=question)
        try:
            reply = self.model.invoke(prompt)
            text = reply.content if isinstance(reply.content, str) else ""
        except Exception as exc:  # noqa: BLE001 - any provider failure: the heuristic instead
            log.warning("follow-up rewriting failed (%s); heuristic used", type(exc).__name__)
            return self.fallback.rewrite(question, history)
        lines = [line.strip().strip("«»\"' ") for line in text.strip().splitlines() if line.strip()]
        # A rewriting that runs on, or is empty, is not a question: keep the heuristic's.
        if not lines or len(lines[0]) > 4 * max(len(question), 80):
            return self.fallback.rewrite(question, history)
        return lines[0]
