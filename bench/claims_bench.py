"""Claims on text we did not write: ECB+ (../shared/data/ecbplus_dev).

Measures, in one run:
- extraction speed (articles per second: parse, extract, align), on this machine's cores;
- cross-document person alignment against ECB+'s HUMAN_PART cross-document chains:
  pairwise precision and recall over the named mentions accord found;
- recall of date detection against ECB+'s TIME_DATE mentions;
- role claims in 50 sentences that contain a title, listed in bench/roles_sample.md with
  the verdicts given by hand in bench/roles_verdicts.json (precision over those).

Run: .venv/bin/python bench/claims_bench.py   (writes bench/roles_sample.md, prints the numbers)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ecbplus import EcbDoc, load_docs
from claims.align import align_people
from claims.extract import extract_article, parse
from claims.nlp import load_nlp
from claims.ontology import default_ontology
from claims.timex import resolve
from claims.types import ClaimKind, EntityKind

HERE = Path(__file__).resolve().parent
SAMPLE = 50
REFERENCE_DATE = dt.date(2013, 6, 15)  # ECB+ articles carry no date; relative dates are resolved against this


def main() -> None:
    docs = load_docs()
    load_nlp()
    default_ontology()
    started = time.perf_counter()
    extracted = {}
    date_spans: dict[str, list[tuple[int, int, str]]] = {}
    for article, doc in parse(d.article for d in docs):
        extracted[article.id] = extract_article(article, doc)
        date_spans[article.id] = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "DATE"]
    alignment = align_people({k: v.mentions for k, v in extracted.items()})
    elapsed = time.perf_counter() - started
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"extraction: {len(docs)} articles in {elapsed:.1f} s = {len(docs) / elapsed:.1f} articles/s")
    n_claims = sum(len(v.claims) for v in extracted.values())
    n_mentions = sum(1 for v in extracted.values() for m in v.mentions if m.kind is EntityKind.PERSON)
    print(f"claims: {n_claims}, person mentions: {n_mentions}")

    person_alignment(docs, extracted, alignment)
    date_recall(docs, date_spans)
    role_sample(docs, extracted)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def person_alignment(docs: list[EcbDoc], extracted, alignment) -> None:
    """Pairwise precision/recall over cross-document pairs of named person mentions."""
    subtopic = {d.article.id: d.subtopic for d in docs}
    matched = []  # (doc, gold chain, predicted entity)
    gold_named = []  # gold cross-doc person mentions that look like names (capitalised, not pronouns)
    for doc in docs:
        ours = [m for m in extracted[doc.article.id].mentions if m.kind is EntityKind.PERSON]
        for gold in doc.mentions:
            if gold.type != "HUMAN_PART_PER" or gold.link != "CROSS_DOC_COREF" or not gold.chain:
                continue
            if gold.text[:1].isupper() and gold.text.lower() not in {
                "he",
                "she",
                "her",
                "his",
                "him",
                "they",
                "i",
                "we",
            }:
                gold_named.append(gold)
            hit = next((m for m in ours if _overlaps(m.span.start, m.span.end, gold.start, gold.end)), None)
            if hit is not None:
                matched.append((doc.article.id, gold.chain, alignment.entity_of(hit)))
    for scope in ("subtopic", "corpus"):
        tp = fp = fn = 0
        for (d1, c1, e1), (d2, c2, e2) in combinations(matched, 2):
            if d1 == d2 or (scope == "subtopic" and subtopic[d1] != subtopic[d2]):
                continue
            same_pred, same_gold = e1 is not None and e1 == e2, c1 == c2
            tp += same_pred and same_gold
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        print(
            f"person alignment ({scope} pairs): {len(matched)} gold mentions matched; "
            f"pairs tp={tp} fp={fp} fn={fn}; precision {precision:.3f}, recall {recall:.3f}"
        )
    chains_named = defaultdict(set)
    for gold in gold_named:
        chains_named[gold.chain].add(gold.doc)
    gold_pairs = sum(len(ds) * (len(ds) - 1) // 2 for ds in chains_named.values())
    print(f"gold named person mentions: {len(gold_named)}; accord matched {len(matched)} gold person mentions")
    print(f"cross-doc document pairs sharing a named gold person: {gold_pairs}")


def date_recall(docs: list[EcbDoc], date_spans) -> None:
    gold = [m for d in docs for m in d.mentions if m.type == "TIME_DATE"]
    detected = resolved = 0
    for m in gold:
        hits = [s for s in date_spans[m.doc] if _overlaps(s[0], s[1], m.start, m.end)]
        if hits:
            detected += 1
            if any(resolve(text, REFERENCE_DATE) is not None for _, _, text in hits):
                resolved += 1
    print(
        f"dates: {len(gold)} TIME_DATE mentions; detected {detected} (recall {detected / len(gold):.3f}); "
        f"detected and resolved to an interval {resolved} ({resolved / len(gold):.3f})"
    )


def role_sample(docs: list[EcbDoc], extracted) -> None:
    """50 sentences that contain a title, with the role claims accord read from them."""
    ontology = default_ontology()
    tokenizer = load_nlp().tokenizer
    candidates = []
    for doc in docs:
        text = doc.article.text
        claims = [c for c in extracted[doc.article.id].claims if c.kind is ClaimKind.HOLDS_ROLE]
        pos = 0
        for line in text.split("\n"):
            words = [t.text for t in tokenizer(line)]
            has_title = any(_title_of_a_person(ontology, words, i) for i in range(len(words)))
            if has_title:
                inside = [c for c in claims if pos <= c.span.start < pos + len(line)]
                candidates.append((doc.article.id, pos, line, inside))
            pos += len(line) + 1
    step = max(1, len(candidates) // SAMPLE)
    sample = candidates[::step][:SAMPLE]
    verdicts_file = HERE / "roles_verdicts.json"
    verdicts = json.loads(verdicts_file.read_text()) if verdicts_file.exists() else {}
    rows = ["# Role claims on 50 ECB+ sentences that contain a title", "",
            "Generated by `bench/claims_bench.py`; verdicts given by hand in `bench/roles_verdicts.json`", "",
            "| # | sentence (doc) | claim | verdict |", "|---|---|---|---|"]  # fmt: skip
    right = judged = 0
    for n, (doc_id, _pos, line, claims) in enumerate(sample, start=1):
        if not claims:
            rows.append(f"| {n} | {_cell(line)} ({doc_id}) | (none) | |")
        for claim in claims:
            key = f"{doc_id}:{claim.span.start}:{claim.person.name}:{claim.role.role}"
            role = claim.role
            where = f" ({role.country or role.org})" if role.country or role.org else ""
            desc = f"{claim.person.name}: {role.name}{where}" + (
                f" [{', '.join(role.qualifiers)}]" if role.qualifiers else ""
            )
            verdict = verdicts.get(key, "")
            if verdict:
                judged += 1
                right += verdict.startswith("right")
            rows.append(f"| {n} | {_cell(line)} ({doc_id}) | {_cell(desc)} `{key}` | {verdict} |")
    claims_total = sum(len(c[3]) for c in sample)
    summary = f"{claims_total} role claims in {len(sample)} sentences; judged {judged}, right {right}"
    if judged:
        summary += f", precision {right / judged:.3f}"
    rows += ["", summary, ""]
    (HERE / "roles_sample.md").write_text("\n".join(rows), encoding="utf-8")
    print(f"role sample: {summary} (bench/roles_sample.md)")


def _title_of_a_person(ontology, words: list[str], i: int) -> bool:
    """A title used as one: capitalised and followed by a capitalised word, or after ", the"."""
    match = ontology.match_title(words, i)
    if match is None or words[i].isupper():
        return False
    end = i + match[1]
    named = words[i][:1].isupper() and end < len(words) and words[end][:1].isupper()
    appositive = i >= 2 and words[i - 1].lower() in ("the", "a") and words[i - 2] == ","
    return named or appositive


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


if __name__ == "__main__":
    main()
