"""Generator of référentiel-like PDFs (invented content) for speed benchmarks.

Each document has a title page with a table of contents, axes, numbered
recommendations ("Préconisation 2.3 : …"), running headers and footers with page
numbers, and varied French sentences drawn from a seeded grammar, so that BM25 and
the embedder see realistic vocabulary. Only latin-1 characters: fpdf2's core fonts.
"""

from __future__ import annotations

import os
import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from fpdf import FPDF

SUBJECTS = [
    "Le bailleur", "La commune", "L'intercommunalité", "Le maître d'ouvrage", "Le comité de suivi",
    "Le bureau d'études", "Le porteur de projet", "L'équipe de maîtrise d'oeuvre", "Le conseil citoyen",
    "La délégation", "Le référent habitant", "L'entreprise titulaire",
]
VERBS = [
    "présente", "vérifie", "organise", "transmet", "évalue", "documente", "publie", "met à jour",
    "prévoit", "finance", "accompagne", "suit", "coordonne", "analyse",
]
OBJECTS = [
    "le diagnostic énergétique des logements", "le calendrier des travaux", "la simulation des charges locatives",
    "le plan de stationnement de la cité", "les consommations de chauffage", "les heures d'insertion réalisées",
    "l'inventaire du patrimoine paysager", "les réclamations des locataires", "le programme des jardins partagés",
    "la qualité de l'air intérieur", "les déchets de chantier", "l'accessibilité des cheminements",
    "le relogement temporaire des ménages", "la performance des menuiseries", "l'isolation des combles",
]
COMPLEMENTS = [
    "avant le démarrage du chantier", "à chaque étape du projet", "pendant toute la durée des travaux",
    "lors de la revue de projet", "en lien avec les associations de locataires", "au moins une fois par semestre",
    "dans un délai de trois mois", "avec l'appui des partenaires signataires", "à l'échelle de la cité",
    "en associant les habitants", "selon la méthode du référentiel", "dès la phase d'esquisse",
]
THEMES = [
    "PERFORMANCE ÉNERGÉTIQUE", "LOYERS ET CHARGES", "PARTICIPATION DES HABITANTS", "INSERTION ET EMPLOI",
    "PATRIMOINE ET PAYSAGE", "MOBILITÉ ET STATIONNEMENT", "SANTÉ ET CADRE DE VIE", "GESTION DU CHANTIER",
]
TITLE_WORDS = ["Garantir", "Suivre", "Organiser", "Vérifier", "Associer", "Mesurer", "Réduire", "Valoriser", "Planifier"]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(COMPLEMENTS)}."


class _Doc(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.doc_title = title
        self.set_auto_page_break(auto=True, margin=20)

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, self.doc_title, new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, f"Référentiel généré pour les mesures - page {self.page_no()}", align="C")


def _para(pdf: FPDF, height: int, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def write_document(path: Path, pages: int, seed: int) -> int:
    """Write one PDF of about ``pages`` pages; returns the real page count."""
    rng = random.Random(seed)
    title = f"Référentiel d'essai n°{seed} - rénovation des cités"
    pdf = _Doc(title)
    n_axes = max(1, min(len(THEMES), pages // 6))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    _para(pdf, 8, title)
    pdf.set_font("Helvetica", size=10)
    _para(pdf, 6, "Sommaire")
    for a in range(1, n_axes + 1):
        _para(pdf, 6, f"AXE {a} - {THEMES[(a + seed) % len(THEMES)]} ........ {a + 1}")
    axis = 0
    while pdf.page_no() < pages:
        axis += 1
        theme = THEMES[(axis + seed) % len(THEMES)]
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 12)
        _para(pdf, 7, f"AXE {axis} - {theme}")
        pdf.set_font("Helvetica", size=11)
        _para(pdf, 7, " ".join(sentence(rng) for _ in range(3)))
        rec = 0
        # Each axis fills about five pages.
        target = min(pages, pdf.page_no() + 5)
        while pdf.page_no() < target:
            rec += 1
            pdf.set_font("Helvetica", "B", 11)
            _para(pdf, 7, f"Préconisation {axis}.{rec} : {rng.choice(TITLE_WORDS)} {rng.choice(OBJECTS)}")
            pdf.set_font("Helvetica", size=11)
            for _ in range(rng.randint(1, 3)):
                _para(pdf, 7, " ".join(sentence(rng) for _ in range(rng.randint(2, 4))))
                pdf.ln(4)
            # Real référentiels leave room for photos and schemas: about 1,800 characters a page.
            pdf.ln(rng.randint(20, 60))
    pdf.output(str(path))
    return pdf.page_no()


def _write(spec: tuple[str, int, int]) -> int:
    return write_document(Path(spec[0]), spec[1], spec[2])


def generate_corpus(folder: Path, total_pages: int, pages_per_doc: int = 50, seed: int = 0) -> int:
    """A folder of PDFs totalling about ``total_pages`` pages; reuses a complete earlier run."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / ".complete"
    if stamp.exists() and stamp.read_text() == str(total_pages):
        return total_pages
    for old in folder.glob("*.pdf"):
        old.unlink()
    specs = []
    remaining, i = total_pages, 0
    while remaining > 0:
        n = max(2, min(pages_per_doc, remaining))
        specs.append((str(folder / f"referentiel-{seed + i:05d}.pdf"), n, seed + i))
        remaining -= n
        i += 1
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        written = sum(pool.map(_write, specs))
    stamp.write_text(str(total_pages))
    return written
