"""user_places.py puts the places and place words of users' rule files in front of a gazetteer.

A ``--rules`` file may name places the index lacks ("Arundu Sector" with its coordinates) or
aliases of countries and divisions; :class:`UserPlaces` answers look-ups with them first and
asks the wrapped gazetteer for everything else, so the index itself is never rebuilt. It also
carries the rule set's nationality and feature words (``words``) to place finding.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from geoevent.geo.gazetteer import Candidate
from geoevent.geo.names import fold
from geoevent.geo.words import PlaceWords


class UserPlaces:
    """A gazetteer (anything with ``candidates``, ``is_known``, ``country``, ...) with the
    users' places (``geoevent.rules.ruleset.PlaceRule``) looked up first."""

    def __init__(self, base: Any, places: Sequence[Any], words: PlaceWords | None = None):
        self.base = base
        self.places = tuple(places)
        self.words = words      # the rule set's nationality and feature words (geo/words.py)
        self._index: dict[str, list[Candidate]] | None = None

    def __getstate__(self) -> dict:
        return {"base": self.base, "places": self.places, "words": self.words}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["base"], state["places"], state.get("words"))  # type: ignore[misc]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in ("base", "places", "words"):
            raise AttributeError(name)
        return getattr(self.base, name)

    def _candidates_by_key(self) -> dict[str, list[Candidate]]:
        if self._index is None:
            index: dict[str, list[Candidate]] = {}
            for rule in self.places:
                found = self._candidate(rule)
                if found is None:
                    continue
                for name in (rule.name, *rule.names):
                    index.setdefault(fold(name), []).append(found)
                    # place finding reads "X Sector" as the name X and a feature word: the
                    # users' "Zorvan Sector" is also found as "Zorvan"
                    head, _, last = name.rpartition(" ")
                    if head and self.words is not None and last.lower() in self.words.features:
                        index.setdefault(fold(head), []).append(found)
            self._index = index
        return self._index

    def _candidate(self, rule: Any) -> Candidate | None:
        if rule.target is not None:   # an alias of a country ("-") or of a division (ISO 3166-2)
            found = self.base.country(rule.country) if rule.target == "-" else self.base.admin1(rule.target)
            return replace(found, alternate=True) if found is not None else None
        return Candidate(
            geonameid=None, name=rule.name, feature=rule.feature, country=rule.country,
            country_name=self.base.country_name(rule.country), admin1=rule.admin1, admin1_code=None,
            lat=rule.lat, lon=rule.lon, population=rule.population,
        )

    def candidates(self, name: str, limit: int = 20) -> list[Candidate]:
        """The users' places called ``name`` first, then the gazetteer's."""
        mine = self._candidates_by_key().get(fold(name), [])
        if not mine:
            return self.base.candidates(name, limit)
        return (mine + [c for c in self.base.candidates(name, limit) if c not in mine])[:limit]

    def is_known(self, name: str) -> bool:
        return fold(name) in self._candidates_by_key() or self.base.is_known(name)

    def __repr__(self) -> str:
        return f"UserPlaces({self.base!r}, {len(self.places)} places)"
