"""The Gradio chat, thin over ``Assistant``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

from erbm import messages
from erbm.assistant.answerers import final_answer
from erbm.assistant.examples import ExampleGroup, load_candidates
from erbm.assistant.facade import Assistant, IngestBusy
from erbm.messages import (
    ADMIN_HELP,
    ADMIN_TITLE,
    ALL_AXES,
    ASK_LABEL,
    AXIS_CHOICE,
    AXIS_LABEL,
    CLEAR_LABEL,
    DOCS_LABEL,
    EXAMPLES_TITLE,
    FILES_LABEL,
    INTRO,
    NEVER,
    PASSWORD_LABEL,
    QUESTION_LABEL,
    QUESTION_PLACEHOLDER,
    STATUS_TEMPLATE,
    TITLE,
    UPLOAD_LABEL,
)
from erbm.models import Answer, Citation, Filters, PageHighlight, Turn
from erbm.render import answer_html, answer_to_json, ingest_report_html, sources_html, text_to_html
from erbm.uploads import password_ok

log = logging.getLogger(__name__)


CSS = """
.erbm-source {border-left: 3px solid #2b6cb0; padding: 4px 8px; margin: 8px 0;}
.erbm-quote {margin: 4px 0; font-style: italic;}
.erbm-passage {white-space: pre-wrap; font-size: 0.9em;}
.erbm-rewritten {color: #666; font-size: 0.85em; margin-top: 6px;}
.erbm-notice {color: #8a5a00; font-size: 0.9em; margin-bottom: 6px;}
.erbm-page {position: relative; margin: 6px 0; border: 1px solid #ccc;}
.erbm-page img {display: block; width: 100%; height: auto;}
.erbm-hl {position: absolute; background: rgba(255, 213, 0, 0.38); outline: 1px solid rgba(200, 140, 0, 0.9);}
.erbm-open {font-size: 0.9em;}
"""


def _filters(documents: list[str] | None, axis: str | None) -> Filters:
    axis_no = None
    if axis and axis != ALL_AXES:
        axis_no = int(axis.split()[-1])
    return Filters(documents=list(documents or []), axis=axis_no)


class ChatApp:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.example_labels: list[str] = []

    def status_line(self) -> str:
        s = self.assistant.status()
        line = STATUS_TEMPLATE.format(documents=s.documents, passages=s.passages, last_update=s.last_update or NEVER)
        if missing := self.assistant.missing_official():
            line += "\n" + messages.MISSING_OFFICIAL.format(titles=messages.quoted(m.title or m.file for m in missing))
        return text_to_html(line)

    def examples(self) -> list[ExampleGroup]:
        try:
            return self.assistant.examples()
        except Exception:  # noqa: BLE001 - the chat works without examples
            log.exception("examples failed")
            return []

    def example_updates(self) -> list[Any]:
        """One update per kind of user: the examples this index answers (hidden when none)."""
        by_label = {g.label: g.questions for g in self.examples()}
        return [
            gr.Dataset(samples=[[q] for q in by_label.get(label, ())], visible=bool(by_label.get(label)))
            for label in self.example_labels
        ]

    def locate(self, citation: Citation) -> list[PageHighlight]:
        try:
            return self.assistant.pages.highlights(citation)
        except Exception:  # noqa: BLE001 - the answer is shown without its page rather than not at all
            log.exception("locating a quote failed")
            return []

    def safe_stream(self, question: str, filters: Filters, turns: list[Turn]) -> Iterator[str | Answer]:
        try:
            yield from self.assistant.ask_stream(question, filters, turns)
        except Exception:  # noqa: BLE001 - a stack trace never reaches the UI
            log.exception("ask failed")
            yield Answer(question=question, text=messages.INTERNAL_ERROR, abstained=True, error="internal")

    def safe_ask(self, question: str, filters: Filters, turns: list[Turn] | None = None) -> Answer:
        return final_answer(self.safe_stream(question, filters, turns or []))

    def respond(
        self,
        question: str,
        history: list[dict[str, Any]] | None,
        documents: list[str] | None,
        axis: str | None,
        turns: list[dict[str, str]] | None,
    ) -> Iterator[tuple[list[dict[str, Any]], str, Any, list[dict[str, str]]]]:
        """Streams the model's text as it comes; sources appear once the answer is checked."""
        history = list(history or [])
        past = [Turn.model_validate(t) for t in turns or []]
        # Chatbot renders raw HTML when markdown is off: escape it so document text stays text.
        history.append({"role": "user", "content": text_to_html(question or "")})
        history.append({"role": "assistant", "content": ""})
        # The question box is emptied once, now: emptied again with the answer, it would wipe
        # what the user has started typing meanwhile (the next question).
        keep = gr.update()
        yield history, "", "", list(turns or [])
        partial, final = "", None
        for event in self.safe_stream(question, _filters(documents, axis), past):
            if isinstance(event, Answer):
                final = event
                continue
            partial += event
            history[-1] = {"role": "assistant", "content": text_to_html(partial)}
            yield history, "", keep, list(turns or [])
        assert final is not None  # safe_stream always ends with an Answer
        history[-1] = {"role": "assistant", "content": answer_html(final)}
        if not final.error:
            past.append(Turn(question=final.rewritten_question or final.question, answer=final.text))
        yield history, sources_html(final, self.assistant.reference, self.locate), keep, [t.model_dump() for t in past]

    def upload(self, password: str, files: list[str] | None, progress: gr.Progress = gr.Progress(track_tqdm=True)) -> tuple[str, Any, str]:
        """Admin only: check the password, then store and index the files."""
        secret = self.assistant.settings.admin_password
        unchanged = gr.update()
        if secret is None or not password_ok(password, secret.get_secret_value()):
            return text_to_html(messages.UPLOAD_BAD_PASSWORD), unchanged, self.status_line()
        if not files:
            return text_to_html(messages.UPLOAD_NOTHING), unchanged, self.status_line()
        # Gradio keeps the user's file name as the temporary file's name.
        uploads = [(Path(f), Path(f).name) for f in files]
        try:
            report = self.assistant.add_documents(uploads, progress=True)
        except IngestBusy:
            return text_to_html(messages.INGEST_BUSY), unchanged, self.status_line()
        except Exception:  # noqa: BLE001 - a stack trace never reaches the UI
            log.exception("upload failed")
            return text_to_html(messages.INTERNAL_ERROR), unchanged, self.status_line()
        choices = [(d.title, d.file_name) for d in self.assistant.documents()]
        return ingest_report_html(report), gr.update(choices=choices), self.status_line()

    def api_ask(
        self, question: str, documents: list[str] | None = None, axis: int | None = None, history: list[str] | None = None
    ) -> str:
        """Ask a question (with the conversation's earlier questions, if any); returns the
        answer and its citations as JSON."""
        turns = [Turn(question=q) for q in history or []]
        answer = self.safe_ask(question, Filters(documents=list(documents or []), axis=axis), turns)
        return answer_to_json(answer, self.locate)

    def build(self) -> gr.Blocks:
        docs = self.assistant.documents()
        self.example_labels = [g.label for g in load_candidates(self.assistant.settings.examples_file)]
        axes = [ALL_AXES] + [AXIS_CHOICE.format(number=n) for n in self.assistant.axes()]
        # No usage reports to Gradio's servers: the machines are offline, and the questions of
        # public agents are not a third party's business.
        with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
            gr.Markdown(f"# {TITLE}\n{INTRO}")
            status = gr.HTML(self.status_line(), elem_id="erbm-status")
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(
                        label="Conversation",
                        render_markdown=False,
                        sanitize_html=True,
                        allow_tags=False,
                        latex_delimiters=[],
                        height=480,
                        elem_id="erbm-chat",
                    )
                    question = gr.Textbox(label=QUESTION_LABEL, placeholder=QUESTION_PLACEHOLDER, lines=2, elem_id="erbm-question")
                    with gr.Row():
                        ask = gr.Button(ASK_LABEL, variant="primary", elem_id="erbm-ask")
                        clear = gr.Button(CLEAR_LABEL)
                    with gr.Accordion(EXAMPLES_TITLE, open=True, elem_id="erbm-examples"):
                        # Filled on page load with the examples the current index answers.
                        examples = [
                            gr.Dataset(components=[question], samples=[], label=label, visible=False, elem_id=f"erbm-examples-{i}")
                            for i, label in enumerate(self.example_labels)
                        ]
                with gr.Column(scale=2):
                    documents = gr.Dropdown(
                        choices=[(d.title, d.file_name) for d in docs], multiselect=True, label=DOCS_LABEL
                    )
                    axis = gr.Dropdown(choices=axes, value=ALL_AXES, label=AXIS_LABEL)
                    sources = gr.HTML(elem_id="erbm-sources")
            turns = gr.State([])
            inputs = [question, chat, documents, axis, turns]
            outputs = [chat, sources, question, turns]
            ask.click(self.respond, inputs, outputs, api_visibility="private").then(self.status_line, None, status, api_visibility="private")
            question.submit(self.respond, inputs, outputs, api_visibility="private")
            clear.click(lambda: ([], "", "", []), None, outputs, api_visibility="private")
            if self.assistant.settings.admin_password is not None:
                # Not rendered at all without a password: there is nothing to unlock.
                with gr.Accordion(ADMIN_TITLE, open=False, elem_id="erbm-admin"):
                    gr.Markdown(ADMIN_HELP)
                    password = gr.Textbox(label=PASSWORD_LABEL, type="password", elem_id="erbm-password")
                    files = gr.File(label=FILES_LABEL, file_count="multiple", type="filepath", elem_id="erbm-files")
                    add = gr.Button(UPLOAD_LABEL, elem_id="erbm-upload")
                    report = gr.HTML(elem_id="erbm-upload-report")
                add.click(self.upload, [password, files], [report, documents, status], api_visibility="private").then(
                    self.example_updates, None, examples, api_visibility="private"
                )
            for dataset in examples:
                dataset.click(lambda sample: sample[0], dataset, question, api_visibility="private")
            demo.load(self.example_updates, None, examples, api_visibility="private")
            gr.api(self.api_ask, api_name="ask")
        return demo


def file_routes(assistant: Assistant) -> FastAPI:
    """The indexed PDFs and their rendered pages, by document version only: a version the
    index does not hold, or anything else, is a 404."""
    api = FastAPI()

    @api.get("/document/{version}")
    def document(version: str) -> FileResponse:
        entry = assistant.pages.pdf(version)
        if entry is None:
            raise HTTPException(status_code=404)
        return FileResponse(entry.source_path, media_type="application/pdf", filename=entry.file_name, content_disposition_type="inline")

    @api.get("/preview/{version}/{page}.png")
    def preview(version: str, page: str) -> FileResponse:
        image = assistant.pages.image(version, int(page)) if page.isdigit() else None
        if image is None:
            raise HTTPException(status_code=404)
        return FileResponse(image, media_type="image/png")

    return api


def launch(assistant: Assistant, host: str, port: int) -> None:
    app = ChatApp(assistant)
    demo = app.build()
    # The examples are checked against the index before the first page asks for them.
    threading.Thread(target=app.examples, name="examples", daemon=True).start()
    server = gr.mount_gradio_app(
        file_routes(assistant),
        demo.queue(default_concurrency_limit=4),
        path="/",
        show_error=False,
        css=CSS,
        # Gradio refuses bigger uploads before they reach the disk.
        max_file_size=assistant.settings.max_upload_bytes,
    )
    # A client's open event stream must not hold a stop (SIGTERM, Ctrl-C) for ever.
    uvicorn.run(server, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3)
