import pytest

from claims.read import read_corpus


@pytest.fixture(scope="session")
def seed_claims(seeds_dir):
    """The seeds read once for all claim tests: (articles, {article id: ArticleClaims}, alignment)."""
    from claims.align import align_people
    from claims.extract import extract_article, parse

    articles = read_corpus([seeds_dir])
    extracted = {a.id: extract_article(a, doc) for a, doc in parse(articles)}
    alignment = align_people({k: v.mentions for k, v in extracted.items()})
    return articles, extracted, alignment


@pytest.fixture(scope="session")
def nlp():
    from claims.nlp import load_nlp

    return load_nlp()
