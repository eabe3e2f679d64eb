"""acled.py reads an ACLED export (CSV) as gold: each row's ``notes`` is a text, the row its event.

Rows that share a note become one document; ACLED's codes (sub-event types, ``inter`` numbers or
words, country names, precision codes) are turned into our gold records' shape.
"""
from __future__ import annotations

import csv
import re
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..geo.names import fold
from .gold import GoldDoc, GoldError, GoldEvent, _get, read_text

@lru_cache(maxsize=1)
def acled_actions() -> tuple[dict[str, tuple[str, tuple[str, ...]]], dict[str, str]]:
    """Return how ACLED's sub-event types, and as a fallback its event types, read as our action
    types (``rules/acled_gold.tsv``): ``({sub-event: (action, also accepted)}, {event type: action})``.
    Every action named there must be a type of the taxonomy."""
    from ..rules import RuleError, builtin_path, numbered_tsv
    from ..rules.ruleset import builtin_rules

    known = set(builtin_rules().type_names)
    path = builtin_path("acled_gold.tsv")
    subs: dict[str, tuple[str, tuple[str, ...]]] = {}
    events: dict[str, str] = {}
    for number, row in numbered_tsv(path, 4):
        kind, name, action, also = row[:4]
        accepted = () if also == "-" else tuple(also.split())
        unknown = [t for t in (action, *accepted) if t not in known]
        if kind not in ("sub", "event") or unknown:
            raise RuleError(f"{path}:{number}: " + (f"unknown action type {unknown[0]!r}" if unknown
                                                   else 'the kind must be "sub" or "event"'))
        if kind == "sub":
            subs[name] = (action, accepted)
        else:
            events[name] = action
    return subs, events


#: Country names as ACLED writes them that pycountry does not know.
COUNTRY_ALIASES: dict[str, str] = {
    "democratic republic of congo": "CD", "democratic republic of the congo": "CD", "drc": "CD",
    "republic of congo": "CG", "congo": "CG", "congo brazzaville": "CG",
    "russia": "RU", "iran": "IR", "syria": "SY", "palestine": "PS", "ivory coast": "CI",
    "cote divoire": "CI", "turkey": "TR", "turkiye": "TR", "cape verde": "CV", "east timor": "TL",
    "brunei": "BN", "burma": "MM", "laos": "LA", "micronesia": "FM", "kosovo": "XK",
    "north korea": "KP", "south korea": "KR", "vietnam": "VN", "bolivia": "BO", "tanzania": "TZ",
    "venezuela": "VE", "moldova": "MD", "eswatini": "SZ", "swaziland": "SZ", "czech republic": "CZ",
    "macedonia": "MK", "north macedonia": "MK", "taiwan": "TW", "vatican city": "VA",
    "united states": "US", "united states of america": "US", "usa": "US",
    "united kingdom": "GB", "uk": "GB", "the gambia": "GM", "gambia": "GM",
    "bahamas": "BS", "saint helena": "SH", "caribbean netherlands": "BQ", "curacao": "CW",
    "sint maarten": "SX", "saint martin": "MF", "saint barthelemy": "BL", "reunion": "RE",
    "falkland islands": "FK", "virgin islands, british": "VG", "virgin islands, u.s.": "VI",
}
#: ACLED's actor categories (``inter1``/``inter2``): the code, and the words newer exports write.
INTER_NAMES: dict[int, str] = {
    1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}
_INTER_CODES: dict[str, int] = {
    **{str(code): code for code in INTER_NAMES}, **{name.lower(): code for code, name in INTER_NAMES.items()},
    "rebel groups": 2, "political militias": 3, "identity militias": 4,
}


def inter_code(value: str | int | None) -> int | None:
    """Return ACLED's actor category as its code 1-8, from a number or the words ("Rebel group")."""
    if value is None:
        return None
    return _INTER_CODES.get(str(value).strip().lower())


#: ACLED inter codes (numbers in older exports, words in newer ones) -> our actor types.
ACLED_INTER_TYPES: dict[str, str] = {
    "1": "military", "state forces": "military",
    "2": "rebels", "rebel group": "rebels", "rebel groups": "rebels",
    "3": "militia", "political militia": "militia", "political militias": "militia",
    "4": "militia", "identity militia": "militia", "identity militias": "militia",
    "5": "rioters", "rioters": "rioters",
    "6": "protesters", "protesters": "protesters",
    "7": "civilians", "civilians": "civilians",
    "8": "international", "external/other forces": "international",
}
_ACLED_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d-%B-%Y", "%d-%b-%Y", "%d-%b-%y")
_ACLED_TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
_ACLED_GEO_PRECISION = {"1": "place", "2": "place", "3": "admin1"}
_ACLED_REQUIRED = ("notes", "event_date", "event_type", "country")


def load_acled_csv(path: str | Path) -> list[GoldDoc]:
    """Return one document for each distinct ``notes`` text of an ACLED export, its rows as events.

    Rows that share a note (ACLED codes one event per actor pair) become one document with
    several events. Fatalities become the event's count (a kill count) and the document's
    ``fatalities``; counts of other kinds are not annotated by ACLED and are not scored.
    """
    path = Path(path)
    text = read_text(path)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    columns = {c.strip().lower() for c in reader.fieldnames or ()}
    missing = [c for c in _ACLED_REQUIRED if c not in columns]
    if missing:
        raise GoldError(f"{path}: not an ACLED export, missing column(s) {', '.join(missing)}")
    grouped: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, row in enumerate(reader, 2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not row.get("notes"):
            continue
        grouped.setdefault(row["notes"], []).append((number, row))
    docs = []
    for note, rows in grouped.items():
        events: dict[tuple[Any, ...], GoldEvent] = {}
        fatalities = 0
        for number, row in rows:
            try:
                event, deaths = _acled_event(row)
            except ValueError as exc:
                raise GoldError(f"{path}:{number}: {exc}") from None
            fatalities += deaths
            # ACLED may code one clash as a row per side: same action, place and date is one event
            key = (event.action, _get(event.location, "name"), _get(event.date, "value"))
            if key in events:
                event = _add_deaths(events[key], event)
            events[key] = event
        number, first_row = rows[0]
        doc_id = first_row.get("event_id_cnty") or f"acled-{number}"
        docs.append(GoldDoc(doc_id, note, None, tuple(events.values()), first_row.get("event_type"),
                            source="acled", fatalities=fatalities))
    return docs


def _acled_event(row: dict[str, str]) -> tuple[GoldEvent, int]:
    event_type, sub_type = row.get("event_type", ""), row.get("sub_event_type", "")
    subs, events = acled_actions()
    action, alt = subs.get(sub_type.lower(), (None, ()))
    if action is None:
        action = events.get(event_type.lower()) or events["violence against civilians"]
        alt = ()
    raw_deaths = row.get("fatalities", "") or "0"
    try:
        deaths = int(float(raw_deaths))
    except ValueError:
        raise ValueError(f"fatalities must be a number, not {raw_deaths!r}") from None
    from ..rules.ruleset import builtin_rules

    rules = builtin_rules()   # the first type whose count is of the dead ("kill")
    dead = next(t for t in rules.type_names if t in rules.fatality_types)
    if deaths and dead not in alt and action != dead:
        alt = (*alt, dead)
    country = country_code(row.get("country", "")) or _iso_numeric(row.get("iso", ""))
    if country is None:
        raise ValueError(f"unknown country {row.get('country')!r}")
    location = None
    lat, lon = _float_or_none(row.get("latitude")), _float_or_none(row.get("longitude"))
    if lat is not None and lon is not None:
        location = {"name": row.get("location") or None, "admin1": row.get("admin1") or None,
                    "country": country, "lat": lat, "lon": lon,
                    "precision": _ACLED_GEO_PRECISION.get(row.get("geo_precision", ""), "place")}
    return GoldEvent(
        action=action, alt=tuple(alt),
        actor=_acled_actor(row.get("actor1", ""), row.get("inter1", ""), country),
        target=_acled_actor(row.get("actor2", ""), row.get("inter2", ""), country),
        count={"value": deaths, "min": deaths, "max": deaths} if deaths else None,
        location=location,
        date={"value": _acled_date(row["event_date"]).isoformat(),
              "precision": _ACLED_TIME_PRECISION.get(row.get("time_precision", ""), "day")},
        acled={"event_type": event_type, "sub_event_type": sub_type},
        count_scored=False,
        deaths_coded=True,
    ), deaths


def _add_deaths(first: GoldEvent, second: GoldEvent) -> GoldEvent:
    deaths = (_get(first.count, "value") or 0) + (_get(second.count, "value") or 0)
    count = {"value": deaths, "min": deaths, "max": deaths} if deaths else None
    return replace(first, count=count, target=first.target or second.target)


def _acled_date(text: str) -> date:
    for fmt in _ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"event_date {text!r} is neither '09 May 2020' nor '2020-05-09'")


_ACTOR_COUNTRY = re.compile(r"\(([^()]+)\)\s*$")
_ACTOR_FORCES_OF = re.compile(r"\b(?:forces|police|government|military) of ([A-Z][^()]+?)(?:\s*\(|$)", re.I)


def _acled_actor(name: str, inter: str, event_country: str) -> dict[str, Any] | None:
    """Return {name, country, type, acled, inter} for an ACLED actor such as "Unidentified Armed
    Group (Nigeria)": ``acled`` is the name as ACLED writes it, ``inter`` its category code or None."""
    if not name:
        return None
    country = None
    for pattern in (_ACTOR_COUNTRY, _ACTOR_FORCES_OF):
        found = pattern.search(name)
        if found and (code := country_code(found.group(1))):
            country = code
            break
    kind = ACLED_INTER_TYPES.get(inter.strip().lower())
    if kind == "military" and re.search(r"\bpolice\b", name, re.I):
        kind = "police"
    if country is None and kind in ("rioters", "protesters", "civilians"):
        country = event_country
    return {"name": name, "country": country, "type": kind, "acled": name, "inter": inter_code(inter)}


@lru_cache(maxsize=512)
def country_code(name: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a country name ("Russia" -> "RU"), or None."""
    key = fold(name)
    if not key:
        return None
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    import pycountry   # imported here: only ACLED input needs it

    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return None


def _iso_numeric(value: str) -> str | None:
    if not value.strip().isdigit():
        return None
    import pycountry

    found = pycountry.countries.get(numeric=value.strip().zfill(3))
    return found.alpha_2 if found else None


def _float_or_none(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None

