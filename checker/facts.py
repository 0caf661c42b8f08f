"""Facts the checks compare: claims joined to their entity, article and date, with gaps filled.

A title written without a country ("Foreign Secretary Amna Baloch", "President Ebrahim
Raisi") takes the country the same person's other claims give for that body, or, inside
a quotation, the speaker's own country ("Under President Pezeshkian's leadership", said
Iran's foreign minister). Undated claims stay undated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from checker.corpus import Corpus
from checker.findings import Context, Evidence
from claims.align import acronym_of
from claims.names import fold
from claims.types import Claim, ClaimKind, DateInterval, EntityKind, HoldsRole, Mention, Quantity, Role, Span


@dataclass(frozen=True)
class RoleFact:
    entity: str  # entity id
    name: str  # the entity's canonical name
    role: Role
    claim: HoldsRole
    article: str
    date: DateInterval | None

    @property
    def office(self) -> tuple[str, str | None]:
        """The office held: canonical role and where (one holder at a time per office)."""
        return self.role.role, self.role.country or self.role.org

    @property
    def body(self) -> tuple[str, str | None]:
        return self.role.body, self.role.country or self.role.org


def evidence(
    corpus: Corpus, claim: Claim, span: Span | None = None, highlight: tuple[int, int] | None = None
) -> Evidence:
    """The claim's sentence as evidence, dated by the claim (or its article), its own words highlighted."""
    span = span or claim.sentence
    article = corpus.articles[span.article]
    date = claim.date.start if claim.date and claim.date.start == claim.date.end else article.published
    line, column = line_and_column(article.text, span.start)
    if highlight is None and (claim.span.start, claim.span.end) != (span.start, span.end):
        highlight = (claim.span.start, claim.span.end)
    if highlight is not None and not (span.start <= highlight[0] <= highlight[1] <= span.end):
        highlight = None  # words outside the quote cannot be shown inside it
    sentence = claim.sentence
    inside = sentence.article == span.article and sentence.start <= span.start and span.end <= sentence.end
    narrower = (sentence.start, sentence.end) != (span.start, span.end)
    context = Context(start=sentence.start, end=sentence.end, text=sentence.quote) if inside and narrower else None
    return Evidence(
        article=span.article,
        start=span.start,
        end=span.end,
        quote=span.quote,
        date=date,
        line=line,
        column=column,
        highlight=highlight,
        context=context,
    )


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of `offset` in `text`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def canonical_names(corpus: Corpus) -> dict[str, str]:
    return {e.id: e.canonical for e in corpus.entities}


def role_facts(corpus: Corpus) -> list[RoleFact]:
    """Every role claim joined to its entity, countries filled in; built once per corpus for all checks."""
    if "role_facts" not in corpus.derived:
        corpus.derived["role_facts"] = _build_role_facts(corpus)
    return corpus.derived["role_facts"]


def _build_role_facts(corpus: Corpus) -> list[RoleFact]:
    names = canonical_names(corpus)
    raw = [
        (corpus.entity_of(c.person), c)
        for c in corpus.all_claims()
        if c.kind is ClaimKind.HOLDS_ROLE and corpus.entity_of(c.person)
    ]
    known: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (entity, body) -> countries
    anywhere: dict[str, Counter] = defaultdict(Counter)  # entity -> countries
    for entity, claim in raw:
        if claim.role.country:
            known[(entity, claim.role.body)][claim.role.country] += 1
            anywhere[entity][claim.role.country] += 1
    organisations = _organisation_names(corpus)
    facts = []
    for entity, claim in raw:
        role = claim.role
        if role.org and (same := organisations.get(fold(role.org).removeprefix("the "))) and same != role.org:
            role = role.model_copy(update={"org": same})  # "UNRWA" and "UN Relief and Works Agency" are one
        if role.country is None and role.org is None:
            country = _most_common(known[(entity, role.body)]) or _speaker_country(corpus, claim, anywhere)
            if country is None and len(anywhere[entity]) == 1:
                country = _most_common(anywhere[entity])
            if country:
                role = role.model_copy(update={"country": country})
        facts.append(RoleFact(entity, names[entity], role, claim, claim.span.article, claim.date))
    return facts


def _organisation_names(corpus: Corpus) -> dict[str, str]:
    """Each aligned organisation's names and their acronyms (folded), to its canonical name."""
    names = {}
    for entity in corpus.entities:
        if entity.kind is EntityKind.ORG:
            for alias in entity.aliases:
                names.setdefault(fold(alias).removeprefix("the "), entity.canonical)
                if len(acronym := acronym_of(alias)) >= 3:
                    names.setdefault(fold(acronym), entity.canonical)
    return names


def _most_common(counter: Counter) -> str | None:
    return counter.most_common(1)[0][0] if counter else None


def _speaker_country(corpus: Corpus, claim: HoldsRole, anywhere: dict[str, Counter]) -> str | None:
    """In a quotation, a bare title is the speaker's own country's: find the speaker among the article's people."""
    entity = _speaker_entity(corpus, claim)
    return _most_common(anywhere[entity]) if entity and anywhere.get(entity) else None


_HEAD_END = re.compile(r",|\s(?:of|to|for|from|in|at|with|who|on)\s")  # where an attribution's head phrase ends


def _speaker_entity(corpus: Corpus, claim: Claim) -> str | None:
    """The aligned person an attribution names, by the last word of its head phrase, the words before
    a comma or preposition ("Fauzi, an official of the local disaster agency" -> Fauzi; "doctor Ema
    Suryani to AFP, speaking from ..." -> Suryani), else of the whole ("the Central Mat-Su fire
    chief, James Steele" -> Steele), among the names (of people and organisations) the article gives."""
    if not claim.attributed_to:
        return None
    names = _names_by_last_word(corpus, claim.span.article)
    head = _HEAD_END.split(claim.attributed_to, maxsplit=1)[0]
    for phrase in (head, claim.attributed_to):
        words = phrase.split()
        last = without_possessive(words[-1].strip(".,;:")).lower() if words else ""
        if last in names:
            return names[last]
    return None


def without_possessive(text: str) -> str:
    """ "Lohan's" -> "Lohan", "South Sudan’s" -> "South Sudan"."""
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _names_by_last_word(corpus: Corpus, article: str) -> dict[str, str]:
    """The entities an article names, by the last word of each name; built once per article, since
    speakers are compared on every candidate pair."""
    cache = corpus.derived.setdefault("names_by_last_word", {})
    if article not in cache:
        names: dict[str, str] = {}
        for mention in corpus.extracted[article].mentions:
            if entity := corpus.entity_of(mention):
                names.setdefault(mention.name.split()[-1].lower(), entity)
        cache[article] = names
    return cache[article]


def same_speaker(corpus: Corpus, a: Claim, b: Claim) -> bool:
    """Whether two claims are in one voice: both the outlet's own, or attributed to one speaker,
    whether written alike or naming one aligned person two ways ("the Central Mat-Su fire chief,
    James Steele" and "Fire Chief James Steele"). Checks call it on every candidate pair, so
    the article's people are looked up only when the two attributions are written differently."""
    if a.attributed_to is None or b.attributed_to is None:
        return a.attributed_to is b.attributed_to
    if " ".join(a.attributed_to.lower().split()) == " ".join(b.attributed_to.lower().split()):
        return True
    entity = _speaker_entity(corpus, a)
    return entity is not None and entity == _speaker_entity(corpus, b)


def places_named(corpus: Corpus, article: str, within: Span | None = None) -> set[str]:
    """The place names (folded) the tagger found in an article, or within one span of it."""
    text = corpus.articles[article].text
    spans = corpus.extracted[article].places
    return {fold(text[s:e]) for s, e in spans if within is None or within.start <= s < within.end}


def days_apart(a: DateInterval, b: DateInterval) -> int:
    """0 when the intervals overlap, else the days between them."""
    if a.overlaps(b):
        return 0
    return (b.start - a.end).days if a.end < b.start else (a.start - b.end).days


def is_precise(date: DateInterval | None, max_days: int = 31) -> bool:
    return date is not None and (date.end - date.start) <= dt.timedelta(days=max_days)


def participants(corpus: Corpus, mentions: tuple[Mention, ...]) -> frozenset[str]:
    return frozenset(e for e in (corpus.entity_of(m) for m in mentions) if e)


PART_OF_A_TOTAL = ("since", "so far", "to date", "over the past", "in the past", "in the last", "through")


def same_scope(a: Quantity, b: Quantity) -> bool:
    """Whether two counts may count over one time. Two periods written differently are two figures
    ("255,000 jobs in July" / "in June"); so is a count over a part of a time against one written
    without ("arrested three times since October" / "arrested four times"). A period written on one
    side only ("missed 10 games this season" / "missed 12 games") is the time both speak of."""
    if a.scope is None and b.scope is None:
        return True
    if a.scope is None or b.scope is None:
        return not (a.scope or b.scope).startswith(PART_OF_A_TOTAL)
    return fold(a.scope).removeprefix("the ") == fold(b.scope).removeprefix("the ")
