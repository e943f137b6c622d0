"""Small ingest state beside the index (last update per collection), written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path


def _path(data_dir: Path) -> Path:
    return data_dir / "state.json"


def read_state(data_dir: Path) -> dict[str, str]:
    try:
        return dict(json.loads(_path(data_dir).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def mark_updated(data_dir: Path, collection: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    state = read_state(data_dir)
    state[collection] = datetime.now(UTC).isoformat(timespec="seconds")
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".state-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(state, fh, indent=2)
    os.replace(tmp, _path(data_dir))
