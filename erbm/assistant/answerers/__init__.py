"""Answerers: extractive (default, offline, deterministic); others share the same interface."""

from erbm.assistant.answerers.base import Answerer
from erbm.assistant.answerers.extractive import ExtractiveAnswerer

__all__ = ["Answerer", "ExtractiveAnswerer"]
