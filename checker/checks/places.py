"""Places that cannot be: a town written with a state or country it does not lie in ("Wasilla, Texas"),
and one facility put in two places that exclude each other."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

from checker.corpus import Corpus
from checker.facts import canonical_names, evidence
from checker.findings import Finding, Severity, fingerprint
from checker.registry import register_check
from claims.gazetteer import disjoint, lies_in
from claims.types import ClaimKind, Span

_BETWEEN = re.compile(r",\s*")  # "Wasilla, Alaska": the town, a comma, the region
_LIST = re.compile(r",?\s*(?:(?:and|or|&)\s+)?")  # what joins the places of a list


@register_check("place-mismatch", severity=Severity.WARNING, needs={ClaimKind.STATEMENT})
def place_mismatch(corpus: Corpus, options) -> Iterable[Finding]:
    """A town followed by a state or country that, by the gazetteer, it does not lie in."""
    for article_id, extracted in corpus.extracted.items():
        if not corpus.in_focus(article_id):
            continue  # a gate reports only on its drafts
        article = corpus.articles[article_id]
        text = article.text
        for t0, t1, r0, r1 in _town_region_pairs(text, sorted(extracted.places)):
            town, region = text[t0:t1], text[r0:r1]
            if lies_in(town, region) is not False:
                continue
            statement = _statement_at(corpus, article_id, t0)
            if statement is None:
                continue
            written = text[t0:r1]
            yield Finding(
                id=fingerprint("place-mismatch", article_id, written),
                rule="place-mismatch",
                severity=Severity.WARNING,
                message=f'The gazetteer knows no {town} in {region} ("{written}").',
                evidence=(evidence(corpus, statement, Span.of(article, t0, r1)),),
            )


@register_check("location-conflict", severity=Severity.WARNING, needs={ClaimKind.LOCATED})
def location_conflict(corpus: Corpus, options) -> Iterable[Finding]:
    """One facility (a hospital, a church, an arena) put in places that, by the gazetteer, exclude each other."""
    by_facility = defaultdict(list)
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.LOCATED and (entity := corpus.entity_of(claim.facility)) is not None:
            by_facility[entity].append(claim)
    names = canonical_names(corpus)
    for entity, claims in by_facility.items():
        for a, b in corpus.pairs(claims, lambda c: c.span.article):
            if a.span.article == b.span.article or not disjoint(a.place, b.place):
                continue
            first, second = sorted((a, b), key=lambda c: (c.span.article, c.span.start))
            name = names.get(entity, first.facility.name)
            yield Finding(
                id=fingerprint("location-conflict", entity, sorted((a.place, b.place))),
                rule="location-conflict",
                severity=Severity.WARNING,
                message=(
                    f"{name} is in {first.place} in {first.span.article} "
                    f"but in {second.place} in {second.span.article}."
                ),
                entities=(name,),
                evidence=(evidence(corpus, first), evidence(corpus, second)),
            )


def _town_region_pairs(text: str, places: list[tuple[int, int]]) -> Iterable[tuple[int, int, int, int]]:
    """(town start, end, region start, end) for "Town, Region": two places with a comma between, or
    one place the tagger took whole."""
    for k, ((t0, t1), (r0, r1)) in enumerate(pairwise(places)):
        if not _BETWEEN.fullmatch(text[t1:r0]):
            continue
        before = places[k - 1] if k > 0 else None
        after = places[k + 2] if k + 2 < len(places) else None
        in_list = (before is not None and _LIST.fullmatch(text[before[1] : t0])) or (
            after is not None and _LIST.fullmatch(text[r1 : after[0]])
        )
        if not in_list:  # "Afghanistan, Gaza, Syria, and Lebanon" names four places, not Gaza in Syria
            yield t0, t1, r0, r1
    for p0, p1 in places:
        if (m := _BETWEEN.search(text, p0, p1)) is not None:
            yield p0, m.start(), m.end(), p1


def _statement_at(corpus: Corpus, article_id: str, start: int):
    return next(
        (
            c
            for c in corpus.extracted[article_id].claims
            if c.kind is ClaimKind.STATEMENT and c.span.start <= start < c.span.end
        ),
        None,
    )
