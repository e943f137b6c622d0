"""Dependency parsers that say what each number of a passage counts; ``make_parser`` picks one
from settings (none when `count_parser` is empty)."""

from __future__ import annotations

import logging

from erbm.parsing.base import NumberParser
from erbm.settings import Settings

log = logging.getLogger(__name__)


def make_parser(settings: Settings) -> NumberParser | None:
    if not settings.count_parser:
        return None
    if not settings.count_parser_installed():
        # Every document of the next ingest would fail; it is indexed without the parse instead.
        log.warning(
            "count parser %r is not installed: numbers are indexed without what they count", settings.count_parser
        )
        return None
    from erbm.parsing.spacy_ud import SpacyNumberParser

    return SpacyNumberParser(settings.count_parser)


__all__ = ["NumberParser", "make_parser"]
