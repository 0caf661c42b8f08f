"""The NLI check: what rules cannot express, judged by the NLI model on aligned sentence pairs.

Never all pairs of sentences. A pair of sentences is a candidate only when
- they come from different articles and name a common aligned entity (person or organisation);
- both are the outlet's own words, or both are attributed to the same speaker
  ("X said Y" does not contradict "Z said not-Y", nor the outlet's own "not-Y");
- their dates are within `max_days_apart` (a change over months is not a contradiction);
- they are aligned: the mean of their embeddings' cosine (names masked) and their word-for-word
  likeness reaches `similarity`;
- they are not near-copies (likeness under `max_copy_ratio`): detail-conflict compares copies word
  for word, and the shipped model (version 1) calls a sentence and its own copy a contradiction;
  a model that does not can take them with `max_copy_ratio = 1.0`;
- and it is among the `max_pairs_per_entity` best aligned pairs of each entity (the cap keeps the
  cost near-linear in the corpus).

Each sentence is then judged against its `premises` best-aligned sentences of the other report, in
both directions, and the evidence is aggregated as SummaC's zero-shot scorer does: a sentence's
support is the best (entailment - contradiction) over those premises, so a claim the other report
states anywhere among them is not contradicted by it. A pair is a finding when, both ways, its
support is at or below minus the model's calibrated threshold (or `threshold`). The finding names
the words that differ between the two sentences and highlights them.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import islice

from pydantic import BaseModel, ConfigDict, Field

from checker.checks.details import Word, words
from checker.corpus import Corpus
from checker.facts import canonical_names, evidence, same_speaker
from checker.findings import Finding, Severity, fingerprint
from checker.registry import register_check
from claims.types import ClaimKind, Statement


class NLIOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    model: str | None = None  # a local transformers NLI model directory; None: the shipped model
    threshold: float | None = Field(default=None, ge=-1.0, le=1.0)  # None: the model's calibrated threshold
    abstain: float | None = Field(default=None, ge=-1.0, le=1.0)  # None: the model's calibrated abstain bound
    similarity: float = Field(default=0.5, ge=-1.0, le=1.0)  # alignment: mean of cosine and word likeness
    premises: int = Field(default=2, ge=1)  # best-aligned sentences of the other report a sentence meets
    max_days_apart: int = Field(default=14, ge=0)
    max_pairs_per_entity: int = Field(default=50, ge=1)
    min_words: int = Field(default=5, ge=1)  # shorter sentences (captions, bylines) carry no claim to compare
    # sentences this alike word for word are left to detail-conflict: the shipped model (version 1) calls a
    # news sentence and its own copy a contradiction (models/MODEL_CARD.md); 1.0 for a model that does not
    max_copy_ratio: float = Field(default=0.6, ge=0.0, le=1.0)


@dataclass(frozen=True)
class NLIStats:
    """What the stage did, for benchmarks: candidates found, pairs scored, findings, abstentions."""

    candidates: int = 0
    scored: int = 0
    contradictions: int = 0
    abstained: int = 0


Key = tuple[int, int]


# Declared warning, reported at info until measured: a model's opinion earns its severity from its
# precision on held-aside news (checker/data/precision.toml), as every check does.
@register_check(
    "nli-contradiction",
    severity=Severity.WARNING,
    unmeasured=Severity.INFO,
    second_opinion=True,
    needs={ClaimKind.STATEMENT},
    options=NLIOptions,
)
def nli_contradiction(corpus: Corpus, options: NLIOptions) -> Iterable[Finding]:
    """Two sentences about the same entity, close in time, that the NLI model finds contradictory."""
    from models import NLIModel

    statements = [c for c in corpus.all_claims() if c.kind is ClaimKind.STATEMENT]
    statements = [s for s in statements if len(s.text.split()) >= options.min_words]
    pairs, alignment = candidate_pairs(corpus, statements, options)
    if not pairs:
        corpus.derived["nli_stats"] = NLIStats()
        return
    model = NLIModel.shared(options.model)
    fitted = model.calibration.score_threshold
    threshold = options.threshold
    if threshold is None:
        threshold = fitted if fitted is not None else model.calibration.contradiction_threshold
    abstain = options.abstain if options.abstain is not None else model.calibration.abstain_below
    scorer = corpus.engine.nli_scorer(options.model)
    forward = model.predict([(a.text, b.text) for a, b, _ in pairs], scorer=scorer)
    backward = model.predict([(b.text, a.text) for a, b, _ in pairs], scorer=scorer)
    scores = summac_scores(pairs, [p.probs for p in forward], [p.probs for p in backward])
    names = canonical_names(corpus)
    found = abstained = 0
    for (a, b, shared), f, r, score in zip(pairs, forward, backward, scores, strict=True):
        if score < threshold:
            abstained += score >= abstain
            continue
        found += 1
        entities = tuple(sorted(names[e] for e in shared))
        said, instead, spans = differences(a, b)
        what = f'"{said}" where the other says "{instead}"' if said or instead else "the opposite of the other"
        yield Finding(
            id=fingerprint("nli-contradiction", " ".join(a.text.split()), " ".join(b.text.split())),
            rule="nli-contradiction",
            severity=Severity.WARNING,
            message=(
                f"{a.span.article} and {b.span.article} say contradictory things about {', '.join(entities)}: "
                f"one says {what} (NLI model: p(contradiction) {f.probs['contradiction']:.2f} one way, "
                f"{r.probs['contradiction']:.2f} the other; alignment {alignment[(id(a), id(b))]:.2f})."
            ),
            entities=entities,
            evidence=(evidence(corpus, a, highlight=spans[0]), evidence(corpus, b, highlight=spans[1])),
            score=round(score, 4),
        )
    corpus.derived["nli_stats"] = NLIStats(len(pairs), 2 * len(pairs), found, abstained)


def summac_scores(pairs: list[tuple[Statement, Statement, object]], forward: list[dict], backward: list[dict]):
    """Each pair's contradiction score, aggregated as SummaC's zero-shot scorer does: a sentence's support in
    the other report is the best (entailment - contradiction) over the premises it met there, and a pair
    scores the lesser of minus its two sentences' support. A claim the other report states in any of the
    sentences it was aligned with is not contradicted by it, however another of them reads."""
    support: dict[tuple[int, str], float] = defaultdict(lambda: -1.0)
    for (a, b, _), f, r in zip(pairs, forward, backward, strict=True):
        for hypothesis, premise, probs in ((b, a, f), (a, b, r)):
            key = (id(hypothesis), premise.span.article)
            support[key] = max(support[key], probs["entailment"] - probs["contradiction"])
    return [min(-support[(id(b), a.span.article)], -support[(id(a), b.span.article)]) for a, b, _ in pairs]


MAX_DIFF_WORDS = 8  # a longer differing stretch is no "word changed": the finding names none


def differences(a: Statement, b: Statement) -> tuple[str, str, tuple[tuple[int, int] | None, ...]]:
    """What differs between two sentences. For copies with a few words changed, the words of each from
    the first to the last differing word, with their article offsets to highlight; otherwise the content
    words each has that the other lacks (a few), with nothing highlighted."""
    wa, wb = words(a), words(b)
    ops = [op for op in _matcher(wa, wb).get_opcodes() if op[0] != "equal"]
    if not ops:
        return "", "", (None, None)
    a0, a1, b0, b1 = ops[0][1], ops[-1][2], ops[0][3], ops[-1][4]
    if max(a1 - a0, b1 - b0) <= MAX_DIFF_WORDS:
        return _quote(a, wa[a0:a1]), _quote(b, wb[b0:b1]), (_span(wa[a0:a1]), _span(wb[b0:b1]))
    return _own_words(wa, wb), _own_words(wb, wa), (None, None)


def _own_words(ws: list[Word], others: list[Word], most: int = 4) -> str:
    from spacy.lang.en.stop_words import STOP_WORDS

    theirs = {w.text.lower() for w in others}
    own = [w.text for w in ws if w.text[0].isalnum() and w.text.lower() not in theirs | STOP_WORDS]
    return " ".join(dict.fromkeys(own[:most]))


def _quote(statement: Statement, ws: list[Word]) -> str:
    if not ws:
        return ""
    base = statement.span.start
    return statement.text[ws[0].start - base : ws[-1].end - base]


def _span(ws: list[Word]) -> tuple[int, int] | None:
    return (ws[0].start, ws[-1].end) if ws else None


def _matcher(wa: list[Word], wb: list[Word]) -> SequenceMatcher:
    return SequenceMatcher(None, [w.text.lower() for w in wa], [w.text.lower() for w in wb], autojunk=False)


def candidate_pairs(
    corpus: Corpus, statements: list[Statement], options: NLIOptions
) -> tuple[list[tuple[Statement, Statement, frozenset[str]]], dict[Key, float]]:
    """The aligned pairs (shared entity, compatible attribution and dates, aligned, capped per entity
    and per sentence) and each pair's alignment."""
    entities_of = {id(s): _entities_in(corpus, s) for s in statements}
    by_entity: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        for entity in entities_of[id(s)]:
            by_entity[entity].append(s)
    raw: dict[Key, tuple[Statement, Statement]] = {}
    per_entity: dict[str, list[Key]] = defaultdict(list)
    for entity, group in by_entity.items():
        for a, b in corpus.pairs(group, lambda s: s.span.article):
            if a.span.article == b.span.article or not _comparable(corpus, a, b, options):
                continue
            first, second = sorted((a, b), key=lambda s: (s.span.article, s.span.start))
            key = (id(first), id(second))
            raw[key] = (first, second)
            per_entity[entity].append(key)
    if not raw:
        return [], {}
    alignment, likeness = _alignment(corpus, raw)

    def where(key: Key) -> tuple:
        a, b = raw[key]
        return a.span.article, a.span.start, b.span.article, b.span.start

    keep: set[Key] = set()
    for keys in per_entity.values():
        # equal alignments (a sentence reprinted word for word) are common: positions break the tie,
        # so the pairs kept under the cap, and the findings, are the same on every run
        copies = options.max_copy_ratio < 1.0  # 1.0: no pair is left out as a copy
        close = sorted(
            (
                k
                for k in set(keys)
                if alignment[k] >= options.similarity and not (copies and likeness[k] >= options.max_copy_ratio)
            ),
            key=lambda k: (-alignment[k], where(k)),
        )
        keep.update(islice(close, options.max_pairs_per_entity))
    keep = _best_premises(raw, keep, alignment, options.premises)
    pairs = []
    for key in sorted(keep, key=where):
        a, b = raw[key]
        pairs.append((a, b, entities_of[id(a)] & entities_of[id(b)]))
    return pairs, alignment


def _best_premises(raw: dict[Key, tuple], keep: set[Key], alignment: dict[Key, float], n: int) -> set[Key]:
    """The pairs among `keep` that are among the `n` best aligned of one of their sentences against the
    other sentence's report: each sentence meets only the few sentences of another report about the same."""
    ranked: dict[tuple[int, str], list[Key]] = defaultdict(list)
    for key in keep:
        a, b = raw[key]
        ranked[(id(a), b.span.article)].append(key)
        ranked[(id(b), a.span.article)].append(key)
    chosen: set[Key] = set()
    for keys in ranked.values():
        chosen.update(sorted(keys, key=lambda k: -alignment[k])[:n])
    return chosen


def _alignment(
    corpus: Corpus, pairs: dict[Key, tuple[Statement, Statement]]
) -> tuple[dict[Key, float], dict[Key, float]]:
    """How well each pair's sentences are aligned (the mean of their embeddings' cosine, names masked, and
    their word-for-word likeness), and that likeness. Each sentence is encoded once."""
    from models.embed import SentenceEncoder

    unique = {id(s): s for pair in pairs.values() for s in pair}
    order = list(unique)
    vectors = SentenceEncoder.shared().encode([_names_masked(corpus, unique[k]) for k in order])
    row = {k: i for i, k in enumerate(order)}
    tokens = {k: words(s) for k, s in unique.items()}
    aligned, likeness = {}, {}
    for key, (a, b) in pairs.items():
        likeness[key] = _matcher(tokens[id(a)], tokens[id(b)]).ratio()
        aligned[key] = (float(vectors[row[id(a)]] @ vectors[row[id(b)]]) + likeness[key]) / 2
    return aligned, likeness


def _names_masked(corpus: Corpus, statement: Statement) -> str:
    """The statement with the names in it replaced by "someone": the pair shares a name by construction,
    and a name weighs so much in the embedding that it would make any two sentences about one person look alike."""
    text, base = statement.text, statement.span.start
    for m in reversed(_mentions_by_start(corpus, statement.span.article)):
        start, end = m.span.start - base, m.span.end - base
        if start >= 0 and end <= len(text):
            text = text[:start] + "someone" + text[end:]
    return re.sub(r"\s+", " ", text)


def _comparable(corpus: Corpus, a: Statement, b: Statement, options: NLIOptions) -> bool:
    if not same_speaker(corpus, a, b):
        return False
    da, db = corpus.articles[a.span.article].published, corpus.articles[b.span.article].published
    return da is None or db is None or abs((da - db).days) <= options.max_days_apart


def _entities_in(corpus: Corpus, statement: Statement) -> frozenset[str]:
    """Aligned entities named inside the statement's span."""
    mentions = _mentions_by_start(corpus, statement.span.article)
    starts = [m.span.start for m in mentions]
    found = set()
    for m in mentions[bisect.bisect_left(starts, statement.span.start) :]:
        if m.span.start >= statement.span.end:
            break
        entity = corpus.entity_of(m)
        if entity is not None and m.span.end <= statement.span.end:
            found.add(entity)
    return frozenset(found)


def _mentions_by_start(corpus: Corpus, article: str):
    cache = corpus.derived.setdefault("mentions_by_start", {})
    if article not in cache:
        cache[article] = sorted(corpus.extracted[article].mentions, key=lambda m: m.span.start)
    return cache[article]
