"""Where the heavy stages run: extraction (spaCy) and NLI scoring.

The local engine runs them in this process. Another engine (`checker.ray_engine`) runs
the same functions elsewhere; everything else (alignment, blocking, the checks' decisions)
stays in the driver, so findings do not depend on the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from claims.extract import ArticleClaims, extract_article, parse
from claims.ontology import Ontology
from claims.types import Article

if TYPE_CHECKING:
    from models.nli import BatchScorer

Progress = Callable[[int, int], None]  # (articles read so far, all articles)


class Engine(Protocol):
    name: str

    def extract(
        self, articles: Sequence[Article], ontology: Ontology | None, progress: Progress | None
    ) -> Iterator[tuple[Article, ArticleClaims]]:
        """Each article with its claims, in the order given."""
        ...

    def nli_scorer(self, model: str | None) -> BatchScorer | None:
        """Where NLI batches are scored for the model at `model` (None: in this process)."""
        ...


class LocalEngine:
    name = "local"

    def extract(
        self, articles: Sequence[Article], ontology: Ontology | None, progress: Progress | None = None
    ) -> Iterator[tuple[Article, ArticleClaims]]:
        for done, (article, doc) in enumerate(parse(articles), start=1):
            yield article, extract_article(article, doc, ontology)
            if progress is not None:
                progress(done, len(articles))

    def nli_scorer(self, model: str | None) -> BatchScorer | None:
        return None


LOCAL = LocalEngine()
