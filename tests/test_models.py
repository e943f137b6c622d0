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
from tests.conftest import REAL_CORPUS, REAL_REFERENTIEL


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
