from pathlib import Path

import pytest

from erbm.assistant.answer_type import AnswerTypes
from erbm.assistant.evidence import EvidenceJudge
from erbm.assistant.facade import Assistant
from erbm.assistant.query import Query, specific_words
from erbm.index.analysis import analyse
from erbm.index.lexical import LexicalIndex
from erbm.index.names import NameIndex
from erbm.models import Chunk, Passage
from erbm.prompts import PromptSet
from erbm.settings import Settings

TYPES = AnswerTypes.load()


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Combien de logements ont été rénovés ?", "quantity"),
        ("Quel est le nombre de cités prioritaires ?", "quantity"),
        ("Pendant combien de temps le label est-il valable ?", "duration"),
        ("Sur combien d'années porte l'engagement ?", "duration"),
        ("Quel montant l'État apporte-t-il ?", "amount"),
        ("Combien coûte un diagnostic ?", "amount"),
        # Money asked by its verb, or in euros; a counted noun makes it a count.
        ("Combien l'État investit-il dans la rénovation ?", "amount"),
        ("Combien a été dépensé en fonctionnement en 2026 ?", "amount"),
        ("combien la region a t elle depense ?", "amount"),
        ("Combien le fournisseur a-t-il versé au total ?", "amount"),
        ("Combien d'euros les habitants paient-ils ?", "amount"),
        ("Combien de logements ont été financés ?", "quantity"),
        ("Combien se tournent vers le vélo ?", "quantity"),
        ("Quelle part du budget des ménages ?", "percentage"),
        ("Quel taux de réussite ?", "percentage"),
        ("Quelle est la date limite de dépôt ?", "date"),
        ("En quelle année le protocole a-t-il été signé ?", "date"),
        ("en quelle annee le protocole a t il ete signe ?", "date"),  # typed without accents
        # A date to come: a future verb put as a question, « prochain ».
        ("En quelle année le protocole sera-t-il renouvelé ?", "future_date"),
        ("À quelle date le prochain comité de pilotage a-t-il lieu ?", "future_date"),
        ("Quel jour aura lieu la réunion ?", "future_date"),
        ("en quelle annee la delegation quittera t elle le site ?", "future_date"),
        ("Combien de logements seront rénovés ?", "quantity"),
        ("Quel est le numéro de téléphone de l'IREV ?", "phone"),
        ("Quel numéro appeler pour joindre la délégation ?", "phone"),
        ("À quelle adresse électronique écrire ?", "email"),
        ("Sur quel site internet suivre les travaux ?", "web"),
        ("À quelle heure ouvre l'accueil ?", "time"),
        ("Quels sont les horaires d'ouverture ?", "time"),
        # An attribute of what the question names: its function, its place.
        ("Quelle est la fonction d'Alain Neveu ?", "role"),
        ("Quel poste occupe Thérèse Placek ?", "role"),
        ("Où se situe la cité Lemay ?", "place"),
        ("Où situe-t-on la cité Lemay ?", "place"),
        ("ou se trouvent les bureaux de la delegation ?", "place"),
        # The role of an office is what it does, not a title.
        ("Quel est le rôle du délégué interministériel ?", None),
        ("Quel numéro de la lettre parle des balades ?", None),
        # Naming a contact is not asking for one.
        ("Le référent est-il joignable par téléphone ?", None),
        ("Peut-on envoyer un courriel au référent ?", None),
        ("Le site internet de la délégation présente-t-il les cités ?", None),
        ("Faut-il appliquer la tarification incitative ?", None),
        ("Comment associer les habitants ?", None),
    ],
)
def test_the_element_a_question_asks_for(question: str, kind: str | None) -> None:
    wanted = TYPES.of(question)
    assert (wanted.name if wanted else None) == kind


@pytest.mark.parametrize(
    ("kind", "sentence", "gives"),
    [
        # A year or the day of a date is not a count.
        ("quantity", "La visite a eu lieu dans la cité en février 2018.", False),
        ("quantity", "Le texte a été signé le 7 mars 2017.", False),
        ("quantity", "2 000 parcours d'insertion ont été créés.", True),
        ("quantity", "L'engagement réunit douze signataires.", True),
        # A number that names does not count: ordinals, references, section, telephone and
        # slashed numbers, a postcode before its town.
        ("quantity", "Les Terrasses du Métaphone, 3ème étage, 62590 OIGNIES.", False),
        ("quantity", "Le principe figure aux articles 1er et 6 de la Déclaration de 1789.", False),
        ("quantity", "LES 1ers CHANTIERS, voir p. 12 et la mesure 5.2.2.1.", False),
        ("quantity", "Tél. : 03.21.18.90.17, mis à jour le 20/06/2025, réponse n° 59252.", False),
        ("quantity", "Installée sur le site du 9/9 bis.", False),
        # A département after its town, a date or law number joined to its year, a code's
        # article, the days of a span: none counts.
        ("quantity", "Installation de la délégation à Oignies (62).", False),
        ("quantity", "Lettre d'information — 2019-07.", False),
        ("quantity", "Régi par la loi n°2017-55 du 20 janvier 2017.", False),
        ("quantity", "L'article L 641-1 du code de la consommation prévoit une amende.", False),
        ("quantity", "Les 3 et 4 juillet : partage d'idées avec les habitants.", False),
        ("quantity", "Le Nord (59) compte 648 communes.", True),
        ("quantity", "Du 3 au 5 mai, 12 visites de chantier.", True),
        ("quantity", "Réaliser au moins 1 ou 2 actions (mesure 5.2.2.1).", True),
        ("quantity", "La lettre n° 2 annonce 35 cités prioritaires.", True),
        ("quantity", "La commune compte 15000 habitants.", True),
        ("quantity", "Il reste 23.000 logements à rénover.", True),
        ("duration", "Le label est délivré pour une période de 4 ans.", True),
        ("duration", "La demande est prise en compte dans un délai d'un an.", True),
        ("duration", "Le label est révisé régulièrement.", False),
        ("amount", "Un financement de 100 millions d'Euros.", True),
        ("amount", "Le projet va coûter quelques millions.", True),
        # A million of something else is not money.
        ("amount", "Les besoins des 1,2 million d'habitants du Bassin minier.", False),
        ("amount", "Deux millions de visiteurs par an.", False),
        ("amount", "Un budget de 3 milliards de dollars.", True),
        ("amount", "Les 23 000 logements seront rénovés.", False),
        ("percentage", "Au moins cinq pour cent des heures travaillées.", True),
        ("percentage", "Plus de 70 % des efforts.", True),
        ("percentage", "Une clause sociale réserve des heures travaillées.", False),
        ("date", "Installée en avril 2018.", True),
        ("date", "Installée sur le site du 9/9 bis.", True),  # read as a date: the check errs towards answering
        # A date to come is given by a sentence about what is to come, not by a past one.
        ("future_date", "La délégation s'est installée en avril 2018.", False),
        ("future_date", "Le prochain comité se tiendra en juin 2020.", True),
        ("future_date", "Le comité se réunira le 5 décembre.", True),
        ("future_date", "Un schéma directeur est obligatoire d’ici le 31 décembre 2018.", True),
        ("future_date", "Le prochain comité aura lieu bientôt.", False),
        ("phone", "Tél. : 03.21.18.90.17", True),
        ("phone", "Le site accueille 2 000 visiteurs en 2019.", False),
        ("email", "Disponible sur demande à contact@exemple.fr, il sera mis en ligne.", True),
        ("email", "Le site www.exemple.fr présente le label.", False),
        ("web", "Le site www.exemple.fr présente le label.", True),
        ("web", "Voir https://exemple.org/guide", True),
        ("web", "Le guide est disponible auprès de la délégation.", False),
        ("time", "L'accueil est ouvert de 9 h à 17 h 30.", True),
        ("time", "La réunion a eu lieu le 17 mai 2019.", False),
        ("role", "Alain NEVEÛ, délégué interministériel (État).", True),
        ("role", "La visite d'Édouard Philippe dans la cité Lemay.", False),
        ("place", "La cité Lemay à Pecquencourt.", True),
        ("place", "La séparation se fait au niveau de la sous-station.", True),
        ("place", "À 25 km de la gare.", True),
        # « au » in « AULA » is no preposition; « à un travail » is no place.
        ("place", "Des partenaires (bailleurs, AULA, CD2E).", False),
        ("place", "90 personnes ont participé à un travail collectif.", False),
    ],
)
def test_what_a_sentence_gives(kind: str, sentence: str, gives: bool) -> None:
    wanted = next(v for t in TYPES.types for v in (t, *t.variants) if v.name == kind)
    assert wanted.given_by(sentence) is gives


def test_every_type_has_its_refusal_message() -> None:
    prompts = PromptSet.load(Settings().prompts_dir / "extractive.toml")
    names = {v.name for t in TYPES.types for v in (t, *t.variants)}
    assert "future_date" in names
    assert {f"abstention_missing_{n}" for n in names} <= set(prompts.names())


def _passage(text: str) -> tuple[list[Passage], LexicalIndex]:
    chunk = Chunk(id="c0", doc_id="d", index=0, text=text, title="Doc", file_name="d.md", source_path="d.md", page_start=1, page_end=1)
    return [Passage(chunk=chunk, score=0.0)], LexicalIndex([chunk])


def test_the_element_may_come_in_the_next_sentence() -> None:
    judge = EvidenceJudge(min_evidence=0.0, dense_reference=0.0, dense_gain=0.0)
    question = "Combien de partenaires ont signé l'engagement ?"
    passages, lexical = _passage("Les partenaires ont signé l'engagement à Oignies. Il réunit douze signataires.")
    assert judge.judge(Query(question, lexical, TYPES), passages).missing is None
    passages, lexical = _passage("Les partenaires ont signé l'engagement à Oignies en mars 2017. Il est porté par l'État.")
    assert judge.judge(Query(question, lexical, TYPES), passages).missing == "quantity"


def test_a_function_is_given_by_a_title_beside_the_name() -> None:
    judge = EvidenceJudge(min_evidence=0.0, dense_reference=0.0, dense_gain=0.0)
    question = "Quelle est la fonction de Thérèse Placek ?"
    passages, lexical = _passage("L'équipe : Thérèse PLACEK, directrice de projet Habitat-Aménagement (État).")
    evidence = judge.judge(Query(question, lexical, TYPES), passages)
    assert evidence.rules_passed and evidence.missing is None
    # Named without a function: the passage is about her, and does not answer.
    passages, lexical = _passage("La visite de Thérèse Placek dans la cité Lemay à Pecquencourt.")
    assert judge.judge(Query(question, lexical, TYPES), passages).missing == "role"


def test_a_function_the_documents_never_give_is_refused_and_says_so(shared_assistant: Assistant) -> None:
    # Cœur d'Ostrevent's page names Édouard Philippe for a visit, never with his function.
    refused = shared_assistant.ask("Quelle est la fonction d'Édouard Philippe ?")
    assert refused.abstained and "pas la fonction" in refused.text
    answered = shared_assistant.ask("Quelle est la fonction d'Alain Neveu ?")
    assert not answered.abstained and any("délégué interministériel" in c.quote for c in answered.citations)


def test_a_date_to_come_is_not_answered_by_the_date_of_what_happened(shared_assistant: Assistant) -> None:
    # The documents date the delegation's installation (April 2018), never a move to come.
    refused = shared_assistant.ask("En quelle année la délégation interministérielle changera-t-elle de bureaux ?")
    assert refused.abstained and "aucune date à venir" in refused.text
    answered = shared_assistant.ask("D'ici quelle année les partenaires mettront-ils en œuvre la convention actualisée ?")
    assert not answered.abstained and any("2027" in c.quote for c in answered.citations)


def test_a_number_or_an_ordinal_is_one_word_however_it_is_spaced_or_spelled() -> None:
    assert specific_words("Que dit le 4ème comité des 23 000 logements ?") == ["4e", "23000"]
    names = NameIndex(["Le 4ème COMITÉ DE PILOTAGE a suivi 23 000 logements."])
    assert names.knows("4e") and names.knows("23000")


def test_a_count_the_documents_never_give_is_refused_and_says_so(shared_assistant: Assistant) -> None:
    # The cité Lemay is named (a visit, dated); no passage counts its homes.
    refused = shared_assistant.ask("Combien de logements ont été rénovés dans la cité Lemay à Pecquencourt ?")
    assert refused.abstained and "ni nombre ni montant" in refused.text
    answered = shared_assistant.ask("Pour combien de temps les douze partenaires se sont-ils engagés ?")
    assert not answered.abstained and any("10 ans" in c.quote or "dix ans" in c.quote for c in answered.citations)


def test_a_departement_number_is_no_count(shared_assistant: Assistant) -> None:
    # « … sur le site du 9/9 bis à Oignies (62) » is the only number near the delegation's site.
    refused = shared_assistant.ask("Combien d'agents travaillent sur le site du 9/9 bis à Oignies ?")
    assert refused.abstained and "ni nombre ni montant" in refused.text


def test_money_asked_by_its_verb_needs_an_amount(shared_assistant: Assistant) -> None:
    # The communiqué counts kilometres of cycle paths next to « 1,2 million d'habitants »: no money.
    refused = shared_assistant.ask("Combien la Région a-t-elle dépensé pour les aménagements cyclables ?")
    assert refused.abstained and "pas le montant" in refused.text
    answered = shared_assistant.ask("Combien l'État investit-il dans la rénovation des 23 000 logements miniers ?")
    assert not answered.abstained and any("100 millions" in c.quote or "100 M€" in c.quote for c in answered.citations)


def test_a_type_names_what_documents_call_it_in_the_lexical_search() -> None:
    types = AnswerTypes.load()
    chunk = Chunk(id="c0", doc_id="d", index=0, text="Durée du label.", title="Doc", file_name="d.md", source_path="d.md", page_start=1, page_end=1)
    lexical = LexicalIndex([chunk])
    asked = Query("Pendant combien de temps le label est-il valable ?", lexical, types)
    assert set(analyse("durée délai période")) <= set(asked.search_terms) and asked.terms == analyse(asked.text)
    plain = Query("Qui délivre le label ?", lexical, types)
    assert plain.search_terms == plain.terms


def test_a_word_shared_by_patterns_is_written_once_and_must_be_declared(tmp_path: Path) -> None:
    spec = """
[words]
month = "mars|avril"

[date]
question = ['\\bquand\\b']
answer = ['\\b\\d{1,2}\\s+<month>\\b']

[date.future]
question = ['\\bprochain\\b']
answer = ['\\b<month>\\s+prochain\\b']
"""
    (tmp_path / "types.toml").write_text(spec, encoding="utf-8")
    date = AnswerTypes.load(tmp_path / "types.toml").of("Quand ?")
    assert date is not None and date.given_by("le 7 mars") and not date.given_by("le 7 juin")
    future = AnswerTypes.load(tmp_path / "types.toml").of("Quand aura lieu le prochain comité ?")
    assert future is not None and future.also[0].search("en avril prochain")
    (tmp_path / "types.toml").write_text(spec.replace("month =", "mois ="), encoding="utf-8")
    with pytest.raises(ValueError, match="<month>"):
        AnswerTypes.load(tmp_path / "types.toml")
    # The shipped file: the months in the count's `naming`, the date's answer, the quantity's answer.
    assert TYPES.of("Combien de cités ?").given_by("les 3 et 4 juillet") is False
    assert TYPES.of("En quelle année ?").given_by("en décembre")


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Combien d'élèves sont formés par an ?", "eleves"),
        ("Combien de logements miniers seront rénovés ?", "logements"),
        ("Jusqu'à combien peut monter l'amende ?", None),
    ],
)
def test_the_noun_a_count_question_counts(question: str, noun: str | None) -> None:
    wanted = TYPES.of(question)
    assert wanted is not None and wanted.name == "quantity"
    assert wanted.counted_noun(question) == noun
    # What measures instead of counting: the duration type, as the file names it.
    assert [u.name for u in wanted.units] == ["duration"]
