"""Property tests (hypothesis): arbitrary text never breaks reading, date resolution or extraction,
and every span accord reports points inside its article with the quote equal to the text there.

About 2,600 examples a run: reading 1,000, publication dates 600, date expressions 600,
extraction 400 (each parses with spaCy).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.dates import find_publication_date, parse_iso_date
from claims.extract import extract_article, parse
from claims.read import InputError, decode, read_file
from claims.timex import resolve
from claims.types import Article

# Words that steer text into the extractor's paths: titles, names, dates, numbers, quotes, places.
VOCAB = [
    "Foreign", "Minister", "Deputy", "President", "the", "late", "former", "Abbas", "Araghchi", "Ebrahim", "Raisi",
    "met", "said", "in", "Islamabad", "Tehran", "on", "Monday", "May", "8,", "2025", "12", "about", "killed",
    "people", "Army", "Chief", "COAS", "Pakistan's", "Iranian", "\"", "'", ",", ".", "\n", "—", "Dr.", "Syed",
    "visited", "arrived", "two-day", "visit", "last", "week", "April", "2024", "(ISPR)", "Inter-Services",
]  # fmt: skip
newsy = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=60).map(" ".join)
any_text = st.one_of(
    newsy, st.text(min_size=1, max_size=400), st.text(alphabet="\n\r\t .,'\"—-0123456789", max_size=50)
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_reading_arbitrary_bytes_gives_articles_or_one_input_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"a{suffix}"
        path.write_bytes(data)
        try:
            articles = read_file(path)
        except InputError as error:
            assert str(error).startswith(str(path)) and "\n" not in str(error)
            return
    for _, article in articles:
        assert article.text.strip()


@settings(max_examples=600, deadline=None)
@given(text=any_text)
def test_publication_date_never_raises(text):
    found = find_publication_date(text)
    if found is not None:
        assert isinstance(found.date, dt.date)
    parse_iso_date(text)


@settings(max_examples=600, deadline=None)
@given(text=any_text, anchor=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))))
def test_date_expressions_resolve_to_ordered_intervals_or_none(text, anchor):
    interval = resolve(text, anchor)
    if interval is not None and interval.start and interval.end:
        assert interval.start <= interval.end


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
def test_extraction_spans_point_into_the_article(text):
    try:
        text = decode(Path("x.txt"), text.encode("utf-8"))
    except InputError:
        return
    article = Article(id="a", text=text)
    ((_, doc),) = list(parse([article]))
    extracted = extract_article(article, doc)
    spans = [m.span for m in extracted.mentions]
    for claim in extracted.claims:
        spans += [claim.span, claim.sentence]
        spans += [m.span for m in _mentions_of(claim)]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert span.quote == text[span.start : span.end]
    for start, end in extracted.places:
        assert 0 <= start <= end <= len(text)


def _mentions_of(claim):
    for field in ("person",):
        if hasattr(claim, field):
            yield getattr(claim, field)
    for field in ("participants", "agents"):
        yield from getattr(claim, field, ())
