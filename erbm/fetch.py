"""Download the official documents listed in corpus/sources.toml (online machines only).

Each file is written to a hidden temporary name beside its target and renamed
only once complete and checked, so corpus/ never holds a partial file. A file already
there whose checksum matches the one recorded at its download is not fetched again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from erbm import messages
from erbm.ingest.files import file_hash
from erbm.ingest.manifest import load_manifest

LOCK_NAME = "sources.lock.json"
_TIMEOUT_S = 60
_MAX_BYTES = 200 * 1024 * 1024


class FetchStatus(StrEnum):
    DOWNLOADED = "downloaded"
    PRESENT = "present"  # already there, checksum unchanged: not fetched again
    LOCAL = "local"  # no URL: a document of the project itself
    FAILED = "failed"
    OFFLINE = "offline"  # the network could not be reached at all


@dataclass(frozen=True)
class FetchResult:
    file: str
    status: FetchStatus
    detail: str

    @property
    def ok(self) -> bool:
        return self.status in (FetchStatus.DOWNLOADED, FetchStatus.PRESENT)


def _offline(exc: BaseException) -> bool:
    """No route to the publisher at all (no DNS, no network, no answer), as opposed to a bad
    answer (HTTP error, wrong checksum)."""
    if isinstance(exc, urllib.error.HTTPError):
        return False
    if isinstance(exc, TimeoutError):
        return True
    return isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, OSError)


def _download(url: str, target: Path, expected_sha256: str | None, timeout_s: float) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": "erbm-assistant"})
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=timeout_s) as resp:  # noqa: S310 - URLs come from our manifest
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


def fetch_all(manifest: Path, timeout_s: float = _TIMEOUT_S) -> list[FetchResult]:
    folder = manifest.parent
    lock_path = folder / LOCK_NAME
    try:
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        lock = {}
    results = []
    for source in load_manifest(folder).values():
        if not source.url:
            results.append(FetchResult(source.file, FetchStatus.LOCAL, "document local, sans adresse"))
            continue
        target = folder / source.file
        known = source.sha256 or (lock.get(source.file) or {}).get("sha256")
        if known and target.is_file() and file_hash(target) == known:
            results.append(FetchResult(source.file, FetchStatus.PRESENT, messages.ALREADY_PRESENT.format(digest=known[:12])))
            continue
        try:
            sha = _download(source.url, target, source.sha256, timeout_s)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            status = FetchStatus.OFFLINE if _offline(exc) else FetchStatus.FAILED
            results.append(FetchResult(source.file, status, str(getattr(exc, "reason", exc))))
            continue
        lock[source.file] = {"url": source.url, "sha256": sha}
        results.append(FetchResult(source.file, FetchStatus.DOWNLOADED, f"sha256 {sha[:12]}…"))
    tmp = lock_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(lock, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, lock_path)
    return results
