"""What each number of a passage counts, parsed once at ingestion (erbm/parsing/).

A count question is answered only by a number that counts what it asks about
(erbm/assistant/evidence.py); the parse takes milliseconds a sentence, too long to run while a
question waits, and is stored with the passage instead.
"""

from __future__ import annotations

from erbm.models import Chunk, Counted
from erbm.parsing.base import NumberParser
from erbm.text import NUMBER_WORD, split_sentences


def _has_number(sentence: str) -> bool:
    return any(ch.isdigit() for ch in sentence) or NUMBER_WORD.search(sentence) is not None


def with_counts(chunks: list[Chunk], parser: NumberParser) -> list[Chunk]:
    """The chunks, each with what its numbers count. Sentences the overlap repeats from one
    passage to the next are parsed once."""
    spans = [[(a, b) for a, b in split_sentences(c.text) if _has_number(c.text[a:b])] for c in chunks]
    distinct = list(dict.fromkeys(c.text[a:b] for c, found in zip(chunks, spans, strict=True) for a, b in found))
    parsed = dict(zip(distinct, parser.counted(distinct), strict=True)) if distinct else {}
    out = []
    for chunk, sentences in zip(chunks, spans, strict=True):
        counted = [
            Counted(start=a + n.start, end=a + n.end, terms=n.terms, noun=n.noun)
            for a, b in sentences
            for n in parsed[chunk.text[a:b]]
        ]
        out.append(chunk.model_copy(update={"counts_json": Counted.encode(counted)}) if counted else chunk)
    return out
