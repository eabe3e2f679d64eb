"""The real scraped page this project started from (../shared/seeds, not part of the project):
its four displacement events come out, page clutter and all."""
from __future__ import annotations

from pathlib import Path

import pytest

from geoevent.extractor import Extractor

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.skipif(not SEED_FILES, reason="../shared/seeds is not beside the project")
def test_seed_events():
    text = SEED_FILES[0].read_text(encoding="utf-8")
    events = [e.to_dict() for e in Extractor().extract(text)]

    def where(count: int, kind: str | None = None) -> set[str]:
        return {e["location"]["country"] for e in events
                if e["count"] and e["count"]["value"] == count and e["location"]
                and (kind is None or e["count"]["qualifier"] == kind)}

    assert "PK" in where(46)
    assert "PK" in where(35)
    assert "TJ" in where(1000, "more_than")
    assert {"TJ", "IR", "CN", "PK"} <= where(100, "vague")
    refuge = [e for e in events if e["count"] and e["count"]["value"] == 46]
    assert len(refuge) == 1 and len(refuge[0]["mentions"]) == 2      # "in Pakistani", then "Chitral"
    assert refuge[0]["location"]["name"] == "Chitral"
    clutter = ("Saudi Air Force trainee", "Orwell", "Liaquat Ali Khan", "newsletter")
    assert not [e for e in events if any(c in e["sentence"] for c in clutter)]
