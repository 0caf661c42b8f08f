"""Casualty tolls: one happening's dead or injured counted differently by two reports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from checker.checks.events import QuantityOptions, consistent
from checker.corpus import Corpus
from checker.facts import days_apart, evidence, is_precise, places_named
from checker.findings import Finding, Severity, fingerprint
from checker.registry import register_check
from claims.gazetteer import disjoint, regions
from claims.types import ClaimKind, Quantity


class TollOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    same_event_days: int = 2  # two tolls of one kind of happening dated this close are of one happening
    # Reports of one happening days apart seldom differ this much; one strike's 2 dead and another's 40 do.
    max_ratio: float = 5.0
    # A toll grows as the dead are counted: reports written further apart than this may both be right.
    same_report_days: int = 1
    # A toll of a happening this long before its report is recalled background, not the news.
    recalled_days: int = 30
    tolerance: float = QuantityOptions().tolerance  # for a round figure ("230,000")
    approximate_tolerance: float = QuantityOptions().approximate_tolerance  # "about 40", "some 30"


@register_check("toll-conflict", severity=Severity.WARNING, needs={ClaimKind.QUANTITY}, options=TollOptions)
def toll_conflict(corpus: Corpus, options: TollOptions) -> Iterable[Finding]:
    """One happening's dead (or injured) counted differently: the same kind of happening ("the quake",
    "the attack") close in time, in sentences and articles whose places can be one, with tolls no bound
    covers ("at least 24" covers 30; "some 30" does not cover 42)."""
    ranges = QuantityOptions(tolerance=options.tolerance, approximate_tolerance=options.approximate_tolerance)
    scenes = _Scenes(corpus)
    by_happening = defaultdict(list)
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.QUANTITY and claim.cause and claim.date and not _recalled(corpus, claim, options):
            by_happening[(_toll_kind(claim), claim.cause)].append(claim)
    for (kind, cause), claims in by_happening.items():
        for a, b in corpus.pairs(claims, lambda c: c.span.article):
            if a.span.article == b.span.article or days_apart(a.date, b.date) > options.same_event_days:
                continue
            if _reports_apart(corpus, a, b) > options.same_report_days:
                continue
            if min(a.value, b.value) == 0:
                if not _places(corpus, a) & _places(corpus, b):
                    continue  # "no one was killed" is of one happening only where both name its place
            elif max(a.value, b.value) > options.max_ratio * min(a.value, b.value):
                continue  # two happenings of a kind
            if not _may_be_one_place(corpus, a, b) or not scenes.shared(a, b) or consistent(a, b, ranges):
                continue
            if not _shown_one(scenes, a, b):
                continue
            yield _toll_finding(corpus, kind, cause, a, b)


def _shown_one(scenes: _Scenes, a: Quantity, b: Quantity) -> bool:
    """Evidence that two tolls of one kind of happening are of one happening, not of a quake and its
    aftershock the next day: the same day written for both, else a scene both articles name (a kind and a
    week are not enough). Two days written that differ are two happenings."""
    own = [c.date for c in (a, b) if c.date and c.date.text and is_precise(c.date, 0)]
    if len(own) == 2:
        return own[0].start == own[1].start
    # that the two scenes can be one the caller has asked (`_Scenes.shared`); here both must name one
    return bool(scenes.of(a.span.article)) and bool(scenes.of(b.span.article))


class _Scenes:
    """Where each article is set: the places it names. Two reports of one quake or one strike name a
    place in common, or places one of which holds the other; a shooting in Chicago and another in
    Houston on the same day are two shootings, whatever their sentences say."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.places: dict[str, set[str]] = {}

    def of(self, article: str) -> set[str]:
        if article not in self.places:
            self.places[article] = places_named(self.corpus, article)
        return self.places[article]

    def shared(self, a: Quantity, b: Quantity) -> bool:
        here, there = self.of(a.span.article), self.of(b.span.article)
        if not here or not there:
            return True  # an article that names no place may be set anywhere
        return _can_be_one(here, there)


def _reports_apart(corpus: Corpus, a: Quantity, b: Quantity) -> int:
    written = [corpus.articles[c.span.article].published for c in (a, b)]
    return abs((written[0] - written[1]).days) if None not in written else 0


def _recalled(corpus: Corpus, claim: Quantity, options: TollOptions) -> bool:
    """A toll of a happening long before the report ("the 2004 tsunami killed 230,000"): background,
    which outlets give for different scopes ("in the province", "across Asia") a count cannot tell apart."""
    published = corpus.articles[claim.span.article].published
    return published is not None and (published - claim.date.end).days > options.recalled_days


def _may_be_one_place(corpus: Corpus, a: Quantity, b: Quantity) -> bool:
    """Whether the places two tolls' sentences name can be one happening's: each names none, or some pair
    is one name, or places the gazetteer does not know to exclude each other. Two names it knows neither
    of are two places ("Gaza City" / "Khan Younis"): strikes on one day in two towns are two strikes."""
    places_a, places_b = _places(corpus, a), _places(corpus, b)
    if not places_a or not places_b:
        return True
    return _can_be_one(places_a, places_b)


def _can_be_one(here: set[str], there: set[str]) -> bool:
    """Whether two sets of place names can name one scene. Places the gazetteer knows tell countries and
    regions apart ("Khan Younis, Gaza" / "Pariang County, South Sudan"); names it does not know are
    the finer ones, and two sides that both give some must share a word of one ("Papua" / "West Papua
    province"), or they are two scenes ("Gaza City" / "Khan Younis", "West Papua" / "Aceh province")."""
    known = [{p for p in side if regions(p)} for side in (here, there)]
    if known[0] and known[1] and all(disjoint(x, y) for x in known[0] for y in known[1]):
        return False
    unknown = [here - known[0], there - known[1]]
    if unknown[0] and unknown[1]:
        return any(_words(x) & _words(y) for x in unknown[0] for y in unknown[1])
    return True


# Words that many place names share, which make no two of them one.
PLACE_WORDS = {
    "city", "province", "district", "county", "state", "island", "islands", "region", "town", "village", "camp",
    "refugee", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "new",
    "san", "saint", "st", "fort", "port", "mount", "mt", "lake", "river", "valley", "beach", "park", "national",
}  # fmt: skip


def _words(place: str) -> set[str]:
    return set(place.replace("'s", "").split()) - PLACE_WORDS


def _places(corpus: Corpus, claim: Quantity) -> set[str]:
    return places_named(corpus, claim.sentence.article, claim.sentence)


def _toll_kind(claim: Quantity) -> str:
    return "injured" if claim.verb in ("injure", "wound") else "killed"


def _toll_finding(corpus: Corpus, kind: str, cause: str, a: Quantity, b: Quantity) -> Finding:
    first, second = sorted((a, b), key=lambda c: (c.span.article, c.span.start))
    return Finding(
        id=fingerprint("toll-conflict", kind, cause, sorted([(a.value, a.bound), (b.value, b.bound)])),
        rule="toll-conflict",
        severity=Severity.WARNING,
        message=(
            f"People {kind} in the {cause}: {_as_written(first)} {first.what} in {first.span.article} but "
            f"{_as_written(second)} {second.what} in {second.span.article}."
        ),
        evidence=(evidence(corpus, first), evidence(corpus, second)),
    )


BOUND_WORDS = {"at_least": "at least", "at_most": "at most", "about": "about"}


def _as_written(claim: Quantity) -> str:
    """The toll with its bound: "at least 24", "about 30", "five"."""
    bound = BOUND_WORDS.get(claim.bound)
    return f"{bound} {claim.written}" if bound else claim.written
