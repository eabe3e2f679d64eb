"""`--format acled`: one row per incident, in ACLED's columns, loadable beside a real export."""
from __future__ import annotations

import csv
import io

import pytest

from geoevent.io.writers import ACLED_COLUMNS, AcledWriter, acled_rows


def record(k, kind, incident, count=None, negated=False, modality=None, event_type="Violence against civilians",
           sub="Attack", precision="place", date="2024-05-12", date_precision="day", fatalities=3):
    return {
        "doc": "a.txt", "id": f"a.txt#{k}", "incident": incident,
        "action": {"type": kind, "negated": negated, "modality": modality},
        "count": {"value": count} if count is not None else None,
        "location": {"name": "Kagara" if precision == "place" else "Niger", "admin1": "Niger", "country": "NG",
                     "country_name": "Nigeria", "lat": 10.19, "lon": 6.25, "precision": precision},
        "date": {"value": date, "precision": date_precision} if date else None,
        "published": "2024-05-20",
        "sentence": f"Sentence {k}.", "start": k * 20,
        "mentions": [{"sentence": f"Sentence {k}.", "start": k * 20, "end": k * 20 + 12}],
        "acled": {"event_type": event_type, "sub_event_type": sub, "actor1": "Unidentified Armed Group (Nigeria)",
                  "assoc_actor_1": None, "inter1": 3, "actor2": "Civilians (Nigeria)", "assoc_actor_2": None,
                  "inter2": 7, "interaction": 37, "disorder_type": "Political violence",
                  "civilian_targeting": "Civilian targeting", "fatalities": fatalities} if event_type else None,
    }


def test_one_row_per_incident():
    rows = acled_rows([
        record(1, "attack", "a.txt#1", precision="admin1"),
        record(2, "kill", "a.txt#1", count=3),
        record(3, "meet", "a.txt#3", event_type=None),            # no ACLED type: no row
        record(4, "kill", "a.txt#4", count=2, negated=True),       # did not happen: no row
        record(5, "kill", "a.txt#5", count=2, modality="possible"),   # merely possible: no row
    ])
    assert len(rows) == 1
    row = rows[0]
    assert row["event_id_cnty"] == "a.txt#1" and row["fatalities"] == 3
    assert (row["location"], row["geo_precision"]) == ("Kagara", 1)        # the most specific place
    assert (row["iso"], row["region"], row["country"]) == (566, "Western Africa", "Nigeria")
    assert (row["actor1"], row["inter1"], row["interaction"]) == ("Unidentified Armed Group (Nigeria)", 3, 37)
    assert row["notes"] == "Sentence 1. Sentence 2."
    assert (row["event_date"], row["time_precision"]) == ("2024-05-12", 1)


@pytest.mark.parametrize(
    "date, precision, expected",
    [
        ("2024-05-12", "day", ("2024-05-12", 1)),
        ("2024-05-06", "week", ("2024-05-06", 2)),
        ("2024-05-01", "month", ("2024-05-01", 3)),
        (None, None, ("2024-05-20", 3)),          # undated: the publication date, month precision
    ],
)
def test_time_precision(date, precision, expected):
    [row] = acled_rows([record(1, "kill", "a.txt#1", count=1, date=date, date_precision=precision)])
    assert (row["event_date"], row["time_precision"]) == expected


def test_the_main_type_of_an_incident():
    [row] = acled_rows([record(1, "kill", "a.txt#1", count=2),
                        record(2, "air_strike", "a.txt#1", event_type="Explosions/Remote violence",
                               sub="Air/drone strike")])
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")


def test_csv_has_acleds_columns_and_loads_with_pandas():
    out = io.StringIO()
    writer = AcledWriter(out)
    writer.write([record(1, "kill", "a.txt#1", count=3)])
    writer.close()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(ACLED_COLUMNS) and writer.written == 1
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(io.StringIO(out.getvalue()))
    assert frame.loc[0, "iso"] == 566 and frame.loc[0, "fatalities"] == 3
