"""Dependency parsers that say what each number of a passage counts; ``make_parser`` picks one
from settings (none when `count_parser` is empty)."""

from __future__ import annotations

import importlib.util
import logging

from erbm.parsing.base import NumberParser
from erbm.settings import Settings

log = logging.getLogger(__name__)


def make_parser(settings: Settings) -> NumberParser | None:
    if not settings.count_parser:
        return None
    # A spaCy pipeline is a Python package: a name that is not installed would fail every
    # document of the next ingest. The index is then built without the parse, and said so.
    try:
        installed = importlib.util.find_spec(settings.count_parser) is not None
    except (ImportError, ValueError):  # « a.b » with no package « a »
        installed = False
    if not installed:
        log.warning(
            "count parser %r is not installed: numbers are indexed without what they count", settings.count_parser
        )
        return None
    from erbm.parsing.spacy_ud import SpacyNumberParser

    return SpacyNumberParser(settings.count_parser)


__all__ = ["NumberParser", "make_parser"]
