"""Attribution: in "X said that ...", the claim is X's, not the outlet's."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported when a text is parsed, not when accord starts
    from spacy.tokens import Doc, Span, Token


REPORTING_VERBS = {
    "say", "state", "tell", "claim", "report", "announce", "emphasize", "emphasise", "stress", "add", "note",
    "explain", "remark", "highlight", "insist", "confirm", "deny", "allege", "accuse", "assert", "argue", "write",
    "warn", "describe", "reiterate", "affirm", "declare", "believe", "suggest", "tweet", "post",
}  # fmt: skip
QUOTES = '"“”«»'


def quotations(doc: Doc) -> list[tuple[int, int, str]]:
    """Quoted passages (token range) with their speaker: “...,” Araghchi stated. / X said: “...”.

    A quotation may run over several sentences; its speaker is named before or after it.
    """
    found = []
    for open_i, close_i in _quoted_passages(doc):
        speaker = _reporter_near(doc, range(close_i + 1, min(close_i + 8, len(doc))))
        if speaker is None:
            speaker = _reporter_near(doc, range(open_i - 1, max(0, open_i - 8) - 1, -1))  # the nearest first
        if speaker is not None:
            found.append((open_i, close_i, speaker))
    return found


OPENING = {"``", "“", "«"}
CLOSING = {"''", "”", "»"}
EITHER = {'"'}


def _quoted_passages(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges (opening mark, closing mark) of quoted passages. Marks that say which end
    they are (`` '' “ ” « ») are paired by that, so one stray or split mark does not shift every
    later pair: the tokenizer splits "``" after a comma into two "`", and a quotation running
    over paragraphs reopens each one without closing it."""
    passages, open_i = [], None
    for token in doc:
        text = token.text
        if text == "`" and token.i + 1 < len(doc) and doc[token.i + 1].text == "`":
            text = "``"
        elif text == "`" and token.i > 0 and doc[token.i - 1].text == "`":
            continue  # the second half of a split "``"
        if text in OPENING or (text in EITHER and open_i is None):
            open_i = token.i  # an unclosed quotation before it ends unpaired
        elif (text in CLOSING or text in EITHER) and open_i is not None:
            passages.append((open_i, token.i))
            open_i = None
    return passages


def _reporter_near(doc: Doc, window: range) -> str | None:
    for i in window:
        token = doc[i]
        if token.lemma_ in REPORTING_VERBS and token.pos_ in ("VERB", "AUX"):
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ not in ("it", "there"):
                return _phrase(doc, subject)
    return None


def speaker_for(
    doc: Doc, sentence: Span, token_index: int, quotes: list[tuple[int, int, str]] = (), *, quotes_only: bool = False
) -> str | None:
    """Who a token's words belong to: the speaker of a quotation holding it, or the subject of a
    reporting verb whose content holds it."""
    for open_i, close_i, speaker in quotes:
        if open_i < token_index < close_i:
            return speaker
    if quotes_only:
        return None
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            pobj = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None and not (pobj.left_edge.i <= token_index <= pobj.right_edge.i):
                return _phrase(doc, pobj)
    for token in sentence:
        if token.lemma_ not in REPORTING_VERBS or token.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lower_ in ("it", "there"):
            continue
        # "added 12 points" adds to a tally: "add" reports words only by a clause or a quotation
        objects = ("ccomp", "xcomp") if token.lemma_ == "add" else ("ccomp", "xcomp", "dobj")
        content = [c for c in token.children if c.dep_ in objects and c is not subject]
        if any(c.left_edge.i <= token_index <= c.right_edge.i for c in content):
            return _phrase(doc, subject)
        if _quoted(sentence, token_index) and not (subject.left_edge.i <= token_index <= subject.right_edge.i):
            return _phrase(doc, subject)
    return None


def _quoted(sentence: Span, token_index: int) -> bool:
    inside = False
    for token in sentence:
        if token.i == token_index:
            return inside
        if any(q in token.text for q in QUOTES):
            inside = not inside
    return False


def _phrase(doc: Doc, token: Token) -> str:
    return doc[token.left_edge.i : token.right_edge.i + 1].text


def sentence_speaker(doc: Doc, sentence: Span, quotes: list[tuple[int, int, str]] = ()) -> str | None:
    """Who a whole sentence is reported from: "..., Araghchi stated." or "according to the ISPR"."""
    for open_i, close_i, speaker in quotes:
        if open_i <= sentence.start and sentence.end - 1 <= close_i + 8:
            return speaker
    root = sentence.root
    if root.lemma_ in REPORTING_VERBS:
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ not in ("it", "there"):
            return _phrase(doc, subject)
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            pobj = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _phrase(doc, pobj)
    return None
