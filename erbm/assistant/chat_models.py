"""Chat models for generative answers, built from settings.

The LangChain integrations are imported here only, and only when `answerer = "llm"`: the
default install runs without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from erbm.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


class ChatModelUnavailable(RuntimeError):
    pass


def make_chat_model(settings: Settings) -> BaseChatModel:
    if not settings.llm_model:
        raise ChatModelUnavailable("ERBM_LLM_MODEL is not set")
    if settings.llm_provider == "ollama":
        return _ollama(settings)
    return _openai_compatible(settings)


def _openai_compatible(settings: Settings) -> BaseChatModel:
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ChatModelUnavailable("pip install -e '.[llm]' (langchain-openai)") from exc
    from pydantic import SecretStr

    # Local servers (llama.cpp, vLLM) accept any key; the client insists on one.
    key = settings.llm_api_key or SecretStr("sans-cle")
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=key,
        temperature=settings.llm_temperature,
        # Sent as the classic `max_tokens`: LangChain renames its own field to
        # `max_completion_tokens`, which llama.cpp's server ignores (it then writes until the
        # context is full) and which stricter APIs may refuse.
        extra_body={"max_tokens": settings.llm_max_tokens},
        timeout=settings.llm_timeout_s,
        # A failure falls back to the extractive answer at once instead of retrying.
        max_retries=0,
    )


def _ollama(settings: Settings) -> BaseChatModel:
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ChatModelUnavailable("pip install -e '.[llm]' (langchain-ollama)") from exc
    return ChatOllama(
        model=settings.llm_model,
        base_url=settings.ollama_host,
        temperature=settings.llm_temperature,
        num_predict=settings.llm_max_tokens,
        client_kwargs={"timeout": settings.llm_timeout_s},
    )
