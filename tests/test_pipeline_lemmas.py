"""The pipeline's lemma mend (geoevent/pipeline.py PAST_LEMMAS): a prefixed irregular past that
the tagger takes for a base form gets its verb's lemma; real base forms keep theirs. Texts
written for these tests."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, word, lemma",
    [
        ("On Monday the army retook the town.", "retook", "retake"),
        ("Militia fighters retook the hill after a day of shelling.", "retook", "retake"),
        # real base forms that are also some verb's past stay themselves
        ("They will lay siege to the port.", "lay", "lay"),
        ("The brothers want to found a company.", "found", "found"),
        ("Workers rebuild the bridge every spring.", "rebuild", "rebuild"),
    ],
)
def test_irregular_past_lemma(nlp, text, word, lemma):
    token = next(t for t in nlp(text) if t.text == word)
    assert token.lemma_ == lemma, (token.tag_, token.lemma_)
