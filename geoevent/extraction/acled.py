"""acled.py names an actor as ACLED names it and gives its ACLED category (``inter``, 1-8).

ACLED's conventions (its codebook): state forces are "Military Forces of Nigeria", "Police Forces
of Kenya", "Government of Mali"; crowds and victims are named by kind and country: "Protesters
(Kenya)", "Rioters (Benin)", "Civilians (Mexico)"; armed men nobody names are "Unidentified Armed
Group (Mali)"; named groups keep ACLED's spelling ("Al Shabaab", "JNIM: Group for Support of
Islam and Muslims"). The data are rule files: ``acled_groups.jsonl`` (named groups),
``acled_categories.tsv`` (our actor types -> category and name pattern),
``acled_countries.tsv``/``acled_regions.tsv`` (ACLED's country spellings and regions) and
``acled_words.tsv`` (the words read around an actor's phrase: own forces, gang names, sources).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..geo.names import fold
from ..model import Actor
from ..rules import builtin_path, numbered_tsv, read_jsonl, read_tsv, require

#: ACLED's actor categories by code.
INTER_NAMES = {
    1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}
STATE_FORCES, EXTERNAL = 1, 8
#: Aliases of up to this many capitals ("IS", "AA", "JAS") match only when written in capitals.
SHORT_ACRONYM = 4
#: "the Red Hill gang", "Dokan gang members", "two members of the 77 Lions Gang": a gang ACLED
#: names by its own name, the capitalised words or figure right before "gang".
_BEFORE_GANG = re.compile(r"((?:[A-Z0-9][\w'-]*\s+){1,3})(?:gang|Gang)\b")
#: The word classes of ``acled_words.tsv`` (what each means is written in the file).
WORD_CLASSES = ("own_force", "force_thing", "force_object", "not_a_name", "not_a_community", "source", "armed")
_GROUP_KEYS = frozenset({"acled", "inter", "aliases", "countries", "from", "until", "types", "note"})


@dataclass(frozen=True)
class Group:
    """A named group as ACLED writes it, with the spellings that name it in news."""

    acled: str                          # ACLED's name; "{country}" is the event's country
    inter: int
    aliases: tuple[str, ...]            # folded
    capitals: tuple[str, ...] = ()      # short acronyms, matched case-sensitively
    countries: frozenset[str] = frozenset()
    start: str | None = None            # ISO date from which ACLED uses this name
    until: str | None = None
    types: frozenset[str] = frozenset()


@dataclass(eq=False)   # hashed by identity: loaded once, and a key of per-document caches
class AcledRules:
    """Everything ACLED naming reads: groups, categories by actor type, countries and regions."""

    groups: list[Group] = field(default_factory=list)
    categories: dict[str, tuple[int | None, str | None]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)     # folded nationality word -> alpha-2
    forces: dict[str, str] = field(default_factory=dict)       # folded force or weapon noun -> type
    countries: dict[str, tuple[str, str]] = field(default_factory=dict)   # alpha-2 -> (name, article)
    air_units: dict[str, str] = field(default_factory=dict)   # alpha-2 -> ACLED's unit of its air strikes
    regions: dict[str, str] = field(default_factory=dict)
    # first word -> (alias words, indexes of the groups it names): folded aliases and, written as
    # they are, acronyms
    aliases: dict[str, list[tuple[tuple[str, ...], tuple[int, ...]]]] = field(default_factory=dict)
    capitals: dict[str, list[tuple[tuple[str, ...], tuple[int, ...]]]] = field(default_factory=dict)
    source: Any = None      # the RuleSet whose actor classes completed these rules
    #: incidents.py's files by kind (built-in, then the users'): event types, riot cues, totals
    files: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    dead: frozenset[str] = frozenset()   # action types whose count is of the dead ("fatalities")
    #: acled_words.tsv: class -> words, and the own-force nouns with the actor type they name
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    own_forces: dict[str, str] = field(default_factory=dict)

    def index(self) -> None:
        """Build the alias indexes that find a text's groups in one pass over its words."""
        self.aliases = _first_word_index((a, k) for k, g in enumerate(self.groups) for a in g.aliases)
        self.capitals = _first_word_index((c, k) for k, g in enumerate(self.groups) for c in g.capitals)

    def candidates(self, text: str) -> list[int]:
        """Return the indexes of the groups whose aliases occur in ``text``, in file order (an
        alias may be written in the plural: "Puntland Dervish Forces")."""
        found: set[int] = set()
        for words, index in ((fold(text).split(), self.aliases), (re.findall(r"\w+", text), self.capitals)):
            for i, word in enumerate(words):
                for key in (word, word[:-1]) if word.endswith("s") else (word,):
                    for alias, groups in index.get(key, ()):
                        got = words[i:i + len(alias)]
                        if len(got) == len(alias) and all(a == w or a + "s" == w for a, w in zip(alias, got)):
                            found.update(groups)
        return sorted(found)


def _first_word_index(pairs) -> dict[str, list[tuple[tuple[str, ...], tuple[int, ...]]]]:
    by_alias: dict[tuple[str, ...], list[int]] = {}
    for alias, k in pairs:
        by_alias.setdefault(tuple(alias.split()), []).append(k)
    index: dict[str, list[tuple[tuple[str, ...], tuple[int, ...]]]] = {}
    for words, ks in by_alias.items():
        index.setdefault(words[0], []).append((words, tuple(ks)))
    return index


def _validate_group(record: dict) -> None:
    unknown = set(record) - _GROUP_KEYS
    if unknown:
        raise ValueError(f"unknown key {sorted(unknown)[0]!r}")
    require(record, "acled", str)
    inter = require(record, "inter", int)
    if inter not in INTER_NAMES:
        raise ValueError('"inter" must be an ACLED category code 1-8')
    aliases = require(record, "aliases", list)
    if not aliases or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValueError('"aliases" must be a non-empty list of strings')


def group_from_record(record: dict) -> Group:
    """Return a :class:`Group` from a line of ``acled_groups.jsonl``."""
    aliases = [a.strip() for a in record["aliases"]]
    capitals = tuple(a for a in aliases if a.isupper() and len(a.replace(" ", "")) <= SHORT_ACRONYM)
    return Group(
        acled=record["acled"], inter=record["inter"],
        aliases=tuple(fold(a) for a in aliases if a not in capitals),
        capitals=capitals,
        countries=frozenset(record.get("countries", ())),
        start=record.get("from"), until=record.get("until"),
        types=frozenset(record.get("types", ())),
    )


def load_acled_rules(folder: str | None = None) -> AcledRules:
    """Return the ACLED naming rules from the built-in rule files (loaded once per process)."""
    return _load(folder)


#: ACLED's name for an actor of a category that acled_categories.tsv does not list (an actor
#: type a user's actor_classes file adds): the codebook's generic names by category.
GENERIC_NAMES = {1: "Military Forces of {of_country}", 2: "Unidentified Armed Group ({country})",
                 3: "Unidentified Armed Group ({country})", 4: "Unidentified Communal Militia ({country})",
                 5: "Rioters ({country})", 6: "Protesters ({country})", 7: "Civilians ({country})"}

_FOR_RULESET: dict[int, AcledRules] = {}


def acled_rules_for(ruleset: Any) -> AcledRules:
    """Return the ACLED naming rules completed with the actor classes of ``ruleset`` (a
    RuleSet): an actor type ACLED's table lacks is named by its class's ``inter`` category."""
    key = id(ruleset)
    found = _FOR_RULESET.get(key)
    if found is not None and found.source is ruleset:
        return found
    base = load_acled_rules()
    if _own_files(ruleset):   # users' ACLED files (RuleSet.acled_files, acled_groups), or demonyms
        base = _read(None, ruleset)
    extra = {kind: (c.inter, GENERIC_NAMES.get(c.inter) if c.inter else None)
             for kind, c in getattr(ruleset, "classes", {}).items() if kind not in base.categories}
    dead = ruleset.fatality_types
    if not extra and dead == base.dead and base.source is None:
        return base
    rules = replace(base, categories={**base.categories, **extra}, dead=dead)
    rules.source = ruleset
    if len(_FOR_RULESET) > 8:
        _FOR_RULESET.clear()
    _FOR_RULESET[key] = rules
    return rules


def _nationalities(rows: Sequence[Any]) -> dict[str, str]:
    """Folded nationality word -> country, from the RuleSet's demonyms rows (the first row wins)."""
    found: dict[str, str] = {}
    for word, country, kind in rows:
        if kind == "nationality":
            found.setdefault(fold(word), country)
    return found


@lru_cache(maxsize=2)
def _load(folder: str | None) -> AcledRules:
    return _read(folder)


def _own_files(ruleset: Any) -> bool:
    from ..rules.words import builtin_demonyms

    return bool(getattr(ruleset, "acled_files", None) or getattr(ruleset, "acled_groups", None)
                or len(getattr(ruleset, "demonyms", ())) > len(builtin_demonyms()))


def _read(folder: str | None, ruleset: Any = None) -> AcledRules:
    """Return the ACLED naming rules of the built-in files (or those of ``folder``), extended by
    the users' files of ``ruleset`` (a RuleSet: its ``acled_files`` and ``acled_groups``)."""
    from pathlib import Path

    from ..rules import RuleError
    from ..rules.ruleset import builtin_rules
    from ..rules.words import builtin_demonyms

    own = getattr(ruleset, "acled_files", {})

    def paths(name: str) -> list[Any]:
        return [Path(folder) / name if folder else builtin_path(name), *own.get(name.removesuffix(".tsv"), ())]

    rules = AcledRules(dead=builtin_rules().fatality_types, source=ruleset)
    rules.groups = [group_from_record(r) for r in read_jsonl(paths("acled_groups.jsonl")[0], _validate_group)]
    for f, number, record in getattr(ruleset, "acled_groups", ()):
        # a user's group replaces the built-in one of the same ACLED name, or adds its aliases
        # to it with "extend": true
        try:
            _validate_group({k: v for k, v in record.items() if k not in ("kind", "extend")})
        except (ValueError, KeyError, TypeError) as exc:
            raise RuleError(f"{f}:{number}: {exc}") from None
        new = group_from_record(record)
        at = next((k for k, g in enumerate(rules.groups) if g.acled == new.acled), None)
        if at is None:
            rules.groups.append(new)
        elif record.get("extend"):
            old = rules.groups[at]
            rules.groups[at] = replace(old, aliases=old.aliases + new.aliases, capitals=old.capitals + new.capitals)
        else:
            rules.groups[at] = new
    rules.index()
    for path in paths("acled_categories.tsv"):
        for number, row in numbered_tsv(path, 3):
            kind, inter, pattern = row[:3]
            if inter != "-" and (not inter.isdigit() or int(inter) not in INTER_NAMES):
                raise RuleError(f"{path}:{number}: inter must be 1-8 or -")
            rules.categories[kind] = (int(inter) if inter != "-" else None, pattern if pattern != "-" else None)
    for path in paths("acled_countries.tsv"):
        for _, row in numbered_tsv(path, 3):
            rules.countries[row[0]] = (row[1], "" if row[2] == "-" else row[2])
            if len(row) > 3 and row[3] not in ("", "-"):
                rules.air_units[row[0]] = row[3]
    _read_words(rules, paths("acled_words.tsv"))
    for path in paths("acled_regions.tsv"):
        for _, row in numbered_tsv(path, 2):
            for code in row[1].split():
                rules.regions[code] = row[0]
    # incidents.py's tables: ACLED's event types, the acts of a riot, statements of a total
    rules.files = {kind: (builtin_path(kind + ".tsv"), *own[kind])
                   for kind in ("acled_event_types", "acled_riot_cues", "fatality_totals", "acled_note_tags",
                                "acled_battle_cues", "acled_intervention_cues") if own.get(kind)}
    # read-only use of the actor lexicons: nationality words (the RuleSet's, read once), and the
    # nouns of state forces and of weapons ("Russian drones", "Nigerien soldiers", "a Russian landmine")
    rules.demonyms = _nationalities(getattr(ruleset, "demonyms", None) or builtin_demonyms())
    for row in read_tsv(builtin_path("actor_types.tsv"), 2):
        if row[1] in ("military", "police"):
            rules.forces[fold(row[0])] = row[1]
    for word in sorted((ruleset or builtin_rules()).means["noun"]):
        rules.forces.setdefault(fold(word), "military")
    return rules


def _read_words(rules: AcledRules, paths: Sequence[Any]) -> None:
    """Fill ``rules.words`` and ``rules.own_forces`` from files in the format of
    ``acled_words.tsv`` (the built-in one, then the users'), with file and line in errors."""
    from ..rules import RuleError

    found: dict[str, set[str]] = {name: set() for name in WORD_CLASSES}
    for path in paths:
        for number, row in numbered_tsv(path, 2):
            word, name = row[0].lower(), row[1]
            if name not in found:
                raise RuleError(f"{path}:{number}: unknown word class {name!r} (one of {', '.join(WORD_CLASSES)})")
            if name == "own_force":
                kind = row[2] if len(row) > 2 else ""
                if kind not in ("military", "police"):
                    raise RuleError(f"{path}:{number}: an own_force word needs its type, military or police")
                rules.own_forces[word] = kind
            found[name].add(word)
    found["not_a_community"] |= found["not_a_name"]
    rules.words = {name: frozenset(words) for name, words in found.items()}


# ---------------------------------------------------------------- countries


@lru_cache(maxsize=512)
def _pycountry(code: str) -> tuple[str | None, int | None]:
    import pycountry   # imported here: only ACLED output needs it

    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return None, None
    return getattr(found, "common_name", None) or found.name, int(found.numeric)


def country_name(code: str | None, rules: AcledRules) -> str | None:
    """Return the country of an alpha-2 code as ACLED spells it ("CD" -> "Democratic Republic of Congo")."""
    if not code:
        return None
    if code in rules.countries:
        return rules.countries[code][0]
    return _pycountry(code)[0]


def iso_numeric(code: str | None) -> int | None:
    """Return the ISO 3166-1 numeric code ACLED's ``iso`` column holds ("NE" -> 562)."""
    return _pycountry(code)[1] if code else None


def of_country(code: str, rules: AcledRules) -> str | None:
    """Return the country as ACLED writes it after "Forces of" ("CD" -> "the Democratic
    Republic of Congo")."""
    name = country_name(code, rules)
    article = rules.countries.get(code, ("", ""))[1]
    return f"{article} {name}" if name and article else name


# ---------------------------------------------------------------- actors


def _words(text: str) -> str:
    return f" {fold(text)} "


def find_group(actor: Actor, country: str | None, day: str | None, rules: AcledRules) -> Group | None:
    """Return the named group an actor is, by its name or its words, fitting the country and day."""
    fallback: Group | None = None
    found = sorted(set(rules.candidates(actor.name or "")) | set(rules.candidates(actor.text or "")))
    for group in (rules.groups[k] for k in found):
        if group.types and actor.type not in group.types:
            continue
        fits_place = not group.countries or (country in group.countries or actor.country in group.countries)
        # with no date, the name ACLED uses without a period of its own
        fits_day = (group.start is None and group.until is None) if day is None else \
            ((group.start is None or day >= group.start) and (group.until is None or day <= group.until))
        if fits_place and fits_day:
            return group
        if fits_place and fallback is None:
            fallback = group
    return fallback


def _fits(group: Group, country: str | None, day: str | None) -> bool:
    if group.countries and country not in group.countries:
        return False
    if day is None:
        return group.start is None and group.until is None
    return (group.start is None or day >= group.start) and (group.until is None or day <= group.until)


def groups_in_text(text: str, country: str | None, day: str | None, rules: AcledRules) -> list[tuple[str, int]]:
    """Return (ACLED name, category) of the non-state armed groups a text names, first named
    first; "JNIM and/or ISGS fighters" gives ACLED's "A and/or B" name."""
    if not text:
        return []
    found: list[tuple[int, int, Group]] = []
    for group in (rules.groups[k] for k in rules.candidates(text)):
        if group.types or group.inter not in (2, 3, 4):
            continue
        # undated, a renamed group takes its first name (one name per group, not one per period)
        undated = day is None and (group.start or group.until)
        if not (_fits(group, country, None if undated else day)
                if not undated else not group.countries or country in group.countries):
            continue
        if undated and any(set(group.aliases) & set(g.aliases) for _, _, g in found):
            continue
        spans = [m.span() for a in group.aliases for m in [_alias_pattern(a).search(text)] if m]
        spans += [m.span() for cap in group.capitals if cap in text for m in [_capital(cap).search(text)] if m]
        if spans and all(g.acled != group.acled for _, _, g in found):
            at, end = min(spans)
            if _AS_TARGET.search(text[max(0, at - 40):at]):
                continue   # "an operation against Boko Haram", "bombs on KIA posts": the other side
            found.append((at, end, group))
    found.sort(key=lambda f: f[0])
    names = [(name, g.inter) for _, _, g in found if (name := fill_country(g.acled, country, rules))]
    if len(found) >= 2 and len(names) >= 2 and _OR_BETWEEN.fullmatch(text[found[0][1]:found[1][0]]):
        return [(f"{names[0][0]} and/or {names[1][0]}", names[0][1])] + names[2:]
    return names


#: Words before a group that make it the one acted upon: "against", "on", "with", "targeting".
_AS_TARGET = re.compile(r"\b(?:against|on|with|targeting|targeted|at)\s+(?:the\s+|an?\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_OR_BETWEEN = re.compile(r"\s*(?:militants\s+)?(?:and/or|or|and or)\s*", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _capital(acronym: str) -> re.Pattern[str]:
    """An acronym as a pattern that matches it as a whole word, in capitals."""
    return re.compile(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])")


@lru_cache(maxsize=4096)
def _alias_pattern(alias: str) -> re.Pattern[str]:
    """A folded alias as a pattern over raw text: its words with any punctuation between."""
    return re.compile(r"(?<!\w)" + r"[\W_]*".join(re.escape(w) for w in alias.split()) + r"s?(?!\w)", re.IGNORECASE)


def acled_actor(actor: Actor | None, event_country: str | None, day: str | None,
                rules: AcledRules, sentence: str = "") -> tuple[str | None, int | None]:
    """Return (ACLED's name, ACLED's category code) of an actor; (None, None) when unknown.

    A named group takes ACLED's spelling; a gang named in the text ("the Kraze Barye gang") its
    own name; other actors are named by their type and country ("Military Forces of Niger",
    "Civilians (Mali)"). State forces acting outside their own country are external forces.
    """
    if actor is None:
        return None, None
    country = actor.country or event_country
    place = event_country or actor.country
    group = find_group(actor, place, day, rules) or find_group(_widened(actor, sentence), place, day, rules) \
        or find_group(_with_aside(actor, sentence), place, day, rules)
    if group is not None:
        name = fill_country(group.acled, place, rules, actor.country)
        other = _alternative(actor, group, place, day, rules, sentence)
        if name and other:
            name = f"{name} and/or {other}"   # "gunmen from JNIM or ISGS": ACLED's "A and/or B"
        return name, _external(group.inter, actor.country or country, event_country)
    if actor.type == "civilians" and any(w in rules.words["armed"] for w in _WORD.findall((actor.text or "").lower())):
        # "unidentified gun men", "armed individuals": people with arms are no civilians
        actor = Actor(actor.text, actor.name, actor.country, "unidentified_armed_group")
    gang = gang_name(actor.text or "", rules) or gang_name(actor.name or "", rules)
    if gang and actor.type in ("criminal", None):
        return gang, 3
    inter, pattern = rules.categories.get(actor.type or "", (None, None))
    if actor.type == "militia" and country:
        local = local_militia(actor.text or "", rules)
        if local:
            return f"{local} ({country_name(country, rules)})", inter
    if pattern is None or not country:
        return None, inter
    name = pattern.replace("{of_country}", of_country(country, rules) or "").replace(
        "{country}", country_name(country, rules) or "")
    return name, _external(inter, country, event_country)


def gang_name(text: str, rules: AcledRules | None = None) -> str | None:
    """Return ACLED's name of a gang the text names by its own name ("Dokan gang members" ->
    "Dokan Gang"), or None for a gang told by its kind ("the gang", "several gang members")."""
    not_names = (rules or load_acled_rules()).words["not_a_name"]
    for match in _BEFORE_GANG.finditer(text):
        words = match.group(1).split()
        while words and words[0].lower() in not_names:
            words.pop(0)
        if words and words[-1][:1].isupper() and words[-1].lower() not in not_names:
            return " ".join(words) + " Gang"
    return None


#: A militia named by the community it defends: "the Kalgo militia", "Tanda vigilantes", "Hodan
#: clan fighters' militia", "an unnamed clan militia".
_MILITIA_OF = re.compile(r"((?:[A-Z][\w'-]*\s+){0,3})((?:sub[\s-])?clan\s+)?(?:militia|militiamen|militias|vigilantes?|"
                         r"self[\s-]defen[cs]e\s+(?:group|force|militia)s?)\b")


def local_militia(text: str, rules: AcledRules) -> str | None:
    """Return ACLED's name (without its country) of a militia the text names by its community:
    a place or people ("Kalgo Communal Militia"), a clan ("Hodan Clan Militia"), or a clan
    militia nobody names ("Unidentified Clan Militia"); None for a militia told by its kind or
    by a nationality ("Nigerian militia"), or by an organisation's acronym."""
    match = _MILITIA_OF.search(text)
    if match is None:
        return None
    not_communities = rules.words["not_a_community"]
    words = [w for w in match.group(1).split()]
    while words and words[0].lower() in not_communities:
        words.pop(0)
    words = [w for w in words if w.lower() != "vigilante" and w.lower() != "committee"]
    clan = bool(match.group(2))
    if not words or any(w.isupper() and len(w) > 1 for w in words) or \
            any(fold(w) in rules.demonyms or w.lower() in not_communities for w in words):
        return "Unidentified Clan Militia" if clan else None
    return f"{' '.join(words)} {'Clan' if clan else 'Communal'} Militia"


def _widened(actor: Actor, sentence: str) -> Actor:
    """Return the actor with the capitalised word before it in the sentence: the parser may cut
    an acronym off a group's name ("IS Sahel militants" read as "Sahel militants")."""
    text = actor.text or ""
    at = sentence.find(text) if text else -1
    if at <= 0:
        return actor
    before = sentence[:at].split()
    if not before or not before[-1][:1].isupper():
        return actor
    wider = f"{before[-1]} {text}"
    return Actor(text=wider, name=wider, country=actor.country, type=actor.type)


def _with_aside(actor: Actor, sentence: str) -> Actor:
    """Return the actor with the parenthesis that follows it: "government security forces
    (Gorgor)" names the unit."""
    text = actor.text or ""
    at = sentence.find(text) if text else -1
    if at < 0:
        return actor
    aside = re.match(r"\s*\(([^()]{1,40})\)", sentence[at + len(text):])
    if aside is None:
        return actor
    wider = f"{text} ({aside.group(1)})"
    return Actor(text=wider, name=wider, country=actor.country, type=actor.type)


def fill_country(pattern: str, country: str | None, rules: AcledRules, own: str | None = None) -> str | None:
    """ACLED's name from a pattern of the rule files: "{country}" is the event's country,
    "{of_country}" the state whose unit it is (``own``, the actor's country, else the event's) as
    written after "Forces of" ("Police Forces of {of_country}"); None when the pattern needs a
    country and none is known."""
    name = pattern
    if "{of_country}" in name:
        state = of_country(own or country, rules) if (own or country) else None
        if not state:
            return None
        name = name.replace("{of_country}", state)
    if "{country}" not in name:
        return name
    country_named = country_name(country, rules)
    return name.replace("{country}", country_named) if country_named else None


#: "JNIM or ISGS militants", "ISWAP and/or Boko Haram": two groups named as alternatives.
_ALTERNATIVES = re.compile(r"\b(?:and/or|or)\b", re.IGNORECASE)


def _alternative(actor: Actor, first: Group, country: str | None, day: str | None,
                 rules: AcledRules, sentence: str = "") -> str | None:
    """Return the second group of "A or B militants", if the actor names two as alternatives
    (the parser may have cut the actor's text before "or": then the sentence tells)."""
    text = actor.text or ""
    at = sentence.find(text) if text else -1
    if at >= 0:
        text = sentence[at:at + len(text) + 60]
    parts = _ALTERNATIVES.split(text, maxsplit=1)
    if len(parts) != 2:
        return None
    # the words right after "or": "ISGS militants attacked" -> "ISGS militants"
    for part in (parts[0], " ".join(parts[1].split()[:4])):
        group = find_group(Actor(text=part, name=part, country=actor.country, type=actor.type), country, day, rules)
        if group is not None and group.acled != first.acled:
            return fill_country(group.acled, country, rules)
    return None


#: The words of a phrase, to look up in a class of ``acled_words.tsv`` ("armed").
_WORD = re.compile(r"\w+")


def _external(inter: int | None, actor_country: str | None, event_country: str | None) -> int | None:
    """State forces outside their own country are ACLED's external forces ("Military Forces of
    Russia" in Ukraine, of the United States in Somalia)."""
    if inter == STATE_FORCES and actor_country and event_country and actor_country != event_country:
        return EXTERNAL
    return inter


def state_forces_in_text(text: str, event_country: str | None, rules: AcledRules,
                         victims: Sequence[str] = ()) -> list[tuple[str, int]]:
    """Return (ACLED name, category) of the state forces a text names by nationality and a force
    or weapon noun ("Russian drones struck ...", "a Russian landmine went off"), first
    named first; phrases inside ``victims`` (the incident's targets) are not perpetrators."""
    words = fold(text).split()
    unwanted = [f" {fold(v)} " for v in victims if v]
    found: list[tuple[str, int]] = []
    own = _own_forces(words, event_country, rules, unwanted)
    for i, word in enumerate(words):
        code = rules.demonyms.get(word)
        if code is None:
            continue
        for n in (1, 2, 3):   # the force noun right after the nationality, or one word later
            for j in (i + 1, i + 2):
                noun = " ".join(words[j:j + n])
                kind = rules.forces.get(noun) or (rules.forces.get(noun[:-1]) if noun.endswith("s") else None)
                if kind is None:
                    continue
                phrase = " " + " ".join(words[i:j + n]) + " "
                if any(phrase in v for v in unwanted) or (words[j + n:j + n + 1] or [""])[0] in rules.words["source"]:
                    continue   # a victim, or a source ("Nigerian police said")
                inter, pattern = rules.categories.get(kind, (None, None))
                name = pattern.replace("{of_country}", of_country(code, rules) or "") if pattern else None
                if name and inter is not None and (name, inter) not in found:
                    found.append((name, _external(inter, code, event_country) or inter))
    return found or own


def _own_forces(words: Sequence[str], event_country: str | None, rules: AcledRules,
                unwanted: Sequence[str]) -> list[tuple[str, int]]:
    """Return the state forces of the event's country that a text names by a definite force
    noun with no nationality ("the military based in X fired rockets", "the troops shelled X"),
    for violence no record has an actor of; a force acted upon, a source or a place ("the
    military base") is none. The nouns and the words around them are ``acled_words.tsv``'s."""
    if not event_country:
        return []
    for i, word in enumerate(words):
        if word != "the" or i + 1 >= len(words):
            continue
        for n in (2, 1):
            noun = " ".join(words[i + 1:i + 1 + n])
            kind = rules.own_forces.get(noun)
            if kind is None:
                continue
            after = (words[i + 1 + n:i + 2 + n] or [""])[0]
            before = words[i - 1] if i else ""
            if after in rules.words["force_thing"] or after in rules.words["source"] \
                    or before in rules.words["force_object"] or any(f" the {noun} " in v or f" {noun} " in v for v in unwanted):
                break
            inter, pattern = rules.categories.get(kind, (None, None))
            if pattern and inter is not None:
                return [(pattern.replace("{of_country}", of_country(event_country, rules) or ""), inter)]
            break
    return []



#: ACLED's sub-event type of strikes from the air, which some countries' air forces carry out.
AIR_STRIKE = "Air/drone strike"


def air_unit(name: str | None, sub_event_type: str | None, rules: AcledRules) -> str | None:
    """Return a state's armed forces named as the unit ACLED credits with its air and drone
    strikes ("Military Forces of Russia" -> "Military Forces of Russia Air Force", for the
    countries acled_countries.tsv gives such a unit); any other name is returned as it is."""
    if not name or sub_event_type != AIR_STRIKE:
        return name
    for code, unit in rules.air_units.items():
        if name == f"Military Forces of {of_country(code, rules)}":
            return f"{name} {unit}"
    return name


def crowd(kind: str, country: str | None, rules: AcledRules) -> tuple[str | None, int | None]:
    """Return ACLED's name and category for a crowd of ``kind`` (protesters, rioters) in a country."""
    inter, pattern = rules.categories.get(kind, (None, None))
    name = country_name(country, rules)
    if pattern is None or not name:
        return None, inter
    return pattern.replace("{country}", name), inter


__all__ = ["INTER_NAMES", "AcledRules", "Group", "acled_actor", "air_unit", "country_name", "crowd", "fill_country", "find_group", "groups_in_text", "state_forces_in_text",
           "iso_numeric", "load_acled_rules"]
