import pytest

from erbm.assistant.answer_type import AnswerTypes
from erbm.assistant.evidence import gives_answer_type
from erbm.assistant.query import Query
from erbm.index.lexical import LexicalIndex
from erbm.ingest.counting import with_counts
from erbm.models import Passage
from erbm.parsing.spacy_ud import SpacyNumberParser
from tests.chunks import text_chunk


def _gives_count(question: str, text: str, *, parsed: bool = True) -> bool:
    chunk = text_chunk(text)
    if parsed:
        (chunk,) = with_counts([chunk], SpacyNumberParser())
    query = Query(question, LexicalIndex([chunk]), AnswerTypes.load())
    assert query.answer_type is not None and query.answer_type.counts
    return gives_answer_type(query, [Passage(chunk=chunk, score=0.0)])


@pytest.mark.parametrize(
    ("question", "text", "given"),
    [
        # A number about something else in the sentence that matches best does not answer.
        (
            "Combien de locataires profitent des travaux ?",
            "Le bailleur rénove 300 maisons, et les locataires en profitent.",
            False,
        ),
        (
            "Combien de maisons le bailleur rénove-t-il ?",
            "Le bailleur rénove 300 maisons, et les locataires en profitent.",
            True,
        ),
        # Counted with another noun, in a clause that holds the question's words.
        (
            "Combien de personnes vivent dans la commune ?",
            "La commune compte 4 500 habitants depuis le recensement.",
            True,
        ),
        # A share of those asked about says how many they are.
        (
            "Combien d'habitants ont voté pour le projet ?",
            "Au référendum sur le projet, le oui l'emporte à 62 % des votants.",
            True,
        ),
        # The number the question writes is what it gives, not what it asks.
        (
            "Combien de centres ont ouvert dans les communes de plus de 10 000 habitants ?",
            "Les communes de plus de 10 000 habitants doivent ouvrir un centre.",
            False,
        ),
        # … nor are the people it counts: another number of inhabitants does not say how many centres.
        (
            "Combien de centres ont ouvert là où vivent plus de 10 000 habitants ?",
            "Le quartier nord compte 25 000 habitants.",
            False,
        ),
        # A number of another noun the question names counts that noun, not the one asked about …
        (
            "Combien de bénévoles animent les ateliers du quartier ?",
            "Dans le quartier, 4 ateliers sont animés chaque mois.",
            False,
        ),
        # … but a noun derived from the question's verb is what it counts.
        (
            "Combien de partenaires ont signé la charte ?",
            "La charte réunit douze signataires.",
            True,
        ),
        # A duration measures time, it counts no building sites.
        (
            "Combien de chantiers le programme de rénovation ouvre-t-il ?",
            "Le programme de rénovation s'étend sur dix ans.",
            False,
        ),
    ],
)
def test_a_count_answers_when_it_counts_what_the_question_asks_about(question: str, text: str, given: bool) -> None:
    assert _gives_count(question, text) is given


def test_a_passage_indexed_without_the_parse_answers_with_any_number() -> None:
    text = "Le bailleur rénove 300 maisons, et les locataires en profitent."
    assert _gives_count("Combien de locataires profitent des travaux ?", text, parsed=False)
