"""LangChain's fake chat model, recording every prompt it receives (a fake at the one
boundary that cannot run here: a remote language model)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import Field


class RecordingChatModel(GenericFakeChatModel):
    received: list[list[BaseMessage]] = Field(default_factory=list)
    fail_with: type[Exception] | None = None
    delay_per_token_s: float = 0.0
    yielded: int = 0  # stream pieces handed out: what a reader that stops early consumed

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        self.received.append(list(messages))
        if self.fail_with is not None:
            raise self.fail_with("fournisseur indisponible")
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        for chunk in super()._stream(messages, stop=stop, run_manager=run_manager, **kwargs):
            time.sleep(self.delay_per_token_s)
            self.yielded += 1
            yield chunk

    def prompt_text(self, call: int = -1) -> str:
        return "\n".join(str(m.content) for m in self.received[call])


def replies(*texts: str, **kwargs: Any) -> RecordingChatModel:
    return RecordingChatModel(messages=iter(texts), **kwargs)
