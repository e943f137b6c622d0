"""Concurrent users against a running app, through its `/ask` API (gradio_client).

Bounded in count (`total` questions) and in time (`deadline_s` for the whole run,
`request_timeout_s` per question): a stuck server fails the run instead of hanging it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

import numpy as np
from gradio_client import Client


@dataclass
class LoadResult:
    clients: int
    questions: int
    answered: int = 0
    cited: int = 0
    abstained: int = 0
    errors: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    documents_cited: set[str] = field(default_factory=set)
    wall_s: float = 0.0

    def summary(self) -> dict[str, object]:
        data = asdict(self)
        lat = data.pop("latencies_ms")
        data["documents_cited"] = sorted(self.documents_cited)
        data["errors"] = len(self.errors)
        data["first_errors"] = self.errors[:5]
        data["p50_ms"] = round(float(np.percentile(lat, 50)), 1) if lat else None
        data["p95_ms"] = round(float(np.percentile(lat, 95)), 1) if lat else None
        data["throughput_per_s"] = round(self.answered / self.wall_s, 2) if self.wall_s else None
        return data


def run_load(
    url: str,
    questions: list[str],
    *,
    clients: int = 20,
    total: int = 200,
    request_timeout_s: float = 60,
    deadline_s: float = 600,
    stop: Callable[[], object] | None = None,
) -> LoadResult:
    """`stop`: polled before each question; the run ends early once it returns non-None."""
    result = LoadResult(clients=clients, questions=total)
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + deadline_s

    def worker(_: int) -> None:
        client = Client(url, verbose=False)
        while time.monotonic() < deadline and (stop is None or stop() is None):
            with lock:
                n = next(counter, None)
            if n is None:
                return
            question = questions[n % len(questions)]
            started = time.perf_counter()
            try:
                payload = json.loads(client.submit(question, [], None, api_name="/ask").result(timeout=request_timeout_s))
            except Exception as exc:  # noqa: BLE001 - every failure is counted, none hides
                with lock:
                    result.errors.append(f"{n}: {type(exc).__name__}: {exc}"[:300])
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                result.latencies_ms.append(elapsed)
                if payload.get("error"):
                    result.errors.append(f"{n}: {payload['error']}")
                    continue
                result.answered += 1
                result.abstained += bool(payload["abstained"])
                result.cited += bool(payload["citations"]) and all(c.get("reference") for c in payload["citations"])
                result.documents_cited.update(c["file_name"] for c in payload["citations"])

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(worker, range(clients)))
    result.wall_s = round(time.monotonic() - started, 2)
    unanswered = total - result.answered - len(result.errors)
    if unanswered > 0 and (stop is None or stop() is None):
        result.errors.append(f"{unanswered} questions not sent before the deadline")
    return result
