"""events.py assembles events from a parsed Doc: trigger -> actor, target, count, place, date.

Pure functions over a spaCy ``Doc``: the resources they read (lexicons, gazetteer) come in an
:class:`EventRules` bundle, so tests can inject small ones.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from ..io.clutter import is_clutter
from ..model import Action, Actor, Count, Event, Mention, Place, When
from .actions import MEANS, OUTCOMES, ActionLexicon, Trigger, has_number, is_irrealis, modality, negation
from .roles import count_of, find_counts, find_roles
from .where import Located, find_places_for

ARMED = frozenset({"military", "police", "rebels", "militia", "unidentified_armed_group", "criminal"})
STATE = frozenset({"military", "police", "government"})
NON_STATE_ARMED = frozenset({"rebels", "militia", "unidentified_armed_group"})
UNARMED = frozenset({"civilians", "protesters", "refugees", "media", "journalists", "business"})


@dataclass(frozen=True)
class DocContext:
    """What an extraction knows about the whole document."""

    doc_id: str
    places: tuple[Located, ...] = ()
    main_place: Place | None = None
    dates: tuple = ()                 # geoevent.extraction.dates.DateMention
    published: date | None = None
    published_source: str | None = None
    skip: tuple[tuple[int, int], ...] = ()   # character ranges of page clutter


class EventRules:
    """The resources extraction reads: actions, actors, counts, dates and places."""

    def __init__(self, actions: ActionLexicon, actors=None):
        self.actions = actions
        self.actors = actors


# ---------------------------------------------------------------- roles


# ---------------------------------------------------------------- places


#: Types where "a man was killed" is a count of one.
PERSON_COUNT_TYPES = frozenset({"kill", "injure", "abduct", "arrest", "sexual_violence"})


# ---------------------------------------------------------------- counts


# ---------------------------------------------------------------- ACLED


def acled_type(trigger: Trigger, actor: Actor | None, target: Actor | None, sent: Span) -> dict[str, str] | None:
    """Map an event to ACLED's (event_type, sub_event_type), using who did what to whom."""
    rules = (trigger.means or trigger.action_type).acled or trigger.action_type.acled
    if not rules:
        return None
    words = {t.lower_ for t in sent}
    keys: list[str] = []
    if "suicide" in words or "suicide" in trigger.lemma:
        keys.append("suicide")
    if "grenade" in words or "grenades" in words:
        keys.append("grenade")
    target_type = target.type if target else None
    actor_type = actor.type if actor else None
    if actor_type in ("protesters", "rioters", "civilians"):
        keys.append("by_protesters")
    if target_type in UNARMED:
        keys.append("vs_civilians")
    elif target_type in ARMED and (actor_type is None or actor_type in ARMED):
        keys.append("vs_armed")
    if actor_type in STATE:
        keys.append("by_state")
    elif actor_type in NON_STATE_ARMED:
        keys.append("by_rebels")
    keys.append("default")
    for key in keys:
        if key in rules:
            event_type, sub = rules[key]
            if trigger.action_type.type == "protest" and any(w in words for w in ("tear", "teargas", "arrested", "dispersed", "detained")):
                sub = "Protest with intervention"
            return {"event_type": event_type, "sub_event_type": sub}
    return None


# ---------------------------------------------------------------- assembly


def _describe(token: Token | None, rules: EventRules) -> Actor | None:
    from .actors import describe_actor

    if token is None:
        return None
    return describe_actor(token, rules.actors)


def _confidence(actor: Actor | None, count: Count | None, place_how: str, when: When | None, trigger: Trigger) -> float:
    score = 0.4
    score += 0.2 if actor is not None else 0.0
    score += {"prep": 0.15, "clause": 0.12, "sentence": 0.08, "document": 0.03}.get(place_how, 0.0)
    score += 0.1 if count is not None else 0.0
    score += 0.1 if when is not None else 0.0
    if trigger.modality == "possible":
        score *= 0.7
    return round(min(score, 0.95), 2)


#: Determiners that make an event noun point back to an event already reported ("the attack").
ANAPHORIC = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her"})


def one_incident(triggers: list[Trigger]) -> list[Trigger]:
    """Return a sentence's triggers with the means of one incident folded into its outcome.

    News reports one incident with several violence words: "an air strike hit a market,
    killing dozens"; "bandits attacked Anka and killed 30". The outcomes (kill, injure) are
    the events, each carrying the means as ``Trigger.means`` for its ACLED type; without an
    outcome, the most specific means stands for the incident ("repelled the assault after an
    exchange of fire").
    """
    means = [t for t in triggers if t.action_type.type in MEANS and not t.negated]
    if not means:
        return triggers
    best = min(means, key=lambda t: MEANS.index(t.action_type.type))
    outcomes = [t for t in triggers if t.action_type.type in OUTCOMES and not t.negated]
    kept: list[Trigger] = []
    for trigger in triggers:
        if trigger in means:
            if outcomes or trigger is not best:
                continue
        elif trigger in outcomes:
            trigger = replace(trigger, means=best.action_type)
        kept.append(trigger)
    return kept


def iter_drafts(doc: Doc, ctx: DocContext, rules: EventRules) -> Iterator[tuple[Span, Trigger, Token | None, Token | None]]:
    """Yield (sentence, trigger, actor token, target token) for every realis trigger of the doc."""
    for sent in doc.sents:
        if ctx.skip and is_clutter(ctx.skip, sent.start_char, sent.end_char):
            continue
        triggers = [
            replace(t, negated=negation(t.token), modality=modality(t.token))
            for t in rules.actions.find_triggers(sent) if not is_irrealis(t.token)
        ]
        for trigger in one_incident(triggers):
            actor, target = find_roles(trigger)
            yield sent, trigger, actor, target


def _place_at(token: Token | None, ctx: DocContext) -> Located | None:
    if token is None:
        return None
    for p in ctx.places:
        if p.start <= token.i < p.end:
            return p
    return None


def _not_places(actor: Token | None, target: Token | None, ctx: DocContext) -> tuple[Token | None, Token | None]:
    """Drop roles that are places, not participants: a town is no actor ("Chitral requested"),
    and "fled into Tajikistan" has a destination, not a target. Countries may act ("Pakistan
    said") and be attacked ("Russia attacked Ukraine")."""
    place = _place_at(actor, ctx)
    if place is not None and place.place.precision != "country":
        actor = None
    place = _place_at(target, ctx)
    if place is not None and (place.place.precision != "country" or target.dep_ == "pobj"):
        target = None
    return actor, target


#: Events dated more than this before the publication date are background.
BACKGROUND = timedelta(days=365)
VIOLENCE = frozenset({"kill", "injure", "attack", "armed_clash", "destroy_property", "capture_territory", "abduct"})
#: Actor types that, named without a nationality, belong to the country where they act (ACLED's
#: "Military Forces of Nigeria", "Protesters (Kenya)").
DOMESTIC = frozenset({
    "military", "police", "government", "rebels", "militia", "unidentified_armed_group",
    "criminal", "civilians", "protesters", "rioters", "refugees", "political_party", "judiciary",
})


#: Who can be a party to violence, as actor or as victim.
VIOLENT_ACTORS = ARMED | frozenset({"rioters", "protesters"})
VICTIMS = ARMED | UNARMED | frozenset({"rioters", "refugees", "government", "political_party", "judiciary"})
#: Actors that, attacking with no victim named, are speaking, not shooting: "Labour attacked
#: the plans", "Senator Kerry attacked Bush's record", "the Lib Dems will fight".
TALKERS = frozenset({"government", "political_party", "business", "media", "judiciary", "international_organisation"})


def _has_evidence(actor: Actor | None, target: Token | None, trigger: Trigger, place_how: str, rules: EventRules) -> bool:
    """True when a violence trigger is about people or places, not a metaphor or a game: an
    armed actor, a victim who is a person or group, a count, or (with no actor, or an actor of
    unknown kind) a place the trigger itself governs ("an attack in Kabul")."""
    if actor is not None and actor.type in VIOLENT_ACTORS:
        return True
    victim = _describe(target, rules) if target is not None else None
    talker = actor is not None and actor.type in TALKERS
    # a politician who "attacked the President's record" hits no person: only people count then
    if victim is not None and victim.type in (ARMED | UNARMED if talker else VICTIMS):
        return True
    if (target is not None and count_of(target) is not None) or has_number(trigger.token):
        return True
    if talker:
        return False
    return place_how == "prep"


def _with_country(actor: Actor | None, place: Place | None) -> Actor | None:
    """An actor named without a nationality takes the country of the event's place (on our
    gold set this is right far more often than not, the document's main place included)."""
    if actor is None or actor.country or actor.type not in DOMESTIC or place is None or not place.country:
        return actor
    return replace(actor, country=place.country)


#: Who turns an attack into a riot: a crowd's violence is a violent demonstration (ACLED).
CROWDS = frozenset({"protesters", "rioters"})


def _as_riot(trigger: Trigger, actor: Actor | None, rules: EventRules) -> Trigger:
    """Type the violence of protesters and mobs ("protesters set fire to the offices") as a riot."""
    riot = rules.actions.types.get("riot")
    if riot is None or actor is None or actor.type not in CROWDS:
        return trigger
    if trigger.action_type.type in ("attack", "destroy_property"):
        return replace(trigger, action_type=riot)
    return trigger


#: Date phrases that point to the day of the event told before: "was attacked the same day".
SAME_DAY = frozenset({"the same day", "that day", "the same night", "that night", "on the same day", "on that day", "same day"})
#: Entities that may act in diplomacy without a typed head noun: "Qin held talks", "China signed".
NAMED_ACTORS = frozenset({"PERSON", "GPE", "NORP"})
#: Causes that make a death an event: "died in the attack", "died of their wounds".
DEATH_CAUSES = frozenset({"wound", "wounds", "injury", "injuries", "gunshot", "violence", "crash", "stampede"})


def _violent_death(trigger: Trigger, victim: Token | None, rules: EventRules) -> bool:
    """True when "died" reports a killing or a disaster toll: a number of dead ("12 people
    died") or a violent cause ("died in the clashes", "died of gunshot wounds")."""
    if victim is not None and count_of(victim) is not None and victim.tag_ in ("NNS", "NNPS", "CD"):
        return True
    for t in trigger.token.subtree:
        lemma = t.lemma_.lower()
        if t.dep_ == "pobj" and (lemma in DEATH_CAUSES or rules.actions.is_event_noun(lemma)):
            return True
    return False


#: Verbs of saying: "the RSF said they had taken control of Wad Madani".
SPEECH_VERBS = frozenset({"say", "tell", "announce", "claim", "report", "confirm", "add", "state", "insist", "deny"})
PRONOUNS = frozenset({"they", "it", "we", "he", "she", "its", "their", "our", "his", "her"})


def _speaker(token: Token) -> Token | None:
    """The subject of the verb of saying whose complement holds ``token``, if not a pronoun."""
    head = token
    for _ in range(6):
        if head.dep_ == "ccomp" and head.head.lemma_.lower() in SPEECH_VERBS:
            subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ != "PRON":
                return subject
            return None
        if head.head == head:
            return None
        head = head.head
    return None


def _speaker_for_pronoun(actor: Actor | None, token: Token | None, rules: EventRules) -> Actor | None:
    """Resolve "they"/"its forces" to who is speaking: "Sudan's RSF said they had taken
    control" is the RSF's act; "Russia's defence ministry said its forces had taken" Russia's."""
    if actor is None or token is None:
        return actor
    pronoun = token.lower_ in PRONOUNS and token.pos_ == "PRON"
    possessed = any(c.dep_ == "poss" and c.lower_ in PRONOUNS for c in token.children)
    if not (pronoun or possessed):
        return actor
    speaker = _speaker(token)
    if speaker is None:
        return None if pronoun else actor
    said_by = _describe(speaker, rules)
    if said_by is None:
        return None if pronoun else actor
    if pronoun:
        return replace(said_by, text=token.text)
    return replace(actor, country=actor.country or said_by.country)


def _earlier_actor(token: Token | None, events: Sequence[Event]) -> Actor | None:
    """For "they"/"it" with no speaker in the sentence: the actor of the event before."""
    if token is None or token.lower_ not in ("they", "it") or not events:
        return None
    earlier = events[-1].actor
    return replace(earlier, text=token.text) if earlier is not None else None


def _behind_the_weapon(actor: Token | None, rules: EventRules) -> Token | None:
    """"An IED planted by Al Shabaab detonated": the one behind the weapon is the actor."""
    if actor is None or not rules.actions.is_event_noun(actor.lemma_.lower()):
        return actor
    for clause in actor.children:
        if clause.dep_ == "acl":
            for child in clause.children:
                if child.dep_ == "agent":
                    behind = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if behind is not None:
                        return behind
    return actor


def _date_of_cause(trigger: Trigger, dates: Sequence) -> When | None:
    """The date of what a toll counts: "the death toll from the earthquake that struck late on
    Friday rose to 2,012 on Sunday" is Friday's, not the day the figure was given."""
    if trigger.lemma not in ("death toll", "toll") or not dates:
        return None
    for child in trigger.token.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "of", "in"):
            cause = next((c for c in child.children if c.dep_ == "pobj"), None)
            if cause is None:
                continue
            left, right = cause.left_edge.i, cause.right_edge.i
            for mention in dates:
                if left <= mention.start and mention.end <= right + 1 and mention.when.value:
                    return mention.when
    return None


def _state_forces(actor: Actor | None, token: Token | None, trigger: Trigger) -> Actor | None:
    """"A Ukrainian drone attack", "Israeli air strikes": a nationality on a weapon or an
    attack names a state's forces, not its civilians."""
    if actor is None or token is None or trigger.kind != "noun" or token.head != trigger.token:
        return actor
    weapon = trigger.action_type.type in ("bombing", "air_strike", "shelling")
    nationality = token.dep_ == "amod" and token.ent_type_ == "NORP" and trigger.action_type.type == "attack"
    if (weapon or nationality) and token.dep_ in ("amod", "compound") and token.ent_type_ in ("NORP", "GPE") \
            and actor.country and actor.type in (None, "civilians", "government"):
        return replace(actor, type="military")
    return actor


def _carried_date(events: Sequence[Event]) -> When | None:
    """The date of the latest dated event so far, marked as carried (day precision only)."""
    for event in reversed(events):
        if event.date is not None and event.date.value and event.date.precision == "day":
            return replace(event.date, carried=True)
    return None


def _as_seizure_of_person(trigger: Trigger, actor: Actor | None, target: Token | None,
                          ctx: DocContext, rules: EventRules) -> Trigger:
    """"Security forces captured Ovidio Guzman": taking a person is an arrest (by the state) or
    an abduction (by anyone else), not a capture of territory."""
    if trigger.action_type.type != "capture_territory" or target is None or _place_at(target, ctx) is not None:
        return trigger
    described = _describe(target, rules)
    is_person = target.ent_type_ == "PERSON" or (described is not None and described.type is not None)
    if not is_person:
        return trigger
    kind = "arrest" if actor is not None and actor.type in STATE else "abduct"
    new_type = rules.actions.types.get(kind)
    return replace(trigger, action_type=new_type) if new_type is not None else trigger


def _referent(trigger: Trigger, events: Sequence[Event]) -> Event | None:
    """The earlier event a definite event noun points back to ("the attack", "the fighting"),
    if the document has reported one of the same kind (violence counts as one kind)."""
    if trigger.kind != "noun" or not any(c.dep_ in ("det", "poss") and c.lower_ in ANAPHORIC for c in trigger.token.children):
        return None
    kind = trigger.action_type.type
    family = set(MEANS) | set(OUTCOMES) if kind in MEANS else {kind}
    for event in events:
        if event.action.type in family and event.start < trigger.token.sent.start_char:
            return event
    return None


HEADLINE_ZONE = 600   # characters from the top where a headline may stand


def is_headline(text: str, start: int, end: int) -> bool:
    """True for a line near the top that has no final full stop: a headline or a title."""
    if start > HEADLINE_ZONE:
        return False
    line = text[start:end].rstrip()
    whole_line = (start == 0 or text[start - 1] == "\n") and (end >= len(text) or text[end:end + 1] in ("\n", ""))
    return whole_line and bool(line) and not line.endswith((".", "!", "?", '"', "\u201d", "'", ":"))


def fold_headlines(events: list[Event], text: str) -> list[Event]:
    """Fold a headline's events into the story's own report of them ("Gunmen kill 12 in
    Zamfara" then "Gunmen on motorcycles killed 12 villagers ..."): same type, same country."""
    kept = list(events)
    for event in events:
        if not is_headline(text, event.start, event.end):
            continue
        story = next((e for e in kept if e.start > event.end and e.action.type == event.action.type
                      and _same_country(e.location, event.location)), None)
        if story is not None:
            kept[kept.index(story)] = replace(story, mentions=event.mentions + story.mentions)
            kept.remove(event)
    return kept


def _same_country(a: Place | None, b: Place | None) -> bool:
    return a is None or b is None or a.country is None or b.country is None or a.country == b.country


def _is_news(trigger: Trigger, actor: Actor | None, target: Token | None, when: When | None,
             place_how: str, published: date | None, rules: EventRules, counted: bool = False) -> bool:
    """False for what an analyst would not code as an event of this article."""
    if trigger.kind == "noun" and actor is None and target is None and place_how == "document" \
            and (when is None or when.value is None) and not has_number(trigger.token):
        return False   # a bare event noun ("funding the unrest"): nothing to code
    if when is not None and when.value and published is not None:
        if when.value > published.isoformat():
            return False   # after the publication date: announced or planned, not an event yet
        long_ago = (published - BACKGROUND).isoformat()
        if not when.carried and ((when.end or when.value) < long_ago
                                 or (when.value < long_ago and when.precision in ("month", "year"))):
            return False   # "the 1994 genocide", "has killed 40,000 since 1969": background
    if trigger.action_type.type in VIOLENCE and not counted \
            and not _has_evidence(actor, target, trigger, place_how, rules):
        return False   # "we attacked from the first ball": no armed actor, victim, count or place
    return True


def extract_events(doc: Doc, ctx: DocContext, rules: EventRules) -> list[Event]:
    """Return the events of a parsed document, one record per (trigger, group, place)."""
    from .dates import date_for_trigger

    events: list[Event] = []
    name = ctx.doc_id.rsplit("/", 1)[-1] or ctx.doc_id
    published = ctx.published.isoformat() if ctx.published else None
    for sent, trigger, actor_tok, target_tok in iter_drafts(doc, ctx, rules):
        actor_tok, target_tok = _not_places(actor_tok, target_tok, ctx)
        actor_tok = _behind_the_weapon(actor_tok, rules)
        sentence = sent.text.rstrip()
        earlier = _referent(trigger, events)
        if earlier is not None:
            # "The Tehreek-e-Taliban Pakistan claimed the attack": evidence for an event already
            # reported, not a new one
            k = events.index(earlier)
            mention = Mention(sentence, sent.start_char, sent.start_char + len(sentence))
            if mention not in earlier.mentions:
                events[k] = replace(earlier, mentions=earlier.mentions + (mention,))
            continue
        actor = _speaker_for_pronoun(_describe(actor_tok, rules), actor_tok, rules) or _earlier_actor(actor_tok, events)
        actor = _state_forces(actor, actor_tok, trigger)
        if trigger.requires and (actor is None or actor.type not in trigger.requires):
            continue   # "families gathered" is no protest; "protesters gathered" is
        needs = trigger.action_type.actor_types
        if needs and (actor is None or (actor.type not in needs and actor_tok.ent_type_ not in NAMED_ACTORS)):
            continue   # "meeting the costs", "a five-year ban": no political actor, no event
        if trigger.undergoer_subject and not _violent_death(trigger, target_tok, rules):
            continue   # "died aged 91 at his home": a death, not a killing
        trigger = _as_riot(trigger, actor, rules)
        trigger = _as_seizure_of_person(trigger, actor, target_tok, ctx, rules)
        places, place_how = find_places_for(trigger, sent, ctx.places, ctx.main_place, actor_tok)
        when = _date_of_cause(trigger, ctx.dates) or (date_for_trigger(trigger.token, list(ctx.dates)) if ctx.dates else None)
        if when is None or (when.value is None and when.text.lower().strip() in SAME_DAY):
            # news tells one story: an undated sentence goes on from the event before it (a
            # sentence with a vague date of its own, "in recent weeks", keeps that)
            when = _carried_date(events) or when
        counts = find_counts(trigger, actor_tok, target_tok)
        counted = any(count is not None for count, _ in counts)
        if not _is_news(trigger, actor, target_tok, when, place_how, ctx.published, rules, counted):
            continue
        action = Action(
            text=trigger.text, lemma=trigger.lemma, type=trigger.action_type.type,
            negated=trigger.negated, modality=trigger.modality,
        )
        for count, holder in counts:
            # "Fatalities: 0", "no one was killed": reported as not having happened
            event_action = replace(action, negated=True) if count is not None and count.value == 0 else action
            if count is not None and count.text.lower() in ("a", "an", "one") \
                    and trigger.action_type.type not in PERSON_COUNT_TYPES:
                count = None   # "a raid on a farming community": an article counts only victims
            target = _describe(target_tok, rules)
            if holder is not None and target_tok is not None and holder != target_tok and holder != actor_tok \
                    and trigger.action_type.count_role == "target":
                target = _describe(holder, rules)   # one of the coordinated groups
            event_actor = actor
            if holder is not None and actor_tok is not None and holder != actor_tok and holder.head == actor_tok:
                event_actor = _describe(holder, rules)
            for located in places or [None]:
                place = located.place if located is not None else None
                events.append(Event(
                    doc=ctx.doc_id,
                    id=f"{name}#{len(events) + 1}",
                    actor=_with_country(event_actor, place),
                    action=event_action,
                    target=_with_country(target, place),
                    count=count,
                    location=place,
                    date=when,
                    sentence=sentence,
                    start=sent.start_char,
                    end=sent.start_char + len(sentence),
                    confidence=_confidence(event_actor, count, place_how if place else "none", when, trigger),
                    plover=trigger.action_type.plover,
                    acled=acled_type(trigger, event_actor, target, sent),
                    published=published,
                    published_source=ctx.published_source if published else None,
                    mentions=(Mention(sentence, sent.start_char, sent.start_char + len(sentence)),),
                ))
    return fold_headlines(events, doc.text)
