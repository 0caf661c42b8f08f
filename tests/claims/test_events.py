"""Event extraction on sentences written for these tests: the day a happening is given, and when it is not its own."""

import datetime as dt

import pytest

from claims.extract import extract_article, parse
from claims.types import Article, ClaimKind

pytestmark = pytest.mark.model

PUBLISHED = dt.date(2024, 10, 9)  # a Wednesday


def events(text):
    ((article, doc),) = parse([Article(id="t", text=text, published=PUBLISHED)])
    return [c for c in extract_article(article, doc).claims if c.kind is ClaimKind.EVENT]


@pytest.mark.parametrize(
    ("text", "what", "day", "written"),
    [
        ("The club fired coach Dan Mills on Monday after a poor season.", "fire", dt.date(2024, 10, 7), "Monday"),
        ("Police arrested Tom Reyes yesterday in Leeds.", "arrest", dt.date(2024, 10, 8), "yesterday"),
        ("Mara Quinn arrived in Oslo on October 2.", "arrive", dt.date(2024, 10, 2), "October 2"),
        ("Tom Reyes escaped from a prison van on Monday.", "escape", dt.date(2024, 10, 7), "Monday"),
        ("A judge sentenced Tom Reyes to life in prison Monday morning.", "sentence", dt.date(2024, 10, 7), "Monday"),
        ("Singer Mara Quinn checked into a clinic in Malibu on Monday.", "check in", dt.date(2024, 10, 7), "Monday"),
        (  # a "when" clause happens at its head's time
            "Tom Reyes was leaving his car on Monday when he was hit by a van.",
            "hit",
            dt.date(2024, 10, 7),
            "Monday",
        ),
        ("The Saints placed Tom Reyes on injured reserve Tuesday.", "place", dt.date(2024, 10, 8), "Tuesday"),
        (  # the act it was done by is the happening itself
            "Dan Mills retained his title by stopping Tom Reyes in the seventh round on Saturday.",
            "retain",
            dt.date(2024, 10, 5),
            "Saturday",
        ),
        (
            "Lineman Jo Banks was arrested early Sunday on suspicion of drunken driving.",
            "arrest",
            dt.date(2024, 10, 6),
            "early Sunday",
        ),
        (  # a passive verb joined to a passive one: the same undergoer, on the other's day
            "Jo Banks was pulled over for speeding on Route 94 on February 1, but was arrested for drunk driving.",
            "arrest",
            dt.date(2024, 2, 1),
            "February 1",
        ),
        ("Police stopped Tom Reyes on Monday and arrested him.", "arrest", dt.date(2024, 10, 7), "Monday"),
        (  # a day the parser hung on a noun that names no happening
            "Jim Bell was hired as the 20th coach of the Hawks on April 21, 2004.",
            "hire",
            dt.date(2004, 4, 21),
            "April 21, 2004",
        ),
    ],
)
def test_a_day_written_for_the_happening(text, what, day, written):
    (event,) = [e for e in events(text) if e.what == what]
    assert (event.date.start, event.date.text) == (day, written)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("The owner said he decided on Saturday to fire Dan Mills.", "fire"),  # Saturday is the deciding
        ("Dan Mills retained his title after a bout against Tom Reyes on Saturday.", "retain"),  # the bout's day
        ("A judge sentenced Tom Reyes to life for the March 11, 2005, shooting.", "sentence"),  # the shooting's day
        ("Police stopped Tom Reyes on Monday and officers arrested him.", "arrest"),  # a subject of its own
        ("A judge sentenced Tom Reyes to life in prison for the raid on March 11, 2005.", "sentence"),  # the raid's
    ],
)
def test_the_sentences_date_is_not_the_happenings_own(text, what):
    (event,) = [e for e in events(text) if e.what == what]
    assert event.date is None or event.date.text is None


def test_a_surname_after_a_full_name_with_a_suffix_is_the_person():
    # "Comeaux Jr." names Comeaux: the later bare "Comeaux" (which the tagger may call an
    # organisation) is still the escaping person.
    text = (
        "Officials said convicted rapist Arcade Joseph Comeaux Jr., 49, was still at large. "
        "Comeaux escaped Monday morning as officers tried to move him to another unit."
    )
    (event,) = [e for e in events(text) if e.what == "escape"]
    assert [a.name for a in event.agents] == ["Comeaux"]
    assert event.date.start == dt.date(2024, 10, 7)


def test_he_or_she_stands_for_the_only_person_named_before():
    text = "Brian Nichols was sentenced on Saturday. Nichols became infamous when he escaped from a court on Monday."
    (escape,) = [e for e in events(text) if e.what == "escape"]
    assert [a.name for a in escape.agents] == ["Nichols"]
    text = "Police said Tom Reyes had been drinking, and Reyes knew it. He was arrested on Monday in Leeds."
    (arrest,) = [e for e in events(text) if e.what == "arrest"]
    assert arrest.patient == "Tom Reyes"


def test_he_or_she_with_two_people_before_stays_unresolved():
    text = "Tom Reyes and Dan Mills were at the bar. He was arrested on Monday."
    (arrest,) = [e for e in events(text) if e.what == "arrest"]
    assert arrest.patient == "He" and arrest.agents == ()


@pytest.mark.parametrize(
    ("text", "what", "agent"),
    [
        ("Anna Berg beat Mia Holt in the final to retain her title on Sunday.", "retain", "Anna Berg"),
        ("Tom Reyes fled the scene and surrendered to police on Monday.", "surrender", "Tom Reyes"),
        ("Guards persuaded Tom Reyes to surrender on Monday.", "surrender", "Tom Reyes"),
        ("Mara Quinn wanted to resign on Monday.", "resign", "Mara Quinn"),
        ("Lee Ford was arrested on Monday after leaving the hotel.", "leave", "Lee Ford"),  # after a preposition
        (
            "Anna Berg came in needing nine points to win the title on Friday.",
            "win",
            "Anna Berg",
        ),  # a count does not act
    ],
)
def test_a_subjectless_verb_takes_the_subject_english_gives_it(text, what, agent):
    (event,) = [e for e in events(text) if e.what == what]
    assert [a.name for a in event.agents] == [agent]


def test_a_clause_of_its_own_does_not_borrow_a_subject():
    text = "Tom Reyes stayed home because of the storm while waiting to escape on Monday."
    assert all(not e.agents for e in events(text) if e.what == "escape")


def test_the_person_in_a_longer_patient_is_the_patient():
    text = "Rovers striker Dan Mills was arrested on Monday. Police arrested the driver who hit Tom Reyes on Monday."
    arrests = [e for e in events(text) if e.what == "arrest"]
    assert arrests[0].patient == "Dan Mills"
    assert arrests[1].patient.startswith("the driver who hit")  # not the person in its relative clause


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Dan Mills was arrested early Tuesday morning by the highway patrol.", dt.date(2024, 10, 8)),
        ("Dan Mills was arrested early yesterday on suspicion of drunken driving.", dt.date(2024, 10, 8)),
    ],
)
def test_a_day_with_its_part_of_the_day(text, day):
    (event,) = [e for e in events(text) if e.what == "arrest"]
    assert event.date.start == day and event.date.text


@pytest.mark.parametrize(
    ("text", "what", "agent", "patient", "day", "place"),
    [
        ("The shooting of Dan Mills in Leeds on Monday shocked the town.", "shoot", None, "Dan Mills", 7, "Leeds"),
        ("Tom Reyes's arrest on Tuesday surprised his team.", "arrest", None, "Tom Reyes", 8, None),
        ("The death of Mara Quinn on Sunday shocked the community.", "die", "Mara Quinn", None, 6, None),
        (
            "Mara Quinn's quick exit from a clinic in Malibu on Monday surprised her fans.",
            "leave",
            "Mara Quinn",
            None,
            7,
            "Malibu",
        ),
        (
            "Tom Reyes spoke to reporters. His arrival in Oslo on Monday was delayed.",
            "arrive",
            "Tom Reyes",
            None,
            7,
            "Oslo",
        ),
    ],
)
def test_a_happening_named_by_a_noun(text, what, agent, patient, day, place):
    (event,) = [e for e in events(text) if e.what == what]
    assert [a.name for a in event.agents] == ([agent] if agent else [])
    assert (event.patient, event.date.start, event.place) == (patient, dt.date(2024, 10, day), place)


def test_a_happening_noun_without_a_named_person_is_no_event():
    assert not [e for e in events("The shooting in Leeds on Monday shocked the town.") if e.what == "shoot"]


def test_check_is_a_happening_only_with_its_particle():
    assert events("Mara Quinn checked the results on Monday.") == []
    (event,) = events("Mara Quinn checked out of the hotel on Monday.")
    assert event.what == "check out"


def _parsed(words, heads, deps, ents):
    from spacy.lang.en import English
    from spacy.tokens import Doc

    return Doc(English().vocab, words=words, heads=heads, deps=deps, ents=ents)


def test_a_bare_day_the_parser_hung_on_a_noun_is_the_verbs():
    from claims.relations import verb_date

    words = ["A", "judge", "sentenced", "Nichols", "to", "life", "in", "prison", "Monday", "morning", "."]
    heads = [1, 2, 2, 2, 2, 4, 5, 6, 9, 5, 2]  # "morning" under "life", as the small parser put it in an article
    deps = ["det", "nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj", "compound", "npadvmod", "punct"]
    ents = ["O"] * 8 + ["B-TIME", "I-TIME", "O"]
    assert verb_date(_parsed(words, heads, deps, ents)[2]) == "Monday"
    # a day inside a clause of its own is that clause's: "sentenced the man who fled Monday"
    words = ["A", "judge", "sentenced", "the", "man", "who", "fled", "Monday", "."]
    heads = [1, 2, 2, 4, 2, 6, 4, 6, 2]
    deps = ["det", "nsubj", "ROOT", "det", "dobj", "nsubj", "relcl", "npadvmod", "punct"]
    ents = ["O"] * 7 + ["B-DATE", "O"]
    assert verb_date(_parsed(words, heads, deps, ents)[2]) is None


def test_a_day_hung_on_a_comment_about_the_clause_is_the_verbs():
    from claims.relations import verb_date

    # "placed Ivory on reserve Tuesday -- another huge blow", as the small parser put it in an article
    words = ["The", "Saints", "placed", "Ivory", "on", "reserve", "Tuesday", "-", "another", "blow", "."]
    heads = [1, 2, 2, 2, 2, 4, 9, 6, 9, 2, 2]
    deps = ["det", "nsubj", "ROOT", "dobj", "prep", "pobj", "npadvmod", "punct", "det", "npadvmod", "punct"]
    ents = ["O", "B-ORG", "O", "B-PERSON", "O", "O", "B-DATE", "O", "O", "O", "O"]
    assert verb_date(_parsed(words, heads, deps, ents)[2]) == "Tuesday"
    # a date as the verb's own modifier is no comment: "placed Ivory on reserve last week" is its date already
    words = ["The", "Saints", "placed", "Ivory", "on", "reserve", "this", "week", "."]
    heads = [1, 2, 2, 2, 2, 4, 7, 2, 2]
    deps = ["det", "nsubj", "ROOT", "dobj", "prep", "pobj", "det", "npadvmod", "punct"]
    ents = ["O", "B-ORG", "O", "B-PERSON", "O", "O", "B-DATE", "I-DATE", "O"]
    assert verb_date(_parsed(words, heads, deps, ents)[2]) == "this week"


def test_a_verb_joined_to_a_passive_shares_its_subject_only_when_active():
    (left,) = [e for e in events("Tom Reyes was hurt on Sunday and left the game.") if e.what == "leave"]
    assert [a.name for a in left.agents] == ["Tom Reyes"]
    # "was arrested and charged": Reyes undergoes both; he charged nobody
    charged = [e for e in events("Tom Reyes was arrested and charged on Monday.") if e.what == "charge"]
    assert [(e.agents, e.patient) for e in charged] == [((), "Tom Reyes")]
    # "has resigned" is active: Reyes resigns, he is not resigned
    assert not [e for e in events("Tom Reyes was hurt and has resigned.") if e.patient]


def test_a_pronoun_before_the_name_it_stands_for():
    text = (
        "Paris Hilton went to a party. After she left a clinic in Leeds on Saturday, Mara Quinn checked into another."
    )
    (left,) = [e for e in events(text) if e.what == "leave"]
    assert [a.name for a in left.agents] == ["Mara Quinn"]


@pytest.mark.parametrize(
    ("text", "patient"),
    [
        # a pronoun in a "who" clause, through a clause of its own, stands for the one the clause is about
        ("The club fired Dan Mills, who still had two years left on the contract he signed when he was hired "
         "on Monday.", "Dan Mills"),
        # not through a clause with a subject of its own: "he" may be Mills or Reyes
        ("Dan Mills praised the deal that Tom Reyes signed when he was hired on Monday.", "he"),
    ],
)  # fmt: skip
def test_a_pronoun_in_a_relative_clause(text, patient):
    (hired,) = [e for e in events(text) if e.what == "hire"]
    assert hired.patient == patient


@pytest.mark.parametrize(
    ("text", "what", "patient", "place"),
    [
        # a "where" clause happens at the place it describes
        (
            "Hundreds gathered in Leeds, England, where Dan Mills was shot by police on Monday.",
            "shoot",
            "Dan Mills",
            "England",
        ),
        (
            "Crowds marched through the square in Leeds where Dan Mills was shot on Monday.",
            "shoot",
            "Dan Mills",
            "Leeds",
        ),
        # a verb without an object of its own shares the object and place of the verb joined to it
        ("Gunmen shot and killed Dan Mills in Leeds on Monday.", "shoot", "Dan Mills", "Leeds"),
        ("Gunmen shot and killed Dan Mills in Leeds on Monday.", "kill", "Dan Mills", "Leeds"),
        ("Police shot at the car and arrested Dan Mills in Leeds.", "shoot", None, None),  # its own object
    ],
)
def test_where_a_happening_took_place(text, what, patient, place):
    found = [(e.patient, e.place) for e in events(text) if e.what == what]
    assert found == ([(patient, place)] if patient else [])


@pytest.mark.parametrize(
    ("text", "what", "doer", "obj"),
    [
        ("Microsoft on Wednesday issued an urgent patch to fix a browser flaw.", "issue", "Microsoft", "patch"),
        ("The patch was released by Microsoft on Tuesday.", "release", "Microsoft", "patch"),
        ("The Interior Department on Thursday issued new rules.", "issue", "Interior Department", "rule"),
    ],
)
def test_an_organisation_doing_something_to_a_thing(text, what, doer, obj):
    (event,) = [e for e in events(text) if e.what == what]
    assert [(a.name, a.kind.value) for a in event.agents] == [(doer, "org")]
    assert event.object == obj


def test_a_player_picked_up():
    (event,) = [e for e in events("The Saints picked up Tom Reyes on Monday.") if e.what == "pick up"]
    assert (event.patient, event.date.text) == ("Tom Reyes", "Monday")


def test_a_person_doing_it_leaves_the_organisation_out():
    (event,) = [e for e in events("Microsoft chief Tom Reyes released a patch on Monday.") if e.what == "release"]
    assert [a.name for a in event.agents] == ["Tom Reyes"]


def test_a_present_participle_after_a_noun_is_done_by_it_a_past_one_to_it():
    from claims.nlp import load_nlp
    from claims.relations import understood_subject

    doc = load_nlp()("Crews freed the 12 miners trapped in the shaft and thanked the men running the pumps.")
    doers = {t.text: understood_subject(t) for t in doc if t.dep_ == "acl"}
    assert {verb: (doer.text if doer is not None else None) for verb, doer in doers.items()} == {
        "trapped": None,
        "running": "men",
    }
