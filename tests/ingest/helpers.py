"""Builders of real files, good and bad, for ingest tests."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from pypdf import PdfWriter

from tests.conftest import ERBM_CORPUS, REFERENTIEL_PDF


def copy_good(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = [Path(shutil.copy(REFERENTIEL_PDF, folder / REFERENTIEL_PDF.name))]
    src = ERBM_CORPUS / "plaquette-delegation-erbm.pdf"
    out.append(Path(shutil.copy(src, folder / src.name)))
    return out


def encrypted_pdf(path: Path) -> Path:
    writer = PdfWriter(clone_from=REFERENTIEL_PDF)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def image_only_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def truncated_pdf(path: Path) -> Path:
    data = REFERENTIEL_PDF.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def bad_files(folder: Path) -> dict[str, str]:
    """Bad inputs → a word their failure reason must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    encrypted_pdf(folder / "chiffre.pdf")
    image_only_pdf(folder / "scan.pdf")
    truncated_pdf(folder / "tronque.pdf")
    (folder / "vide.pdf").write_bytes(b"")
    (folder / "texte-deguise.pdf").write_text("ceci n'est pas un pdf", encoding="utf-8")
    (folder / "donnees.xyz").write_text("format inconnu", encoding="utf-8")
    return {
        "chiffre.pdf": "chiffré",
        "scan.pdf": "OCR",
        "tronque.pdf": "illisible",
        "vide.pdf": "vide",
        "texte-deguise.pdf": "pas un PDF",
        "donnees.xyz": "non pris en charge",
    }


_SUBJECTS = ["La commune", "Le bailleur", "L'intercommunalité", "Le maître d'œuvre", "L'équipe projet", "Le conseil citoyen"]
_VERBS = ["organise", "finance", "planifie", "présente", "évalue", "accompagne"]
_OBJECTS = [
    "la rénovation thermique des logements", "les jardins partagés de la cité", "les ateliers avec les habitants",
    "le chantier d'insertion", "la réfection des façades en brique", "le suivi des consommations de chauffage",
    "la plantation d'arbres le long des rues", "le relogement temporaire des locataires",
]
_WHEN = ["avant l'esquisse", "pendant les travaux", "après la livraison", "chaque trimestre", "dès la première réunion"]


def note_text(seed: int, paragraphs: int = 5) -> str:
    """A short French note, different for each seed (invented, for ingest tests)."""
    rng = random.Random(seed)
    lines = [f"# Note de travail {seed}", ""]
    for _ in range(paragraphs):
        sentences = [
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_WHEN)}."
            for _ in range(rng.randint(2, 4))
        ]
        lines += [" ".join(sentences), ""]
    return "\n".join(lines)
