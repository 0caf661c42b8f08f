"""Claim extraction: an Article and its spaCy parse in, typed claims out.

Every claim carries its span (character offsets into Article.text), the sentence
around it, the date it speaks of (a date in its sentence, else the publication
date) and, for reported speech, who said it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from claims.ages import find_ages
from claims.attribution import quotations, sentence_speaker, speaker_for
from claims.nlp import load_nlp
from claims.ontology import Ontology, default_ontology
from claims.people import Name, find_names, title_case_line, title_matches
from claims.quantities import FoundQuantity, find_quantities
from claims.relations import PLACE_LABELS, facility_place, find_events, find_meetings
from claims.roles import find_roles
from claims.timex import resolve
from claims.types import (
    Age,
    Article,
    Claim,
    DateInterval,
    DatePrecision,
    EntityKind,
    Event,
    Frozen,
    HoldsRole,
    Located,
    Meeting,
    Mention,
    Quantity,
    Span,
    Statement,
    Status,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan


def parse(articles: Iterable[Article]) -> Iterator[tuple[Article, Doc]]:
    """Each article with its spaCy parse; batched through one pipeline."""
    articles = list(articles)
    docs = load_nlp().pipe((a.text for a in articles), batch_size=16)
    yield from zip(articles, docs, strict=True)


class _Context:
    """What the extractors of one article share: the doc, its names, sentence dates."""

    def __init__(self, article: Article, doc: Doc, ontology: Ontology):
        self.article = article
        self.doc = doc
        self.ontology = ontology
        self.titles = title_matches(doc, ontology)  # shared by names and organisations: one scan per article
        self.names = find_names(doc, ontology, self.titles)
        self.quotes = quotations(doc)
        self._dates: dict[int, DateInterval | None] = {}
        published = article.published
        # what holds at the outlet's writing ("the late X", "X, 59,"), whatever day its sentence speaks of
        self.written = DateInterval.day(published, "publication date") if published else None

    def span(self, start_token: int, end_token: int) -> Span:
        start = self.doc[start_token].idx
        last = self.doc[end_token - 1]
        return Span.of(self.article, start, last.idx + len(last.text))

    def sentence(self, token_index: int) -> SpacySpan:
        return self.doc[token_index].sent

    def sentence_span(self, token_index: int) -> Span:
        sent = self.sentence(token_index)
        return Span.of(self.article, *_trim(self.article.text, sent.start_char, sent.end_char))

    @cached_property
    def organisations(self) -> tuple[Mention, ...]:
        return tuple(org_mentions(self))

    def organisation(self, start_token: int, end_token: int) -> Mention | None:
        """The organisation mention over these tokens, if the tagger's organisation passed as one."""
        span = self.span(start_token, end_token)
        return next((m for m in self.organisations if m.span.start < span.end and span.start < m.span.end), None)

    def mention(self, name: Name) -> Mention:
        return Mention(text=name.text(self.doc), name=name.name(self.doc), span=self.span(name.lead, name.end))

    def date_of(self, token_index: int) -> DateInterval | None:
        """The first date written in the token's sentence, else the publication date."""
        sent = self.sentence(token_index)
        if sent.start not in self._dates:
            self._dates[sent.start] = self._sentence_date(sent)
        return self._dates[sent.start]

    def _sentence_date(self, sent: SpacySpan) -> DateInterval | None:
        anchor = self.article.published
        for ent in sent.ents:
            if ent.label_ == "DATE":
                found = resolve(ent.text, anchor)
                if found is not None:
                    return found
        return DateInterval.day(anchor) if anchor else None

    def base(self, start: int, end: int, date_text: str | None = None, *, own_day_only: bool = False) -> dict:
        """Span, sentence, date and speaker of a claim. Its date is the one written for it, else its
        sentence's; with `own_day_only` a sentence's date keeps no text, so it places the claim in time
        without passing for the claim's own day ("decided on Saturday to fire him")."""
        date = resolve(date_text, self.article.published) if date_text else None
        if date is None and (date := self.date_of(start)) is not None and own_day_only:
            date = date.model_copy(update={"text": None})
        return {
            "span": self.span(start, end),
            "sentence": self.sentence_span(start),
            "date": date,
            "attributed_to": speaker_for(self.doc, self.sentence(start), start, self.quotes),
        }


class ArticleClaims(Frozen):
    """What one article says: the people it names and its claims."""

    article: str
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    places: tuple[tuple[int, int], ...] = ()  # character spans the tagger calls places (GPE, LOC, FAC)


def extract_article(article: Article, doc: Doc, ontology: Ontology | None = None) -> ArticleClaims:
    ctx = _Context(article, doc, ontology or default_ontology())
    claims: list[Claim] = [
        *role_claims(ctx),
        *meeting_claims(ctx),
        *event_claims(ctx),
        *quantity_claims(ctx),
        *age_claims(ctx),
        *located_claims(ctx),
        *statement_claims(ctx),
    ]
    mentions = (*(ctx.mention(n) for n in ctx.names), *ctx.organisations)
    places = tuple((e.start_char, e.end_char) for e in doc.ents if e.label_ in PLACE_LABELS or _named_as_place(e))
    return ArticleClaims(article=article.id, mentions=mentions, claims=tuple(claims), places=places)


def extract_claims(article: Article, doc: Doc, ontology: Ontology | None = None) -> list[Claim]:
    return list(extract_article(article, doc, ontology).claims)


def org_mentions(ctx: _Context) -> Iterator[Mention]:
    """Organisations the tagger finds, and acronyms defined in brackets: "Inter-Services Public Relations (ISPR)"."""
    doc = ctx.doc
    # tokens inside a title: "Army" in "Army Chief" is part of a role, not an organisation
    in_title = {k for i, match in ctx.titles.items() for k in range(i, i + match[1])}
    for ent in doc.ents:
        if ent.label_ != "ORG" or title_case_line(ent.sent):
            continue
        start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
        if start >= ent.end or not doc[start : ent.end].text[:1].isupper():
            continue
        tokens = range(start, ent.end)
        if any(i in in_title for i in tokens) or any(t.text in ("'s", "’s") for t in doc[start : ent.end]):
            continue
        if any(n.lead < ent.end and start < n.end for n in ctx.names):
            continue  # the tagger's ORG over a person's name
        name = doc[start : ent.end].text
        yield Mention(text=name, name=name, span=ctx.span(start, ent.end), kind=EntityKind.ORG)


def role_claims(ctx: _Context) -> Iterator[Claim]:
    for found in find_roles(ctx.doc, ctx.names, ctx.ontology):
        person = ctx.mention(found.name)
        base = ctx.base(found.start, found.end)
        # A title is the outlet's own wording unless it stands inside someone's quoted words.
        base["attributed_to"] = speaker_for(
            ctx.doc, ctx.sentence(found.start), found.start, ctx.quotes, quotes_only=True
        )
        yield HoldsRole(person=person, role=found.role, how=found.how, **base)
        if "late" in found.role.qualifiers:
            # "the late X": X is dead by the publication date (not by the date of the sentence's event)
            yield Status(person=person, status="dead", **{**base, "date": ctx.written})


def meeting_claims(ctx: _Context) -> Iterator[Claim]:
    for found in find_meetings(ctx.doc, ctx.names):
        yield Meeting(
            participants=tuple(ctx.mention(n) for n in found.participants),
            place=found.place,
            verb=found.verb,
            **ctx.base(found.start, found.end, found.date_text),
        )


def event_claims(ctx: _Context) -> Iterator[Claim]:
    for found in find_events(ctx.doc, ctx.names):
        base = ctx.base(found.start, found.end, found.date_text, own_day_only=True)
        organisation = ctx.organisation(*found.organisation) if found.organisation else None
        yield Event(
            what=found.what,
            agents=(*(ctx.mention(n) for n in found.agents), *([organisation] if organisation else [])),
            patient=found.patient,
            object=found.object,
            place=found.place,
            **base,
        )


def quantity_claims(ctx: _Context) -> Iterator[Claim]:
    for found in find_quantities(ctx.doc, ctx.names):
        yield Quantity(
            what=found.what,
            value=found.value,
            unit=found.unit,
            approximate=found.approximate,
            bound=found.bound,
            subject=found.subject,
            written=ctx.doc[found.start : found.end].text,
            verb=found.verb,
            scope=found.scope,
            **_toll(ctx, found),
        )


def _toll(ctx: _Context, found: FoundQuantity) -> dict:
    """Span, sentence, date and speaker of a count; for a toll, its happening, place and day too. A
    toll's day is the happening's. One with none written for it is of the week up to the report, not
    of another date its sentence names ("killing five in a region devastated by the tsunami of 2004")."""
    base = ctx.base(found.start, found.end)
    if found.toll is None:
        return base
    published = ctx.article.published
    day = resolve(found.toll.date_text, published) if found.toll.date_text else None
    if day is None and published is not None:
        day = DateInterval(start=published - dt.timedelta(days=6), end=published, precision=DatePrecision.WEEK)
    return {**base, "date": day, "cause": found.toll.cause, "place": found.toll.place}


def age_claims(ctx: _Context) -> Iterator[Claim]:
    # "Lopez, 20, was arrested in October 2011": an outlet gives the age at its writing, not the event's
    for found in find_ages(ctx.doc, ctx.names):
        base = {**ctx.base(found.start, found.end), "date": ctx.written}
        yield Age(person=ctx.mention(found.name), years=found.years, **base)


def located_claims(ctx: _Context) -> Iterator[Claim]:
    for mention in ctx.organisations:
        name = ctx.doc.char_span(mention.span.start, mention.span.end)
        if name is not None and (found := facility_place(ctx.doc, name.start, name.end)) is not None:
            place, end = found
            yield Located(facility=mention, place=place, **ctx.base(name.start, end))


def statement_claims(ctx: _Context) -> Iterator[Claim]:
    """Every sentence, trimmed of surrounding whitespace, as a statement for the NLI stage."""
    for sent in ctx.doc.sents:
        start, end = _trim(ctx.article.text, sent.start_char, sent.end_char)
        if end - start < 2:
            continue
        span = Span.of(ctx.article, start, end)
        yield Statement(
            span=span,
            sentence=span,
            text=span.quote,
            date=ctx.date_of(sent.start),
            attributed_to=sentence_speaker(ctx.doc, sent, ctx.quotes),
        )


SETTLEMENTS = {"city", "town", "village", "province", "district", "region", "state", "county", "capital"}


def _named_as_place(ent) -> bool:
    """ "the southern city of Khan Younis": a name the tagger took for a person's, which the text calls a place."""
    doc = ent.doc
    return ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in SETTLEMENTS


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
