"""A question that names the document it asks about (« Selon le guide de la FNCCR, … »)."""

from erbm.index.documents import DocumentNames
from erbm.models import Chunk


def _chunk(file_name: str, title: str) -> Chunk:
    return Chunk(
        id=f"{file_name}-0", doc_id=file_name, index=0, text="…", title=title, file_name=file_name,
        source_path=f"/corpus/{file_name}", page_start=1, page_end=1,
    )


TITLES = DocumentNames([
    _chunk("fnccr_guide_prevenir_litiges.pdf", "Prévenir les litiges avec les abonnés des réseaux de chaleur"),
    _chunk("vademecum_elections2014_fiche14.pdf", "Fiche 14 — Notions clés sur les services publics locaux"),
    _chunk("tet_fiche_action_golden.pdf", "Animer et suivre le COT"),
    _chunk("tet_reglement_label_eci.pdf", "Règlement du label Économie circulaire"),
    _chunk("tet_referentiel_economie_circulaire.pdf", "Référentiel Economie Circulaire"),
])


def test_a_phrase_names_the_one_document_whose_title_or_file_name_it_shares() -> None:
    assert TITLES.named_by("le guide de la FNCCR") == "fnccr_guide_prevenir_litiges.pdf"
    # « fiche14 » in a file name reads « fiche 14 »; « fiche » alone is in two names.
    assert TITLES.named_by("la fiche 14 du vademecum") == "vademecum_elections2014_fiche14.pdf"
    assert TITLES.named_by("la fiche action") == "tet_fiche_action_golden.pdf"
    # Both name « économie circulaire »: only one is a référentiel.
    assert TITLES.named_by("le référentiel économie circulaire") == "tet_referentiel_economie_circulaire.pdf"


def test_a_phrase_no_single_document_fits_names_none() -> None:
    assert TITLES.named_by("l'économie circulaire") is None  # two documents tie
    assert TITLES.named_by("la fiche") is None  # in two names, and its own in neither
    assert TITLES.named_by("les cas") is None
    assert TITLES.named_by("le rapport de la Cour des comptes") is None
    long_clause = "la collectivité qui souhaite obtenir le label doit envoyer son dossier complet"
    assert TITLES.named_by(long_clause) is None


def test_the_source_phrase_is_found_where_french_puts_it() -> None:
    question = "Selon le guide de la FNCCR, dans quel délai saisir le médiateur ?"
    source = TITLES.source_of(question)
    assert source is not None and source.file_name == "fnccr_guide_prevenir_litiges.pdf"
    assert question[: source.start] + question[source.end :] == "dans quel délai saisir le médiateur ?"
    ending = TITLES.source_of("Quelles mesures compte la politique d'achats selon le référentiel économie circulaire ?")
    assert ending is not None and ending.file_name == "tet_referentiel_economie_circulaire.pdf"
    opening = TITLES.source_of("Dans le règlement du label, combien de temps le label est-il délivré ?")
    assert opening is not None and opening.file_name == "tet_reglement_label_eci.pdf"
    # « Dans quel délai » opens no source; « selon les cas » names no document.
    assert TITLES.source_of("Dans quel délai le consommateur peut-il saisir le médiateur ?") is None
    assert TITLES.source_of("Selon les cas, quel délai s'applique ?") is None


def test_one_document_names_nothing_to_choose_from() -> None:
    alone = DocumentNames([_chunk("tet_reglement_label_eci.pdf", "Règlement du label")])
    assert alone.source_of("Selon le règlement du label, qui mandate l'auditeur ?") is None
