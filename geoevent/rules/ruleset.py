"""ruleset.py loads every rule file once into one :class:`RuleSet`: the built-in files of
``geoevent/rules/`` and the users' ``--rules`` files, validated, with file and line in errors.

A user's file extends any built-in file:

* JSONL (``.jsonl``): one rule a line, in the format of the built-in file of its kind. A line's
  ``"kind"`` says what it is: ``"action"`` (``rules/actions.jsonl``), ``"condition"`` (an ACLED
  condition), ``"actor"`` (a known group, ``rules/actors.jsonl``), ``"place"`` (a place with its
  coordinates: ``name``, ``country``, ``lat``, ``lon``, optional ``feature``, ``admin1``,
  ``population``, ``names``), ``"setting"`` (``section``, ``key``, ``value``), ``"acled_group"``
  (a named group as ACLED names it, ``rules/acled_groups.jsonl``), or one of the count
  kinds of ``rules/counts.jsonl`` (``"number"``, ``"unit"``, ...). Without a kind, a line with
  ``"name"`` is an actor, one with ``"type"`` and trigger words an action, one with
  ``"condition"`` a condition.
* TSV (``.tsv``): the format of the built-in file whose name the file's name ends with
  (``my_demonyms.tsv`` -> ``demonyms.tsv``; also ``actor_types``, ``actor_classes``,
  ``clutter``, ``dates_words``, ``places_features``, ``places_aliases``, ``places_regions``,
  ``codes``, ``event_nouns``, ``means`` and the ACLED coding files ``acled_categories``,
  ``acled_countries``, ``acled_regions``, ``acled_event_types``, ``acled_riot_cues``,
  ``fatality_totals``, ``acled_note_tags``, ``acled_battle_cues``, ``acled_intervention_cues``, ``acled_words``,
  ``word_classes``), or that a ``# kind: NAME`` line names; any other TSV file adds actor
  head nouns or nationality words (``rules/actor_types.tsv``).
* Settings (``.cfg``): ``[section]`` and ``key = value`` lines overriding ``rules/settings.cfg``.

A user's action type or ACLED group that replaces a built-in one without ``"extend": true`` is
reported with one warning line on stderr. The RuleSet pickles as the contents of the users' files (the
built-in ones are read again from the package), so it travels to worker processes by value.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..extraction import actions as _actions
from ..extraction import actor_lexicon as _actors
from . import RuleError, RuleText, builtin_path, chain_files, numbered_tsv, read_jsonl, require
from .settings import Settings, read_settings
from .words import (
    PLACE_LIST_KINDS, Demonym, builtin_demonyms, numbered_demonyms, numbered_place_rows, read_feature_words,
)

#: ACLED coding files a user's TSV file may extend (read by extraction/acled.py and incidents.py).
ACLED_TSV_KINDS = ("acled_categories", "acled_countries", "acled_regions", "acled_event_types",
                   "acled_riot_cues", "fatality_totals", "acled_note_tags", "acled_battle_cues",
                   "acled_intervention_cues", "acled_words")
#: Built-in TSV files a user's TSV file may extend, told by the end of its name.
TSV_KINDS = ("actor_classes", "actor_types", "demonyms", "clutter", "dates_words", "places_features",
             "places_aliases", "places_regions", "codes", "event_nouns", "means", *ACLED_TSV_KINDS,
             *PLACE_LIST_KINDS, "word_classes")
COUNT_KINDS = frozenset({"number", "multiplier", "abbreviation", "fraction", "vague", "none", "qualifier", "unit"})
PLACE_KEYS = frozenset({"kind", "name", "country", "lat", "lon", "feature", "admin1", "population", "names"})
INTER_CODES = frozenset(range(1, 9))


@dataclass(frozen=True)
class ActorClass:
    """What an actor type means (``rules/actor_classes.tsv``)."""

    type: str
    classes: frozenset[str]
    inter: int | None           # ACLED's actor category, 1-8
    description: str = ""


@dataclass(frozen=True)
class PlaceRule:
    """A place a user's file adds: a name (and more names) with its coordinates, or an alias
    of a country (``target`` "-") or of a first-level division (``target`` its ISO 3166-2 code)."""

    name: str
    country: str
    lat: float | None = None
    lon: float | None = None
    feature: str = "place"
    admin1: str | None = None
    population: int = 0
    names: tuple[str, ...] = ()
    target: str | None = None


class RuleSet:
    """Every rule a run reads: the taxonomy, the actor lexicon and classes, count words, date
    words, clutter patterns, places added by users, place feature words and the tuning settings."""

    def __init__(self, user_files: Sequence[RuleText] = (), warn: bool = True):
        self.user_files = tuple(user_files)
        jsonl = [f for f in self.user_files if f.suffix.lower() in (".jsonl", ".json")]
        tsv = {kind: [] for kind in (*TSV_KINDS, "")}
        cfg = [f for f in self.user_files if f.suffix.lower() in (".cfg", ".ini")]
        for f in self.user_files:
            if f.suffix.lower() == ".tsv":
                tsv[_tsv_kind(f)].append(f)
            elif f not in jsonl and f not in cfg:
                raise RuleError(f"{f}: unknown kind of rule file (expected .jsonl, .tsv or .cfg)")
        records = {kind: [] for kind in ("action", "condition", "actor", "count", "place", "setting", "acled_group")}
        for f in jsonl:
            for number, record in _numbered_jsonl(f):
                records[_line_kind(f, number, record)].append((f, number, record))

        self.settings: Settings = read_settings([builtin_path("settings.cfg"), *cfg],
                                                [(f, n, r) for f, n, r in records["setting"]])
        self.classes: dict[str, ActorClass] = read_actor_classes(tsv["actor_classes"])
        class_names = frozenset(c for a in self.classes.values() for c in a.classes)
        plover, acled, families = _read_codes(tsv["codes"])
        vocabulary = _actions.Vocabulary(plover=plover, acled=acled, families=families,
                                         actors=frozenset(self.classes) | class_names)
        self.actions = _load_actions(records["action"], records["condition"], vocabulary, warn,
                                     int(self.settings.value("triggers", "phrase_gap")))
        #: nationality words and country names (demonyms.tsv, then the users' files), for the
        #: actor lexicon, the ACLED names and place finding
        self.demonyms: tuple[Demonym, ...] = (*builtin_demonyms(), *_demonyms(tsv["demonyms"]))
        self.actors = _actors.ActorLexicon.load(
            [*tsv["actor_types"], *tsv[""]],
            classes={k: c.classes for k, c in self.classes.items()},
            demonyms=self.demonyms,
        )
        for f, number, record in records["actor"]:
            try:
                _actors.validate_group(record, self.classes)
            except ValueError as exc:
                raise RuleError(f"{f}:{number}: {exc}") from None
            self.actors.add_group(_actors.group_from_record(record))
        self.counts = _load_counts(records["count"])
        from ..io.clutter import load_clutter_rules

        self.clutter = load_clutter_rules(tsv["clutter"])
        self.places: tuple[PlaceRule, ...] = (
            *(_place_rule(f, n, r) for f, n, r in records["place"]),
            *(p for f in tsv["places_regions"] for p in _regions(f)),
            *(p for f in tsv["places_aliases"] for p in _aliases(f)),
        )
        self.place_features: dict[str, str] = read_feature_words(tsv["places_features"])
        #: users' rows of the other word lists of place finding, by kind (after the built-in rows)
        self.place_lists: dict[str, tuple[tuple[str, ...], ...]] = {
            kind: tuple(tuple(row) for f in tsv[kind] for _, row in numbered_place_rows(f, kind))
            for kind in PLACE_LIST_KINDS if tsv[kind]}
        #: the words of weapons and attacks, of defence and light verbs (means.tsv): whom an
        #: outcome's actor is behind the means (extraction/agents.py)
        from ..extraction.agents import read_means

        self.means: dict[str, frozenset[str]] = read_means(tsv["means"])
        #: nouns of events a place may hang on ("a raid on a village in X": extraction/where.py)
        self.event_nouns: frozenset[str] = _event_nouns([builtin_path("event_nouns.tsv"), *tsv["event_nouns"]],
                                                        self.actions, families)
        from ..extraction.dates_calendar import load_date_words

        self.date_words = load_date_words(tsv["dates_words"])
        #: users' ACLED coding files by kind, and their named groups (acled_groups.jsonl lines),
        #: read with the built-in ones by extraction/acled.py (checked now, with file and line)
        self.acled_files: dict[str, tuple[RuleText, ...]] = {k: tuple(tsv[k]) for k in ACLED_TSV_KINDS if tsv[k]}
        self.acled_groups = tuple(records["acled_group"])
        if self.acled_files or self.acled_groups:
            from ..extraction.acled import acled_rules_for, load_acled_rules

            if warn:
                _warn_replaced_groups(self.acled_groups, load_acled_rules())
            from ..extraction.acled_types import battle_cues, note_tags
            from ..extraction.incidents import _files, event_types, intervention_cues, riot_cues, total_patterns

            acled = acled_rules_for(self)
            event_types(_files(acled, "acled_event_types"))
            riot_cues(_files(acled, "acled_riot_cues"))
            total_patterns(_files(acled, "fatality_totals"))
            note_tags(_files(acled, "acled_note_tags"))
            battle_cues(_files(acled, "acled_battle_cues"))
            intervention_cues(_files(acled, "acled_intervention_cues"))
        #: word classes that tell figurative violence words from real ones, and the words the event
        #: steps read around a trigger (rules/word_classes.tsv)
        self.word_classes: dict[str, frozenset[str]] = read_word_classes(tsv["word_classes"])

    # ------------------------------------------------------------ building

    @classmethod
    def load(cls, files: Sequence[str | Path] = ()) -> RuleSet:
        """Return the built-in rules extended by the users' ``files`` (RuleError for a bad line)."""
        return cls([RuleText.read(f) for f in files])

    def __reduce__(self) -> tuple:
        # by value: the users' files travel as their contents; no warning is printed again
        return (_rebuild, (tuple((f.name, f.text) for f in self.user_files),))

    # ------------------------------------------------------------ questions the code asks

    def is_a(self, actor_type: str | None, name: str) -> bool:
        """True when the actor type is ``name`` or belongs to the class ``name`` ("armed", "state")."""
        return self.actors.is_a(actor_type, name)

    def inter(self, actor_type: str | None) -> int | None:
        """ACLED's actor category (1-8) of an actor type, or None."""
        found = self.classes.get(actor_type or "")
        return found.inter if found is not None else None

    def action_type(self, name: str) -> _actions.ActionType | None:
        return self.actions.types.get(name)

    @property
    def type_names(self) -> tuple[str, ...]:
        """The action types, in the taxonomy's order."""
        return tuple(self.actions.types)

    def family(self, family: str) -> frozenset[str]:
        """The action types of one family ("violence", "protest", ...)."""
        return frozenset(t.type for t in self.actions.types.values() if t.family == family)

    @property
    def families(self) -> tuple[frozenset[str], ...]:
        """The action types grouped by family, in the taxonomy's order."""
        order: dict[str, set[str]] = {}
        for t in self.actions.types.values():
            order.setdefault(t.family, set()).add(t.type)
        return tuple(frozenset(v) for v in order.values())

    def types_where(self, test: Callable[[_actions.ActionType], bool]) -> frozenset[str]:
        """The action types whose properties pass ``test``."""
        return frozenset(t.type for t in self.actions.types.values() if test(t))

    @property
    def fatality_types(self) -> frozenset[str]:
        """The action types whose count is of the dead (``"fatalities": true``)."""
        return self.types_where(lambda t: t.fatalities)

    def trigger_words(self, types: Iterable[str]) -> frozenset[str]:
        """The one-word trigger verbs and nouns of the action ``types``."""
        return frozenset(w for name in types for t in [self.actions.types[name]]
                         for w in (*t.verbs, *t.nouns) if " " not in w)

    def is_violent(self, name: str) -> bool:
        found = self.actions.types.get(name)
        return found is not None and found.violent


_BUILTIN: RuleSet | None = None


def builtin_rules() -> RuleSet:
    """The built-in RuleSet, for callers that are given none (the library's one default)."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = RuleSet()
    return _BUILTIN


def load_rules(files: Sequence[str | Path] = ()) -> RuleSet:
    """Return the RuleSet of the built-in files extended by ``files``."""
    return RuleSet.load(files) if files else builtin_rules()


def _rebuild(contents: tuple[tuple[str, str], ...]) -> RuleSet:
    return RuleSet([RuleText(name, text) for name, text in contents], warn=False) if contents else builtin_rules()


# ------------------------------------------------------------------ reading the files


def _tsv_kind(f: RuleText) -> str:
    name = Path(f.name).name.lower()
    for kind in TSV_KINDS:
        if name.endswith(kind + ".tsv"):
            return kind
    for line in f.text.splitlines()[:20]:
        if line.startswith("#") and line[1:].strip().lower().startswith("kind:"):
            kind = line.split(":", 1)[1].strip().removesuffix(".tsv")
            if kind not in TSV_KINDS:
                raise RuleError(f"{f}: unknown kind {kind!r} (one of {', '.join(TSV_KINDS)})")
            return kind
    return ""


def read_word_classes(extra: Iterable[RuleText] = ()) -> dict[str, frozenset[str]]:
    """Return class -> words of ``rules/word_classes.tsv`` and the users' files, which may add
    words to a class but not name a new one (no code would ask for it)."""
    found: dict[str, set[str]] = {}
    for f in chain_files("word_classes.tsv", extra):
        for number, (word, name, *_) in numbered_tsv(f, 2):
            if isinstance(f, RuleText) and name not in found:
                raise RuleError(f"{f}:{number}: unknown word class {name!r} (one of {', '.join(sorted(found))})")
            found.setdefault(name, set()).add(word.lower())
    return {name: frozenset(words) for name, words in found.items()}


def _numbered_jsonl(f: RuleText) -> Iterator[tuple[int, dict[str, Any]]]:
    numbered = [(n, line) for n, line in enumerate(f.text.splitlines(), 1)
                if line.strip() and not line.strip().startswith(("#", "//"))]
    records = list(read_jsonl(f))
    yield from ((n, r) for (n, _), r in zip(numbered, records))


def _line_kind(f: RuleText, number: int, record: dict[str, Any]) -> str:
    kind = record.get("kind")
    if kind in ("action", "condition", "actor", "place", "setting", "acled_group"):
        return kind
    if kind in COUNT_KINDS:
        return "count"
    if kind is not None:
        raise RuleError(f'{f}:{number}: unknown "kind" {kind!r}')
    if "condition" in record:
        return "condition"
    if "acled" in record and "aliases" in record:
        return "acled_group"
    if "name" in record:
        return "actor"
    if "type" in record:
        return "action"
    raise RuleError(f'{f}:{number}: neither an action type ("type"), a condition, an actor ("name") '
                    'nor a line with a "kind"')


def read_actor_classes(extra: Iterable[RuleText] = ()) -> dict[str, ActorClass]:
    """Return the actor types and their classes: ``rules/actor_classes.tsv``, then ``extra``."""
    found: dict[str, ActorClass] = {}
    for path in [builtin_path("actor_classes.tsv"), *extra]:
        for number, row in numbered_tsv(path, 3):
            name, classes, inter = row[0], row[1], row[2]
            if not name or " " in name:
                raise RuleError(f"{path}:{number}: an actor type is one word, not {name!r}")
            if inter != "-" and not (inter.isdigit() and int(inter) in INTER_CODES):
                raise RuleError(f"{path}:{number}: ACLED_INTER must be 1-8 or -, not {inter!r}")
            found[name] = ActorClass(
                name, frozenset(c.strip() for c in classes.split(",") if c.strip() and c.strip() != "-"),
                int(inter) if inter != "-" else None, row[3] if len(row) > 3 else "")
    return found


def _read_codes(extra: Iterable[RuleText]) -> tuple[frozenset[str], dict[str, str | None], frozenset[str]]:
    plover: set[str] = set()
    acled: dict[str, str | None] = {}
    families: set[str] = set()
    for path in [builtin_path("codes.tsv"), *extra]:
        for number, row in numbered_tsv(path, 2):
            if row[0] == "plover":
                plover.add(row[1])
            elif row[0] == "acled":
                acled[row[1]] = row[2] if len(row) > 2 and row[2] else None
            elif row[0] == "family":
                families.add(row[1])
            else:
                raise RuleError(f"{path}:{number}: unknown scheme {row[0]!r} (family, plover or acled)")
    return frozenset(plover), acled, frozenset(families)


def _load_actions(records: list[tuple[RuleText, int, dict[str, Any]]],
                  conditions: list[tuple[RuleText, int, dict[str, Any]]],
                  vocabulary: _actions.Vocabulary, warn: bool, phrase_gap: int) -> _actions.ActionLexicon:
    """Return the taxonomy: the built-in action types and conditions, then the users' lines."""
    path = builtin_path("actions.jsonl")
    builtin: list[tuple[Any, int, dict[str, Any]]] = []
    # actions.jsonl, then its built-in extension files actions_*.jsonl (lines with "extend": true
    # add trigger words to a type of actions.jsonl), in the order of their names
    for part in (path, *sorted(path.parent.glob("actions_*.jsonl"))):
        numbered = [n for n, line in enumerate(part.read_text(encoding="utf-8").splitlines(), 1)
                    if line.strip() and not line.strip().startswith(("#", "//"))]
        for number, record in zip(numbered, read_jsonl(part)):
            builtin.append((part, number, record))
    lines = [*builtin, *conditions, *records]
    by_name: dict[str, _actions.AcledCondition] = {}
    for f, number, record in lines:
        if "condition" in record:
            try:
                _actions.validate_condition({k: v for k, v in record.items() if k != "kind"}, vocabulary)
            except (ValueError, KeyError, TypeError) as exc:
                raise RuleError(f"{f}:{number}: {exc}") from None
            by_name[record["condition"]] = _actions.condition_of(record)
    vocabulary = replace(vocabulary, conditions=frozenset(by_name) | {"default"})
    entries: dict[str, _actions.ActionType] = {}
    origin: dict[str, tuple[Any, int]] = {}
    for f, number, record in lines:
        if "condition" in record:
            continue
        try:
            _actions.validate_action(record, vocabulary)
        except (ValueError, KeyError, TypeError) as exc:
            raise RuleError(f"{f}:{number}: {exc}") from None
        new = _actions.action_type(record)
        old = entries.get(new.type)
        if old is not None and record.get("extend"):
            entries[new.type] = _actions.extended(old, new, record)
            continue
        if old is not None and warn and isinstance(f, RuleText):
            print(f'geoevent: warning: {f}:{number} replaces the action type "{new.type}" of '
                  f'{origin[new.type][0]}:{origin[new.type][1]} (add "extend": true to add to it)', file=sys.stderr)
        entries[new.type] = new
        origin[new.type] = (f if isinstance(f, RuleText) else f.name, number)
    if not entries:
        raise RuleError("no action types were loaded")
    for name, t in entries.items():
        for other in (t.by_crowd, t.without_means, *(t.person_object or ())):
            if other is not None and other not in entries:
                where = origin.get(name, ("?", 0))
                raise RuleError(f'{where[0]}:{where[1]}: "{name}" names the unknown action type "{other}"')
    return _actions.ActionLexicon(list(entries.values()), list(by_name.values()), phrase_gap)


def _load_counts(records: list[tuple[RuleText, int, dict[str, Any]]]):  # -> CountRules
    from ..extraction.counts import _validate, load_count_rules

    rules = load_count_rules()
    for f, number, record in records:
        try:
            _validate(record)
        except (ValueError, KeyError, TypeError) as exc:
            raise RuleError(f"{f}:{number}: {exc}") from None
        rules.add(record)
    return rules


def _place_rule(f: RuleText, number: int, record: dict[str, Any]) -> PlaceRule:
    try:
        unknown = set(record) - PLACE_KEYS
        if unknown:
            raise ValueError(f'unknown key "{sorted(unknown)[0]}"')
        name = require(record, "name", str)
        country = _actors._check_country(require(record, "country", str))
        lat, lon = require(record, "lat", (int, float)), require(record, "lon", (int, float))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("lat/lon out of range")
        feature = record.get("feature", "place")
        if feature not in ("place", "admin1", "country"):
            raise ValueError('"feature" must be place, admin1 or country')
        names = record.get("names", [])
        if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
            raise ValueError('"names" must be a list of strings')
        return PlaceRule(name, country, float(lat), float(lon), feature, record.get("admin1"),
                         int(record.get("population", 0)), tuple(names))
    except (ValueError, TypeError) as exc:
        raise RuleError(f"{f}:{number}: {exc}") from None


def _regions(f: RuleText) -> Iterator[PlaceRule]:
    """Places in the format of ``places_regions.tsv``: name, country, lat, lon, population, names."""
    for number, row in numbered_tsv(f, 5):
        yield _place_rule(f, number, {"name": row[0], "country": row[1], "lat": _number(f, number, row[2]),
                                      "lon": _number(f, number, row[3]), "population": int(_number(f, number, row[4])),
                                      "names": [n for n in row[5:] if n]})


def _aliases(f: RuleText) -> Iterator[PlaceRule]:
    """Aliases in the format of ``places_aliases.tsv``: alias, country, target (ISO 3166-2 or -)."""
    for number, row in numbered_tsv(f, 3):
        try:
            country = _actors._check_country(row[1])
        except ValueError as exc:
            raise RuleError(f"{f}:{number}: {exc}") from None
        yield PlaceRule(row[0], country, target=row[2])


def _number(f: RuleText, number: int, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise RuleError(f"{f}:{number}: {text!r} is not a number") from None


def _event_nouns(paths: Iterable[Any], actions: _actions.ActionLexicon, families: frozenset[str]) -> frozenset[str]:
    """The nouns of ``event_nouns.tsv`` and the one-word trigger nouns of the families it names."""
    nouns: set[str] = set()
    for path in paths:
        for number, row in numbered_tsv(path, 2):
            if row[0] == "family" and row[1] in families:
                nouns.update(n for t in actions.types.values() if t.family == row[1] for n in t.nouns if " " not in n)
            elif row[0] == "noun" and row[1]:
                nouns.add(row[1].lower())
            else:
                raise RuleError(f"{path}:{number}: expected family<TAB>FAMILY (one of codes.tsv) or noun<TAB>WORD")
    return frozenset(nouns)


def _warn_replaced_groups(lines: Sequence[tuple[RuleText, int, dict[str, Any]]], builtin: Any) -> None:
    """Print one warning line for each user's ACLED group that replaces a built-in one."""
    names = {g.acled for g in builtin.groups}
    for f, number, record in lines:
        if record.get("acled") in names and not record.get("extend"):
            print(f'geoevent: warning: {f}:{number} replaces the ACLED group "{record["acled"]}" of '
                  'acled_groups.jsonl (add "extend": true to add to its aliases)', file=sys.stderr)


def _demonyms(files: Iterable[RuleText]) -> Iterator[Demonym]:
    """The rows of users' files in the format of ``demonyms.tsv``, their countries checked."""
    for f in files:
        for number, row in numbered_demonyms(f):
            try:
                _actors._check_country(row.country)
            except ValueError as exc:
                raise RuleError(f"{f}:{number}: {exc}") from None
            yield row


__all__ = ["RuleSet", "ActorClass", "PlaceRule", "builtin_rules", "load_rules", "read_actor_classes"]

