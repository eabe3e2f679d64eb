"""The one dateline detector: computed once by the pipeline component and stored on the Doc."""
from __future__ import annotations

import pytest

from geoevent.pipeline import dateline_of, load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize(
    "text, dateline",
    [
        ("KABUL, July 9 (Reuters) - Taliban fighters took the town.", "KABUL, July 9 (Reuters) -"),
        ("GOMA, Democratic Republic of Congo - M23 rebels advanced.", "GOMA, Democratic Republic of Congo -"),
        ("Kabul, Afghanistan - Taliban fighters took the town.", "Kabul, Afghanistan -"),
        ("NIAMEY: Gunmen killed 12 soldiers.", "NIAMEY:"),
        ("PORT-AU-PRINCE - Gangs attacked Cite Soleil.", "PORT-AU-PRINCE -"),
        # sentences and hyphenated names are no datelines
        ("Meanwhile, the army - which was ready - attacked.", None),
        ("Al-Shabaab militants attacked the base.", None),
        ("The army attacked the town.", None),
    ],
)
def test_dateline_is_found_once_and_stored(nlp, text, dateline):
    doc = nlp(text)
    found = dateline_of(doc)
    assert (doc[found[0]:found[1]].text if found else None) == dateline
    if dateline:
        assert doc[found[1]].is_sent_start   # the dateline does not run into the sentence's subject
