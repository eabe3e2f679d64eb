"""gold.py reads our gold files (JSON Lines) into the records every scorer compares against.

``tests/gold/events.jsonl`` (described in ``tests/gold/README.md``) holds one document a line with
its text and the events an analyst codes from it; :func:`load_gold` validates every line and
raises :class:`GoldError` naming the file and the line.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any



def _taxonomy():  # the built-in RuleSet: the types and families are data (rules/actions.jsonl)
    from ..rules.ruleset import builtin_rules

    return builtin_rules()


def action_types() -> frozenset[str]:
    """Return the action types of the built-in taxonomy (``geoevent/rules/actions.jsonl``)."""
    return frozenset(_taxonomy().type_names)


#: The action types gold events may use: read from the taxonomy, never copied from it.
ACTION_TYPES = action_types()

#: Action types close enough that a prediction of one for the other is the same event, mistyped
#: (those of one "family" in actions.jsonl).
ACTION_FAMILIES: tuple[frozenset[str], ...] = _taxonomy().families

DATE_PRECISIONS = ("day", "week", "month", "year")
PLACE_PRECISIONS = ("place", "admin2", "admin1", "country")

#: Action types whose count is a death toll (see GoldEvent.deaths).
#: Action types whose count may be a death toll: the dead themselves ("fatalities" in
#: actions.jsonl) and the means of an incident ("an attack that killed 5" codes 5 on the attack).
DEATH_TYPES = _taxonomy().types_where(lambda k: k.fatalities or k.incident == "means")
#: Outcome types whose count is not of the dead (the wounded).
INJURY_TYPES = _taxonomy().types_where(lambda k: k.incident == "outcome" and not k.fatalities)
#: Types whose count is of the crowd, not its victims (a riot): a death toll only when a
#: fatalities type is accepted too.
CROWD_TYPES = _taxonomy().types_where(lambda k: k.crowd and k.count_role == "actor")

class GoldError(ValueError):
    """A gold file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class GoldEvent:
    """One expected event; the dict fields have the shape of the gold file (see README)."""

    action: str
    alt: tuple[str, ...] = ()                 # other action types accepted as correct
    actor: dict[str, Any] | None = None       # {name, country, type}
    target: dict[str, Any] | None = None
    count: dict[str, Any] | None = None       # {value, min, max}
    location: dict[str, Any] | None = None    # {name, admin1, country, lat, lon, precision}
    date: dict[str, Any] | None = None        # {value, precision}
    acled: dict[str, Any] | None = None       # {event_type, sub_event_type}
    optional: bool = False                    # neither missed if absent nor false if found
    count_scored: bool = True                 # False where the source does not annotate counts
    deaths_coded: bool = False                # True where the count is always a death toll (ACLED)

    @property
    def accepted_actions(self) -> frozenset[str]:
        return frozenset((self.action, *self.alt))

    @property
    def deaths(self) -> int | None:
        """Return the deaths this event reports, or None when its count is not a death toll.

        A count is a death toll for killing types (a ``riot`` only with ``kill`` accepted, as its
        count is otherwise of rioters) unless ``injure`` is accepted (the count is of wounded).
        """
        value = _get(self.count, "value")
        if self.deaths_coded:
            return value
        if value is None or INJURY_TYPES & set(self.alt):
            return None
        if self.action in DEATH_TYPES or (self.action in CROWD_TYPES and DEATH_TYPES & set(self.alt)):
            return value
        return None

    def describe(self) -> str:
        """Return a one-line summary such as "kill 3 @ Kagara, NG on 2020-05-09"."""
        return _describe(self.action, self.count, self.location, self.date)


@dataclass(frozen=True)
class GoldDoc:
    """One gold document: a text, its publication date and the events coded from it."""

    id: str
    text: str
    published: date | None
    events: tuple[GoldEvent, ...]
    category: str | None = None
    source: str = "gold"                      # "gold" (our JSONL) or "acled"
    fatalities: int | None = None             # deaths coded in the text; None: not scored


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Return the documents of our gold JSONL file, validating every line."""
    path = Path(path)
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith(("#", "//")):
            continue
        try:
            record = json.loads(line)
            doc = _gold_doc(record)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}:{number}: {exc}") from None
        if doc.id in seen:
            raise GoldError(f"{path}:{number}: duplicate id {doc.id!r}")
        seen.add(doc.id)
        docs.append(doc)
    return docs


def _gold_doc(record: Any) -> GoldDoc:
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    doc_id = record.get("id")
    text = record.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        raise ValueError('"id" must be a non-empty string')
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f'{doc_id}: "text" must be a non-empty string')
    published = record.get("published")
    try:
        published_date = date.fromisoformat(published) if published is not None else None
    except (TypeError, ValueError):
        raise ValueError(f'{doc_id}: "published" must be YYYY-MM-DD or null') from None
    events = record.get("events")
    if not isinstance(events, list):
        raise ValueError(f'{doc_id}: "events" must be a list')
    parsed = []
    for i, event in enumerate(events, 1):
        try:
            parsed.append(_gold_event(event))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{doc_id}: event {i}: {exc}") from None
    if "fatalities" in record:
        fatalities = record["fatalities"]
        if not _is_int_or_none(fatalities):
            raise ValueError(f'{doc_id}: "fatalities" must be an integer or null')
    else:
        fatalities = _coded_deaths(parsed)
    return GoldDoc(doc_id, text, published_date, tuple(parsed), record.get("category"),
                   fatalities=fatalities)


def _coded_deaths(events: list[GoldEvent]) -> int | None:
    """Return the deaths of the required events added up; None if an optional event has deaths
    (whether a right extractor reports them is open, so the total is not scored)."""
    if any(e.optional and e.deaths for e in events):
        return None
    return sum(e.deaths or 0 for e in events if not e.optional)


def _gold_event(event: Any) -> GoldEvent:
    if not isinstance(event, dict):
        raise ValueError("expected an object")
    action = event.get("action")
    if not isinstance(action, dict) or not isinstance(action.get("type"), str):
        raise ValueError('"action" must be an object with a "type"')
    types = [action["type"], *action.get("alt", [])]
    unknown = [t for t in types if t not in action_types()]
    if unknown:
        raise ValueError(f"unknown action type {unknown[0]!r}")
    for key in ("actor", "target"):
        value = event.get(key)
        if value is not None and not isinstance(value, dict):
            raise ValueError(f'"{key}" must be an object or null')
    count = event.get("count")
    if count is not None:
        if not isinstance(count, dict) or not _is_int_or_none(count.get("value")):
            raise ValueError('"count" must be null or have an integer "value"')
        if not (_is_int_or_none(count.get("min")) and _is_int_or_none(count.get("max"))):
            raise ValueError('"count" min and max must be integers or null')
    location = event.get("location")
    if location is not None:
        _check_location(location)
    when = event.get("date")
    if when is not None:
        if not isinstance(when, dict) or when.get("precision") not in DATE_PRECISIONS:
            raise ValueError(f'"date" precision must be one of {", ".join(DATE_PRECISIONS)}')
        date.fromisoformat(when["value"])
    acled = event.get("acled")
    if acled is not None and not (isinstance(acled, dict) and acled.get("event_type")):
        raise ValueError('"acled" must be null or have an "event_type"')
    return GoldEvent(
        action=action["type"], alt=tuple(action.get("alt", ())), actor=event.get("actor"),
        target=event.get("target"), count=count, location=location, date=when, acled=acled,
        optional=bool(event.get("optional", False)),
    )


def _check_location(location: Any) -> None:
    if not isinstance(location, dict):
        raise ValueError('"location" must be an object or null')
    country = location.get("country")
    if not (isinstance(country, str) and len(country) == 2 and country.isupper()):
        raise ValueError('"location" country must be an ISO 3166-1 alpha-2 code')
    lat, lon = location.get("lat"), location.get("lon")
    if (lat is None) != (lon is None):
        raise ValueError('"location" needs both lat and lon, or neither')
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f'"location" lat/lon out of range: {lat}, {lon}')
    if location.get("precision", "place") not in PLACE_PRECISIONS:
        raise ValueError(f'"location" precision must be one of {", ".join(PLACE_PRECISIONS)}')


def _is_int_or_none(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GoldError(f"{path}: cannot read gold file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise GoldError(f"{path}: gold file is not UTF-8") from None


def _get(obj: Any, *keys: str) -> Any:
    """Return ``obj[k1][k2]...``, or None where a level is missing or not a dict."""
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _count_value(pred: dict[str, Any]) -> int | None:
    value = _get(pred, "count", "value")
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _describe(action: str | None, count: dict[str, Any] | None, location: dict[str, Any] | None,
              when: dict[str, Any] | None) -> str:
    parts = [action or "?"]
    if count and count.get("value") is not None:
        parts.append(str(count["value"]))
    if location:
        place = location.get("name") or location.get("text") or "?"
        parts.append(f"@ {place}, {location.get('country') or '?'}")
    if when and when.get("value"):
        parts.append(f"on {when['value']}")
    return " ".join(parts)


def _describe_pred(p: dict[str, Any]) -> str:
    return _describe(_get(p, "action", "type"), p.get("count"), p.get("location"), p.get("date"))


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


