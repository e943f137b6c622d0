"""Answers rendered for people: terminal text, JSON, and escaped HTML for the web app.

Document text is untrusted (a PDF can carry HTML, scripts or markdown links): in
HTML it is always escaped, never interpreted.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from erbm.messages import (
    NEIGHBOURS_TITLE,
    NO_SOURCES,
    OPEN_PDF,
    PAGE_ALT,
    PASSAGE_LABEL,
    QUOTE_LABEL,
    REWRITTEN_LABEL,
    SOURCES_TITLE,
    STATUS_LABELS,
    URL_LABEL,
)
from erbm.models import Answer, Chunk, Citation, FileStatus, IngestReport, PageHighlight, Passage

# Where a citation's quote is on its page(s): SourcePages.highlights, or nothing.
Locate = Callable[[Citation], list[PageHighlight]]


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def text_to_html(text: str) -> str:
    return _esc(text).replace("\n", "<br>")


def answer_html(answer: Answer) -> str:
    """The answer in the chat: a notice first (fallback, provider failure), the text, and
    discreetly, the standalone question that was searched for a follow-up."""
    parts = []
    if answer.notice:
        parts.append(f"<div class='erbm-notice'>{text_to_html(answer.notice)}</div>")
    parts.append(text_to_html(answer.text))
    if answer.rewritten_question:
        parts.append(f"<div class='erbm-rewritten'>{_esc(REWRITTEN_LABEL)} : {_esc(answer.rewritten_question)}</div>")
    return "".join(parts)


def answer_to_text(answer: Answer, reference: Callable[[Chunk], str] | None = None) -> str:
    lines = [answer.notice, ""] if answer.notice else []
    lines += [answer.text, ""]
    if answer.citations:
        lines.append(f"{SOURCES_TITLE} :")
        for c in answer.citations:
            lines.append(f"[{c.marker}] {c.reference}")
            lines.append(f"    « {c.quote} »")
            if c.chunk.url:
                lines.append(f"    {c.chunk.url}")
    elif answer.abstained and answer.passages and not answer.error:
        lines.append(f"{NEIGHBOURS_TITLE} :")
        for p in answer.passages[:3]:
            ref = reference(p.chunk) if reference else p.chunk.title
            lines.append(f"- {ref}")
            lines.append(f"    {p.chunk.text[:300]}")
    return "\n".join(lines).rstrip() + "\n"


def answer_to_json(answer: Answer, locate: Locate | None = None) -> str:
    """`locate` adds each citation's page(s) and highlight boxes (fractions of the page)."""
    data = {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "error": answer.error,
        "confidence": round(answer.confidence, 4),
        "rewritten_question": answer.rewritten_question,
        "notice": answer.notice,
        "grounding": answer.grounding.model_dump() if answer.grounding else None,
        "citations": [
            {
                "marker": c.marker,
                "reference": c.reference,
                "quote": c.quote,
                "document": c.chunk.title,
                "file_name": c.chunk.file_name,
                "axis": c.chunk.axis,
                "axis_title": c.chunk.axis_title,
                "recommendation": c.chunk.recommendation,
                "recommendation_title": c.chunk.recommendation_title,
                "headings": [h.model_dump() for h in c.chunk.heading_path],
                "page_start": c.chunk.page_start,
                "page_end": c.chunk.page_end,
                "url": c.chunk.url,
                "passage": c.chunk.text,
                "ocr": c.chunk.ocr,
                "highlights": [h.model_dump() for h in locate(c)] if locate else None,
            }
            for c in answer.citations
        ],
        "passages": [_passage_json(p) for p in answer.passages],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _passage_json(p: Passage) -> dict[str, object]:
    return {
        "chunk_id": p.chunk.id,
        "file_name": p.chunk.file_name,
        "page_start": p.chunk.page_start,
        "page_end": p.chunk.page_end,
        "axis": p.chunk.axis,
        "recommendation": p.chunk.recommendation,
        "score": round(p.score, 6),
        "text": p.chunk.text,
    }


def _pct(value: float) -> str:
    return f"{100 * min(max(value, 0.0), 1.0):.3f}%"


def page_html(citation: Citation, highlights: list[PageHighlight]) -> str:
    """The cited page(s) as images with the quote's boxes drawn over them, and a link to the
    PDF at that page. Addresses are relative: the app serves them by document version."""
    chunk = citation.chunk
    pages = highlights or [PageHighlight(page=chunk.page_start, boxes=[])]
    parts = []
    for h in pages:
        boxes = "".join(
            f"<div class='erbm-hl' style='left:{_pct(b.left)};top:{_pct(b.top)};width:{_pct(b.width)};height:{_pct(b.height)}'></div>"
            for b in h.boxes
        )
        alt = PAGE_ALT.format(page=h.page, title=chunk.title)
        parts.append(
            f"<div class='erbm-page' data-page='{h.page}'><img src='preview/{_esc(chunk.version)}/{h.page}.png' alt='{_esc(alt)}' loading='lazy'>{boxes}</div>"
            f"<a class='erbm-open' href='document/{_esc(chunk.version)}#page={h.page}' target='_blank' rel='noopener'>{_esc(OPEN_PDF.format(page=h.page))}</a>"
        )
    return "".join(parts)


def sources_html(answer: Answer, reference: Callable[[Chunk], str] | None = None, locate: Locate | None = None) -> str:
    blocks: list[str] = []
    if answer.citations:
        blocks.append(f"<h3>{_esc(SOURCES_TITLE)}</h3>")
        for c in answer.citations:
            url = f"<div class='erbm-url'>{_esc(URL_LABEL)} : <code>{_esc(c.chunk.url)}</code></div>" if c.chunk.url else ""
            preview = page_html(c, locate(c)) if locate and c.chunk.is_pdf else ""
            blocks.append(
                "<div class='erbm-source'>"
                f"<div class='erbm-ref'><b>[{c.marker}]</b> {_esc(c.reference)}</div>"
                f"<blockquote class='erbm-quote'>{_esc(QUOTE_LABEL)} : « {_esc(c.quote)} »</blockquote>"
                f"{preview}"
                f"<details><summary>{_esc(PASSAGE_LABEL)}</summary><div class='erbm-passage'>{_esc(c.chunk.text)}</div></details>"
                f"{url}</div>"
            )
    elif answer.abstained and answer.passages and not answer.error:
        blocks.append(f"<h3>{_esc(NEIGHBOURS_TITLE)}</h3>")
        for p in answer.passages[:3]:
            ref = reference(p.chunk) if reference else p.chunk.title
            blocks.append(
                f"<div class='erbm-source'><div class='erbm-ref'>{_esc(ref)}</div>"
                f"<div class='erbm-passage'>{_esc(p.chunk.text)}</div></div>"
            )
    else:
        blocks.append(f"<p>{_esc(NO_SOURCES)}</p>")
    return "\n".join(blocks)


def ingest_report_html(report: IngestReport) -> str:
    """One line per file: name, outcome, reason (all escaped: file names come from users)."""
    rows = []
    for f in report.files:
        name = f.path.replace("\\", "/").rsplit("/", 1)[-1]
        detail = f" — {f.chunks} passages" if f.status == FileStatus.INDEXED else (f" — {f.reason}" if f.reason else "")
        rows.append(f"<li><b>{_esc(name)}</b> : {_esc(STATUS_LABELS.get(f.status, f.status))}{_esc(detail)}</li>")
    return f"<ul class='erbm-report'>{''.join(rows)}</ul>"
