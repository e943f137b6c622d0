"""Answerers: extractive (default, offline, deterministic) and generative (a chat model,
checked), behind one interface."""

from erbm.assistant.answerers.base import Answerer, final_answer
from erbm.assistant.answerers.extractive import ExtractiveAnswerer
from erbm.assistant.answerers.generative import GenerativeAnswerer

__all__ = ["Answerer", "ExtractiveAnswerer", "GenerativeAnswerer", "final_answer"]
