"""user_places.py puts the places of users' rule files in front of a gazetteer.

A ``--rules`` file may name places the index lacks ("Arundu Sector" with its coordinates) or
aliases of countries and divisions; :class:`UserPlaces` answers look-ups with them first and
asks the wrapped gazetteer for everything else, so the index itself is never rebuilt.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from geoevent.geo.gazetteer import Candidate
from geoevent.geo.names import fold


class UserPlaces:
    """A gazetteer (anything with ``candidates``, ``is_known``, ``country``, ...) with the
    users' places (``geoevent.rules.ruleset.PlaceRule``) looked up first."""

    def __init__(self, base: Any, places: Sequence[Any]):
        self.base = base
        self.places = tuple(places)
        self._index: dict[str, list[Candidate]] | None = None

    def __getstate__(self) -> dict:
        return {"base": self.base, "places": self.places}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["base"], state["places"])  # type: ignore[misc]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in ("base", "places"):
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
