"""The optional second check of a generated sentence: the model is asked, in one short call,
whether the passage's sentence that holds the claim really states it (« oui » / « non »).

The cheap checks (claims.py) prove that the sentence's numbers, names and most of its words
are in one sentence of the cited passage; they cannot see a relation turned around (« le
bailleur finance » for « la commune finance ») or a negation dropped. Off by default
(ERBM_LLM_VERIFY): it costs one call per kept sentence; what it costs and what it changes are
measured by `python -m bench.verify_llm --dump DUMP --serve MODEL` on the stored outputs of
`make eval-llm` (README, « Qualité et vitesse »).

Only a clear « non » removes a sentence: a failed or unreadable verification leaves the
cheap checks' verdict, which already holds every number and name.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from erbm.text import fold_accents

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from erbm.prompts import PromptSet

log = logging.getLogger(__name__)

_FIRST_WORD = re.compile(r"[a-z]+")
# A word is written once a letter is followed by something else.
_WORD_DONE = re.compile(r"[a-z][^a-z]")
_MAX_REPLY_CHARS = 12
# A sentence with fewer letters than this outside its markers is an elliptic answer (« 12 [1] »,
# « [2] »): what it asserts is the question answered by it.
_ELLIPTIC_CHARS = 25
# Verdicts kept for a server's lifetime at most this many (a repeated question costs nothing).
_CACHE = 1024


def verdict(reply: str) -> bool | None:
    """« Oui. » → True, « Non, … » → False, anything else → None (not read as a verdict)."""
    match = _FIRST_WORD.search(fold_accents(reply.strip().lower()))
    word = match.group() if match else ""
    return True if word == "oui" else False if word == "non" else None


@dataclass
class ClaimVerifier:
    model: BaseChatModel
    prompts: PromptSet
    # Verdicts already asked (claim, passage sentence): an answer re-checked at several
    # thresholds, or a sentence repeated, costs one call.
    asked: dict[tuple[str, str], bool | None] = field(default_factory=dict)

    def prompt(self, claim: str, question: str, passage: str) -> str:
        if len(re.sub(r"[\W\d_]", "", claim)) < _ELLIPTIC_CHARS:
            # A bare « [1] » proposes the passage's sentence itself as the answer.
            return self.prompts["verify_elliptic"].render(passage=passage, question=question, answer=claim.strip(" ,;.") or passage)
        return self.prompts["verify"].render(passage=passage, claim=claim)

    def confirms(self, claim: str, question: str, passage: str) -> bool | None:
        """True or False as the model says; None when it could not be asked or read."""
        key = (claim, passage)
        if key not in self.asked:
            try:
                text = self._first_word(self.prompt(claim, question, passage))
                if len(self.asked) >= _CACHE:
                    self.asked.clear()
                self.asked[key] = verdict(text)
            except Exception as exc:  # noqa: BLE001 - any provider failure: the cheap checks decide
                log.warning("claim verification failed (%s); the cheap checks decide", type(exc).__name__)
                return None
        return self.asked[key]

    def _first_word(self, prompt: str) -> str:
        """The reply up to its first word: the stream is left as soon as one is written, so a
        model that goes on to explain costs no more than one that does not (whatever
        ERBM_LLM_MAX_TOKENS the answers need)."""
        text = ""
        for chunk in self.model.stream(prompt):
            text += chunk.content if isinstance(chunk.content, str) else ""
            if _WORD_DONE.search(fold_accents(text.lower())) or len(text) >= _MAX_REPLY_CHARS:
                break
        return text
