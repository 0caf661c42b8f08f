"""Text and metadata of an HTML page, with lexbor (selectolax): fast and robust to broken markup.

Scripts, styles and other non-content elements are dropped; block elements become
paragraph breaks so that sentences from two paragraphs never run together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

_DROP = (
    "script, style, noscript, template, iframe, object, embed, svg, math, canvas, "
    "head, nav, footer, form, button, select"
)
_BLOCKS = (
    "p, div, section, article, main, header, aside, h1, h2, h3, h4, h5, h6, li, ul, ol, dl, dt, dd, "
    "blockquote, pre, table, tr, td, th, figure, figcaption, hr, address, time"
)
# Private-use markers survive the parser untouched and never occur in real news text.
_BLOCK_MARK = "\ue000"
_BREAK_MARK = "\ue001"

_PUBLISHED_META = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="pubdate"]',
    'meta[name="publishdate"]',
    'meta[name="date"]',
    'meta[name="dc.date"]',
    'meta[name="DC.date.issued"]',
)


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published: str | None  # raw metadata value; parsed by the reader
    url: str | None
    source: str | None


def extract(markup: str) -> Page:
    tree = LexborHTMLParser(markup)
    title = _first_text(tree, "title") or _meta(tree, 'meta[property="og:title"]') or _first_text(tree, "h1")
    published = _meta(tree, *_PUBLISHED_META) or _attr(tree, "time[datetime]", "datetime")
    url = _meta(tree, 'meta[property="og:url"]') or _attr(tree, 'link[rel="canonical"]', "href")
    source = _meta(tree, 'meta[property="og:site_name"]')
    return Page(text=_visible_text(tree), title=title, published=published, url=url, source=source)


def _visible_text(tree: LexborHTMLParser) -> str:
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css(_DROP):
        node.decompose()
    for node in root.css(_BLOCKS):
        node.insert_before(_BLOCK_MARK)
        node.insert_after(_BLOCK_MARK)
    for node in root.css("br"):
        node.insert_before(_BREAK_MARK)
    raw = root.text(deep=True, separator="")
    paragraphs = []
    for block in raw.split(_BLOCK_MARK):
        lines = [re.sub(r"\s+", " ", part).strip() for part in block.split(_BREAK_MARK)]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _first_text(tree: LexborHTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    if node is None:
        return None
    text = re.sub(r"\s+", " ", node.text(deep=True)).strip()
    return text or None


def _meta(tree: LexborHTMLParser, *selectors: str) -> str | None:
    for selector in selectors:
        value = _attr(tree, selector, "content")
        if value:
            return value
    return None


def _attr(tree: LexborHTMLParser, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    if node is None:
        return None
    value = (node.attributes.get(name) or "").strip()
    return value or None
