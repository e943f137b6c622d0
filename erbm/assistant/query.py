"""A question, analysed once against the loaded index: what retrieval, the evidence judge
and the answerers read.

Each part is computed on first use and kept: a retrieval-only call (bench, evaluation)
does not pay for the name lookups that only the evidence judge needs.
"""

from __future__ import annotations

import re
from functools import cached_property

from langchain_core.embeddings import Embeddings

from erbm.assistant.answer_type import AnswerType, AnswerTypes
from erbm.assistant.definition import asked_acronym
from erbm.index.analysis import analyse, question_pairs
from erbm.index.documents import NamedSource
from erbm.index.lexical import LexicalIndex
from erbm.index.outline import Reference
from erbm.text import NUMBER, canonical_numbers, number_value

# Snowball conflates less than it should in French ("réhabilités" → "rehabl",
# "réhabilitant" → "rehabilit"): a shared 5-letter stem prefix also counts as covered.
_PREFIX = 5
_WORD = re.compile(r"[^\W_]+")
# A number the question writes, with the noun it counts (« 10 000 habitants », « 3 ans »).
_GIVEN_NUMBER = re.compile(rf"(?P<number>{NUMBER.pattern})(?:\s+(?:de\s+|d['’]\s*)?(?P<noun>[^\W\d_]+))?")


def stem_prefixes(terms: frozenset[str]) -> frozenset[str]:
    return frozenset(t[:_PREFIX] for t in terms if len(t) >= _PREFIX)


def term_covered(term: str, terms: frozenset[str], prefixes: frozenset[str]) -> bool:
    return term in terms or (len(term) >= _PREFIX and term[:_PREFIX] in prefixes)


def _is_specific(i: int, word: str) -> bool:
    is_name = i > 0 and word[0].isupper()
    is_acronym = len(word) >= 2 and word.isupper()
    return is_name or is_acronym or any(ch.isdigit() for ch in word)


# A number the question gives as approximate (« environ 25 000 », « près de 1,3 million ») is
# the asker's estimate, not a figure the documents must print. Its later digit groups (« 25 000 »
# as the question wrote it, « 1,3 ») are part of it.
_APPROXIMATE = re.compile(r"\b(?:environ|pr[eè]s\s+de|quelque|approximativement|autour\s+de)\s+(?:\d+[,.\s\u202f\u00a0]+)*$", re.IGNORECASE)


def _approximate(text: str, match: re.Match[str]) -> bool:
    return match.group().isdigit() and bool(_APPROXIMATE.search(text[: match.start()]))


def specific_words(question: str) -> list[str]:
    """Names, acronyms and numbers: capitalised after the first word, all-caps, or with digits
    ("23 000" one number, "4ème" as "4e", the way the corpus's spellings are read)."""
    text = canonical_numbers(question)
    return [m.group() for i, m in enumerate(_WORD.finditer(text)) if _is_specific(i, m.group()) and not _approximate(text, m)]


def specific_phrases(question: str) -> list[str]:
    """Specific words that follow each other, as the question wrote them: "Mission Bassin Minier"."""
    words = list(_WORD.finditer(question))
    phrases: list[str] = []
    start = end = None
    for i, match in enumerate(words + [None]):
        if match is not None and _is_specific(i, match.group()) and not _approximate(question, match):
            start = match.start() if start is None else start
            end = match.end()
        elif start is not None:
            phrases.append(question[start:end])
            start = None
    return phrases


# What a question is about, when its form says it: the subject of a yes/no question put by
# inversion (a determiner, its noun phrase, a verb with the subject's pronoun after it: « La
# toiture des maisons est-elle refaite ? », typed « le loyer peut il augmenter ? ») or with
# « est-ce que » (« Est-ce que les gouttières sont changées ? »), or the object
# of a how-to question (« Comment isoler les combles … ? », « Comment travailler avec les
# associations ? »).
_DETERMINER = r"(?:(?:le|la|les|un|une|des|ce|cet|cette|ces|son|sa|ses|leur|leurs)\s+|[ld]['’]\s*)"
_ABOUT = (
    re.compile(
        rf"^\s*{_DETERMINER}(?P<about>[^?]+?)\s+[^\W\d_]+(?:-t-|-|\s+t\s+|\s+)(?:il|elle|ils|elles)\b", re.IGNORECASE
    ),
    re.compile(rf"^\s*est[\s-]+ce\s+qu(?:e\s+|['’]\s*){_DETERMINER}(?P<about>[^?]+)", re.IGNORECASE),
    re.compile(
        r"^\s*comment\s+(?:(?:se|en|y|le|la|les|leur|lui|nous|vous)\s+|[sl]['’]\s*)?[^\W\d_]+(?:er|ir|re|oir)\s+"
        rf"(?:(?:avec|pour|sur|dans|à|aux|au|de|du|des)\s+)?{_DETERMINER}(?P<about>[^?]+)",
        re.IGNORECASE,
    ),
)


def asked_about(question: str) -> str | None:
    """The word a yes/no or how-to question is about: the first content word of its subject or
    object (« toiture », « combles »)."""
    match = next((m for pattern in _ABOUT if (m := pattern.match(question))), None)
    if match is None:
        return None
    return next((w for w in _WORD.findall(match.group("about")) if analyse(w)), None)


class Query:
    def __init__(self, text: str, index: LexicalIndex, answer_types: AnswerTypes | None = None) -> None:
        self.text = text
        # The index the question is read against: which words it knows, how rare they are.
        self.index = index
        self._answer_types = answer_types
        self._vector: list[float] | None = None

    @cached_property
    def spelled(self) -> str:
        """The question as the documents would write it: a word typed without its accents or its
        capital (« cite lemay ») gets the corpus's (« cité Lemay »; erbm/index/spellings.py).
        Everything below reads this; `text` stays what the user typed."""
        return self.index.spellings.restore(self.text)

    @cached_property
    def source(self) -> NamedSource | None:
        """The indexed document the question names as its source (« Selon le guide de la FNCCR, … »)."""
        return self.index.documents.source_of(self.spelled)

    @cached_property
    def content(self) -> str:
        """The question without the phrase naming its source: what it asks. That phrase says
        where to look; its words are no more content than « selon » is."""
        source, spelled = self.source, self.spelled
        return spelled if source is None else spelled[: source.start] + spelled[source.end :]

    def vector(self, embeddings: Embeddings) -> list[float]:
        """The question's embedding, computed once: a question naming its source is searched twice."""
        if self._vector is None:
            self._vector = embeddings.embed_query(self.content)
        return self._vector

    @cached_property
    def terms(self) -> list[str]:
        """Index terms (erbm/index/analysis.py), in the question's order."""
        return analyse(self.content)

    @cached_property
    def search_terms(self) -> list[str]:
        """What the lexical search looks for: the question's terms, and the words that name the
        element it asks for when documents name it otherwise (« combien de temps » / « durée »)."""
        wanted = self.answer_type
        if wanted is None or not wanted.names:
            return self.terms
        return self.terms + [t for t in analyse(" ".join(wanted.names)) if t not in self.terms]

    @cached_property
    def pairs(self) -> frozenset[tuple[str, str]]:
        """Adjacent term pairs, "combien" standing for any number (retrieval's proximity)."""
        return question_pairs(self.content)

    @cached_property
    def specific(self) -> list[str]:
        return specific_words(self.content)

    @cached_property
    def phrases(self) -> list[str]:
        return specific_phrases(self.content)

    @cached_property
    def specific_terms(self) -> list[str]:
        """The question's index terms that come from its specific words."""
        specific = set(analyse(" ".join(self.specific)))
        return [t for t in dict.fromkeys(self.terms) if t in specific]

    @cached_property
    def unknown(self) -> list[str]:
        """Specific words no indexed passage contains in any spelling, and what a yes/no or how-to
        question is about: documents that never name the roof cannot say whether it is redone,
        nor how to insulate the attic, however close their sentences on renovation look."""
        words = [w for w in self.specific if not self.index.names.knows(w)]
        about = asked_about(self.content)
        if about is not None and about not in self.specific and not self.index.names.knows(about):
            words.append(about)
        return words

    @cached_property
    def references(self) -> list[Reference]:
        """The parts of documents the question names by number (« la préconisation 2.1 »)."""
        return self.index.outline.references(self.content)

    @cached_property
    def referenced(self) -> list[str]:
        """Ids of the passages under those parts: each part's in document order."""
        outline, chunks = self.index.outline, self.index.chunks
        return list(dict.fromkeys(chunks[p].id for ref in self.references for p in outline.under(ref)))

    @cached_property
    def referenced_set(self) -> frozenset[str]:
        return frozenset(self.referenced)

    @cached_property
    def unknown_references(self) -> list[Reference]:
        """Parts named in the documents' own numbering that no heading has and no passage prints
        (« la préconisation 4.3 » where axis 4 has only 4.1)."""
        outline = self.index.outline
        return [
            ref
            for ref in self.references
            if not outline.under(ref) and outline.numbered_alike(ref) and not outline.printed(ref)
        ]

    @cached_property
    def naming_terms(self) -> frozenset[str]:
        """The question's terms that name a part by number (« sous-orientation 4.2 »)."""
        return frozenset(analyse(" ".join(str(ref) for ref in self.references)))

    @cached_property
    def unreferenced_terms(self) -> list[str]:
        """The question's terms beyond the words that name a part: what it asks about that part."""
        return [t for t in self.terms if t not in self.naming_terms]

    @cached_property
    def acronym_asked(self) -> str | None:
        """The acronym whose meaning the question asks for (« Que signifie CNL ? »)."""
        return asked_acronym(self.content)

    @cached_property
    def answer_type(self) -> AnswerType | None:
        """The element asked for ("combien" → a count), when the check is on."""
        return self._answer_types.of(self.content) if self._answer_types else None

    @cached_property
    def asking_terms(self) -> frozenset[str]:
        """The terms that ask for an attribute of what the question names (« fonction »): a
        passage that names it need not repeat them (erbm/assistant/evidence.py)."""
        wanted = self.answer_type
        return frozenset(analyse(" ".join(wanted.asking(self.content)))) if wanted else frozenset()

    @cached_property
    def _given(self) -> list[re.Match[str]]:
        return list(_GIVEN_NUMBER.finditer(self.content))

    @cached_property
    def given_numbers(self) -> frozenset[str]:
        """The numbers the question writes (« 10 000 », as digits): what it gives, not what it asks."""
        return frozenset(number_value(m["number"]) for m in self._given)

    @cached_property
    def count_terms(self) -> frozenset[str]:
        """What a count must be about to answer the question: its terms but its numbers and the
        nouns they count (« … les communes de plus de 10 000 habitants ? » asks no count of
        inhabitants)."""
        counted = {t for m in self._given if m["noun"] for t in analyse(m["noun"])}
        return frozenset(t for t in self.terms if not t.isdigit() and t not in counted)

    @cached_property
    def counted_terms(self) -> frozenset[str]:
        """The terms of the noun a count question counts (« élèves » in « Combien d'élèves … ? »);
        none when it names none (« Jusqu'à combien … ? »)."""
        wanted = self.answer_type
        noun = wanted.counted_noun(self.content) if wanted else None
        return frozenset(analyse(noun)) if noun else frozenset()

    def coverage(self, passage_terms: frozenset[str], terms: list[str] | None = None) -> float:
        """The IDF-weighted share of the question's terms (or of `terms`) that a passage contains."""
        wanted = set(self.terms if terms is None else terms)
        total = sum(self.index.idf(t) for t in wanted)
        if total <= 0:
            return 0.0
        prefixes = stem_prefixes(passage_terms)
        return sum(self.index.idf(t) for t in wanted if term_covered(t, passage_terms, prefixes)) / total
