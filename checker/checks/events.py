"""Checks on what happened: the same meeting with another place or date; the same count with another number."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations

from pydantic import BaseModel, ConfigDict

from checker.corpus import Corpus
from checker.facts import canonical_names, days_apart, evidence, is_precise, participants, places_named, same_scope
from checker.findings import Finding, Severity, fingerprint
from checker.registry import register_check
from claims.gazetteer import disjoint
from claims.names import fold
from claims.relations import EVENT_VERBS, OBJECT_EVENTS, REPEATED_BY_ONE, SAME_ACT
from claims.timex import is_deictic
from claims.types import ClaimKind, EntityKind, Event, Quantity, Span


class MeetingOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    same_meeting_days: int = 14  # two reports of one pair meeting this close in time describe one meeting


class QuantityOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    tolerance: float = 0.1  # relative difference allowed for a round figure ("230,000") or a measure ("$1 million")
    approximate_tolerance: float = 0.25  # when either says "about", "nearly", "more than"...


@register_check("meeting-conflict", severity=Severity.WARNING, needs={ClaimKind.MEETING}, options=MeetingOptions)
def meeting_conflict(corpus: Corpus, options: MeetingOptions) -> Iterable[Finding]:
    """The same meeting (same people, close in time) reported with a different place or day."""
    names = canonical_names(corpus)
    by_people = defaultdict(list)
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.MEETING:
            people = participants(corpus, claim.participants)
            if len(people) >= 2:
                by_people[people].append(claim)
    for people, claims in by_people.items():
        for a, b in combinations(claims, 2):
            if a.span.article == b.span.article or not (a.date and b.date):
                continue
            gap = days_apart(a.date, b.date)
            if gap > options.same_meeting_days:
                continue  # a later meeting of the same people, not the same one
            # the same people meet often in a week: a place differs only for a meeting of one day, and a
            # day only for a meeting in one place ("Islamabad" / "Pakistan" is one place)
            problems = []
            one_day = gap == 0 and is_precise(a.date, 0) and is_precise(b.date, 0)
            if one_day and a.place and b.place and disjoint(a.place, b.place):
                problems.append(f"in {a.place} / in {b.place}")
            one_place = a.place and b.place and not disjoint(a.place, b.place)
            if gap > 0 and one_place and is_precise(a.date, 1) and is_precise(b.date, 1):
                problems.append(f"on {a.date} / on {b.date}")
            if not problems:
                continue
            who = " and ".join(sorted(names[p] for p in people))
            yield Finding(
                id=fingerprint("meeting-conflict", sorted(people), *problems),
                rule="meeting-conflict",
                severity=Severity.WARNING,
                message=f"The meeting of {who} is reported {'; '.join(problems)} ({a.span.article}, {b.span.article}).",
                entities=tuple(sorted(names[p] for p in people)),
                evidence=(evidence(corpus, a), evidence(corpus, b)),
            )


def _anchors_in_sentence(corpus: Corpus, claim) -> set[str]:
    """What the claim's sentence names: its people and organisations (as entities) and its places.
    Two counts are of the same thing only when their sentences share one."""
    sentence = claim.sentence
    extracted = corpus.extracted[sentence.article]
    named = {
        e for m in extracted.mentions if sentence.start <= m.span.start < sentence.end and (e := corpus.entity_of(m))
    }
    return named | {"place:" + p for p in places_named(corpus, sentence.article, sentence)}


def _shared_anchor(corpus: Corpus, names: dict[str, str], a: Quantity, b: Quantity) -> bool:
    """Whether two counts' sentences name someone or somewhere in common besides the one who counts
    (a player's points in two games name the player in both; a report of one game names its opponent
    or place too)."""
    shared = _anchors_in_sentence(corpus, a) & _anchors_in_sentence(corpus, b)
    return any(fold(names.get(e, "")).split()[-1:] != [a.subject] for e in shared)


def _range(claim, options: QuantityOptions) -> tuple[float, float]:
    """The values a figure allows: "at least 50" is [50, inf), "about 30" is 30 +- 25%, "230,000" or
    "$1 million" is +- 10%, and "14 points" or "2,301 points" is what it says."""
    value = claim.value
    if claim.bound == "at_least":
        return value, float("inf")
    if claim.bound == "at_most":
        return 0.0, value
    if claim.bound == "about" or claim.approximate:
        tolerance = options.approximate_tolerance
    elif claim.unit or _round(value):
        tolerance = options.tolerance
    else:
        tolerance = 0.0
    return value * (1 - tolerance), value * (1 + tolerance)


def _round(value: float) -> bool:
    """ "230,000", "1,000", "140": two significant digits or fewer in three or more, likely rounded."""
    digits = f"{value:.0f}"
    return value.is_integer() and len(digits) >= 3 and len(digits.rstrip("0")) <= 2


def consistent(a, b, options: QuantityOptions) -> bool:
    low_a, high_a = _range(a, options)
    low_b, high_b = _range(b, options)
    return low_a <= high_b and low_b <= high_a


@register_check(
    "quantity-conflict", severity=Severity.WARNING, needs={ClaimKind.QUANTITY}, options=QuantityOptions, same_days=True
)
def quantity_conflict(corpus: Corpus, options: QuantityOptions) -> Iterable[Finding]:
    """The same thing counted for the same happening and person with different numbers, beyond a tolerance."""
    # counts with a verb and a subject: whose count of what happening can be told
    # (a toll of the dead or injured is matched by its happening instead: toll-conflict)
    counts_told = [
        c for c in corpus.all_claims() if c.kind is ClaimKind.QUANTITY and c.verb and c.subject and not c.cause
    ]
    by_sentences = defaultdict(list)
    for a, b in _same_counts(corpus, counts_told):
        by_sentences[(a.sentence, b.sentence)].append((a, b))
    in_sentence = defaultdict(list)
    for claim in counts_told:
        in_sentence[claim.sentence].append(claim)
    names = canonical_names(corpus)
    for counts in by_sentences.values():
        agreeing = any(a.value == b.value for a, b in counts)
        first = counts[0]
        if len(counts) >= 2 and not agreeing:
            # "25 points and 16 rebounds" / "22 points and nine rebounds": a report of one game
            # gets a figure wrong, not all of them; when every figure differs, they are two games
            continue
        if _standing(first[0]):
            # "now has 2,029 points" / "now has 2,129 points": one figure as of the day written,
            # which two reports of the same day must agree on, and which grows from day to day
            if len({corpus.articles[c.span.article].published for c in first}) > 1:
                continue
        elif _times_of_a_happening(first[0]):
            pass  # "Gray was shot 11 times" / "seven times": how often one person was shot that week is one figure
        elif not agreeing and ("have" in (c.verb for c in first) or not _shared_anchor(corpus, names, *first)):
            # nothing but the counting person in common ("scored 14 points" / "scored 1,000 points"), or a
            # count someone "had", which names no happening ("had seven rebounds" in one game, nine in another)
            continue
        matched = {id(c) for pair in counts if pair[0].value == pair[1].value for c in pair}
        for a, b in counts:
            # "finished with 20 points and now has 2,302 for his career" / "scored 20 points": the 20s
            # are one count; 2,302 is another thing, not a wrong 20
            if id(a) not in matched and id(b) not in matched and not consistent(a, b, options):
                yield _quantity_finding(corpus, a, b)
        for a, b in _rest_of_the_line(in_sentence, counts, matched):
            if not consistent(a, b, options):
                yield _quantity_finding(corpus, a, b)


def _rest_of_the_line(
    in_sentence: dict[Span, list[Quantity]], counts: list[tuple[Quantity, Quantity]], matched: set[int]
) -> Iterator[tuple[Quantity, Quantity]]:
    """ "rushed for 404 yards ..., caught 52 passes for 880 yards" / "rushed for 404 yards ..., had 52
    catches for 440 yards": two outlets' lines of one person's figures that agree on some. A figure
    of the same thing left alone on each side is one figure, whatever verb leads to it."""
    subjects = {a.subject for a, b in counts if id(a) in matched}
    sides = [
        [c for c in in_sentence[s] if c.subject in subjects] for s in (counts[0][0].sentence, counts[0][1].sentence)
    ]
    # a value the other side prints too is accounted for, whatever noun it counts ("four TDs" / "four
    # touchdowns"), so a line that lists other figures ("106 times for 404 yards") leaves them alone
    values = [{c.value for c in side} for side in sides]
    left = [[c for c in sides[0] if c.value not in values[1]], [c for c in sides[1] if c.value not in values[0]]]
    for key in {(_counted_thing(c), c.unit, c.subject) for c in left[0]}:
        mine, theirs = ([c for c in side if (_counted_thing(c), c.unit, c.subject) == key] for side in left)
        if len(mine) == 1 and len(theirs) == 1 and tally_verb(mine[0].verb) != tally_verb(theirs[0].verb):
            yield mine[0], theirs[0]  # the same verb's pairs are the caller's already


# Verbs that credit someone with a tally ("scored 14 points", "added 12", "finished with 20 points",
# "led Drake with 13 points"): one game's figure, however an outlet words it.
TALLY_VERBS = {"score", "add", "have", "finish", "lead", "total", "post", "record", "tally", "contribute", "grab"}


def _times_of_a_happening(claim: Quantity) -> bool:
    """ "was shot 11 times", "had been arrested four times": how often a one-off happening befell or was
    done by one person, which reports of the same week must agree on (a game's figures differ by game)."""
    return claim.what == "times" and claim.verb in EVENT_VERBS


def tally_verb(verb: str) -> str:
    return "score" if verb in TALLY_VERBS else verb


def _counted_thing(claim: Quantity) -> str:
    """What is counted; for a standing figure its head noun: someone "now has" one total of points,
    whether an outlet writes "2,301 career points" or "2,302 for his career"."""
    what = claim.what.lower()
    return what.split()[-1] if _standing(claim) else what


def _standing(claim: Quantity) -> bool:
    """ "now has 2,129 points", "now stands at 24": the figure as of the day the report was written."""
    return claim.verb.startswith("now ")


def _same_counts(corpus: Corpus, counts_told: list[Quantity]) -> Iterator[tuple[Quantity, Quantity]]:
    """Pairs of counts from two articles of the same thing by the same subject, close in time; whether
    they count it for one happening is the caller's to say, from their sentences."""
    by_thing = defaultdict(list)
    for claim in counts_told:
        # the same thing is the same noun counted with the same unit for the same happening
        # by the same subject ("ten border guards were killed", not "ten border guards"
        # anywhere). The caller passes only counts with a subject: without one both sides name,
        # ECB+ gave 37 more warnings, nearly all two different counts in one sports report
        # (points in a run and in the game).
        if len(claim.what) > 3:
            by_thing[(_counted_thing(claim), claim.unit, tally_verb(claim.verb), claim.subject)].append(claim)
    for claims in by_thing.values():
        for a, b in corpus.pairs(claims, lambda c: c.span.article):
            if a.span.article == b.span.article:
                continue
            if a.date and b.date and days_apart(a.date, b.date) > 7:
                continue  # counts at different times may both be right
            if not same_scope(a, b):
                continue  # "255,000 jobs last month" / "in May and June": counts over two periods
            yield a, b


def _quantity_finding(corpus: Corpus, a: Quantity, b: Quantity) -> Finding:
    what, unit, verb = a.what.lower(), a.unit, a.verb
    high, low = max(a.value, b.value), min(a.value, b.value)
    return Finding(
        id=fingerprint("quantity-conflict", what, unit, tally_verb(verb), sorted((a.value, b.value))),
        rule="quantity-conflict",
        severity=Severity.WARNING,
        message=(
            f'{what} ({verb}{", " + a.subject if a.subject else ""}): "{a.written}" in {a.span.article} '
            f'but "{b.written}" in {b.span.article} '
            f"({low:g} vs {high:g}{' ' + unit if unit else ''})."
        ),
        evidence=(evidence(corpus, a), evidence(corpus, b)),
    )


class EventOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    same_event_days: int = 7  # two reports of one happening dated this close describe the same one


@register_check("event-date-conflict", severity=Severity.WARNING, needs={ClaimKind.EVENT}, options=EventOptions)
def event_date_conflict(corpus: Corpus, options: EventOptions) -> Iterable[Finding]:
    """The same happening (same verb, same named people or the same named patient) put on different days."""
    names = canonical_names(corpus)
    for (what, who), a, b in same_happening_pairs(corpus, _own_day):
        if a.date.start == b.date.start or days_apart(a.date, b.date) > options.same_event_days:
            continue  # the same day, or far apart: two happenings, not one misdated
        label, entities, (first, second) = _reported(names, who, a, b)
        # "yesterday" counts from the publication date, which feeds often give a day off
        # (time zones, a wire story reprinted the next morning): one day apart is a note.
        hinges = days_apart(a.date, b.date) <= 1 and (_deictic(a) or _deictic(b))
        yield Finding(
            id=fingerprint("event-date-conflict", what, who, sorted((str(a.date.start), str(b.date.start)))),
            rule="event-date-conflict",
            severity=Severity.INFO if hinges else Severity.WARNING,
            message=(
                f'"{what}" ({label}) is dated {first.date.start} ("{first.date.text}") in {first.span.article} '
                f'but {second.date.start} ("{second.date.text}") in {second.span.article}.'
                + (" One of the two counts from its publication date: check the articles' dates." if hinges else "")
            ),
            entities=entities,
            evidence=(evidence(corpus, first), evidence(corpus, second)),
        )


@register_check(
    "event-place-conflict", severity=Severity.WARNING, needs={ClaimKind.EVENT}, options=EventOptions, same_days=True
)
def event_place_conflict(corpus: Corpus, options: EventOptions) -> Iterable[Finding]:
    """The same happening (same verb, same named people or the same named patient) put in places that exclude
    each other (the gazetteer says neither lies in the other)."""
    names = canonical_names(corpus)
    for (what, who), a, b in same_happening_pairs(corpus, lambda c: c.place):
        if not disjoint(a.place, b.place):
            continue
        if a.date and b.date and days_apart(a.date, b.date) > options.same_event_days:
            continue  # far apart: two happenings
        label, entities, (first, second) = _reported(names, who, a, b)
        yield Finding(
            id=fingerprint("event-place-conflict", what, who, sorted((a.place, b.place))),
            rule="event-place-conflict",
            severity=Severity.WARNING,
            message=(
                f'"{what}" ({label}) happens in {first.place} in {first.span.article} '
                f"but in {second.place} in {second.span.article}."
            ),
            entities=entities,
            evidence=(evidence(corpus, first), evidence(corpus, second)),
        )


def same_happening_pairs(corpus: Corpus, wanted) -> Iterator[tuple[tuple[str, str], Event, Event]]:
    """Pairs of `wanted` event claims from two articles that report one happening (same verb, same named
    agent or patient), each pair once under its smallest key, so the finding's id is the same whatever
    the order the claims come in, and a sentence naming both agent and patient gives one finding."""
    by_event = defaultdict(list)
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.EVENT and wanted(claim):
            for key in _event_keys(corpus, claim):
                by_event[key].append(claim)
    found: dict[tuple, tuple[tuple[str, str], Event, Event]] = {}
    for key, claims in by_event.items():
        for a, b in corpus.pairs(claims, lambda c: c.span.article):
            if a.span.article == b.span.article:
                continue
            pair = tuple(sorted(((a.span.article, a.span.start), (b.span.article, b.span.start))))
            if pair not in found or key < found[pair][0]:
                found[pair] = (key, a, b)
    for pair in sorted(found):
        yield found[pair]


def _reported(names: dict[str, str], who: str, a: Event, b: Event) -> tuple[str, tuple[str, ...], list[Event]]:
    """How a finding on one happening names it: who (an entity's name, else the patient's word),
    the entities it is about, and its two reports in article order."""
    label = names.get(who, who)
    return label, (label,) if who in names else (), sorted((a, b), key=lambda c: (c.span.article, c.span.start))


def _own_day(claim: Event) -> bool:
    """A day written for the happening itself (claims keep the sentence's date without its text)."""
    return bool(claim.date and claim.date.text and is_precise(claim.date, 0))


def _deictic(claim) -> bool:
    return is_deictic(claim.date.text)


def _event_keys(corpus: Corpus, claim) -> Iterator[tuple[str, str]]:
    """What identifies a happening across reports: its verb with each named agent, or with a named patient.
    An organisation, or a verb that is one-off only with its object ("issued a patch"), is matched with
    the noun of what was done too: Microsoft releases many things in a week."""
    act = SAME_ACT.get(claim.what, claim.what)
    for mention in claim.agents:
        if (entity := corpus.entity_of(mention)) is None:
            continue
        if mention.kind is EntityKind.ORG or claim.what in OBJECT_EVENTS or claim.what in REPEATED_BY_ONE:
            if claim.object:  # a doer who does it often: the same object says it is the same happening
                yield f"{act} {claim.object}", entity
        else:
            yield act, entity
    if claim.patient:
        words = [w for w in claim.patient.replace("'s", "").split() if w[:1].isalpha()]
        # a name, with its title ("Chargers receiver Vincent Jackson"), not "a man" or a long clause
        if words and words[-1][:1].isupper() and len(words) <= 6:
            yield act, words[-1].lower()
