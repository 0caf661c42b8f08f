"""The facts sheet on news we did not write: bench/reference_sheet.toml (22 terms of office, 1993-2023)
checked against ECB+ (../shared/data/ecbplus_dev), with its articles dated where their text dates them.

1. False findings: every reference-* finding on the corpus as it is, printed for review by hand.
2. Planted wrong titles, "a former official called by the title years later":
   - "former": each "former X <name>" after the sheet's term loses its "former";
   - "moved": each article that gives a sheet person a present title within the term, dated only by
     its publication, is re-dated four years after the term's end.
   Each planted article is gated against the other reports of its event (its ECB+ subtopic) and
   the sheet; a plant counts as found when a reference finding cites its claim.

Usage: .venv/bin/python bench/reference_bench.py
"""

from __future__ import annotations

import datetime as dt
import platform
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from bench.ecbplus import load_docs, publication_date
from checker.facts import role_facts
from checker.pipeline import build_corpus, check_corpus
from checker.reference import attach, load_sheets, match_entities
from checker.registry import CheckSettings, registered_checks
from claims.types import Article

SHEET = Path(__file__).resolve().parent / "reference_sheet.toml"


ONLY_REFERENCE = {s.id: CheckSettings(enabled=s.id.startswith("reference-")) for s in registered_checks()}


def dated_articles() -> tuple[list[Article], dict[str, str]]:
    """The articles, dated where their subtopic's text gives a date, and each one's subtopic."""
    by_subtopic: dict[str, list[Article]] = defaultdict(list)
    for doc in load_docs():
        by_subtopic[doc.subtopic].append(doc.article)
    articles, subtopic = [], {}
    for name, group in by_subtopic.items():
        date = publication_date([a.text for a in group])  # None where the text gives no date: left undated
        articles += [a.model_copy(update={"published": date}) for a in group]
        subtopic.update({a.id: name for a in group})
    return articles, subtopic


def reference_findings(articles, sheet, focus=None):
    """The reference findings (the other checks off: they do not change these)."""
    corpus = attach(build_corpus(articles), sheet)
    if focus is not None:
        corpus = replace(corpus, focus=frozenset(focus))
    report = check_corpus(corpus, ONLY_REFERENCE)
    return corpus, [f for f in report.findings if f.rule.startswith("reference-")]


def main() -> None:
    sheet = load_sheets([SHEET])
    articles, subtopic = dated_articles()
    started = time.perf_counter()
    corpus, found = reference_findings(articles, sheet)
    elapsed = time.perf_counter() - started
    matches = match_entities(corpus, sheet)
    facts = [f for f in role_facts(corpus) if f.entity in matches]
    dated = sum(1 for a in articles if a.published)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"corpus: {len(articles)} ECB+ articles, {dated} dated; checked with the sheet in {elapsed:.1f} s")
    print(f"sheet: {len(sheet)} entries; {len(matches)} corpus entities aligned to {len(sheet.people)} sheet people")
    print(f"title claims of aligned people: {len(facts)}, dated {sum(1 for f in facts if f.date)}")
    print(f"reference findings on the corpus as it is: {len(found)}")
    for finding in found:
        print(f"  [{finding.rule}] {finding.message}")

    plants = []  # (kind, article copy, quote that must be cited)
    by_id = {a.id: a for a in articles}
    for fact in facts:
        person = matches[fact.entity].person
        offices = [o for o in person.offices if o.role.role == fact.role.role]
        if not offices or fact.date is None:
            continue
        article = by_id[fact.article]
        quote = fact.claim.span.quote
        if "former" in fact.role.qualifiers:
            ended = [o for o in offices if o.end and fact.date.start > o.end.last + dt.timedelta(days=30)]
            words = [w for w in ("former ", "Former ") if w in quote]
            if ended and words:
                planted = quote.replace(words[0], "", 1)
                text = article.text[: fact.claim.span.start] + planted + article.text[fact.claim.span.end :]
                plants.append(("former", article.model_copy(update={"id": f"{article.id}+former", "text": text}),
                               planted))  # fmt: skip
        elif fact.role.is_current and fact.date.text is None and article.published:
            within = [o for o in offices if o.end and o.possible()[0] <= fact.date.start <= o.end.first]
            if within:
                later = within[0].end.last.replace(year=within[0].end.last.year + 4)
                copy = article.model_copy(update={"id": f"{article.id}+moved", "published": later})
                plants.append(("moved", copy, quote))
    unique = {(kind, a.id, q): (kind, a, q) for kind, a, q in plants}
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, article, quote in unique.values():
        # gated as a draft against the other reports of its event, as a newsroom would
        original = article.id.split("+")[0]
        others = [a for a in articles if subtopic[a.id] == subtopic[original] and a.id != original]
        _, flagged = reference_findings([article, *others], sheet, focus={article.id})
        cited = any(quote in e.quote for f in flagged for e in f.evidence if e.article == article.id)
        hits[kind][0] += cited
        hits[kind][1] += 1
        if not cited:
            print(f"  missed ({kind}) {article.id} {article.published}: {quote!r}")
    for kind, (found_n, total) in sorted(hits.items()):
        print(f"planted '{kind}': {found_n} of {total} found")
    all_found, all_total = sum(h[0] for h in hits.values()), sum(h[1] for h in hits.values())
    print(f"planted wrong titles: {all_found} of {all_total} found ({all_found / max(all_total, 1):.0%})")


if __name__ == "__main__":
    main()
