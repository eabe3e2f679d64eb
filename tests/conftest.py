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
