"""incidents.py groups a document's records into incidents and codes each as ACLED does.

One incident is often several records: "Four police officers died and six were hurt when
militants stormed a post ... three of the attackers were also killed" gives an attack, two kill
records and an injure record. Records told one after another, with ACLED types, whose dates and
places do not disagree, are one incident: they share an ``incident`` id (the first record's id),
and each record's ``acled`` object gains the incident's ``actor1``, ``actor2``, ``inter1``,
``inter2``, ``interaction``, ``disorder_type``, ``civilian_targeting`` and ``fatalities`` (the
incident's deaths, summed over its kill records), so that analysts can sum one row per incident.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..model import Actor, Event, Place
from ..rules import files_or_builtin, numbered_tsv
from .acled_types import crowd_violence, explosion_detail, fought_back, incident_type, tagged_note, territory_in_battle, weapon_means
from .acled import STATE_FORCES, AcledRules, acled_actor, air_unit, crowd, fill_country, groups_in_text, state_forces_in_text
from .agents import defence_lemmas

#: ACLED's types whose actor1 is the crowd itself, whatever the text names as subject.
CROWD_TYPES = {"Protests": "protesters", "Riots": "rioters"}
#: Political violence with nobody named behind it is ACLED's "Unidentified Armed Group (X)".
UNNAMED_VIOLENCE = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence"})
CIVILIANS = 7
#: ACLED's names of armed men nobody names; a communal militia told by its kind is a side of its own.
UNNAMED_ARMED = ("Unidentified Armed Group", "Unidentified Gang")


@dataclass(frozen=True)
class EventTypes:
    """ACLED's event types: the disorder type of each and its rank in an incident (lower wins)."""

    disorder: dict[tuple[str, str], str]
    rank: dict[str, int]
    unnamed: dict[tuple[str, str], tuple[str, int]]

    def disorder_type(self, event_type: str, sub_event_type: str | None) -> str | None:
        return self.disorder.get((event_type, sub_event_type or "*")) or self.disorder.get((event_type, "*"))

    def unnamed_actor(self, event_type: str, sub_event_type: str | None) -> tuple[str, int] | None:
        """Whom ACLED names when the text names nobody: "Unidentified Armed Group ({country})"."""
        return self.unnamed.get((event_type, sub_event_type or "*")) or self.unnamed.get((event_type, "*"))


def _means(rules: Any) -> dict:
    """RuleSet.means of the RuleSet ``rules`` (AcledRules) were completed with, else the built-in one."""
    from ..rules.ruleset import builtin_rules

    return (getattr(rules, "source", None) or builtin_rules()).means


def _files(rules: Any, kind: str) -> tuple[Any, ...]:
    """The files of one kind that ``rules`` (AcledRules) name: the built-in one and the users'
    (``--rules``); none for the built-in file alone."""
    return getattr(rules, "files", {}).get(kind, ())


@lru_cache(maxsize=4)
def event_types(files: tuple[Any, ...] = ()) -> EventTypes:
    """Return the table of ``rules/acled_event_types.tsv`` (or of ``files``: the built-in one and
    the users'; later rows win), read once."""
    disorder: dict[tuple[str, str], str] = {}
    rank: dict[str, int] = {}
    unnamed: dict[tuple[str, str], tuple[str, int]] = {}
    for path in files_or_builtin(files, "acled_event_types.tsv"):
        ranks: dict[str, int] = {}     # a type's first row in a file gives its rank
        for number, row in numbered_tsv(path, 4):
            try:
                disorder[(row[0], row[1])] = row[2]
                ranks.setdefault(row[0], int(row[3]))
                if len(row) >= 6 and row[4]:
                    unnamed[(row[0], row[1])] = (row[4], int(row[5]))
            except ValueError:
                from ..rules import RuleError

                raise RuleError(f"{path}:{number}: RANK and INTER must be whole numbers") from None
        rank.update(ranks)
    return EventTypes(disorder, rank, unnamed)


def main_type(acled_types: Sequence[dict[str, Any] | None], rules: Any = None) -> dict[str, Any] | None:
    """Return the ACLED type that stands for an incident: the lowest-ranked of its records'."""
    ranked = [a for a in acled_types if a and a.get("event_type")]
    if not ranked:
        return None
    rank = event_types(_files(rules, "acled_event_types")).rank
    return min(ranked, key=lambda a: rank.get(a["event_type"], 99))


# ---------------------------------------------------------------- grouping


def _day(event: Event) -> str | None:
    return event.date.value if event.date is not None and event.date.precision == "day" else None


def _dated(event: Event) -> bool:
    return event.date is not None and event.date.value is not None


def _named_in(event: Event) -> bool:
    """True when the record's place is written in one of its sentences (not the document's)."""
    text = event.location.text if event.location is not None else None
    return bool(text) and any(text in m.sentence for m in event.mentions or ()) or bool(text and text in event.sentence)


def _places_agree(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.precision == b.precision == "place" and (a.geonameid, a.name) != (b.geonameid, b.name):
        return False
    # class "two fronts in one story": fighting in one province and a town overrun in another
    # are two incidents (ACLED codes each where it happened), whatever the precision
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return False
    return True


def _same_incident(first: Event, event: Event) -> bool:
    """True when ``event``, told after ``first``, is part of its incident: both have ACLED types,
    the same day (or one undated) and places that do not disagree (a country-wide summary
    disagrees with a record in a province)."""
    if not event.acled or not first.acled:
        return False
    day_a, day_b = _day(first), _day(event)
    if day_a and day_b and day_a != day_b:
        return False
    if bool(day_a) != bool(day_b) and _dated(first) and _dated(event):
        return False   # a day's incident and a summary of the year ("have killed hundreds this year")
    # a place the sentence does not name was inherited from the document: it disagrees with nothing
    return not (_named_in(first) and _named_in(event)) or (
        _places_agree(first.location, event.location) and not _summary_beside_division(first, event))


def _summary_beside_division(a: Event, b: Event) -> bool:
    """Class "a country-wide summary and a provincial event": a record placed at its country
    alone with no day of its own (the war told over weeks or months: towns taken across the
    country this year) and one placed in a first-level division (or a place within one) tell two
    things, not one incident, even told one after the other. A record dated to a day and
    placed at its country is no summary (a note's toll told of the country it names), so it
    stays with the division's record of that day."""
    for summary, local in ((a, b), (b, a)):
        place, other = summary.location, local.location
        if place is not None and other is not None and place.precision == "country" and not _day(summary) \
                and other.precision != "country" and other.admin1 and place.country == other.country:
            return True
    return False


def group_incidents(events: Sequence[Event], apart: frozenset[str] = frozenset()) -> list[list[int]]:
    """Return the indexes of ``events`` grouped by incident, in document order.

    A record joins the open incident when it agrees with every record of it; a record without
    an ACLED type (talks, visits), or of an action type in ``apart`` (people fleeing, told beside
    the incident that made them flee: "residents fled as militants captured the town"), is an
    incident of its own and does not close the open one.
    """
    groups: list[list[int]] = []
    open_group: list[int] | None = None
    for i, event in enumerate(events):
        if not event.acled or event.action.type in apart:
            groups.append([i])
            continue
        if open_group is not None and all(_same_incident(events[j], event) for j in open_group):
            open_group.append(i)
            continue
        open_group = [i]
        groups.append(open_group)
    return groups


# ---------------------------------------------------------------- coding


def _country(records: Sequence[Event]) -> str | None:
    for event in records:
        if event.location is not None and event.location.country:
            return event.location.country
    for event in records:
        for actor in (event.actor, event.target):
            if actor is not None and actor.country:
                return actor.country
    return None


#: ACLED's categories of non-state armed groups (rebels, political and identity militias).
NON_STATE = frozenset({2, 3, 4})


def _groups_named_before(events: list[Event]) -> list[Event]:
    """Name a group told by kind only ("the militants") as the non-state group the document
    names nearest before it, else nearest after it (a note may open with the outcome)."""
    named = [(i, side) for i, e in enumerate(events) for side in (e.actor, e.target)
             if side is not None and side.inter in NON_STATE and side.acled and not _generic(side)]
    if not named:
        return events
    out = list(events)
    for i, event in enumerate(events):
        before = [side for j, side in named if j <= i]
        group = before[-1] if before else named[0][1]
        sides = [replace(side, acled=group.acled, inter=group.inter)
                 if side is not None and _refers_back(side) and side.acled != group.acled else side
                 for side in (event.actor, event.target)]
        out[i] = replace(event, actor=sides[0], target=sides[1])
    return out


def _refers_back(actor: Actor) -> bool:
    """True for an armed group named by kind only, which news uses for the group named before:
    "militants", "the jihadists", "the assailants" after "JNIM militants attacked ..."."""
    if not _generic(actor):
        return False
    if actor.type == "rebels":
        return True
    return actor.type == "unidentified_armed_group" and (actor.text or "").lower().startswith(("the ", "these ", "those "))


def _generic(actor: Actor) -> bool:
    """True for an armed group ACLED would call unidentified: named by its kind, not its name."""
    return (actor.acled or "").startswith("Unidentified Armed Group")


def _named(actor: Actor | None, country: str | None, day: str | None, rules: AcledRules,
           sentence: str = "") -> Actor | None:
    if actor is None:
        return None
    name, inter = acled_actor(actor, country, day, rules, sentence)
    return replace(actor, acled=name, inter=inter)


def _at_home(actor: Actor | None, country: str | None, rules: AcledRules, crowd_record: bool = False) -> Actor | None:
    """Give an actor no nationality names the country of its event when its type belongs there
    (the "domestic" class of actor_classes.tsv: "soldiers", "gunmen", "residents" in a note on
    Niger are Niger's, as ACLED's "Military Forces of Niger"); the subject of a demonstration
    ("a group", "dozens", "union members" protested) is such a crowd."""
    if actor is None or actor.country or not country:
        return actor
    classes = getattr(rules.source or _builtin(), "classes", {})
    kind = classes.get(actor.type) if actor.type else None
    if (kind is not None and "domestic" in kind.classes) or (actor.type is None and crowd_record):
        return replace(actor, country=country)
    return actor


@lru_cache(maxsize=4)
def riot_cues(files: tuple[Any, ...] = ()) -> tuple[re.Pattern[str], ...]:
    """Return the acts that make a demonstration a riot (``rules/acled_riot_cues.tsv``, or the
    built-in file and the users' ``files``)."""
    return tuple(_pattern(path, number, row[0], re.IGNORECASE)
                 for path in files_or_builtin(files, "acled_riot_cues.tsv") for number, row in numbered_tsv(path, 2))


def _pattern(path: Any, number: int, text: str, flags: int) -> re.Pattern[str]:
    try:
        return re.compile(text, flags)
    except re.error as exc:
        from ..rules import RuleError

        raise RuleError(f"{path}:{number}: not a valid regular expression ({exc})") from None


#: ACLED's type of a demonstration whose demonstrators use violence or destroy property.
VIOLENT_DEMONSTRATION = {"event_type": "Riots", "sub_event_type": "Violent demonstration"}


def _as_riots(records: list[Event], text: str = "", rules: Any = None) -> list[Event]:
    """Code the protest records of an incident as a violent demonstration when its sentences (or
    ``text``, the document of this incident alone) tell the demonstrators' violence ("barricaded
    roads and burned tyres", "threw stones")."""
    protests = [e for e in records if (e.acled or {}).get("event_type") == "Protests"]
    if not protests:
        return records
    own = text or _own_text(records)
    rioters = any(e.actor is not None and e.actor.type == "rioters" for e in protests)   # "a mob gathered"
    if not rioters and not any(cue.search(own) for cue in riot_cues(_files(rules, "acled_riot_cues"))):
        return records
    return [replace(e, acled={**e.acled, **VIOLENT_DEMONSTRATION})
            if (e.acled or {}).get("event_type") == "Protests" else e for e in records]


@lru_cache(maxsize=4)
def intervention_cues(files: tuple[Any, ...] = ()) -> tuple[re.Pattern[str], ...]:
    """Return the acts of authorities that stop a demonstration (``rules/acled_intervention_cues.tsv``,
    or ``files``: the built-in one and the users')."""
    return tuple(re.compile(row[0], re.IGNORECASE)
                 for path in files_or_builtin(files, "acled_intervention_cues.tsv") for _, row in numbered_tsv(path, 2))


#: ACLED's types of a demonstration met by force: deaths, injuries or shots at the crowd.
EXCESSIVE_FORCE = {"event_type": "Protests", "sub_event_type": "Excessive force against protesters"}


def _force_at_protest(records: list[Event], text: str = "", violent: frozenset[str] = frozenset(),
                      rules: Any = None) -> list[Event]:
    """Class "a demonstration met by force", coded as ACLED codes the demonstration as a whole:
    a protest incident (no riot) that also tells violence (``violent`` action types: "police
    opened fire on the crowd; two were injured") is excessive force against protesters, its
    violence records included; one that tells the authorities stepping in ("dispersed them
    with tear gas", "intervened and arrested 23") is a protest with intervention. Deaths the
    demonstrators protest about are grievances, not force."""
    if not any((e.acled or {}).get("event_type") == "Protests" for e in records) or \
            any((e.acled or {}).get("event_type") in ("Riots", "Explosions/Remote violence") for e in records):
        return records
    force = [e for e in records if (e.action.type in violent or _shots_beside_gas(e, rules)) and not e.action.negated
             and not _grievance(e) and not _background(e) and not _crowd_control(e, rules)
             and (e.acled or {}).get("event_type") in ("Violence against civilians", "Protests")]
    if force:
        typed = EXCESSIVE_FORCE
    elif any(cue.search(text or _own_text(records)) for cue in intervention_cues(_files(rules, "acled_intervention_cues"))):
        typed = PROTEST_WITH_INTERVENTION
    else:
        return records
    return [replace(e, acled={**e.acled, **typed})
            if (e.acled or {}).get("event_type") in ("Protests", "Violence against civilians")
            and (e in force or (e.acled or {}).get("event_type") == "Protests"
                 or (e.action.type in violent and _crowd_control(e, rules))) else e for e in records]


@lru_cache(maxsize=4)
def small_arms_fire(ruleset: Any) -> re.Pattern[str]:
    """The weapons of the types ACLED codes as direct violence ("gun", "fire shot", "open fire"),
    each word in any form ("fired shots", "opened fire", "guns")."""
    words = {w for t in ruleset.actions.types.values() if t.weapons and t.acled
             and t.acled.get("default", ("",))[0] in ("Battles", "Violence against civilians") for w in t.weapons}
    stem = r"\s+".join
    phrases = sorted((stem(re.escape(p[:-1] if p.endswith("e") else p) + r"\w*" for p in w.split()) for w in words),
                     key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(phrases or ["(?!)"]) + r")", re.IGNORECASE)


def _shots_beside_gas(event: Event, rules: Any = None) -> bool:
    """True for crowd control (a record whose own type ACLED codes as a protest with
    intervention: "fired tear gas") told with the fire of small arms in its sentence ("fired
    shots and tear gas at the students"): force, not only dispersal."""
    ruleset = getattr(rules, "source", None) or _builtin()
    atype = ruleset.action_type(event.action.type or "")
    default = (atype.acled or {}).get("default") if atype is not None else None
    return bool(default) and default[1] == PROTEST_WITH_INTERVENTION["sub_event_type"] \
        and bool(small_arms_fire(ruleset).search(event.sentence))


#: The ACLED condition of actions.jsonl whose words name the means of crowd control (tear gas).
CROWD_CONTROL = "dispersal"


def _crowd_control(event: Event, rules: Any = None) -> bool:
    """True for force that only disperses a crowd: a means (no deaths or injuries) typed as a
    protest with intervention, or told with the means of crowd control in its own sentence
    (tear gas, water cannon: the words of the ``dispersal`` condition); either way with no fire
    of small arms in that sentence ("police fired tear gas at them"; not "fired shots to
    disperse them", nor "fired shots and tear gas")."""
    ruleset = getattr(rules, "source", None) or _builtin()
    if (event.acled or {}).get("sub_event_type") == PROTEST_WITH_INTERVENTION["sub_event_type"]:
        # typed as crowd control by its words; shots told beside the tear gas are force
        return not small_arms_fire(ruleset).search(event.sentence)
    atype = ruleset.action_type(event.action.type or "")
    if atype is None or atype.is_outcome:
        return False
    control = next((c.words for c in ruleset.actions.conditions if c.name == CROWD_CONTROL), frozenset())
    words = set(re.findall(r"[\w-]+", event.sentence.lower()))
    return bool(control & words) and not small_arms_fire(ruleset).search(event.sentence)


def protest_words(rules: AcledRules | None = None) -> re.Pattern[str] | None:
    """Return a pattern of the trigger words of the action types ACLED codes as protests, as the
    RuleSet of ``rules`` (else the built-in one) has them: "protested", "a sit-in", "demonstrators"."""
    from ..rules.ruleset import builtin_rules

    return _protest_pattern(getattr(rules, "source", None) or builtin_rules())


@lru_cache(maxsize=4)
def _protest_pattern(ruleset: Any) -> re.Pattern[str] | None:
    words = ruleset.trigger_words(ruleset.types_where(lambda t: (t.acled or {}).get("default", (None,))[0] == "Protests"))
    stems = sorted({w[:-1] if w.endswith("e") else w for w in words}, key=len, reverse=True)
    # lower case only: "March" the month is no march
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*") if stems else None


#: ACLED's type of a demonstration the authorities stepped in to stop: arrests made at it, and
#: crowd control (tear gas) that only dispersed it.
PROTEST_WITH_INTERVENTION = {"event_type": "Protests", "sub_event_type": "Protest with intervention"}


def _at_protest(records: list[Event], text: str = "", rules: AcledRules | None = None) -> list[Event]:
    """Code the arrests of an incident that tells a demonstration ("activists held a sit-in;
    police intervened, arresting 23") as a protest with intervention, as ACLED does."""
    if not any((e.acled or {}).get("sub_event_type") == "Arrests" for e in records) or \
            any((e.acled or {}).get("event_type") in UNNAMED_VIOLENCE | {"Protests", "Riots"} for e in records):
        return records
    words = protest_words(rules)
    if words is None or not words.search(text or _own_text(records)):
        return records
    return [replace(e, acled={**e.acled, **PROTEST_WITH_INTERVENTION})
            if (e.acled or {}).get("sub_event_type") == "Arrests" else e for e in records]


@lru_cache(maxsize=4)
def total_patterns(files: tuple[Any, ...] = ()) -> tuple[re.Pattern[str], ...]:
    """Return the statements of a total death toll (``rules/fatality_totals.tsv``, or the
    built-in file and the users' ``files``)."""
    return tuple(_pattern(path, number, row[0], re.IGNORECASE | re.MULTILINE)
                 for path in files_or_builtin(files, "fatality_totals.tsv") for number, row in numbered_tsv(path, 2))


def stated_total(text: str, files: tuple[Any, ...] = ()) -> int | None:
    """Return the last total of deaths the text states ("total of 5 fatalities"), or None."""
    from .counts import parse_count

    found: list[tuple[int, int]] = []
    for pattern in total_patterns(files):
        for match in pattern.finditer(text):
            count = parse_count(match.group(1).replace(",", ""))
            if count is None or count.value is None:
                continue
            value = count.value
            if pattern.groups > 1 and match.group(2):   # "N fatalities split over M events"
                events = parse_count(match.group(2))
                if events is None or not events.value:
                    continue
                value //= events.value
            found.append((match.start(1), value))
    return max(found)[1] if found else None


#: Nouns that name a death as a grievance of a demonstration: "marched to denounce the shooting
#: of a teenager" reports no death at the march.
GRIEVANCE_NOUNS = frozenset({"murder", "murders", "killing", "killings", "death", "deaths", "assassination", "lynching"})


#: Words of a side's claim: "the rebels said they had killed dozens of troops" is not the toll
#: when the text also reports one (ACLED takes the most conservative reported figure).
CLAIM_WORDS = re.compile(r"\bclaim(?:s|ed|ing)?\b|\bother reports\b", re.IGNORECASE)
#: Actor types of people: a death of "the militant" or "a man" counts one.
PERSONS = frozenset({"military", "police", "rebels", "militia", "unidentified_armed_group", "criminal",
                     "civilians", "protesters", "rioters", "refugees", "government", "political_party",
                     "judiciary", "media"})


def _deaths(event: Event) -> int:
    """The deaths a kill record reports: its count, else one for a single person ("the militant
    was killed", "one of them") or the figure that opens its victim ("2 IS fighters")."""
    from .counts import parse_count

    if event.count is not None:
        return event.count.value or 0
    target = event.target
    if target is None:
        return 0
    first = (target.text or "").split()[:1]
    if first:
        count = parse_count(first[0])
        if count is not None and count.value and first[0].lower() not in ("a", "an", "the"):
            return count.value
    single = target.type in PERSONS and not (target.name or "").lower().endswith("s")
    return 1 if single else 0


#: A death named as what people act against: "blocked roads condemning the shooting of a driver",
#: "marched over the killing of two traders", "in response to the death of".
_CAUSE = re.compile(r"\b(?:against|over|denouncing|denounce|condemning|condemn|protesting|in response to|following)\s+"
                    r"(?:the|a|an|their|his|her)?\s*(?:recent\s+|alleged\s+)?(\w+)", re.IGNORECASE)


def _grievance(event: Event) -> bool:
    """True for a death that the sentence names as a grievance, not as something that happened in
    this incident."""
    if event.action.lemma.lower() not in GRIEVANCE_NOUNS:
        return False
    return any(m.group(1).lower() == event.action.text.lower() for m in _CAUSE.finditer(event.sentence))


def _background(event: Event) -> bool:
    """True for a death told in a relative clause in the past perfect: "beat to death two
    robbers who had shot a shopkeeper" tells the cause, not the incident (reported speech,
    "police said 75 people had died", is the incident's own)."""
    text = event.action.text.lower()
    return text.startswith("had ") and bool(re.search(rf"\b(?:who|which|that)\s+{re.escape(text)}\b", event.sentence.lower()))


def _fatalities(records: Sequence[Event], kind: str, text: str = "",
                dead: frozenset[str] = frozenset(), totals: tuple[Any, ...] = ()) -> int:
    """The incident's deaths: the total its text states, else its kill records' deaths added up
    (negated ones are not deaths; a death that a demonstration is about is not the protest's;
    a side's claim yields to a report)."""
    total = stated_total(text, totals) if text else None
    if total is not None:
        return total
    kills = [e for e in records if e.action.type in dead and not e.action.negated
             and not _grievance(e) and not _background(e)]
    reported = [e for e in kills if not CLAIM_WORDS.search(e.sentence)]
    return sum(_deaths(e) for e in (reported or kills))


def _sides(records: Sequence[Event], kind: str, country: str | None, rules: AcledRules,
           mentioned: Sequence[tuple[str, int]] = (), sub: str | None = None,
           ) -> tuple[tuple[str | None, int | None], tuple[str | None, int | None]]:
    """Return ((actor1, inter1), (actor2, inter2)) of an incident of ACLED type ``kind``;
    ``mentioned`` are the named groups its text names, for violence nobody is the subject of
    ("security sources suspect JNIM fighters of burying it", "Al Shabaab took responsibility")."""
    # the records of the incident's own type come first: in "a group threw smoke bombs at the
    # crowd; the police detained 5" the bombers are the actor, not the police who came after
    # (a battle's initiator is told first, whatever the type of that first record)
    ordered = list(records) if kind == "Battles" else sorted(records, key=lambda e: (e.acled or {}).get("event_type") != kind)
    # a side may have a category but no name (no country known): its category still counts
    actors = [(e.actor.acled, e.actor.inter) for e in ordered if e.actor is not None and (e.actor.acled or e.actor.inter)]
    targets = [(e.target.acled, e.target.inter) for e in ordered if e.target is not None and (e.target.acled or e.target.inter)]
    if kind in CROWD_TYPES:
        # a crowd named by its nationality is of that country (Chadian traders marching in a
        # town of Niger are ACLED's "Protesters (Chad)"); else of the country it gathers in
        home = next((e.actor.country for e in ordered if e.actor is not None and e.actor.country
                     and (e.acled or {}).get("event_type") == kind
                     and _is_crowd(e.actor, rules)), None)
        first = crowd(CROWD_TYPES[kind], home or country, rules)
        # the other side of a demonstration: the forces that met it, or whom rioters attacked
        others = [s for s in targets + actors if s != first and s[1] not in (5, 6)]
        if kind == "Protests":
            others = [s for s in others if s[1] == STATE_FORCES]
        return first, (others[0] if others else (None, None))
    main = [(e.actor.acled, e.actor.inter) for e in ordered[:1] if e.actor is not None]
    if main and main[0][1] == CIVILIANS and kind in UNNAMED_VIOLENCE:
        # civilians are only ever victims in ACLED: residents who lynch a thief are rioters
        return crowd("rioters", country, rules), _other(targets + actors, main[0])
    # "raided the outpost but were pushed back by the garrison": the attacker is ACLED's actor1
    attackers = [(e.target.acled, e.target.inter) for e in ordered if e.target is not None and e.target.inter
                 and e.action.lemma.lower() in defence_lemmas(_means(rules))]
    armed = attackers + [s for s in actors if s[1] not in (None, CIVILIANS)]
    if not armed and kind == "Battles":
        # "four insurgents died as troops beat off their assault": a battle's sides may
        # be named only as its casualties, and killed militants were the ones attacking (killed
        # soldiers say nothing of who attacked them)
        armed = [s for s in targets if s[1] in NON_STATE]
    first = armed[0] if armed else actors[0] if actors else (None, None)
    # an armed side named by its kind only ("Unidentified Armed Group", "Unidentified Gang") yields
    # to a group the text names: "gunmen of the X gang" are the X gang
    unnamed = first[1] is None or (first[1] in NON_STATE and (first[0] is None or first[0].startswith(UNNAMED_ARMED)))
    if unnamed and mentioned and kind in UNNAMED_VIOLENCE | {"Strategic developments"}:
        first = tuple(mentioned[0])
    elif first[0] is None and first[1] is None:
        # the table says whom ACLED names for each type when the text names nobody ("two men
        # were arrested": the police)
        default = event_types(_files(rules, "acled_event_types")).unnamed_actor(kind, sub)
        if default is not None:
            first = (fill_country(default[0], country, rules), default[1])
    if first[1] == CIVILIANS and kind in UNNAMED_VIOLENCE:
        # civilians are only ever victims in ACLED: residents who lynch a thief are rioters
        first = crowd("rioters", country, rules)
    others = [s for s in targets + actors if s != first]
    return first, (others[0] if others else (None, None))


def _is_crowd(actor: Actor, rules: AcledRules) -> bool:
    """True for people who may make up a crowd: its own types and unarmed people (the "crowd"
    class of actor_classes.tsv, or "unarmed" and "victim"), not forces, officials or firms."""
    kind = getattr(rules.source or _builtin(), "classes", {}).get(actor.type) if actor.type else None
    return kind is not None and ("crowd" in kind.classes or {"unarmed", "victim"} <= set(kind.classes))


def _own_text(records: Sequence[Event]) -> str:
    """The incident's sentences, each once, in the order they were told."""
    return " ".join(dict.fromkeys(m.sentence for e in records for m in (e.mentions or ())))


def _other(sides: Sequence[tuple[str | None, int | None]], first: tuple[str | None, int | None]) -> tuple[str | None, int | None]:
    return next((s for s in sides if s != first), (None, None))


@lru_cache(maxsize=32)
def _in_document(text: str, country: str | None, day: str | None, rules: AcledRules) -> list[tuple[str, int]]:
    """The groups a whole document names (read once per document, country and day)."""
    return groups_in_text(text, country, day, rules)


def incident_fields(records: Sequence[Event], rules: AcledRules, text: str = "", alone: bool = False) -> dict[str, Any]:
    """Return the ACLED keys an incident's records share: both actors, their categories, the
    interaction code, the disorder type, civilian targeting and the fatalities. ``text`` is the
    document's, where a group may be named as responsible outside the incident's sentences;
    ``alone`` says the document tells this incident only, so a total it states is the incident's."""
    main = main_type([e.acled for e in records], rules) or {}
    kind = main.get("event_type") or ""
    country = _country(records)
    day = next((e.date.value for e in records if e.date is not None and e.date.value), None) or records[0].published
    own = _own_text(records)
    mentioned = groups_in_text(own, country, day, rules) or _in_document(text, country, day, rules)
    if not mentioned and not any(e.actor is not None for e in records):
        # nobody is the subject: state forces the text names by nationality ("Russian drones")
        victims = [e.target.text for e in records if e.target is not None]
        mentioned = state_forces_in_text(text if alone and text else own, country, rules, victims)
    (actor1, inter1), (actor2, inter2) = _sides(records, kind, country, rules, mentioned, main.get("sub_event_type"))
    actor1, actor2 = (air_unit(name, main.get("sub_event_type"), rules) for name in (actor1, actor2))
    codes = sorted(c for c in (inter1, inter2) if c)
    interaction = int(f"{codes[0]}{codes[1]}") if len(codes) == 2 else int(f"{codes[0]}0") if codes else None
    violent = kind in UNNAMED_VIOLENCE or kind in CROWD_TYPES
    return {
        "actor1": actor1, "assoc_actor_1": None, "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": None, "inter2": inter2,
        "interaction": interaction,
        "disorder_type": event_types(_files(rules, "acled_event_types")).disorder_type(kind, main.get("sub_event_type"))
        if kind else None,
        "civilian_targeting": "Civilian targeting" if violent and CIVILIANS in (inter2,) else None,
        "fatalities": _fatalities(records, kind, text if alone and text else own, rules.dead,
                                  _files(rules, "fatality_totals")),
    }


def _with_elided_targets(events: Sequence[Event]) -> list[Event]:
    """Give a bare number its noun from the clause before: "killed 8 insurgents and wounded 3"
    wounded 3 insurgents (the count stays the record's own)."""
    from .counts import parse_count

    out = list(events)
    for i, event in enumerate(events):
        target = event.target
        if target is None or target.type is not None or len(target.name.split()) != 1 \
                or parse_count(target.name.replace(",", "")) is None:
            continue
        earlier = next((e.target for e in reversed(out[:i]) if e.start == event.start and e.target is not None
                        and e.target.type is not None), None)
        if earlier is not None:
            out[i] = replace(event, target=replace(earlier, text=target.text))
    return out


def _builtin() -> Any:
    from ..rules.ruleset import builtin_rules

    return builtin_rules()


def code_incidents(events: Sequence[Event], rules: AcledRules, text: str = "") -> list[Event]:
    """Return ``events`` with ACLED names on their actors and targets, and each record's incident
    id and incident-level ACLED keys (records without an ACLED type keep ``acled`` null).
    ``text`` is the document's."""
    named = []
    document_country = _country(events)   # for records whose own place is unknown
    for event in _with_elided_targets(events):
        country = event.location.country if event.location is not None else document_country
        day = (event.date.value if event.date is not None else None) or event.published
        crowd_record = (event.acled or {}).get("event_type") in CROWD_TYPES
        named.append(replace(event, actor=_at_home(_named(event.actor, country, day, rules, event.sentence),
                                                   country, rules, crowd_record),
                             target=_at_home(_named(event.target, country, day, rules, event.sentence),
                                             country, rules)))
    named = _groups_named_before(named)
    # ACLED types that only the final actors, weapons and note tag decide (acled_types.py)
    ruleset = rules.source
    violent = (ruleset or _builtin()).types_where(lambda t: t.violent and t.family == "violence")
    named = tagged_note(weapon_means(crowd_violence(named, ruleset), ruleset), text, _files(rules, "acled_note_tags"))
    coded = list(named)
    # people on the move (the "movement" family of actions.jsonl) are not a side of the violence
    incidents = group_incidents(named, (ruleset or _builtin()).family("movement"))
    alone = sum(1 for group in incidents if named[group[0]].acled) == 1
    for group in incidents:
        records = [named[i] for i in group]
        records = _as_riots(_at_protest(records, text if alone else "", rules), text if alone else "", rules)
        records = _force_at_protest(records, text if alone else "", violent, rules)
        records = fought_back(records, text if alone else _own_text(records), rules)
        records = explosion_detail(records, text if alone else _own_text(records), ruleset)
        records = territory_in_battle(incident_type(records, main_type([e.acled for e in records]), ruleset), ruleset)
        shared = incident_fields(records, rules, text, alone) if records[0].acled else None
        for i, event in zip(group, records):
            acled = {**event.acled, **shared} if event.acled and shared else event.acled
            coded[i] = replace(event, incident=records[0].id, acled=acled)
    return coded


__all__ = ["CROWD_TYPES", "EventTypes", "code_incidents", "event_types", "group_incidents",
           "incident_fields", "main_type"]
