"""rank.py scores a mention's gazetteer candidates: ranking features, the weights fitted in
``rules/places_ranking.tsv``, the choice of the best candidate, and ``explain_name``.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from geoevent.geo.brackets import _within_score
from geoevent.geo.points import distance_km
from geoevent.geo.gazetteer import Candidate, Gazetteer
from geoevent.geo.mentions import _Span
from geoevent.rules import builtin_path, read_tsv


#: People from which a town is a big city, named alone across the world ("Kano", "Washington")
BIG_CITY = 150_000


@lru_cache(maxsize=1)
def ranking_weights() -> dict[str, float]:
    """Return the fitted weights of the ranking features (``rules/places_ranking.tsv``)."""
    weights = {}
    for name, value, *_ in read_tsv(builtin_path("places_ranking.tsv"), 2):
        weights[name] = float(value)
    return weights


def candidate_features(c: Candidate, span: _Span | None = None, spans: Sequence[_Span] = (),
                       named: Counter | None = None, chosen_countries: Counter | None = None,
                       same_name_places: frozenset = frozenset(), others_named: bool = False,
                       echoes: Sequence[_Span] = ()) -> dict[str, float]:
    """Return the ranking features of candidate ``c`` for a mention (nonzero values only): its
    size and kind, the words around the mention ("Kunar province"), the countries the document
    names, the ACLED bracket, the "X, Y" container and the places chosen around it.
    ``chosen_countries`` holds the countries of the first pass's choices, without those of
    ``echoes``, the document's other mentions of the same name (``FirstPass.echoes``)."""
    f: dict[str, float] = {"log_population": math.log10(c.population + 10)}
    if c.feature == "place":
        f["log_population_town"] = f["log_population"]
        if c.population >= BIG_CITY:
            f["big_city"] = 1.0
    else:
        f[f"is_{c.feature}"] = 1.0
    if c.alternate:
        f["alternate_name"] = 1.0
    if span is None:
        return f
    if span.hint == "admin1":
        if c.feature == "admin1":
            f["hint_division_admin1"] = 1.0
        elif c.feature == "country":
            f["hint_division_country"] = 1.0
    elif span.hint == "local":
        f["hint_local_town" if c.feature in ("place", "admin2") else "hint_local_other"] = 1.0
    elif c.feature == "admin1" and (c.country, c.admin1) in same_name_places:
        f["division_named_like_town"] = 1.0      # bare "Kano", "Kandahar": the city
    named = named or Counter()
    if named.get(c.country):
        f["country_named"] = 1.0
        if named[c.country] > 1:
            f["country_named_more"] = float(min(named[c.country] - 1, 2))
    elif others_named:
        f["other_countries_named"] = 1.0     # a country the document says nothing of
    if span.within is not None:
        f["bracket"] = _within_score(c, span.within)
    container = spans[span.container] if span.container is not None else None
    if container and container.chosen is None and container.cands:
        f["container"] = _containment(c, container.cands[0])
    if container and container.chosen is not None:
        f["container_chosen"] = _containment(c, container.chosen)
    inner = sum(_containment(s_in.chosen, c) for s_in in spans
                if s_in.container is not None and spans[s_in.container] is span and s_in.chosen is not None)
    if inner:
        f["contains_chosen"] = inner
    if chosen_countries is not None:
        others = chosen_countries.get(c.country, 0)
        if span.chosen is not None and span.chosen.country == c.country:
            others -= 1
        # (-1 when this mention's own first choice was a country: it does not vouch for itself)
        f["same_country_as_chosen"] = float(min(others, 2))
        near = _near_bonus(span, c, spans, echoes)
        if near:
            f["near_chosen"] = near
        if c.feature in ("place", "admin2"):    # (a division is named from afar: the data agree)
            f["far_from_chosen"] = _far_from_chosen(span, c, spans, echoes)
        if _town_named_like_division(span, c, spans, echoes):
            f["town_named_like_division"] = 1.0
    return {k: v for k, v in f.items() if v}


def score_features(features: dict[str, float]) -> float:
    """Return the ranking score of a candidate's features under the fitted weights."""
    weights = ranking_weights()
    return sum(weights.get(k, 0.0) * v for k, v in features.items())


@dataclass
class FirstPass:
    """What the first pass chose, the document evidence of the second: the countries of the
    towns and divisions chosen, each mention's own choice, and the mentions of each name."""

    countries: Counter
    choices: dict[int, Candidate | None]        # by id() of the span
    names: dict[int, frozenset]                 # each span's name, as its set of candidates
    by_name: dict[frozenset, list[_Span]]

    @classmethod
    def of(cls, spans: Sequence[_Span]) -> FirstPass:
        """Return the first pass's evidence from ``spans`` as chosen now."""
        names = {id(s): frozenset((c.name, c.country, c.feature, c.lat, c.lon) for c in s.cands) for s in spans}
        by_name: dict[frozenset, list[_Span]] = {}
        for s in spans:
            by_name.setdefault(names[id(s)], []).append(s)
        return cls(Counter(s.chosen.country for s in spans if s.chosen and s.chosen.feature != "country"),
                   {id(s): s.chosen for s in spans}, names, by_name)

    def echoes(self, span: _Span) -> list[_Span]:
        """Return the other mentions of ``span``'s name that hold no evidence of their own: a
        name repeated through a story ("Ferndale ... the road to Ferndale") is one choice, and
        the first pass's pick for one mention must not vouch for the others (a big namesake
        abroad would confirm itself). A repeat that its own words place ("Ferndale, Ontario",
        "(Rafi, Niger)", "Ferndale township") still speaks for the name."""
        return [s for s in self.by_name.get(self.names.get(id(span), frozenset()), ())
                if s is not span and s.container is None and not s.contained and s.within is None and s.hint is None]


def _choose(span: _Span, spans: Sequence[_Span], named: Counter, first: FirstPass | None) -> None:
    best_score, scores = None, []
    same_name_places = frozenset((c.country, c.admin1) for c in span.cands if c.feature == "place")
    # "Georgia" alone names Georgia in ``named``: only what other words name counts here
    own = span.cands[0].country if span.cands[0].feature == "country" and not span.cands[0].alternate else None
    others_named = any(n > (1 if code == own else 0) for code, n in named.items())
    chosen_countries, echoes = None, []
    if first is not None:
        echoes = first.echoes(span)
        chosen_countries = first.countries - Counter(
            c.country for e in echoes if (c := first.choices.get(id(e))) is not None and c.feature != "country")
    span.features = []
    for c in span.cands:
        features = candidate_features(c, span, spans, named, chosen_countries, same_name_places, others_named, echoes)
        s = score_features(features)
        span.features.append(features)
        scores.append(s)
        if best_score is None or s > best_score:
            best_score = s
            span.chosen = c
    if len(scores) == 1:
        span.score = 0.9 if span.source == "ner" else 0.7
    else:
        top = max(scores)
        total = sum(math.exp(x - top) for x in scores)
        span.score = (1.0 / total) * (0.95 if span.source == "ner" else 0.8)


def _containment(inner: Candidate, outer: Candidate) -> float:
    if outer.feature == "country":
        return 2.0 if inner.country == outer.country else -0.5
    if outer.feature == "admin1":
        if inner.admin1_code and inner.admin1_code == outer.admin1_code and inner is not outer:
            return 3.0
        return 1.0 if inner.country == outer.country else -0.5
    if outer.feature == "admin2":
        if inner.admin2 and inner.admin2 == outer.admin2 and inner.admin1_code == outer.admin1_code \
                and inner is not outer:
            return 3.0
        return 1.0 if inner.country == outer.country else -0.5
    if outer.feature == "region":
        return 0.0
    if inner.country == outer.country:
        return 1.0 + (1.0 if inner.admin1_code == outer.admin1_code else 0.0)
    return -0.5


def near_km() -> float:
    """How close two chosen places must be to vouch for each other (km): settings.cfg [places]."""
    from geoevent.rules.settings import builtin_settings

    return builtin_settings().value("places", "near_km")


def _near_bonus(span: _Span, c: Candidate, spans: Sequence[_Span], echoes: Sequence[_Span] = ()) -> float:
    if c.feature == "country":
        return 0.0
    bonus = 0.0
    near = near_km()
    skip = {id(e) for e in echoes}
    for other in spans:
        o = other.chosen
        if other is span or o is None or o.feature == "country" or id(other) in skip:
            continue
        if c.feature == "admin1" and o.admin1_code == c.admin1_code and o.feature == "place":
            bonus += 1.5       # a town of this division is named too
        elif o.admin1_code and o.admin1_code == c.admin1_code and o is not c \
                and distance_km(c.lat, c.lon, o.lat, o.lon) < near:
            bonus += 0.6       # (a first-level unit as big as England is no neighbourhood)
        elif distance_km(c.lat, c.lon, o.lat, o.lon) < near:
            bonus += 0.4
        if bonus >= 2.0:
            break
    return min(bonus, 2.0)


def _far_from_chosen(span: _Span, c: Candidate, spans: Sequence[_Span], echoes: Sequence[_Span] = ()) -> float:
    """Return how far town candidate ``c`` lies beyond the nearness distance from the nearest
    town or division the first pass chose for the story's other mentions in its own country, in
    powers of ten: 0 within ``near_km``, 1 at ten times it, 0 when the story names no such place.
    ``near_chosen`` rewards a namesake near the story's places but says nothing of how far the
    others are: a suburb's name in a story of its neighbours is less likely the big namesake
    across the country, the further the less. (Countries and divisions are named from afar, and
    the countries a story names tell namesakes abroad apart.) Echoes of the same name do not
    count (a namesake would place itself), nor a name with a local feature word ("X Township"):
    the story places it, its bare name's namesake does not place the story."""
    skip = {id(e) for e in echoes}
    near = near_km()
    nearest = None
    for other in spans:
        o = other.chosen
        if other is span or o is None or o.feature not in ("place", "admin2", "admin1") or id(other) in skip \
                or o.country != c.country or other.hint == "local":
            continue
        km = _apart_km(c, o)
        nearest = km if nearest is None else min(nearest, km)
        if nearest <= near:
            return 0.0
    return math.log10(nearest / near) if nearest is not None else 0.0


def _town_named_like_division(span: _Span, c: Candidate, spans: Sequence[_Span], echoes: Sequence[_Span] = ()) -> bool:
    """Return True for a town candidate that is no big city and shares its name with a more
    populous first-level division of its own country that it does not lie in, while no other
    place chosen for the story lies in the town's own division: a bare "Delaware" or "Wyoming" is
    the state, not the town in Ohio or Michigan, unless the story names the town's neighbours.
    The countries a story names already tell namesakes in two countries apart; within one they
    cannot. (A big city keeps its name: "Washington" is the capital; a town in the division of
    its name is ``division_named_like_town``.)"""
    if c.feature != "place" or c.population >= BIG_CITY or not any(
            d.feature == "admin1" and not d.alternate and d.country == c.country and d.population > c.population
            and d.admin1_code != c.admin1_code for d in span.cands):
        return False
    skip = {id(e) for e in echoes}
    return not any(o.chosen is not None and o is not span and id(o) not in skip
                   and o.chosen.admin1_code == c.admin1_code for o in spans)


def _apart_km(c: Candidate, o: Candidate) -> float:
    """Return the distance between two places in km, 0 when one lies in the other (a town in a
    chosen division, a district holding a chosen town)."""
    if "admin1" in (c.feature, o.feature) and c.admin1_code and c.admin1_code == o.admin1_code:
        return 0.0
    if "admin2" in (c.feature, o.feature) and c.admin2 and c.admin2 == o.admin2 and c.admin1_code == o.admin1_code:
        return 0.0
    return distance_km(c.lat, c.lon, o.lat, o.lon)


def explain_name(name: str, gazetteer: Gazetteer, limit: int = 10) -> list[dict]:
    """Return the candidates of a bare ``name``, best first, each with its ranking score and the
    features that weigh most in it (``"log_population +6.3"``), as plain dicts for people.
    Without a document only the name's own features count (size, kind, alternate name)."""
    rows = []
    weights = ranking_weights()
    for c in gazetteer.candidates(name, limit=max(limit, 25)):
        features = candidate_features(c)
        parts = sorted(((weights.get(k, 0.0) * v, k) for k, v in features.items()), key=lambda x: -abs(x[0]))
        rows.append({
            "score": round(score_features(features), 2), "name": c.name, "precision": c.feature,
            "admin2": c.admin2, "admin1": c.admin1 if c.feature not in ("country", "region") else None,
            "country": c.country or None, "population": c.population, "lat": round(c.lat, 4),
            "lon": round(c.lon, 4), "geonameid": c.geonameid,
            "deciding": ", ".join(f"{k} {w:+.1f}" for w, k in parts[:3] if w),
        })
    rows.sort(key=lambda r: -r["score"])
    return rows[:limit]
