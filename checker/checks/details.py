"""The same sentence in two outlets with one detail changed: a number, a weekday, a date, a place, a negation, a rank.

Agency copy is reused and edited; when two outlets print nearly the same sentence and
the words that differ are two numbers, two weekdays, two days of a month, two places,
or a "not" / "Deputy" / "former" present in only one, the two reports disagree on that
detail. The words around the detail anchor the comparison, which is what makes this
exact where a model is unsure.

Blocking stays near-linear: sentences are indexed by word shingles in which numbers,
weekdays and months are masked (so a changed number still shares its shingles), and only
sentences sharing `min_shared_shingles` of them, from different articles, are aligned;
shingles found in more than `max_shingle_sentences` sentences are boilerplate and ignored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from pydantic import BaseModel, ConfigDict, Field

from checker.corpus import Corpus
from checker.facts import evidence, same_speaker, without_possessive
from checker.findings import Finding, Severity, fingerprint
from checker.registry import register_check
from claims.gazetteer import disjoint, is_region, regions
from claims.names import fold
from claims.types import ClaimKind, Statement
from claims.values import Value, ValueKind, conflicting, read_value

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
NEGATIONS = {"not", "never", "no", "n't"}
CLOCK_WORDS = {"am", "pm", "a.m", "p.m", "gmt", "utc", "est", "edt", "cdt", "cst", "pdt", "pst", "ist", "et", "bst"}
MONTH_NUMBER = {
    **{m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                    "september", "october", "november", "december"], start=1)},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
RANK_WORDS = {"deputy", "vice", "assistant", "former", "acting", "late", "interim", "ex"}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
# A value is one token however it is written: "1 000 000", "$5", "4½", "4 1/2", "4�" (a lost glyph), "the '50s"
_VALUE = (
    r"(?:'|’)\d0s"
    r"|[$€£¥]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])"
    r"|[$€£¥]?\d+(?: ?[½¼¾⅓⅔⅛⅜⅝⅞]| \d/\d{1,2}\b|\ufffd)"
    r"|[$€£¥]?\d[\d,.]*\d(?:s\b)?|[$€£¥]?\d"
)
_TOKEN = re.compile(_VALUE + r"|n't|[A-Za-z]+(?:[-'][A-Za-z]+)*")


class DetailOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min_ratio: float = Field(default=0.6, ge=0.0, le=1.0)  # difflib similarity of the two sentences' words
    # a less similar pair counts where the detail sits beside this many words both print in a row
    # ("five days before San Diego's playoff loss at Pittsburgh" inside a longer sentence)
    min_anchored_ratio: float = Field(default=0.45, ge=0.0, le=1.0)
    # or where this share of the shorter sentence's words is printed, in order, in the longer one
    # ("Reid launched a fashion line called Mantra in December." inside a sentence about her image)
    min_contained_ratio: float = Field(default=0.8, ge=0.0, le=1.0)
    anchor_words: int = Field(default=6, ge=2)
    min_words: int = Field(default=6, ge=3)
    min_shared_shingles: int = Field(default=2, ge=1)
    max_shingle_sentences: int = Field(default=50, ge=2)
    max_days_apart: int = Field(default=3, ge=0)  # publication dates; "Monday" a week later is another Monday


@register_check(
    "detail-conflict", severity=Severity.WARNING, needs={ClaimKind.STATEMENT}, options=DetailOptions, same_days=True
)
def detail_conflict(corpus: Corpus, options: DetailOptions) -> Iterable[Finding]:
    """Nearly the same sentence in two articles with a different number, weekday, date, place, negation or rank word."""
    reach = _in_reach(corpus, options)
    statements = [
        (s, ws)
        for s in corpus.all_claims()
        if s.kind is ClaimKind.STATEMENT
        and reach(s.span.article)
        and len(s.text.split()) >= options.min_words
        and not _is_timestamp(ws := words(s))
    ]
    for i, j in similar_pairs(statements, options):
        a, ta = statements[i]
        b, tb = statements[j]
        if a.span.article == b.span.article or not corpus.in_focus(a.span.article, b.span.article):
            continue
        if not _comparable(corpus, a, b, options):
            continue
        wa, wb = [t.text for t in ta], [t.text for t in tb]
        lower_a, lower_b = [w.lower() for w in wa], [w.lower() for w in wb]
        # values compare as values: "1,000" / "1 000", "$5" / "5 dollars" are one word to the matcher
        matcher = SequenceMatcher(None, [t.key for t in ta], [t.key for t in tb], autojunk=False)
        ratio = matcher.ratio()
        if ratio < options.min_anchored_ratio and _contained(matcher, wa, wb) < options.min_contained_ratio:
            continue
        differences, marks = [], {a.span.article: [], b.span.article: []}
        unplaced, unplaced_marks = [], {a.span.article: [], b.span.article: []}
        same_negations = _negations(lower_a) == _negations(lower_b)  # "didn't feel we were" = "feel we weren't"
        opcodes = matcher.get_opcodes()
        for k, op in enumerate(opcodes):
            if op[0] == "equal" or (ratio < options.min_ratio and not _anchored(opcodes, k, options.anchor_words)):
                continue
            op = _cut_tail(op, len(wa), len(wb))
            detail = _difference(op, wa, wb, same_negations)
            places = None if detail else _places(corpus, op, ta, tb)  # looked up once, for both place rules
            detail = detail or _place_difference(places)
            if detail:
                differences.append(detail)
                _mark(marks, ta, tb, op)
            elif ratio >= options.min_ratio and (note := _unplaced(places)):
                unplaced.append(note)
                _mark(unplaced_marks, ta, tb, op)
        moved = None
        if not differences and ratio >= options.min_ratio and (moved := _moved_day(ta, tb, options)):
            differences.append(f"{moved[0].text} / {moved[1].text}")
            marks[a.span.article].append((moved[0].start, moved[0].end))
            marks[b.span.article].append((moved[1].start, moved[1].end))
        if not differences and not unplaced:
            continue
        first, second = (a, b) if (a.span.article, a.span.start) < (b.span.article, b.span.start) else (b, a)
        if moved:
            # a day written beside other words in each ("said Wednesday" / "starting Thursday") may date
            # two happenings of one sentence: nothing shows it dates the same one, so it is a question
            severity, what = Severity.INFO, f"the day in another place: {differences[0]}"
        elif differences:
            severity, what = Severity.WARNING, f"a different detail: {'; '.join(differences)}"
        else:  # a reviewer's question, not a known contradiction
            marks = unplaced_marks
            severity = Severity.INFO
            what = f"another place: {'; '.join(unplaced)} (the gazetteer cannot tell whether one lies in the other)"
        yield Finding(
            id=fingerprint("detail-conflict", " ".join(lower_a), " ".join(lower_b)),
            rule="detail-conflict",
            severity=severity,
            message=f"{first.span.article} and {second.span.article} print nearly the same sentence with {what}.",
            evidence=(
                evidence(corpus, first, highlight=_first_mark(marks[first.span.article])),
                evidence(corpus, second, highlight=_first_mark(marks[second.span.article])),
            ),
            score=round(matcher.ratio(), 3),
        )


def _mark(marks: dict[str, list], ta: list[Word], tb: list[Word], op: tuple) -> None:
    marks[ta[0].article].append(_stretch(ta, op[1], op[2]))
    marks[tb[0].article].append(_stretch(tb, op[3], op[4]))


@dataclass(frozen=True)
class Word:
    text: str
    article: str
    start: int  # in the article text
    end: int
    key: str  # what the matcher compares (`_key`), read once per word, not once per pair it is in


def words(statement: Statement) -> list[Word]:
    base, article = statement.span.start, statement.span.article
    return [
        Word(m.group(), article, base + m.start(), base + m.end(), _key(m.group()))
        for m in _TOKEN.finditer(statement.text)
    ]


def _contained(matcher: SequenceMatcher, wa: list[str], wb: list[str]) -> float:
    """The share of the shorter sentence's words that the longer one prints in the same order."""
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, min(len(wa), len(wb)))


def _anchored(opcodes: list[tuple], k: int, words: int) -> bool:
    """Whether the differing stretch k sits beside an unbroken run of at least `words` shared words."""
    beside = [opcodes[i] for i in (k - 1, k + 1) if 0 <= i < len(opcodes)]
    return any(op[0] == "equal" and op[2] - op[1] >= words for op in beside)


MOVABLE = {"on", "last", "this", "next", "late", "early"}  # words that travel with a weekday
DAY_AND_ITS_WORDS = WEEKDAYS | MOVABLE
OTHER_DAYS = {"today", "yesterday", "tomorrow", "tonight"} | MONTHS


def _moved_day(ta: list[Word], tb: list[Word], options: DetailOptions) -> tuple[Word, Word] | None:
    """The one weekday each sentence gives, when they differ and the sentences match once the
    day is taken out: "sent letters last Sunday to ..." / "Last Friday, ... sent letters to ..."."""
    days_a = [w for w in ta if w.text.lower() in WEEKDAYS]
    days_b = [w for w in tb if w.text.lower() in WEEKDAYS]
    if len(days_a) != 1 or len(days_b) != 1 or days_a[0].text.lower() == days_b[0].text.lower():
        return None
    if any(w.text.lower() in OTHER_DAYS for w in (*ta, *tb)):
        return None  # "signed Wynn on Tuesday and Bell today": the weekday may be another happening's
    rest_a = [w.text.lower() for w in ta if w.text.lower() not in DAY_AND_ITS_WORDS]
    rest_b = [w.text.lower() for w in tb if w.text.lower() not in DAY_AND_ITS_WORDS]
    if SequenceMatcher(None, rest_a, rest_b, autojunk=False).ratio() < options.min_ratio:
        return None
    return days_a[0], days_b[0]


def _cut_tail(op: tuple, len_a: int, len_b: int) -> tuple:
    """ "on October 23 and missed four games" / "on October 19.": where one sentence stops and the
    other goes on, the differing stretch pairs the shorter side with as many words of the longer."""
    tag, i1, i2, j1, j2 = op
    if tag != "replace" or not (i2 == len_a or j2 == len_b):
        return op
    k = min(i2 - i1, j2 - j1)
    if (i2 == len_a and i2 - i1 == k) or (j2 == len_b and j2 - j1 == k):
        return tag, i1, i1 + k, j1, j1 + k
    return op


def _stretch(tokens: list[Word], i: int, j: int) -> tuple[int, int] | None:
    """Article offsets of tokens[i:j]; an insertion (empty stretch) marks the word after it."""
    if i < j:
        return tokens[i].start, tokens[j - 1].end
    if i < len(tokens):
        return tokens[i].start, tokens[i].end
    return None


def _first_mark(marks: list[tuple[int, int] | None]) -> tuple[int, int] | None:
    return next((m for m in marks if m is not None), None)


def _mask(word: str) -> str:
    low = word.lower()
    if low[0].isdigit() or low[0] in "$€£¥'’" or low in NUMBER_WORDS:
        return "#"
    if low in WEEKDAYS:
        return "@day"
    if low in MONTHS:
        return "@month"
    return low


def similar_pairs(statements: list[tuple[Statement, list[Word]]], options: DetailOptions) -> set[tuple[int, int]]:
    """Pairs of statement indices sharing enough masked 3-word shingles."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, (_, ws) in enumerate(statements):
        masked = [_mask(w.text) for w in ws]
        for shingle in {tuple(masked[k : k + 3]) for k in range(len(masked) - 2)}:
            index[shingle].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in index.values():
        if len(members) > options.max_shingle_sentences:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                shared[(i, j)] += 1
    return {pair for pair, n in shared.items() if n >= options.min_shared_shingles}


def _difference(op: tuple, wa: list[str], wb: list[str], same_negations: bool) -> str | None:
    """What one differing stretch says, when it is a detail that cannot both be true; None otherwise."""
    tag, i1, i2, j1, j2 = op
    left, right = wa[i1:i2], wb[j1:j2]
    if tag in ("insert", "delete"):
        added = [w.lower() for w in (right or left)]
        if len(added) == 1 and added[0] in NEGATIONS and not same_negations:
            return f'"{added[0]}" in only one'
        # one rank word before a title both print: "Deputy Foreign Minister X" / "Foreign Minister X";
        # a whole title added ("former President George W. Bush") is no contradiction
        if len(added) == 1 and added[0] in RANK_WORDS and _next_is_capitalised(op, wa, wb):
            return f'"{" ".join(right or left)}" in only one'
        return None
    if len(left) > 3 or len(right) > 3:
        return None
    a, b = " ".join(left), " ".join(right)
    la, lb = a.lower(), b.lower()
    if la == lb:
        return None
    va, vb = _number(left[-1:]), _number(right[-1:])
    if va is not None and vb is not None and _one_number(left) and _one_number(right):
        if not conflicting(va, vb):
            return None  # one value written two ways, two currencies, or a lost fraction
        # "who had 352 yards" / "who finished with 704 yards": the word after the number, which both
        # print, says what is counted, whatever verb leads to it
        number_op = (tag, i2 - 1, i2, j2 - 1, j2)
        return None if _elapsed(number_op, wa, wb) else f"{a} / {b}"
    if la in WEEKDAYS and lb in WEEKDAYS:
        return f"{a} / {b}"
    if _is_day_of_month(op, wa, wb) and int(wa[i1]) != int(wb[j1]):
        return f"{wa[i1 - 1]} {a} / {wb[j1 - 1]} {b}"
    if la in MONTHS and lb in MONTHS and MONTH_NUMBER[la] != MONTH_NUMBER[lb]:
        return f"{a} / {b}"
    return None


def _place_difference(places: tuple[str, str, bool] | None) -> str | None:
    """Two places that cannot both be right, where the tagger saw a place on both sides
    ("in Iran" / "in Pakistan", "in Chicago" / "in Mannheim").

    Outlets name a place at different grains ("off Aceh" / "off Indonesia", "Fort Smith,
    Ark." / "Arkansas"), so only places that lie in different countries or regions in the
    gazetteer disagree; a name it does not know disagrees with nothing here (see `_unplaced`).
    """
    return f"{places[0]} / {places[1]}" if places and disjoint(places[0], places[1]) else None


def _unplaced(places: tuple[str, str, bool] | None) -> str | None:
    """Two places of which the gazetteer knows one town or neither ("near Spiro" / "near Chicago",
    "in Aceh's Bener Meriah district" / "in Chicago's"): whether one lies in the other is for a
    reviewer to say. A name it does not know may well lie in a country or region it knows
    ("off Aceh" / "off Indonesia"), so that is no question."""
    if places is None or not places[2] or fold(places[0]) == fold(places[1]):
        return None  # "Pacific Ocean" / "Pacific Basin": one place named two ways, not two places
    known = [p for p in places[:2] if regions(p)]
    if len(known) == 2 or any(is_region(p) for p in known):
        return None
    return f"{places[0]} / {places[1]}"


def _places(corpus: Corpus, op: tuple, ta: list[Word], tb: list[Word]) -> tuple[str, str, bool] | None:
    """The two places one differing stretch falls in, as the tagger gives them ("Pacific Ocean" for
    "Ocean", "South Sudan" for "South Sudan's"), and whether the stretches are the whole of both."""
    tag, i1, i2, j1, j2 = op
    if tag != "replace" or i2 - i1 > 3 or j2 - j1 > 3:
        return None
    left, right = _place_of(corpus, ta[i1:i2]), _place_of(corpus, tb[j1:j2])
    if left is None or right is None:
        return None
    (a, whole_a), (b, whole_b) = left, right
    if _prints(tb, a) or _prints(ta, b):
        return None  # both name both places, in another order: "Washington's Eddie Jordan" / "Jordan (Washington)"
    return a, b, whole_a and whole_b


def _prints(tokens: list[Word], place: str) -> bool:
    """Whether a sentence's words print the place, possessive or not."""
    words = place.lower().split()
    lower = [without_possessive(t.text).lower() for t in tokens]
    return any(lower[k : k + len(words)] == words for k in range(len(lower) - len(words) + 1))


TIME_UNITS = {"hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"}


def _elapsed(op: tuple, wa: list[str], wb: list[str]) -> bool:
    """ "after four days of riots" / "after eight days", "two weeks ago": time gone by, which grows
    with the day a report was written, not a fact two reports can disagree on."""
    _, i1, i2, j1, j2 = op
    for words, start, end in ((wa, i1, i2), (wb, j1, j2)):
        unit = words[end].lower() if end < len(words) else ""
        before = words[start - 1].lower() if start > 0 else ""
        after = words[end + 1].lower() if end + 1 < len(words) else ""
        if unit in TIME_UNITS and (before in ("after", "for") or after in ("ago", "later", "into", "since", "after")):
            return True
    return False


def _negations(lower: list[str]) -> int:
    return sum(w in NEGATIONS for w in lower)


def _is_timestamp(ws: list[Word]) -> bool:
    """A dateline or "Updated: Thursday, May 2, 2013, 1:32 PM": mostly numbers, months and weekdays."""
    timeish = sum(_mask(w.text) != w.text.lower() or w.text.lower() in CLOCK_WORDS for w in ws)
    return timeish * 2 >= len(ws)


def _place_of(corpus: Corpus, stretch: list[Word]) -> tuple[str, bool] | None:
    """The tagged place a stretch of words lies in, and whether the stretch is all of it."""
    if not stretch or not stretch[0].text[:1].isupper():
        return None
    article = stretch[0].article
    # "in Aceh's Bener Meriah district": the tagger's place stops before the possessive
    start, end = stretch[0].start, stretch[-1].start + len(without_possessive(stretch[-1].text))
    for p0, p1 in corpus.extracted[article].places:
        if p0 <= start and end <= p1:
            place = without_possessive(corpus.articles[article].text[p0:p1])  # the tagger may keep it
            return place, start == p0 and end == p0 + len(place)
    return None


def _one_number(tokens: list[str]) -> bool:
    return sum(_number([t]) is not None for t in tokens) == 1


COMPARED = {ValueKind.NUMBER, ValueKind.UNCERTAIN, ValueKind.DECADE}  # ordinals and codes are no counts


def _number(tokens: list[str]) -> Value | None:
    if len(tokens) != 1:
        return None
    value = read_value(tokens[0])
    return value if value is not None and value.kind in COMPARED else None


def _key(word: str) -> str:
    """What the matcher compares: a value by what it is, any other word in lower case."""
    value = read_value(word) if word[:1].isdigit() or word[:1] in "$€£¥'’" else None
    if value is None:
        return word.lower()
    return f"{value.kind}:{value.low}:{value.high}:{value.currency}:{value.digits}"


def _is_day_of_month(op: tuple, wa: list[str], wb: list[str]) -> bool:
    _, i1, i2, j1, j2 = op
    return (
        i2 - i1 == 1
        and j2 - j1 == 1
        and i1 > 0
        and j1 > 0
        and wa[i1 - 1].lower() in MONTHS
        and wb[j1 - 1].lower() in MONTHS
        and wa[i1].isdigit()
        and wb[j1].isdigit()
    )


def _next_is_capitalised(op: tuple, wa: list[str], wb: list[str]) -> bool:
    """A rank word counts only before a title or name ("Deputy Foreign Minister"), not "the former site"."""
    tag, _, i2, _, j2 = op
    following = wb[j2 : j2 + 1] if tag == "insert" else wa[i2 : i2 + 1]
    return bool(following) and following[0][:1].isupper()


def _in_reach(corpus: Corpus, options: DetailOptions):
    """Whether an article's sentences can meet a draft's: always, unless a gate narrowed the corpus
    to drafts; then only articles published within `max_days_apart` of a draft (or undated) are
    read, so a gate against an archive does not shingle years of it. Boilerplate is then counted
    among the articles of the drafts' days."""
    if corpus.focus is None:
        return lambda article: True
    dates = [corpus.articles[a].published for a in corpus.focus if a in corpus.articles]
    if not dates or None in dates:
        return lambda article: True

    def reach(article: str) -> bool:
        published = corpus.articles[article].published
        return (
            article in corpus.focus
            or published is None
            or any(abs((published - d).days) <= options.max_days_apart for d in dates)
        )

    return reach


def _comparable(corpus: Corpus, a: Statement, b: Statement, options: DetailOptions) -> bool:
    if a.attributed_to and b.attributed_to and not same_speaker(corpus, a, b):
        return False  # two speakers may say different things; each report can be right
    da, db = corpus.articles[a.span.article].published, corpus.articles[b.span.article].published
    return da is None or db is None or abs((da - db).days) <= options.max_days_apart
