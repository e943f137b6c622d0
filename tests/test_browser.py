"""The chat in a real browser: Debian's chromium driven by Playwright (nothing downloaded)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import REFERENTIEL_PDF, TEST_REFERENTIEL
from tests.ingest.helpers import INJECTION, note_text, text_pdf
from tests.support import running_server

# A real chromium against a real server: in `make test`, not in the quick lane
# `pytest -m "not slow"`.
pytestmark = pytest.mark.slow


PASSWORD = "mot-de-passe-de-test"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    corpus, data = root / "corpus", root / "data"
    corpus.mkdir()
    shutil.copy(TEST_REFERENTIEL / "referentiel-test.pdf", corpus)
    text_pdf(corpus / "consignes injectées.pdf", [INJECTION])
    env = {**os.environ, "ERBM_DATA_DIR": str(data)}
    subprocess.run([sys.executable, "-m", "erbm", "ingest", "--quiet", str(corpus)], env=env, check=True, timeout=600)
    with running_server(data, extra_env={"ERBM_ADMIN_PASSWORD": PASSWORD}) as (url, _):
        yield url


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    page.goto(app_url)
    expect(page.locator("#erbm-status")).to_contain_text("Index : 2 documents")
    yield page
    page.close()


def ask(page: Page, question: str) -> None:
    page.locator("#erbm-question textarea").fill(question)
    page.locator("#erbm-ask").click()


def test_answer_and_sources_show_axis_recommendation_page(page: Page) -> None:
    ask(page, "Quelle part des heures de travaux doit être réservée à l'insertion ?")
    expect(page.locator("#erbm-chat")).to_contain_text("cinq pour cent", timeout=30_000)
    sources = page.locator("#erbm-sources")
    expect(sources).to_contain_text("Axe 4")
    expect(sources).to_contain_text("Préconisation 4.1")
    expect(sources).to_contain_text("p. 5")


def test_html_and_script_from_a_document_stay_inert_text(page: Page, artefacts_dir: Path) -> None:
    ask(page, "Comment les habitants sont-ils informés des coupures d'eau ?")
    chat, sources = page.locator("#erbm-chat"), page.locator("#erbm-sources")
    expect(sources).to_contain_text("consignes injectées", timeout=30_000)
    page.locator("#erbm-sources details summary").first.click()
    # Shown as the characters the document holds…
    expect(sources).to_contain_text("<script>alert('xss')</script>")
    expect(sources).to_contain_text('<img src=x onerror="alert(1)">')
    # …and never turned into elements or run.
    for area in (chat, sources):
        assert area.locator("script").count() == 0
        assert area.locator("img[src='x']").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.title() != "pirate"
    page.screenshot(path=str(artefacts_dir / "browser.png"), full_page=True)


def test_upload_needs_the_password_then_indexes(page: Page, tmp_path: Path) -> None:
    note = tmp_path / "Compte rendu atelier.md"
    note.write_text(note_text(42) + "\nLe potager collectif de la cité Lemay ouvre le 14 juin.\n", encoding="utf-8")
    page.get_by_text("Administration : ajouter des documents").click()
    page.locator("#erbm-files input[type=file]").set_input_files(str(note))
    page.locator("#erbm-password input").fill("mauvais")
    page.locator("#erbm-upload").click()
    report = page.locator("#erbm-upload-report")
    expect(report).to_contain_text("Mot de passe administrateur incorrect", timeout=30_000)

    page.locator("#erbm-password input").fill(PASSWORD)
    page.locator("#erbm-upload").click()
    expect(report).to_contain_text("Compte rendu atelier.md : indexé", timeout=120_000)
    expect(page.locator("#erbm-status")).to_contain_text("Index : 3 documents")
    ask(page, "Quand ouvre le potager collectif de la cité Lemay ?")
    expect(page.locator("#erbm-sources")).to_contain_text("ouvre le 14 juin", timeout=30_000)


def test_a_follow_up_shows_the_question_understood(page: Page) -> None:
    ask(page, "Quelle étiquette énergétique est attendue après la rénovation d'un logement ?")
    expect(page.locator("#erbm-sources")).to_contain_text("Préconisation", timeout=30_000)
    ask(page, "et pour les loyers ?")
    rewritten = page.locator("#erbm-chat .erbm-rewritten")
    expect(rewritten).to_contain_text("Question comprise : et pour les loyers ? (suite de : Quelle étiquette", timeout=30_000)


def test_sources_show_the_cited_page_with_the_quote_highlighted(page: Page, app_url: str) -> None:
    ask(page, "Quelle part des heures de travaux doit être réservée à l'insertion ?")
    first = page.locator("#erbm-sources .erbm-source").first
    expect(first).to_contain_text("Préconisation 4.1", timeout=30_000)
    image = first.locator(".erbm-page img").first
    expect(image).to_be_visible()
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=image.element_handle())
    frame, mark = image.bounding_box(), first.locator(".erbm-hl").first.bounding_box()
    assert frame and mark
    # Where the renderer itself draws the quote's first words.
    number = int(first.locator(".erbm-page").first.get_attribute("data-page") or 0)
    quote = first.locator(".erbm-quote").inner_text().split("«", 1)[1].rstrip("» ").strip()
    document = pdfium.PdfDocument(REFERENTIEL_PDF)
    pdf_page = document[number - 1]
    textpage = pdf_page.get_textpage()
    found = textpage.search(" ".join(quote.split()[:3])).get_next()
    assert found is not None, quote
    left, _, _, top = textpage.get_charbox(found[0])
    width, height = pdf_page.get_size()
    document.close()
    assert abs((mark["x"] - frame["x"]) / frame["width"] - left / width) < 0.01
    assert abs((mark["y"] - frame["y"]) / frame["height"] - (1 - top / height)) < 0.01

    href = first.locator("a.erbm-open").first.get_attribute("href") or ""
    assert href.endswith(f"#page={number}")
    with urllib.request.urlopen(app_url + href.split("#")[0], timeout=30) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"
    for crafted in ("document/0123456789abcdef", "document/..%2F..%2Fetc%2Fpasswd", "document/../../etc/passwd",
                    "preview/0123456789abcdef/1.png", f"preview/{href.split('/')[1].split('#')[0]}/999.png"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(app_url + crafted, timeout=30)
        assert refused.value.code == 404, crafted
