"""acled_types.py re-reads a record's ACLED type once its actor, target and incident are final.

A record's ACLED type is first chosen from its trigger's sentence (``events.acled_type``). Some
of what decides the type is only known later: the actor an outcome inherits from the sentence
before, the other records of its incident, the weapon a sentence names besides its verb, the
tag an ACLED-style note opens with. Each step below handles one class of notes and reads its
words and categories from the rule files (``actions.jsonl``, ``actor_classes.tsv``,
``acled_note_tags.tsv``), not from lists of its own.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..geo.names import fold
from ..model import Event
from ..rules import files_or_builtin, numbered_tsv

#: ACLED's event types of direct violence, which the steps below may refine.
DIRECT_VIOLENCE = frozenset({"Battles", "Violence against civilians"})
#: ACLED's event types of demonstrations (the crowd is the actor).
DEMONSTRATIONS = frozenset({"Protests", "Riots"})
EXPLOSIONS = "Explosions/Remote violence"


def _ruleset(source: Any) -> Any:
    if source is not None:
        return source
    from ..rules.ruleset import builtin_rules

    return builtin_rules()


# ---------------------------------------------------------------- notes that open with a tag


@lru_cache(maxsize=4)
def note_tags(files: tuple[Any, ...] = ()) -> dict[str, tuple[str, str, str | None]]:
    """Return ACLED's note tags (``rules/acled_note_tags.tsv``, or ``files``: the built-in one
    and the users'): folded tag -> (event type, sub-event type, our action type for a note that
    tells no event of ours, or None)."""
    return {fold(row[0]): (row[1], row[2], None if row[3] == "-" else row[3])
            for path in files_or_builtin(files, "acled_note_tags.tsv") for _, row in numbered_tsv(path, 4)}


_TAG = re.compile(r"^\s*([A-Z][\w /'-]{1,45}?)\s*:\s")


def tag_at_start(text: str, files: tuple[Any, ...] = ()) -> tuple[re.Match[str], tuple[str, str, str | None]] | None:
    """Return the tag a note opens with ("Looting: On 3 May ...") and what it names, or None."""
    found = _TAG.match(text or "")
    named = note_tags(files).get(fold(found.group(1))) if found else None
    return (found, named) if named else None


def opening_tag(text: str, files: tuple[Any, ...] = ()) -> tuple[str, str] | None:
    """Return the (event type, sub-event type) that the tag a note opens with names, or None."""
    found = tag_at_start(text, files)
    return found[1][:2] if found else None


def tagged_note(events: Sequence[Event], text: str, files: tuple[Any, ...] = ()) -> list[Event]:
    """Class "notes that open with ACLED's tag": ACLED's notes of strategic developments open
    with a tag naming the kind of development ("Weapons seizure:", "Movement of forces:",
    "Other:"); the note's records take the tag's type, whatever their verbs (shots fired in the
    air, fighters spotted, a curfew), records without an ACLED type (a meeting, a displacement)
    included."""
    tag = opening_tag(text, files)
    if tag is None:
        return list(events)
    typed = {"event_type": tag[0], "sub_event_type": tag[1]}
    return [replace(e, acled={**(e.acled or {}), **typed}) for e in events]


# ---------------------------------------------------------------- crowds


def crowd_violence(events: Sequence[Event], source: Any = None) -> list[Event]:
    """Class "violence by an unarmed crowd or by the state on demonstrators": an outcome whose
    actor is only known once the story is read ("farmers and herders clashed. Two people were
    killed") is re-read with the conditions of its own type (``actions.jsonl``) that test actors
    and targets only; a condition that makes it a demonstration event (riot, mob violence,
    excessive force against protesters) stands."""
    rules = _ruleset(source)
    out = []
    for event in events:
        out.append(event)
        acled = event.acled or {}
        atype = rules.action_type(event.action.type or "")
        if acled.get("event_type") not in DIRECT_VIOLENCE or atype is None or not atype.acled:
            continue
        for condition in rules.actions.conditions:
            if condition.name not in atype.acled or condition.words or condition.head_verbs \
                    or condition.paragraph_lemmas or not _roles_hold(condition, event, rules):
                continue
            event_type, sub = atype.acled[condition.name]
            if event_type in DEMONSTRATIONS:
                out[-1] = replace(event, acled={**acled, "event_type": event_type, "sub_event_type": sub})
            break
    return out


def _roles_hold(condition: Any, event: Event, rules: Any) -> bool:
    if not (condition.actor or condition.target):
        return False
    for names, who in ((condition.actor, event.actor), (condition.target, event.target)):
        kind = who.type if who is not None else None
        if names and not (("none" in names and kind is None) or any(rules.is_a(kind, n) for n in names)):
            return False
    return True


# ---------------------------------------------------------------- weapons


@lru_cache(maxsize=4)
def _explosive_weapons(source: Any) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The weapon words of the types ACLED codes as explosions or remote violence, most specific
    type first (``means_rank``), each with its type's name."""
    rules = _ruleset(source)
    kinds = sorted((t for t in rules.actions.types.values()
                    if t.weapons and t.acled and t.acled.get("default", ("",))[0] == EXPLOSIONS),
                   key=lambda t: t.means_rank or 99)
    return tuple((re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(t.weapons, key=len, reverse=True))
                             + r")s?\b", re.IGNORECASE), t.type) for t in kinds)


@lru_cache(maxsize=4)
def _direct_weapons(source: Any) -> re.Pattern[str] | None:
    """The weapon words of the types ACLED codes as direct violence by default (guns, rifles,
    "open fire")."""
    rules = _ruleset(source)
    words = {w for t in rules.actions.types.values() if t.weapons and t.acled
             and t.acled.get("default", ("",))[0] in DIRECT_VIOLENCE for w in t.weapons}
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")s?\b",
                      re.IGNORECASE)


@lru_cache(maxsize=4)
def _disrupting(source: Any) -> re.Pattern[str] | None:
    """Verbs that make a weapon harmless ("defused a mine", "seized explosives"): the head
    verbs of the conditions that code a disrupted weapon (``actions.jsonl``)."""
    rules = _ruleset(source)
    verbs = {v for c in rules.actions.conditions for v in c.head_verbs}
    if not verbs:
        return None
    stems = sorted({v[:-1] if v.endswith("e") else v for v in verbs}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*\b(?:\W+\w+){0,6}?\W+$", re.IGNORECASE)


def weapon_means(events: Sequence[Event], source: Any = None) -> list[Event]:
    """Class "remote violence told by its weapon, not its verb": "an explosive device went off,
    injuring two", "drones struck the town; two civilians were killed", "a suicide bomber
    killed one": an attack or outcome coded as direct violence whose sentence names the weapon
    of an explosion or of remote violence (``weapons`` of actions.jsonl) takes that type's ACLED
    type, unless the weapon was made harmless ("defused", "seized") or the sentence also names
    the fire of small arms (``weapons`` of the types ACLED codes as direct violence: "attacked
    the post with explosives and rifle fire" is fought face to face)."""
    rules = _ruleset(source)
    patterns, disrupting, direct = _explosive_weapons(source), _disrupting(source), _direct_weapons(source)
    out = []
    for event in events:
        acled = event.acled or {}
        found = None
        if acled.get("event_type") in DIRECT_VIOLENCE and not (direct and direct.search(event.sentence)):
            for pattern, kind in patterns:
                hit = pattern.search(event.sentence)
                if hit and not (disrupting and disrupting.search(event.sentence[:hit.start()])):
                    found = kind
                    break
        if found is None:
            out.append(event)
            continue
        table = rules.action_type(found).acled
        words = set(re.findall(r"\w+", event.sentence.lower()))
        event_type, sub = table["default"]
        for condition in rules.actions.conditions:
            if condition.name in table and condition.words and condition.words & words:
                event_type, sub = table[condition.name]
                break
        out.append(replace(event, acled={**acled, "event_type": event_type, "sub_event_type": sub}))
    return out


# ---------------------------------------------------------------- incidents


def incident_type(records: Sequence[Event], main: dict[str, Any] | None, source: Any = None) -> list[Event]:
    """Class "a toll told apart": an outcome (``"incident": "outcome"``: deaths, injuries) with
    neither actor nor target ("5 fatalities in total", "the clash left six dead") tells no more
    than its incident, and takes the incident's ACLED type."""
    if not main or not main.get("event_type"):
        return list(records)
    rules = _ruleset(source)
    typed = {"event_type": main["event_type"], "sub_event_type": main.get("sub_event_type")}

    def bare_outcome(event: Event) -> bool:
        atype = rules.action_type(event.action.type or "")
        return bool(event.acled) and event.actor is None and event.target is None \
            and atype is not None and atype.is_outcome

    return [replace(e, acled={**e.acled, **typed}) if bare_outcome(e) else e for e in records]





def territory_in_battle(records: Sequence[Event], source: Any = None) -> list[Event]:
    """Class "a battle that changes who holds a place": ACLED codes a clash in which one side
    takes the village or base as the territory change (troops who fight rebels and then hold
    the rebels' town make a "Government regains territory"). The battle
    records of an incident that also tells a territory change of a battle (the ACLED types of
    the territory family of actions.jsonl) take its sub-event type."""
    rules = _ruleset(source)
    changes = {pair for name in rules.family("territory") for pair in
               ((rules.action_type(name).acled or {}).values()) if pair[0] == "Battles"}
    told = next(((e.acled["event_type"], e.acled["sub_event_type"]) for e in records if e.acled
                 and e.action.type in rules.family("territory")
                 and (e.acled.get("event_type"), e.acled.get("sub_event_type")) in changes), None)
    if told is None:
        return list(records)
    return [replace(e, acled={**e.acled, "sub_event_type": told[1]})
            if e.acled and e.acled.get("event_type") == told[0] else e for e in records]


#: ACLED's event types whose sub-event type the words of the whole incident may tell.
WORDS_OF_INCIDENT = frozenset({EXPLOSIONS, "Violence against civilians"})


def explosion_detail(records: Sequence[Event], text: str, source: Any = None) -> list[Event]:
    """Class "an explosion or an assault told over several sentences": the word that makes a
    bombing a suicide bomb or a grenade ("a device was thrown at the office. Four people were
    injured"), or an attack sexual violence ("abducted a woman ... she was raped"), may stand in
    another sentence of the incident than the record's; the word conditions of the type that
    gave the record its ACLED type (``actions.jsonl``) are read on the incident's text."""
    rules = _ruleset(source)
    words = set(re.findall(r"\w+", text.lower()))
    out = list(records)
    for k, event in enumerate(records):
        acled = event.acled or {}
        if acled.get("event_type") not in WORDS_OF_INCIDENT:
            continue
        for atype in rules.actions.types.values():
            table = atype.acled or {}
            if table.get("default") != (acled.get("event_type"), acled.get("sub_event_type")):
                continue
            for condition in rules.actions.conditions:
                if condition.name in table and condition.words and not (condition.actor or condition.target) \
                        and condition.words & words:
                    event_type, sub = table[condition.name]
                    out[k] = replace(event, acled={**acled, "event_type": event_type, "sub_event_type": sub})
                    break
            break
    return out


#: ACLED's type of a fight between two armed sides.
ARMED_CLASH = ("Battles", "Armed clash")
ATTACK = ("Violence against civilians", "Attack")


@lru_cache(maxsize=4)
def battle_cues(files: tuple[Any, ...] = (), defence: frozenset[str] | None = None) -> tuple[re.Pattern[str], ...]:
    """Return the acts that tell an attacked side fought back (``rules/acled_battle_cues.tsv``,
    or ``files``: the built-in one and the users'; and the verbs of defence of ``rules/means.tsv``,
    or ``defence``: the RuleSet's)."""
    from .agents import defence_lemmas

    cues = [re.compile(row[0], re.IGNORECASE)
            for path in files_or_builtin(files, "acled_battle_cues.tsv") for _, row in numbered_tsv(path, 2)]
    defence = defence_lemmas() if defence is None else defence
    stems = sorted({w[:-1] if w.endswith("e") else w for w in defence if " " not in w}, key=len, reverse=True)
    if stems:
        cues.append(re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")(?:s|ed|d|ing|led|ling)?\b", re.IGNORECASE))
    return tuple(cues)


def fought_back(records: Sequence[Event], text: str, rules: Any = None) -> list[Event]:
    """Class "an attack met by armed defence": an attack coded as violence against civilians
    in an incident that also tells a battle (a record coded as an armed clash) or that the
    attacked fought back ("the attack was repelled by the militia", "exchanged gunfire", "the
    village self-defence group responded to the attack") is a battle, as ACLED codes it."""
    pairs = [(e.acled.get("event_type"), e.acled.get("sub_event_type")) for e in records if e.acled]
    if ATTACK not in pairs:
        return list(records)
    if ARMED_CLASH not in pairs and not any(cue.search(text) for cue in _battle_cues_of(rules)):
        return list(records)
    return [replace(e, acled={**e.acled, "event_type": ARMED_CLASH[0], "sub_event_type": ARMED_CLASH[1]})
            if e.acled and (e.acled.get("event_type"), e.acled.get("sub_event_type")) == ATTACK else e
            for e in records]


def _battle_cues_of(rules: Any) -> tuple[re.Pattern[str], ...]:
    """The battle cues of ``rules`` (AcledRules: its users' files and its RuleSet's defence verbs)."""
    source = getattr(rules, "source", None)
    means = getattr(source, "means", None)
    return battle_cues(getattr(rules, "files", {}).get("acled_battle_cues", ()),
                       frozenset(means["defence"]) if means else None)


__all__ = ["battle_cues", "crowd_violence", "explosion_detail", "fought_back", "incident_type", "note_tags", "opening_tag",
           "tagged_note", "territory_in_battle", "weapon_means"]
