"""Citations as a practitioner writes them: document — its heading path — page."""

from __future__ import annotations

from erbm.models import Chunk
from erbm.prompts import PromptSet

# A heading title longer than this is cut at a word, so a citation stays one line.
_MAX_TITLE = 70


def display_title(title: str) -> str:
    # Axis titles are often set in capitals ("LOYERS ET CHARGES"); cite them in sentence case.
    title = title.capitalize() if title.isupper() else title
    if len(title) <= _MAX_TITLE:
        return title
    return title[: title.rfind(" ", 0, _MAX_TITLE)].rstrip(" ,;:-–") + "…"


class CitationFormatter:
    def __init__(self, prompts: PromptSet) -> None:
        self.p = prompts

    def _structure(self, chunk: Chunk) -> list[str]:
        if chunk.heading_path:
            group = chunk.group_title()
            parts = [self.p["section"].render(title=display_title(group))] if group else []
            return parts + [
                self.p["heading"].render(name=h.short(), title=display_title(h.title))
                if h.title
                else self.p["heading_untitled"].render(name=h.short())
                for h in chunk.heading_path
            ]
        if chunk.section_marked and chunk.section:
            return [self.p["section"].render(title=" › ".join(display_title(t) for t in chunk.section.split(" › ")))]
        # Passages indexed before heading paths existed.
        parts = []
        if chunk.axis is not None:
            if chunk.axis_title:
                parts.append(self.p["axis"].render(number=chunk.axis, title=display_title(chunk.axis_title)))
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
