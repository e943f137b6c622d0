"""Citations as a practitioner writes them: document — its heading path — page."""

from __future__ import annotations

import re

from erbm.index.acronyms import ACRONYM
from erbm.models import Chunk
from erbm.prompts import PromptSet

# A heading title longer than this is cut at a word, so a citation stays one line.
_MAX_TITLE = 70
_WORD = re.compile(r"[^\W_]+")


def written_acronyms(text: str) -> frozenset[str]:
    """The words a text writes in capitals between words that are not (« saisir le MNE en
    ligne »): its acronyms, not a line or a phrase set in capitals (« les ESPACES PUBLICS »)."""
    found = set()
    for match in ACRONYM.finditer(text):
        before = _WORD.findall(text[max(0, match.start() - 40) : match.start()])[-1:]
        after = _WORD.findall(text[match.end() : match.end() + 40])[:1]
        neighbours = before + after
        if neighbours and not any(w.isupper() for w in neighbours):
            found.add(match[1])
    return frozenset(found)


def display_title(title: str, acronyms: frozenset[str] = frozenset()) -> str:
    # Axis titles are often set in capitals ("LOYERS ET CHARGES"); cite them in sentence case,
    # but for the document's acronyms (« Qui peut saisir le MNE », not « … le mne »).
    if title.isupper():
        title = _WORD.sub(lambda m: m[0].upper() if m[0].upper() in acronyms else m[0], title.capitalize())
    if len(title) <= _MAX_TITLE:
        return title
    return title[: title.rfind(" ", 0, _MAX_TITLE)].rstrip(" ,;:-–") + "…"


class CitationFormatter:
    def __init__(self, prompts: PromptSet) -> None:
        self.p = prompts

    def _structure(self, chunk: Chunk) -> list[str]:
        acronyms = written_acronyms(chunk.text)
        if chunk.heading_path:
            group = chunk.group_title()
            parts = [self.p["section"].render(title=display_title(group, acronyms))] if group else []
            return parts + [
                self.p["heading"].render(name=h.short(), title=display_title(h.title, acronyms))
                if h.title
                else self.p["heading_untitled"].render(name=h.short())
                for h in chunk.heading_path
            ]
        if chunk.section_marked and chunk.section:
            titles = [display_title(t, acronyms) for t in chunk.section.split(" › ")]
            return [self.p["section"].render(title=" › ".join(titles))]
        # Passages indexed before heading paths existed.
        parts = []
        if chunk.axis is not None:
            if chunk.axis_title:
                parts.append(self.p["axis"].render(number=chunk.axis, title=display_title(chunk.axis_title, acronyms)))
            else:
                parts.append(self.p["axis_untitled"].render(number=chunk.axis))
        if chunk.recommendation:
            parts.append(self.p["recommendation"].render(label=chunk.recommendation_label or "", number=chunk.recommendation))
        return parts

    def reference(self, chunk: Chunk) -> str:
        parts = [chunk.title, *self._structure(chunk)]
        if chunk.page_start == chunk.page_end:
            parts.append(self.p["page"].render(page=chunk.page_start))
        else:
            parts.append(self.p["pages"].render(start=chunk.page_start, end=chunk.page_end))
        if chunk.ocr:
            parts.append(self.p["ocr"].render())
        return self.p["separator"].render().join(parts)
