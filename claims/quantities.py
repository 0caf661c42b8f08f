"""Quantities: what is counted, its value and unit ("a 900-kilometre border", "ten border guards", "$10 billion")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claims.attribution import REPORTING_VERBS
from claims.people import Name, surname
from claims.relations import antecedent, doer
from claims.timex import WEEKDAYS
from claims.tolls import Toll, increment, stated_toll, toll_of
from claims.values import SCALES, WORDS

if TYPE_CHECKING:  # spaCy is imported when a text is parsed, not when accord starts
    from spacy.tokens import Doc, Token


WORD_NUMBERS = {**WORDS, "dozens": 24}  # "dozens injured": read as a floor of two dozen
UNITS = {
    "km": "km", "kilometre": "km", "kilometer": "km", "kilometres": "km", "kilometers": "km",
    "mile": "mile", "miles": "mile", "metre": "m", "meter": "m", "metres": "m", "meters": "m",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg", "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t",
    "percent": "%", "per": "%", "%": "%", "$": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD",
    "€": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "pound": "GBP", "pounds": "GBP",
    "rupee": "PKR", "rupees": "PKR", "rs": "PKR", "rial": "IRR", "rials": "IRR", "year": "year", "years": "year",
    "day": "day", "days": "day", "hour": "hour", "hours": "hour",
}  # fmt: skip
APPROX_WORDS = {
    "about", "around", "nearly", "almost", "roughly", "approximately", "some", "over", "more", "less", "fewer",
    "least", "most", "up", "close", "estimated", "than", "upwards", "under", "above", "below", "several", "many",
}  # fmt: skip
VAGUE_PLURALS = {"dozens"}
STATED_VERBS = {"killed": "kill", "injured": "injure"}  # a toll stated as one counts what the toll is of
# "the two countries", "both sides": a reference, not a reported number; "no one" is none.
REFERENCE_WORDS = {"the", "these", "those", "both", "his", "her", "their", "its", "our", "all", "no"}
SKIP_LABELS = {"DATE", "TIME", "ORDINAL"}


@dataclass(frozen=True)
class FoundQuantity:
    what: str
    value: float
    unit: str | None
    approximate: bool
    start: int
    end: int
    verb: str | None = None
    bound: str = "exact"
    subject: str | None = None
    toll: Toll | None = None  # a count of people killed or injured, with the happening that did it
    scope: str | None = None  # the time its clause counts over: "last month", "since October", "in 2018"


def number_value(token: Token) -> float | None:
    doc = token.doc
    if (
        token.i > 1
        and doc[token.i - 1].text == ","
        and re.fullmatch(r"\d{3}", token.text)
        and doc[token.i - 2].like_num
    ):
        return None  # the tail of "2 , 000" as a tokenised text writes 2,000
    text = token.lower_.replace(",", "")
    if text in WORD_NUMBERS:
        # "Twenty-two": the tens word counts for both, the unit word after the hyphen for none
        if _hyphened(doc, token.i, -1) and doc[token.i - 2].lower_ in TENS and WORD_NUMBERS[text] < 10:
            return None
        if text in TENS and _hyphened(doc, token.i, 1) and WORD_NUMBERS.get(doc[token.i + 2].lower_, 10) < 10:
            return float(WORD_NUMBERS[text] + WORD_NUMBERS[doc[token.i + 2].lower_])
        return float(WORD_NUMBERS[text])
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    return None


TENS = {word for word, n in WORDS.items() if 20 <= n <= 90 and n % 10 == 0}


def _hyphened(doc: Doc, i: int, step: int) -> bool:
    """Whether token i is joined by a hyphen to the token two steps away ("Twenty - two")."""
    j = i + 2 * step
    return 0 <= j < len(doc) and doc[i + step].text in ("-", "–")


def find_quantities(doc: Doc, names: Sequence[Name] = ()) -> list[FoundQuantity]:
    found = []
    seen: set[int] = set()
    for token in doc:
        if token.i in seen or (
            token.ent_type_ in SKIP_LABELS and not _object_misread_as_date(token) and not _a_thing_s_length(token)
        ):
            continue
        if (nobody := _nobody_struck(token)) is not None:
            found.append(nobody)
            continue
        value = number_value(token)
        if value is None or _next_to_month(doc, token.i) or _in_clock_or_sign(doc, token.i):
            continue
        if (total := _total_of(doc, token.i)) is not None:
            seen.add(total)  # "missing 10 of the Saints' 16 games": 16 is how many there were, not a count of it
        quantity = _quantity_at(doc, token, value, names, counted_at=total, elided=_elided_noun(token, found))
        if quantity is not None:
            found.append(quantity)
            seen.update(range(quantity.start, quantity.end))
    return found


def _nobody_struck(token: Token) -> FoundQuantity | None:
    """ "No one was killed in the attack", "nobody was injured in the fire": a toll of none."""
    if not (
        token.lower_ == "nobody" or (token.lower_ == "one" and token.i > 0 and token.doc[token.i - 1].lower_ == "no")
    ):
        return None
    verb = _governing_verb(token)
    toll = toll_of(verb, token, "people")
    if toll is None:
        return None
    start = token.i - (token.lower_ == "one")
    return FoundQuantity("people", 0.0, None, False, start, token.i + 1, _verb_phrase(verb), "exact", None, toll)


MONTH_WORDS = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
    "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
}  # fmt: skip


CHANGE_NOUNS = {"drop", "increase", "rise", "fall", "decline", "gain", "loss", "cut", "jump", "decrease", "reduction"}


def _in_clock_or_sign(doc: Doc, i: int) -> bool:
    """ "18: 07", "(GMT+05: 00)", "minus 20", "6. 1" (a tokenised decimal), "a drop of five points", "down five points":
    a time, a reading, a fraction or a change, not a count."""
    near = {doc[k].text for k in (i - 1, i + 1) if 0 <= k < len(doc)}
    if near & {":", "+"} or (i > 0 and doc[i - 1].lower_ in ("minus", "plus", "-")):
        return True
    if (i > 1 and doc[i - 1].text == "." and doc[i - 2].like_num) or (
        i + 2 < len(doc) and doc[i + 1].text == "." and doc[i + 2].like_num and not doc[i].whitespace_
    ):
        return True
    k = i - 1
    while k >= 0 and doc[k].lower_ in APPROX_WORDS:
        k -= 1
    if k >= 0 and (doc[k].lower_ == "down" or (doc[k].lower_ == "up" and doc[k + 1].lower_ != "to")):
        return True  # "is down almost five points per game", "up 3 percent": a change
    head = doc[i].head
    return head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_ in CHANGE_NOUNS


def _next_to_month(doc: Doc, i: int) -> bool:
    """ "Nov 25 2025", "25 November": a date the tagger missed, not a quantity."""
    return (i > 0 and doc[i - 1].lower_.rstrip(".") in MONTH_WORDS) or (
        i + 1 < len(doc) and doc[i + 1].lower_.rstrip(".") in MONTH_WORDS
    )


def _total_of(doc: Doc, i: int) -> int | None:
    """In "29 of 34 passes", "10 of the Saints' 16 games": where the total is, whose noun the first counts."""
    if i + 2 >= len(doc) or doc[i + 1].lower_ != "of":
        return None
    for k in range(i + 2, min(i + 7, len(doc))):
        if number_value(doc[k]) is not None and doc[k].ent_type_ not in SKIP_LABELS:
            return k
        if doc[k].dep_ not in ("det", "poss", "case", "compound") and doc[k].text not in ("'", "’"):
            return None
    return None


def _a_thing_s_length(token: Token) -> bool:
    """ "a 3-year deal", "a 90-day stay": the tagger reads the number as a date, but a length of time
    joined to a noun by a hyphen measures that noun."""
    doc = token.doc
    if not token.like_num or token.i + 2 >= len(doc) or doc[token.i + 1].text not in ("-", "–"):
        return False
    unit = doc[token.i + 2]
    return UNITS.get(unit.lower_) in ("year", "day", "hour") and unit.head.pos_ == "NOUN" and unit.head.i > unit.i


def _object_misread_as_date(token: Token) -> bool:
    """ "Danny Green had 14": the tagger reads a lone number as a date, but a date is no verb's object."""
    return (
        token.ent_type_ == "DATE"
        and token.dep_ == "dobj"
        and token.like_num
        and token.ent_iob_ == "B"
        and (token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I")
    )


def _elided_noun(token: Token, found: list[FoundQuantity]) -> str | None:
    """ "Carter scored 14 points and VanDeest scored 13", "now has 2,302 for his career", "a record of
    2,106": a bare number that is a verb's object, or follows "of", "with" or "for", counts what the
    sentence's previous count counted. Not a score or a record ("beat Drake 65-53", "fell to 15-17")."""
    doc = token.doc
    if token.dep_ == "pobj" and token.head.lower_ not in ("of", "with", "for"):
        return None
    if token.dep_ not in ("dobj", "pobj") or any(c.dep_ in ("nummod", "compound", "amod") for c in token.children):
        return None
    if any(doc[k].text in ("-", "–") for k in (token.i - 1, token.i + 1) if 0 <= k < len(doc)):
        return None
    earlier = [q for q in found if token.sent.start <= q.start and q.end <= token.i and q.unit is None]
    return earlier[-1].what if earlier else None


def _quantity_at(
    doc: Doc,
    token: Token,
    value: float,
    names: Sequence[Name],
    counted_at: int | None = None,
    elided: str | None = None,
) -> FoundQuantity | None:
    i = token.i
    start, end = i, i + 1
    if token.lower_ in TENS and _hyphened(doc, i, 1) and doc[i + 2].lower_ in WORD_NUMBERS:
        end = i + 3  # "Twenty-two"
    unit = None
    if i > 0 and doc[i - 1].text in UNITS and doc[i - 1].text in ("$", "€", "£"):
        unit, start = UNITS[doc[i - 1].text], i - 1
    while end + 1 < len(doc) and doc[end].text == "," and re.fullmatch(r"\d{3}", doc[end + 1].text):
        value = value * 1000 + float(doc[end + 1].text)  # "2 , 000" -> 2000
        end += 2
    while end < len(doc) and doc[end].lower_ in SCALES:
        value *= SCALES[doc[end].lower_]
        end += 1
    # "900-kilometre", "10 km", "5 percent"
    k = end
    if k < len(doc) and doc[k].text == "-":
        k += 1
    if k < len(doc) and doc[k].lower_ in UNITS:
        unit = unit or UNITS[doc[k].lower_]
        end = k + 1
    if start > 0 and doc[start - 1].lower_ in REFERENCE_WORDS:
        return None
    before = [t.lower_ for t in doc[max(0, start - 3) : start]]
    approximate = any(w in APPROX_WORDS for w in before)
    bound = _bound(before)
    what = _counted(doc, token, end) if counted_at is None else _counted(doc, doc[counted_at], counted_at + 1, reach=1)
    what = what or (elided if unit is None else None)
    stated = stated_toll(token) if unit is None and what in (None, "people") else None
    if stated is not None:  # "the death toll rose to 300": a count of the dead
        what = "people"
    if what is None or what.split()[-1] in MONTH_WORDS:
        return None
    if unit is None and value >= 1000 and value <= 2100 and value.is_integer() and token.ent_type_ != "CARDINAL":
        return None  # a year spaCy did not tag
    verb = _governing_verb(token)
    if stated is None and (increment(token) or _sources(verb, token)):
        return None
    if token.lower_ in VAGUE_PLURALS:
        bound = "at_least"  # "dozens injured": two dozen or more, not 24
    return FoundQuantity(
        what,
        value,
        unit,
        approximate,
        start,
        max(end, i + 1),
        STATED_VERBS[stated.what] if stated else _verb_phrase(verb),
        bound,
        _subject(verb, names, token),
        stated or (toll_of(verb, token, what) if unit is None else None),
        _scope(verb),
    )


def _sources(verb: Token | None, number: Token) -> bool:
    """ "four U.S. officials familiar with the matter said": how many people an outlet spoke to is its
    sourcing, not a fact of the story that another outlet's count could contradict."""
    if verb is None or verb.lemma_ not in REPORTING_VERBS:
        return False
    noun = number.head if number.dep_ in ("nummod", "quantmod", "compound") else number
    return noun.dep_ == "nsubj" and noun.head.i == verb.i


def _scope(verb: Token | None) -> str | None:
    """The time a count's clause counts over, as written: a date in the verb's own phrases ("added 255,000
    jobs last month", "arrested three times since October", "grew 4.1% in the second quarter"); which
    periods are one is the shared layer's to say (checker.facts.same_scope)."""
    if verb is None:
        return None
    clause = {t.i for t in verb.subtree} - {t.i for c in verb.children if c.dep_ in CLAUSES for t in c.subtree}
    for ent in verb.doc.ents:
        if ent.label_ == "DATE" and ent.start in clause and _a_period(ent.text):
            before = verb.doc[ent.start - 1].lower_ if ent.start > 0 else ""
            return " ".join(([before] if before in SCOPE_WORDS else []) + ent.text.lower().split())
    return None


CLAUSES = {"advcl", "relcl", "ccomp", "conj", "parataxis"}  # another happening's words, not this count's
SCOPE_WORDS = {"since", "until", "through", "by", "before", "after", "from", "in", "during", "over"}
WEEKDAY_WORDS = {day for day in WEEKDAYS if day.endswith("day")} | {"today", "yesterday"}
DAY_PARTS = {"night", "morning", "afternoon", "evening", "late", "early", "last", "this"}


def _a_period(text: str) -> bool:
    """A date entity that names a time counted over: not a weekday, nor an age the tagger took for a date
    ("Gray, 16,", "a 16-year-old")."""
    return bool(re.search(r"[a-z]", text.lower())) and "old" not in text.lower() and not _weekday_only(text)


def _weekday_only(text: str) -> bool:
    """ "on Tuesday", "Saturday night", "today": the day of the happening, not a period counted over."""
    words = set(text.lower().split())
    return bool(words & WEEKDAY_WORDS) and words <= WEEKDAY_WORDS | DAY_PARTS


MODALS = {"will", "would", "could", "may", "might", "shall", "should", "can", "'ll"}


def _verb_phrase(verb: Token | None) -> str | None:
    """The verb's lemma, with its modal when it has one: "will miss two games" is not a count of games
    missed, so it must not be compared with "missed four games". "now has 2,129 points", "now stands
    at 24": a standing figure, as of the day the report was written."""
    if verb is None:
        return None
    modal = next((c.lower_ for c in verb.children if c.dep_ == "aux" and c.lower_ in MODALS), None)
    if modal is None and verb.tag_ in ("VBZ", "VBP") and any(c.lower_ == "now" for c in verb.children):
        modal = "now"
    return f"{modal} {verb.lemma_}" if modal else verb.lemma_


FLOOR_WORDS = {"more", "over", "above", "least", "upwards"}
CEILING_WORDS = {"most", "less", "fewer", "under", "below", "up"}


def _bound(before: list[str]) -> str:
    """ "at least 50", "more than 200": a floor; "up to 10", "fewer than 5": a ceiling; "about 30": about."""
    words = set(before)
    if words & FLOOR_WORDS and not words & {"less", "fewer", "most"}:
        return "at_least"
    if words & CEILING_WORDS:
        return "at_most"
    if words & APPROX_WORDS:
        return "about"
    return "exact"


def _subject(verb: Token | None, names: Sequence[Name], number: Token) -> str | None:
    """The head word of the verb's subject (its agent when passive): whose count it is. A subject
    the verb shares with another ("Thomas was hurt and missed ten games") counts, and "he" is the
    person it stands for ("He rushed for 404 yards"), by its surname. Without a doer, a passive's
    subject is whose count it is when it is not what is counted ("Gray was shot 11 times")."""
    if verb is None:
        return None
    subject = doer(verb) or _undergoer(verb, number)
    if subject is None:
        return None
    if (person := antecedent(subject, names)) is not None:
        return surname(subject.doc, person).lower()
    return subject.lower_ if subject.pos_ in ("PROPN", "NOUN") else None


def _undergoer(verb: Token, number: Token) -> Token | None:
    undergoer = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if undergoer is None or undergoer.left_edge.i <= number.i <= undergoer.right_edge.i:
        return None  # "ten border guards were killed": the guards are what is counted
    return undergoer


def _governing_verb(token: Token) -> Token | None:
    """The verb the counted phrase belongs to: "ten border guards were killed" -> kill."""
    node = token
    for _ in range(6):
        if node.pos_ == "VERB" and node.lemma_ != "be":  # "had 11 points": have as a main verb counts
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _in_own_phrase(noun: Token) -> bool:
    """Whether the noun is the object of a preposition other than "of" ("20 of the games" counts games)."""
    return noun.dep_ == "pobj" and noun.head.lower_ != "of"


def _kin_of_others(others: Token) -> str | None:
    """ "Twelve people were killed and 70 others were injured": the others are more of what the verb
    they are joined to counted ("people"); None when they are someone else's ("left 14 others trapped")."""
    verb = others.head
    if others.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "conj" or verb.head.pos_ != "VERB":
        return None
    first = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if first is None or not any(c.dep_ == "nummod" for c in first.children) or first.pos_ != "NOUN":
        return None
    return first.lower_


def _counted(doc: Doc, token: Token, after: int, reach: int = 4) -> str | None:
    """The noun phrase the number counts: its head noun with compounds ("border guards")."""
    head = token.head
    while head.lower_ in UNITS and head.head.i != head.i:  # "900-kilometre border": the unit modifies the noun
        head = head.head
    if token.dep_ in ("nummod", "quantmod", "compound", "amod", "npadvmod") and head.pos_ in ("NOUN", "PROPN"):
        noun = head
    else:
        # a noun in a phrase of its own is not what the number counts ("now has 2,302 for his career")
        noun = next((t for t in doc[after : after + reach] if t.pos_ == "NOUN" and not _in_own_phrase(t)), None)
        if noun is None and token.ent_type_ == "MONEY":
            verb = token.head
            while verb.pos_ != "VERB" and verb.head.i != verb.i:
                verb = verb.head
            noun = next((c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")), None)
        if noun is None:
            return None
    parts = [c for c in noun.children if c.dep_ == "compound" and token.i < c.i < noun.i and c.lower_ not in UNITS]
    if noun.lower_ == "others" and (kin := _kin_of_others(noun)) is not None:
        return kin
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lower_ in UNITS or noun.lower_ in ("others", "ones"):
        return None  # "left 14 others trapped": who they are is in another phrase
    words = [*(p.lower_ for p in parts), noun.lemma_.lower() if noun.tag_ != "NNS" else noun.lower_]
    amods = [
        c.lower_ for c in noun.children if c.dep_ == "amod" and c.i < noun.i and c.i > token.i and c.lower_ not in UNITS
    ]
    return " ".join([*amods, *words]) if token.ent_type_ == "MONEY" else " ".join(words)
