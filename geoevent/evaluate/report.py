"""report.py runs a predictor over gold documents and scores it: events found, then each field.

:func:`score` runs a ``predict(text, published, doc_id)`` function over the documents. The
predictor is injected, so this module never imports spaCy and can be tested with a fake one;
:func:`extractor_predictor` adapts :class:`geoevent.Extractor` to that signature. Events are
scored for precision/recall and each field on the matched pairs (see :data:`FIELDS`);
:func:`compare_to_baseline` lists the scores that fell below pinned ones.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..geo.names import fold
from .gold import GoldDoc, GoldEvent, _count_value, _describe, _get, _shorten
from .matching import FAR_KM, NEAR_KM, _distance, _in_range, match_events, same_admin1, same_date

#: A predictor: (text, publication date or None, document id) -> events as Event.to_dict() dicts.
Predict = Callable[[str, date | None, str], Iterable[dict[str, Any]]]



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
    "actor1_acled": "matched events whose actor1 is ACLED's, named without ACLED's period suffix (\"(2014-)\")",
    "inter1": "matched events whose actor1 category (inter1, ACLED's code 1-8) is ACLED's",
}


@dataclass
class Report:
    """The scores of one run over a gold set, and the errors behind them."""

    documents: int = 0
    failed: int = 0
    events: EventCounts = field(default_factory=EventCounts)
    #: The same at the level of incidents (records sharing an ``incident`` id are one, as in
    #: ``--format acled``): an incident is matched when one of its records is.
    incidents: EventCounts = field(default_factory=EventCounts)
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
            "incidents.precision": self.incidents.precision,
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
            "incidents": self.incidents.to_dict(),
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
        i = self.incidents
        if i.predicted != e.predicted:
            lines.append(f"incidents predicted {i.predicted}  matched {i.matched}  P {_pct(i.precision)}")
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

    _count_incidents(report, doc, predicted, matched_pred)

    if doc.fatalities is not None:
        deaths = _predicted_deaths(doc, predicted, matched_gold)
        ok = deaths == doc.fatalities
        report.fields["fatalities_exact"].add(ok)
        if not ok:
            report.errors.append(ScoreError(doc.id, "field", "fatalities_exact", doc.fatalities, deaths, opening))


def _count_incidents(report: Report, doc: GoldDoc, predicted: list[dict[str, Any]],
                     matched_pred: dict[int, int]) -> None:
    """Count the document's predicted incidents and those with at least one matched record.

    Records sharing an ``incident`` id are one incident (one row of ``--format acled``); a
    record without one is its own. Records matched to optional gold events are left out.
    """
    found: dict[str, bool] = {}
    for pi, p in enumerate(predicted):
        gi = matched_pred.get(pi)
        if gi is not None and doc.events[gi].optional:
            continue
        key = p.get("incident") or f"record {pi}"
        found[key] = found.get(key, False) or gi is not None
    report.incidents.predicted += len(found)
    report.incidents.matched += sum(found.values())


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
        check("acled_event_type", fold(got_type or "") == fold(g.acled["event_type"]),
              g.acled["event_type"], got_type)
        if g.acled.get("sub_event_type"):
            got_sub = _get(p, "acled", "sub_event_type")
            check("acled_sub_event_type", fold(got_sub or "") == fold(g.acled["sub_event_type"]),
                  g.acled["sub_event_type"], got_sub)

    gold_name = _get(g.actor, "acled")
    if gold_name:
        got_name = _get(p, "acled", "actor1") or _get(p, "actor", "acled")
        check("actor1_acled", same_actor_name(gold_name, got_name), gold_name, got_name)
    gold_inter = _get(g.actor, "inter")
    if gold_inter:
        got_inter = _get(p, "acled", "inter1") or _get(p, "actor", "inter")
        check("inter1", got_inter == gold_inter, gold_inter, got_inter)


#: ACLED's period suffix of state actors: "Military Forces of Nigeria (2023-)", "(2015-2022)".
_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")


def same_actor_name(gold: str, predicted: str | None) -> bool:
    """Return True if ``predicted`` is ACLED's actor name ``gold``, compared without the period
    suffix of state actors, case, accents and punctuation."""
    if not predicted:
        return False
    return fold(_PERIOD.sub("", gold)) == fold(_PERIOD.sub("", predicted))


def _counts_deaths(record: dict[str, Any]) -> bool:
    """True for a record whose count is of the dead (``"fatalities": true`` in actions.jsonl)."""
    from ..rules.ruleset import builtin_rules

    return _get(record, "action", "type") in builtin_rules().fatality_types


def _predicted_deaths(doc: GoldDoc, predicted: list[dict[str, Any]], matched_gold: dict[int, int]) -> int:
    """Return the deaths a prediction reports: the totals of its incidents (``acled.fatalities``
    of each distinct ``incident``) when it codes incidents; else its ``kill`` events' counts
    added up or, with no kill event, the counts of predictions matched to gold events whose
    count is a death toll (an extractor that puts the toll on the attack event itself)."""
    totals: dict[Any, int] = {}
    uncoded = 0   # deaths outside ACLED's incidents: a flood's, an earthquake's (no acled type)
    for p in predicted:
        incident, deaths = p.get("incident"), _get(p, "acled", "fatalities")
        if incident is not None and isinstance(deaths, int) and not isinstance(deaths, bool):
            totals.setdefault(incident, deaths)
        elif incident is not None and _counts_deaths(p) and not _get(p, "action", "negated"):
            uncoded += _count_value(p) or 0
    if totals or uncoded:
        return int(sum(totals.values()) + uncoded)
    kills = [_count_value(p) or 0 for p in predicted if _counts_deaths(p)]
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


def _describe_pred(p: dict[str, Any]) -> str:
    return _describe(_get(p, "action", "type"), p.get("count"), p.get("location"), p.get("date"))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"

