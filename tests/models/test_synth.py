"""The generator's makers on sentences written for these tests (no development data needed)."""

from __future__ import annotations

import random

from bench.nli_bench import PROBES
from models.synth import NewsDoc, entity_swap, identity, light_variant, unsupported_addition
from models.train import lowest_threshold

SENTENCE = "Police in Denver arrested John Carter on Monday after a U.S. judge signed the warrant."
DOC = NewsDoc(
    [SENTENCE, "Carter's lawyer, Mary Olsen, said he would plead not guilty."],
    {"person": ["John Carter", "Mary Olsen"], "place": ["Denver", "Boulder"], "organisation": ["FBI"]},
)


def made(maker, sentence=SENTENCE, doc=DOC, seed=0):
    return list(maker(sentence, doc, random.Random(seed)))


def test_identity_is_entailment():
    (pair,) = made(identity)
    assert pair.premise == pair.hypothesis == SENTENCE and pair.label == "entailment"


def test_light_variants_keep_the_meaning():
    sentence = "Officials said 1,200 people did not vote in the U.S. capital in January."
    seen = set()
    for seed in range(20):
        (pair,) = made(light_variant, sentence, seed=seed)
        assert pair.label == "entailment" and pair.premise != pair.hypothesis
        seen.add(pair.hypothesis if pair.premise == sentence else pair.premise)
    assert len(seen) > 1  # several kinds of rewrite, not one template


def test_an_entity_is_swapped_for_another_of_its_kind_from_the_same_article():
    for seed in range(10):
        (pair,) = made(entity_swap, seed=seed)
        changed = pair.hypothesis if pair.premise == SENTENCE else pair.premise
        assert pair.label == "contradiction"
        assert ("Mary Olsen" in changed and "John Carter" not in changed) or (
            "Boulder" in changed and "Denver" not in changed
        )


def test_nothing_to_swap_without_a_second_name_of_a_kind():
    assert made(entity_swap, doc=NewsDoc([SENTENCE], {"person": ["John Carter"]})) == []


def test_an_unsupported_addition_is_neutral():
    (pair,) = made(unsupported_addition)
    assert pair.label == "neutral" and pair.hypothesis.startswith(SENTENCE[:-1]) and pair.hypothesis != SENTENCE


def test_the_probes_are_in_no_template():
    import inspect

    import models.synth

    source = inspect.getsource(models.synth)
    for premise, hypothesis, _ in PROBES:
        assert premise not in source and hypothesis not in source


def test_the_lowest_threshold_that_is_precise_enough():
    scores = [0.9, 0.8, 0.7, 0.6, 0.1]
    gold = ["contradiction", "contradiction", "neutral", "contradiction", "neutral"]
    assert lowest_threshold(scores, gold, 1.0) == {"threshold": 0.71, "precision": 1.0, "recall": 0.6667}
    assert lowest_threshold(scores, gold, 0.75) == {"threshold": 0.11, "precision": 0.75, "recall": 1.0}
