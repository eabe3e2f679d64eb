"""evidence.py decides whether violence words report violence, by their arguments.

"A court battle", "kill the business model", "bombarded with pop-up ads", "blasts officials":
news uses the words of violence for much else. A violent type's trigger is kept only with
arguments that make it real: a count of people, a weapon, an armed or crowd actor, a group of
people acting, a person or group as victim, or a place the trigger itself governs.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..model import Actor, Count
from .actions import Trigger, has_number
from .deps import AMOD, COMPOUND, prep_objects
from .roles import count_of

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.ruleset import RuleSet
    from .events import Draft, Story


def drop_figurative_violence(draft: Draft, story: Story) -> Draft | None:
    """"We attacked from the first ball", "a court battle", "the drought killed crops", "bombarded
    with pop-up ads": violence words are violence only with arguments that make them real (issue:
    ordinary news). A killing's victim must be people; then it is real with a count of people,
    a weapon, an armed or crowd actor, a person or group as victim, or (with no actor, or an
    actor of unknown kind) a place the trigger itself governs ("an attack in Kabul")."""
    atype = draft.trigger.action_type
    if not atype.violent:
        return draft
    rules, actor, target = story.rules, draft.actor, draft.target_token
    victim = story.describe(target)
    if any(of_people(count, holder, atype, story) for count, holder in draft.counts) \
            or (atype.person_count and has_number(draft.trigger.token)):
        return draft   # "32 dead", "1 injured"
    if _names_weapon(draft.trigger, rules):
        return draft   # "a grenade", "opened fire on the crowd", "houses were set on fire"
    protest = rules.action_type("protest")
    if protest is not None and atype.family == protest.family and purpose_is(draft.trigger.token, protest.verbs):
        return draft   # "supporters burned tyres in the streets to protest the ruling": a riot
    if actor is not None and (rules.is_a(actor.type, "armed") or rules.is_a(actor.type, "crowd")):
        return draft
    if atype.crowd and group_of_people(draft.actor_token, actor, rules, atype.family == "protest") and (
            actor.type is not None or target is None or names_people(target, victim, rules)):
        return draft   # "a group of youth attacked the conference", "war veterans rioted"
    if not atype.with_party and _harmless_instrument(draft.trigger, rules):
        return None   # "bombarded with pop-up ads", "attacked with a barrage of questions"
    talker = actor is not None and rules.is_a(actor.type, "speaker")
    if victim is not None and rules.is_a(victim.type, "victim"):
        # a politician who "attacked the President's record" hits no person: only people count then
        if not talker or rules.is_a(victim.type, "armed") or rules.is_a(victim.type, "unarmed"):
            return draft
    named_person = draft.actor_token is not None and draft.actor_token.ent_type_ == "PERSON"
    if talker or (named_person and target is not None and not names_people(target, victim, rules)):
        return None   # "Spears attacked the magazines": a person against a thing needs a weapon
    return draft if draft.place_how == "prep" else None


def has_force(draft: Draft, story: Story, counts: bool = True, armed_party: bool = True,
              weapon: bool = True) -> bool:
    """True when the draft names force: a count of people, a weapon, an armed or crowd actor or
    target (each unless its flag is False)."""
    atype, rules = draft.trigger.action_type, story.rules
    if counts and (any(of_people(count, holder, atype, story) for count, holder in draft.counts)
                   or (atype.person_count and has_number(draft.trigger.token))):
        return True
    if weapon and _names_weapon(draft.trigger, rules):
        return True
    if armed_party:
        for party in (draft.actor, story.describe(draft.target_token)):
            if party is not None and (rules.is_a(party.type, "armed") or rules.is_a(party.type, "crowd")):
                return True
    return False


#: Pronouns that stand for people ("killed him", "attacked them").
PERSONAL_PRONOUNS = frozenset({"he", "him", "she", "her", "they", "them", "we", "us", "i", "me", "you",
                               "himself", "herself", "themselves", "who", "whom"})


def names_people(token: Token, described: Actor | None, rules: RuleSet) -> bool:
    """True when ``token`` names people: a person or group type, a person's name, a personal
    pronoun, or a figure ("killed 12")."""
    if token.like_num or token.pos_ == "NUM" or token.ent_type_ in ("PERSON", "NORP"):
        return True
    if token.lower_ in PERSONAL_PRONOUNS:
        return True
    if described is not None and rules.is_a(described.type, "victim"):
        return True
    head = rules.actors.head_noun(token.text) or rules.actors.head_noun(token.lemma_)
    if head is not None and head.member:
        return True   # "members of the movement", "elements of the group"
    return count_of(token, rules.counts) is not None and token.tag_ in ("NNS", "NNPS", "CD") \
        and described is not None and described.type is not None


def group_of_people(token: Token | None, actor: Actor | None, rules: RuleSet, crowd_act: bool) -> bool:
    """True for an actor that is a group of people, not one person nor an institution: plural
    or a group noun ("residents", "a group of youth"), of a people type that does not merely
    speak. A plural of unknown kind counts only for a crowd's own act ("war veterans rioted";
    not "the rival consoles battle")."""
    if token is None or actor is None or rules.is_a(actor.type, "speaker"):
        return False
    if actor.type is not None and not rules.is_a(actor.type, "victim"):
        return False
    head = rules.actors.head_noun(token.text) or rules.actors.head_noun(token.lemma_)
    if actor.type is None and (head is None or head.type is None) and not (crowd_act and token.tag_ == "NNS"):
        return False   # "the pair", "rival consoles": a quantity of unknown things
    return token.tag_ in ("NNS", "NNPS") or (head is not None and head.quantity)


def of_people(count: Count | None, holder: Token | None, atype, story: Story) -> bool:
    """True for a count of people ("12 soldiers", "at least 25,000 people", "killed 12", a toll,
    "3 others were injured"), not of things ("two lawsuits", "99 targets") nor an article ("a
    man's battle"). What types counting persons (kill, injure, ...) count is people unless typed
    as a thing; for other types the counted noun must name people."""
    if count is None:
        return False
    if atype.property_target or holder is None:
        return True   # "20 houses were set on fire", "a bank was looted"; a tally: "the toll rose to 32"
    if count.text.lower() in ("a", "an", "one") and not atype.person_count:
        return False
    described = story.describe(holder)
    if atype.person_count and (described is None or described.type is None):
        return True
    return names_people(holder, described, story.rules)


def _harmless_instrument(trigger: Trigger, rules: RuleSet) -> bool:
    """True when the trigger's "with" names a thing that is no weapon: "bombarded with requests"."""
    for _, obj in prep_objects(trigger.token, ("with",)):
        if obj.pos_ != "NOUN" or obj.lemma_.lower() in rules.actions.weapons:
            continue
        head = rules.actors.head_noun(obj.lemma_)
        if head is None or head.type is None:   # a typed noun is a party: "clashed with soldiers"
            return True
    return False


def _names_weapon(trigger: Trigger, rules: RuleSet) -> bool:
    """True when the trigger is a weapon ("a grenade", "artillery") or governs one ("a mine
    detonated", "attacked the post with a landmine")."""
    weapons = rules.actions.weapons
    if trigger.lemma in weapons:
        return True
    for t in _own_clause(trigger.token):
        if t.lemma_.lower() in weapons and t.pos_ == "NOUN" and t.is_lower:
            return True
        if t.is_upper and len(t) > 1 and t.lower_ in weapons and t.pos_ in ("NOUN", "PROPN"):
            return True   # weapons written as capital abbreviations ("an IED", "RPGs"), often tagged as names
        if t.dep_ in (AMOD, COMPOUND) and f"{t.lemma_} {t.head.lemma_}".lower() in weapons:
            return True   # "explosive devices", "car bombs"
    return False


#: Links to another clause: what happens there is not this trigger's argument.
CLAUSE_LINKS = frozenset({"advcl", "ccomp", "relcl", "conj", "parataxis", "xcomp"})


def _own_clause(token: Token) -> Iterator[Token]:
    """Yield the words below ``token`` that are in its own clause (not in clauses it governs)."""
    stack = [token]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(c for c in current.children if c.dep_ not in CLAUSE_LINKS)


def purpose_is(token: Token, verbs: frozenset[str]) -> bool:
    """The token has a purpose clause ("to protest") whose verb is one of ``verbs``."""
    return any(c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in verbs
               and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
               for c in token.children)
