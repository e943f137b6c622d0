"""Is there evidence enough to answer? The abstention signal.

A cosine threshold alone does not separate out-of-corpus questions here (every
question about "logements" looks close to this corpus). Three signals, measured on
dev and the project set (see README, "Quality and speed"):

1. *Unknown specifics*: a name, acronym or number the question relies on ("Anah",
   "TVA", "2024", "Paris") that no indexed passage contains in any spelling
   (erbm/index/names.py: "UE" for "Union européenne", "Gaule" for "Gaulois"), or what a
   yes/no or how-to question is about (« La toiture … est-elle refaite ? », « Comment
   isoler les combles … ? »). The documents cannot answer about what they never mention.
2. *Coverage*: the share of the question's content words, weighted by IDF, that the
   best of the top passages contains (a word the corpus never uses weighs most).
3. *Dense support*: the best passage's similarity to the question, which rescues
   paraphrases ("pistes à vélo" / "aménagements cyclables") that share no word.
4. *Anchoring*: when the question names specifics the corpus does know ("cité
   Declercq", "Saint-Pierre", "Mission Bassin Minier"), only passages that name most of
   them and also share some of the rest of the question count as evidence. Near-domain
   questions ask something the documents never say about something they do mention
   ("à quelle date les travaux de la cité Declercq seront-ils terminés ?"): the passage
   naming the cité looks close to the question in both the word and the dense measure,
   because of the name alone.

Score = coverage + dense_gain × (similarity − dense_reference) over the anchored
passages; answer when the score reaches min_evidence and nothing specific is unknown.
dense_reference and dense_gain are calibrated for the default embedder; recalibrate them
with `make eval` when the model changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from erbm.assistant.counted import counts_asked
from erbm.assistant.definition import glosses, spells_out
from erbm.assistant.query import Query
from erbm.index.analysis import analyse
from erbm.index.names import NameIndex
from erbm.models import Chunk, Passage
from erbm.text import split_sentences

_DEPTH = 5
# The expected-answer-type check reads the sentences of the best anchored passages that
# match the question at least half as well as the best one, each with its neighbours: a
# fixed count of sentences misses the answer when several tie, or reaches unrelated ones.
_TYPE_PASSAGES = 3
_TYPE_SENTENCE_SHARE = 0.5


def _sentence_spans(chunk: Chunk) -> list[tuple[int, int]]:
    """The passage's sentences, the heading it prints counted as one however many lines it
    takes: a newsletter's headline (« JUILLET 2019. N°2 » / « 20 juin 2019, 4ème COMITÉ… ») is
    one title, and the sentence after it is its neighbour."""
    spans = split_sentences(chunk.text)
    heading = chunk.printed_section()
    if heading is not None:
        start, end = heading
        inside = [s for s in spans if s[0] < end and s[1] > start]
        if inside:
            merged = (min(s[0] for s in inside), max(s[1] for s in inside))
            spans = sorted([s for s in spans if s not in inside] + [merged])
    return spans


@dataclass(frozen=True)
class Evidence:
    coverage: float  # best IDF-weighted share of question terms found in one anchored passage
    best_passage: int | None
    similarity: float
    score: float
    sufficient: bool
    # The checks that do not depend on the score threshold passed (no unknown name, an
    # anchored passage): what the evaluation needs to choose the threshold offline.
    rules_passed: bool = True
    unknown_terms: list[str] = field(default_factory=list)
    question_terms: list[str] = field(default_factory=list)
    # The question's specific words when a passage names them without answering: the user
    # is told the documents mention them, which is what they most likely want to know next.
    named_only: list[str] = field(default_factory=list)
    # The element the question asks for ("quantity", "date") when no matching sentence gives it.
    missing: str | None = None
    # The best-ranked passage that counts as evidence (index in the retrieved passages).
    first_anchored: int | None = None


@dataclass(frozen=True)
class EvidenceJudge:
    min_evidence: float
    dense_reference: float
    dense_gain: float
    # Measured with `make eval` on dev and the project set: abstention and false
    # abstention are the same for anchor shares 0.4 to 0.6 and rest coverages 0.05 to 0.2.
    anchor_share: float = 0.5
    rest_coverage: float = 0.1

    def anchored(self, query: Query, rest: list[str], passage: Passage) -> bool:
        """Names most of the question's specifics, in any spelling ("UE" / "Union européenne",
        "Gaule" / "Gaulois"), and shares something else with it."""
        specific, lexical = query.specific, query.index
        if not specific or passage.chunk.id in query.referenced_set:
            # A passage under the part the question names by number (« la préconisation 2.1 »)
            # is what it is about, though the passage does not print that number.
            return True
        terms = lexical.terms_of(passage.chunk.id)
        stems = {w: analyse(w) for w in specific}
        weights = {w: max((lexical.idf(t) for t in stems[w]), default=lexical.idf(w)) for w in specific}
        # The passage's own spellings, read once and only when a stem is not enough.
        spellings: NameIndex | None = None
        named = 0.0
        for w, weight in weights.items():
            if not set(stems[w]) <= terms:
                spellings = spellings or NameIndex([passage.chunk.indexed_text()])
                if not spellings.knows(w):
                    continue
            named += weight
        if named < self.anchor_share * sum(weights.values()):
            return False
        # The words that ask for an attribute (« fonction », « se situe ») are not required: a
        # passage naming the subject may give its function without the word. They still count
        # when it repeats them (« … qui se trouve dans … »).
        if all(t in query.asking_terms for t in rest):
            return True
        return query.coverage(terms, rest) >= self.rest_coverage

    def judge(self, query: Query, passages: list[Passage]) -> Evidence:
        specific_stems = query.specific_terms
        rest = [t for t in query.terms if t not in specific_stems]
        best, best_i, similarity, anchored, named = 0.0, None, 0.0, False, False
        kept: list[Passage] = []
        first_anchored: int | None = None
        for i, passage in enumerate(passages[:_DEPTH]):
            terms = query.index.terms_of(passage.chunk.id)
            if not self.anchored(query, rest, passage):
                named = named or (bool(specific_stems) and set(specific_stems) <= terms)
                continue
            anchored = True
            first_anchored = i if first_anchored is None else first_anchored
            kept.append(passage)
            similarity = max(similarity, passage.dense_similarity or 0.0)
            if passage.chunk.id in query.referenced_set:
                # The part the question names holds the words that name it, in its heading.
                terms = terms | query.naming_terms
            value = query.coverage(terms)
            if value > best:
                best, best_i = value, i
        missing = self._missing_type(query, kept) if anchored else None
        if query.acronym_asked is not None:
            # « Que signifie CNL ? » is answered by the passage that spells it out, and only by it.
            defining = next(
                (i for i, p in enumerate(passages[:_DEPTH]) if spells_out(p.chunk.text, query.acronym_asked)), None
            )
            if defining is None:
                # Refused only when no passage glosses it either (« techniciens supérieurs
                # (TSEEAC et TSA) »): such a gloss is left to the other checks.
                if not any(glosses(p.chunk.text, query.acronym_asked) for p in passages[:_DEPTH]):
                    missing = "definition"
            else:
                anchored, best, best_i = True, 1.0, defining
                first_anchored = defining if first_anchored is None else min(first_anchored, defining)
                similarity = max(similarity, passages[defining].dense_similarity or 0.0)
        score = best + self.dense_gain * (similarity - self.dense_reference) if anchored else 0.0
        unknown = query.unknown + [str(ref) for ref in query.unknown_references]
        rules_passed = anchored and bool(query.terms) and not unknown and missing is None
        sufficient = rules_passed and score >= self.min_evidence
        return Evidence(
            coverage=best,
            best_passage=best_i,
            similarity=similarity,
            score=score,
            sufficient=sufficient,
            rules_passed=rules_passed,
            unknown_terms=unknown,
            question_terms=query.terms,
            named_only=query.phrases if named and not anchored else [],
            missing=missing,
            first_anchored=first_anchored,
        )

    @staticmethod
    def _missing_type(query: Query, passages: list[Passage]) -> str | None:
        """The asked-for type, when none of the sentences that best match the question has it."""
        wanted = query.answer_type
        if wanted is None or gives_answer_type(query, passages):
            return None
        return wanted.name


def gives_answer_type(query: Query, passages: list[Passage]) -> bool:
    """One of the sentences of the first passages that best match the question, read with its
    neighbours, gives the element the question asks for (a count, a date, an amount)."""
    wanted = query.answer_type
    if wanted is None:
        return False
    # A sentence is read with its neighbours: the element often comes in the next sentence
    # ("Partenaires. L'engagement réunit douze signataires").
    scored: list[tuple[float, Chunk, list[tuple[int, int]]]] = []
    for passage in passages[:_TYPE_PASSAGES]:
        chunk = passage.chunk
        spans = _sentence_spans(chunk)
        for i, (a, b) in enumerate(spans):
            scored.append((query.coverage(frozenset(analyse(chunk.text[a:b]))), chunk, spans[max(0, i - 1) : i + 2]))
    best = max((value for value, _, _ in scored), default=0.0)
    close = [(chunk, window) for value, chunk, window in scored if value > 0 and value >= _TYPE_SENTENCE_SHARE * best]
    if wanted.counts:
        # Neighbouring windows share sentences: each sentence is read once, with its passage's parse.
        sentences: dict[str, tuple[Chunk, dict[tuple[int, int], None]]] = {}
        for chunk, window in close:
            sentences.setdefault(chunk.id, (chunk, {}))[1].update(dict.fromkeys(window))
        return any(counts_asked(query, chunk, list(spans)) for chunk, spans in sentences.values())
    return any(wanted.given_by(" ".join(chunk.text[a:b] for a, b in window)) for chunk, window in close)
