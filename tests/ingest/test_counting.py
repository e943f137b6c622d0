from erbm.ingest.counting import with_counts
from erbm.models import Counted
from erbm.parsing.spacy_ud import SpacyNumberParser
from tests.chunks import text_chunk


class RecordingParser:
    """The real parser, recording the sentences it is asked to read."""

    def __init__(self) -> None:
        self.inner = SpacyNumberParser()
        self.asked: list[str] = []

    def counted(self, sentences: list[str]) -> list[list[Counted]]:
        self.asked += sentences
        return self.inner.counted(sentences)


def test_each_number_is_stored_where_the_passage_writes_it_and_shared_sentences_are_parsed_once() -> None:
    shared = "Le bailleur rénove 300 maisons, et les locataires en profitent."
    first = text_chunk("Un programme de rénovation. " + shared)
    second = text_chunk(shared + " La commune compte 4 500 habitants. Aucun chiffre ici.", 1)
    parser = RecordingParser()
    first, second = with_counts([first, second], parser)
    assert [first.text[n.start : n.end] for n in first.counts()] == ["300"]
    assert [second.text[n.start : n.end] for n in second.counts()] == ["300", "4", "500"]
    assert "habit" in second.counts()[1].terms
    # The sentence the overlap repeats is read once; a sentence without a number, never.
    assert parser.asked == [shared, "La commune compte 4 500 habitants."]


def test_a_passage_without_numbers_stores_nothing() -> None:
    (chunk,) = with_counts([text_chunk("Rien à compter dans ce passage.")], RecordingParser())
    assert chunk.counts_json == "" and chunk.counts() == ()
