"""Planted conflicts: does accord flag a fact changed in one outlet's report of a real event?

Procedure (deterministic: seed 13 with the subtopic and kind), over ../shared/data/ecbplus_dev:
1. Each subtopic (several outlets reporting one real event) becomes a corpus; its
   articles get one publication date (`bench.ecbplus.dated_subtopics`: ECB+ gives none;
   the outlets reported the event within days), so time-aware checks can compare them.
2. Candidate plants are facts that another article of the subtopic corroborates, so
   the change really creates a contradiction inside the corpus:
   - title: a person's title (a role claim) that another article also gives the
     person; "Deputy " is inserted before it (or dropped from a deputy title);
   - number: a number in a sentence naming a person or organisation that another article
     names in a sentence with the same number (not a year, a clock time, a day of a month, a
     decimal, a range's bound or a score); it is doubled (or increased by 3 when small);
   - weekday: a weekday in a sentence naming a person or organisation that another
     article names in a sentence with the same weekday; it becomes two days later;
   - date: "Month day" the same way; the day moves by 4;
   - place: a place the tagger finds after "in", "at", "from", "to" or "near", in a
     sentence naming an entity that another article names beside the same place; it
     becomes another place from the list below.
   A weekday in a name or a recurring day ("Patch Tuesday", "the second Tuesday of each
   month") and a bound of a range ("35 to 40 firefighters") are not candidates: changing
   them makes no conflict; nor does such a weekday corroborate one.
   At most one plant of each kind per subtopic, chosen at random among candidates.
3. accord checks the planted corpus. A plant counts as flagged when a finding that the
   unplanted corpus does not have cites the planted sentence.
4. Each plant's closeness (measured without accord) says how closely another article states
   the fact it changes: the largest share of the planted sentence's other content words that
   a sentence of another article prints beside the original detail. The report gives the
   share flagged among plants at closeness 0.5 or more and among the rest.

Run: .venv/bin/python bench/planted.py [--limit N] [--half tune|valid]
(writes bench/planted.md, or bench/planted-HALF.md for one half of bench/splits.py)
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ecbplus import a_day, dated_subtopics
from bench.splits import HALVES, ecbplus_groups
from checker.pipeline import Corpus, run_checks
from checker.registry import CheckSettings
from claims.align import align_people
from claims.extract import extract_article, parse
from claims.types import Article, ClaimKind

HERE = Path(__file__).resolve().parent
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
OTHER_PLACES = ["Chicago", "Madrid", "Nairobi", "Ohio", "Texas", "Mumbai", "Sydney", "Toronto", "Kenya", "France"]


@dataclass(frozen=True)
class Plant:
    subtopic: str
    kind: str
    article: str
    start: int  # the changed characters in the original text
    end: int
    new: str
    sentence: tuple[int, int]  # the sentence around them, in the planted text
    before: str
    after: str


def corpus_of(articles: list[Article], extracted: dict | None = None) -> Corpus:
    extracted = dict(extracted or {})
    todo = [a for a in articles if a.id not in extracted]
    for article, doc in parse(todo):
        extracted[article.id] = extract_article(article, doc)
    alignment = align_people({a.id: extracted[a.id].mentions for a in articles})
    return Corpus(articles={a.id: a for a in articles}, extracted=extracted, alignment=alignment)


def entities_by_sentence(corpus: Corpus) -> dict[tuple[str, int, int], set[str]]:
    out: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.STATEMENT:
            key = (claim.span.article, claim.span.start, claim.span.end)
            for m in corpus.extracted[claim.span.article].mentions:
                if claim.span.start <= m.span.start < claim.span.end and corpus.entity_of(m):
                    out[key].add(corpus.entity_of(m))
    return out


def candidates(subtopic: str, corpus: Corpus) -> dict[str, list[Plant]]:
    found: dict[str, list[Plant]] = defaultdict(list)
    texts = {a: corpus.articles[a].text for a in corpus.articles}

    def plant(kind, article, start, end, new, sentence):
        s0, s1 = sentence
        text = texts[article]
        found[kind].append(
            Plant(subtopic, kind, article, start, end, new, (s0, s1 + len(new) - (end - start)),
                  text[s0:s1], text[s0:start] + new + text[end:s1])
        )  # fmt: skip

    roles = defaultdict(list)
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.HOLDS_ROLE and corpus.entity_of(claim.person):
            roles[(corpus.entity_of(claim.person), claim.role.role)].append(claim)
    for claims in roles.values():
        if len({c.span.article for c in claims}) < 2:
            continue
        for c in claims:
            text = texts[c.span.article]
            where = text.find(c.role.written, c.span.start, c.span.end)
            if where < 0 or c.role.qualifiers:
                continue
            if c.role.written.startswith(("Deputy ", "deputy ")):
                plant("title", c.span.article, where, where + 7, "", (c.sentence.start, c.sentence.end))
            else:
                plant("title", c.span.article, where, where, "Deputy ", (c.sentence.start, c.sentence.end))
    sentences = entities_by_sentence(corpus)
    found_places: dict[str, list[tuple[int, int]]] = {}
    patterns = {
        "weekday": re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b"),
        "date": re.compile(rf"\b(?:{MONTHS})\.? (\d{{1,2}})\b"),
        "number": re.compile(r"\b\d{1,3}(?:,\d{3})*\b"),
    }
    for article, extracted in corpus.extracted.items():  # places the tagger found, after "in", "at", "from"...
        text = texts[article]
        for p0, p1 in extracted.places:
            if re.search(r"\b(?:in|at|from|to|near)\s+$", text[max(0, p0 - 6) : p0]) and text[p0:p1][:1].isupper():
                found_places.setdefault(article, []).append((p0, p1))
    for kind, pattern in [*patterns.items(), ("place", None)]:
        seen = defaultdict(set)  # (token, entity) -> articles
        hits = []
        for (article, s0, s1), entities in sentences.items():
            if pattern is None:
                matches = [(p0, p1) for p0, p1 in found_places.get(article, []) if s0 <= p0 and p1 <= s1]
            else:
                matches = [(m.start(), m.end()) for m in pattern.finditer(texts[article], s0, s1)]
            for start, end in matches:
                if kind == "weekday" and not a_day(texts[article], start, end, s0):
                    continue  # neither a plant nor a corroboration: "Patch Tuesday", "the second Tuesday of each month"
                token = texts[article][start:end]
                for e in entities:
                    seen[(token, e)].add(article)
                hits.append((article, s0, s1, start, end, token, entities))
        for article, s0, s1, start, end, token, entities in hits:
            if not any(seen[(token, e)] - {article} for e in entities):
                continue
            if kind == "number" and not _a_count(texts[article], start, end):
                continue
            if kind == "number":
                value = int(token.replace(",", ""))
                plant(kind, article, start, end, f"{value + 3 if value < 10 else value * 2:,}", (s0, s1))
            elif kind == "weekday":
                plant(kind, article, start, end, WEEKDAYS[(WEEKDAYS.index(token) + 2) % 7], (s0, s1))
            elif kind == "date":
                m = pattern.fullmatch(token)
                day = int(m.group(1))
                new_day = day + 4 if day <= 24 else day - 4
                plant(kind, article, start + m.start(1), start + m.end(1), str(new_day), (s0, s1))
            else:
                new = next(p for p in OTHER_PLACES if p != token and p not in texts[article])
                plant(kind, article, start, end, new, (s0, s1))
    return found


def _a_count(text: str, start: int, end: int) -> bool:
    """A number standing for itself: not a year, a clock time, a day of a month, a decimal's part,
    a bound of a range or a score ("35 to 40", "31-24"), nor part of a word ("MS08-078")."""
    before, after = text[max(0, start - 12) : start], text[end : end + 12]
    if re.search(r"[\w.:$/-]$", before) or re.match(r"[\w:/-]|[.,]\d|,\s\d{3}\b|\s*(?:[ap]\.\s?m|[ap]m\b|:)", after):
        return False  # "2013", "7:30", "7 p.m.", "5.4", "40, 000" as ECB+ writes 40,000
    if re.search(r"\d,\s$", before) or (re.search(r"\b[A-Z]\w*\s$", before) and re.match(r"\s[A-Z]", after)):
        return False  # "1, 600"; a list of versions ("IE6, 7"); a name with a number in it ("Core 2 Duo")
    months = f"{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
    if re.search(rf"\b(?:{months})\.?\s*$", before) or re.match(rf"\s*(?:{months})\b", after):
        return False
    return not _in_range(text, start, end)


def _in_range(text: str, start: int, end: int) -> bool:
    """A bound of a range ("35 to 40 firefighters", "35-40") or a side of a score or record ("31-24",
    "11 - 5"): the pair, not the number, is the claim."""
    return bool(
        re.search(r"\d\s*(?:to|-|–)\s*$", text[max(0, start - 8) : start])
        or re.match(r"\s*(?:to|-|–)\s*\d", text[end : end + 8])
    )


def apply(article: Article, p: Plant) -> Article:
    return article.model_copy(update={"text": article.text[: p.start] + p.new + article.text[p.end :]})


def flagged(p: Plant, findings, baseline_ids: set[str]) -> list[str]:
    s0, s1 = p.sentence
    hits = []
    for f in findings:
        if f.id in baseline_ids:
            continue
        if any(e.article == p.article and e.start < s1 and e.end > s0 for e in f.evidence):
            hits.append(f.rule)
    return hits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="stop after this many plants (0: all)")
    parser.add_argument("--nli-model", help="an NLI model directory other than the shipped one")
    parser.add_argument("--half", choices=HALVES, help="only the subtopics of this half's topics")
    args = parser.parse_args()
    settings = {}
    if args.nli_model:
        settings["nli-contradiction"] = CheckSettings(options={"model": args.nli_model})
    started = time.perf_counter()
    results = []
    groups = dated_subtopics()
    if args.half:
        in_half = {s for s, _ in ecbplus_groups(args.half)}
        groups = [(s, arts) for s, arts in groups if s in in_half]
    for subtopic, articles in groups:
        base = corpus_of(articles)
        baseline_ids = {f.id for f in run_checks(base, settings)}
        for kind, found in sorted(candidates(subtopic, base).items()):
            p = random.Random(f"13:{subtopic}:{kind}").choice(found)  # one stream per choice: stable picks
            planted_articles = [apply(a, p) if a.id == p.article else a for a in articles]
            kept = {k: v for k, v in base.extracted.items() if k != p.article}
            findings = run_checks(corpus_of(planted_articles, kept), settings)
            results.append((p, flagged(p, findings, baseline_ids), closeness(p, articles)))
            if args.limit and len(results) >= args.limit:
                break
        if args.limit and len(results) >= args.limit:
            break
        print(f"{subtopic}: {len(results)} plants so far, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    write_report(results, time.perf_counter() - started, f"planted-{args.half}.md" if args.half else "planted.md")


STOPWORDS = {
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "but", "is", "was", "were", "be", "been",
    "has", "have", "had", "that", "this", "with", "by", "from", "as", "it", "its", "he", "she", "they", "his", "her",
    "their", "said", "says", "after", "before", "who", "which", "not", "will", "would",
}  # fmt: skip
CLOSE = 0.5


def closeness(p: Plant, articles: list[Article]) -> float:
    """How closely another article states the fact the plant changes, whatever accord makes of it: the
    largest share of the planted sentence's other content words that one sentence of another article
    prints beside the original detail (for a title, beside anything). A measure of the test, not of
    accord: a change no other outlet states in a like sentence can only be caught by a model."""
    original = next(a.text for a in articles if a.id == p.article)[p.start : p.end]
    words = _content_words(p.before) - _content_words(original)
    best = 0.0
    for article in articles:
        if article.id == p.article:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+|\n", article.text):
            if p.kind == "title" or re.search(rf"(?<!\w){re.escape(original)}(?!\w)", sentence):
                best = max(best, len(words & _content_words(sentence)) / max(1, len(words)))
    return best


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)} - STOPWORDS


def write_report(results, elapsed: float, name: str) -> None:
    by_kind = defaultdict(list)
    for p, rules, _ in results:
        by_kind[p.kind].append(bool(rules))
    total = sum(bool(r) for _, r, _ in results)
    fired = Counter(rule for _, rules, _ in results for rule in set(rules))
    close = [bool(rules) for _, rules, c in results if c >= CLOSE]
    far = [bool(rules) for _, rules, c in results if c < CLOSE]
    lines = [
        "# Planted conflicts in ECB+ subtopics",
        "",
        "Generated by `bench/planted.py` (procedure in its docstring).",
        "",
        f"{len(results)} plants, {total} flagged ({total / max(1, len(results)):.2f}); {elapsed:.0f} s.",
        "",
        "| kind | plants | flagged | share |",
        "|---|---|---|---|",
        *(f"| {k} | {len(v)} | {sum(v)} | {sum(v) / len(v):.2f} |" for k, v in sorted(by_kind.items())),
        "",
        "Checks that fired on a plant: " + ", ".join(f"{rule} {n}" for rule, n in fired.most_common()),
        "",
        f"Plants whose fact another article states in a like sentence (closeness >= {CLOSE}, see"
        f" `closeness`): {sum(close)} of {len(close)} flagged ({sum(close) / max(1, len(close)):.2f});"
        f" the others: {sum(far)} of {len(far)} ({sum(far) / max(1, len(far)):.2f}).",
        "",
        "| subtopic | kind | closeness | flagged by | changed sentence |",
        "|---|---|---|---|---|",
    ]
    for p, rules, c in results:
        after = p.after.replace("|", "/").replace("\n", " ")
        lines.append(f"| {p.subtopic} | {p.kind} | {c:.2f} | {', '.join(sorted(set(rules))) or '-'} | {after[:160]} |")
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[: 14 + len(by_kind)]))


if __name__ == "__main__":
    main()
