"""Which files an ingest looks at, and their content hash. Light imports only: the
unchanged-corpus fast path (snapshot.py) runs before chromadb is even imported."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from erbm.ingest.manifest import MANIFEST_NAMES

# corpus/examples.toml (erbm/assistant/examples.py).
EXAMPLES_NAME = "examples.toml"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def iter_files(root: Path) -> Iterator[Path]:
    """Every candidate file under root, hidden files and manifests excluded, in a stable order."""
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        # Manifests, their lock file, the chat's example questions and evaluation side files
        # describe documents; they are not documents.
        if path.name in MANIFEST_NAMES or path.name.startswith("sources.") or path.name.endswith(".structure.json"):
            continue
        if path.name == EXAMPLES_NAME:
            continue
        yield path
