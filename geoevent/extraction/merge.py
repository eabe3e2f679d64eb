"""merge.py joins the mentions of one event within a document into one record.

News repeats itself: "46 Afghan soldiers took refuge in Pakistan" and, paragraphs later,
"... requested refuge and safe passage for 46 soldiers ... opposite Arundu Sector, Chitral".
Two records with the same action type and the same count, whose actors do not disagree, are one
event: the merged record keeps the first sentence, the most specific place and date, and lists
every evidence sentence in ``mentions``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..model import Actor, Event, Place, When
from .actions import Trigger

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.ruleset import RuleSet

PLACE_RANK = {"place": 3, "admin2": 2.5, "admin1": 2, "country": 1, "region": 0.5}
DATE_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}


# ---------------------------------------------------------------- within a sentence


#: Brackets that hold an aside: what they tell is another event than the sentence's own.
OPEN_BRACKETS, CLOSE_BRACKETS = frozenset("([{"), frozenset(")]}")
#: Subordinators of a clause that tells an event of another time than its main clause's.
OTHER_TIME = frozenset({"after", "before", "since", "until", "following"})


def _aside(token: Token) -> bool:
    """True for a word inside brackets ("the mayor [killed in an ambush last week]")."""
    depth = 0
    for word in token.sent[:token.i - token.sent.start]:
        depth += word.text in OPEN_BRACKETS
        depth -= word.text in CLOSE_BRACKETS and depth > 0
    return depth > 0


def _other_time(trigger: Trigger, means: Sequence[Trigger]) -> bool:
    """True for an outcome told in a clause of another time under a means of the sentence:
    "youths torched the station after a suspect died in custody" (the death came first)."""
    heads = {m.token.i for m in means}
    token = trigger.token
    while token.head.i != token.i:
        if token.dep_ == "advcl" and token.head.i in heads \
                and any(c.lower_ in OTHER_TIME and c.dep_ in ("mark", "prep") for c in token.children):
            return True
        token = token.head
    return False


def one_incident(triggers: list[Trigger]) -> list[Trigger]:
    """Return a sentence's triggers with the means of one incident folded into its outcome;
    the triggers of an aside in brackets are an incident of their own (class "bracketed
    asides": "the sons of the mayor [killed in an ambush] assaulted a councillor")."""
    inside = [t for t in triggers if _aside(t.token)]
    if not inside or len(inside) == len(triggers):
        return _one_incident(triggers)
    kept = _one_incident([t for t in triggers if t not in inside]) + _one_incident(inside)
    return sorted(kept, key=lambda t: t.token.i)


def _one_incident(triggers: list[Trigger]) -> list[Trigger]:
    """Return a sentence's triggers with the means of one incident folded into its outcome.

    News reports one incident with several violence words: "an air strike hit a market,
    killing dozens"; "bandits attacked Anka and killed 30". The outcomes (kill, injure: types
    with ``"incident": "outcome"``) are the events, each carrying the means as
    ``Trigger.means`` for its ACLED type; without an outcome, the most specific means (lowest
    ``means_rank``) stands for the incident ("repelled the assault after an exchange of fire").
    """
    # a verb that is a means only for some actors ("forces struck", not "militants struck") is
    # no means until its actor is checked: it stays a trigger of its own, and gives way to a
    # means of another type the sentence names ("a missile struck a building" is the missile's
    # shelling): classes "strikes told by the verb alone" and "whippings as punishment" of
    # rules/actions_recall.jsonl
    means = [t for t in triggers if t.action_type.is_means and not t.negated and not t.requires]
    if not means:
        return triggers
    triggers = [t for t in triggers if not (t.requires and t.action_type.is_means
                                            and any(m.action_type != t.action_type for m in means))]
    # of means of one rank, a verb stands for the incident before a noun: in "an IED exploded
    # near the market" the verb holds the clause's place and date, the noun only the weapon
    best = min(means, key=lambda t: (t.action_type.means_rank, t.kind != "verb"))
    # an outcome of another time ("after a suspect died") is no outcome of the sentence's means
    outcomes = [t for t in triggers if t.action_type.is_outcome and not t.negated and not _other_time(t, means)]
    kept: list[Trigger] = []
    for trigger in triggers:
        if trigger in means:
            if outcomes or trigger is not best:
                continue
        elif trigger in outcomes:
            trigger = replace(trigger, means=best.action_type, means_token=best.token)
        kept.append(trigger)
    return kept


#: Determiners that make an event noun point back to an event already reported ("the attack").
ANAPHORIC = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her"})


def told_before(trigger: Trigger, events: Sequence[Event], rules: RuleSet) -> Event | None:
    """The earlier event a definite event noun points back to ("the attack", "the fighting"),
    if the document has reported one of the same kind (one incident's means and outcomes
    count as one kind)."""
    if trigger.kind != "noun" or not any(c.dep_ in ("det", "poss") and c.lower_ in ANAPHORIC for c in trigger.token.children):
        return None
    kind = trigger.action_type
    for event in events:
        same = event.action.type == kind.type or (kind.is_means and _in_incident(event.action.type, rules))
        if same and event.start < trigger.token.sent.start_char:
            return event
    return None


def _in_incident(name: str, rules: RuleSet) -> bool:
    """True for the types one incident is told with: its means and its outcomes."""
    found = rules.action_type(name)
    return found is not None and found.incident is not None


# ---------------------------------------------------------------- headlines


def is_headline(text: str, start: int, end: int, zone: int) -> bool:
    """True for a line within ``zone`` characters of the top that has no final full stop."""
    if start > zone:
        return False
    line = text[start:end].rstrip()
    whole_line = (start == 0 or text[start - 1] == "\n") and (end >= len(text) or text[end:end + 1] in ("\n", ""))
    return whole_line and bool(line) and not line.endswith((".", "!", "?", '"', "\u201d", "'", ":"))


def fold_headlines(events: list[Event], text: str, zone: int) -> list[Event]:
    """Fold a headline's events into the story's own report of them ("Gunmen kill 12 in
    Zamfara" then "Gunmen on motorcycles killed 12 villagers ..."): same type, same country."""
    kept = list(events)
    for event in events:
        if not is_headline(text, event.start, event.end, zone):
            continue
        story = next((e for e in kept if e.start > event.end and e.action.type == event.action.type
                      and _same_country(e.location, event.location)), None)
        if story is not None:
            kept[kept.index(story)] = replace(story, mentions=event.mentions + story.mentions)
            kept.remove(event)
    return kept


def _same_country(a: Place | None, b: Place | None) -> bool:
    return a is None or b is None or a.country is None or b.country is None or a.country == b.country


# ---------------------------------------------------------------- across the document


def merge_events(events: Sequence[Event], rules: RuleSet) -> list[Event]:
    """Return ``events`` with repeated mentions of one event merged, in first-mention order."""
    step = rules.settings.value("confidence", "per_mention")
    cap = rules.settings.value("confidence", "cap")
    merged: list[Event] = []
    for event in events:
        for k, kept in enumerate(merged):
            if same_event(kept, event):
                merged[k] = _join(kept, event, step, cap)
                break
        else:
            merged.append(event)
    return _fold_incidents(merged, rules)


def _fold_incidents(events: list[Event], rules: RuleSet) -> list[Event]:
    """Fold the sentences that tell one incident by its means ("militants attacked a base",
    "the soldiers repelled the assault after an exchange of fire") into the record of its
    outcome ("4 militants were killed"), else into the first means: same place, same day."""
    events = list(events)
    folded: set[int] = set()
    kinds = {e.action.type: rules.action_type(e.action.type) for e in events}
    for i, event in enumerate(events):
        kind = kinds[event.action.type]
        if kind is None or event.count is not None or event.action.negated:
            continue
        if not kind.is_means:
            host = _dispersed(events, i, kinds, folded, rules)
            if host is not None:
                events[host] = _absorb(events[host], event)
                folded.add(i)
            continue
        candidates = [j for j in range(len(events))
                      if j != i and j not in folded and _same_incident(events[j], event, kinds)]
        outcome = [j for j in candidates if kinds[events[j].action.type] and kinds[events[j].action.type].is_outcome]
        earlier = [j for j in candidates if j < i]
        host = outcome[0] if outcome else earlier[0] if earlier else None
        if host is not None:
            events[host] = _absorb(events[host], event)
            folded.add(i)
    return [e for i, e in enumerate(events) if i not in folded]


#: ACLED's event types of demonstrations (a riot's clash with the police that fired tear gas is the riot).
DEMONSTRATIONS = frozenset({"Protests", "Riots"})


def _dispersed(events: Sequence[Event], i: int, kinds: dict, folded: set[int], rules: RuleSet) -> int | None:
    """Class "a demonstration and its dispersal": crowd control typed as a protest with
    intervention ("security forces fired tear gas to disperse them") told beside the
    demonstration it stopped (same day and place: a protest, or a demonstration's clash with the
    police) is that demonstration's event, as ACLED codes one event for both; the index of the
    demonstration's record, or None. Shots told beside the tear gas are force, which stays a
    record of its own (incidents.py codes it)."""
    from .incidents import PROTEST_WITH_INTERVENTION, small_arms_fire

    event = events[i]
    with_intervention = PROTEST_WITH_INTERVENTION["sub_event_type"]
    if (event.acled or {}).get("sub_event_type") != with_intervention or small_arms_fire(rules).search(event.sentence):
        return None
    for j, host in enumerate(events):
        kind = kinds[host.action.type]
        demonstration = kind is not None and (kind.family == "protest" or (
            (host.acled or {}).get("event_type") in DEMONSTRATIONS and not kind.is_outcome))
        if j == i or j in folded or not demonstration or host.action.negated \
                or (host.acled or {}).get("sub_event_type") == with_intervention and j > i:
            continue
        days = [e.date.value for e in (host, event) if e.date is not None and e.date.value]
        if (len(days) < 2 or days[0] == days[1]) and _compatible_place(host.location, event.location):
            return j
    return None


def _same_incident(host: Event, event: Event, kinds: dict) -> bool:
    host_kind, kind = kinds[host.action.type], kinds[event.action.type]
    if host_kind is None or host_kind.incident is None or host.action.negated:
        return False
    same_day = host.date is not None and event.date is not None and host.date.value is not None \
        and host.date.value == event.date.value and host.date.precision == "day"
    # a clash has two sides; other violence by another actor is another incident (an air strike
    # by the coalition is not the Houthis' missile attack of the same day)
    sides_agree = host_kind.two_sided or (kind is not None and kind.two_sided) or _compatible_actor(host.actor, event.actor)
    return same_day and host.location is not None and _same_place(host.location, event.location) and sides_agree


def _absorb(host: Event, event: Event) -> Event:
    mentions = host.mentions + tuple(m for m in event.mentions if m not in host.mentions)
    return replace(host, actor=host.actor or event.actor, target=host.target or event.target,
                   acled=host.acled or event.acled, mentions=mentions)


def same_event(a: Event, b: Event) -> bool:
    """True when ``a`` and ``b`` are two mentions of one event."""
    if a.action.type != b.action.type or a.action.negated != b.action.negated:
        return False
    if a.start == b.start:
        # one sentence, one type, one place: a repeated trigger ("an IED exploded ... the blast");
        # but "killed a man and his wife": two counted groups of one trigger are two records
        if a.count is not None and b.count is not None and a.target is not None and b.target is not None \
                and a.target.text != b.target.text and a.action.text == b.action.text:
            return False
        return _same_place(a.location, b.location) and (a.count is None or b.count is None or _same_count(a, b))
    if a.count is None or b.count is None or not _same_count(a, b):
        return False
    if not _compatible_actor(a.actor, b.actor):
        return False
    return _compatible_place(a.location, b.location)


def _same_count(a: Event, b: Event) -> bool:
    if a.count is None or b.count is None:
        return a.count is None and b.count is None
    return a.count.value == b.count.value


def _compatible_actor(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.type and b.type and a.type != b.type:
        return False
    return True


def _same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.geonameid, a.name) == (b.geonameid, b.name)


def _compatible_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if _rank(a) == _rank(b) == PLACE_RANK["place"] and not _same_place(a, b):
        return False
    return True


def _rank(place: Place | None) -> int:
    return PLACE_RANK.get(place.precision or "", 0) if place else 0


def _more_specific_place(a: Place | None, b: Place | None) -> Place | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if _rank(b) > _rank(a) else a


def _more_specific_date(a: When | None, b: When | None) -> When | None:
    if a is None or a.value is None:
        return b if b is not None and b.value is not None else a
    if b is None or b.value is None:
        return a
    return b if DATE_RANK.get(b.precision or "", 0) > DATE_RANK.get(a.precision or "", 0) else a


def _join(kept: Event, new: Event, step: float, cap: float) -> Event:
    mentions = kept.mentions + tuple(m for m in new.mentions if m not in kept.mentions)
    location = _more_specific_place(kept.location, new.location)
    return replace(
        kept,
        actor=kept.actor or new.actor,
        target=kept.target or new.target,
        count=kept.count or new.count,
        location=location,
        date=_more_specific_date(kept.date, new.date),
        confidence=round(min(cap, max(kept.confidence, new.confidence) + step), 2),
        acled=kept.acled or new.acled,
        mentions=mentions,
    )
