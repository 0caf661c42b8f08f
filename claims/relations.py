"""Meetings and events from the dependency parse.

Meetings: "X met (with) Y", "X and Y met", "held talks/discussions with", "a meeting
between X and Y", "was received by". Events: arrived, visited, killed, signed, ...,
with who did it, to what, where. Dates are attached by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claims.people import Name, surname
from claims.timex import WEEKDAYS

if TYPE_CHECKING:  # spaCy is imported when a text is parsed, not when accord starts
    from spacy.tokens import Doc, Span, Token

MEETING_VERBS = {"meet", "receive", "host", "confer"}
MEETING_NOUNS = {"talks", "talk", "discussions", "discussion", "meeting", "meetings", "consultations", "negotiations"}
EVENT_VERBS = {  # one-off happenings: one report's day for one of them is comparable with another's
    "arrive", "visit", "kill", "sign", "attack", "launch", "die", "resign", "appoint", "elect", "leave",
    "depart", "win", "announce", "arrest", "injure", "wound", "explode", "strike", "fire", "open", "close",
    "acquire", "buy", "sell", "release", "sentence", "convict", "charge", "hit", "crash", "kidnap", "shoot",
    "escape", "flee", "capture", "surrender", "retain", "unveil", "hire", "purchase", "merge", "stab",
    "murder", "rob", "raid", "bomb", "evacuate", "rescue", "indict", "acquit", "marry", "destroy", "place",
}  # fmt: skip
# Of those, what one person does again and again in a week (announces, visits, signs, opens): the same
# verb and doer are no evidence of one happening unless what was done (its object) is the same too.
REPEATED_BY_ONE = {
    "announce", "visit", "arrive", "leave", "depart", "sign", "launch", "open", "close", "release", "unveil",
    "hire", "win", "attack", "strike", "hit", "fire", "appoint", "sell", "buy", "acquire", "purchase", "raid",
    "bomb", "shoot", "place", "evacuate", "rescue", "destroy",
}  # fmt: skip
# Verbs that name a one-off happening only with what was done: "issued a patch", not "issued" a
# statement on any day. Two reports of one are matched by their doer and their object's noun.
OBJECT_EVENTS = {"issue", "put", "pick up"}
# Verbs that report one act in other words, as reports of one happening are matched: "issued" a patch
# is "released" it, "acquired" a firm is "bought" it, a team "picked up" a player it "signed", and
# "put" him on injured reserve where others "placed" him.
SAME_ACT = {"issue": "release", "acquire": "buy", "purchase": "buy", "pick up": "sign", "put": "place"}
# Verbs that name a one-off happening only with their particle: "checked into rehab", "checked out".
PHRASAL_EVENTS = {
    ("check", "in"): "check in", ("check", "into"): "check in", ("check", "out"): "check out",
    ("pick", "up"): "pick up",
}  # fmt: skip
# The same happenings named by a noun ("the shooting of X in Athens", "X's arrest early
# Tuesday"), with the verb that reports of them use, so that the two forms are matched.
EVENT_NOUNS = {
    "shooting": "shoot", "killing": "kill", "murder": "murder", "arrest": "arrest", "death": "die",
    "bombing": "bomb", "escape": "escape", "visit": "visit", "resignation": "resign", "arrival": "arrive",
    "departure": "depart", "kidnapping": "kidnap", "stabbing": "stab", "capture": "capture",
    "release": "release", "conviction": "convict", "indictment": "indict", "acquittal": "acquit",
    "appointment": "appoint", "election": "elect", "sentencing": "sentence", "rescue": "rescue",
    "surrender": "surrender", "exit": "leave",
}  # fmt: skip
# Whose "of X" or "X's" is the one who does it ("the death of X", "X's visit"); in the others X
# undergoes it ("X's arrest", "the killing of X"), unless both are written ("X's capture of Y").
DOER_NOUNS = {"death", "escape", "visit", "resignation", "arrival", "departure", "surrender", "exit"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
CONTESTS = {"game", "match", "bout", "fight", "race", "loss", "win", "victory", "defeat", "election", "vote"}
# Names headed by these words name a building or site, which stays where it is: "the Betty Ford
# Center in Rancho Mirage" (an organisation named without one, "Microsoft in India", has offices).
FACILITY_HEADS = {
    "center", "centre", "clinic", "hospital", "church", "cathedral", "mosque", "temple", "synagogue", "arena",
    "stadium", "prison", "jail", "unit", "school", "academy", "airport", "hotel", "museum", "courthouse",
    "library", "factory", "mall", "theater", "theatre", "hall", "base",
}  # fmt: skip


def verb_date(verb: Token) -> str | None:
    """A date written as the verb's own complement: "met on Monday", "arrived in April 2024"."""
    for child in verb.children:
        if (day := _date_of(child)) is not None:
            return day
    return _slipped_date(verb)


def _date_of(child: Token) -> str | None:
    if child.ent_type_ == "DATE" and child.dep_ in ("npadvmod", "tmod", "pobj", "poss"):  # "Thursday's bombing"
        return ent_text(child)
    if child.ent_type_ == "TIME" and child.dep_ in ("npadvmod", "tmod"):  # "early Tuesday morning"
        day = next((c for c in child.children if c.ent_type_ == "DATE"), None)
        if day is not None:
            return ent_text(day)
        weekday = next((c for c in child.children if c.lower_ in WEEKDAYS), None)
        if weekday is not None:  # "Monday morning", "late Saturday night" tagged as one time of day
            return weekday.text
    if child.dep_ == "prep" and child.lower_ in ("on", "in", "during", "since", "last"):
        for pobj in child.children:
            if pobj.ent_type_ == "DATE":
                return ent_text(pobj)
    return None


def _slipped_date(verb: Token) -> str | None:
    """A bare day the parser hung on a noun of the verb's own phrases ("sentenced Nichols to life
    in prison Monday morning", with "morning" under "life"): a noun takes no bare day of its own."""
    queue = [  # and on a comment hung on the verb: "placed Ivory on reserve Tuesday -- another blow"
        c for c in verb.children if c.dep_ in ("dobj", "prep", "dative") or (c.dep_ == "npadvmod" and not c.ent_type_)
    ]
    while queue:
        token = queue.pop(0)
        for child in token.children:
            if child.dep_ in ("npadvmod", "tmod") and (day := _date_of(child)) is not None:
                return day
            # "was hired as the coach of the 76ers on April 21": a day on a noun that is no happening
            # ("the attack on Monday" dates the attack) is the verb's
            on_noun = child.lower_ == "on" and token.pos_ == "NOUN" and not _happening_noun(token)
            if on_noun and (day := _date_of(child)) is not None:
                return day
            if child.dep_ in ("prep", "pobj", "dobj"):
                queue.append(child)
    return None


def _happening_noun(noun: Token) -> bool:
    """A noun that names a happening, which a day can date: "the shooting", "the raid" (a noun that is an
    event verb too), "talks", or a contest ("the loss to Chicago on Thursday")."""
    lemma = noun.lemma_.lower()
    return lemma in EVENT_NOUNS or lemma in EVENT_VERBS or noun.lower_ in MEETING_NOUNS or lemma in CONTESTS


@dataclass(frozen=True)
class FoundMeeting:
    participants: tuple[Name | Span, ...]  # names, or a title standing for a person ("Pakistan's army chief")
    place: str | None
    verb: str
    start: int
    end: int
    date_text: str | None = None


@dataclass(frozen=True)
class FoundEvent:
    what: str
    agents: tuple[Name, ...]
    patient: str | None
    place: str | None
    start: int
    end: int
    date_text: str | None = None
    organisation: tuple[int, int] | None = None  # the organisation doing it (tokens), when no person does
    object: str | None = None  # the noun heading what was done ("patch" in "issued an emergency patch")


def find_meetings(doc: Doc, names: list[Name]) -> list[FoundMeeting]:
    found = []
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_ in MEETING_VERBS:
            people = _names_in(names, _participant_roots(token))
        elif token.lemma_ == "hold" and any(c.dep_ == "dobj" and c.lower_ in MEETING_NOUNS for c in token.children):
            noun = next(c for c in token.children if c.dep_ == "dobj" and c.lower_ in MEETING_NOUNS)
            people = _names_in(names, [*_participant_roots(token), *_with_objects(noun)])
        elif token.lower_ in MEETING_NOUNS and any(c.lower_ == "between" for c in token.children):
            between = next(c for c in token.children if c.lower_ == "between")
            people = _names_in(names, [c for c in between.children if c.dep_ == "pobj"])
        else:
            continue
        if len(people) == 1 and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            # the parser lost the subject (a dateline before it, say): the name just before the verb
            before = [n for n in names if n.end <= token.i and n.end >= token.i - 3 and n not in people]
            people = before[-1:] + people
        if len(people) >= 2:
            start, end = _extent(token, people)
            date = verb_date(token) or (verb_date(token.head) if token.dep_ != "ROOT" else None)
            found.append(FoundMeeting(tuple(people), clause_place(token), token.lemma_, start, end, date))
    return found


def _participant_roots(verb: Token) -> list[Token]:
    roots = []
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "agent"):
            roots.append(child)
        if child.dep_ == "prep" and child.lower_ in ("with", "by"):
            roots.extend(c for c in child.children if c.dep_ == "pobj")
    return roots


def _with_objects(noun: Token) -> list[Token]:
    return [c for p in noun.children if p.lower_ == "with" for c in p.children if c.dep_ == "pobj"]


def _names_in(names: list[Name], roots: Iterable[Token]) -> list[Name]:
    """Names inside the subtrees of `roots`, conjuncts included."""
    people: list[Name] = []
    for root in roots:
        lo = root.left_edge.i
        hi = root.right_edge.i + 1
        for name in names:
            inside = lo <= name.start and name.end <= hi
            # an appositive name the parser hung elsewhere: "with Pakistan's army chief (COAS), General X"
            gap = root.doc[hi : name.lead] if hi <= name.lead <= hi + 2 else None
            beside = gap is not None and all(t.is_punct for t in gap)
            if (inside or beside) and name not in people:
                people.append(name)
    return people


# Dependents that open another clause: a place inside one is where that clause happens
# ("escaped as officers tried to move him to the unit in Huntsville"), not this verb.
CLAUSE_DEPS = {"advcl", "xcomp", "ccomp", "relcl", "acl", "conj", "parataxis", "csubj", "pcomp"}


def clause_place(verb: Token) -> str | None:
    """The nearest "in/at PLACE" in the verb's own clause (through its objects, not into other clauses)."""
    queue = list(verb.children)
    while queue:
        token = queue.pop(0)  # breadth first: the nearest place wins
        if token.dep_ in CLAUSE_DEPS:
            continue
        if token.dep_ == "pobj" and token.ent_type_ in PLACE_LABELS and token.head.lower_ in ("in", "at"):
            return ent_text(token)
        queue.extend(token.children)
    return None


def _where_place(verb: Token) -> str | None:
    """ "in Brooklyn, New York, where Kimani Gray was shot": a "where" clause happens at the place it describes."""
    if verb.dep_ != "relcl" or not any(c.dep_ == "advmod" and c.lower_ == "where" for c in verb.children):
        return None
    head = verb.head
    return ent_text(head) if head.ent_type_ in PLACE_LABELS else clause_place(head)


def _object_sharer(verb: Token) -> Token | None:
    """ "shot and killed Gray in Chicago": a verb without an object of its own shares the object, and
    the place, of the verb joined to it."""
    if any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        return None
    joined = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"), None)
    if joined is None or not any(c.dep_ == "dobj" for c in joined.children):
        return None
    # nothing of the verb's own between it and the joined verb ("shot at the car and arrested Mills")
    between = [c for c in verb.children if verb.i < c.i < joined.i and c.dep_ not in ("cc", "punct", "advmod", "neg")]
    return None if between else joined


def ent_text(token: Token) -> str:
    doc = token.doc
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


def _extent(token: Token, names: Iterable[Name]) -> tuple[int, int]:
    starts = [token.i, *(n.lead for n in names)]
    ends = [token.i + 1, *(n.end for n in names)]
    return min(starts), max(ends)


PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his"}


def antecedent(pronoun: Token, names: list[Name]) -> Name | None:
    """The one person "he" or "she" can stand for: the only name earlier in its sentence, or, when its
    sentence names nobody before it, the subject of the main clause it comes before, else the only
    name in the sentence before. Anything less sure is None."""
    if pronoun.lower_ not in PERSONAL_PRONOUNS:
        return None
    if (about := _relative_head(pronoun, names)) is not None:
        return about
    sent = pronoun.sent
    before = [n for n in names if sent.start <= n.start and n.end <= pronoun.i]
    if not before and (ahead := _cataphor(pronoun, names)) is not None:
        return ahead
    if not before and sent.start > 0:
        previous = pronoun.doc[sent.start - 1].sent
        before = [n for n in names if previous.start <= n.start and n.end <= previous.end]
    people = {surname(pronoun.doc, n) for n in before}  # "Brian Nichols ... Nichols": one person
    return max(before, key=lambda n: n.end - n.start) if len(people) == 1 else None  # the fullest mention


def _relative_head(pronoun: Token, names: list[Name]) -> Name | None:
    """ "King fired O'Brien, who still had two years on the contract he signed when he was hired": a
    pronoun inside a "who" clause stands for the person the clause is about, through clauses of its
    own ("he signed") but not through a clause with another subject ("the deal the owner signed")."""
    for clause in (t for t in pronoun.ancestors if t.dep_ == "relcl"):
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lower_ not in ("who", *PERSONAL_PRONOUNS):
            return None
        if subject.lower_ == "who":
            named = [n for n in names if n.start <= clause.head.i < n.end]
            return named[0] if len(named) == 1 else None
    return None


def _cataphor(pronoun: Token, names: list[Name]) -> Name | None:
    """ "After she left the clinic on Saturday, Lindsay Lohan checked into another": a pronoun in a
    clause put before its main clause stands for the main clause's subject, when that is one person."""
    clause = next((t for t in pronoun.ancestors if t.dep_ == "advcl"), None)
    if clause is None or clause.right_edge.i >= clause.head.i:
        return None
    subject = next((c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    named = [n for n in names if subject.left_edge.i <= n.start and n.end <= subject.right_edge.i + 1]
    return named[0] if len({surname(pronoun.doc, n) for n in named}) == 1 else None


def understood_subject(verb: Token) -> Token | None:
    """Who does what a subjectless verb says, by the usual English control rules: a clause of
    purpose or manner ("stopped Thompson to retain his belts") and a conjoined verb ("fled and
    surrendered") share their head's subject; an infinitive complement takes its head's
    object where there is one ("persuaded Smith to surrender"), else its subject; a present
    participle after a noun is done by that noun ("candidates running for 125 seats")."""
    if _own_subject(verb):
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "the 288 candidates running for 125 seats": the noun a present participle describes
    head = verb.head
    if verb.dep_ == "pcomp" and head.pos_ == "ADP" and head.dep_ == "prep":
        head = head.head  # "was arrested after leaving the bar", "came in needing 11 points": the head's subject
    elif verb.dep_ not in ("advcl", "xcomp", "conj"):
        return None
    if head is verb or head.pos_ not in ("VERB", "AUX"):
        return None
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    if verb.dep_ == "advcl" and marks - {"after", "before"}:
        return None  # "because ...", "if ...", "while ...": a clause of its own, not a shared subject
    obj = next((c for c in head.children if c.dep_ == "dobj"), None)
    if verb.dep_ == "xcomp" and obj is not None and not any(c.dep_ == "nummod" for c in obj.children):
        return obj  # "needing 11 points to break the record": a count does not act
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ in ("conj", "pcomp") and verb.tag_ != "VBN":
        # "Thomas was hurt and missed ten games", "was arrested after leaving the bar": an active verb
        # joined to a passive one shares its subject ("was arrested and charged" shares the undergoer)
        subject = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    return subject if subject is not None else understood_subject(head)


def _agents(verb: Token, names: list[Name]) -> list[Name]:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
    if not subjects and (understood := understood_subject(verb)) is not None:
        subjects = [understood]
    agents = _names_in(names, subjects)
    if not agents:
        pronouns = [c for s in subjects for c in (s, *s.children) if c.dep_ in ("nsubj", "pobj")]
        agents = [n for p in pronouns if (n := antecedent(p, names)) is not None]
    return agents


def person_of(phrase: Token, names: list[Name]) -> Name | None:
    """The one person a noun phrase is: "he" ("he was arrested"), or the one name heading a
    longer mention ("San Diego Chargers wide receiver Vincent Jackson"); else None."""
    if (named := antecedent(phrase, names)) is not None:
        return named
    heads = [phrase, *(c for c in phrase.children if c.dep_ == "appos")]  # not a name in its relative clause
    named = [n for n in names if any(n.start <= h.i < n.end for h in heads)]
    return named[0] if len(named) == 1 else None


def _noun_event(noun: Token, names: list[Name]) -> FoundEvent | None:
    """A happening named by a noun, with the people its "of" and possessive name; None without one."""
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or lemma not in EVENT_NOUNS:
        return None
    of = next((c for p in noun.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"), None)
    poss = next((c for c in noun.children if c.dep_ == "poss" and c.ent_type_ != "DATE"), None)
    if poss is not None and of is not None:
        doer, undergoer = poss, of
    elif lemma in DOER_NOUNS:
        doer, undergoer = poss or of, None
    else:
        doer, undergoer = None, poss or of
    agent = person_of(doer, names) if doer is not None else None
    patient = person_of(undergoer, names) if undergoer is not None else None
    if agent is None and patient is None:
        return None  # only named people make two reports of it comparable
    people = [n for n in (agent, patient) if n is not None]
    start, end = _extent(noun, people)
    return FoundEvent(
        EVENT_NOUNS[lemma],
        (agent,) if agent is not None else (),
        patient.name(noun.doc) if patient is not None else None,
        clause_place(noun),
        start,
        end,
        verb_date(noun),
    )


def _event_verb(token: Token) -> str | None:
    """The happening a verb reports, when it is one-off: its lemma, or its lemma with its particle."""
    if token.pos_ != "VERB":
        return None
    for child in token.children:
        if child.dep_ in ("prt", "prep") and (token.lemma_, child.lower_) in PHRASAL_EVENTS:
            return PHRASAL_EVENTS[(token.lemma_, child.lower_)]
    return token.lemma_ if token.lemma_ in EVENT_VERBS | OBJECT_EVENTS else None


def happening_date(verb: Token) -> str | None:
    """The day written for what the verb reports: its own, its means', its "when" clause's head's, or
    that of the verb it is joined to."""
    return verb_date(verb) or _means_date(verb) or _when_date(verb) or _joined_date(verb)


def _means_date(verb: Token) -> str | None:
    """The day of the act a verb was done by: "retained his titles by stopping Rahman on Saturday"
    happened on Saturday, the means being the happening itself."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            for clause in prep.children:
                if clause.dep_ == "pcomp" and (day := verb_date(clause)) is not None:
                    return day
    return None


def _when_date(verb: Token) -> str | None:
    """ "was leaving her car Friday when she was hit": a "when" clause happens at its head's time."""
    if verb.dep_ == "advcl" and any(c.lower_ == "when" and c.dep_ in ("advmod", "mark") for c in verb.children):
        return verb_date(verb.head)
    return None


def _joined_date(verb: Token) -> str | None:
    """ "was pulled over on February 1 but was arrested on suspicion of drunk driving": a verb joined
    to another, sharing its subject and without a day of its own, happens on the other's day."""
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not _own_subject(verb):
        return verb_date(verb.head)
    return None


def _shared_undergoer(verb: Token) -> Token | None:
    """ "was pulled over but was arrested", "was arrested and charged": a passive verb joined to a passive
    one, without a subject of its own, has the same undergoer ("was hurt and has missed games" is active)."""
    if verb.dep_ != "conj" or verb.tag_ != "VBN" or _own_subject(verb):
        return None
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return None
    return next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def find_events(doc: Doc, names: list[Name]) -> list[FoundEvent]:
    found = []
    for token in doc:
        if (named := _noun_event(token, names)) is not None:
            found.append(named)
            continue
        what = _event_verb(token)
        if what is None:
            continue
        agents = _agents(token, names)
        sharer = _object_sharer(token)
        patient_tok = next((c for c in (sharer or token).children if c.dep_ in ("dobj", "nsubjpass")), None)
        patient_tok = patient_tok if patient_tok is not None else _shared_undergoer(token)
        patient = doc[patient_tok.left_edge.i : patient_tok.right_edge.i + 1].text if patient_tok is not None else None
        if patient_tok is not None and (named := person_of(patient_tok, names)) is not None:
            patient = named.name(doc)  # the person, so that reports of it can be matched
        if not agents and patient is None:
            continue
        head_noun = patient_tok.lemma_.lower() if patient_tok is not None and patient_tok.pos_ == "NOUN" else None
        organisation = None if agents else _organisation(token)
        start, end = _extent(token, agents)
        if organisation is not None:
            start, end = min(start, organisation[0]), max(end, organisation[1])
        if patient_tok is not None:
            start, end = min(start, patient_tok.left_edge.i), max(end, patient_tok.right_edge.i + 1)
        date = happening_date(token)
        place = clause_place(token) or _where_place(token) or (clause_place(sharer) if sharer is not None else None)
        found.append(FoundEvent(what, tuple(agents), patient, place, start, end, date, organisation, head_noun))
    return found


def facility_place(doc: Doc, start: int, end: int) -> tuple[str, int] | None:
    """ "the Promises Treatment Centre in Malibu": the place written with "in" right after the name
    of a facility (tokens start..end), and the token after it; None when the name is not a facility's."""
    if doc[end - 1].lower_ not in FACILITY_HEADS or end + 1 >= len(doc) or doc[end].lower_ != "in":
        return None
    place = next((e for e in doc.ents if e.start == end + 1 and e.label_ in ("GPE", "LOC")), None)
    return (place.text, place.end) if place is not None else None


def doer(verb: Token) -> Token | None:
    """Who does what the verb says: its subject, its agent when passive ("was released by Microsoft"),
    else the subject it is understood to share."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)
    if subject is not None and subject.dep_ == "agent":
        subject = next((c for c in subject.children if c.dep_ == "pobj"), None)
    return subject if subject is not None else understood_subject(verb)


def _organisation(verb: Token) -> tuple[int, int] | None:
    """The organisation that is the verb's subject ("Microsoft released a patch"), as its entity's tokens."""
    subject = doer(verb)
    if subject is None or subject.ent_type_ != "ORG":
        return None
    ent = next(e for e in subject.doc.ents if e.start <= subject.i < e.end)
    return ent.start, ent.end
