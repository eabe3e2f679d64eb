"""evaluate.py scores predicted events against gold events: who did what, where, how many, when.

Two gold formats are read:

* our JSON Lines (``tests/gold/events.jsonl``, described in ``tests/gold/README.md``): one
  document a line with its text and the events an analyst codes from it;
* an ACLED export (CSV): each row's ``notes`` is a text and the row is its gold event.

:func:`score` runs a ``predict(text, published, doc_id)`` function over the documents. The
predictor is injected, so this module never imports spaCy and can be tested with a fake one;
:func:`extractor_predictor` adapts :class:`geoevent.Extractor` to that signature. In each
document, predicted events are paired with gold events greedily by similarity (action type,
count, place, date), then events are scored for precision/recall and each field is scored on
the matched pairs. :func:`compare_to_baseline` lists the scores that fell below pinned ones.
"""
from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

def _taxonomy():  # the built-in RuleSet: the types and families are data (rules/actions.jsonl)
    from .rules.ruleset import builtin_rules

    return builtin_rules()


#: The action types gold events may use (the taxonomy of ``geoevent/rules/actions.jsonl``).
ACTION_TYPES = frozenset(_taxonomy().type_names)

#: Action types close enough that a prediction of one for the other is the same event, mistyped
#: (those of one "family" in actions.jsonl).
ACTION_FAMILIES: tuple[frozenset[str], ...] = _taxonomy().families

DATE_PRECISIONS = ("day", "week", "month", "year")
PLACE_PRECISIONS = ("place", "admin2", "admin1", "country")

#: Action types whose count is a death toll (see GoldEvent.deaths).
DEATH_TYPES = frozenset({"kill", "armed_clash", "attack", "bombing", "air_strike", "shelling", "disaster"})

#: Weights of the similarity that pairs gold and predicted events (they add up to 1).
WEIGHTS = {"action": 0.45, "count": 0.15, "location": 0.30, "date": 0.10}
#: A pair whose actions are related (same type or family) matches from this similarity on ...
MIN_SIMILARITY = 0.40
#: ... and a pair of unrelated actions only from this one (same place and count, say).
MIN_SIMILARITY_UNRELATED = 0.45
#: Subtracted from pairs with an optional gold event, so required events win ties.
OPTIONAL_PENALTY = 0.05
NEAR_KM = 50.0
FAR_KM = 161.0   # ~100 miles, the usual "right region" radius of geoparsing evaluations
EARTH_RADIUS_KM = 6371.0088

#: A predictor: (text, publication date or None, document id) -> events as Event.to_dict() dicts.
Predict = Callable[[str, date | None, str], Iterable[dict[str, Any]]]


class GoldError(ValueError):
    """A gold file that cannot be used; the message names the file and the line."""


# --------------------------------------------------------------------------- gold records


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
        if value is None or "injure" in self.alt:
            return None
        if self.action in DEATH_TYPES or (self.action == "riot" and "kill" in self.alt):
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


def load(path: str | Path) -> list[GoldDoc]:
    """Return the documents of a gold file, our JSONL or an ACLED CSV (told by extension or header)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return load_gold(path)
    if suffix in (".csv", ".tsv"):
        return load_acled_csv(path)
    head = _read_text(path)[:2000].lstrip()
    if head.startswith("{"):
        return load_gold(path)
    if "event_date" in head.split("\n", 1)[0]:
        return load_acled_csv(path)
    raise GoldError(f"{path}: neither our gold JSONL nor an ACLED CSV (no event_date column)")


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Return the documents of our gold JSONL file, validating every line."""
    path = Path(path)
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    for number, line in enumerate(_read_text(path).splitlines(), 1):
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
    unknown = [t for t in types if t not in ACTION_TYPES]
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


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GoldError(f"{path}: cannot read gold file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise GoldError(f"{path}: gold file is not UTF-8") from None


# --------------------------------------------------------------------------- ACLED input

#: ACLED sub-event type -> (our action type, other accepted types).
ACLED_ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "armed clash": ("armed_clash", ("attack", "kill")),
    "government regains territory": ("capture_territory", ("armed_clash",)),
    "non-state actor overtakes territory": ("capture_territory", ("armed_clash", "attack")),
    "attack": ("attack", ("kill", "injure")),
    "abduction/forced disappearance": ("abduct", ()),
    "sexual violence": ("sexual_violence", ("attack",)),
    "air/drone strike": ("air_strike", ("kill", "bombing")),
    "shelling/artillery/missile attack": ("shelling", ("kill", "air_strike")),
    "remote explosive/landmine/ied": ("bombing", ("kill", "attack")),
    "suicide bomb": ("bombing", ("kill", "attack")),
    "grenade": ("bombing", ("kill", "injure", "attack")),
    "chemical weapon": ("attack", ("kill", "injure")),
    "peaceful protest": ("protest", ()),
    "protest with intervention": ("protest", ("arrest",)),
    "excessive force against protesters": ("protest", ("kill", "attack", "injure")),
    "violent demonstration": ("riot", ("protest",)),
    "mob violence": ("riot", ("kill", "attack")),
    "agreement": ("agree", ()),
    "arrests": ("arrest", ()),
    "looting/property destruction": ("destroy_property", ()),
    "non-violent transfer of territory": ("capture_territory", ("withdraw",)),
    "headquarters or base established": ("deploy", ()),
    "disrupted weapons use": ("attack", ()),
    "change to group/activity": ("deploy", ()),
}
#: Fallback by ACLED event type, for sub-event types not listed above.
ACLED_EVENT_ACTIONS: dict[str, str] = {
    "battles": "armed_clash", "violence against civilians": "attack",
    "explosions/remote violence": "bombing", "protests": "protest", "riots": "riot",
}
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
    text = _read_text(path)
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
    action, alt = ACLED_ACTIONS.get(sub_type.lower(), (None, ()))
    if action is None:
        action = ACLED_EVENT_ACTIONS.get(event_type.lower(), "attack")
        alt = ()
    raw_deaths = row.get("fatalities", "") or "0"
    try:
        deaths = int(float(raw_deaths))
    except ValueError:
        raise ValueError(f"fatalities must be a number, not {raw_deaths!r}") from None
    if deaths and "kill" not in alt and action != "kill":
        alt = (*alt, "kill")
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
    """Return {name, country, type} for an ACLED actor such as "Unidentified Armed Group (Nigeria)"."""
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
    return {"name": name, "country": country, "type": kind}


@lru_cache(maxsize=512)
def country_code(name: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a country name ("Russia" -> "RU"), or None."""
    key = _fold(name)
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


# --------------------------------------------------------------------------- comparisons


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


_GENERIC_ADMIN_WORDS = frozenset({
    "state", "province", "region", "governorate", "oblast", "oblast'", "department", "departement",
    "district", "division", "county", "prefecture", "territory", "area", "muhafazat", "wilayah",
    "wilaya", "capital", "city", "special", "zone", "of", "the", "autonomous", "federal",
})
_LEADING_ARTICLES = ("al ", "el ", "ar ", "as ", "ad ", "an ", "ash ", "at ")


def _fold(text: str) -> str:
    """Return ``text`` as lower-case ASCII words ("Şa'dah" -> "sadah", "Nord-Kivu" -> "nord kivu")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’ʻʼ`]", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text.encode("ascii", "ignore").decode()).strip()


#: Compass words of French, Spanish and Portuguese division names ("Nord-Kivu", "Norte de Santander").
_COMPASS = {"nord": "north", "norte": "north", "sud": "south", "sur": "south", "sul": "south",
            "est": "east", "este": "east", "ouest": "west", "oeste": "west"}


def _admin1_key(name: str) -> str:
    words = [_COMPASS.get(w, w) for w in _fold(name).split() if w not in _GENERIC_ADMIN_WORDS]
    key = " ".join(words)
    for article in _LEADING_ARTICLES:
        if key.startswith(article):
            key = key[len(article):]
    return key


def same_admin1(gold: str | Sequence[str] | None, predicted: str | None) -> bool:
    """Return True if ``predicted`` names the first-level division ``gold`` (a name or a list).

    Names are compared leniently, because gazetteers spell divisions differently ("Donetska
    oblast" / "Donetsk", "Al Başrah" / "Basra"): after folding and dropping words like "state"
    or "province", one name may contain the other or be a close spelling of it.
    """
    if not gold or not predicted:
        return False
    names = [gold] if isinstance(gold, str) else list(gold)
    got = _admin1_key(predicted)
    if not got:
        return False
    for name in names:
        want = _admin1_key(name)
        if not want:
            continue
        if want == got or re.search(rf"\b{re.escape(want)}\b", got) or re.search(rf"\b{re.escape(got)}\b", want):
            return True
        if SequenceMatcher(None, want, got).ratio() >= 0.8:
            return True
    return False


def same_date(gold: dict[str, Any], predicted: str | None) -> bool:
    """Return True if the ISO date ``predicted`` falls in the gold date at the gold's precision."""
    if not predicted:
        return False
    try:
        got = date.fromisoformat(str(predicted)[:10])
    except ValueError:
        return False
    want = date.fromisoformat(gold["value"])
    precision = gold.get("precision", "day")
    if precision == "week":
        return got.isocalendar()[:2] == want.isocalendar()[:2]
    if precision == "month":
        return (got.year, got.month) == (want.year, want.month)
    if precision == "year":
        return got.year == want.year
    return got == want


def _family(action: str | None) -> frozenset[str]:
    for family in ACTION_FAMILIES:
        if action in family:
            return family
    return frozenset()


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _count_value(pred: dict[str, Any]) -> int | None:
    value = _get(pred, "count", "value")
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _in_range(count: dict[str, Any], value: int | float) -> bool:
    low, high = count.get("min"), count.get("max")
    if low is None and high is None:   # "about 8,000": allow 10% either way
        target = count.get("value")
        return target is not None and abs(value - target) <= 0.1 * target
    return (low is None or value >= low) and (high is None or value <= high)


def _distance(gold: dict[str, Any] | None, pred: dict[str, Any]) -> float | None:
    if not gold or gold.get("lat") is None:
        return None
    lat, lon = _get(pred, "location", "lat"), _get(pred, "location", "lon")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return None
    return haversine_km(gold["lat"], gold["lon"], lat, lon)


def similarity(gold: GoldEvent, pred: dict[str, Any]) -> float:
    """Return how alike a gold and a predicted event are, 0..1 (action, count, place, date)."""
    action = _get(pred, "action", "type")
    if action in gold.accepted_actions:
        s_action = 1.0
    elif _family(action) & gold.accepted_actions:
        s_action = 0.5
    else:
        s_action = 0.0

    value = _count_value(pred)
    gold_value = gold.count.get("value") if gold.count else None
    if gold_value is None and value is None:
        s_count = 0.5
    elif gold_value is None or value is None:
        s_count = 0.25
    elif value == gold_value:
        s_count = 1.0
    elif _in_range(gold.count or {}, value):
        s_count = 0.8
    else:
        s_count = 0.0

    pred_country = (_get(pred, "location", "country") or "").upper()
    if gold.location is None:
        s_place = 0.5 if not pred.get("location") else 0.25
    else:
        km = _distance(gold.location, pred)
        if km is not None and km <= NEAR_KM:
            s_place = 1.0
        elif km is not None and km <= FAR_KM:
            s_place = 0.7
        elif pred_country and pred_country == gold.location.get("country"):
            s_place = 0.4
        else:
            s_place = 0.0

    if gold.date is None:
        s_date = 0.5
    elif same_date(gold.date, _get(pred, "date", "value")):
        s_date = 1.0
    else:
        s_date = 0.25 if not _get(pred, "date", "value") else 0.0

    return (WEIGHTS["action"] * s_action + WEIGHTS["count"] * s_count
            + WEIGHTS["location"] * s_place + WEIGHTS["date"] * s_date)


def match_events(
    gold: Sequence[GoldEvent], predicted: Sequence[dict[str, Any]]
) -> list[tuple[int, int, float]]:
    """Return (gold index, predicted index, similarity) pairs, best first, each event used once.

    Greedy on similarity: with a handful of events per document it finds the same pairs as an
    optimal assignment in practice, and its choices are easy to explain in an error listing.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            sim = similarity(g, p)
            action = _get(p, "action", "type")
            related = action in g.accepted_actions or bool(_family(action) & g.accepted_actions)
            if sim < (MIN_SIMILARITY if related else MIN_SIMILARITY_UNRELATED):
                continue
            rank = sim - (OPTIONAL_PENALTY if g.optional else 0.0)
            candidates.append((rank, sim, gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[2], c[3]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, sim, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi, sim))
    return pairs


# --------------------------------------------------------------------------- the report


@dataclass
class Tally:
    """How many of ``total`` checks were right."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": _round(self.accuracy)}


@dataclass
class EventCounts:
    """Gold, predicted and matched event numbers, and the precision/recall/F1 they give."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "precision": _round(self.precision), "recall": _round(self.recall), "f1": _round(self.f1)}


@dataclass(frozen=True)
class ScoreError:
    """One disagreement: a missed gold event, a false prediction, a wrong field, a failed document."""

    doc: str
    kind: str                    # missed / false / field / failed
    field: str | None = None     # the field, for kind "field"
    expected: Any = None
    predicted: Any = None
    sentence: str = ""           # the predicted event's sentence, or the start of the text

    def describe(self) -> str:
        """Return the error as one line for people."""
        where = f" «{_shorten(self.sentence, 140)}»" if self.sentence else ""
        if self.kind == "field":
            return f"{self.doc}: wrong {self.field}: expected {self.expected!r}, got {self.predicted!r}{where}"
        if self.kind == "missed":
            return f"{self.doc}: missed {self.expected}{where}"
        if self.kind == "false":
            return f"{self.doc}: false event {self.predicted}{where}"
        return f"{self.doc}: failed: {self.predicted}"

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "kind": self.kind, "field": self.field, "expected": self.expected,
                "predicted": self.predicted, "sentence": self.sentence}


#: The field scores, in report order, with what each measures.
FIELDS: dict[str, str] = {
    "action_type": "matched events whose action type is the gold type (or an accepted alternative)",
    "count_exact": "matched events whose count value equals the gold value (both none counts as right)",
    "count_in_range": "matched events whose count value is within the gold min..max",
    "actor_country": "matched events whose actor country is the gold actor country",
    "location_country": "matched events whose place is in the gold country",
    "admin1": "matched events whose first-level division is the gold one",
    "within_50km": "matched events placed within 50 km of the gold coordinates",
    "within_161km": "matched events placed within 161 km (100 miles) of the gold coordinates",
    "date": "matched events whose date falls in the gold date at the gold precision",
    "date_explicit": "the same, for predicted dates written out (\"17 July 2021\", \"July 17\", \"in 2005\")",
    "date_relative": "the same, for predicted dates relative to publication (\"Monday\", \"last week\") or carried",
    "acled_event_type": "matched events whose ACLED event type is the gold one",
    "acled_sub_event_type": "matched events whose ACLED sub-event type is the gold one",
    "fatalities_exact": "documents whose predicted deaths add up to the gold deaths (ACLED: fatalities)",
}


@dataclass
class Report:
    """The scores of one run over a gold set, and the errors behind them."""

    documents: int = 0
    failed: int = 0
    events: EventCounts = field(default_factory=EventCounts)
    fields: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FIELDS})
    by_category: dict[str, EventCounts] = field(default_factory=dict)
    by_action: dict[str, EventCounts] = field(default_factory=dict)
    errors: list[ScoreError] = field(default_factory=list)

    def scores(self) -> dict[str, float]:
        """Return the headline numbers as a flat {name: value} dict (None values left out)."""
        flat: dict[str, float | None] = {
            "events.precision": self.events.precision,
            "events.recall": self.events.recall,
            "events.f1": self.events.f1,
        }
        flat.update({name: tally.accuracy for name, tally in self.fields.items()})
        return {k: round(v, 4) for k, v in flat.items() if v is not None}

    def to_dict(self, errors: bool = False) -> dict[str, Any]:
        """Return the report as JSON types; ``errors=True`` adds the error list."""
        out: dict[str, Any] = {
            "documents": self.documents,
            "failed": self.failed,
            "scores": self.scores(),
            "events": self.events.to_dict(),
            "fields": {name: tally.to_dict() for name, tally in self.fields.items()},
            "by_category": {k: v.to_dict() for k, v in sorted(self.by_category.items())},
            "by_action": {k: v.to_dict() for k, v in sorted(self.by_action.items())},
        }
        if errors:
            out["errors"] = [e.to_dict() for e in self.errors]
        return out

    def summary(self) -> str:
        """Return the scores as a short text table for people."""
        e = self.events
        lines = [f"documents {self.documents} (failed {self.failed})",
                 f"events    gold {e.gold}  predicted {e.predicted}  matched {e.matched}  "
                 f"P {_pct(e.precision)}  R {_pct(e.recall)}  F1 {_pct(e.f1)}"]
        for name, tally in self.fields.items():
            if tally.total:
                lines.append(f"{name:<22} {_pct(tally.accuracy):>6}  ({tally.correct}/{tally.total})")
        return "\n".join(lines)


def score(gold_docs: Iterable[GoldDoc], predict: Predict) -> Report:
    """Return the report of ``predict`` over ``gold_docs``.

    ``predict(text, published, doc_id)`` returns the predicted events of a text as dicts of the
    :meth:`geoevent.model.Event.to_dict` shape (missing keys are read as null). A predictor
    that raises fails that document only: it is counted, listed in the errors and scored as
    predicting nothing.
    """
    report = Report()
    for doc in gold_docs:
        report.documents += 1
        try:
            predicted = [p for p in predict(doc.text, doc.published, doc.id) if isinstance(p, dict)]
        except Exception as exc:  # noqa: BLE001 - one bad document must not end the run
            report.failed += 1
            report.errors.append(ScoreError(doc.id, "failed", predicted=f"{type(exc).__name__}: {exc}"))
            predicted = []
        _score_doc(report, doc, predicted)
    return report


def _score_doc(report: Report, doc: GoldDoc, predicted: list[dict[str, Any]]) -> None:
    pairs = match_events(doc.events, predicted)
    matched_gold = {gi: pi for gi, pi, _ in pairs}
    matched_pred = {pi: gi for gi, pi, _ in pairs}
    category = report.by_category.setdefault(doc.category or "-", EventCounts())
    opening = _shorten(doc.text, 160)

    for gi, g in enumerate(doc.events):
        if g.optional:
            continue
        by_action = report.by_action.setdefault(g.action, EventCounts())
        for counts in (report.events, category, by_action):
            counts.gold += 1
        if gi not in matched_gold:
            report.errors.append(ScoreError(doc.id, "missed", expected=g.describe(), sentence=opening))
            continue
        for counts in (report.events, category, by_action):
            counts.matched += 1
        _score_fields(report, doc, g, predicted[matched_gold[gi]])

    for pi, p in enumerate(predicted):
        gi = matched_pred.get(pi)
        if gi is not None and doc.events[gi].optional:
            continue   # a prediction of an optional event neither counts nor hurts
        report.events.predicted += 1
        category.predicted += 1
        action = _get(p, "action", "type") or "-"
        if gi is None:
            report.by_action.setdefault(action, EventCounts()).predicted += 1
            report.errors.append(ScoreError(doc.id, "false", predicted=_describe_pred(p),
                                            sentence=p.get("sentence") or ""))
        else:
            report.by_action.setdefault(doc.events[gi].action, EventCounts()).predicted += 1

    if doc.fatalities is not None:
        deaths = _predicted_deaths(doc, predicted, matched_gold)
        ok = deaths == doc.fatalities
        report.fields["fatalities_exact"].add(ok)
        if not ok:
            report.errors.append(ScoreError(doc.id, "field", "fatalities_exact", doc.fatalities, deaths, opening))


def _score_fields(report: Report, doc: GoldDoc, g: GoldEvent, p: dict[str, Any]) -> None:
    sentence = p.get("sentence") or ""
    fields = report.fields

    def check(name: str, ok: bool, expected: Any, got: Any) -> None:
        fields[name].add(ok)
        if not ok:
            report.errors.append(ScoreError(doc.id, "field", name, expected, got, sentence))

    action = _get(p, "action", "type")
    check("action_type", action in g.accepted_actions, g.action, action)

    if g.count_scored:
        value = _count_value(p)
        gold_value = g.count.get("value") if g.count else None
        if gold_value is None:
            check("count_exact", value is None, None, value)
            fields["count_in_range"].add(value is None)
        else:
            check("count_exact", value == gold_value, gold_value, value)
            fields["count_in_range"].add(value is not None and _in_range(g.count or {}, value))

    actor_country = _get(g.actor, "country")
    if actor_country:
        got = _get(p, "actor", "country")
        check("actor_country", (got or "").upper() == actor_country, actor_country, got)

    if g.location:
        got = (_get(p, "location", "country") or "").upper() or None
        check("location_country", got == g.location["country"], g.location["country"], got)
        if g.location.get("admin1"):
            got_admin1 = _get(p, "location", "admin1")
            check("admin1", same_admin1(g.location["admin1"], got_admin1), g.location["admin1"], got_admin1)
        if g.location.get("lat") is not None:
            km = _distance(g.location, p)
            name = _get(p, "location", "name") or _get(p, "location", "text")
            shown = f"{name} ({km:.0f} km away)" if km is not None else name
            check("within_50km", km is not None and km <= NEAR_KM, g.location.get("name"), shown)
            fields["within_161km"].add(km is not None and km <= FAR_KM)

    if g.date:
        got = _get(p, "date", "value")
        right = same_date(g.date, got)
        check("date", right, f"{g.date['value']} ({g.date['precision']})", got)
        fields["date_explicit" if _explicit_date(p) else "date_relative"].add(right)

    if g.acled:
        got_type = _get(p, "acled", "event_type")
        check("acled_event_type", _fold(got_type or "") == _fold(g.acled["event_type"]),
              g.acled["event_type"], got_type)
        if g.acled.get("sub_event_type"):
            got_sub = _get(p, "acled", "sub_event_type")
            check("acled_sub_event_type", _fold(got_sub or "") == _fold(g.acled["sub_event_type"]),
                  g.acled["sub_event_type"], got_sub)


def _predicted_deaths(doc: GoldDoc, predicted: list[dict[str, Any]], matched_gold: dict[int, int]) -> int:
    """Return the deaths a prediction reports: its ``kill`` events' counts added up or, with no
    kill event, the counts of predictions matched to gold events whose count is a death toll
    (an extractor that puts the toll on the attack event itself)."""
    kills = [_count_value(p) or 0 for p in predicted if _get(p, "action", "type") == "kill"]
    if kills:
        return int(sum(kills))
    total = 0
    for gi, pi in matched_gold.items():
        if doc.events[gi].deaths is not None:
            total += _count_value(predicted[pi]) or 0
    return int(total)


def compare_to_baseline(
    report: dict[str, Any], baseline: dict[str, Any], tolerance: float = 0.02
) -> list[str]:
    """Return one message for each baseline score that ``report`` fell below by more than ``tolerance``.

    Both arguments may be a :meth:`Report.to_dict` or a flat ``{"events.f1": 0.7, ...}`` dict.
    A score the baseline pins but the report lacks is reported too.
    """
    now, pinned = _flat_scores(report), _flat_scores(baseline)
    drops = []
    for name, floor in sorted(pinned.items()):
        value = now.get(name)
        if value is None:
            drops.append(f"{name}: missing (baseline {floor:.3f})")
        elif value < floor - tolerance:
            drops.append(f"{name}: {value:.3f} < baseline {floor:.3f} - {tolerance:g}")
    return drops


def _flat_scores(d: dict[str, Any]) -> dict[str, float]:
    scores = d.get("scores", d)
    return {k: float(v) for k, v in scores.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)}


_EXPLICIT_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d{4}\b|\d{1,2}[/.-]\d{1,2}",
    re.IGNORECASE,
)


def _explicit_date(predicted: dict[str, Any]) -> bool:
    """True when the predicted date is written out in its sentence (a month name, a year, a
    numeric date), False when it is relative to the publication date, carried, or missing."""
    when = predicted.get("date") or {}
    if not when or when.get("carried"):
        return False
    return bool(_EXPLICIT_DATE.search(when.get("text") or ""))


def extractor_predictor(extractor: Any = None) -> Predict:
    """Return a predictor that runs a :class:`geoevent.Extractor` (a default one if None)."""
    if extractor is None:
        from geoevent.extractor import Extractor

        extractor = Extractor()

    def predict(text: str, published: date | None, doc_id: str) -> list[dict[str, Any]]:
        return [event.to_dict() for event in extractor.extract(text, doc_id=doc_id, published=published)]

    return predict


# --------------------------------------------------------------------------- small helpers


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


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


__all__ = [
    "ACTION_TYPES", "FIELDS", "GoldDoc", "GoldEvent", "GoldError", "Predict", "Report", "ScoreError",
    "EventCounts", "Tally", "compare_to_baseline", "country_code", "extractor_predictor", "haversine_km",
    "load", "load_acled_csv", "load_gold", "match_events", "same_admin1", "same_date", "score",
    "similarity",
]
