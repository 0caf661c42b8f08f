"""Reading ../shared/data/ecbplus_dev (ECB+, CC BY 3.0) as accord articles, with gold mentions as character spans.

Shared by the benchmarks; the data is read from ../shared and never copied into the project.
"""

from __future__ import annotations

import json
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
