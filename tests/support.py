"""Run real servers in subprocesses (the chat, Chroma, llama.cpp) for the tests and the
benchmarks; not part of the installed package."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(
    command: list[str], ready_url: str, *, timeout_s: float = 120, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Start `command`, yield its process once `ready_url` answers, stop it afterwards.

    Its output goes to a file, not a pipe: a server that logs a lot (llama.cpp prints every
    tensor) would block on a pipe nobody drains. The end of that log explains a failed start, or a server that died in use.
    """
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        started = False
        try:
            while True:
                try:
                    urllib.request.urlopen(ready_url, timeout=2)
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        proc.kill()
                        proc.wait(timeout=30)
                        log.seek(0)
                        tail = log.read().decode(errors="replace")[-3000:]
                        raise RuntimeError(f"{' '.join(command[:4])} did not start:\n{tail}") from None
                    time.sleep(0.3)
            started = True
            yield proc
        finally:
            # A server that died while in use says why: its exit code and its last words
            # (seen once in CI under load, connections refused from the 134th question on).
            died = proc.poll() if started else None
            proc.terminate()
            proc.wait(timeout=30)
            if died is not None:
                log.seek(0)
                tail = log.read().decode(errors="replace")[-3000:]
                raise RuntimeError(f"{' '.join(command[:4])} exited with {died} while in use:\n{tail}")


@contextmanager
def running_server(
    data_dir: Path, timeout_s: float = 120, extra_env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start the chat on a free local port over ``data_dir``; yield its URL and process."""
    env = {**os.environ, "ERBM_DATA_DIR": str(data_dir), "GRADIO_ANALYTICS_ENABLED": "False", **(extra_env or {})}
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with serving([sys.executable, "-m", "erbm", "serve", "--port", str(port)], url, timeout_s=timeout_s, env=env) as proc:
        yield url, proc
