"""Person names in a parsed article.

Three sources, because spaCy's small model misses or mislabels names ("Araghchi"
as a place, "Araghchi Meets" as a person in a title-case headline):
1. its PERSON entities, trimmed of titles, honorifics and headline verbs;
2. capitalised words right after a title ("Foreign Minister X"), whatever their label;
3. a surname already seen in a full name of the same article, wherever it recurs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claims.names import HEADLINE_VERBS, NOT_NAMES, ORG_HEADS, SUFFIXES, is_honorific, name_key
from claims.ontology import Ontology

if TYPE_CHECKING:  # spaCy is imported when a text is parsed, not when accord starts
    from spacy.tokens import Doc, Token

NAME_PARTICLES = {
    "bin",
    "bint",
    "ibn",
    "al",
    "el",
    "de",
    "del",
    "della",
    "da",
    "di",
    "du",
    "van",
    "von",
    "der",
    "la",
    "le",
    "abu",
}
MAX_NAME_TOKENS = 4


@dataclass(frozen=True)
class Name:
    """Token offsets of a name in a doc: [lead, end) as written, [start, end) the name itself."""

    lead: int  # first token, honorifics included ("General Syed Asim Munir")
    start: int  # first token of the name proper ("Asim Munir")
    end: int

    def text(self, doc: Doc) -> str:
        return doc[self.lead : self.end].text

    def name(self, doc: Doc) -> str:
        return doc[self.start : self.end].text

    def overlaps(self, other: Name) -> bool:
        return self.lead < other.end and other.lead < self.end


def title_matches(doc: Doc, ontology: Ontology) -> dict[int, tuple]:
    """Every title in the doc by its first token: {token index: ontology.match_title(...)}."""
    words = [t.text for t in doc]
    return {i: m for i in range(len(doc)) if (m := ontology.match_title(words, i)) is not None}


def find_names(doc: Doc, ontology: Ontology, titles: dict[int, tuple] | None = None) -> list[Name]:
    words = [t.text for t in doc]
    anchored: list[Name] = []
    for i, match in (titles if titles is not None else title_matches(doc, ontology)).items():
        if not title_case_line(doc[i].sent):
            _add(anchored, name_after(doc, i + match[1], ontology, words))
    names = list(anchored)
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            name = _clean(doc, ent.start, ent.end, ontology, words)
            if name is not None:
                _add(names, _extend(doc, name, ontology, words))
    _add_known_surnames(doc, names, ontology, words)
    # A lone word tagged PERSON is kept only when something vouches for it: a title or
    # honorific before it, or a full name in the article that ends with it.
    surnames = {surname(doc, n) for n in names if n.end - n.start >= 2}
    kept = [
        n for n in names if n.end - n.start >= 2 or n.lead < n.start or n in anchored or doc[n.start].text in surnames
    ]
    return sorted(kept, key=lambda n: n.lead)


def surname(doc: Doc, name: Name) -> str:
    """The last word of a name, a generational suffix aside: "Comeaux" in "Arcade Joseph Comeaux Jr."."""
    end = name.end
    while end - 1 > name.start and doc[end - 1].lower_.rstrip(".") in SUFFIXES:
        end -= 1
    return doc[end - 1].text


def title_case_line(sent) -> bool:
    """A headline in title case, where capitals say nothing about names."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 4 and sum(t.text[0].isupper() for t in words) / len(words) >= 0.85


def _extend(doc: Doc, name: Name, ontology: Ontology, words: list[str]) -> Name:
    """Grow a name over honorifics before it ("General") and name words the tagger cut off after it."""
    lead, end = name.lead, name.end
    while lead > 0 and _honorific_before(doc, lead - 1, ontology, words):
        lead -= 1
    sent_end = doc[name.start].sent.end
    while (
        end < sent_end
        and end - name.start < MAX_NAME_TOKENS
        and doc[end].pos_ == "PROPN"
        and _name_word(doc[end])
        and doc[end].lower_ not in HEADLINE_VERBS
        and ontology.country(doc[end].text) is None
        and ontology.match_title(words, end) is None
    ):
        end += 1
    return Name(lead=lead, start=name.start, end=end)


def _add(names: list[Name], name: Name | None) -> None:
    if name is not None and not any(name.overlaps(n) for n in names):
        names.append(name)


def _clean(doc: Doc, start: int, end: int, ontology: Ontology, words: list[str]) -> Name | None:
    """Trim a PERSON entity to the name: drop titles, honorifics, possessives and headline verbs."""
    while end > start and (doc[end - 1].lower_ in HEADLINE_VERBS or doc[end - 1].text in ("'s", "’s", "'", "’")):
        end -= 1
    # a headline's verb in title case before a name ("Saudi King, Sends Pompeo"): the tagger knows it for a verb
    while end - start > 1 and (doc[start].lower_ in HEADLINE_VERBS or doc[start].tag_ == "VBZ"):
        start += 1
    lead = start
    while start < end:
        match = ontology.match_title(words, start)
        if match is not None and start + match[1] < end:
            start += match[1]
            lead = start
        elif is_honorific(doc[start].text) and start + 1 < end:
            start += 1
        else:
            break
    return _valid(doc, lead, start, end)


def name_after(doc: Doc, i: int, ontology: Ontology, words: list[str]) -> Name | None:
    """The name that follows a title ending before token i, if one does."""
    sent_end = doc[i - 1].sent.end if i > 0 else len(doc)
    if i + 1 < sent_end and doc[i].text == "-" and doc[i + 1].lower_ in ("elect", "designate"):
        i += 2  # "President-elect Barack Obama"
    i = _skip_title_tail(doc, i, sent_end)
    lead = i
    while i < sent_end and is_honorific(doc[i].text) and _capitalised(doc[i]):
        i += 1
    start = end = i
    while end < sent_end and end - start < MAX_NAME_TOKENS + 2 and _name_word(doc[end]):
        if doc[end].lower_ in HEADLINE_VERBS or ontology.match_title(words, end) is not None:
            break
        end += 1
    if start < end and ontology.country(doc[start:end].text):
        return None  # "Foreign Minister Pakistan" is not a person
    return _valid(doc, lead, start, end)


def _skip_title_tail(doc: Doc, i: int, sent_end: int) -> int:
    """Past what may sit between a title and its holder's name: "(COAS)", "for Political Affairs", ","."""
    if i < sent_end and doc[i].text == "(":
        close = next((k for k in range(i, min(i + 6, sent_end)) if doc[k].text == ")"), None)
        if close is not None:
            i = close + 1
    if i < sent_end and doc[i].lower_ in ("for", "to") and i + 1 < sent_end and doc[i + 1].is_title:
        k = i + 1
        while k < sent_end and (doc[k].is_title or doc[k].lower_ in ("and", "the")) and k - i < 6:
            k += 1
        if k < sent_end and doc[k].text == ",":
            i = k
    if i < sent_end and doc[i].text == ",":
        i += 1
    return i


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


CALENDAR_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december",
}  # fmt: skip


def _name_word(token: Token) -> bool:
    text = token.text
    if token.lower_ in NAME_PARTICLES:
        return True
    if len(text) == 2 and text[0].isupper() and text[1] == "." and token.i > 0:
        return True  # a middle initial: George W. Bush, James R. Dabney
    if token.i > 0 and token.lower_.rstrip(".") in SUFFIXES and token.doc[token.i - 1].text[:1].isupper():
        return True  # a generational suffix: Arcade Joseph Comeaux Jr.
    if token.lower_ in CALENDAR_WORDS:
        return False  # "fired Coach Maurice Cheeks Saturday"
    if text == "-" and not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_:
        return True  # inside a hyphenated name split by the tokenizer: Takht-Ravanchi
    previous = token.doc[token.i - 1] if token.i > 0 else None
    if previous is not None and previous.text == "-" and not previous.whitespace_ and text.isalpha():
        return True  # the part after the hyphen may be lower case: Sang-mok
    return text[:1].isupper() and (text.replace("-", "").replace("'", "").isalpha()) and token.lower_ not in NOT_NAMES


def _valid(doc: Doc, lead: int, start: int, end: int) -> Name | None:
    if start >= end:
        return None
    tokens = doc[start:end]
    if any(t.lower_ in NOT_NAMES for t in tokens) or not all(_name_word(t) for t in tokens):
        return None
    if tokens[-1].lower_ in NAME_PARTICLES or tokens[-1].text == "-" or name_key(tokens.text) is None:
        return None
    if all(t.is_upper and len(t) > 1 for t in tokens):
        return None  # an acronym (ISPR, COAS), not a name
    if end < len(doc) and doc[end].lower_ in ORG_HEADS:
        return None  # "the Jaish al-Adl terrorist group" names an organisation
    if end + 1 < len(doc) and doc[end + 1].lower_ in ORG_HEADS and doc[end].pos_ in ("ADJ", "NOUN"):
        return None
    return Name(lead=lead, start=start, end=end)


def _honorific_before(doc: Doc, k: int, ontology: Ontology, words: list[str]) -> bool:
    """Token k is an honorific or rank of the name after it ("General"), not the end of a title ("Army Chief")."""
    if not (is_honorific(doc[k].text) and _capitalised(doc[k])):
        return False
    for start in range(max(0, k - ontology.max_alias_tokens), k + 1):
        match = ontology.match_title(words, start)
        if match is not None and start + match[1] == k + 1:
            return False
    return True


def _add_known_surnames(doc: Doc, names: list[Name], ontology: Ontology, words: list[str]) -> None:
    surnames = {surname(doc, n) for n in names if n.end - n.start >= 2}
    for token in doc:
        if token.text in surnames and not any(n.lead <= token.i < n.end for n in names):
            lead = token.i
            while lead > 0 and _honorific_before(doc, lead - 1, ontology, words):
                lead -= 1
            names.append(Name(lead=lead, start=token.i, end=token.i + 1))
