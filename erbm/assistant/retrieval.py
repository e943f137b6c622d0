"""Hybrid retrieval: passage vectors (dense) + BM25-French (lexical) + term proximity + best sentence,
fused by reciprocal rank.

Proximity ranks the candidates the other two found by how many of the question's
adjacent term pairs they contain: it promotes the passage that says "délégué
interministériel" over the one that has "délégation" and "interministérielle" in a
title line, which neither bag-of-words ranking can tell apart (dev MRR 0.88 → 0.93,
project set unchanged). In these pairs "combien" stands for any number, so "Combien de
partenaires … ?" finds "les douze partenaires" (dev hit@5 0.955 → 1.0, MRR 0.93 → 0.98).
It reorders only what one of the two ranks among its first ten (`Fusion.proximity_depth`):
alone in its list, a checklist line sharing one phrase with the question ("Avoir fait acte
de candidature au label", 14th and 16th) came first, above the passage both rank first
(real-project hit@1 +0.05, every other set unchanged; README).

The fourth ranking orders the same candidates by their best sentence's similarity to the
question (erbm/index/sentences.py): a passage whose one sentence answers is not drowned by
the rest of it. Passages without sentence vectors (an index written with them off) are left
out of it, as proximity leaves out passages sharing no pair.

Last, when the best passage is a section's own introduction and the next one belongs to one
of its subsections, the subsection comes first (`subsection_first`): the introduction of
« 5.1 Actions dirigées vers le Grand Public et les associations » shares the section's words
with every question about it, but the measure below it is what a practitioner cites.
Measured on every set: real-dev hit@1 0.688 → 0.812, every other set unchanged (README).

And when the question asks for an element of a type (a count, a duration, an amount, a date)
that the first passage holds nowhere, while the second gives it in a sentence matching the
question, the second comes first (`typed_first`): « Sous combien de jours le secrétariat
accuse-t-il réception d'une candidature ? » is answered by the list of the candidature's steps
(« Accusé de réception … sous 7 jours »), not by what follows a complete candidature, which
shares more of its words. Measured on every set: real-project hit@1
0.739 → 0.768, onboarding 0.917 → 1.0, every other set unchanged (README).

Consecutive passages share text (the chunks' overlap): by default the last sentence of one is
the first of the next. When the first two passages are such a pair and the first matches the
question best by that shared text, the next comes first (`past_the_overlap`): it holds the sentence and
what follows it, the first only what leads to it (« Pourquoi mettre en place un service de
traitement des réclamations … ? » / « … parait essentielle. Un tel service rend en effet
possible … »). Measured on every set: real-dev hit@1 0.812 → 0.875, piaf 0.882 → 0.894, every
other set unchanged (README).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from erbm.assistant.definition import spells_out
from erbm.assistant.evidence import gives_answer_type
from erbm.assistant.fusion import Fusion, reciprocal_rank_fusion
from erbm.assistant.query import Query
from erbm.index.analysis import analyse
from erbm.index.documents import NamedSource
from erbm.index.gate import LoadedIndex
from erbm.models import Chunk, Filters, Passage
from erbm.text import split_sentences

# Passages of a part named by number read beyond those the fusion found (`_named_first`).
_REFERENCED_READ = 20
# Passages the acronym alone finds, read for one that spells it out (`_defining`).
_DEFINING_READ = 30


@dataclass(frozen=True)
class Rankings:
    """Each engine's own ranking, best first, before fusion: gathered once, fused under as many
    `Fusion`s as wanted (the evaluation tries a grid of them on every question)."""

    dense: list[tuple[str, float]]  # (chunk id, cosine similarity)
    lexical: list[str]
    # Best sentence similarity of every candidate (erbm/index/sentences.py) that has sentence vectors.
    sentence: dict[str, float]
    # The user's filters (document, axis): what fusion may add beyond these rankings obeys them too.
    filters: Filters | None = None


def _within(section: Chunk, passage: Chunk) -> bool:
    """`passage` sits in a subsection of the section `section` is the text of."""
    outer, inner = section.heading_path, passage.heading_path
    return section.doc_id == passage.doc_id and 0 < len(outer) < len(inner) and inner[: len(outer)] == outer


def subsection_first(passages: list[Passage]) -> list[Passage]:
    """Only the first place moves: lower down the order is the fusion's own."""
    if len(passages) >= 2 and _within(passages[0].chunk, passages[1].chunk):
        return [passages[1], passages[0], *passages[2:]]
    return passages


def typed_first(query: Query, passages: list[Passage]) -> list[Passage]:
    """Only the first two passages may trade places: reaching the third gave a piaf question's
    first place to a sum about something else (« Sur quel montant porte l'aide directe … ? »,
    answered in words: « équivalente au niveau des fonds propres »)."""
    wanted = query.answer_type
    if wanted is None or len(passages) < 2 or wanted.given_by(passages[0].chunk.text):
        return passages
    if not gives_answer_type(query, [passages[1]]):
        return passages
    return [passages[1], passages[0], *passages[2:]]


def past_the_overlap(query: Query, passages: list[Passage]) -> list[Passage]:
    """The first two trade places only when what they share matches best: when the first
    matches best by an earlier sentence, its answer leads to the shared text, and the order
    stands."""
    if len(passages) < 2:
        return passages
    first, second = passages[0].chunk, passages[1].chunk
    if first.doc_id != second.doc_id or second.index != first.index + 1:
        return passages
    spans = split_sentences(first.text)
    # The shared text is the first's tail that the next begins with: as many sentences as the
    # chunker carried over (`chunk_overlap_sentences`), however it cut them.
    shared = next((i for i, (a, _) in enumerate(spans) if i and second.text.startswith(first.text[a:].rstrip())), None)
    if shared is None:
        return passages
    matched = [query.coverage(frozenset(analyse(first.text[a:b]))) for a, b in spans]
    # A tie with an earlier sentence keeps the order.
    if max(matched[:shared]) >= max(matched[shared:]):
        return passages
    return [passages[1], passages[0], *passages[2:]]


def searched_source(query: Query, filters: Filters | None) -> NamedSource | None:
    """The document the question names as its source (« Selon le guide de la FNCCR, … »), which
    is searched alone as if the user had chosen it, unless the user's own choice leaves it out."""
    source = query.source
    if source is None or (filters is not None and filters.documents and source.file_name not in filters.documents):
        return None
    return source


def _with_source(query: Query, filters: Filters) -> Filters:
    source = searched_source(query, filters)
    return filters if source is None else filters.model_copy(update={"documents": [source.file_name]})


class HybridRetriever:
    def __init__(self, embeddings: Embeddings, loaded: LoadedIndex, *, fusion: Fusion) -> None:
        self.fusion = fusion
        self.embeddings = embeddings
        self.lexical = loaded.lexical
        self.dense = loaded.dense
        self.sentences = loaded.sentences

    def _distinct(self, ids: list[str]) -> list[str]:
        """First of each run of identical passages: a text repeated a thousand times (a
        one-line export, boilerplate) must not fill every candidate slot."""
        seen: set[str] = set()
        out = []
        for cid in ids:
            text = self.lexical.chunk(cid).text
            if text not in seen:
                seen.add(text)
                out.append(cid)
        return out

    def _proximity(self, query: Query, candidates: list[str]) -> list[str]:
        """Candidates sharing at least one adjacent pair with the question, most pairs first."""
        pairs = query.pairs
        if not pairs:
            return []
        shared = {cid: len(pairs & self.lexical.pairs_of(cid)) for cid in candidates}
        return sorted((cid for cid in candidates if shared[cid]), key=lambda cid: -shared[cid])

    def rankings(
        self, query: Query, filters: Filters | None = None, depth: int | None = None, *, within_source: bool = True
    ) -> Rankings:
        """The dense and lexical rankings, `depth` passages each (default: the fusion's candidates),
        in the document the question names as its source unless `within_source` is False."""
        depth = depth or self.fusion.candidates
        if not len(self.lexical):
            return Rankings(dense=[], lexical=[], sentence={})
        filters = filters or Filters()
        if within_source:
            filters = _with_source(query, filters)
        mask = None
        if not filters.is_empty():
            mask = np.array([filters.matches(c) for c in self.lexical.chunks])
        lexical = [hit.chunk.id for hit in self.lexical.search(query.search_terms, depth, mask)]
        vector = query.vector(self.embeddings)
        chunks = self.lexical.chunks
        dense = [(chunks[row].id, sim) for row, sim in self.dense.search(vector, depth, mask)]
        candidates = dict.fromkeys([cid for cid, _ in dense] + lexical)
        return Rankings(dense=dense, lexical=lexical, sentence=self.sentences.best(candidates, vector), filters=filters)

    def fuse(self, query: Query, rankings: Rankings, fusion: Fusion | None = None, k: int = 10) -> list[Passage]:
        fusion = fusion or self.fusion
        n = fusion.candidates
        lexical_ids = self._distinct(rankings.lexical[:n])
        similarity = dict(rankings.dense[:n])
        dense_ids = self._distinct([cid for cid, _ in rankings.dense[:n]])
        dense_rank = {cid: r for r, cid in enumerate(dense_ids, start=1)}
        lexical_rank = {cid: r for r, cid in enumerate(lexical_ids, start=1)}
        candidates = list(dict.fromkeys(dense_ids + lexical_ids))
        depth = fusion.proximity_depth
        near = set(dense_ids[:depth]) | set(lexical_ids[:depth])
        proximity_ids = self._proximity(query, [cid for cid in candidates if cid in near])
        best = rankings.sentence
        sentence_ids = sorted((cid for cid in candidates if cid in best), key=lambda cid: -best[cid])
        fused = reciprocal_rank_fusion(
            [dense_ids, lexical_ids, proximity_ids, sentence_ids], k=fusion.rrf_k, weights=fusion.weights
        )
        passages = subsection_first([
            Passage(
                chunk=self.lexical.chunk(cid),
                score=score,
                dense_rank=dense_rank.get(cid),
                lexical_rank=lexical_rank.get(cid),
                dense_similarity=similarity.get(cid),
            )
            # A part named by number, or the definition asked for, may lift a passage from beyond the first k.
            for cid, score in (fused if query.referenced or query.acronym_asked else fused[:k])
        ])
        named = query.referenced or self._defining(query, passages)
        if rankings.filters is not None and not rankings.filters.is_empty():
            named = [cid for cid in named if rankings.filters.matches(self.lexical.chunk(cid))]
        return past_the_overlap(query, typed_first(query, self._named_first(query, passages, named)[:k]))

    def _defining(self, query: Query, passages: list[Passage]) -> list[str]:
        """Passages that spell out the acronym the question asks about (erbm/assistant/definition.py):
        the fused ones, then those the acronym alone finds."""
        acronym = query.acronym_asked
        if acronym is None:
            return []
        found = [p.chunk.id for p in passages] + [h.chunk.id for h in self.lexical.search(analyse(acronym), _DEFINING_READ)]
        return [cid for cid in dict.fromkeys(found) if spells_out(self.lexical.chunk(cid).text, acronym)]

    def _named_first(self, query: Query, passages: list[Passage], referenced: list[str]) -> list[Passage]:
        """The passages under the parts the question names by number (or that define what it asks)
        come first: documents in the order the fusion ranks them; in each, those sharing most of
        the question's other words (« Quelles actions la mesure 1.1.2 demande-t-elle ? »), then in
        document order (« Que dit la préconisation 2.1 ? » is answered by its first lines)."""
        if not referenced:
            return passages
        fused = {p.chunk.id: p for p in passages}
        doc_rank: dict[str, int] = {}
        for p in passages:
            doc_rank.setdefault(p.chunk.doc_id, len(doc_rank))
        order = {cid: i for i, cid in enumerate(referenced)}
        # A part may hold hundreds of passages (an axis): the ones the fusion found, and the
        # first ones of each part, are enough to choose from.
        read = [cid for cid in referenced if cid in fused] + [cid for cid in referenced if cid not in fused][:_REFERENCED_READ]
        rest = query.unreferenced_terms

        def key(cid: str) -> tuple[int, float, int]:
            covered = query.coverage(self.lexical.terms_of(cid), rest) if rest else 0.0
            return doc_rank.get(self.lexical.chunk(cid).doc_id, len(doc_rank)), -covered, order[cid]

        first = sorted(read, key=key)
        chosen = set(first)
        return [fused.get(cid) or Passage(chunk=self.lexical.chunk(cid), score=0.0) for cid in first] + [
            p for p in passages if p.chunk.id not in chosen
        ]

    def retrieve(
        self,
        query: Query,
        filters: Filters | None = None,
        k: int = 10,
        fusion: Fusion | None = None,
        *,
        within_source: bool = True,
    ) -> list[Passage]:
        """`fusion` replaces the configured one for this call."""
        fusion = fusion or self.fusion
        rankings = self.rankings(query, filters, fusion.candidates, within_source=within_source)
        return self.fuse(query, rankings, fusion, k)
