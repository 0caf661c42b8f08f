"""Hand-built corpora for check tests: articles and claims written directly, no model involved."""

from __future__ import annotations

import datetime as dt

from checker.corpus import Corpus
from claims.align import Alignment
from claims.extract import ArticleClaims
from claims.ontology import read_ontology
from claims.types import (
    Age,
    Article,
    DateInterval,
    Entity,
    EntityKind,
    Event,
    HoldsRole,
    Located,
    Meeting,
    Mention,
    Quantity,
    Span,
    Statement,
    Status,
)

ONTOLOGY = read_ontology()


class Builder:
    """Add sentences to articles; each returns the claim it makes. `build()` gives the Corpus."""

    def __init__(self):
        self.texts: dict[str, list[str]] = {}
        self.published: dict[str, dt.date | None] = {}
        self.claims: dict[str, list] = {}
        self.mentions: dict[str, list[Mention]] = {}
        self.people: dict[str, str] = {}  # name -> entity id
        self.places: dict[str, list[tuple[int, int]]] = {}  # article -> character spans of places

    def article(self, article_id: str, published: dt.date | None) -> Builder:
        self.texts[article_id] = []
        self.published[article_id] = published
        self.claims[article_id] = []
        self.mentions[article_id] = []
        self.places[article_id] = []
        return self

    def _sentence(self, article_id: str, text: str) -> Span:
        before = sum(len(t) + 1 for t in self.texts[article_id])
        self.texts[article_id].append(text)
        return Span(article=article_id, start=before, end=before + len(text), quote=text)

    def _mention(self, article_id: str, sentence: Span, name: str, kind=EntityKind.PERSON) -> Mention:
        start = sentence.start + sentence.quote.index(name)
        mention = Mention(
            text=name, name=name, span=Span(article=article_id, start=start, end=start + len(name), quote=name),
            kind=kind,
        )  # fmt: skip
        self.mentions[article_id].append(mention)
        self.people.setdefault(name, name.lower().replace(" ", "-"))
        return mention

    def _date(self, article_id, date):
        if date is None:
            published = self.published[article_id]
            return DateInterval.day(published) if published else None
        return DateInterval.day(date) if isinstance(date, dt.date) else date

    def role(
        self,
        article_id,
        name,
        role_id,
        country=None,
        deputy=False,
        qualifiers=(),
        date=None,
        said_by=None,
        written=None,
    ):
        written = written or ("Deputy " if deputy else "") + ONTOLOGY.roles[role_id].name  # a title, as capitalised
        role = ONTOLOGY.make_role(role_id, written=written, deputy=deputy, country=country, qualifiers=qualifiers)
        sentence = self._sentence(article_id, f"{role.name} {name} spoke.")
        claim = HoldsRole(
            span=sentence, sentence=sentence, date=self._date(article_id, date), attributed_to=said_by,
            person=self._mention(article_id, sentence, name), role=role, how="prenominal",
        )  # fmt: skip
        self.claims[article_id].append(claim)
        return claim

    def dead(self, article_id, name):
        sentence = self._sentence(article_id, f"The late {name} was remembered.")
        published = self.published[article_id]
        claim = Status(
            span=sentence, sentence=sentence, date=DateInterval.day(published) if published else None,
            person=self._mention(article_id, sentence, name), status="dead",
        )  # fmt: skip
        self.claims[article_id].append(claim)
        return claim

    def age(self, article_id, name, years, date=None):
        sentence = self._sentence(article_id, f"{name}, {years}, spoke.")
        claim = Age(
            span=sentence, sentence=sentence, date=self._date(article_id, date),
            person=self._mention(article_id, sentence, name), years=years,
        )  # fmt: skip
        self.claims[article_id].append(claim)
        return claim

    def meeting(self, article_id, a, b, place=None, date=None):
        sentence = self._sentence(article_id, f"{a} met {b}" + (f" in {place}." if place else "."))
        claim = Meeting(
            span=sentence, sentence=sentence, date=self._date(article_id, date), verb="meet", place=place,
            participants=(self._mention(article_id, sentence, a), self._mention(article_id, sentence, b)),
        )  # fmt: skip
        self.claims[article_id].append(claim)
        return claim

    def quantity(
        self, article_id, what, value, unit=None, approximate=False, date=None, with_person=None, place=None,
        subject="inspectors", verb="count",
    ):  # fmt: skip
        text = f"{'About ' if approximate else ''}{value:g} {what} were counted by {with_person or 'someone'}"
        sentence = self._sentence(article_id, text + (f" in {place}." if place else "."))
        if with_person:
            self._mention(article_id, sentence, with_person)
        if place:
            start = sentence.start + sentence.quote.index(place)
            self.places[article_id].append((start, start + len(place)))
        claim = Quantity(
            span=sentence, sentence=sentence, date=self._date(article_id, date), what=what, value=value,
            unit=unit, approximate=approximate, written=f"{value:g}", verb=verb, subject=subject,
            bound="about" if approximate else "exact",
        )  # fmt: skip
        self.claims[article_id].append(claim)
        return claim

    def toll(self, article_id, value, cause="quake", verb="kill", bound="exact", date=None, place=None):
        """ "4 people were killed in the quake in Manokwari." """
        said = "injured" if verb == "injure" else "killed"
        text = f"{value:g} people were {said} in the {cause}" + (f" in {place}." if place else ".")
        sentence = self._sentence(article_id, text)
        if place:
            start = sentence.start + sentence.quote.index(place)
            self.places[article_id].append((start, start + len(place)))
        claim = Quantity(
            span=sentence, sentence=sentence, date=self._date(article_id, date), what="people", value=value,
            written=f"{value:g}", verb=verb, bound=bound, cause=cause, place=place,
        )  # fmt: skip
        self.claims[article_id].append(claim)
        return claim

    def event(
        self, article_id, what, agent=None, patient=None, date=None, date_text="on Friday", place=None, obj=None,
        organisation=False,
    ):  # fmt: skip
        text = f"{agent or 'Someone'} did {what} to {patient or 'something'} {date_text}" + (
            f" in {place}." if place else "."
        )
        sentence = self._sentence(article_id, text)
        kind = EntityKind.ORG if organisation else EntityKind.PERSON
        agents = (self._mention(article_id, sentence, agent, kind),) if agent else ()
        when = self._date(article_id, date)
        claim = Event(
            span=sentence, sentence=sentence, what=what, agents=agents, patient=patient, object=obj,
            date=when.model_copy(update={"text": date_text}) if when else None, place=place,
        )  # fmt: skip
        self.claims[article_id].append(claim)
        return claim

    def located(self, article_id, facility, place):
        sentence = self._sentence(article_id, f"Fans gathered at the {facility} in {place}.")
        claim = Located(
            span=sentence, sentence=sentence, date=self._date(article_id, None), place=place,
            facility=self._mention(article_id, sentence, facility, EntityKind.ORG),
        )  # fmt: skip
        self.claims[article_id].append(claim)
        return claim

    def statement(self, article_id, text, names=(), said_by=None, places=()):
        sentence = self._sentence(article_id, text)
        for name in names:
            self._mention(article_id, sentence, name)
        for place in places:
            start = sentence.start + text.index(place)
            self.places[article_id].append((start, start + len(place)))
        claim = Statement(
            span=sentence, sentence=sentence, text=text, date=self._date(article_id, None), attributed_to=said_by
        )
        self.claims[article_id].append(claim)
        return claim

    def build(self) -> Corpus:
        articles = {a: Article(id=a, text="\n".join(self.texts[a]), published=self.published[a]) for a in self.texts}
        extracted = {
            a: ArticleClaims(
                article=a, mentions=tuple(self.mentions[a]), claims=tuple(self.claims[a]), places=tuple(self.places[a])
            )
            for a in self.texts
        }
        by_span = {
            (m.span.article, m.span.start, m.span.end): self.people[m.name] for ms in self.mentions.values() for m in ms
        }
        entities = tuple(
            Entity(id=eid, canonical=name, aliases=(name,), kind=EntityKind.PERSON) for name, eid in self.people.items()
        )
        return Corpus(articles=articles, extracted=extracted, alignment=Alignment(entities=entities, by_span=by_span))
