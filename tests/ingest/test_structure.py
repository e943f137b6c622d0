import json
from pathlib import Path

import pytest

from erbm.ingest.chunker import DocumentInfo, make_chunks
from erbm.ingest.cleanup import Line, clean_pages
from erbm.ingest.loaders import load_document
from erbm.ingest.patterns import Patterns
from erbm.ingest.structure import StructureParser
from erbm.models import Chunk
from erbm.settings import Settings
from tests.conftest import REFERENTIEL_PDF, TEST_REFERENTIEL


@pytest.fixture(scope="module")
def patterns() -> Patterns:
    return Patterns.load(Settings().patterns_file)


@pytest.fixture(scope="module")
def referentiel_chunks(patterns: Patterns) -> list[Chunk]:
    raw = load_document(REFERENTIEL_PDF, max_bytes=10**8, max_pages=100)
    segments = StructureParser(patterns).segments(clean_pages(raw, patterns))
    return make_chunks(DocumentInfo("d", "v", "t", REFERENTIEL_PDF.name, str(REFERENTIEL_PDF)), segments, 700, 1)


def test_structure_reproduces_every_entry_of_the_structure_file(referentiel_chunks: list[Chunk]) -> None:
    expected = json.loads((TEST_REFERENTIEL / "referentiel-test.structure.json").read_text(encoding="utf-8"))
    assert expected
    for entry in expected:
        chunks = [c for c in referentiel_chunks if c.recommendation == entry["recommendation"]]
        assert chunks, entry
        first = chunks[0]
        assert first.axis == entry["axis"]
        assert first.axis_title == entry["axis_title"]
        assert first.recommendation_title == entry["recommendation_title"]
        # The heading stands on the page of the first chunk of the recommendation.
        assert first.page_start == entry["page"]
        assert first.text.startswith(f"Préconisation {entry['recommendation']}")
    found = {c.recommendation for c in referentiel_chunks if c.recommendation}
    assert found == {e["recommendation"] for e in expected}


def test_no_chunk_straddles_two_recommendations(referentiel_chunks: list[Chunk]) -> None:
    for chunk in referentiel_chunks:
        assert chunk.text.count("Préconisation ") <= 1


def test_table_of_contents_is_not_taken_for_headings(referentiel_chunks: list[Chunk]) -> None:
    # The table of contents on page 1 lists every axis; none of them may open an axis there.
    assert all(c.axis is None for c in referentiel_chunks if c.page_end == 1)


def test_running_headers_and_page_footers_are_gone(referentiel_chunks: list[Chunk]) -> None:
    text = "\n".join(c.text for c in referentiel_chunks)
    assert "contenu fictif — page" not in text
    assert "étiquette énergétique C" in text  # hyphenated line end joined
    assert "travaillées" in text


def _segments(patterns: Patterns, lines: list[str]):
    return StructureParser(patterns).segments([Line(page=1, text=t) for t in lines])


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("AXE 1 – PERFORMANCE ÉNERGÉTIQUE", 1, "PERFORMANCE ÉNERGÉTIQUE"),
        ("Axe 2 : Loyers et charges", 2, "Loyers et charges"),
        ("AXE III. Participation des habitants", 3, "Participation des habitants"),
        ("Axe IV — Insertion", 4, "Insertion"),
    ],
)
def test_axis_headings(patterns: Patterns, heading: str, number: int, title: str) -> None:
    segs = _segments(patterns, [heading, "Un texte d'introduction assez long pour faire un passage à lui seul, vraiment."])
    assert segs[0].position.axis == number
    assert segs[0].position.axis_title == title


@pytest.mark.parametrize(
    ("heading", "label", "number", "title"),
    [
        ("Préconisation 2.1 : Vérifier la performance", "Préconisation", "2.1", "Vérifier la performance"),
        ("Recommandation n°2.1 — Suivre les loyers", "Recommandation", "2.1", "Suivre les loyers"),
        ("RECOMMANDATION N° 1 : Associer", "Recommandation", "1", "Associer"),
        ("Action 2.1. Former les entreprises", "Action", "2.1", "Former les entreprises"),
    ],
)
def test_recommendation_headings(patterns: Patterns, heading: str, label: str, number: str, title: str) -> None:
    segs = _segments(patterns, ["Axe 2 : Loyers", heading, "Le texte de la recommandation, suffisamment long pour un passage."])
    rec = [s for s in segs if s.position.recommendation][0].position
    assert (rec.recommendation_label, rec.recommendation, rec.recommendation_title) == (label, number, title)
    assert rec.axis == 2


def test_text_spanning_a_page_break_keeps_both_pages(patterns: Patterns) -> None:
    lines = [
        Line(1, "Préconisation 1.1 : Titre"),
        Line(1, "Une phrase qui commence en bas de la page et qui se pour-"),
        Line(2, "suit en haut de la page suivante."),
    ]
    segments = StructureParser(patterns).segments(lines)
    chunks = make_chunks(DocumentInfo("d", "v", "t", "f.pdf", "f.pdf"), segments, 700, 1)
    assert len(chunks) == 1
    assert (chunks[0].page_start, chunks[0].page_end) == (1, 2)
    assert "se poursuit en haut" in chunks[0].text


def test_chunk_ids_are_deterministic(patterns: Patterns, tmp_path: Path) -> None:
    raw = load_document(REFERENTIEL_PDF, max_bytes=10**8, max_pages=100)
    info = DocumentInfo("abc", "v", "t", "f.pdf", "f.pdf")
    a = make_chunks(info, StructureParser(patterns).segments(clean_pages(raw, patterns)), 700, 1)
    b = make_chunks(info, StructureParser(patterns).segments(clean_pages(raw, patterns)), 700, 1)
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.id for c in a}) == len(a)


def test_a_huge_line_without_full_stops_is_cut_to_size(patterns: Patterns) -> None:
    line = " ".join(f"mot{i}" for i in range(30_000))  # ~250 kB, no sentence end
    segments = StructureParser(patterns).segments([Line(1, line)])
    chunks = make_chunks(DocumentInfo("d", "v", "t", "f.txt", "f.txt"), segments, 700, 1)
    assert len(chunks) > 100
    assert all(len(c.text) <= 700 for c in chunks)


def test_a_passage_repeated_in_a_document_is_kept_once(patterns: Patterns) -> None:
    line = " ".join(["chantier"] * 50_000)  # a degenerate one-line export
    segments = StructureParser(patterns).segments([Line(1, line)])
    chunks = make_chunks(DocumentInfo("d", "v", "t", "f.txt", "f.txt"), segments, 700, 1)
    assert len({c.text for c in chunks}) == len(chunks) <= 3


def test_markdown_headings_open_sections(patterns: Patterns, tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    body = "Une phrase de contenu qui explique le sujet de la section avec assez de mots pour compter. " * 3
    path.write_text(f"# Repères\n\n## Dates clés\n\n{body}\n\n## Partenaires\n\n{body}\n", encoding="utf-8")
    raw = load_document(path, max_bytes=10**8, max_pages=100)
    segments = StructureParser(patterns).segments(clean_pages(raw, patterns))
    chunks = make_chunks(DocumentInfo("d", "v", "t", "note.md", str(path)), segments, 700, 1)
    sections = [c.section for c in chunks]
    assert "Dates clés" in sections and "Partenaires" in sections
    assert all(not c.text.startswith("Repères Dates") for c in chunks)


def _bold(text: str) -> Line:
    return Line(page=1, text=text, display=True, display_type=(14.0, True), size=14.0)


def _plain(text: str) -> Line:
    return Line(page=1, text=text, size=14.0)


def test_a_title_in_bold_ending_in_capitals_is_one_section(patterns: Patterns) -> None:
    # A bold title in sentence case whose last words, wrapped, are in capitals: the capitals
    # alone (« FAÇADES ET TOITURES ») would title the section and leave its start in the text above.
    body = "Un paragraphe de contenu qui développe le sujet avec assez de mots pour en faire un passage."
    lines = [
        *[_plain(body)] * 3, _plain("Sur ces neuf fiches :"), _bold("2 fiches (4, 9) ont pour sujet la RENOVATION DES"), _bold("FACADES ET TOITURES"),
        *[_plain(body)] * 3,
        _bold("Une fiche (6) a pour sujet les JARDINS ET"), _bold("ESPACES PARTAGES"), *[_plain(body)] * 3,
    ]
    segments = StructureParser(patterns).segments(lines)
    sections = [s.position.section for s in segments]
    assert sections == [
        None,
        "2 fiches (4, 9) ont pour sujet la RENOVATION DES FACADES ET TOITURES",
        "Une fiche (6) a pour sujet les JARDINS ET ESPACES PARTAGES",
    ], sections
    assert segments[1].lines[0].text.startswith("2 fiches") and segments[2].lines[0].text.startswith("Une fiche")


def test_a_bold_sentence_before_a_capitals_title_stays_text(patterns: Patterns) -> None:
    # The sentence above ends; the line in body type is not the title's start either.
    body = "Un paragraphe de contenu qui développe le sujet avec assez de mots pour en faire un passage."
    lines = [
        *[_plain(body)] * 3, _bold("Ce point est essentiel pour les habitants."), _bold("LES JARDINS"), _plain(body), _plain(body),
        _plain("Les fiches suivantes portent sur"), _bold("LES FACADES"), _plain(body), _plain(body),
    ]
    sections = [s.position.section for s in StructureParser(patterns).segments(lines)]
    assert sections == [None, "LES JARDINS", "LES FACADES"], sections


def test_a_listed_section_ends_the_listed_parts_at_its_level_only(patterns: Patterns) -> None:
    body = "Un paragraphe de contenu qui développe le sujet avec assez de mots pour en faire un passage."

    def listed(text: str, level: int) -> Line:
        return Line(page=1, text=text, outline_level=level, outline_title=text)

    lines = [
        listed("1. Habiter la cité", 0), *[_plain(body)] * 3,
        listed("1.1 Isoler les murs", 1), *[_plain(body)] * 3,
        listed("Le contexte", 1), *[_plain(body)] * 3,
        listed("2. Se déplacer", 0), *[_plain(body)] * 3,
        listed("Annexes", 0), *[_plain(body)] * 3,
    ]
    segments = StructureParser(patterns).segments(lines)
    paths = [([r.number for r in s.position.path], s.position.section) for s in segments]
    # « Le contexte », listed beside « 1.1 », ends it and stays under « 1. ».
    assert paths == [(["1"], None), (["1", "1.1"], None), (["1"], "Le contexte"), (["2"], None), ([], "Annexes")], paths
