"""A passage's heading is indexed once: in its context header, not again from its text."""

from pathlib import Path

import pytest

from erbm.ingest.chunker import DocumentInfo, make_chunks
from erbm.ingest.cleanup import clean_pages
from erbm.ingest.loaders import load_document
from erbm.ingest.patterns import Patterns
from erbm.ingest.structure import StructureParser
from erbm.models import Chunk, HeadingRef
from erbm.settings import Settings
from tests.conftest import ERBM_CORPUS, REAL_CORPUS, REAL_REFERENTIEL


def _chunks(path: Path) -> list[Chunk]:
    patterns = Patterns.load(Settings().patterns_file)
    raw = load_document(path, max_bytes=10**9, max_pages=1000)
    segments = StructureParser(patterns).segments(clean_pages(raw, patterns))
    return make_chunks(DocumentInfo("d", "v", "t", path.name, str(path)), segments, 700, 1)


@pytest.fixture(scope="module")
def referentiel() -> list[Chunk]:
    return _chunks(REAL_REFERENTIEL)


def test_a_measure_number_and_title_on_their_own_lines_leave_the_body(referentiel: list[Chunk]) -> None:
    # Page 19 prints « 4.1.2 » alone on its line, the measure's title on the next.
    first = next(c for c in referentiel if c.recommendation == "4.1.2")
    assert first.text.startswith("4.1.2\n")
    assert first.body().startswith("La collectivité analyse les résultats de la matrice")
    indexed = first.indexed_text()
    assert indexed.count("Etudier les pistes d'optimisation") == 1 and indexed.startswith(first.context_header())


def test_a_passage_that_does_not_open_with_its_heading_keeps_its_text(referentiel: list[Chunk]) -> None:
    later = [c for c in referentiel if c.recommendation == "5.1.3" and not c.text.startswith("5.1.3\n")]
    assert later and all(c.body() == c.text for c in later)


def test_a_heading_with_a_label_and_a_question_mark() -> None:
    guide = _chunks(REAL_CORPUS / "fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf")
    first = next(c for c in guide if c.text.startswith("3. QUI PEUT SAISIR LE MNE"))
    assert first.body().startswith("Il est nécessaire de préciser")
    article = Chunk(
        id="v-00000", doc_id="d", index=0, text="Article 3 : La labellisation\nLe label est organisé en 5 paliers.",
        title="T", file_name="f.pdf", source_path="/f.pdf", page_start=1, page_end=1,
        heading_path=(HeadingRef(label="Article", number="3", title="La labellisation", value=3),),
    )
    assert article.body() == "Le label est organisé en 5 paliers."
    # Another heading's number at the start is not this passage's heading.
    other = article.model_copy(update={"text": "3.1 Les paliers\nLe label est organisé en 5 paliers."})
    assert other.body() == other.text
    untitled = other.model_copy(update={"heading_path": (HeadingRef(number="3", value=3),)})
    assert untitled.body() == untitled.text


def test_an_unnumbered_heading_printed_by_the_passage_is_indexed_once() -> None:
    headline = Chunk(
        id="v-00000", doc_id="d", index=0, title="T", file_name="f.pdf", source_path="/f.pdf", page_start=1, page_end=1,
        text="Lettre d'information n°3\nMARS 2021\n**12 mars 2021, 5e COMITÉ DE SUIVI\nAU PROGRAMME : LES JARDINS**\n"
        "Les jardins des cités sont replantés.",
        section="MARS 2021 12 mars 2021, 5e COMITÉ DE SUIVI AU PROGRAMME : LES JARDINS",
    )
    assert headline.prints_section()
    assert headline.context_header() == "T"
    assert headline.indexed_text().count("COMITÉ DE SUIVI") == 1 and headline.body() == headline.text
    dated = headline.model_copy(update={"text": "DATES CLÉS :\nLe comité se réunit en mars.", "section": "DATES CLÉS"})
    assert dated.context_header() == "T"
    # A passage further down the section does not print it: its header names it.
    later = headline.model_copy(update={"text": "Les haies sont taillées en mars."})
    assert later.context_header() == f"T — {headline.section}"
    # A word of the heading inside a sentence is not the heading.
    short = headline.model_copy(update={"text": "Un point d'eau par jardin.\nL'eau est récupérée.", "section": "EAU"})
    assert not short.prints_section()


def test_a_newsletter_headline_is_indexed_once_and_shown() -> None:
    letter = _chunks(ERBM_CORPUS / "lettre-renouveau-n2-juillet-2019.pdf")
    first = letter[0]
    assert "COMITÉ DE PILOTAGE" in (first.section or "") and "COMITÉ DE PILOTAGE" in first.text
    assert first.indexed_text().count("COMITÉ DE PILOTAGE") == 1
    # Every passage of the article carries the headline that dates it.
    answer = next(c for c in letter if "baisses de charges" in c.text)
    assert "20 juin 2019" in answer.context_header()


def test_stored_chunks_share_their_fields_set_and_stay_independent(referentiel: list[Chunk]) -> None:
    # The serving process holds every chunk: one set of field names per chunk cost 70 MB at
    # 34,000 chunks (make bench, 10,000 pages).
    paths: dict[str, tuple[HeadingRef, ...]] = {}
    stored = [Chunk.from_stored(c.id, f"header\n{c.text}", c.to_metadata(), paths) for c in referentiel[:5]]
    assert stored == referentiel[:5]
    first, second = next((a, b) for a in stored for b in stored if a is not b and a.model_fields_set == b.model_fields_set)
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    copied = first.model_copy(update={"url": "https://example.org"})
    assert copied.url == "https://example.org" and "url" in copied.model_dump(exclude_unset=True)
    assert "url" not in second.model_dump(exclude_unset=True)
    assert second.model_dump(exclude_unset=True).keys() == first.model_dump(exclude_unset=True).keys()
