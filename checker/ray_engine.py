"""The Ray engine (`accord check --engine ray`, extra `accord[ray]`): extraction and NLI
scoring as Ray Data `map_batches` stages over actor pools.

Extraction actors each load spaCy once and turn a batch of articles into their claims;
NLI actors each hold the model and score the batches the driver planned (the same
length-sorted batches the local engine forms, so the probabilities are the same).
Alignment, blocking and every decision stay in the driver: same findings, same
fingerprints. Local mode (a Ray instance on this machine) unless `address` names a
cluster, whose workers need accord installed. NLI actors take a GPU each when the
cluster has GPUs (running the fp32 model there: the int8 form is CPU-only).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import socket
import sys
import tempfile
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from checker.engine import Progress
from claims.extract import ArticleClaims
from claims.ontology import Ontology
from claims.types import Article

if TYPE_CHECKING:
    from models.nli import BatchScorer

EXTRACT_BATCH = 16  # articles per map_batches call (spaCy's own batch size)
ROW_BATCHES = 64  # planned NLI batches per Ray row


class RayUnavailable(RuntimeError):
    pass


class RayEngine:
    name = "ray"

    def __init__(self, address: str | None = None, num_cpus: int | None = None):
        try:
            import ray
            import ray.data  # the Data library: the `data` extra of ray
        except ImportError:
            raise RayUnavailable("--engine ray needs the Ray extra: pip install 'accord[ray]'") from None
        # Ray's own INFO/WARNING lines (and its C++ core's) would interleave with the report on stderr.
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
        logging.getLogger("ray").setLevel(logging.ERROR)
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        if address:
            _reachable(address)
        if not ray.is_initialized():
            local = {"num_cpus": num_cpus or os.cpu_count() or 1, "include_dashboard": False} if not address else {}
            with _stderr_kept_back():
                ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False, **local)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # a report's stderr carries accord's own lines only
        context.print_on_execution_start = False
        self._ray = ray

    def _cpus(self) -> int:
        return max(1, int(self._ray.cluster_resources().get("CPU", 1)))

    def _gpus(self) -> int:
        return int(self._ray.cluster_resources().get("GPU", 0))

    def extract(
        self, articles: Sequence[Article], ontology: Ontology | None, progress: Progress | None = None
    ) -> Iterator[tuple[Article, ArticleClaims]]:
        if not articles:
            return
        from ray.data import ActorPoolStrategy

        rows = [{"i": i, "article": a.model_dump_json()} for i, a in enumerate(articles)]
        data = self._ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // EXTRACT_BATCH))
        done = data.map_batches(
            _Extractor,
            fn_constructor_kwargs={"ontology": ontology},
            batch_size=EXTRACT_BATCH,
            compute=ActorPoolStrategy(size=min(self._cpus(), max(1, len(rows) // EXTRACT_BATCH))),
            num_cpus=1,
        ).take_all()
        claims = {int(row["i"]): ArticleClaims.model_validate_json(row["claims"]) for row in done}
        for i, article in enumerate(articles):
            yield article, claims[i]
        if progress is not None:
            progress(len(articles), len(articles))

    def nli_scorer(self, model: str | None) -> BatchScorer:
        def score(batches: list[list[tuple[str, str]]]) -> list[list[dict[str, float]]]:
            if not batches:
                return []
            from ray.data import ActorPoolStrategy

            gpus = self._gpus()
            # a row carries up to ROW_BATCHES planned batches (batches of one pair, on ONNX Runtime)
            rows = [
                {"i": i, "batches": json.dumps(batches[start : start + ROW_BATCHES])}
                for i, start in enumerate(range(0, len(batches), ROW_BATCHES))
            ]
            actors = gpus or max(1, min(len(rows), self._cpus() // 2))
            done = (
                self._ray.data.from_items(rows, override_num_blocks=len(rows))
                .map_batches(
                    _Scorer,
                    fn_constructor_kwargs={"model": model, "gpu": bool(gpus)},
                    batch_size=1,  # one row at a time: the actor scores its planned batches as they are
                    compute=ActorPoolStrategy(size=actors),
                    num_gpus=1 if gpus else 0,
                    num_cpus=1 if gpus else min(2, self._cpus()),
                )
                .take_all()
            )
            by_index = {int(row["i"]): json.loads(row["probs"]) for row in done}
            return [probs for i in range(len(rows)) for probs in by_index[i]]

        return score


def _reachable(address: str, timeout: float = 5.0) -> None:
    """Fail fast on a cluster address nothing answers at: Ray itself retries for minutes."""
    match = re.fullmatch(r"(?:ray://)?\[?([^\]/]+?)\]?:(\d+)", address)
    if match is None:
        return  # "auto" and other forms Ray resolves itself
    try:
        socket.create_connection((match.group(1), int(match.group(2))), timeout=timeout).close()
    except OSError as exc:
        raise ConnectionError(f"nothing answers there ({exc.strerror or exc})") from None


@contextlib.contextmanager
def _stderr_kept_back() -> Iterator[None]:
    """Hold back what Ray's C++ core writes to stderr while starting (a log-level line even at
    "fatal"); show it only if starting fails."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        try:
            yield
        except BaseException:
            os.dup2(saved, 2)
            held.seek(0)
            sys.stderr.write(held.read().decode("utf-8", "replace"))
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


class _Extractor:
    """A Ray actor: spaCy loaded once, then batches of articles to claims (as JSON)."""

    def __init__(self, ontology: Ontology | None):
        from claims.extract import load_nlp

        load_nlp()
        self.ontology = ontology

    def __call__(self, batch: dict) -> dict:
        from claims.extract import extract_article, parse

        articles = [Article.model_validate_json(str(a)) for a in batch["article"]]
        claims = [extract_article(a, doc, self.ontology).model_dump_json() for a, doc in parse(articles)]
        return {"i": list(batch["i"]), "claims": claims}


class _Scorer:
    """A Ray actor holding the NLI model; each row is one batch the driver planned."""

    def __init__(self, model: str | None, gpu: bool):
        from models.nli import NLIModel

        # Ray sets OMP_NUM_THREADS to the actor's num_cpus, which torch follows.
        self.model = NLIModel.load(model, quantize=not gpu)
        if gpu:
            self.model.to("cuda")

    def __call__(self, rows: dict) -> dict:
        probs = [
            json.dumps(self.model.score_batches([[tuple(p) for p in batch] for batch in json.loads(str(planned))]))
            for planned in rows["batches"]
        ]
        return {"i": list(rows["i"]), "probs": probs}
