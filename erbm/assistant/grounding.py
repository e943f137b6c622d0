"""Checks on a generated answer: every sentence cites given passages, every quote is
verbatim, and what it asserts is in one sentence of a passage it cites (claims.py).

A sentence that fails is removed (and counted); markers are renumbered in order of first
use, so the sources panel lists exactly the passages the kept sentences cite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from erbm.assistant.claims import ClaimChecker, Support, elliptic
from erbm.assistant.verifier import ClaimVerifier
from erbm.messages import REASON_BAD_MARKER, REASON_CLAIM, REASON_NO_MARKER, REASON_QUOTE, REASON_VERIFY
from erbm.models import Passage
from erbm.text import normalise_for_match

_MARKERS = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# « … », “ … ” or "…": a span the model presents as the documents' own words.
_QUOTES = re.compile(r"«\s*(.+?)\s*»|“(.+?)”|\"(.+?)\"")
# Sentence ends: after . ! ? … before a capital or an opening mark, or after a closing
# marker "[2]" before a capital (models often put the marker after the full stop).
_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(A-ZÀ-Ý0-9•\-–])|(?<=\])\s+(?=[«\"“A-ZÀ-Ý])")



@dataclass
class CheckedAnswer:
    text: str  # kept sentences, markers renumbered
    cited: list[int]  # indexes into the given passages, in marker order (marker = position + 1)
    sentences: dict[int, list[str]] = field(default_factory=dict)  # passage index → kept sentences citing it
    quotes: dict[int, list[str]] = field(default_factory=dict)  # passage index → verified quotes
    supports: dict[int, list[str]] = field(default_factory=dict)  # passage index → sentences that hold a kept claim
    removed: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def unsupported(self) -> bool:
        """Some sentence cited a given passage and said what that passage does not."""
        return any(r in (REASON_QUOTE, REASON_CLAIM, REASON_VERIFY) for r in self.reasons)


_WORDS = re.compile(r"[^\W\d_]{2,}")
_CONTENT = re.compile(r"[^\W_]")


def declines(text: str) -> bool:
    """Prose that cites nothing: the model says, in its own words, that it cannot answer.

    Told apart from garbage (a broken template, symbols, one stray word), which gets the
    extractive answer instead: at least three words, mostly letters.
    """
    stripped = text.strip()
    if not stripped or _MARKERS.search(stripped):
        return False
    words = _WORDS.findall(stripped)
    return len(words) >= 3 and sum(len(w) for w in words) >= 0.6 * len(stripped)


def _numbers(group: str) -> list[int]:
    """ "2", "1, 3" or "1;3": the passage numbers inside one [...] marker."""
    return [int(n) for n in re.split(r"\s*[,;]\s*", group)]


def _markers(sentence: str) -> list[int]:
    return [n for group in _MARKERS.findall(sentence) for n in _numbers(group)]


def _quotes(sentence: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in _QUOTES.finditer(sentence)]


def _bare(sentence: str) -> bool:
    """Markers and punctuation only."""
    return not _CONTENT.search(_MARKERS.sub("", sentence))


def split_answer(text: str) -> list[list[str]]:
    """Lines of sentences; blank lines dropped."""
    return [[s for s in _SPLIT.split(line.strip()) if s.strip()] for line in text.splitlines() if line.strip()]


class _Verdict(NamedTuple):
    failure: str | None
    markers: list[int]
    quotes: dict[int, list[str]]  # passage index → the sentence's quotes found verbatim in it
    support: tuple[int, str] | None = None  # (passage index, its sentence holding the claim)
    # The sentence as shown when it cites another passage than the model's markers say.
    attributed: str | None = None


def _cited(sentence: str, n: int) -> str:
    """The sentence citing passage n only: its own markers out, « [n] » before its final stop."""
    text = _MARKERS.sub("", sentence).rstrip()
    stop = text[-1] if text and text[-1] in ".!?…" else ""
    return f"{text[: len(text) - len(stop)].rstrip()} [{n}]{stop}"


# A passage block of the prompt (prompts/llm.toml, [passage]: « [n] reference », then the text
# between <<< and >>>) that a small model copies back instead of answering.
_ECHO = re.compile(r"\[(\d+)\][^\n]*\n\s*<<<.*?(?:>>>|\Z)", re.DOTALL)


def unecho(text: str) -> str:
    """An echoed passage block points at its passage as a bare « [n] » does: it says "the answer
    is there", not which sentence; its sentences are not the model's answer."""
    return _ECHO.sub(lambda m: f"[{m.group(1)}]", text)


def _check(
    sentence: str, passages: list[Passage], question: str, claims: ClaimChecker | None, verifier: ClaimVerifier | None
) -> _Verdict:
    markers = _markers(sentence)
    pointed = [n for n in dict.fromkeys(markers) if 1 <= n <= len(passages)]
    needles = [(quote, normalise_for_match(quote)) for quote in _quotes(sentence)]
    texts = {n: normalise_for_match(passages[n - 1].chunk.text) for n in range(1, len(passages) + 1)}
    if claims is None:
        # Without claim checks, the model's markers are all that ties a sentence to a passage.
        if not markers:
            return _Verdict(REASON_NO_MARKER, markers, {})
        if len(pointed) < len(set(markers)):
            return _Verdict(REASON_BAD_MARKER, markers, {})
        quotes: dict[int, list[str]] = {}
        for quote, needle in needles:
            found = [n for n in pointed if needle in texts[n]]
            if not found:
                return _Verdict(REASON_QUOTE, markers, {})
            for n in found:
                quotes.setdefault(n - 1, []).append(quote)
        return _Verdict(None, markers, quotes)

    def quoting(n: int) -> bool:
        return all(needle in texts[n] for _, needle in needles)

    # The model's markers are a pointer, not a proof: the passages it points to are read first,
    # then the others; the sentence cites the one whose sentence holds its claim and its quotes.
    # Not an elliptic one (« 250 », « Oui », a stray symbol): it asserts the question's content,
    # which only the model's own pointer ties to a passage.
    others = [] if elliptic(sentence) else [n for n in range(1, len(passages) + 1) if n not in pointed]
    best: tuple[int, Support] | None = None
    for group in (pointed, others):
        held = [(n - 1, claims.support(sentence, question, [passages[n - 1].chunk])) for n in group if quoting(n)]
        best = max(((i, s) for i, s in held if s is not None), key=lambda item: item[1].coverage, default=None)
        if best is not None:
            break
    if best is None:
        if not markers:
            return _Verdict(REASON_NO_MARKER, markers, {})
        if not pointed:
            return _Verdict(REASON_BAD_MARKER, markers, {})
        return _Verdict(REASON_QUOTE if needles and not any(quoting(n) for n in pointed) else REASON_CLAIM, markers, {})
    if verifier is not None and verifier.confirms(_MARKERS.sub("", sentence).strip(), question, best[1].sentence) is False:
        return _Verdict(REASON_VERIFY, markers, {})
    index = best[0]
    quotes = {index: [q for q, _ in needles]} if needles else {}
    if index + 1 in pointed and len(pointed) == len(set(markers)):
        return _Verdict(None, markers, quotes, (index, best[1].sentence))
    return _Verdict(None, [index + 1], quotes, (index, best[1].sentence), _cited(sentence, index + 1))


def check_answer(
    text: str,
    passages: list[Passage],
    question: str = "",
    claims: ClaimChecker | None = None,
    verifier: ClaimVerifier | None = None,
) -> CheckedAnswer:
    """Without ``claims``, the marker and quote checks only (what a sentence asserts unchecked);
    ``verifier`` re-reads, with the model, the sentences the claim checks keep."""
    renumber: dict[int, int] = {}  # given marker → new marker
    kept_lines: list[str] = []
    result = CheckedAnswer(text="", cited=[])
    for line in split_answer(text):
        kept: list[str] = []
        for sentence in line:
            verdict = _check(sentence, passages, question, claims, verifier)
            if verdict.failure:
                result.removed += 1
                result.reasons.append(verdict.failure)
                continue
            # A bare « [1] » (or « [1], [2] ») says "the answer is there": it is shown as the
            # passage's own sentence that holds the question's content, citing that passage
            # only, never as a lone marker (unless that sentence has bracketed numbers of its
            # own, which would read as markers).
            support = verdict.support
            lead = support if support is not None and _bare(sentence) and not _MARKERS.search(support[1]) else None
            for n in [lead[0] + 1] if lead else verdict.markers:
                if n not in renumber:
                    renumber[n] = len(renumber) + 1
                    result.cited.append(n - 1)
                result.sentences.setdefault(n - 1, []).append((lead[1] if lead else _MARKERS.sub("", sentence)).strip())
            if support is not None:
                result.supports.setdefault(support[0], []).append(support[1])
            for index, quotes in verdict.quotes.items():
                result.quotes.setdefault(index, []).extend(quotes)
            if lead:
                # A passage sentence printed over two lines is one line of the answer.
                shown = f"{' '.join(lead[1].split())} [{renumber[lead[0] + 1]}]"
            else:
                source = verdict.attributed or sentence
                shown = _MARKERS.sub(lambda m: "".join(f"[{renumber[n]}]" for n in _numbers(m.group(1))), source)
            # A kept line of a passage (a title, a list item) has no stop of its own: one is
            # added, or it would read as one sentence with the next.
            kept.append(shown if _MARKERS.sub("", shown).rstrip()[-1:] in ".!?…" else f"{shown.rstrip()}.")
        if kept:
            kept_lines.append(" ".join(kept))
    result.text = "\n".join(kept_lines)
    return result


@dataclass(frozen=True)
class Reading:
    """What a model output amounts to once checked.

    answer: some sentence holds; declined: the sentinel, or prose that cites nothing and holds
    nothing (the model's own way of saying it cannot answer); unsupported: it asserted what
    the passages do not say; broken: nothing readable (a broken template, symbols).
    """

    kind: Literal["answer", "declined", "unsupported", "broken"]
    checked: CheckedAnswer


def read_output(
    raw: str,
    passages: list[Passage],
    question: str,
    sentinel: str,
    claims: ClaimChecker | None = None,
    verifier: ClaimVerifier | None = None,
) -> Reading:
    """The answerer's decision on one output (answerers/generative.py; `make eval-llm` replays it)."""
    if sentinel in raw:
        return Reading("declined", CheckedAnswer(text="", cited=[]))
    checked = check_answer(unecho(raw), passages, question, claims, verifier)
    if checked.cited:
        return Reading("answer", checked)
    if declines(raw):
        return Reading("declined", checked)
    return Reading("unsupported" if checked.unsupported else "broken", checked)
