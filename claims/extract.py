"""Claim extraction: an Article in, its typed claims out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from claims.nlp import load_nlp
from claims.types import Article, Claim, ClaimKind, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc


def parse(articles: Iterable[Article]) -> Iterator[tuple[Article, Doc]]:
    """Each article with its spaCy parse; batched through one pipeline."""
    articles = list(articles)
    docs = load_nlp().pipe((a.text for a in articles), batch_size=16)
    yield from zip(articles, docs, strict=True)


def extract_claims(article: Article, doc: Doc) -> list[Claim]:
    return statement_claims(article, doc)


def statement_claims(article: Article, doc: Doc) -> list[Claim]:
    """Every sentence, trimmed of surrounding whitespace, as a statement for the NLI stage."""
    claims = []
    for sent in doc.sents:
        start, end = _trim(article.text, sent.start_char, sent.end_char)
        if end - start < 2:
            continue
        span = Span.of(article, start, end)
        claims.append(Claim(kind=ClaimKind.STATEMENT, span=span, text=span.quote, date=article.published))
    return claims


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
