"""A question that names a part of a document by its number, read against the indexed outline."""

from erbm.index.outline import Outline, Reference
from erbm.models import Chunk, HeadingRef


def _chunk(i: int, text: str, *path: tuple[str | None, str], doc: str = "ref") -> Chunk:
    headings = tuple(HeadingRef(label=label, number=number, value=int(number.split(".")[0])) for label, number in path)
    return Chunk(
        id=f"{doc}-{i}", doc_id=doc, index=i, text=text, title="Référentiel", file_name=f"{doc}.pdf",
        source_path=f"/corpus/{doc}.pdf", page_start=1, page_end=1, heading_path=headings,
    )


AXE_1 = ("Axe", "1")
AXE_2 = ("Axe", "2")
CHUNKS = [
    _chunk(0, "", AXE_1),  # a heading alone on its page
    _chunk(1, "Viser l'étiquette C. Voir aussi 2.3.", AXE_1, ("Préconisation", "1.1")),
    _chunk(2, "Mesurer pendant deux hivers.", AXE_1, ("Préconisation", "1.2")),
    _chunk(3, "Garantir le reste à charge.", AXE_2, ("Préconisation", "2.1")),
    _chunk(4, "Suite de la préconisation.", AXE_2, ("Préconisation", "2.1")),
]


def test_dotted_numbers_and_labels_the_documents_use_are_references() -> None:
    outline = Outline(CHUNKS)
    assert outline.references("Que dit la préconisation 2.1 ?") == [Reference("2.1", words="préconisation 2.1")]
    assert outline.references("Que dit la sous-orientation 4.2 ?")[0].words == "sous-orientation 4.2"
    assert outline.references("Que contient l'axe 2 ?") == [Reference("2", "axe", "axe 2")]
    assert outline.references("Que contient l'Axe 1er ?") == [Reference("1", "axe", "Axe 1er")]
    assert outline.references("Et l'axe II ?") == [Reference("II", "axe", "axe II")]


def test_numbers_that_name_no_part_are_not_references() -> None:
    outline = Outline(CHUNKS)
    for question in (
        "Combien des 12 partenaires ont signé en 2017 ?",  # no heading is labelled « des » or « en »
        "Quel article 4 du code ?",  # « Article » labels no heading here
        "Le taux est-il de 82.3 % ?",
        "Signé le 7.03.17 ?",
        "Quelle version 2.1a ?",
        "Que dit le chapitre 12 ?",
        "En combien d'axes le référentiel est-il organisé ?",  # « le » is no Roman number
    ):
        assert outline.references(question) == [], question


def test_a_part_holds_the_passages_under_it_in_document_order() -> None:
    outline = Outline(CHUNKS)
    assert outline.under(Reference("2.1")) == [3, 4]
    assert outline.under(Reference("1", "axe")) == [1, 2]  # the empty heading passage is left out
    assert outline.under(Reference("1")) == [1, 2]
    assert outline.under(Reference("2", "article")) == []


def test_a_part_missing_from_the_documents_numbering() -> None:
    outline = Outline(CHUNKS)
    assert outline.under(Reference("4.3")) == []
    assert outline.numbered_alike(Reference("4.3"))  # headings are numbered in two levels
    assert not outline.numbered_alike(Reference("4.3.1"))  # none in three
    assert outline.numbered_alike(Reference("6", "axe"))
    # A number printed in a passage (« voir aussi 2.3 ») is not unknown, even with no heading.
    assert outline.printed(Reference("2.3"))
    assert not outline.printed(Reference("4.3"))
    assert not outline.printed(Reference("6", "axe", "axe 6"))
