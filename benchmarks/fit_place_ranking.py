"""Fit the weights of the place-ranking features (geoevent/rules/places_ranking.tsv) on dev data.

    python benchmarks/fit_place_ranking.py [--places ../shared/dev/places_dev.jsonl]
                                           [--acled ../shared/dev/acled_dev.csv] [--write]
                                           [--only NAMES] [--try NAMES] [--without NAMES]

Each mention with two or more candidates is one choice. Its candidates' features are those of
the resolver's last pass (``find_places(..., trace=...)``); a candidate is right when it is the
gold GeoNames id or lies within 161 km of the gold point (GeoWebNews toponyms), or within 50 km
of an ACLED event's point when the mention is the note's ``location``. Choices with no right
or no wrong candidate teach nothing and are left out.

The model is a conditional logistic regression (a softmax over each mention's candidates) with
an L2 pull towards the current weights, fitted by gradient descent with numpy. Documents are
split into five folds: the figure printed for the fitted weights is the share of choices won
on the fold the weights did not see, beside the current weights' share on the same choices.
``--write`` then fits on every choice and writes the weights file (comments kept).

A feature earns its row by what the cross-validation says: ``--try NAME`` fits a feature that
``candidate_features`` gives but the file lacks (from 0), ``--without NAME`` leaves one out,
and ``--only NAMES`` fits those alone beside the others' current weights. The held-out
log-loss is printed beside the share won: it also sees the choices won or lost by a hair. The
parses are cached beside the gazetteer index, so a refit costs the resolver's time (~20 s).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from geoevent.geo.points import distance_km  # noqa: E402
from geoevent.geo.names import fold  # noqa: E402
from geoevent.rules import builtin_path, rewrite_tsv_values  # noqa: E402

FOLDS = 5
L2 = 0.2           # pull towards the current weights (per choice, summed over features)
STEPS = 1500
RATE = 0.05
MIN_SUPPORT = 40   # choices a feature must decide to be fitted


def parses(nlp, texts: list[str], name: str) -> list:
    """Return the parses of ``texts``, cached as ``name``.spacy beside the gazetteer index (the
    GeoWebNews parses are those of gwn_far_toponyms.py): refits then cost the resolver's time only."""
    from gwn_far_toponyms import parsed_docs

    from geoevent.geo.gazetteer import cache_dir

    return parsed_docs(nlp, texts, cache_dir() / f"{name}.spacy")


def choices_from_places(path: Path, nlp, gazetteer) -> list[tuple[str, list[dict], list[bool]]]:
    """Return ``(document id, candidate features, right?)`` for the GeoWebNews toponyms."""
    from geoevent.geo.resolve import find_places

    articles = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    out = []
    for article, doc in zip(articles, parses(nlp, [a["text"] for a in articles], "gwn-docs")):
        trace: list = []
        find_places(doc, gazetteer, trace)
        for ranked in trace:
            gold = next((t for t in article["toponyms"] if t["lat"] is not None
                         and ranked.start_char < t["end"] and t["start"] < ranked.end_char), None)
            if gold is None or len(ranked.candidates) < 2:
                continue
            right = [(gold.get("geonameid") is not None and c.geonameid == gold["geonameid"])
                     or distance_km(c.lat, c.lon, gold["lat"], gold["lon"]) <= 161
                     for c in ranked.candidates]
            out.append((article["id"], list(ranked.features), right))
    return out


def choices_from_gold(path: Path, nlp, gazetteer) -> list[tuple[str, list[dict], list[bool]]]:
    """Return the choices of our own gold sentences (tests/geo/places_gold.jsonl): the right
    candidate is the gold division or country by name, or a town within 50 km of the gold point."""
    from geoevent.geo.evaluate import read_gold
    from geoevent.geo.resolve import find_places

    gold = read_gold(path)
    out = []
    for number, ((text, places), doc) in enumerate(zip(gold, parses(nlp, [t for t, _ in gold], "fit-gold-docs"))):
        trace: list = []
        find_places(doc, gazetteer, trace)
        for ranked in trace:
            g = next((p for p in places if ranked.start_char < p.end_char and p.start_char < ranked.end_char), None)
            if g is None or len(ranked.candidates) < 2:
                continue
            if g.precision == "country":
                right = [c.feature == "country" and c.country == g.country for c in ranked.candidates]
            elif g.precision == "admin1":
                right = [c.feature == "admin1" and c.country == g.country for c in ranked.candidates]
            elif g.lat is not None:
                right = [c.feature == "place" and distance_km(c.lat, c.lon, g.lat, g.lon) <= 50
                         for c in ranked.candidates]
            else:
                continue
            out.append((f"gold-{number}", list(ranked.features), right))
    return out


def choices_from_acled(path: Path, nlp, gazetteer) -> list[tuple[str, list[dict], list[bool]]]:
    """Return the choices of the ACLED notes' mentions of their own event location."""
    from geoevent.geo.resolve import find_places

    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("notes") and r.get("latitude")]
    out = []
    for number, (row, doc) in enumerate(zip(rows, parses(nlp, [r["notes"] for r in rows], "fit-acled-docs"))):
        trace: list = []
        find_places(doc, gazetteer, trace)
        lat, lon = float(row["latitude"]), float(row["longitude"])
        for ranked in trace:
            if fold(ranked.text) != fold(row.get("location") or "") or len(ranked.candidates) < 2:
                continue
            right = [distance_km(c.lat, c.lon, lat, lon) <= 50 for c in ranked.candidates]
            out.append((f"acled-{number}", list(ranked.features), right))
    return out


def to_arrays(choices, names: list[str]):
    index = {n: k for k, n in enumerate(names)}
    groups = []
    for doc_id, features, right in choices:
        if all(right) or not any(right):
            continue
        x = np.zeros((len(features), len(names)))
        for row, f in enumerate(features):
            for key, value in f.items():
                if key in index:
                    x[row, index[key]] = value
        groups.append((doc_id, x, np.array(right, dtype=bool)))
    return groups


def support(groups, n_features: int) -> np.ndarray:
    """Return, per feature, the number of choices in which it differs between candidates."""
    count = np.zeros(n_features)
    for _, x, _ in groups:
        count += (x.max(axis=0) != x.min(axis=0))
    return count


def fit(groups, start: np.ndarray, only: np.ndarray | None = None) -> np.ndarray:
    """Return weights maximising the log-likelihood of the right candidates (Adam steps); a
    feature that decides fewer than MIN_SUPPORT choices keeps its current weight (the data say
    too little about it: "Kandahar province" is rare in the dev data, common in conflict news),
    and so does every feature outside ``only`` (a mask) when it is given."""
    free = support(groups, len(start)) >= MIN_SUPPORT
    if only is not None:
        free = free & only
    # every choice's candidates stacked, one slice per choice: the softmax of each slice
    x = np.vstack([g[1] for g in groups])
    right = np.concatenate([g[2] for g in groups])
    sizes = np.array([len(g[2]) for g in groups])
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    group = np.repeat(np.arange(len(groups)), sizes)
    w = start.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, STEPS + 1):
        s = x @ w
        p = np.exp(s - np.maximum.reduceat(s, first)[group])
        p /= np.add.reduceat(p, first)[group]
        q = p * right
        q /= np.add.reduceat(q, first)[group]
        grad = (x.T @ (q - p) - 2 * L2 * (w - start) * len(groups) / 100) / len(groups)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w += free * RATE * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w


def won(groups, w: np.ndarray) -> float:
    return sum(bool(right[int(np.argmax(x @ w))]) for _, x, right in groups) / len(groups) if groups else 0.0


def log_loss(groups, w: np.ndarray) -> float:
    """Return the summed negative log-probability of the right candidates (the smooth twin of
    ``won``: it also sees choices won or lost by a hair)."""
    total = 0.0
    for _, x, right in groups:
        s = x @ w
        s = s - s.max()
        total -= np.log(np.exp(s[right]).sum() / np.exp(s).sum())
    return total


def read_weights() -> tuple[list[str], np.ndarray]:
    lines = builtin_path("places_ranking.tsv").read_text(encoding="utf-8").splitlines()
    names, values = [], []
    for line in lines:
        if line.strip() and not line.startswith("#"):
            name, value = line.split("\t")[:2]
            names.append(name)
            values.append(float(value))
    return names, np.array(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    dev = HERE.parent.parent / "shared" / "dev"
    parser.add_argument("--places", type=Path, default=dev / "places_dev.jsonl")
    parser.add_argument("--acled", type=Path, default=dev / "acled_dev.csv")
    parser.add_argument("--write", action="store_true", help="write the weights fitted on all choices")
    parser.add_argument("--try", dest="extra", default="", metavar="NAMES",
                        help="comma-separated features that candidate_features gives but the weights file "
                             "lacks, fitted from 0 (to see whether a new feature earns its row)")
    parser.add_argument("--only", default="", metavar="NAMES",
                        help="comma-separated features to fit; the others keep their current weights "
                             "(a new feature's weight beside the fitted ones)")
    parser.add_argument("--without", default="", metavar="NAMES",
                        help="comma-separated features of the weights file to leave out (weight 0)")
    args = parser.parse_args()

    from geoevent.extractor import Extractor

    extractor = Extractor()
    nlp, gazetteer = extractor.nlp, extractor.gazetteer
    choices = []
    if args.places.exists():
        choices += choices_from_places(args.places, nlp, gazetteer)
    if args.acled.exists():
        choices += choices_from_acled(args.acled, nlp, gazetteer)
    choices += choices_from_gold(HERE.parent / "tests" / "geo" / "places_gold.jsonl", nlp, gazetteer)
    names, current = read_weights()
    extra = [n for n in args.extra.split(",") if n and n not in names]
    names, current = names + extra, np.concatenate([current, np.zeros(len(extra))])
    without = {n for n in args.without.split(",") if n}
    if without:
        current = np.array([0.0 if n in without else v for n, v in zip(names, current)])
    groups = to_arrays(choices, names)
    if without:     # a feature left out is no column: it can neither be fitted nor score
        keep = np.array([n not in without for n in names], dtype=float)
        groups = [(d, x * keep, r) for d, x, r in groups]
    only = np.array([n in args.only.split(",") for n in names]) if args.only else None
    docs = sorted({g[0] for g in groups})
    print(f"{len(groups)} informative choices in {len(docs)} documents ({len(choices)} with 2+ candidates)")
    fold_of = {d: k % FOLDS for k, d in enumerate(docs)}
    held_fitted = held_current = loss_fitted = loss_current = 0.0
    for k in range(FOLDS):
        train = [g for g in groups if fold_of[g[0]] != k]
        test = [g for g in groups if fold_of[g[0]] == k]
        w = fit(train, current, only)
        held_fitted += won(test, w) * len(test)
        held_current += won(test, current) * len(test)
        loss_fitted += log_loss(test, w)
        loss_current += log_loss(test, current)
    n = len(groups)
    print(f"choices won, {FOLDS}-fold cross-validated: fitted {held_fitted / n:.3f} ({round(held_fitted)}), "
          f"current weights {held_current / n:.3f} ({round(held_current)}); held-out log-loss "
          f"fitted {loss_fitted:.1f}, current {loss_current:.1f}")
    w = fit(groups, current, only)
    print(f"choices won on all data: fitted {won(groups, w):.3f}, current {won(groups, current):.3f}")
    counts = support(groups, len(names))
    print(f"  {'feature':<28}{'current':>8}{'fitted':>8}{'choices':>9}")
    for name, old, new, count in zip(names, current, w, counts):
        print(f"  {name:<28}{old:>8.3f}{new:>8.3f}{int(count):>9}{'' if count >= MIN_SUPPORT else '  (kept)'}")
    if args.write:
        if extra or without:
            sys.exit("--write writes the weights file's own features: add a new feature's row first")
        path = rewrite_tsv_values("places_ranking.tsv", {n: str(round(float(v), 3)) for n, v in zip(names, w)})
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
