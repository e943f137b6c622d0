"""Extractive answers: the documents' own sentences, each with its citation marker."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from erbm.assistant.citations import CitationFormatter
from erbm.assistant.definition import spells_out
from erbm.assistant.evidence import Evidence
from erbm.assistant.query import Query
from erbm.index.analysis import analyse
from erbm.models import Answer, Chunk, Citation, Passage
from erbm.prompts import PromptSet
from erbm.text import asks, normalise_for_match, split_sentences

# Sentences are drawn from this many top passages.
_PASSAGE_DEPTH = 3
# A sentence joins the answer if it scores at least this share of the best one.
_RELATIVE_FLOOR = 0.5
_SENTENCE_ENDS = (".", "!", "?", "…", ";", ":", "»", ")", '"')
_HEADING_PENALTY = 0.5
_OPENING_BONUS = 0.02
_DEFINES_BONUS = 1.0
# Shorter repeated lines (« Objectif : », « 2. ») are left to the other rules.
_TEMPLATE_MIN_CHARS = 40


def _section_line(sentence: str, chunk: Chunk) -> bool:
    """A line of the passage's unnumbered section title: it names the topic and answers nothing
    (« EAU », the end of « … PRESERVATION DE LA RESSOURCE EN EAU »). A headline line that
    gives a date or a figure may answer: it stays a candidate."""
    if not chunk.section or sentence.rstrip().endswith(_SENTENCE_ENDS) or any(ch.isdigit() for ch in sentence):
        return False
    text = normalise_for_match(sentence)
    # Whole words of the title: « AU » is no line of « … EN EAU ».
    return bool(text) and f" {text} " in f" {normalise_for_match(chunk.section)} "


def _template_sentences(passages: list[Passage]) -> set[str]:
    """Sentences printed under two different headings of one document: the template of a
    référentiel (« Mise en œuvre : le porteur de projet indique… » under every recommendation)
    says nothing of any one of them."""
    seen: dict[str, tuple[str, object]] = {}
    template: set[str] = set()
    for passage in passages:
        chunk = passage.chunk
        place = (chunk.doc_id, chunk.heading_path or chunk.section)
        for start, end in split_sentences(chunk.text):
            key = normalise_for_match(chunk.text[start:end])
            if len(key) < _TEMPLATE_MIN_CHARS:
                continue
            first = seen.setdefault(key, place)
            if first[0] == place[0] and first[1] != place[1]:
                template.add(key)
    return template


@dataclass(frozen=True)
class _Candidate:
    score: float
    passage: int
    sentence: str
    key: str  # the sentence as compared (normalise_for_match)
    asks: bool = False


def _quoted(words: list[str]) -> str:
    return ", ".join(f"« {w} »" for w in words)


class ExtractiveAnswerer:
    def __init__(self, prompts: PromptSet, citations: CitationFormatter, *, max_sentences: int = 3) -> None:
        self.prompts = prompts
        self.citations = citations
        self.max_sentences = max_sentences

    def answer(self, query: Query, passages: list[Passage], evidence: Evidence) -> Answer:
        chosen: list[_Candidate] = []
        if evidence.sufficient and passages:
            # A quote is displayed only if it is, verbatim, in the chunk it cites.
            chosen = [c for c in self._select(query, passages, evidence) if c.sentence in passages[c.passage].chunk.text]
        if not chosen:
            if evidence.unknown_terms:
                text = self.prompts["abstention_unknown_terms"].render(terms=_quoted(evidence.unknown_terms))
            elif evidence.missing == "source" and query.source is not None:
                text = self.prompts["abstention_missing_source"].render(document=query.source.title)
            elif evidence.missing:
                text = self.prompts[f"abstention_missing_{evidence.missing}"].render()
            elif evidence.named_only:
                text = self.prompts["abstention_named_only"].render(terms=_quoted(evidence.named_only))
            else:
                text = self.prompts["abstention_with_neighbours" if passages else "abstention"].render()
            return Answer(
                question=query.text,
                text=text,
                abstained=True,
                passages=passages,
                confidence=evidence.score,
                evidence_rules_passed=evidence.rules_passed,
            )
        markers: dict[int, int] = {}
        lines = []
        citations: list[Citation] = []
        for cand in chosen:
            if cand.passage not in markers:
                markers[cand.passage] = len(markers) + 1
                chunk = passages[cand.passage].chunk
                citations.append(
                    Citation(marker=markers[cand.passage], chunk=chunk, quote=cand.sentence, reference=self.citations.reference(chunk))
                )
            # A sentence printed over two lines reads as one line in the answer.
            sentence = " ".join(cand.sentence.split())
            lines.append(self.prompts["answer_sentence"].render(sentence=sentence, marker=markers[cand.passage]))
        return Answer(
            question=query.text,
            text=self.prompts["answer"].render(sentences="\n".join(lines)),
            abstained=False,
            citations=citations,
            passages=passages,
            confidence=evidence.score,
            evidence_rules_passed=evidence.rules_passed,
        )

    def stream(self, query: Query, passages: list[Passage], evidence: Evidence) -> Iterator[str | Answer]:
        yield self.answer(query, passages, evidence)

    def _select(self, query: Query, passages: list[Passage], evidence: Evidence) -> list[_Candidate]:
        order = list(range(min(_PASSAGE_DEPTH, len(passages))))
        named = query.referenced_set
        template: set[str] = set()
        if passages[0].chunk.id in named:
            # The question names a part by number: the answer is that part's own text, not the
            # template every part repeats.
            order = [i for i in order if passages[i].chunk.id in named]
            template = _template_sentences(passages)
        elif evidence.best_passage is not None and evidence.best_passage not in order:
            # The passage that best covers the question leads, whatever its fused rank.
            order.insert(0, evidence.best_passage)
        candidates: list[_Candidate] = []
        seen: set[str] = set()
        # A question that names a part by number (« Que dit la préconisation 2.1 ? ») is scored on
        # what it asks about it: the digits of « 2.1 » would pick any line with a 2 and a 1 (with
        # no part named, these are all the question's terms).
        terms = query.unreferenced_terms
        acronym = query.acronym_asked
        for rank, i in enumerate(order):
            text = passages[i].chunk.text
            # The part's own text is read from its start: its first sentences say what it is.
            opening = _OPENING_BONUS if passages[i].chunk.id in named else 0.0
            for j, (start, end) in enumerate(split_sentences(text)):
                sentence = text[start:end]
                key = normalise_for_match(sentence)
                if key in seen:
                    continue
                seen.add(key)
                # A template sentence cut by the passage's end is the template too.
                if _section_line(sentence, passages[i].chunk) or any(key in t for t in template):
                    continue
                score = query.coverage(frozenset(analyse(sentence)), terms) + opening / (j + 1)
                if acronym is not None and spells_out(sentence, acronym):
                    score += _DEFINES_BONUS  # « Que signifie CNL ? »: the sentence that spells it out
                # Earlier passages win ties: retrieval already weighed the whole passage.
                score += 0.05 / (rank + 1) + (0.1 if i == evidence.best_passage else 0.0)
                if not sentence.rstrip().endswith(_SENTENCE_ENDS):
                    # A bare heading names the topic; the sentences under it carry the answer.
                    score *= _HEADING_PENALTY
                candidates.append(_Candidate(score=score, passage=i, sentence=sentence, key=key, asks=asks(sentence)))
        candidates.sort(key=lambda c: -c.score)
        if not candidates:
            return []
        # The answer leads with the best sentence of the best-ranked passage that counts as
        # evidence: the fused ranking weighs the whole passage, which one sentence's word
        # overlap cannot (a leaflet line "associer les habitants" over the référentiel's
        # recommendation that answers). Its citation is then the first one.
        # A question the document asks answers nothing, yet shares the user's words: it is
        # never quoted. A passage that only asks (« Où placer les points de collecte ? Quelles
        # fréquences choisir ? ») ranks high for a question by its form alone: the best sentence
        # of the other passages leads. (A référentiel's sub-measure titles, « 5.1.3.3 Créer des
        # espaces de dialogue », do say what to do: they may lead.)
        answering = [c for c in candidates if not c.asks] or candidates
        lead = next((c for c in answering if c.passage == evidence.first_anchored), answering[0])
        # The same sentence in two passages, whole in one and cut by the other's end, is said once.
        def repeats(c: _Candidate, k: _Candidate) -> bool:
            return c.key in k.key or k.key in c.key

        rest = [c for c in answering if c is not lead and not repeats(c, lead)]
        floor = max(lead.score, rest[0].score if rest else 0.0) * _RELATIVE_FLOOR
        chosen = [lead]
        for c in rest:
            if len(chosen) == self.max_sentences:
                break
            if c.score >= floor and not any(repeats(c, k) for k in chosen[1:]):
                chosen.append(c)
        return chosen
