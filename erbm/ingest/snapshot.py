"""What the last complete ingest saw, so an unchanged corpus is confirmed in milliseconds.

Written atomically at the end of a complete ingest and removed when an ingest starts,
so it never describes a half-written index: after a crash there is none, and the next
ingest takes the full path through Chroma.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from erbm import messages
from erbm.ingest.files import file_hash, iter_files
from erbm.ingest.manifest import MANIFEST_NAMES
from erbm.models import FileReport, FileStatus, IngestReport
from erbm.settings import Settings


def _path(settings: Settings) -> Path:
    return settings.data_dir / f"{settings.collection_name()}.snapshot.json"


def _fingerprint(roots: list[Path]) -> dict[str, str]:
    """Content hash of every file an ingest of these roots reads, manifests included."""
    seen: dict[str, str] = {}
    for root in roots:
        if not root.exists():
            seen[str(root)] = "missing"
            continue
        for f in iter_files(root):
            seen[str(f.resolve())] = file_hash(f)
        folders = {root} if root.is_dir() else {root.parent}
        for folder in folders | {f.parent for f in iter_files(root)}:
            for name in MANIFEST_NAMES:
                manifest = folder / name
                if manifest.is_file():
                    seen[str(manifest.resolve())] = file_hash(manifest)
    return seen


def clear(settings: Settings) -> None:
    _path(settings).unlink(missing_ok=True)


def save(settings: Settings, roots: list[Path], report: IngestReport) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "roots": sorted(str(r.resolve()) for r in roots),
        "files": _fingerprint([r.resolve() for r in roots]),
        "reports": [f.model_dump() for f in report.files if f.status != FileStatus.REMOVED],
    }
    fd, tmp = tempfile.mkstemp(dir=settings.data_dir, prefix=".snapshot-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.replace(tmp, _path(settings))


def unchanged_report(settings: Settings, roots: list[Path]) -> IngestReport | None:
    """The report of a no-op ingest, or None when anything may have changed."""
    try:
        data = json.loads(_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    resolved = [r.resolve() for r in roots]
    if data.get("roots") != sorted(str(r) for r in resolved) or data.get("files") != _fingerprint(resolved):
        return None
    files = []
    for entry in data.get("reports", []):
        report = FileReport.model_validate(entry)
        if report.status == FileStatus.INDEXED:
            report = FileReport(path=report.path, status=FileStatus.SKIPPED, reason=messages.UNCHANGED)
        files.append(report)
    return IngestReport(files=files)
