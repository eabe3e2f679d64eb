"""who.py decides who acted and who was acted on: the steps of events.py that refine a draft's roles.

Steps of :data:`geoevent.extraction.events.STEPS` (``Draft -> Draft | None``), split from
events.py: a place or a witness is no actor, the one behind a weapon is, a pronoun is its
speaker, an outcome hanging on a clash takes the clash's sides, and an actor must fit its
type; and the target refinements :func:`events.records` applies per counted group (a bare
number counts whom the means hit, state forces attacked off duty are civilians).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..model import Actor, Event
from .actions import Trigger
from .deps import ACL, AGENT, AMOD, CCOMP, COMPOUND, NSUBJ, POBJ, first_child, has_pronoun_owner, prep_objects
from .evidence import purpose_is
from .roles import TARGET_PREPS

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.ruleset import RuleSet
    from .events import Draft, Story


# ---------------------------------------------------------------- steps: who acted


def drop_place_roles(draft: Draft, story: Story) -> Draft:
    """A town is no actor ("Chitral requested"), and "fled into Tajikistan" has a destination,
    not a target. Countries may act ("Pakistan said") and be attacked ("Russia attacked Ukraine")."""
    actor, target = draft.actor_token, draft.target_token
    place = story.place_at(actor)
    if place is not None and place.place.precision != "country":
        actor = None
    place = story.place_at(target)
    if place is not None and (place.place.precision != "country" or target.dep_ == POBJ):
        target = None
    return replace(draft, actor_token=actor, target_token=target)


def witness_is_no_actor(draft: Draft, story: Story) -> Draft:
    """"Residents reported heavy gunfire", "2,000 people fled fighting between M23 and the
    army": the subject of a verb that tells of (the ``witness`` words of rules/word_classes.tsv,
    or a verb of saying), or is itself, another event is not the agent of the event noun it
    governs ("militants launched an attack" keeps its agent). Nor is the
    subject of a verb of inquiry or response (class "investigators are no actors": "officers
    are investigating a shooting", "police are looking into the killing", "troops responded to
    an attack"; the ``inquiry`` words of rules/word_classes.tsv), whether the event noun is its
    object or the object of its preposition."""
    token, actor = draft.trigger.token, draft.actor_token
    if draft.trigger.kind != "noun" or actor is None:
        return draft
    inquiry = story.rules.word_classes.get("inquiry", frozenset())
    if token.dep_ == POBJ and token.head.head.pos_ == "VERB" and actor.head == token.head.head \
            and token.head.head.lemma_.lower() in inquiry:
        return replace(draft, actor_token=None)   # "looked into the killing", "responded to an attack"
    if token.dep_ != "dobj" or actor.head != token.head:
        return draft
    verb = token.head.lemma_.lower()
    witness = story.rules.word_classes.get("witness", frozenset())
    speech = story.rules.word_classes.get("speech", frozenset())
    if verb in witness or verb in speech or verb in inquiry or story.rules.actions.is_trigger_verb(verb):
        return replace(draft, actor_token=None)
    return draft


def actor_behind_weapon(draft: Draft, story: Story) -> Draft:
    """"A bomb hidden by Al Shabaab went off": the one behind the weapon is the actor."""
    actor = draft.actor_token
    if actor is None or not story.rules.actions.is_event_noun(actor.lemma_.lower()):
        return draft
    for clause in actor.children:
        if clause.dep_ == ACL:
            agent = first_child(clause, (AGENT,))
            behind = first_child(agent, (POBJ,)) if agent is not None else None
            if behind is not None:
                return replace(draft, actor_token=behind)
    return draft


def describe_the_actor(draft: Draft, story: Story) -> Draft:
    """Who acted: the actor phrase, a pronoun read as the speaker ("the RSF said they had
    taken") or the actor of the event before, a nationality on a weapon as state forces."""
    token = draft.actor_token
    actor = _speaker_for_pronoun(story.describe(token), token, story) or _earlier_actor(token, story.events)
    actor = _sides_told_before(draft, story) or actor
    return replace(draft, actor=_state_forces(actor, token, draft.trigger))


def _sides_told_before(draft: Draft, story: Story) -> Actor | None:
    """Class "an outcome hanging on a clash" told over two sentences: "supporters of two parties
    clashed in the market. The fighting left three people wounded": the clash noun with a
    definite article is no actor; the sides of the clash told before are (roles.sides_of_clash
    does it within one sentence). None when the outcome's actor is no such noun."""
    trigger, token = draft.trigger, draft.actor_token
    if token is None or trigger.means is None or not trigger.means.two_sided or trigger.means_token is None \
            or token.i != trigger.means_token.i or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return None
    for event in reversed(story.events):
        if event.action.type == trigger.means.type and event.actor is not None and event.actor.type is not None:
            return event.actor
    return None


def require_fitting_actor(draft: Draft, story: Story) -> Draft | None:
    """"Families gathered" is no protest ("protesters gathered" is); "meeting the costs" or "a
    five-year ban" with no political actor is no diplomacy; a named person, country or people
    may act without a typed head noun (the ``named_actor`` labels of rules/word_classes.tsv)."""
    trigger, actor = draft.trigger, draft.actor
    if trigger.requires and (actor is None or not any(story.rules.is_a(actor.type, n) for n in trigger.requires)) \
            and not _purpose_is_own_type(trigger):
        return None
    needs = trigger.action_type.actor_types
    named = story.rules.word_classes.get("named_actor", frozenset())
    if needs and (actor is None or (not any(story.rules.is_a(actor.type, n) for n in needs)
                                    and draft.actor_token.ent_type_.lower() not in named)):
        return None
    return draft


def _purpose_is_own_type(trigger: Trigger) -> bool:
    """"Drivers gathered at the roundabout to protest against fuel prices": the purpose clause is
    a trigger verb of the same type, so the gathering is the protest whoever the actor is
    (class "gathered to protest" of issue 11, section 4). So is a claim the gathering voices
    ("teachers gathered outside the ministry, demanding their pay", "... to call for"): the
    type's ``purpose_verbs``, as a purpose or as a participle clause."""
    atype = trigger.action_type
    if purpose_is(trigger.token, atype.verbs | atype.purpose_verbs):
        return True
    return any(c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG" and c.lemma_.lower() in atype.purpose_verbs
               for c in trigger.token.children)


# ---------------------------------------------------------------- who was acted on


#: Prepositions that place an act at its victim's home: "shot him outside his home".
HOME_PREPS = frozenset({"at", "outside", "near", "in", "inside", "from"})


def off_duty(target: Actor | None, draft: Draft, rules: RuleSet) -> Actor | None:
    """Class "a soldier or policeman attacked off duty": ACLED codes state forces attacked when
    they are not acting as such (a former or retired soldier, an off-duty officer, an officer
    shot at his own home) as civilians (the force is only their associated actor), so the
    attack is violence against civilians, not a battle. The words are the ``off_duty``
    modifiers and ``home`` nouns of rules/word_classes.tsv; a police officer shot at a
    checkpoint stays state forces."""
    token = draft.target_token
    if target is None or token is None or not rules.is_a(target.type, "state") or not rules.is_a(target.type, "armed"):
        return target
    off_duty = rules.word_classes.get("off_duty", frozenset())
    homes = rules.word_classes.get("home", frozenset())
    phrase = " " + " ".join((target.text or "").lower().replace("-", " ").split()) + " "
    modified = any(f" {words} " in phrase for words in off_duty)
    at_home = any(prep.lower_ in HOME_PREPS and place.lemma_.lower() in homes
                  and has_pronoun_owner(place)
                  for head in (draft.trigger.token, token) for prep, place in prep_objects(head))
    return replace(target, type="civilians") if modified or at_home else target


def elided_by_means(target: Actor | None, trigger: Trigger, story: Story) -> Actor | None:
    """"Police fired at the protesters, killing two": a bare number as an outcome's target
    counts the ones its means hit (class "a toll of the crowd the means named"); the count
    stays the outcome's own."""
    means = trigger.means_token
    if target is None or target.type is not None or means is None:
        return target
    if not (target.name.replace(",", "").isdigit() or target.name.lower() in story.rules.counts.numbers):
        return target
    # whom the means hit: "fired rounds at the crowd" (the object after the verb's preposition),
    # else its direct object ("attacked villagers")
    hits = [o for prep, o in prep_objects(means, TARGET_PREPS) if prep.i > means.i]
    hits += [c for c in means.children if c.dep_ == "dobj"]
    for hit in hits:
        if hit.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC"):
            continue
        described = story.describe(hit)
        if described is not None and described.type is not None and story.rules.is_a(described.type, "victim"):
            return replace(described, text=target.text)
    return target


# ---------------------------------------------------------------- who is speaking


def _speaker(token: Token, speech: frozenset[str]) -> Token | None:
    """The subject of the verb of saying (the ``speech`` words of rules/word_classes.tsv) whose
    complement holds ``token``, if not a pronoun."""
    head = token
    for _ in range(6):
        if head.dep_ == CCOMP and head.head.lemma_.lower() in speech:
            subject = first_child(head.head, (NSUBJ,))
            if subject is not None and subject.pos_ != "PRON":
                return subject
            return None
        if head.head == head:
            return None
        head = head.head
    return None


def _speaker_for_pronoun(actor: Actor | None, token: Token | None, story: Story) -> Actor | None:
    """Resolve "they"/"its forces" to who is speaking: "Sudan's RSF said they had taken
    control" is the RSF's act; "Russia's defence ministry said its forces had taken" Russia's."""
    if actor is None or token is None:
        return actor
    pronouns = story.rules.word_classes.get("pronoun", frozenset())
    pronoun = token.lower_ in pronouns and token.pos_ == "PRON"
    possessed = any(c.dep_ == "poss" and c.lower_ in pronouns for c in token.children)
    if not (pronoun or possessed):
        return actor
    speaker = _speaker(token, story.rules.word_classes.get("speech", frozenset()))
    said_by = story.describe(speaker) if speaker is not None else None
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


def _state_forces(actor: Actor | None, token: Token | None, trigger: Trigger) -> Actor | None:
    """"A Ukrainian drone attack", "Israeli air strikes": a nationality on a weapon (or as an
    adjective on an attack) names a state's forces, not its civilians (a type's ``national_forces``)."""
    how = trigger.action_type.national_forces
    if how is None or actor is None or token is None or trigger.kind != "noun" or token.head != trigger.token:
        return actor
    if how == "adjective" and not (token.dep_ == AMOD and token.ent_type_ == "NORP"):
        return actor
    if token.dep_ in (AMOD, COMPOUND) and token.ent_type_ in ("NORP", "GPE") \
            and actor.country and actor.type in (None, "civilians", "government"):
        return replace(actor, type="military")
    return actor
