from erbm.ingest.counting import with_counts
from erbm.models import Chunk, Counted
from erbm.parsing.spacy_ud import SpacyNumberParser


class RecordingParser:
    """The real parser, recording the sentences it is asked to read."""

    def __init__(self) -> None:
        self.inner = SpacyNumberParser()
        self.asked: list[str] = []

    def counted(self, sentences: list[str]) -> list[list[Counted]]:
        self.asked += sentences
        return self.inner.counted(sentences)


def _chunk(i: int, text: str) -> Chunk:
    return Chunk(
        id=f"v-{i}",
        doc_id="d",
        index=i,
        text=text,
        title="Doc",
        file_name="d.md",
        source_path="d.md",
        page_start=1,
        page_end=1,
    )


def test_each_number_is_stored_where_the_passage_writes_it_and_shared_sentences_are_parsed_once() -> None:
    shared = "Le bailleur rénove 300 maisons, et les locataires en profitent."
    first = _chunk(0, "Un programme de rénovation. " + shared)
    second = _chunk(1, shared + " La commune compte 4 500 habitants. Aucun chiffre ici.")
    parser = RecordingParser()
    first, second = with_counts([first, second], parser)
    assert [first.text[n.start : n.end] for n in first.counts()] == ["300"]
    assert [second.text[n.start : n.end] for n in second.counts()] == ["300", "4", "500"]
    assert "habit" in second.counts()[1].terms
    # The sentence the overlap repeats is read once; a sentence without a number, never.
    assert parser.asked == [shared, "La commune compte 4 500 habitants."]


def test_a_passage_without_numbers_stores_nothing() -> None:
    (chunk,) = with_counts([_chunk(0, "Rien à compter dans ce passage.")], RecordingParser())
    assert chunk.counts_json == "" and chunk.counts() == ()
