from erbm.models import Counted
from erbm.parsing import make_parser
from erbm.parsing.spacy_ud import SpacyNumberParser
from erbm.settings import Settings


def _by_number(sentence: str) -> dict[str, Counted]:
    (counted,) = SpacyNumberParser().counted([sentence])
    return {sentence[n.start : n.end]: n for n in counted}


def test_a_number_counts_its_noun_not_the_others_of_its_sentence() -> None:
    numbers = _by_number("Le bailleur rénove 300 maisons, et les locataires en profitent.")
    assert "maison" in numbers["300"].terms
    assert "locatair" not in numbers["300"].terms


def test_a_number_is_read_with_the_clause_it_sits_in() -> None:
    # Documents count with other nouns than questions do: « habitants » for « personnes ». The
    # verb and its subject say what the count is about.
    numbers = _by_number("La commune compte 4 500 habitants depuis le recensement.")
    terms = set(numbers["4"].terms) | set(numbers["500"].terms)
    assert {"habit", "commun", "compt"} <= terms


def test_a_number_word_governs_what_it_counts() -> None:
    numbers = _by_number("Le bassin rassemble 1,2 million de personnes.")
    assert "person" in numbers["1,2"].terms


def test_no_parser_when_the_setting_is_empty() -> None:
    assert make_parser(Settings(count_parser="")) is None
    assert isinstance(make_parser(Settings()), SpacyNumberParser)


def test_a_parser_that_is_not_installed_is_none_not_a_failed_ingest() -> None:
    absent = Settings(count_parser="fr_core_news_absent")
    assert make_parser(absent) is None
    # Its index is the one built without the parse: installing the parser later builds it again.
    assert absent.index_fingerprint() == Settings(count_parser="").index_fingerprint()
    assert Settings().index_fingerprint() != absent.index_fingerprint()
