"""merge.py joins the mentions of one event within a document into one record.

News repeats itself: "46 Afghan soldiers took refuge in Pakistan" and, paragraphs later,
"... requested refuge and safe passage for 46 soldiers ... opposite Arundu Sector, Chitral".
Two records with the same action type and the same count, whose actors do not disagree, are one
event: the merged record keeps the first sentence, the most specific place and date, and lists
every evidence sentence in ``mentions``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import Actor, Event, Place, When
from .actions import MEANS as _MEANS
from .actions import OUTCOMES as _OUTCOMES

PLACE_RANK = {"place": 3, "admin1": 2, "country": 1}
DATE_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}


#: Violence told by its outcome and by its means: one incident, one record.
OUTCOMES = frozenset(_OUTCOMES)
MEANS = frozenset(_MEANS)


def merge_events(events: Sequence[Event]) -> list[Event]:
    """Return ``events`` with repeated mentions of one event merged, in first-mention order."""
    merged: list[Event] = []
    for event in events:
        for k, kept in enumerate(merged):
            if same_event(kept, event):
                merged[k] = _join(kept, event)
                break
        else:
            merged.append(event)
    return _fold_incidents(merged)


def _fold_incidents(events: list[Event]) -> list[Event]:
    """Fold the sentences that tell one incident by its means ("militants attacked a base",
    "the soldiers repelled the assault after an exchange of fire") into the record of its
    outcome ("4 militants were killed"), else into the first means: same place, same day."""
    events = list(events)
    folded: set[int] = set()
    for i, event in enumerate(events):
        if event.action.type not in MEANS or event.count is not None or event.action.negated:
            continue
        candidates = [j for j in range(len(events)) if j != i and j not in folded and _same_incident(events[j], event)]
        outcome = [j for j in candidates if events[j].action.type in OUTCOMES]
        earlier = [j for j in candidates if j < i]
        host = outcome[0] if outcome else earlier[0] if earlier else None
        if host is not None:
            events[host] = _absorb(events[host], event)
            folded.add(i)
    return [e for i, e in enumerate(events) if i not in folded]


def _same_incident(host: Event, event: Event) -> bool:
    if host.action.type not in MEANS | OUTCOMES or host.action.negated:
        return False
    same_day = host.date is not None and event.date is not None and host.date.value is not None \
        and host.date.value == event.date.value and host.date.precision == "day"
    # a clash has two sides; other violence by another actor is another incident (an air strike
    # by the coalition is not the Houthis' missile attack of the same day)
    sides_agree = "armed_clash" in (host.action.type, event.action.type) or _compatible_actor(host.actor, event.actor)
    return same_day and host.location is not None and _same_place(host.location, event.location) and sides_agree


def _absorb(host: Event, event: Event) -> Event:
    mentions = host.mentions + tuple(m for m in event.mentions if m not in host.mentions)
    return replace(host, actor=host.actor or event.actor, target=host.target or event.target,
                   acled=host.acled or event.acled, mentions=mentions)


def same_event(a: Event, b: Event) -> bool:
    """True when ``a`` and ``b`` are two mentions of one event."""
    if a.action.type != b.action.type or a.action.negated != b.action.negated:
        return False
    if a.start == b.start:
        # one sentence, one type, one place: a repeated trigger ("an IED exploded ... the blast")
        return _same_place(a.location, b.location) and (a.count is None or b.count is None or _same_count(a, b))
    if a.count is None or b.count is None or not _same_count(a, b):
        return False
    if not _compatible_actor(a.actor, b.actor):
        return False
    return _compatible_place(a.location, b.location)


def _same_count(a: Event, b: Event) -> bool:
    if a.count is None or b.count is None:
        return a.count is None and b.count is None
    return a.count.value == b.count.value


def _compatible_actor(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.type and b.type and a.type != b.type:
        return False
    return True


def _same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.geonameid, a.name) == (b.geonameid, b.name)


def _compatible_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if _rank(a) == _rank(b) == PLACE_RANK["place"] and not _same_place(a, b):
        return False
    return True


def _rank(place: Place | None) -> int:
    return PLACE_RANK.get(place.precision or "", 0) if place else 0


def _more_specific_place(a: Place | None, b: Place | None) -> Place | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if _rank(b) > _rank(a) else a


def _more_specific_date(a: When | None, b: When | None) -> When | None:
    if a is None or a.value is None:
        return b if b is not None and b.value is not None else a
    if b is None or b.value is None:
        return a
    return b if DATE_RANK.get(b.precision or "", 0) > DATE_RANK.get(a.precision or "", 0) else a


def _join(kept: Event, new: Event) -> Event:
    mentions = kept.mentions + tuple(m for m in new.mentions if m not in kept.mentions)
    location = _more_specific_place(kept.location, new.location)
    return replace(
        kept,
        actor=kept.actor or new.actor,
        target=kept.target or new.target,
        count=kept.count or new.count,
        location=location,
        date=_more_specific_date(kept.date, new.date),
        confidence=round(min(0.95, max(kept.confidence, new.confidence) + 0.05), 2),
        acled=kept.acled or new.acled,
        mentions=mentions,
    )
