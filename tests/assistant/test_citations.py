"""Citations as a practitioner writes them: a heading in capitals in sentence case, its acronyms kept."""

from erbm.assistant.citations import CitationFormatter, display_title, written_acronyms
from erbm.models import Chunk, HeadingRef
from erbm.prompts import PromptSet
from erbm.settings import Settings


def test_acronyms_are_the_capitals_written_within_sentences() -> None:
    text = "QUI PEUT SAISIR LE MNE ?\nVia le syndic (le copropriétaire ne peut pas saisir directement le MNE)."

    assert written_acronyms(text) == frozenset({"MNE"})
    assert written_acronyms("Dans les ESPACES PUBLICS de la cité") == frozenset()


def test_a_title_in_capitals_is_cited_in_sentence_case_but_for_its_acronyms() -> None:
    assert display_title("LOYERS ET CHARGES") == "Loyers et charges"
    assert display_title("QUI PEUT SAISIR LE MNE", frozenset({"MNE"})) == "Qui peut saisir le MNE"
    assert display_title("Le rôle de la CNL", frozenset()) == "Le rôle de la CNL"


def test_the_reference_keeps_the_acronym_its_passage_uses() -> None:
    chunk = Chunk(
        id="v-00001", doc_id="d", index=1, title="Prévenir les litiges", file_name="guide.pdf",
        source_path="/guide.pdf", page_start=16, page_end=16,
        text="Consommateurs : via le syndic de copropriétaires, qui saisit le MNE.",
        heading_path=(HeadingRef(number="3", title="QUI PEUT SAISIR LE MNE", value=3),),
    )  # fmt: skip
    formatter = CitationFormatter(PromptSet.load(Settings().prompts_dir / "citation.toml"))

    assert formatter.reference(chunk) == "Prévenir les litiges — 3 « Qui peut saisir le MNE » — p. 16"
