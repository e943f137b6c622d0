"""Corpus manifests: title, publisher, date and URL of each file, when a folder declares them.

Reads ``sources.toml`` (this project's format) or ``sources.json`` (a list of
objects with ``file``, ``title``, ``url``…), whichever the folder has.
"""

from __future__ import annotations

import json
import logging
import tomllib
from pathlib import Path

from pydantic import BaseModel, ValidationError

log = logging.getLogger(__name__)

MANIFEST_NAMES = ("sources.toml", "sources.json")


class Source(BaseModel):
    file: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    sha256: str | None = None


def load_manifest(folder: Path) -> dict[str, Source]:
    for name in MANIFEST_NAMES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            if name.endswith(".toml"):
                entries = tomllib.loads(path.read_text(encoding="utf-8")).get("source", [])
            else:
                entries = json.loads(path.read_text(encoding="utf-8"))
            sources = [Source.model_validate(e) for e in entries]
        except (OSError, ValueError, ValidationError, tomllib.TOMLDecodeError) as exc:
            log.warning("ignoring unreadable manifest %s: %s", path, exc)
            return {}
        return {s.file: s for s in sources}
    return {}
