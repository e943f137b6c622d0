"""The chat's HTTP API, through gradio_client, against a real server started here."""

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator

import pytest
from gradio_client import Client

from erbm.assistant.facade import Assistant
from erbm.models import Answer, Citation
from erbm.web import ChatApp
from tests.conftest import ERBM_CORPUS, TEST_REFERENTIEL
from tests.support import running_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("web-data")
    env = {**os.environ, "ERBM_DATA_DIR": str(data)}
    subprocess.run(
        [sys.executable, "-m", "erbm", "ingest", "--quiet", str(ERBM_CORPUS), str(TEST_REFERENTIEL)],
        env=env, check=True, capture_output=True, timeout=300,
    )
    with running_server(data) as (url, _):
        yield url


def test_api_answers_with_citations(server: str) -> None:
    client = Client(server, verbose=False)
    raw = client.predict("Quelle part des heures de travaux doit être réservée à l'insertion ?", [], None, api_name="/ask")
    payload = json.loads(raw)
    assert payload["abstained"] is False
    cited = [c for c in payload["citations"] if c["recommendation"] == "4.1"]
    assert cited and cited[0]["axis"] == 4 and cited[0]["page_start"] == 5
    assert "cinq pour cent" in cited[0]["passage"]


def test_api_empty_question_is_a_message_not_an_error(server: str) -> None:
    payload = json.loads(Client(server, verbose=False).predict("", [], None, api_name="/ask"))
    assert payload["error"] == "empty_question"


def test_page_serves_the_chat(server: str) -> None:
    html = urllib.request.urlopen(server, timeout=10).read().decode("utf-8")
    assert "Assistant documentaire" in html


class ExplodingAssistant:
    """Stands in for a broken backend: the UI must show a message, not a trace."""

    def ask(self, question: str, filters: object) -> Answer:
        raise RuntimeError("boom")


def test_internal_error_never_reaches_the_ui() -> None:
    app = ChatApp(ExplodingAssistant())  # type: ignore[arg-type]
    answer = app.safe_ask("question", None)  # type: ignore[arg-type]
    assert answer.error == "internal" and "erreur interne" in answer.text


def test_document_text_is_escaped_in_the_sources_panel(shared_assistant: Assistant) -> None:
    from erbm.render import sources_html

    chunk = shared_assistant.chunks()[0].model_copy(update={"text": "<img src=x onerror=alert(1)> [lien](javascript:x)"})
    answer = Answer(
        question="q", text="t", abstained=False,
        citations=[Citation(marker=1, chunk=chunk, quote="<img src=x onerror=alert(1)>", reference="r")],
    )
    html = sources_html(answer)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_app_sends_no_usage_report(shared_assistant: Assistant) -> None:
    assert ChatApp(shared_assistant).build().analytics_enabled is False
