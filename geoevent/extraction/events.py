"""events.py turns a parsed Doc into event records: drafts from the parse, then named steps.

:func:`extract_events` reads one :class:`Draft` per realis trigger (the trigger with the head
tokens of its actor and target), runs it through :data:`STEPS` (each ``Draft -> Draft | None``:
a step refines the draft, or drops it when it is not news an analyst would code), and writes
the surviving drafts as records, one per (trigger, counted group, place). Merging records that
tell one event lives in :mod:`geoevent.extraction.merge`; ids are given after merging. The steps
on who acted live in :mod:`geoevent.extraction.who`, on time in ``history``, on figures of speech
in ``figurative`` and ``evidence``.

Pure functions over a spaCy ``Doc``: what they read (taxonomy, lexicons, settings) comes in a
:class:`~geoevent.rules.ruleset.RuleSet`, the document's places and dates in a
:class:`DocContext`, so tests can inject small ones.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ..model import Action, Actor, Count, Event, Mention, Place, When
from .actions import ActionType, Trigger, has_number, is_irrealis, modality, negation
from .deps import POBJ, has_pronoun_owner, prep_objects
from .evidence import drop_figurative_violence, group_of_people
from .figurative import FIGURATIVE_STEPS
from .history import drop_background, drop_named_past_events, drop_not_yet, drop_undated_history
from .merge import fold_headlines, one_incident, told_before
from .roles import count_of, find_counts, find_roles, is_tally
from .where import Located, WhereWords, find_places_for
from .who import (actor_behind_weapon, describe_the_actor, drop_place_roles, elided_by_means,
                  off_duty, require_fitting_actor, witness_is_no_actor)

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.ruleset import RuleSet


@dataclass(frozen=True)
class DocContext:
    """What an extraction knows about the whole document."""

    doc_id: str
    places: tuple[Located, ...] = ()
    main_place: Place | None = None
    dates: tuple = ()                 # geoevent.extraction.dates.DateMention
    published: date | None = None
    published_source: str | None = None
    skip: tuple[tuple[int, int], ...] = ()   # character ranges of page clutter, sorted

    def in_clutter(self, start: int, end: int) -> bool:
        """True when more than half of the characters ``start:end`` are page clutter."""
        if end <= start or not self.skip:
            return False
        covered = 0
        for s, e in self.skip[max(bisect.bisect_right(self.skip, (start, end)) - 1, 0):]:
            if s >= end:
                break
            covered += max(0, min(end, e) - max(start, s))
        return covered * 2 > end - start


@dataclass(frozen=True)
class Draft:
    """An event being read off one sentence: its trigger, role tokens and what steps add."""

    sent: Span
    trigger: Trigger
    actor_token: Token | None
    target_token: Token | None
    actor: Actor | None = None
    places: tuple[Located, ...] = ()
    place_how: str = "none"
    when: When | None = None
    counts: tuple[tuple[Count | None, Token | None], ...] = ()

    @property
    def mention(self) -> Mention:
        sentence = self.sent.text.rstrip()
        return Mention(sentence, self.sent.start_char, self.sent.start_char + len(sentence))


@dataclass
class Story:
    """What the steps read besides the draft: the document, the rules and the events so far."""

    ctx: DocContext
    rules: RuleSet
    events: list[Event] = field(default_factory=list)
    #: the means of the latest violent incident told, and where its sentence ends
    last_incident: tuple[object, int] | None = None

    def describe(self, token: Token | None) -> Actor | None:
        from .actors import describe_actor

        return describe_actor(token, self.rules.actors) if token is not None else None

    def place_at(self, token: Token | None) -> Located | None:
        if token is None:
            return None
        return next((p for p in self.ctx.places if p.start <= token.i < p.end), None)


Step = Callable[[Draft, Story], "Draft | None"]


# ---------------------------------------------------------------- drafts


def iter_drafts(doc: Doc, ctx: DocContext, rules: RuleSet) -> Iterator[Draft]:
    """Yield a Draft for every realis trigger of the doc outside page clutter (one incident's
    means folded into its outcome)."""
    for sent in doc.sents:
        if ctx.in_clutter(sent.start_char, sent.end_char):
            continue
        triggers = [
            replace(t, negated=negation(t.token), modality=modality(t.token))
            for t in rules.actions.find_triggers(sent) if not is_irrealis(t.token)
        ]
        for trigger in one_incident(triggers):
            actor, target = find_roles(trigger, rules.means, rules.word_classes.get("instrument", frozenset()))
            yield Draft(sent, trigger, actor, target)


# ---------------------------------------------------------------- steps: incidents told before

# (the steps on who acted and who was acted on are who.py's)


def join_earlier_report(draft: Draft, story: Story) -> Draft | None:
    """"The Tehreek-e-Taliban Pakistan claimed the attack": a definite event noun is evidence
    for an event already reported, not a new one."""
    earlier = told_before(draft.trigger, story.events, story.rules)
    if earlier is None:
        return draft
    count = count_of(draft.target_token, story.rules.counts)
    if count is not None and (earlier.count is None or earlier.count.value != count.value):
        return draft   # "... announced the killing of 19 people": a new figure is news of its own
    k = story.events.index(earlier)
    if draft.mention not in earlier.mentions:
        story.events[k] = replace(earlier, mentions=earlier.mentions + (draft.mention,))
    return None


#: Characters after an incident's sentence within which an outcome with no means of its own is
#: still that incident's ("An airstrike hit the market. At least 5 civilians were killed.").
MEANS_REACH = 400


def incident_from_story(draft: Draft, story: Story) -> Draft:
    """"A drone strike hit Kabul. At least 5 civilians were killed": an outcome told with no
    means and no actor in the next sentence of the same paragraph is the last incident's, and
    takes its means for its ACLED type. (Taking the incident's whole ACLED type instead was
    tried and did worse on the dev notes: 402 -> 400 correct.)"""
    trigger = draft.trigger
    if not trigger.action_type.is_outcome or trigger.means is not None or draft.actor is not None \
            or story.last_incident is None:
        return draft
    means, end = story.last_incident
    gap = draft.sent.doc.text[end:draft.sent.start_char] if end <= draft.sent.start_char else "\n\n"
    if len(gap) > MEANS_REACH or "\n\n" in gap:
        return draft
    return replace(draft, trigger=replace(trigger, means=means))


def require_violent_death(draft: Draft, story: Story) -> Draft | None:
    """"Died aged 91 at his home" is a death, not a killing: "died" reports an event only with a
    number of dead ("12 people died") or a violent cause: an event noun ("died in the clashes")
    or a ``death_cause`` word of rules/word_classes.tsv ("of wounds")."""
    trigger, victim = draft.trigger, draft.target_token
    if not trigger.undergoer_subject:
        return draft
    counts, causes = story.rules.counts, story.rules.word_classes.get("death_cause", frozenset())
    if victim is not None and count_of(victim, counts) is not None and victim.tag_ in ("NNS", "NNPS", "CD"):
        return draft
    for t in trigger.token.subtree:
        lemma = t.lemma_.lower()
        died_of = t.head.lower_ == "of" and t.head.head == trigger.token   # "died of a heart attack": illness
        if t.dep_ == POBJ and (lemma in causes or (story.rules.actions.is_event_noun(lemma) and not died_of)):
            return draft
    return None


# ---------------------------------------------------------------- steps: retyping


def crowd_violence_is_riot(draft: Draft, story: Story) -> Draft:
    """"Protesters set fire to the offices": a crowd's violence is a riot (a type's ``by_crowd``).
    So is the damage a group of civilians does to property ("residents burned the suspect's
    house", "youths ransacked the police station"): ACLED codes it as a riot (class "a mob of
    residents"), where a lone man's arson, an armed group's looting or fans "looting their own
    memories" (what is theirs) is none."""
    actor, atype, rules = draft.actor, draft.trigger.action_type, story.rules
    if atype.by_crowd is None or actor is None:
        return draft
    target = draft.target_token
    own = has_pronoun_owner(target)
    mob = atype.property_target and rules.is_a(actor.type, "civilian") and not own \
        and group_of_people(draft.actor_token, actor, rules, crowd_act=True)
    if not (rules.is_a(actor.type, "crowd") or mob):
        return draft
    riot = story.rules.action_type(atype.by_crowd)
    return replace(draft, trigger=replace(draft.trigger, action_type=riot)) if riot is not None else draft


def names_territory(token: Token, atype: ActionType, story: Story, depth: int = 0) -> bool:
    """Whether a capture's object is territory: a place the text names, a place entity, one of
    the type's ``place_objects`` ("the town", "two districts"), or a share of one (the ``share``
    words of rules/word_classes.tsv: "large parts of the country", "swathes of the north",
    "control of the border crossing"). A share of people ("half of the hostages") is none."""
    if story.place_at(token) is not None or token.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    if token.lemma_.lower() in atype.place_objects:
        return True
    shares = story.rules.word_classes.get("share", frozenset())
    if depth > 1 or not (token.lemma_.lower() in shares or token.lower_ in shares):
        return False
    return any(names_territory(whole, atype, story, depth + 1) for _, whole in prep_objects(token, ("of", "over")))


def seizing_a_person(draft: Draft, story: Story) -> Draft:
    """"Security forces captured Ovidio Guzman": taking a person is an arrest (by the state) or
    an abduction (by anyone else), not a capture of territory (a type's ``person_object``)."""
    trigger, target = draft.trigger, draft.target_token
    kinds = trigger.action_type.person_object
    if kinds is None or target is None or names_territory(target, trigger.action_type, story):
        return draft   # "captured a military base", "large parts of the province": a place
    described = story.describe(target)
    if not (target.ent_type_ == "PERSON" or (described is not None and described.type is not None)):
        return draft
    by_state = draft.actor is not None and story.rules.is_a(draft.actor.type, "state")
    new_type = story.rules.action_type(kinds[0] if by_state else kinds[1])
    return replace(draft, trigger=replace(trigger, action_type=new_type)) if new_type is not None else draft


def territory_needs_a_place(draft: Draft, story: Story) -> Draft | None:
    """"The regulator took over supervision of the sector", "let the chip take over home
    computing": a type whose object must be a place (its ``place_objects``) transfers no
    territory when its object is neither a place the text names, nor a place or territory noun,
    nor a party (a person's capture became an arrest or abduction before)."""
    atype, target = draft.trigger.action_type, draft.target_token
    if not atype.place_objects or target is None or names_territory(target, atype, story):
        return draft
    described = story.describe(target)
    if described is not None and described.type is not None:
        return draft   # "overran the army's positions" reads its head; "took the soldiers" is a party
    return None


# ---------------------------------------------------------------- steps: where, when, how many


def place_of_event(draft: Draft, story: Story) -> Draft:
    """Where: the places the trigger governs, else its clause's, else the document's."""
    places, how = find_places_for(draft.trigger, draft.sent, story.ctx.places, story.ctx.main_place,
                                  draft.actor_token, WhereWords.of(story.rules))
    return replace(draft, places=tuple(places), place_how=how)


#: Date phrases that point to the day of the event told before: "was attacked the same day".
SAME_DAY = frozenset({"the same day", "that day", "the same night", "that night", "on the same day", "on that day", "same day"})


def date_of_event(draft: Draft, story: Story) -> Draft:
    """When: the date of what a tally counts, else the date phrase of the trigger, else (news
    tells one story) the day of the event before, marked as carried."""
    from .dates import date_for_trigger

    dates = list(story.ctx.dates)
    when = _date_of_cause(draft.trigger, dates) or (date_for_trigger(draft.trigger.token, dates) if dates else None)
    if when is None:
        when = _date_of_report(draft.trigger.token, dates, story.rules.word_classes.get("speech", frozenset()))
    if when is None or (when.value is None and when.text.lower().strip() in SAME_DAY):
        # a sentence with a vague date of its own ("in recent weeks") keeps that
        when = _carried_date(story.events) or when
    return replace(draft, when=when)


def counts_of_event(draft: Draft, story: Story) -> Draft:
    """How many: the count of the role the type names, one per coordinated group."""
    counts = find_counts(draft.trigger, draft.actor_token, draft.target_token, story.rules.counts)
    return replace(draft, counts=tuple(counts))


# ---------------------------------------------------------------- steps: is it news?


def drop_bare_nouns(draft: Draft, story: Story) -> Draft | None:
    """"Funding the unrest": an event noun with no actor, target, place, date or number."""
    trigger = draft.trigger
    if trigger.kind == "noun" and draft.actor is None and draft.target_token is None \
            and draft.place_how == "document" and (draft.when is None or draft.when.value is None) \
            and not has_number(trigger.token):
        return None
    return draft


#: The refinement steps, in order. Each takes a Draft and gives it back refined, or None to drop it.
STEPS: tuple[Step, ...] = (
    drop_place_roles,
    witness_is_no_actor,
    actor_behind_weapon,
    join_earlier_report,
    describe_the_actor,
    incident_from_story,
    require_fitting_actor,
    require_violent_death,
    crowd_violence_is_riot,
    seizing_a_person,
    territory_needs_a_place,
    place_of_event,
    date_of_event,
    counts_of_event,
    drop_bare_nouns,
    drop_not_yet,
    drop_background,
    drop_undated_history,
    drop_named_past_events,
    *FIGURATIVE_STEPS,
    drop_figurative_violence,
)


def extract_events(doc: Doc, ctx: DocContext, rules: RuleSet, steps: Sequence[Step] = STEPS) -> list[Event]:
    """Return the events of a parsed document, one record per (trigger, group, place), with
    headlines folded into the story; ids are left empty (given after merging)."""
    story = Story(ctx, rules)
    for draft in iter_drafts(doc, ctx, rules):
        for step in steps:
            draft = step(draft, story)
            if draft is None:
                break
        else:
            story.events.extend(records(draft, story))
            atype = draft.trigger.action_type
            means = draft.trigger.means or (atype if atype.is_means else None)
            if means is not None:
                story.last_incident = (means, draft.sent.end_char)
    from .tagged import tagged_records   # a note told by its ACLED tag alone

    story.events.extend(tagged_records(doc, story))
    return fold_headlines(story.events, doc.text, int(rules.settings.value("events", "headline_zone")))


# ---------------------------------------------------------------- records


def records(draft: Draft, story: Story) -> Iterator[Event]:
    """Yield the records of a finished draft: one per counted group and place."""
    trigger, ctx, rules = draft.trigger, story.ctx, story.rules
    atype = trigger.action_type
    action = Action(text=trigger.text, lemma=trigger.lemma, type=atype.type,
                    negated=trigger.negated, modality=trigger.modality)
    published = ctx.published.isoformat() if ctx.published else None
    mention = draft.mention
    for count, holder in draft.counts:
        # "Fatalities: 0", "no one was killed": reported as not having happened
        event_action = replace(action, negated=True) if count is not None and count.value == 0 else action
        if count is not None and count.text.lower() in ("a", "an", "one") and not atype.person_count:
            count = None   # "a raid on a farming community": an article counts only victims
        target = story.describe(draft.target_token)
        if holder is not None and draft.target_token is not None and holder not in (draft.target_token, draft.actor_token) \
                and atype.count_role == "target":
            target = story.describe(holder)   # one of the coordinated groups
        target = elided_by_means(target, trigger, story)
        target = off_duty(target, draft, story.rules)
        actor = draft.actor
        if holder is not None and draft.actor_token is not None and holder != draft.actor_token \
                and holder.head == draft.actor_token:
            actor = story.describe(holder)
        for located in draft.places or (None,):
            place = located.place if located is not None else None
            yield Event(
                doc=ctx.doc_id,
                id="",
                actor=_with_country(actor, place, rules),
                action=event_action,
                target=_with_country(target, place, rules),
                count=count,
                location=place,
                date=draft.when,
                sentence=mention.sentence,
                start=mention.start,
                end=mention.end,
                confidence=_confidence(actor, count, draft.place_how if place else "none", draft.when, trigger, rules),
                plover=atype.plover,
                acled=acled_type(trigger, actor, target, draft.sent, rules),
                published=published,
                published_source=ctx.published_source if published else None,
                mentions=(mention,),
            )


def acled_type(trigger: Trigger, actor: Actor | None, target: Actor | None, sent: Span,
               rules: RuleSet) -> dict[str, str] | None:
    """Map an event to ACLED's (event_type, sub_event_type) by the conditions of actions.jsonl:
    the first condition that holds and that the type (or its means) names."""
    # the means decides: deaths in a flood are no political violence, in an air strike they are
    table = trigger.means.acled if trigger.means is not None else trigger.action_type.acled
    if not table:
        return None
    words = {t.lower_ for t in sent} | set(trigger.lemma.split())
    for condition in rules.actions.conditions:
        if condition.name in table and _holds(condition, words, actor, target, rules, trigger):
            event_type, sub = table[condition.name]
            return {"event_type": event_type, "sub_event_type": sub}
    if "default" in table:
        event_type, sub = table["default"]
        return {"event_type": event_type, "sub_event_type": sub}
    return None


def _holds(condition, words: set[str], actor: Actor | None, target: Actor | None, rules: RuleSet,
           trigger: Trigger) -> bool:
    if condition.words and not condition.words & words:
        return False
    if condition.paragraph_lemmas and not condition.paragraph_lemmas & _paragraph_lemmas(trigger.token.sent):
        return False
    if condition.head_verbs and not (trigger.kind == "noun" and trigger.token.dep_ in ("dobj", "nsubjpass")
                                     and trigger.token.head.lemma_.lower() in condition.head_verbs):
        return False
    for names, who in ((condition.actor, actor), (condition.target, target)):
        kind = who.type if who is not None else None
        if names and not (("none" in names and kind is None) or any(rules.is_a(kind, n) for n in names)):
            return False
    return True


def _paragraph_lemmas(sent: Span) -> set[str]:
    """The lemmas of the paragraph (text between blank lines) that holds ``sent``."""
    doc, text = sent.doc, sent.doc.text
    start = text.rfind("\n\n", 0, sent.start_char) + 1
    end = text.find("\n\n", sent.end_char)
    end = len(text) if end < 0 else end
    span = doc.char_span(start, end, alignment_mode="expand")
    return {t.lemma_.lower() for t in (span if span is not None else sent)}


def _confidence(actor: Actor | None, count: Count | None, place_how: str, when: When | None,
                trigger: Trigger, rules: RuleSet) -> float:
    weights = rules.settings["confidence"]
    score = weights["base"]
    score += weights["actor"] if actor is not None else 0.0
    score += weights.get(f"place_{place_how}", 0.0)
    score += weights["count"] if count is not None else 0.0
    score += weights["date"] if when is not None else 0.0
    if trigger.modality == "possible":
        score *= weights["possible_factor"]
    return round(min(score, weights["cap"]), 2)


def _with_country(actor: Actor | None, place: Place | None, rules: RuleSet) -> Actor | None:
    """An actor named without a nationality takes the country of the event's place (on our
    gold set this is right far more often than not, the document's main place included)."""
    if actor is None or actor.country or not rules.is_a(actor.type, "domestic") or place is None or not place.country:
        return actor
    return replace(actor, country=place.country)


# ---------------------------------------------------------------- dates


def _carried_date(events: Sequence[Event]) -> When | None:
    """The date of the latest dated event so far, marked as carried (day precision only)."""
    for event in reversed(events):
        if event.date is not None and event.date.value and event.date.precision == "day":
            return replace(event.date, carried=True)
    return None


def _date_of_report(token: Token, dates: Sequence, speech: frozenset[str]) -> When | None:
    """The date of the reporting verb whose quote the trigger's sentence is: in 'The ministry
    said in a statement on Monday: "Gunmen stormed the depot ..."' the parser makes the quote a
    sentence of its own, and the undated events of the quote are dated by "said ... on Monday"
    (a reporting verb dates its reported clause; within one sentence date_for_trigger does it)."""
    if not dates or token.sent.start == 0:
        return None
    sent, doc = token.sent, token.doc
    frame = doc[sent.start - 1].sent
    last = next((t for t in reversed(frame) if not t.is_space), None)
    opens_quote = next((t for t in sent if not t.is_space), sent[0]).is_quote
    if last is None or not (opens_quote or last.is_quote or last.text == ":"):
        return None
    for verb in frame:
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in speech:
            continue
        if any(c.dep_ == "ccomp" for c in verb.children):
            continue   # it reports a clause of its own sentence
        left, right = verb.left_edge.i, verb.right_edge.i
        for mention in dates:
            if left <= mention.start and mention.end <= right + 1 and mention.when.value:
                return mention.when
    return None


def _date_of_cause(trigger: Trigger, dates: Sequence) -> When | None:
    """The date of what a tally counts: "the death toll from the earthquake that struck late on
    Friday rose to 2,012 on Sunday" is Friday's, not the day the figure was given."""
    if not dates or not is_tally(trigger):
        return None
    for _, cause in prep_objects(trigger.token, ("from", "of", "in")):
        left, right = cause.left_edge.i, cause.right_edge.i
        for mention in dates:
            if left <= mention.start and mention.end <= right + 1 and mention.when.value:
                return mention.when
    return None
