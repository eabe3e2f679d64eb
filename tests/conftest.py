"""Shared fixtures: the real English model is loaded once per test session."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """Return the spaCy pipeline geoevent uses (the default English model with our components)."""
    from geoevent.pipeline import ModelNotFound, load_pipeline

    try:
        return load_pipeline()
    except ModelNotFound:
        pytest.skip("no English spaCy model installed")


@pytest.fixture(scope="session")
def extractor(nlp):
    """Return an Extractor with the built-in rules on the session's pipeline, shared by every
    test that only reads it (tests with rules of their own build their own)."""
    from geoevent.extractor import Extractor

    found = Extractor()
    found.nlp = nlp
    return found.load()
