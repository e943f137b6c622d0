"""A référentiel laid out as a table (number | recommendation | text), printed to PDF by a real
browser (Debian's chromium, driven by Playwright), as a page saved from the web is: each
recommendation must be found with its axis, number and title. Invented text."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from erbm.ingest.patterns import Patterns
from erbm.settings import Settings
from tests.ingest.test_marks import chunks_of
from tests.ingest.test_referentiel_styles import AXES, _sentences

pytestmark = pytest.mark.slow


def _table_page(number: str, paragraphs: int) -> tuple[str, list[tuple[int, str, str]]]:
    """The HTML, and (axis, recommendation as cited, title) for each row."""
    parts, expected, k = ["<html><head><meta charset='utf-8'></head><body><h1>Référentiel d'essai</h1>"], [], 0
    for n, (title, items) in enumerate(AXES, start=1):
        parts.append(f"<h2>AXE {n} : {html.escape(title)}</h2><p>Cet axe regroupe {len(items)} recommandations.</p>")
        parts.append("<table border='1' cellpadding='4' style='width:100%'><colgroup><col width='15%'><col width='30%'><col width='55%'></colgroup>")
        for i, item in enumerate(items, start=1):
            k += 1
            printed = number.format(a=n, i=i, k=k)
            text = " ".join(_sentences(item, k * 10 + j) for j in range(paragraphs))
            parts.append(f"<tr><td valign='top'>{printed}</td><td valign='top'>{html.escape(item)}</td><td valign='top'>{html.escape(text)}</td></tr>")
            cited = printed.removeprefix("Fiche-action ").removeprefix("N°")
            expected.append((n, cited, item))
        parts.append("</table>")
    return "".join(parts) + "</body></html>", expected


@pytest.mark.parametrize("number", ["{a}.{i}", "R{k}", "Fiche-action {a}.{i}", "N°{k}"])
@pytest.mark.parametrize("paragraphs", [1, 3])
def test_a_table_of_recommendations_printed_by_a_browser_is_read_row_by_row(
    browser: Browser, tmp_path: Path, number: str, paragraphs: int
) -> None:
    # The printed row's first line held the number, the title and the start of the text: the
    # title ran into the text (« Isoler les murs par l'exterieur La recommandation 10 … »).
    source, expected = _table_page(number, paragraphs)
    page = browser.new_page()
    page.set_content(source)
    path = tmp_path / "referentiel.pdf"
    page.pdf(path=str(path), format="A4")
    page.close()
    chunks = chunks_of(path, Patterns.load(Settings().patterns_file))
    found = {(c.axis, c.recommendation, c.recommendation_title) for c in chunks}
    assert not [e for e in expected if e not in found], sorted(found, key=str)
