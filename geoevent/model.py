"""The event record: frozen dataclasses that are the library's results, and their JSON form.

The JSON produced by :meth:`Event.to_dict` is a public contract (see README, "The record").
Add keys freely; never rename or remove one without bumping :data:`SCHEMA_VERSION`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "1.1"


def _clean(obj: Any) -> Any:
    """Return ``obj`` as plain JSON types (dataclasses become dicts)."""
    if obj is None:
        return None
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, (list, tuple)):
        return [_clean(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    return obj


class _Record:
    def to_dict(self) -> dict[str, Any]:
        return {f.name: _clean(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class Actor(_Record):
    """Who: an actor or a target of an event."""

    text: str                       # as written, counts included ("At least 46 Afghan soldiers")
    name: str                       # the group, without counts and determiners ("Afghan soldiers")
    country: str | None = None      # ISO 3166-1 alpha-2
    type: str | None = None         # military, police, government, rebels, civilians, ...
    acled: str | None = None        # the name in ACLED's conventions ("Military Forces of Niger")
    inter: int | None = None        # ACLED's actor category, 1-8 (1 state forces ... 8 external)


@dataclass(frozen=True)
class Action(_Record):
    """What: the trigger of an event."""

    text: str                       # as written ("have taken refuge")
    lemma: str                      # normalised ("take refuge")
    type: str | None = None         # our taxonomy (rules/actions.jsonl): kill, seek_refuge, ...
    negated: bool = False
    modality: str | None = None     # None when asserted; "possible" when hedged ("may have killed")


@dataclass(frozen=True)
class Count(_Record):
    """How many: a number phrase turned into values."""

    text: str                       # as written ("At least 46")
    value: int | None               # the figure to aggregate (conservative for vague amounts)
    min: int | None = None
    max: int | None = None
    qualifier: str | None = None    # exact, at_least, more_than, about, up_to, range, vague, ...
    of: str | None = None           # what is counted ("soldiers")


@dataclass(frozen=True)
class Place(_Record):
    """Where: a place mention resolved against the gazetteer."""

    text: str                       # as written
    name: str | None = None         # resolved, most specific
    admin1: str | None = None       # first-level division name
    admin2: str | None = None       # second-level division name (district, county, department)
    country: str | None = None      # ISO 3166-1 alpha-2
    country_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str | None = None    # place / admin2 / admin1 / country / region
    score: float | None = None      # resolution confidence, 0..1

    def label(self) -> str:
        """Return "Chitral, Khyber Pakhtunkhwa, Pakistan" style text for people."""
        parts: list[str] = []
        for part in (self.name or self.text, self.admin2, self.admin1, self.country_name or self.country):
            if part and part not in parts:
                parts.append(part)
        return ", ".join(parts)


@dataclass(frozen=True)
class When(_Record):
    """When: a date phrase resolved against the publication date."""

    text: str                       # as written ("Monday")
    value: str | None = None        # ISO date; first day of a period
    precision: str | None = None    # day / week / month / year
    end: str | None = None          # last day of a period or range
    carried: bool = False           # not in the event's sentence: the date of the event before it


@dataclass(frozen=True)
class Mention(_Record):
    """One evidence sentence of an event."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Event(_Record):
    """One event: who did what, to whom, how many, where and when, with its evidence."""

    doc: str
    id: str
    actor: Actor | None
    action: Action
    target: Actor | None
    count: Count | None
    location: Place | None
    date: When | None
    sentence: str
    start: int                      # offsets of ``sentence`` in the input text
    end: int
    confidence: float
    plover: str | None = None       # PLOVER event type (ASSAULT, PROTEST, ...)
    acled: dict[str, Any] | None = None   # {"event_type", "sub_event_type"} and the incident's
    #                                       actor1, assoc_actor_1, inter1, actor2, assoc_actor_2,
    #                                       inter2, interaction, fatalities, disorder_type,
    #                                       civilian_targeting
    published: str | None = None    # the anchor dates were resolved against (ISO date)
    published_source: str | None = None   # where it came from: option, metadata, dateline
    text_source: str | None = None  # "raw"; "html" when offsets refer to the text extracted from a page
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    incident: str | None = None     # the id shared by the records of one incident

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["schema"] = SCHEMA_VERSION
        return d


__all__ = ["SCHEMA_VERSION", "Actor", "Action", "Count", "Place", "When", "Mention", "Event"]
