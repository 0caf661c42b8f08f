"""weekday-mismatch: a weekday written next to a date that falls on another day ("Tuesday, May 8, 2025")."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable

from checker.corpus import Corpus
from checker.facts import evidence
from checker.findings import Finding, Severity, fingerprint
from checker.registry import register_check
from claims.timex import WEEKDAYS, resolve
from claims.types import ClaimKind, Span

_DAY = r"(?P<weekday>Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\.?"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?P<date>{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?|\d{{1,2}} {_MONTH}(?:,? \d{{4}})?)"
# The weekday and the date must be written as one expression: "Tuesday, May 8", "May 8 (Tuesday)",
# "Tue Nov 25 2025". A weekday elsewhere in the sentence may speak of another day.
PATTERNS = [
    re.compile(rf"\b{_DAY},? (?:the )?{_DATE}"),
    re.compile(rf"\b{_DATE},? \(?{_DAY}\)?"),
    re.compile(rf"\b{_DAY} \(\s*{_DATE}\s*\)"),
]


@register_check("weekday-mismatch", severity=Severity.WARNING, needs={ClaimKind.STATEMENT})
def weekday_mismatch(corpus: Corpus, options) -> Iterable[Finding]:
    """A stated weekday that disagrees with the date it is written with."""
    for claim in corpus.all_claims():
        if claim.kind is not ClaimKind.STATEMENT or not corpus.in_focus(claim.span.article):
            continue  # under a gate, only its drafts
        article = corpus.articles[claim.span.article]
        for pattern in PATTERNS:
            for m in pattern.finditer(claim.text):
                date = resolve(m["date"], article.published)
                if date is None or date.start != date.end:
                    continue
                stated = WEEKDAYS[m["weekday"].lower().rstrip(".")]
                if date.start.weekday() == stated:
                    continue
                start = claim.span.start + m.start()
                span = Span.of(article, start, start + len(m.group()))
                yield Finding(
                    id=fingerprint("weekday-mismatch", article.id, m.group()),
                    rule="weekday-mismatch",
                    severity=Severity.WARNING,
                    message=(
                        f'"{m.group()}": {date.start} is a {calendar.day_name[date.start.weekday()]}, '
                        f"not a {calendar.day_name[stated]}."
                    ),
                    evidence=(evidence(corpus, claim, span),),
                )
