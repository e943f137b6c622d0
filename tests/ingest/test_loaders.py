from pathlib import Path

import pytest
from fpdf import FPDF

from erbm.ingest.loaders import LoadError, load_document
from tests.conftest import REFERENTIEL_PDF
from tests.ingest.helpers import bad_files

LIMITS = {"max_bytes": 10**8, "max_pages": 100}


def test_pdf_pages_and_title() -> None:
    raw = load_document(REFERENTIEL_PDF, **LIMITS)
    assert len(raw.pages) == 5
    assert raw.title and "Référentiel de test" in raw.title


@pytest.mark.parametrize("name", ["chiffre.pdf", "scan.pdf", "tronque.pdf", "vide.pdf", "texte-deguise.pdf", "donnees.xyz"])
def test_bad_files_fail_with_a_reason(tmp_path: Path, name: str) -> None:
    expected = bad_files(tmp_path)
    with pytest.raises(LoadError) as info:
        load_document(tmp_path / name, **LIMITS)
    assert expected[name] in info.value.reason


def test_page_limit(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_document(REFERENTIEL_PDF, max_bytes=10**8, max_pages=2)
    assert "trop de pages" in info.value.reason


def test_size_limit() -> None:
    with pytest.raises(LoadError) as info:
        load_document(REFERENTIEL_PDF, max_bytes=1000, max_pages=100)
    assert "volumineux" in info.value.reason


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("Préconisation : réhabilitation des cités minières.".encode("latin-1"))
    raw = load_document(path, **LIMITS)
    assert "réhabilitation" in raw.pages[0]


def test_markdown_title_and_headings(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Ma note\n\n## Axe 1 : Habitat\n\nDu **texte** et un [lien](http://exemple.fr).\n", encoding="utf-8")
    raw = load_document(path, **LIMITS)
    assert raw.title == "Ma note"
    assert "Axe 1 : Habitat" in raw.pages[0]
    assert "**" not in raw.pages[0]


def test_html_keeps_text_only(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Titre</title><script>alert('x')</script></head>"
        "<body><p onclick=\"evil()\">Bonjour <b>les habitants</b></p><style>p{}</style></body></html>",
        encoding="utf-8",
    )
    raw = load_document(path, **LIMITS)
    assert raw.title == "Titre"
    text = raw.pages[0]
    assert "Bonjour" in text and "les habitants" in text
    assert "alert" not in text and "evil" not in text and "p{}" not in text


def test_time_limit_per_file() -> None:
    with pytest.raises(LoadError) as info:
        load_document(REFERENTIEL_PDF, max_bytes=10**8, max_pages=100, max_seconds=0.0)
    assert "lecture trop longue" in info.value.reason


def test_decompression_bomb_is_refused_quickly(tmp_path: Path) -> None:
    from tests.ingest.helpers import bomb_pdf

    with pytest.raises(LoadError) as info:
        load_document(bomb_pdf(tmp_path / "bombe.pdf"), **LIMITS)
    assert "décompressé" in info.value.reason


def _drawn(path: Path, draws: list[tuple[float, float, str]]) -> str:
    """A page with each text drawn at (x, y) millimetres in the given order; its text."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for x, y, text in draws:
        pdf.text(x, y, text)
    pdf.output(str(path))
    return load_document(path, **LIMITS).pages[0]


def test_a_number_drawn_after_its_title_is_read_before_it(tmp_path: Path) -> None:
    # On the title's baseline, on the first line of a title that wraps, and set a little lower.
    text = _drawn(
        tmp_path / "a.pdf",
        [(30, 20, "Isoler les murs"), (10, 20, "1.1"), (30, 40, "Planter les"), (30, 46, "coeurs d'ilot"), (10, 40, "1.2"),
         (30, 60, "Eclairer"), (10, 61.5, "1.3"), (10, 86, "Informer avant le chantier"), (10, 80, "AXE 2 : HABITANTS")],
    )
    # An axis heading printed just above its first line but drawn after it goes before it.
    assert text.splitlines() == [
        "1.1 Isoler les murs", "1.2 Planter les", "coeurs d'ilot", "1.3 Eclairer", "AXE 2 : HABITANTS", "Informer avant le chantier",
    ]


def test_text_drawn_in_reading_order_is_left_as_extracted(tmp_path: Path) -> None:
    # A fake bold (the same words again, a fraction of a millimetre to the left) and a table row
    # drawn left to right are not reordered.
    # Nor is a second column's text, higher on the page and to the right.
    text = _drawn(
        tmp_path / "b.pdf",
        [(10, 20, "Isoler"), (9.9, 20, "Isoler"), (10, 30, "Cellule A"), (80, 30, "Cellule B"), (10, 60, "Fin de la colonne un"),
         (110, 56, "Haut de la colonne deux")],
    )
    assert [" ".join(line.split()) for line in text.splitlines()] == [
        "IsolerIsoler", "Cellule A Cellule B", "Fin de la colonne un", "Haut de la colonne deux",
    ]
