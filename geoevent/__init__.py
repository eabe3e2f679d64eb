"""geoevent: news articles in, structured geocoded events out.

    >>> import geoevent
    >>> for event in geoevent.extract("Police arrested 12 protesters in Nairobi on Monday."):
    ...     print(event.action.type, event.count.value, event.location.name)

Nothing heavy is imported here: spaCy and the gazetteer load on first use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from .extractor import Extractor, extract
    from .model import Event

__all__ = ["__version__", "Extractor", "extract", "Event"]


def __getattr__(name: str) -> Any:
    if name in ("Extractor", "extract"):
        from . import extractor

        return getattr(extractor, name)
    if name == "Event":
        from .model import Event

        return Event
    raise AttributeError(name)
