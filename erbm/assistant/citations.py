"""Citations as a practitioner writes them: document — axis — recommendation — page."""

from __future__ import annotations

from erbm.models import Chunk
from erbm.prompts import PromptSet


def display_title(title: str) -> str:
    # Axis titles are often set in capitals ("LOYERS ET CHARGES"); cite them in sentence case.
    return title.capitalize() if title.isupper() else title


class CitationFormatter:
    def __init__(self, prompts: PromptSet) -> None:
        self.p = prompts

    def reference(self, chunk: Chunk) -> str:
        parts = [chunk.title]
        if chunk.axis is not None:
            if chunk.axis_title:
                parts.append(self.p["axis"].render(number=chunk.axis, title=display_title(chunk.axis_title)))
            else:
                parts.append(self.p["axis_untitled"].render(number=chunk.axis))
        if chunk.recommendation:
            parts.append(self.p["recommendation"].render(label=chunk.recommendation_label or "", number=chunk.recommendation))
        if chunk.page_start == chunk.page_end:
            parts.append(self.p["page"].render(page=chunk.page_start))
        else:
            parts.append(self.p["pages"].render(start=chunk.page_start, end=chunk.page_end))
        return self.p["separator"].render().join(parts)
