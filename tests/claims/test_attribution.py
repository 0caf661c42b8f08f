"""Quotations and their speakers, on sentences written for these tests."""

import pytest

from claims.attribution import quotations

pytestmark = pytest.mark.model


def quoted(nlp, text):
    doc = nlp(text)
    return [(doc[o : c + 1].text, speaker) for o, c, speaker in quotations(doc)]


def test_split_opening_marks_do_not_shift_later_quotations(nlp):
    # after a comma the tokenizer splits "``" into two "`"; pairing marks in turn would then
    # quote the text between one quotation's end and the next one's start
    text = (
        "A man beside her screamed, `` No, no!'' and ran.\n"
        "`` It was awful,'' said Ann Brook, a teacher.\n"
        "`` He drove off.''\n"
        "Tom Reyes was taken to a hospital in Leeds, where he died.\n"
        "`` Alcohol was a factor,'' said Sergeant Ian Cole."
    )
    found = quoted(nlp, text)
    assert ("`` Alcohol was a factor,''", "Sergeant Ian Cole") in found
    assert not any("hospital in Leeds" in passage for passage, _ in found)


def test_curly_and_straight_quotations(nlp):
    found = quoted(nlp, '“We will rebuild,” Mayor Ann Brook said. Tom Reyes said: "The fire started at noon."')
    assert [speaker for _, speaker in found] == ["Mayor Ann Brook", "Tom Reyes"]


def test_a_quotation_reopened_each_paragraph_ends_at_its_closing_mark(nlp):
    # news style: a quotation over two paragraphs opens each and closes only the last
    text = "“The roof fell in.\n“Nobody was hurt,” Chief Ian Cole said. Later Tom Reyes left Leeds."
    found = quoted(nlp, text)
    assert found == [("“Nobody was hurt,”", "Chief Ian Cole")]


def test_added_points_are_no_words_reported(nlp):
    from claims.attribution import speaker_for

    doc = nlp("Lena Park led the team with 13 points, while Ray Cole added 12 for the visitors.")
    twelve = next(t for t in doc if t.text == "12")
    assert speaker_for(doc, next(doc.sents), twelve.i) is None
    said = nlp("Ray Cole added that the team would play on Friday.")
    friday = next(t for t in said if t.text == "Friday")
    assert speaker_for(said, next(said.sents), friday.i) == "Ray Cole"
