"""Acronyms read with the words their document spells them out with."""

from erbm.index.acronyms import Glossary, embedded_texts, spelled_out
from erbm.index.analysis import analyse
from erbm.index.lexical import LexicalIndex
from erbm.models import Chunk


def _chunk(file_name: str, index: int, text: str) -> Chunk:
    return Chunk(
        id=f"{file_name}-{index}", doc_id=file_name, index=index, text=text, title=file_name, file_name=file_name,
        source_path=f"/corpus/{file_name}", page_start=1, page_end=1,
    )  # fmt: skip


def test_the_fewest_words_whose_initials_are_the_acronym() -> None:
    defined = "Le Médiateur national de l’énergie (MNE) est une autorité"
    assert spelled_out(defined, "MNE") == "Médiateur national de l énergie"
    glossed = "la CDSP (commission de délégation de service public) ouvre"
    assert spelled_out(glossed, "CDSP") == "commission de délégation de service public"
    assert spelled_out("La date de CNL au cours de laquelle", "CNL") is None


GUIDE = [
    _chunk("guide.pdf", 0, "Le Médiateur national de l’énergie (MNE) est une autorité publique indépendante."),
    _chunk("guide.pdf", 1, "QUI PEUT SAISIR LE MNE ? Via le syndic de copropriétaires."),
    _chunk("guide.pdf", 2, "Le syndic de copropriétaires convoque l'assemblée générale chaque année."),
    _chunk("autre.pdf", 0, "Le MNE du club de voile organise les régates."),
]


def test_a_heading_in_capitals_defines_its_acronym() -> None:
    heading = _chunk("guide.pdf", 0, "L’IMPORTANCE DE LA COMMISSION CONSULTATIVE DES SERVICES PUBLICS LOCAUX (CCSPL)")

    expanded = Glossary([heading]).expand("mettre en place une CCSPL", "guide.pdf")

    assert expanded == "mettre en place une COMMISSION CONSULTATIVE DES SERVICES PUBLICS LOCAUX CCSPL"


def test_a_document_reads_its_own_acronyms_spelled_out() -> None:
    glossary = Glossary(GUIDE)

    assert glossary.expand("saisir le MNE ?", "guide.pdf") == "saisir le Médiateur national de l énergie MNE ?"
    # Another document's MNE is not this one; the capitals of a heading are not acronyms.
    assert glossary.expand("Le MNE du club", "autre.pdf") == "Le MNE du club"
    assert glossary.expand("QUI PEUT SAISIR", "guide.pdf") == "QUI PEUT SAISIR"
    # A text that already has the words keeps its own weight of them.
    spelled = "le médiateur national de l'energie (MNE)"
    assert glossary.expand(spelled, "guide.pdf") == spelled
    assert len(glossary) == 1


def test_a_question_spelling_the_name_out_finds_the_passage_that_writes_the_acronym() -> None:
    index = LexicalIndex(GUIDE)

    best = index.search(analyse("saisir le médiateur"), k=1)[0]

    assert best.chunk.id == "guide.pdf-1"
    assert "mediateur" in index.terms_of("guide.pdf-1")
    assert "mediateur" not in index.terms_of("autre.pdf-0")


def test_a_passage_writing_some_of_the_words_is_embedded_as_written() -> None:
    """A document's own name spelled out again pulled its passages towards every question on its
    subject: the vector reads the words only where the passage has none of them."""
    region = [
        _chunk("region.pdf", 0, "L'Engagement pour le Renouveau du Bassin Minier (ERBM) est signé en 2017."),
        _chunk("region.pdf", 1, "Les signataires de l'ERBM répondent aux besoins des habitants du bassin."),
        _chunk("region.pdf", 2, "Les signataires de l'ERBM se réunissent chaque année."),
    ]

    texts = embedded_texts(region)

    assert texts[:2] == [region[0].indexed_text(), region[1].indexed_text()]
    assert texts[2].endswith("de l'Engagement pour le Renouveau du Bassin Minier ERBM se réunissent chaque année.")
