"""writers.py turns records into output: JSON Lines, CSV, GeoJSON, ACLED CSV or a rich table.

Every writer takes plain dicts (``Event.to_dict()`` or a place mention's dict), streams them as
they come, and flushes each document so a pipe or a killed run only ever holds whole lines.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import IO, Any

WIDE_TABLE = 110   # terminal columns from which the table also shows the target
#: Narrowest columns: a date ("2021-07-26") and the long words of places and actors stay whole.
_MIN_WIDTHS = {"actor": 12, "action": 9, "target": 10, "count": 9, "place": 12, "date": 10}
#: Shares of the rest of the width: places and actors have the longest words.
_SHARES = {"actor": 3, "action": 2, "target": 3, "count": 2, "place": 3, "date": 2}
EVENT_FORMATS = ("table", "jsonl", "csv", "geojson", "acled")
PLACE_FORMATS = ("table", "jsonl", "csv", "geojson")

#: CSV columns of an event, in order: nested keys joined with "_".
EVENT_COLUMNS = (
    "doc", "id", "actor_name", "actor_country", "actor_type", "action_type", "action_lemma",
    "action_text", "action_negated", "action_modality", "target_name", "target_country", "target_type",
    "count_value", "count_min", "count_max", "count_qualifier", "count_of", "count_text",
    "location_name", "location_admin1", "location_admin2", "location_country", "location_country_name",
    "location_lat", "location_lon", "location_geonameid", "location_precision", "location_text",
    "location_score", "date_value", "date_end", "date_precision", "date_text", "date_carried",
    "plover", "acled_event_type", "acled_sub_event_type", "confidence", "published",
    "published_source", "text_source", "sentence", "start", "end",
)
PLACE_COLUMNS = (
    "doc", "start", "end", "text", "name", "admin1", "admin2", "country", "country_name", "lat", "lon",
    "geonameid", "precision", "score",
)
#: ACLED's export columns, in ACLED's order, for `--format acled`.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
#: ACLED's geo_precision: 1 the town itself, 2 near a town or a part of a region (a district),
#: 3 only a larger region (a province, a country).
ACLED_GEO_PRECISION = {"place": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}
#: ACLED's time_precision: 1 the day, 2 a week or a few days, 3 the month (or less precise).
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Return a nested record as one level of ``a_b`` keys (lists and mentions left out)."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, (list, tuple)):
            continue
        else:
            flat[name] = value
    return flat


class Writer:
    """Base writer: ``write(rows)`` per document, then ``close()``."""

    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.written = 0

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        for row in rows:
            self.write_row(row)
            self.written += 1
        self.stream.flush()

    def write_row(self, row: dict[str, Any]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()


class JsonLinesWriter(Writer):
    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        # one write per document, so an interrupted run cuts at most the last line
        if rows:
            self.stream.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
            self.written += len(rows)
        self.stream.flush()

    def write_row(self, row: dict[str, Any]) -> None:
        self.write([row])


class CsvWriter(Writer):
    def __init__(self, stream: IO[str], columns: Sequence[str], header: bool = True):
        super().__init__(stream)
        self.columns = columns
        self.csv = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        if header:   # not when a resumed run appends to a file that has one
            self.csv.writeheader()

    def write_row(self, row: dict[str, Any]) -> None:
        self.csv.writerow(flatten(row))


class AcledWriter(CsvWriter):
    """ACLED's columns, one row per incident, so analysts can load our events beside ACLED's."""

    def __init__(self, stream: IO[str]):
        super().__init__(stream, ACLED_COLUMNS)

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        for row in acled_rows(rows):
            self.csv.writerow(row)
            self.written += 1
        self.stream.flush()

    def write_row(self, row: dict[str, Any]) -> None:
        self.write([row])


def _coded(event: dict[str, Any]) -> bool:
    """True for a record ACLED would code: it has an ACLED type, happened and is asserted."""
    action = event.get("action") or {}
    return bool((event.get("acled") or {}).get("event_type")) and not action.get("negated") \
        and not action.get("modality")


def acled_rows(events: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return one ACLED row per incident of a document's records (see :func:`acled_row`)."""
    incidents: dict[Any, list[dict[str, Any]]] = {}
    for event in events:
        if _coded(event):
            incidents.setdefault(event.get("incident") or event.get("id"), []).append(event)
    return [acled_row(records) for records in incidents.values()]


_PLACE_RANK = {"place": 5, "admin2": 4, "admin1": 3, "country": 2, "region": 1}
_DATE_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}


def acled_row(records: dict[str, Any] | Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Return an incident (its records, or one record) as a row with ACLED's columns.

    The type is the incident's main one (an air strike that kills is an explosion), the place
    the most specific of its records', the date the most precise (undated: the publication date
    at month precision), the notes its sentences, the fatalities the incident's total.
    """
    from ..extraction.acled import country_name, iso_numeric, load_acled_rules
    from ..extraction.incidents import main_type

    records = [records] if isinstance(records, dict) else list(records)
    first = records[0]
    main = main_type([r.get("acled") for r in records]) or {}
    acled = first.get("acled") or {}
    place = max((r.get("location") or {} for r in records), key=lambda p: _PLACE_RANK.get(p.get("precision") or "", 0))
    dated = [r.get("date") for r in records if (r.get("date") or {}).get("value")]
    when = max(dated, key=lambda w: _DATE_RANK.get(w.get("precision") or "", 0)) if dated else None
    value = when["value"] if when else first.get("published") or ""
    precision = ACLED_TIME_PRECISION.get(when.get("precision") or "", 1) if when else 3 if value else ""
    rules = load_acled_rules()
    country = place.get("country")
    sentences: dict[str, int] = {}
    for record in records:
        for mention in record.get("mentions") or [record]:
            if mention.get("sentence"):
                sentences.setdefault(mention["sentence"], mention.get("start") or 0)
    notes = sorted(sentences, key=lambda sentence: sentences[sentence])   # in the text's order
    fatalities = acled.get("fatalities")
    if fatalities is None:   # a record coded without incidents: its own kill count
        count = first.get("count") or {}
        from ..extraction.acled import load_acled_rules

        dead = (first.get("action") or {}).get("type") in load_acled_rules().dead
        fatalities = count.get("value") if dead else 0
    return {
        "event_id_cnty": first.get("incident") or first.get("id"),
        "event_date": value,
        "year": value[:4] if value else "",
        "time_precision": precision,
        "disorder_type": acled.get("disorder_type") or "",
        "event_type": main.get("event_type", ""),
        "sub_event_type": main.get("sub_event_type", ""),
        "actor1": acled.get("actor1") or (first.get("actor") or {}).get("acled") or "",
        "assoc_actor_1": acled.get("assoc_actor_1") or "",
        "inter1": acled.get("inter1") or "",
        "actor2": acled.get("actor2") or (first.get("target") or {}).get("acled") or "",
        "assoc_actor_2": acled.get("assoc_actor_2") or "",
        "inter2": acled.get("inter2") or "",
        "interaction": acled.get("interaction") or "",
        "civilian_targeting": acled.get("civilian_targeting") or "",
        "iso": iso_numeric(country) or "",
        "region": rules.regions.get(country or "", ""),
        "country": country_name(country, rules) or place.get("country_name") or "",
        "admin1": place.get("admin1") or "",
        "admin2": place.get("admin2") or "",
        "location": place.get("name") or "",
        "latitude": place.get("lat") if place.get("lat") is not None else "",
        "longitude": place.get("lon") if place.get("lon") is not None else "",
        "geo_precision": ACLED_GEO_PRECISION.get(place.get("precision") or "", ""),
        "source": first.get("doc"),
        "notes": " ".join(notes),
        "fatalities": fatalities if fatalities is not None else 0,
    }


class GeoJsonWriter(Writer):
    """One RFC 7946 FeatureCollection, streamed; records without coordinates are counted.

    Every feature has the same flat properties (the CSV columns, ``null`` where unknown), so
    QGIS and OGR read typed columns rather than nested objects that some features lack.
    """

    def __init__(self, stream: IO[str], columns: Sequence[str] = EVENT_COLUMNS):
        super().__init__(stream)
        self.columns = tuple(columns)
        self.stream.write('{"type": "FeatureCollection", "features": [\n')
        self.features = 0
        self.without_coordinates = 0

    def write_row(self, row: dict[str, Any]) -> None:
        place = row.get("location", row)
        lat, lon = (place or {}).get("lat"), (place or {}).get("lon")
        if lat is None or lon is None:
            self.without_coordinates += 1
            return
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": _flat_properties(row, self.columns),
        }
        prefix = ",\n" if self.features else ""
        self.stream.write(prefix + json.dumps(feature, ensure_ascii=False))
        self.features += 1

    def close(self) -> None:
        self.stream.write("\n]}\n")
        super().close()


class TableWriter(Writer):
    """A rich table per document, for a person at a terminal."""

    def __init__(self, stream: IO[str], kind: str = "events", show_sentence: bool = False):
        super().__init__(stream)
        from rich.console import Console

        tty = hasattr(stream, "isatty") and stream.isatty()
        self.console = Console(file=stream, soft_wrap=False, width=None if tty else 160)
        self.kind = kind
        self.show_sentence = show_sentence

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        from rich.table import Table

        table = Table(title=str(rows[0].get("doc")), title_justify="left", show_lines=self.show_sentence)
        if self.kind == "places":
            for header in ("text", "place", "precision", "lat", "lon", "score"):
                table.add_column(header)
            for row in rows:
                table.add_row(row.get("text") or "", place_label(row), row.get("precision") or "",
                              _number(row.get("lat")), _number(row.get("lon")), _number(row.get("score")))
        else:
            # on a narrow terminal the target gives way, so that names wrap whole; a footnote says so
            wide = self.console.width >= WIDE_TABLE or self.show_sentence
            headers = ("actor", "action", "target", "count", "place", "date") if wide else \
                ("actor", "action", "count", "place", "date")
            if not wide:
                table.caption = "target column left out at this width (--sentence or --format jsonl show every field)"
                table.caption_justify = "left"
            table.add_column("#", justify="right", no_wrap=True, width=3)
            widths = _column_widths(headers, self.console.width - 3 - 3 * (len(headers) + 1) - 1) \
                if not self.show_sentence else {}
            for header in headers:
                # words wrap whole; only a word longer than its column is folded
                table.add_column(header, overflow="fold", width=widths.get(header), min_width=_MIN_WIDTHS.get(header))
            if self.show_sentence:
                table.add_column("sentence", overflow="fold", ratio=2)
            for row in rows:
                cells = [str(row.get("id", "")).rsplit("#", 1)[-1], _actor(row.get("actor")),
                         _action(row.get("action") or {})]
                if wide:
                    cells.append(_actor(row.get("target")))
                cells += [_count(row.get("count")), place_label(row.get("location")), _date(row.get("date"))]
                if self.show_sentence:
                    cells.append(row.get("sentence") or "")
                table.add_row(*cells)
        self.console.print(table)
        self.written += len(rows)
        self.stream.flush()


def _column_widths(headers: Sequence[str], room: int) -> dict[str, int]:
    """Return each column's width: ``room`` shared by :data:`_SHARES`, none below its minimum."""
    total = sum(_SHARES[h] for h in headers)
    return {h: max(_MIN_WIDTHS.get(h, 6), room * _SHARES[h] // total) for h in headers}


def _flat_properties(row: dict[str, Any], columns: Sequence[str]) -> dict[str, Any]:
    flat = flatten(row)
    return {column: flat.get(column) for column in columns}


def place_label(place: dict[str, Any] | None) -> str:
    """Return "Chitral, Khyber Pakhtunkhwa, Pakistan" for a place dict."""
    if not place:
        return ""
    parts: list[str] = []
    for part in (place.get("name") or place.get("text"), place.get("admin1"), place.get("country_name") or place.get("country")):
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts)


def _actor(actor: dict[str, Any] | None) -> str:
    if not actor:
        return ""
    extra = ", ".join(x for x in (actor.get("country"), actor.get("type")) if x)
    return f"{actor.get('name')} ({extra})" if extra else str(actor.get("name"))


def _action(action: dict[str, Any]) -> str:
    text = (action.get("type") or action.get("lemma") or "").replace("_", " ")
    if action.get("negated"):
        text = f"NOT {text}"
    if action.get("modality"):
        text += f" ({action['modality']})"
    return text


def _count(count: dict[str, Any] | None) -> str:
    if not count or count.get("value") is None:
        return ""
    qualifier = count.get("qualifier")
    text = f"{count['value']:,}"
    if count.get("max") is not None and count.get("max") != count.get("value"):
        text += f"–{count['max']:,}"
    if qualifier and qualifier != "exact":
        text += f" ({qualifier.replace('_', ' ')})"
    if count.get("of"):
        text += f" {count['of']}"
    return text


def _date(when: dict[str, Any] | None) -> str:
    if not when:
        return ""
    if when.get("value"):
        return f"{when['value']} ({when.get('precision')})" if when.get("precision") not in (None, "day") else when["value"]
    return f"“{when.get('text')}”"


def _number(value: Any) -> str:
    return "" if value is None else f"{value:.4g}" if isinstance(value, float) else str(value)


def make_writer(fmt: str, stream: IO[str], kind: str = "events", show_sentence: bool = False,
                append: bool = False) -> Writer:
    """Return the writer for ``fmt`` (one of EVENT_FORMATS) writing to ``stream``; ``append``:
    the stream already holds this format's beginning (a resumed run)."""
    columns = PLACE_COLUMNS if kind == "places" else EVENT_COLUMNS
    if fmt == "jsonl":
        return JsonLinesWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream, columns, header=not append)
    if fmt == "geojson":
        return GeoJsonWriter(stream, columns)
    if fmt == "acled":
        return AcledWriter(stream)
    if fmt == "table":
        return TableWriter(stream, kind=kind, show_sentence=show_sentence)
    raise ValueError(f"unknown format {fmt!r}")


def write_all(writer: Writer, groups: Iterable[Sequence[dict[str, Any]]]) -> int:
    """Write every group of rows and close the writer; return the number of rows."""
    for rows in groups:
        writer.write(rows)
    writer.close()
    return writer.written
