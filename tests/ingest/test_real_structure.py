"""Structure and titles of real documents nobody here wrote (../shared/corpus/real)."""

import json
import re
from pathlib import Path

import pytest

from erbm.ingest.chunker import DocumentInfo, make_chunks
from erbm.ingest.cleanup import clean_pages
from erbm.ingest.loaders import load_document
from erbm.ingest.patterns import Patterns
from erbm.ingest.structure import StructureParser
from erbm.ingest.titles import choose_title, opening_title
from erbm.models import Chunk
from erbm.settings import Settings
from erbm.text import fold_accents
from tests.conftest import REAL_CORPUS, REAL_REFERENTIEL


def _norm(text: str | None) -> str:
    # Compared as words: the publisher's export and the PDF differ in ellipses and quotes.
    return " ".join(re.findall(r"[^\W_]+", fold_accents((text or "").lower())))


@pytest.fixture(scope="module")
def patterns() -> Patterns:
    return Patterns.load(Settings().patterns_file)


def _chunks(path: Path, patterns: Patterns) -> list[Chunk]:
    raw = load_document(path, max_bytes=10**9, max_pages=1000)
    segments = StructureParser(patterns).segments(clean_pages(raw, patterns))
    return make_chunks(DocumentInfo("d", "v", "t", path.name, str(path)), segments, 700, 1)


def test_the_real_referentiel_measures_are_found_with_axis_section_id_page_and_title(patterns: Patterns) -> None:
    chunks = _chunks(REAL_REFERENTIEL, patterns)
    expected = json.loads(REAL_REFERENTIEL.with_name(f"{REAL_REFERENTIEL.stem}.structure.json").read_text(encoding="utf-8"))
    assert len(expected) == 78
    found = []
    for entry in expected:
        first = next((c for c in chunks if c.recommendation == entry["recommendation"]), None)
        if first is None:
            continue
        path = {h.number: h for h in first.heading_path}
        section = path.get(entry["section"])
        if (
            first.axis == entry["axis"]
            and _norm(first.axis_title) == _norm(entry["axis_title"])
            and section is not None
            and _norm(section.title) == _norm(entry["section_title"])
            and _norm(first.recommendation_title) == _norm(entry["recommendation_title"])
            and first.page_start == entry["page"]
        ):
            found.append(entry["recommendation"])
    assert len(found) / len(expected) >= 0.95, sorted({e["recommendation"] for e in expected} - set(found))


def test_sub_measures_listed_under_a_measure_stay_its_text(patterns: Patterns) -> None:
    # "1.1.1.1 Identifier un élu référent…" lines have nothing under them: a checklist of the
    # measure, cited as the measure, not 1-line passages of their own.
    chunks = _chunks(REAL_REFERENTIEL, patterns)
    item = next(c for c in chunks if "1.1.1.1 Identifier un élu référent" in c.text)
    assert item.recommendation == "1.1.1"
    assert [h.number for h in item.heading_path] == ["1", "1.1", "1.1.1"]


def test_a_parent_printed_after_its_first_child_still_heads_it(patterns: Patterns) -> None:
    # Page 19 reads "4.1 Connaître les coûts…" before "4 - Outils financiers…".
    chunks = _chunks(REAL_REFERENTIEL, patterns)
    first = next(c for c in chunks if c.recommendation == "4.1.1")
    assert [h.number for h in first.heading_path] == ["4", "4.1", "4.1.1"]


def test_articles_and_their_numbered_sections(patterns: Patterns) -> None:
    chunks = _chunks(REAL_CORPUS / "tet_reglement_label_eci.pdf", patterns)
    duration = next(c for c in chunks if "période de 4 ans" in c.text)
    assert [(h.label, h.number) for h in duration.heading_path] == [("Article", "3"), (None, "3.3")]
    assert duration.heading_path[-1].title == "Durée du label et renouvellement du label"


def test_roman_parts_over_arabic_sections(patterns: Patterns) -> None:
    chunks = _chunks(REAL_CORPUS / "vademecum_elections2014_fiche14_services_publics_locaux.pdf", patterns)
    gratuity = next(c for c in chunks if "la gratuité n’est pas un principe général" in c.text)
    assert gratuity.axis == 1
    assert [h.number for h in gratuity.heading_path] == ["I", "1.1"]


def test_an_unnumbered_entry_listed_beside_the_parts_ends_the_part_above(patterns: Patterns) -> None:
    # The FNCCR guide's contents lists « III Typologie … », then « Pour aller plus loin » and
    # « Annexes » at the same level: its annexes are not part III.
    chunks = _chunks(REAL_CORPUS / "fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf", patterns)
    typology = [c for c in chunks if c.heading_path and c.heading_path[0].number == "III"]
    assert typology and max(c.page_end for c in typology) <= 22
    annex = [c for c in chunks if c.page_start >= 24]
    assert annex and all(not c.heading_path for c in annex)
    # The numbered parts above are untouched.
    assert any(c.heading_path and c.heading_path[0].number == "II" for c in chunks)


EXPECTED_TITLES = {
    # Read off each document's first page (none has a usable PDF /Title).
    "tet_referentiel_economie_circulaire_2024.pdf": "Référentiel Economie Circulaire",
    "tet_reglement_label_eci.pdf": "REGLEMENT DU LABEL Economie Circulaire du programme Territoire Engagé Transition Ecologique",
    "dinan_codev_avis_pcaet_2021-2026.pdf": "PCAET 2021-2026 — Observations du Conseil de Développement de Dinan Agglomération",
    "vademecum_elections2014_fiche14_services_publics_locaux.pdf": "Fiche 14 — Notions clés sur les services publics locaux",
    "tet_fiche_action_golden_81152.pdf": "Animer et suivre le COT et la démarche de transition écologique",
    "fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf": "Prévenir les litiges avec les abonnés et les usagers des réseaux de chaleur",
}


def test_every_real_pdf_is_cited_by_its_real_title(patterns: Patterns) -> None:
    assert {p.name for p in REAL_CORPUS.glob("*.pdf")} == set(EXPECTED_TITLES)
    for name, title in EXPECTED_TITLES.items():
        raw = load_document(REAL_CORPUS / name, max_bytes=10**9, max_pages=1000)
        lines = clean_pages(raw, patterns)
        opening = [line.text for line in lines if line.page == lines[0].page][:2]
        assert choose_title(raw, opening, None) == title, name


def test_an_opening_title_wrapped_mid_phrase_is_read_whole() -> None:
    assert opening_title(["COMMUNE D'ESSAI — EXTRAIT DU REGISTRE DES", "DÉLIBÉRATIONS DU CONSEIL", "Séance du 3 mai."]) == (
        "COMMUNE D'ESSAI — EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL"
    )
    # A complete first line stays alone.
    assert opening_title(["Plan climat air énergie territorial", "Rapport de synthèse"]) == "Plan climat air énergie territorial"
