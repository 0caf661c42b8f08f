"""Reading ../shared/data/ecbplus_dev (ECB+, CC BY 3.0) as accord articles, with gold mentions as character spans.

Shared by the benchmarks; the data is read from ../shared and never copied into the project.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claims.types import Article

ROOT = Path(__file__).resolve().parent.parent
ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus_dev"


@dataclass(frozen=True)
class GoldMention:
    doc: str
    type: str
    text: str
    chain: str | None
    link: str | None
    start: int
    end: int


@dataclass(frozen=True)
class EcbDoc:
    article: Article
    topic: int
    subtopic: str
    mentions: tuple[GoldMention, ...]


def require_data() -> Path:
    if not ECBPLUS.is_dir():
        raise SystemExit(f"{ECBPLUS} is absent: these benchmarks need the development data in ../shared/data")
    return ECBPLUS


def load_docs() -> list[EcbDoc]:
    base = require_data()
    by_doc: dict[str, list[dict]] = {}
    for line in (base / "mentions.jsonl").open(encoding="utf-8"):
        m = json.loads(line)
        by_doc.setdefault(m["doc_id"], []).append(m)
    return [
        _doc(json.loads(line), by_doc.get(json.loads(line)["doc_id"], []))
        for line in (base / "documents.jsonl").open(encoding="utf-8")
    ]


MONTHS = {m[:3].lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH += r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
_WEEKDAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
FULL_DATE = re.compile(_MONTH + r"\.? (\d{1,2}),? ((?:19|20)\d\d)\b")
WEEKDAY_DATE = re.compile(r"\b" + _WEEKDAY + r"\W{1,3}" + _MONTH + r"\.? (\d{1,2})\b")
WEEKDAY_DAY_MONTH = re.compile(r"\b" + _WEEKDAY + r"\W{1,3}(\d{1,2}) " + _MONTH + r"\b")  # "Tuesday (6 January)"


def dated_subtopics() -> list[tuple[str, list[Article]]]:
    """Each subtopic's articles (several outlets reporting one real event), sorted by subtopic,
    dated by `publication_date` so that time-aware checks read them as a newsroom's dated copy."""
    by_subtopic: dict[str, list[Article]] = defaultdict(list)
    for doc in load_docs():
        by_subtopic[doc.subtopic].append(doc.article)
    dated = []
    for index, (subtopic, articles) in enumerate(sorted(by_subtopic.items())):
        texts = [a.text for a in articles]
        date = publication_date(texts) or on_named_weekday(dt.date(2025, 3, 3) + dt.timedelta(days=index), texts)
        dated.append(
            (subtopic, [a.model_copy(update={"published": date, "published_source": "metadata"}) for a in articles])
        )
    return dated


def publication_date(texts: list[str]) -> dt.date | None:
    """ECB+ gives no publication dates; the outlets reported each event within days, so a
    subtopic gets one date, estimated from the dates its articles print: the year most of
    its full dates ("March 11, 2005") name, else the first year, from the latest it names
    on, in which every weekday it ties to a month and day ("Thursday, May 2") falls right;
    then the day it names most often in that year (the event's, reported on the day or
    soon after), the latest of equals. None when it names neither (the caller picks a
    date on the weekday they name most, `on_named_weekday`)."""
    text = "\n".join(texts)
    named = Counter(int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text) if int(y) <= 2025)
    # a full date of a year the articles name less often than a later one recalls the past ("The
    # latest quakes in Manokwari occurred on Oct. 10, 2002" in reports that speak of 2004 as past)
    full = [
        d
        for d in (_date(y, m, d) for m, d, y in FULL_DATE.findall(text))
        if d and not any(y > d.year and n > named[d.year] for y, n in named.items())
    ]
    tied = [(w, MONTHS[m[:3].lower()], int(d)) for w, m, d in WEEKDAY_DATE.findall(text)]
    tied += [(w, MONTHS[m[:3].lower()], int(d)) for w, d, m in WEEKDAY_DAY_MONTH.findall(text)]
    if full:
        year = Counter(d.year for d in full).most_common(1)[0][0]
    elif tied:
        fits = [y for y in range(max(named, default=1990), 2026) if all(_weekday_fits(y, *t) for t in tied)]
        if not fits:
            return None
        year = fits[0]
    else:
        return None
    days = [d for d in full if d.year == year] + [d for _, m, day in tied if (d := _date(year, m, day))]
    return max(Counter(days).items(), key=lambda item: (item[1], item[0]))[0]


def on_named_weekday(start: dt.date, texts: list[str]) -> dt.date:
    """A stand-in date for a subtopic that prints no full date: the first day from `start` on the
    weekday its articles name most (the event's, reported on the day), so that an outlet's "today"
    and another's "Wednesday" can agree, as on their real dates; `start` when they name no weekday.
    Any other day would make the bench disagree with itself: "today" on a Monday, "Wednesday"
    five days before."""
    named = Counter(m.group() for text in texts for m in re.finditer(_WEEKDAY, text) if a_day(text, m.start(), m.end()))
    if not named:
        return start
    weekday = list(calendar.day_name).index(named.most_common(1)[0][0])
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


def a_day(text: str, start: int, end: int, sentence_start: int = 0) -> bool:
    """A weekday that dates something: not part of a name ("Patch Tuesday", "Super Tuesday") nor a
    recurring day ("the second Tuesday of each month", "every Friday"); changing those is no conflict."""
    before = text[sentence_start:start].split()[-1:] or [""]
    after = text[end : end + 20].split()[:2]
    if before[0][:1].isupper() and before[0].rstrip(",") not in ("On", "Last", "Next", "Early", "Late", "By", "Until"):
        return False
    if before[0].lower() in ("every", "each", "first", "second", "third", "fourth", "last") and after[:1] == ["of"]:
        return False
    return before[0].lower() not in ("every", "each")


def _date(year, month, day) -> dt.date | None:
    month = MONTHS[month[:3].lower()] if isinstance(month, str) else month
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def _weekday_fits(year: int, weekday: str, month: int, day: int) -> bool:
    date = _date(year, month, day)
    return date is not None and calendar.day_name[date.weekday()] == weekday


def _doc(raw: dict, mentions: list[dict]) -> EcbDoc:
    offsets: dict[int, tuple[int, int]] = {}  # doc-level token index -> char span in the article text
    parts: list[str] = []
    pos = 0
    token_index = 0
    for sent in raw["sentences"]:
        tokens = sent["tokens"]
        if raw["corpus_part"] == "ecbplus" and sent["sent_id"] == 0:  # the source URL, not text
            token_index += len(tokens)
            continue
        text = sent["text"]
        cursor = 0
        for token in tokens:
            found = text.find(token, cursor)
            if found >= 0:
                offsets[token_index] = (pos + found, pos + found + len(token))
                cursor = found + len(token)
            token_index += 1
        parts.append(text)
        pos += len(text) + 1
    article = Article(id=raw["doc_id"], text="\n".join(parts))
    gold = []
    for m in mentions:
        spans = [offsets[t] for t in m["token_ids"] if t in offsets]
        if spans:
            gold.append(
                GoldMention(m["doc_id"], m["type"], m["text"], m["chain_id"], m["link"], spans[0][0], spans[-1][1])
            )
    return EcbDoc(article=article, topic=raw["topic"], subtopic=raw["subtopic"], mentions=tuple(gold))


def iter_sentences(docs: list[EcbDoc]) -> Iterator[tuple[str, int, str]]:
    """(doc id, offset, sentence text) for every sentence of every document."""
    for doc in docs:
        pos = 0
        for line in doc.article.text.split("\n"):
            yield doc.article.id, pos, line
            pos += len(line) + 1
