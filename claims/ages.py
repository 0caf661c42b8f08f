"""Ages: "Raj Chohan, 59, of Queens", "the 16-year-old Kimani Gray", "Robert Buckley, aged 32".

News gives a person's age in a few fixed forms, and outlets copy it from different sources,
so two reports often disagree on it. Only the forms that tie the number to a named person
are read; "a 59-year-old woman" names nobody.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claims.people import Name
from claims.relations import person_of

if TYPE_CHECKING:  # spaCy is imported when a text is parsed, not when accord starts
    from spacy.tokens import Doc

MAX_AGE = 120
AFTER_AGE = {",", ".", ";", ")", "and", "who", "of", "from", "was", "is", "has", "had"}  # "Chohan, 59, of Queens"
BETWEEN = {"ADJ", "NOUN", "PROPN"}  # "the 36-year-old champion Klitschko"


@dataclass(frozen=True)
class FoundAge:
    name: Name
    years: int
    start: int  # tokens of the age as written, with the name
    end: int


def find_ages(doc: Doc, names: Sequence[Name]) -> list[FoundAge]:
    found = []
    for name in names:
        age = _appositive_age(doc, name) or _year_old_age(doc, name)
        if age is not None:
            found.append(age)
    return found + _at_ages(doc, names)


def _at_ages(doc: Doc, names: Sequence[Name]) -> list[FoundAge]:
    """ "At 55, he is the same age as ...", "At 36, Rahman was ...": an age put before its clause,
    whose subject is a name or a pronoun standing for one."""
    found = []
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        opening = len(words) >= 5 and words[0].lower_ == "at" and words[2].text == ","
        if not opening or (years := _years(words[1].text)) is None:
            continue
        subject = next((t for t in words[3:] if t.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        if (person := person_of(subject, list(names))) is not None:
            found.append(FoundAge(person, years, words[0].i, words[2].i))
    return found


def _years(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\d{1,3}", text) and 0 < int(text) <= MAX_AGE else None


def _appositive_age(doc: Doc, name: Name) -> FoundAge | None:
    """ "Raj Chohan, 59, of Queens", "Lopez, 20 and Carrasquillo, 24", "Buckley, aged 32"."""
    i = name.end
    if i + 2 >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    if doc[i].lower_ == "aged":
        i += 1
    years = _years(doc[i].text) if i < len(doc) else None
    if years is None or (i + 1 < len(doc) and doc[i + 1].lower_ not in AFTER_AGE):
        return None  # "Smith, 52 points" is no age
    return FoundAge(name, years, name.start, i + 1)


def _year_old_age(doc: Doc, name: Name) -> FoundAge | None:
    """ "16-year-old Kimani Gray", "the 31 - year - old Englishman Robert Buckley": the age ends
    at most four describing words before the name."""
    k = name.lead - 1
    if k >= 0 and doc[k].text == ",":  # "the 15-year-old boy, Alexandros Grigoropoulos"
        k -= 1
    steps = 0
    while k >= 0 and steps < 4 and doc[k].lower_ != "old":
        if doc[k].pos_ not in BETWEEN:
            return None
        k, steps = k - 1, steps + 1
    if k < 3 or doc[k].lower_ != "old":
        return None
    before = [t.lower_ for t in doc[k - 3 : k]]
    if before == ["-", "year", "-"]:  # "16-year-old", "31 - year - old"
        number = doc[k - 4] if k >= 4 else None
    elif before[1:] == ["-", "year"]:  # "59 - year old"
        number = doc[k - 3]
    else:
        return None
    years = _years(number.text) if number is not None else None
    return FoundAge(name, years, number.i, name.end) if years is not None else None
