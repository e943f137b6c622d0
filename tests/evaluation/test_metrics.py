from pathlib import Path

import pytest

from erbm.evaluation.metrics import Tally, first_hit_rank, quote_is_verbatim, wilson_interval
from erbm.evaluation.questions import Question
from erbm.models import Answer, Chunk, Citation, Passage
from tests.conftest import ERBM_CORPUS, REAL_CORPUS, REFERENTIEL_PDF

PLAQUETTE = ERBM_CORPUS / "plaquette-delegation-erbm.pdf"
GUIDE = REAL_CORPUS / "fnccr_guide_prevenir_litiges_reseaux_chaleur.pdf"


def chunk(text: str, path=REFERENTIEL_PDF, pages=(2, 2), **kw) -> Chunk:
    return Chunk(
        id="c", doc_id="d", index=0, text=text, title="t", file_name=path.name, source_path=str(path),
        page_start=pages[0], page_end=pages[1], **kw,
    )


def test_hit_rank_uses_file_name_and_normalised_phrase() -> None:
    q = Question(id="q", question="?", gold=[{"doc": REFERENTIEL_PDF.name, "contains": "ÉTIQUETTE  énergétique C"}])
    other = chunk("rien à voir")
    gold = chunk("atteindre au minimum l'éti-\nquette énergétique C.")
    answer = Answer(question="?", text="", abstained=False, passages=[Passage(chunk=other, score=1), Passage(chunk=gold, score=0.5)])
    assert first_hit_rank(answer, q) == 2


def test_quote_must_be_on_the_cited_page() -> None:
    assert quote_is_verbatim(chunk("x", pages=(2, 2)), "atteindre au minimum l'étiquette énergétique C")
    assert not quote_is_verbatim(chunk("x", pages=(3, 3)), "atteindre au minimum l'étiquette énergétique C")
    assert not quote_is_verbatim(chunk("x", pages=(2, 2)), "une phrase que le document ne contient pas")


@pytest.mark.parametrize(
    ("document", "quote", "cited", "elsewhere"),
    [
        # Across a page break: each half verbatim on its own page.
        (PLAQUETTE, "8 intercommunalités engagés sur 10 ans pour accélérer la transformation", (1, 2), (1, 1)),
        # Page 10 prints « la  s oc ié t é  C HE L L E S C H AL E U R q ui »: words rejoined.
        (GUIDE, "il contactera la société CHELLES CHALEUR qui mettra en œuvre tous les moyens nécessaires", (10, 10), (9, 9)),
        # Page 31 is blank: the annex ends on page 30, the back cover is page 32.
        (GUIDE, "et après ? » La FNCCR, Fédération nationale des collectivités concédantes", (30, 32), (30, 31)),
        # Page 18 ends on a footnote's address; page 19 opens, under its header, on « Le mé dia teu r ».
        (GUIDE, "categorieLien=id «Le médiateur national de l’énergie est compétent pour instruire", (18, 19), (18, 18)),
    ],
)
def test_a_quote_is_verbatim_on_its_cited_pages_only(document: Path, quote: str, cited: tuple[int, int], elsewhere: tuple[int, int]) -> None:
    assert quote_is_verbatim(chunk("x", path=document, pages=cited), quote)
    assert not quote_is_verbatim(chunk("x", path=document, pages=elsewhere), quote)


def test_an_altered_word_is_not_verbatim_even_letter_spaced() -> None:
    assert not quote_is_verbatim(chunk("x", path=GUIDE, pages=(10, 10)), "la société CHELLES CHAUFFAGE qui mettra")
    assert not quote_is_verbatim(chunk("x", path=GUIDE, pages=(18, 19)), "categorieLien=id «Le médiateur régional")


def test_a_symbol_font_bullet_is_the_bullet_shown() -> None:
    # The Dinan opinion's bullets are a private-use glyph of a symbol font; the quote shows « • ».
    opinion = REAL_CORPUS / "dinan_codev_avis_pcaet_2021-2026.pdf"
    assert quote_is_verbatim(chunk("x", path=opinion, pages=(1, 1)), "• « La place non prépondérante de la sobriété")


def test_tally_summary_keys_and_values() -> None:
    q_yes = Question(id="a", question="?", gold=[{"doc": REFERENTIEL_PDF.name, "contains": "étiquette énergétique C"}])
    q_no = Question(id="b", question="?", answerable=False)
    good = chunk("l'étiquette énergétique C", axis=1, recommendation="1.1")
    tally = Tally()
    tally.add(q_yes, Answer(question="?", text="", abstained=False, passages=[Passage(chunk=good, score=1)],
                            citations=[Citation(marker=1, chunk=good, quote="étiquette énergétique C", reference="r")]), 10.0)
    tally.add(q_no, Answer(question="?", text="", abstained=True), 30.0)
    s = tally.summary()
    assert s["hit@1"] == 1.0 and s["mrr@10"] == 1.0
    assert s["abstention_rate"] == 1.0 and s["false_abstention_rate"] == 0.0
    assert s["verbatim_quote_rate"] == 1.0 and s["n_questions"] == 2
    assert set(s) == {
        "hit@1", "hit@3", "hit@5", "mrr@10", "structure_accuracy", "gold_passage_structure", "page_accuracy", "abstention_rate",
        "false_abstention_rate", "verbatim_quote_rate", "answer_gold_rate", "ask_p50_ms", "ask_p95_ms", "n_questions",
    }
    assert s["answer_gold_rate"] == 1.0


def test_answer_gold_rate_reads_the_first_citation_of_answered_questions() -> None:
    q = Question(id="a", question="?", gold=[{"doc": REFERENTIEL_PDF.name, "contains": "étiquette énergétique C"}])
    good, other = chunk("l'étiquette énergétique C"), chunk("une question : quelle étiquette ?")
    def cite(*chunks: Chunk) -> list[Citation]:
        return [Citation(marker=i, chunk=c, quote=c.text, reference="r") for i, c in enumerate(chunks, 1)]
    tally = Tally()
    passages = [Passage(chunk=good, score=1), Passage(chunk=other, score=0.5)]
    tally.add(q, Answer(question="?", text="", abstained=False, passages=passages, citations=cite(other, good)), 1.0)
    tally.add(q, Answer(question="?", text="", abstained=False, passages=passages, citations=cite(good)), 1.0)
    tally.add(q, Answer(question="?", text="", abstained=True, passages=passages), 1.0)  # not counted
    s = tally.summary()
    assert s["answer_gold_rate"] == 0.5 and s["hit@1"] == 1.0


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    # Newcombe (1998), « Two-sided confidence intervals for the single proportion », table I,
    # method 3 (score interval without continuity correction).
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_interval_of_a_share(successes: int, n: int, low: float, high: float) -> None:
    interval = wilson_interval(successes, n)
    assert interval is not None
    assert interval.low == pytest.approx(low, abs=5e-4)
    assert interval.high == pytest.approx(high, abs=5e-4)


def test_no_interval_without_questions() -> None:
    assert wilson_interval(0, 0) is None
