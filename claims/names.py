"""Person names: honorifics and ranks, transliteration, and when two names can be one person.

The rule that matters most: never merge two people whose given names disagree
beyond a spelling variant (Amina/Amna, Seyed/Syed), because a wrong merge makes
false conflicts downstream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jellyfish
from anyascii import anyascii

# Words written before a name that are not part of it. Lower case, without a final period.
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "syed", "seyed", "sayyid", "sayed", "sayyed", "seyyed", "sheikh", "shaikh", "sheik", "hajji", "haji",
    "ayatollah", "grand", "hojatoleslam", "imam", "mullah", "maulana", "mufti", "rabbi", "reverend", "rev",
    "father", "sister", "brother", "saint", "st", "his", "her", "excellency", "highness", "majesty", "honourable",
    "honorable", "hon", "justice", "judge",
    # military and police ranks
    "general", "gen", "lieutenant", "lt", "major", "maj", "colonel", "col", "brigadier", "brig", "captain", "capt",
    "admiral", "adm", "vice", "rear", "marshal", "field", "air", "commander", "cmdr", "sergeant", "sgt",
    "corporal", "cpl", "private", "pvt", "officer", "detective", "det", "inspector", "chief", "superintendent",
    "deputy", "sheriff", "agent", "trooper",
}  # fmt: skip
# A first token like these is a religious prefix when at least two name tokens follow.
PREFIX_NAMES = {"mohammad", "muhammad", "mohammed", "muhammed", "mohamed", "mohd", "md", "muhamad"}
# Written after a name.
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}
# Capitalised words that spaCy's small model sometimes tags as a person but never are one.
NOT_NAMES = {
    "headquarters", "house", "office", "ministry", "committee", "council", "assembly", "court", "department",
    "forces", "army", "navy", "police", "government", "parliament", "embassy", "agency", "bureau", "press",
    "state", "states", "republic", "union", "university", "hospital", "center", "centre", "street", "road",
    "airport", "station", "church", "mosque", "company", "inc", "corp", "group", "party", "news", "times",
    "tags", "comment", "reply", "newsletter", "subscribe", "popular", "posts", "icon",
}  # fmt: skip
# Nouns that make the words before them an organisation: "the Jaish al-Adl group".
ORG_HEADS = {
    "group", "groups", "organisation", "organization", "movement", "party", "company", "network", "front",
    "militia", "brigade", "brigades", "foundation", "institute", "agency", "corporation", "tribe", "clan",
}  # fmt: skip
# Headline verbs that title case makes look like part of a name: "Araghchi Meets Army Chief".
HEADLINE_VERBS = {
    "meets", "says", "visits", "holds", "calls", "urges", "arrives", "discusses", "signs", "vows", "warns",
    "slams", "hails", "rejects", "condemns", "welcomes", "reaffirms", "stresses", "seeks", "talks", "leaves",
    "wins", "dies", "resigns", "announces", "confirms", "denies", "named", "appointed", "enters", "checks",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case, ASCII, curly quotes and dashes flattened: the form names are compared in."""
    return re.sub(r"[^a-z0-9' -]", "", anyascii(text).lower().replace("’", "'")).strip()


def is_honorific(word: str) -> bool:
    return fold(word).rstrip(".") in HONORIFICS


@dataclass(frozen=True)
class NameKey:
    """A person's name reduced for comparison: given names and surname, folded."""

    given: tuple[str, ...]  # may be empty: "Araghchi", "General Munir"
    surname: str

    @property
    def full(self) -> bool:
        return bool(self.given)

    def __str__(self) -> str:
        return " ".join((*self.given, self.surname))


def name_key(name: str) -> NameKey | None:
    """The comparable key of a name with titles already removed; None if nothing name-like is left."""
    tokens = [t for t in re.split(r"\s+", fold(name)) if t and t not in SUFFIXES]
    while tokens and tokens[0].rstrip(".") in HONORIFICS:
        tokens.pop(0)
    if not tokens:
        return None
    if len(tokens) >= 3 and tokens[0] in PREFIX_NAMES:
        tokens.pop(0)
    return NameKey(given=tuple(tokens[:-1]), surname=tokens[-1])


# Letters that transliterations of one name swap: Carolos/Karolos, Mustafa/Moustapha, Qadhafi/Kadhafi.
_SOUNDS = [("ph", "f"), ("ck", "k"), ("kh", "k"), ("q", "k"), ("c(?=[aouklr]|$)", "k"), ("dh", "d"), ("th", "t")]


def skeleton(name: str) -> str:
    """Consonants, doubled ones once, with letters that transliterations swap made one (c/k, ph/f, q/k):
    transliterations mostly differ in vowels (Amina/Amna, Ebrahim/Ibrahim, Karolos/Karolus) and in how
    they spell one sound (Carolos/Karolos)."""
    for written, sound in _SOUNDS:
        name = re.sub(written, sound, name)
    consonants = re.sub(r"[aeiouy'\- ]", "", name)
    return re.sub(r"(.)\1+", r"\1", consonants)


def same_spelling(a: str, b: str) -> tuple[bool, float]:
    """True when `a` and `b` are spellings of one name, with the similarity used.

    Two ways: the same consonants in the same order, vowels aside (Amina/Amna, Seyed/Syed,
    Mohammad/Mohammed, Ebrahim/Ibrahim), or a one-letter slip in a long name (Jaro-Winkler
    >= 0.94 on six letters or more). John/Joan and Mark/Megyn are not variants.
    """
    if a == b:
        return True, 1.0
    score = jellyfish.jaro_winkler_similarity(a, b)
    if min(len(a), len(b)) < 3:
        return False, score
    if skeleton(a) == skeleton(b) and len(skeleton(a)) >= 2 and (score >= 0.75 or a[1:] == b[1:]):
        return True, score  # a[1:] == b[1:]: one first letter swapped for its sound-alike (Carolos/Karolos)
    return (score >= 0.94 and min(len(a), len(b)) >= 6 and a[0] == b[0]), score


def compatible(a: NameKey, b: NameKey) -> tuple[bool, str]:
    """Whether two names can be one person, and why (the explanation of a merge)."""
    ok, score = same_spelling(a.surname, b.surname)
    if not ok:
        return False, f"surnames differ ({a.surname} / {b.surname}, {score:.2f})"
    if not a.given or not b.given:
        return True, f"surname {a.surname} (one name has no given name)"
    first_a, first_b = a.given[0], b.given[0]
    shorter, longer = sorted((a.given, b.given), key=len)
    if len(shorter) < len(longer) and _within(shorter, longer) and not same_spelling(first_a, first_b)[0]:
        return True, f"a given name left out ({a} / {b})"  # "Tayyip Erdogan" / "Recep Tayyip Erdogan"
    if len(first_a) == 1 or len(first_b) == 1:  # an initial: "A. Araghchi"
        same = first_a[0] == first_b[0]
        return same, f"initial {first_a[0]} {'matches' if same else 'differs from'} {first_b}"
    ok, given_score = same_spelling(first_a, first_b)
    if not ok:
        return False, f"given names differ ({first_a} / {first_b}, {given_score:.2f})"
    if a.given == b.given and a.surname == b.surname:
        return True, "same name"
    return True, f"spelling variants ({a} / {b}, given {given_score:.2f}, surname {score:.2f})"


def _within(shorter: tuple[str, ...], longer: tuple[str, ...]) -> bool:
    """Whether every given name of the shorter is, in order, one of the longer's (spelling variants
    allowed): a name written with and without a first or middle name."""
    rest = iter(longer)
    return all(any(len(w) > 1 and same_spelling(w, x)[0] for x in rest) for w in shorter)
