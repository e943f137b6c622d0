"""Does a sentence count what the question asks about? Read with the parse stored with the
passage (erbm/ingest/counting.py).

« Combien de locataires ont retrouvé du pouvoir d'achat … ? » is closest to « En réhabilitant
23 000 logements sur 10 ans, les enjeux sont multiples : redonner du pouvoir d'achat aux
locataires … »: a number, in the sentence that matches best, about something else. A count
answers when the number counts one of the question's words, or sits in a clause that holds one
(« Le territoire compte 1,2 million d'habitants » answers « Combien de personnes vivent sur le
territoire ? »: documents count with other nouns than questions do).
"""

from __future__ import annotations

import re

from erbm.assistant.query import Query
from erbm.models import Chunk, Counted
from erbm.text import NUMBER, number_value

# A share of those asked about answers how many they are (« « Oui » à 99,4 % »).
_SHARE = re.compile(r"\s*(?:%|pour\s?cent\b)", re.IGNORECASE)
# One stem beginning the other, from this many letters, is one word (« sign » / « signatur »):
# the question's words and the parse's are stemmed alike, but derived words stem apart.
_PREFIX = 4


def _same(term: str, asked: frozenset[str]) -> bool:
    return any(
        term == a or (min(len(term), len(a)) >= _PREFIX and (term.startswith(a) or a.startswith(term))) for a in asked
    )


def _counts_another(number: Counted, counted: frozenset[str], named: frozenset[str]) -> bool:
    """The number counts another noun the question names (« 4 ateliers » for « Combien de
    bénévoles animent les ateliers ? »). The same stem, not a prefix: « signataires » counts what
    « Combien de partenaires ont signé … ? » asks about."""
    return not any(_same(t, counted) for t in number.noun) and any(t in named for t in number.noun)


def counts_asked(query: Query, chunk: Chunk, sentences: list[tuple[int, int]]) -> bool:
    """One of the passage's sentences (spans of ``chunk.text``) gives a count of what the question
    asks about.

    A number the question itself writes is not its answer. Where the question names what it
    counts, a number of another noun it names, or one that gives a duration (« dix ans »), is
    not either. A number the stored parse does not cover (an index written without the parser)
    answers as any number did before."""
    wanted = query.answer_type
    if wanted is None:
        return False
    parsed = chunk.counts()
    counted = query.counted_terms
    named = query.count_terms - counted
    for start, end in sentences:
        sentence = chunk.text[start:end]
        units = [m.span() for unit in wanted.units for m in unit.elements(sentence)] if counted else []
        for element in wanted.elements(sentence):
            written = next((n for n in NUMBER.finditer(sentence) if n.start() <= element.start() < n.end()), None)
            if written is not None and number_value(written.group()) in query.given_numbers:
                continue
            if _SHARE.match(sentence, written.end() if written else element.end()):
                return True
            if any(s <= element.start() < e for s, e in units):
                continue
            a, b = start + element.start(), start + element.end()
            read = [n for n in parsed if n.start < b and a < n.end]
            if counted and any(_counts_another(n, counted, named) for n in read):
                continue
            if not read or any(_same(t, query.count_terms) for n in read for t in n.terms):
                return True
    return False
