"""Synthetic NLI pairs from real news sentences (ECB+), of the kinds news contradicts itself in.

Each pair takes a real sentence and changes, adds or drops one thing that matters:
a title or rank (Deputy, former), a number, a weekday, a month or year, a place, a
negation, an antonym verb; "the late X" against "X is alive"; or keeps the meaning
(a clause dropped, a role stated plainly, "about N") or adds a detail the premise does
not support (neutral). Deterministic for a given seed. None of the templates uses the
project's probe sentences.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from models.data import Pair, half_of, require_shared, topic_half

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty"]
AUXILIARIES = ["is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could"]
ANTONYMS = [
    ("won", "lost"), ("rose", "fell"), ("increased", "decreased"), ("arrived", "left"), ("acquitted", "convicted"),
    ("opened", "closed"), ("confirmed", "denied"), ("accepted", "rejected"), ("approved", "rejected"),
    ("started", "ended"), ("raised", "lowered"), ("hired", "fired"), ("released", "detained"), ("gained", "lost"),
]  # fmt: skip
TITLES = [
    "President", "Prime Minister", "Foreign Minister", "Defence Minister", "Interior Minister", "Finance Minister",
    "Army Chief", "Chief of Army Staff", "Governor", "Mayor", "Senator", "Judge", "Coach", "Chief Executive",
    "Police Commissioner", "Secretary of State", "Speaker", "Ambassador", "Foreign Secretary", "Vice President",
]  # fmt: skip
RANK_CHANGES = {  # a title and the lower or different titles a careless report gives instead
    "Foreign Minister": ["Deputy Foreign Minister", "Foreign Secretary", "former Foreign Minister"],
    "Prime Minister": ["Deputy Prime Minister", "former Prime Minister"],
    "President": ["Vice President", "former President"],
    "Vice President": ["President"],
    "Chief of Army Staff": ["Deputy Chief of Army Staff", "former Chief of Army Staff"],
    "Foreign Secretary": ["Foreign Minister", "Deputy Foreign Minister"],
}
PLACES = [
    "Islamabad", "Tehran", "Kabul", "Delhi", "Beijing", "Moscow", "Paris", "London", "Berlin", "Washington", "Cairo",
    "Ankara", "Baghdad", "Riyadh", "Doha", "Dubai", "Tokyo", "Seoul", "Jakarta", "Manila", "Nairobi", "Lagos",
    "Athens", "Rome", "Madrid", "Lisbon", "Vienna", "Geneva", "Brussels", "Rawalpindi", "Lahore", "Karachi",
    "New York", "Los Angeles", "Chicago", "Houston", "Boston", "Atlanta", "Philadelphia", "Sydney", "Toronto",
]  # fmt: skip
DETAILS = [
    " for the first time", " after a long delay", " despite strong objections", " at the request of the government",
    " in a closed session", " with the support of the opposition", " two days earlier than planned",
]  # fmt: skip
_NUMBER_RE = re.compile(r"\b(\d{1,3}(?:,\d{3})*|\d+(?:\.\d+)?)\b")
_YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")


def ecbplus_sentences(half: str | None = None) -> list[list[str]]:
    """Real news sentences, grouped by document (ECB+ development topics; `half`: only that split's topics)."""
    base = require_shared() / "ecbplus_dev" / "documents.jsonl"
    rows = [json.loads(line) for line in base.open(encoding="utf-8")]
    in_half = topic_half({row["topic"] for row in rows}, half)
    docs = []
    for raw in rows:
        if raw["topic"] not in in_half:
            continue
        sents = []
        for sent in raw["sentences"]:
            if raw["corpus_part"] == "ecbplus" and sent["sent_id"] == 0:
                continue
            text = re.sub(r"\s+", " ", sent["text"].replace("``", '"').replace("''", '"')).strip()
            if 6 <= len(text.split()) <= 60 and text[-1:] in '.!?"':
                sents.append(text)
        docs.append(sents)
    return docs


def neus_leads(half: str = "tune") -> list[str]:
    """Title and lead of every NeuS report of one half (split by event as bench/splits.py does)."""
    path = require_shared() / "neus_dev" / "events.jsonl"
    texts = []
    for line in path.open(encoding="utf-8"):
        event = json.loads(line)
        if half_of(event["event"]) == half:
            texts.extend(f"{a['text']}" for a in event["articles"] if a.get("text"))
    return texts


@dataclass(frozen=True)
class NewsDoc:
    """One real article's usable sentences and the names it holds, by kind (person, place, organisation)."""

    sentences: list[str]
    names: dict[str, list[str]] = field(default_factory=dict)


_KINDS = {"PERSON": "person", "GPE": "place", "LOC": "place", "ORG": "organisation", "NORP": "group"}


def news_documents(half: str = "tune") -> list[NewsDoc]:
    """The tuning halves of ECB+ and NeuS, parsed once with accord's spaCy pipeline: the validation
    halves measure the NLI stage (bench/precision.py, bench/planted.py) and never feed training."""
    from claims.nlp import load_nlp

    texts = [" ".join(doc) for doc in ecbplus_sentences(half)] + neus_leads(half)
    nlp = load_nlp()
    docs = []
    for parsed in nlp.pipe(texts, batch_size=64):
        sents = [" ".join(x.text.split()) for x in parsed.sents]
        sents = [x for x in sents if 6 <= len(x.split()) <= 60 and x[-1:] in '.!?"']
        names: dict[str, list[str]] = {}
        for ent in parsed.ents:
            kind = _KINDS.get(ent.label_)
            text = ent.text.removeprefix("the ").strip()
            if kind and text[:1].isupper() and text not in names.setdefault(kind, []):
                names[kind].append(text)
        if sents:
            docs.append(NewsDoc(sents, names))
    return docs


# At most this many pairs of a kind, so that cheap kinds do not drown the rare ones.
CAPS = {
    "same_topic": 2500, "detail_added": 2500, "negation": 2500, "number": 1800, "approximate": 1200,
    "titled_changed": 2000, "titled_stated": 1500, "titled_unsupported": 1500, "late_alive": 1000, "late_dead": 1000,
    "late_current": 800, "short_entailed": 3000, "short_changed": 4500, "short_detail": 2000, "swapped": 1500,
    "identity": 2500, "light_variant": 3000, "entity_swapped": 4000, "addition": 2500, "role_stated": 1500,
    "role_changed": 1500, "rank_changed": 1500, "not_said_dead": 800, "clause_dropped": 2000, "weekday": 1500,
    "month": 1200, "year": 1200, "place": 1500, "antonym": 1500,
}  # fmt: skip


def generate(seed: int = 13, scale: float = 1.0, half: str = "tune") -> list[Pair]:
    """The synthetic pairs; `scale` multiplies every kind's cap (kinds without a cap keep all they find).
    Training reads the tuning half; the validation half's pairs calibrate the stage's threshold."""
    rng = random.Random(seed)
    by_kind: dict[str, list[Pair]] = {}
    for doc in news_documents(half):
        for sentence in doc.sentences:
            for maker in MAKERS:
                for pair in maker(sentence, doc, rng):
                    by_kind.setdefault(pair.source.removeprefix("synthetic/"), []).append(pair)
    pairs: list[Pair] = []
    for kind in sorted(by_kind):
        found = by_kind[kind]
        rng.shuffle(found)
        pairs.extend(found[: round(CAPS[kind] * scale)] if kind in CAPS else found)
    rng.shuffle(pairs)
    return pairs


def _pair(premise: str, hypothesis: str, label: str, kind: str, rng: random.Random, symmetric: bool = False) -> Pair:
    if symmetric and rng.random() < 0.5:  # a contradiction holds both ways
        premise, hypothesis = hypothesis, premise
    return Pair(premise, hypothesis, label, f"synthetic/{kind}")


def number_change(s: str, doc, rng) -> Iterator[Pair]:
    for m in _NUMBER_RE.finditer(s):
        if _YEAR_RE.fullmatch(m.group()):
            continue
        value = float(m.group().replace(",", ""))
        new = value + rng.choice([1, 2, 3, 5, 10]) if value < 20 else round(value * rng.choice([0.5, 0.7, 1.4, 2, 3]))
        new_text = f"{new:,.0f}" if "," in m.group() else (f"{new:g}" if "." in m.group() else f"{int(new)}")
        yield _pair(s, s[: m.start()] + new_text + s[m.end() :], "contradiction", "number", rng, True)
        approx = rng.choice(["about", "nearly", "around", "some"])
        yield _pair(s, s[: m.start()] + f"{approx} " + m.group() + s[m.end() :], "entailment", "approximate", rng)
        return
    for word in NUMBER_WORDS:
        m = re.search(rf"\b{word}\b", s)
        if m:
            other = rng.choice([w for w in NUMBER_WORDS if w != word])
            yield _pair(s, s[: m.start()] + other + s[m.end() :], "contradiction", "number", rng, True)
            return


def time_change(s: str, doc, rng) -> Iterator[Pair]:
    for day in WEEKDAYS:
        if re.search(rf"\b{day}\b", s):
            other = rng.choice([d for d in WEEKDAYS if d != day])
            yield _pair(s, re.sub(rf"\b{day}\b", other, s, count=1), "contradiction", "weekday", rng, True)
            return
    for month in MONTHS:
        if (re.search(rf"\b{month}\b", s) and month != "May") or (re.search(r"\bMay \d", s) and month == "May"):
            other = rng.choice([mo for mo in MONTHS if mo != month])
            yield _pair(s, re.sub(rf"\b{month}\b", other, s, count=1), "contradiction", "month", rng, True)
            return
    m = _YEAR_RE.search(s)
    if m:
        other = str(int(m.group()) + rng.choice([-3, -2, -1, 1, 2]))
        yield _pair(s, s[: m.start()] + other + s[m.end() :], "contradiction", "year", rng, True)


def negation(s: str, doc, rng) -> Iterator[Pair]:
    for aux in AUXILIARIES:
        m = re.search(rf"\b{aux}\b(?! not\b)(?! n't)(?! {aux}\b)", s)
        if m and not re.search(r"\bnot\b|n't\b|\bnever\b", s):
            yield _pair(s, s[: m.end()] + " not" + s[m.end() :], "contradiction", "negation", rng, True)
            return


def antonym(s: str, doc, rng) -> Iterator[Pair]:
    for a, b in ANTONYMS:
        for x, y in ((a, b), (b, a)):
            if re.search(rf"\b{x}\b", s):
                yield _pair(s, re.sub(rf"\b{x}\b", y, s, count=1), "contradiction", "antonym", rng, True)
                return


def place_change(s: str, doc, rng) -> Iterator[Pair]:
    for place in PLACES:
        if re.search(rf"\b{place}\b", s):
            other = rng.choice([p for p in PLACES if p != place])
            yield _pair(s, re.sub(rf"\b{place}\b", other, s, count=1), "contradiction", "place", rng, True)
            return


_TITLED_NAME = re.compile(
    r"\b(?P<title>"
    + "|".join(sorted(map(re.escape, TITLES), key=len, reverse=True))
    + r")\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-zA-Z'-]+){1,2})\b"
)


def role_claims(s: str, doc, rng) -> Iterator[Pair]:
    """A titled name in a real sentence: the role stated plainly (entailment), a rank or title
    changed (contradiction), or the person dead while the sentence has them act (contradiction)."""
    m = _TITLED_NAME.search(s)
    if not m:
        return
    title, name = m["title"], m["name"]
    yield _pair(s, f"{name} is the {title}.", "entailment", "role_stated", rng)
    wrong = RANK_CHANGES.get(title) or [f"Deputy {title}", f"former {title}"]
    yield _pair(s, f"{name} is the {rng.choice(wrong)}.", "contradiction", "role_changed", rng)
    changed = s[: m.start()] + f"{rng.choice(wrong)} {name}" + s[m.end() :]
    yield _pair(s, changed, "contradiction", "rank_changed", rng, True)
    late = s[: m.start()] + f"the late {title} {name}" + s[m.end() :]
    if m.start() > 0:
        yield _pair(late, f"{name} is alive.", "contradiction", "late_alive", rng)
        yield _pair(late, f"{name} has died.", "entailment", "late_dead", rng)
    yield _pair(s, f"{name} is dead.", "neutral", "not_said_dead", rng)


COUNTRIES = [
    ("Iranian", "Iran"), ("Pakistani", "Pakistan"), ("French", "France"), ("German", "Germany"), ("Indian", "India"),
    ("Turkish", "Turkey"), ("Egyptian", "Egypt"), ("Japanese", "Japan"), ("Brazilian", "Brazil"), ("Kenyan", "Kenya"),
    ("Greek", "Greece"), ("Canadian", "Canada"), ("Afghan", "Afghanistan"), ("Saudi", "Saudi Arabia"),
]  # fmt: skip
_PERSON = re.compile(r"(?<=[a-z,] )(?P<name>[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,}){1,2})\b")
_NOT_NAMES = set(PLACES) | set(WEEKDAYS) | set(MONTHS) | {"The", "This", "That", "United", "New", "Police", "President"}


def titled_person(s: str, doc, rng) -> Iterator[Pair]:
    """A person named in a real sentence given a title by us: the news pattern of titles and ranks."""
    m = _PERSON.search(s)
    if not m or any(word in _NOT_NAMES for word in m["name"].split()):
        return
    name = m["name"]
    adjective, country = rng.choice(COUNTRIES)
    title = rng.choice([*list(RANK_CHANGES), "Defence Minister", "Interior Minister", "Army Chief", "Governor"])
    wrong = rng.choice(RANK_CHANGES.get(title) or [f"Deputy {title}", f"former {title}"])
    with_title = s[: m.start()] + f"{adjective} {title} {name}" + s[m.end() :]
    with_wrong = s[: m.start()] + f"{adjective} {wrong} {name}" + s[m.end() :]
    yield _pair(with_title, f"{name} is {country}'s {title}.", "entailment", "titled_stated", rng)
    yield _pair(with_title, f"{name} is {country}'s {wrong}.", "contradiction", "titled_changed", rng)
    yield _pair(with_wrong, f"{name} is {country}'s {title}.", "contradiction", "titled_changed", rng)
    yield _pair(s, f"{name} is {country}'s {title}.", "neutral", "titled_unsupported", rng)
    late = s[: m.start()] + f"the late {adjective} {title} {name}" + s[m.end() :]
    yield _pair(late, f"{name} is alive.", "contradiction", "late_alive", rng)
    yield _pair(late, f"{name} is dead.", "entailment", "late_dead", rng)
    yield _pair(late, f"{name} is the current {title} of {country}.", "contradiction", "late_current", rng)


def drop_clause(s: str, doc, rng) -> Iterator[Pair]:
    """A clause between commas dropped: what is left still follows."""
    m = re.search(r", (?:who|which|whose|where|a|an|the)\b[^,]{3,80}, ", s)
    if m:
        shorter = s[: m.start()] + " " + s[m.end() :]
        if len(shorter.split()) >= 6:
            yield _pair(s, shorter, "entailment", "clause_dropped", rng)
            return
    m = re.search(r", (?:after|as|while|because|although|when|but)\b.*$", s)
    if m and len(s[: m.start()].split()) >= 6:
        yield _pair(s, s[: m.start()] + ".", "entailment", "clause_dropped", rng)


def add_detail(s: str, doc, rng) -> Iterator[Pair]:
    """A detail the premise does not give: neutral."""
    if s.endswith("."):
        detail = rng.choice([*DETAILS, f" on {rng.choice(WEEKDAYS)}", f" in {rng.choice(PLACES)}"])
        yield _pair(s, s[:-1] + detail + ".", "neutral", "detail_added", rng)


def other_sentence(s: str, doc, rng) -> Iterator[Pair]:
    """Another sentence of the same article: on topic, mostly neither entailed nor contradicted."""
    others = [o for o in doc.sentences if o != s and len(o.split()) <= 30]
    if others:
        yield _pair(s, rng.choice(others), "neutral", "same_topic", rng)


def core_clause(s: str) -> str | None:
    """The sentence cut down to its main clause, the way RTE hypotheses restate a premise briefly."""
    for pattern in (
        r", (?:who|which|whose|where|a|an|the)\b[^,]{3,80}, ",
        r", (?:after|as|while|because|although|when|but|said|according)\b.*$",
    ):
        m = re.search(pattern, s)
        if m:
            shorter = (s[: m.start()] + (" " + s[m.end() :] if m.end() < len(s) else ".")).strip()
            if 5 <= len(shorter.split()) < len(s.split()):
                return shorter
    head, comma, _ = s.partition(", ")
    verb_like = re.search(r"\b(?:is|are|was|were|has|have|had|will|\w+ed|\w+s)\b", head[1:])
    if comma and len(head.split()) >= 7 and verb_like and head.count('"') % 2 == 0:
        return head + "."
    return None


CHANGES = [number_change, time_change, negation, antonym, place_change, role_claims]


def short_hypothesis(s: str, doc, rng) -> Iterator[Pair]:
    """RTE's shape: a long premise (often with a neighbouring sentence) and a short restatement that
    nearly repeats its words: unchanged (entailment), with one meaning-changing word changed, added or
    dropped (contradiction), or with an unsupported detail (neutral). Teaches that word overlap is
    not entailment."""
    core = core_clause(s)
    if core is None:
        return
    premise = s
    neighbours = [o for o in doc.sentences if o != s]
    if neighbours and rng.random() < 0.5:
        other = rng.choice(neighbours)
        premise = f"{other} {s}" if rng.random() < 0.5 else f"{s} {other}"
    yield Pair(premise, core, "entailment", "synthetic/short_entailed")
    changes = CHANGES[:]
    rng.shuffle(changes)
    for change in changes:
        for pair in change(core, doc, rng):
            if pair.label != "contradiction" or pair.source.endswith(("role_changed", "late_alive")):
                continue
            changed = pair.hypothesis if pair.premise == core else pair.premise
            yield Pair(premise, changed, "contradiction", "synthetic/short_changed")
            break
        else:
            continue
        break
    for pair in add_detail(core, doc, rng):
        yield Pair(premise, pair.hypothesis, "neutral", "synthetic/short_detail")


_PRONOUNS = {"He", "She", "They", "It", "We", "I", "You", "Who"}
_SWAP_VERBS = (
    r"(?:defeated|beat|killed|shot|stabbed|arrested|replaced|succeeded|sued|fired|hired|married|attacked|signed)"
)
_SWAP = re.compile(
    rf"\b(?P<a>[A-Z][a-z]+(?: [A-Z][a-z]+)?) (?P<verb>{_SWAP_VERBS}) (?P<b>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\b"
)


def swap_participants(s: str, doc, rng) -> Iterator[Pair]:
    """Who did what to whom, reversed: the same words, the opposite fact."""
    m = _SWAP.search(s)
    if m and m["a"] != m["b"] and not {m["a"], m["b"]} & (_NOT_NAMES | _PRONOUNS):
        swapped = s[: m.start()] + f"{m['b']} {m['verb']} {m['a']}" + s[m.end() :]
        yield _pair(s, swapped, "contradiction", "swapped", rng, True)


def identity(s: str, doc, rng) -> Iterator[Pair]:
    """A sentence and its own copy: the reprint two outlets carry says the same thing."""
    yield _pair(s, s, "entailment", "identity", rng)


# Rewrites that keep the meaning, as outlets' copy desks make them: (pattern, replacement), tried in a shuffled order.
LIGHT_EDITS = [
    (r"\bU\.S\.", "US"), (r"\bUS\b", "U.S."), (r"\bU\.N\.", "UN"), (r"\bdid not\b", "didn't"),
    (r"\bdidn't\b", "did not"), (r"\bis not\b", "isn't"), (r"\bwill not\b", "won't"), (r"\bcannot\b", "can not"),
    (r"\bsaid\b", "stated"), (r"\btold reporters\b", "said"), (r"\bper cent\b", "percent"),
    (r"\bpercent\b", "per cent"), (r"(?<=\d),(?=\d{3}\b)", ""), (r"\bJanuary\b", "Jan."), (r"\bFebruary\b", "Feb."),
    (r"\bAugust\b", "Aug."), (r"\bSeptember\b", "Sept."), (r"\bDecember\b", "Dec."), (r'"', "\u201c"),
    (r"\bpeople\b", "persons"), (r"\bkilled\b", "left dead"), (r"\bbegan\b", "started"), (r"\bbought\b", "purchased"),
]  # fmt: skip
_DIGITS = dict(zip("23456789", ["two", "three", "four", "five", "six", "seven", "eight", "nine"], strict=True))


def light_variant(s: str, doc, rng) -> Iterator[Pair]:
    """The same report in other words: spelling, contractions, number form, a synonym, a leading time
    phrase dropped. Entailment, and (but for the dropped phrase) both ways."""
    edits = LIGHT_EDITS[:]
    rng.shuffle(edits)
    for pattern, replacement in edits:
        varied = re.sub(pattern, replacement, s, count=1)
        if varied != s:
            yield _pair(s, varied, "entailment", "light_variant", rng, True)
            return
    m = re.search(r"\b([2-9])\b(?![.,]\d)", s)
    if m:
        yield _pair(s, s[: m.start()] + _DIGITS[m[1]] + s[m.end() :], "entailment", "light_variant", rng, True)
        return
    m = re.match(r"(?:On|Late on|Early on|Earlier on) (?:\w+day|\w+ \d{1,2})(?:,)? (?P<rest>[a-z]?.*)", s)
    if m and len(m["rest"].split()) >= 5:
        yield _pair(s, m["rest"][0].upper() + m["rest"][1:], "entailment", "light_variant", rng)


def entity_swap(s: str, doc, rng) -> Iterator[Pair]:
    """A person, place or organisation of the sentence swapped for another of the same kind from the same
    article: the same words about someone or somewhere else (a contradiction, as two reports of one event)."""
    kinds = [k for k in ("person", "place", "organisation") if len(doc.names.get(k, ())) >= 2]
    rng.shuffle(kinds)
    for kind in kinds:
        present = [n for n in doc.names[kind] if re.search(rf"\b{re.escape(n)}\b", s)]
        others = [n for n in doc.names[kind] if n not in s and not any(n in p or p in n for p in present)]
        if present and others:
            name, other = rng.choice(present), rng.choice(others)
            m = re.search(rf"\b{re.escape(name)}\b", s)
            swapped = s[: m.start()] + other + s[m.end() :]
            yield _pair(s, swapped, "contradiction", "entity_swapped", rng, True)
            return


ADDITIONS = [
    " after talks with {person}", " together with {person}", " in {place}", " at the request of {organisation}",
    " on the advice of {person}", " a week after meeting {person}",
]  # fmt: skip


def unsupported_addition(s: str, doc, rng) -> Iterator[Pair]:
    """A detail from elsewhere in the article attached to the sentence: on topic, not supported (neutral)."""
    if not s.endswith("."):
        return
    options = [a for a in ADDITIONS if doc.names.get(a[a.index("{") + 1 : a.index("}")])]
    if options:
        addition = rng.choice(options)
        kind = addition[addition.index("{") + 1 : addition.index("}")]
        name = rng.choice(doc.names[kind])
        if name not in s:
            yield _pair(s, s[:-1] + addition.format(**{kind: name}) + ".", "neutral", "addition", rng)


MAKERS = [
    number_change, time_change, negation, antonym, place_change, role_claims, titled_person, drop_clause, add_detail,
    other_sentence, short_hypothesis, swap_participants, identity, light_variant, entity_swap, unsupported_addition,
]  # fmt: skip


if __name__ == "__main__":
    from collections import Counter

    made = generate()
    print(len(made), Counter(p.label for p in made), Counter(p.source for p in made).most_common())
    for p in made[:12]:
        print(p.label, "|", p.premise[:90], "||", p.hypothesis[:90])
