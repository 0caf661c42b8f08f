"""Casualty tolls: how many people a happening killed or injured, what happening it was, where and when.

Reports of one quake or one strike disagree on its toll more often than on anything else, and a
toll is seldom anyone's count ("At least 43 people were killed in the school"), so it is matched by
the happening that did it ("the quake", "an attack"), its place and its day, not by a subject.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claims.relations import clause_place, doer, ent_text, happening_date

if TYPE_CHECKING:
    from spacy.tokens import Token

# What kills or injures in the news, by the kind of happening: reports name one happening in
# other words ("the quake" / "the earthquake"; "the attack" / "the shelling" / "the missiles").
ATTACKS = (
    "attack", "strike", "airstrike", "raid", "assault", "bombing", "shelling", "bomb", "shell", "missile", "rocket",
    "mortar", "blast", "explosion", "bombardment",
)  # fmt: skip
CAUSES = {
    **dict.fromkeys(("quake", "earthquake", "tremor", "temblor", "tremblor", "aftershock"), "quake"),
    **dict.fromkeys(ATTACKS, "attack"),
    **dict.fromkeys(("crash", "collision", "accident", "derailment"), "crash"),
    **dict.fromkeys(("fire", "blaze", "inferno"), "fire"),
    **dict.fromkeys(
        ("shooting", "gunfire", "shootout", "rampage", "massacre", "gunman", "shooter", "sniper"), "shooting"
    ),
    **dict.fromkeys(("bomber", "attacker"), "attack"),  # "a suicide bomber killed 25 people": the bomber's attack
    **dict.fromkeys(("storm", "hurricane", "typhoon", "cyclone", "tornado"), "storm"),
    **dict.fromkeys(("flood", "flooding", "floods"), "flood"),
    **dict.fromkeys(("riot", "riots", "rioting", "unrest", "clashes", "violence"), "unrest"),
    "tsunami": "tsunami",
    "landslide": "landslide",
    "avalanche": "avalanche",
    "stampede": "stampede",
    "collapse": "collapse",
}
# What a toll counts: dead or injured.
TOLL_VERBS = {"kill": "killed", "die": "killed", "injure": "injured", "wound": "injured"}
LEFT_AS = {"dead": "killed", "injured": "injured", "wounded": "injured"}  # "leaving 40 people dead"
# Who a toll counts, when it counts everyone ("people"); a group ("children", "soldiers") is part of a toll.
EVERYONE = {"people", "persons", "person"}
# "another UN school", "a separate attack", "an earlier airstrike", "another four people": a second
# happening beside the one reported, or a part of the toll, not the toll of the happening itself.
# "those bombings" points back to happenings its own article named, which another cannot be matched with.
OTHER_WORDS = {
    "another", "other", "separate", "earlier", "previous", "second", "later", "further", "additional", "those",
    "these",
}  # fmt: skip
# "a series of powerful earthquakes", "a wave of attacks": the happening is what the series is of.
SERIES = {"series", "wave", "string", "spate", "pair", "number", "swarm", "barrage"}
CAUSE_PREPOSITIONS = {"in", "by", "during", "from", "after", "following", "when", "as"}


@dataclass(frozen=True)
class Toll:
    what: str  # killed | injured
    cause: str  # the kind of happening: quake, attack, ...
    place: str | None
    date_text: str | None  # the day written for the happening, when one is


def toll_of(verb: Token | None, number: Token, counted: str) -> Toll | None:
    """The toll a count of people is ("five people were killed in the quake"), or None when it is no
    toll, counts a part of one, or names no happening that did it."""
    if verb is None or (counted not in EVERYONE and not _nationality(number)):
        return None
    what = TOLL_VERBS.get(verb.lemma_) or (_left_as(verb, number) if verb.lemma_ == "leave" else None)
    if what is None or increment(number):
        return None
    cause = _cause(verb)
    if cause is None or _other(cause):
        return None
    return _toll(what, verb, cause)


def _toll(what: str, verb: Token, cause: Token) -> Toll:
    return Toll(what, CAUSES[cause.lemma_.lower()], clause_place(verb) or _place_of(cause), _date(verb, cause))


def _place_of(cause: Token) -> str | None:
    """Where the happening was: "when an artillery shell hit a UN school in Khan Younis"."""
    return clause_place(cause.head if cause.dep_ in ("nsubj", "nsubjpass") else cause)


TOLL_PREPOSITIONS = {"to", "at", "above", "past", "over", "beyond"}


def stated_toll(number: Token) -> Toll | None:
    """A toll stated as one: "the death toll from the earthquake rose to 300", "put the death toll of the
    shelling at 40", "bringing the toll to 11", "the toll now stands at 24 people"."""
    phrase = number.head if number.dep_ == "nummod" else number
    if phrase.dep_ != "pobj" or phrase.head.lower_ not in TOLL_PREPOSITIONS or phrase.head.head.pos_ != "VERB":
        return None
    verb = phrase.head.head
    toll = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_ == "toll"), None)
    if toll is None:
        return None
    words = {c.lower_ for c in toll.children if c.dep_ in ("compound", "amod")}
    what = "injured" if words & {"injury", "injured", "wounded"} else "killed"  # a toll, said alone, is of the dead
    of = (c for p in toll.children if p.dep_ == "prep" and p.lower_ in ("from", "of", "in") for c in p.children)
    cause = next((found for c in of if c.dep_ == "pobj" and (found := _happening(c)) is not None), None)
    node = verb  # "the quake killed six and left 14 trapped when a mosque collapsed, bringing the toll to 11"
    for _ in range(4):
        if cause is not None or node.dep_ not in ("advcl", "conj", "xcomp", "oprd") or node.head is node:
            break
        node = node.head
        cause = _cause(node) if node.pos_ == "VERB" else None
    if cause is None or _other(cause):
        return None
    return _toll(what, verb, cause)


def _counted_noun(number: Token) -> Token:
    return number.head if number.dep_ == "nummod" else number


def _nationality(number: Token) -> bool:
    """ "40 Palestinians", "nine Israelis": a nationality counts everyone the happening struck there."""
    noun = _counted_noun(number)
    return noun.ent_type_ == "NORP" and (noun.tag_ == "NNPS" or noun.lower_.endswith("s"))


def _left_as(verb: Token, number: Token) -> str | None:
    """ "leaving 40 people dead", "left 16 injured": what the happening left them as."""
    noun = _counted_noun(number)
    for token in (*noun.children, *verb.children):
        if token.lower_ in LEFT_AS and token.dep_ in ("amod", "acomp", "oprd", "ccomp", "xcomp", "advmod"):
            return LEFT_AS[token.lower_]
    return None


def _more(number: Token) -> bool:
    """ "two more people died": more dead beside a toll, not the toll ("more than 200" is a floor)."""
    return any(
        c.lower_ in ("more", "other") and c.i > number.i for c in (*number.children, *_counted_noun(number).children)
    )


def increment(number: Token) -> bool:
    """A count of more beside another count, not a total: "18,000 more jobs than estimated", "another
    four people", "an additional 200 troops"."""
    return _more(number) or _other(_counted_noun(number))


def _other(token: Token) -> bool:
    """Whether the noun, or the noun it names its happening's target with, is marked as another
    ("an air strike on another UN school")."""
    targets = [c for p in token.children if p.dep_ == "prep" for c in p.children if c.dep_ == "pobj"]
    return any(
        c.lower_ in OTHER_WORDS and c.dep_ in ("det", "amod", "advmod") for t in (token, *targets) for c in t.children
    )


def _cause(verb: Token) -> Token | None:
    """The happening that did it: the verb's doer ("the quake killed", "a strike that killed", "an
    earthquake struck ..., killing"), else a happening in its own phrases ("killed in the quake",
    "died from injuries sustained in the quake", "killed during an attack"), else the doer of a
    clause saying when ("were killed when three artillery shells landed"). What a verb joined to it
    says goes for both ("were killed and 55 others injured when shells landed")."""
    subject = doer(verb)
    if subject is not None and subject.lower_ in ("that", "which") and verb.dep_ == "relcl":
        subject = verb.head  # "a mortar strike that killed about 40"
    if subject is not None and (found := _happening(subject)) is not None:
        return found
    # "were killed and more than 200 injured by the quake" joins a number, whose verb is its own clause
    joined = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "NUM"))]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        joined.append(verb.head)
    for found in (*map(_in_phrases, joined), *map(_in_when_clause, joined)):
        if found is not None:
            return found
    return None


def _in_phrases(verb: Token) -> Token | None:
    queue = [c for c in verb.children if c.dep_ in ("prep", "agent", "acl")]
    while queue:
        token = queue.pop(0)
        if token.dep_ == "pobj" and (found := _happening(token)) is not None:
            return found
        queue.extend(c for c in token.children if c.dep_ in ("prep", "pobj", "acl", "agent"))
    return None


def _in_when_clause(verb: Token) -> Token | None:
    for clause in verb.children:
        says_when = any(c.lower_ in CAUSE_PREPOSITIONS and c.dep_ in ("mark", "advmod") for c in clause.children)
        if clause.dep_ == "advcl" and says_when and (who := doer(clause)) is not None:
            return _happening(who)
    return None


def _happening(noun: Token) -> Token | None:
    if noun.lemma_.lower() in SERIES:
        noun = next((c for p in noun.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"), noun)
    return noun if noun.lemma_.lower() in CAUSES and noun.pos_ in ("NOUN", "PROPN") else None


def _date(verb: Token, cause: Token) -> str | None:
    """The day of the happening (None: the report's): the verb's own ("died on Sunday"), the
    happening's ("the 2004 tsunami", "Sunday's quakes"), else that of the clause the verb hangs on
    ("struck Aceh on Tuesday, killing five"; "triggered a tsunami in 2004 that killed 230,000")."""
    if any(c.dep_ == "prep" and c.lower_ == "since" for c in verb.children):
        return None  # "has killed 42 people since Monday": a running toll, as of the report
    if (day := happening_date(verb)) is not None:
        return day
    if (day := next((ent_text(c) for c in cause.children if c.ent_type_ == "DATE"), None)) is not None:
        return day
    # "the quake, which struck the western tip of Sumatra on Tuesday"
    clauses = (c for c in cause.children if c.dep_ in ("relcl", "acl"))
    if (day := next((d for c in clauses if (d := happening_date(c)) is not None), None)) is not None:
        return day
    node = verb
    for _ in range(3):
        if node.dep_ not in ("advcl", "conj", "xcomp", "relcl", "acl") or node.head is node:
            return None
        node = node.head
        if node.pos_ in ("NOUN", "PROPN") and node.head is not node:
            node = node.head  # a clause on a noun: the verb that noun belongs to
        if (day := happening_date(node)) is not None:
            return day
    return None
