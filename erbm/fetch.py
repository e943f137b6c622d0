"""Download the official documents listed in corpus/sources.toml (online machines only).

Each file is written to a hidden temporary name beside its target and renamed
only once complete and checked, so corpus/ never holds a partial file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from erbm.ingest.manifest import load_manifest

LOCK_NAME = "sources.lock.json"
_TIMEOUT_S = 60
_MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class FetchResult:
    file: str
    ok: bool
    detail: str


def _download(url: str, target: Path, expected_sha256: str | None) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": "erbm-assistant"})
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=_TIMEOUT_S) as resp:  # noqa: S310 - URLs come from our manifest
            while block := resp.read(1 << 16):
                size += len(block)
                if size > _MAX_BYTES:
                    raise ValueError(f"fichier de plus de {_MAX_BYTES} octets")
                digest.update(block)
                out.write(block)
        sha = digest.hexdigest()
        if expected_sha256 and sha != expected_sha256:
            raise ValueError(f"somme de contrôle inattendue ({sha[:12]}…)")
        os.replace(tmp, target)
        return sha
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def fetch_all(manifest: Path) -> list[FetchResult]:
    folder = manifest.parent
    lock_path = folder / LOCK_NAME
    try:
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        lock = {}
    results = []
    for source in load_manifest(folder).values():
        if not source.url:
            results.append(FetchResult(source.file, False, "pas d'adresse dans le manifeste"))
            continue
        try:
            sha = _download(source.url, folder / source.file, source.sha256)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            results.append(FetchResult(source.file, False, str(getattr(exc, "reason", exc))))
            continue
        lock[source.file] = {"url": source.url, "sha256": sha}
        results.append(FetchResult(source.file, True, f"sha256 {sha[:12]}…"))
    tmp = lock_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(lock, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, lock_path)
    return results
