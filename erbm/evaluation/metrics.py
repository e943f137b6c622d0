"""Metrics over answers. Definitions follow the issue that asked for them."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytesseract
from pydantic import BaseModel
from pypdf import PdfReader

from erbm.evaluation.questions import Question
from erbm.models import Answer, Chunk
from erbm.pdfium_guard import render_page
from erbm.text import contains_normalised, normalise_for_match, repair_glyphs


def _holds_gold(chunk: Chunk, question: Question) -> bool:
    return any(chunk.file_name == g.doc and contains_normalised(chunk.text, g.contains) for g in question.gold)


def first_hit_rank(answer: Answer, question: Question, depth: int = 10) -> int | None:
    for rank, passage in enumerate(answer.passages[:depth], start=1):
        if _holds_gold(passage.chunk, question):
            return rank
    return None


@lru_cache(maxsize=64)
def _raw_pages(path: str) -> tuple[str, ...]:
    """Page text straight from pypdf: the reference a displayed quote is checked against.
    A page without a text layer is read by Tesseract here, apart from the ingest's code."""
    if not path.lower().endswith(".pdf"):
        return (Path(path).read_text(encoding="utf-8", errors="replace"),)
    # Symbol-font bullets (private-use code points) are shown as the « • » they print.
    pages = [repair_glyphs(page.extract_text() or "") for page in PdfReader(path).pages]
    for i, text in enumerate(pages):
        if not text.strip():
            pages[i] = _tesseract(path, i)
    return tuple(pages)


def _tesseract(path: str, index: int) -> str:
    image = render_page(path, index, dpi=300)
    try:
        return pytesseract.image_to_string(image, lang="fra")
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError):
        return ""


# Characters of footer / header allowed between the halves of a quote across a page break.
_FURNITURE = 300


def quote_is_verbatim(chunk: Chunk, quote: str) -> bool:
    """The quote is on a cited page, or runs from one cited page onto the next.

    Across a page break the raw text holds the page's footer and the next header
    between the two halves; each half must then be verbatim on its own page. A blank page
    between them (a verso left empty) is no text.
    """
    pages = _raw_pages(chunk.source_path)
    if not chunk.source_path.lower().endswith(".pdf"):
        return normalise_for_match(quote) in normalise_for_match(pages[0])
    cited = [normalise_for_match(p) for p in pages[chunk.page_start - 1 : chunk.page_end]]
    q = normalise_for_match(quote)
    # A letter-spaced line (« pu b lic s aya n t ») is shown with its words rejoined
    # (erbm/ingest/spacing.py): the same characters in the same order, spaced otherwise.
    squeezed = [page.replace(" ", "") for page in cited]
    if any(q in page for page in cited) or any(q.replace(" ", "") in page for page in squeezed):
        return True
    printed = [i for i, page in enumerate(cited) if page.strip()]
    cuts = [i for i, ch in enumerate(q) if ch == " "]
    for this, nxt in pairwise(printed):
        for cut in cuts:
            head, tail = q[:cut], q[cut + 1 :]
            if _across(head, tail, cited[this], cited[nxt]) or _across(
                head.replace(" ", ""), tail.replace(" ", ""), squeezed[this], squeezed[nxt]
            ):
                return True
    return False


def _across(head: str, tail: str, this: str, nxt: str) -> bool:
    """`head` ends this page and `tail` opens the next, with only page furniture (footer,
    then header) between them."""
    at, nxt_at = this.rfind(head), nxt.find(tail)
    return at >= 0 and len(this) - (at + len(head)) <= _FURNITURE and 0 <= nxt_at <= _FURNITURE


@lru_cache(maxsize=64)
def _structure_pages(structure_file: str) -> dict[str, int]:
    entries = json.loads(Path(structure_file).read_text(encoding="utf-8"))
    return {str(e["recommendation"]): int(e["page"]) for e in entries}


def structure_page(source_path: str, recommendation: str) -> int | None:
    path = Path(source_path)
    side = path.with_name(f"{path.stem}.structure.json")
    if not side.is_file():
        return None
    return _structure_pages(str(side)).get(recommendation)


class Interval(NamedTuple):
    low: float
    high: float


def wilson_interval(successes: int, n: int, z: float = 1.96) -> Interval | None:
    """The 95 % Wilson score interval of a share (None without any trial). The sets are small:
    one question of real-dev is 0.06 of its hit@1, so a figure read without its interval is
    over-read. Wilson's, not the normal approximation, stays inside [0, 1] at 0 or n successes."""
    if n <= 0:
        return None
    share = successes / n
    spread = 1 + z * z / n
    centre = share + z * z / (2 * n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return Interval(max(0.0, (centre - half) / spread), min(1.0, (centre + half) / spread))


class QuestionResult(BaseModel):
    id: str
    answerable: bool
    abstained: bool
    first_hit_rank: int | None
    confidence: float
    rules_passed: bool  # the evidence rules other than the score threshold
    citations: list[str]
    latency_ms: float


class EvalReport(BaseModel):
    """One question set's figures (metric name → value, None where it does not apply) and
    each question's result, with where they come from."""

    metrics: dict[str, float | int | None]
    details: list[QuestionResult]
    ingest_s: float | None = None
    documents: int | None = None
    chunks: int | None = None
    collection: str | None = None
    settings: dict[str, str | None] | None = None
    questions_file: str | None = None
    corpora: list[str] | None = None
    baseline: EvalReport | None = None

    def get(self, metric: str) -> float | int | None:
        return self.metrics.get(metric)

    def to_json(self) -> dict[str, object]:
        """Metrics at the top level, as `erbm eval --json` has always written them."""
        extra = self.model_dump(exclude={"metrics", "details", "baseline"}, exclude_none=True)
        out: dict[str, object] = {**self.metrics, "details": [d.model_dump() for d in self.details], **extra}
        if self.baseline is not None:
            out["baseline"] = self.baseline.to_json()
        return out


# Generative answers only: what the grounding checks did (Tally.grounding_summary).
GROUNDING_METRICS = ("llm_answers_checked", "llm_removed_sentences", "llm_fallbacks", "llm_provider_errors")


@dataclass
class Tally:
    ranks: list[int | None] = field(default_factory=list)
    structure_ok: list[bool] = field(default_factory=list)
    gold_structure_ok: list[bool] = field(default_factory=list)
    page_ok: list[bool] = field(default_factory=list)
    abstained_on_unanswerable: list[bool] = field(default_factory=list)
    abstained_on_answerable: list[bool] = field(default_factory=list)
    quotes_verbatim: list[bool] = field(default_factory=list)
    # Answered answerable questions: the answer's first citation is a gold passage. Ranking
    # measures the retrieved list; this measures what the user reads first.
    cites_gold: list[bool] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    details: list[QuestionResult] = field(default_factory=list)
    # Generative answers only: what the grounding checks did.
    generated: int = 0
    removed_sentences: int = 0
    fallbacks: int = 0
    provider_errors: int = 0

    def add(self, question: Question, answer: Answer, latency_ms: float) -> None:
        self.latencies_ms.append(latency_ms)
        rank = first_hit_rank(answer, question) if question.answerable else None
        if question.answerable:
            self.ranks.append(rank)
            self.abstained_on_answerable.append(answer.abstained)
            if not answer.abstained:
                self.cites_gold.append(bool(answer.citations) and _holds_gold(answer.citations[0].chunk, question))
        else:
            self.abstained_on_unanswerable.append(answer.abstained)
        if question.structure:
            s = question.structure
            cited = next((c.chunk for c in answer.citations if c.chunk.file_name == s.doc), None)
            # Right when the top level is the gold axis and the gold recommendation is on the
            # passage's heading path (a passage under a sub-measure of it cites it too).
            self.structure_ok.append(
                cited is not None
                and cited.axis == s.axis
                and (cited.recommendation == s.recommendation or cited.on_path(s.recommendation))
            )
            # The parser's share, apart from ranking: the retrieved passage holding the gold
            # phrase sits under the gold axis and recommendation.
            gold = next(
                (p.chunk for p in answer.passages if p.chunk.file_name == s.doc
                 and any(contains_normalised(p.chunk.text, g.contains) for g in question.gold)),
                None,
            )
            self.gold_structure_ok.append(
                gold is not None and gold.axis == s.axis and (gold.recommendation == s.recommendation or gold.on_path(s.recommendation))
            )
            page = structure_page(cited.source_path, s.recommendation) if cited else None
            if cited is not None and page is not None:
                self.page_ok.append(cited.page_start <= page <= cited.page_end)
            elif cited is None:
                self.page_ok.append(False)
        for c in answer.citations:
            self.quotes_verbatim.append(quote_is_verbatim(c.chunk, c.quote))
        if answer.grounding is not None:
            self.generated += 1
            self.removed_sentences += answer.grounding.removed_sentences
            self.fallbacks += answer.grounding.fallback
            self.provider_errors += answer.grounding.provider_error is not None
        self.details.append(
            QuestionResult(
                id=question.id,
                answerable=question.answerable,
                abstained=answer.abstained,
                first_hit_rank=rank,
                confidence=round(answer.confidence, 4),
                rules_passed=answer.evidence_rules_passed,
                citations=[c.reference for c in answer.citations],
                latency_ms=round(latency_ms, 2),
            )
        )

    def grounding_summary(self) -> dict[str, int]:
        values = (self.generated, self.removed_sentences, self.fallbacks, self.provider_errors)
        return dict(zip(GROUNDING_METRICS, values, strict=True))

    def summary(self) -> dict[str, float | int | None]:
        def share(values: list[bool]) -> float | None:
            return round(sum(values) / len(values), 4) if values else None

        def hit_at(k: int) -> float | None:
            return share([r is not None and r <= k for r in self.ranks])

        mrr = round(float(np.mean([1 / r if r else 0.0 for r in self.ranks])), 4) if self.ranks else None
        lat = np.array(self.latencies_ms) if self.latencies_ms else np.array([0.0])
        return {
            "hit@1": hit_at(1),
            "hit@3": hit_at(3),
            "hit@5": hit_at(5),
            "mrr@10": mrr,
            "structure_accuracy": share(self.structure_ok),
            "gold_passage_structure": share(self.gold_structure_ok),
            "page_accuracy": share(self.page_ok),
            "abstention_rate": share(self.abstained_on_unanswerable),
            "false_abstention_rate": share(self.abstained_on_answerable),
            "verbatim_quote_rate": share(self.quotes_verbatim),
            "answer_gold_rate": share(self.cites_gold),
            "ask_p50_ms": round(float(np.percentile(lat, 50)), 2),
            "ask_p95_ms": round(float(np.percentile(lat, 95)), 2),
            "n_questions": len(self.latencies_ms),
        }
