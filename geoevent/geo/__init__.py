"""The "where" of geoevent: an offline gazetteer (built once, cached, injectable) and place
resolution over parsed spaCy documents.

    from geoevent.geo import Gazetteer, find_places, document_place
    gaz = Gazetteer.default()
    mentions = find_places(doc, gaz)          # every place mention, resolved
    main = document_place(mentions, doc)      # the dateline's place, else the most mentioned

Submodules are imported lazily so ``import geoevent.geo`` stays cheap.
"""
from __future__ import annotations

from typing import Any

_EXPORTS = {
    "Candidate": "geoevent.geo.gazetteer",
    "Gazetteer": "geoevent.geo.gazetteer",
    "GazetteerError": "geoevent.geo.gazetteer",
    "PlaceMention": "geoevent.geo.resolve",
    "find_places": "geoevent.geo.resolve",
    "document_place": "geoevent.geo.resolve",
    "score_places": "geoevent.geo.evaluate",
    "fold": "geoevent.geo.names",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geoevent.geo' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = sorted(_EXPORTS)
