"""A passage with only what a unit test reads: its text, in one Markdown document."""

from erbm.models import Chunk


def text_chunk(text: str, index: int = 0) -> Chunk:
    return Chunk(
        id=f"v-{index}",
        doc_id="d",
        index=index,
        text=text,
        title="Doc",
        file_name="d.md",
        source_path="d.md",
        page_start=1,
        page_end=1,
    )
