"""figurative.py tells the words of violence used for sport, business, film, talk or mishaps
from violence, by what their arguments are.

Each function here is a refinement step of :mod:`geoevent.extraction.events` (``Draft ->
Draft | None``) that drops a violent draft when its arguments say it is no violence: "the
film depicts a bomb attack", "Saturday's league clash", "a takeover battle", "lets people shoot
game animals", "the tragedy left 25,000 dead", "I got mine". The word classes they read
(fiction, contest, commerce, ...) are data: ``rules/word_classes.tsv``. Force (a weapon, a
count of people, an armed or crowd party) keeps a draft whatever its other arguments are.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..model import Actor

from .deps import (ACL, ADVCL, AMOD, ATTR, CCOMP, COMPOUND, CONJ, DOBJ, NSUBJ, NSUBJPASS, POBJ, POSS, PREP,
                   RELCL, XCOMP)
from .evidence import has_force, names_people, of_people

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.ruleset import RuleSet
    from .events import Draft, Story

#: Auxiliaries of what may happen: "fragments could injure people if the hood is open".
MAY_AUX = frozenset({"may", "might", "could", "can"})
#: Reflexive pronouns: "injured herself while performing" is a mishap, not an attack.
REFLEXIVES = frozenset({"myself", "yourself", "himself", "herself", "itself", "ourselves", "themselves"})
#: An actor of no type, for a token that describes no one.
_NO_ONE = Actor(text="", name="")
#: Forms of "get" as a passive auxiliary (the tagger lemmatises "getting" as itself).
GET_FORMS = frozenset({"get", "gets", "getting"})
#: Possessive pronouns that are also nouns of weapons ("mine").
POSSESSIVE_PRONOUNS = frozenset({"mine", "yours", "hers", "ours", "theirs"})
#: Labels of the words that are a trigger's own arguments and modifiers.
ARGUMENT_DEPS = frozenset({COMPOUND, AMOD, "nmod", POSS, DOBJ, NSUBJ, NSUBJPASS, ATTR, "oprd", "npadvmod"})
#: Longest span, in days, of a date that can still be one incident's (ACLED codes a month at worst).
INCIDENT_DAYS = 31


def _classes(story: Story, name: str) -> frozenset[str]:
    return story.rules.word_classes.get(name, frozenset())


def _in(token: Token | None, words: frozenset[str]) -> bool:
    return token is not None and (token.lemma_.lower() in words or token.lower_ in words)


def _violent(draft: Draft) -> bool:
    return draft.trigger.action_type.violent


# ---------------------------------------------------------------- the steps


def drop_hypothetical(draft: Draft, story: Story) -> Draft | None:
    """"Fragments could injure people if the hood is open", "lyrics that call for people to be
    killed", "lets people shoot at targets", "a plot to blow up the Vatican": what may happen,
    or what a plan, a call, a permission or a way names, has not happened."""
    if not _violent(draft):
        return draft
    token = draft.trigger.token
    verb = _governing_verb(token)
    if verb is not None and _may_happen(verb):
        return None
    if _nonfactual_complement(token, _classes(story, "nonfactual"), _classes(story, "attempt")):
        return None
    return draft


def drop_generic(draft: Draft, story: Story) -> Draft | None:
    """"People get shot every day", "many people are getting injured", "fans are fired up": a
    present tense with a word of frequency, a "get" passive in the present, or a verb whose
    particle is no part of the trigger ("fired up", "killed off") with no force named, tells
    no incident."""
    if not _violent(draft) or draft.trigger.kind == "noun":
        return draft
    token = draft.trigger.token
    particles = [c for c in token.children if c.dep_ == "prt" and c not in draft.trigger.tokens]
    common = draft.actor_token is not None and draft.actor_token.pos_ != "PROPN"
    if any(c.lower_ == "off" for c in particles) and not has_force(draft, story, armed_party=False) \
            and not (common and has_force(draft, story, counts=False, weapon=False)):
        return None   # "Agent X kills the hero off": "off" needs a weapon, a count or an armed group
    if particles and not has_force(draft, story, weapon=False):
        return None   # not "forces shot down a drone": an armed party
    present = _present(token)
    if present and any(c.dep_ == "auxpass" and c.lower_ in GET_FORMS for c in token.children):
        return None
    habitual = _classes(story, "habitual")
    if present and any(_in(t, habitual) for c in token.children if c.dep_ in ("advmod", "npadvmod")
                       for t in (c, *c.children)):
        return None
    return draft


def drop_told_in_court(draft: Draft, story: Story) -> Draft | None:
    """"He faces charges relating to the murder of ...", "the night his wife was shot dead, a
    court has heard", "sentenced for killing": violence that a charge, a trial or a court is
    about is the case's story; the news is the case (legal words above the trigger)."""
    if not _violent(draft):
        return draft
    legal = _classes(story, "legal")
    token = draft.trigger.token
    if any(_in(a, legal) for a in token.ancestors) or any(_in(s, legal) for s in _subjects_above(token)):
        return None
    return draft


def drop_a_condition(draft: Draft, story: Story) -> Draft | None:
    """"Worries about unrest in Iraq", "political unrest in the Middle East": a mass noun of
    violence (singular, with no determiner) with no actor, target, count, people named in its
    phrase or date of its own names a state of affairs, not an incident ("riots flared up",
    "an attack", "the Hariri killing" name incidents)."""
    token = draft.trigger.token
    if not _violent(draft) or draft.trigger.kind != "noun" or token.tag_ != "NN" \
            or draft.actor_token is not None or draft.target_token is not None or has_force(draft, story):
        return draft
    if any(c.dep_ in ("det", POSS, "nummod") for c in token.children):
        return draft
    named = [c for c in token.children if c.dep_ in (COMPOUND, AMOD, NSUBJ, "nmod")]
    named += [obj for prep, obj in _preps(token) if prep.lower_ in ("between", "with", "by", "against")]
    for child in named:
        if child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "NORP", "ORG") \
                or (story.describe(child) or _NO_ONE).type is not None:
            return draft   # "Hariri killing", "militant violence", "fighting between rebels and ..."
    when = draft.when
    if when is not None and not when.carried and when.precision != "year" \
            and when.text.lower().split()[-1:] != ["year"]:
        return draft   # "heavy fighting in Bahir Dar overnight"; not "this year"
    return None


def drop_depicted(draft: Draft, story: Story) -> Draft | None:
    """"The film depicts a bomb attack", "X portrays a massacre" (a verb of depiction over the
    violence, whatever its subject), "the game casts you as soldiers fighting", "the film
    bombed", "footage was shot in Rome", "US films shot in the UK": violence a story tells, and
    the shooting of films and pictures, are no news of violence."""
    if not _violent(draft):
        return draft
    fiction = _classes(story, "fiction")
    token = draft.trigger.token
    if _is_work(draft.actor_token, fiction) or any(_is_work(s, fiction) for s in _subjects_above(token)):
        return None
    depiction = _classes(story, "depiction")
    if token.dep_ in (DOBJ, NSUBJPASS) and _in(token.head, depiction) and token.head.pos_ == "VERB":
        return None   # "X portrays a massacre", "a raid is recreated": a work's plot, whatever X is
    if _played_by_reader(draft):
        return None   # "X casts you as soldiers fighting", "you shoot the guards": a game's play
    shot = _classes(story, "recording") | fiction
    made = [draft.target_token, *(c for c in token.children if c.dep_ in (COMPOUND, DOBJ, NSUBJPASS))]
    if token.dep_ in (ACL, RELCL):
        made.append(token.head)   # "films shot in the UK"
    if any(_in(t, shot) or _in(_compound_of(t), shot) for t in made if t is not None) \
            and not has_force(draft, story):
        return None
    return draft


def drop_contest(draft: Draft, story: Story) -> Draft | None:
    """"Saturday's league clash with Italy", "a takeover battle", "trade unions fighting change",
    "an attack by hackers", "shoot game animals", "the questions occupying fans", "attacked the
    trilogy as blasphemy": a violence word whose arguments are a contest, a market, an idea,
    computers or animals, or that judges its object ("as ..."), is no violence unless force is
    named. A thing of these kinds as the actor needs a weapon; as the victim, a weapon, people
    counted or an armed actor; as any other argument, any force (a weapon, people counted, an
    armed or crowd party)."""
    if not _violent(draft):
        return draft
    words = frozenset().union(*(_classes(story, c) for c in ("contest", "commerce", "idea", "cyber", "animal")))

    def a_thing(token: Token | None) -> bool:
        if token is None or token.pos_ not in ("NOUN", "PROPN"):
            return False
        if any(c.dep_ == CONJ and _in(c, words) for c in token.children):
            return True   # "an attack by vandals or hackers"
        described = story.describe(token)
        return (described is None or described.type is None) and _in(token, words)

    if a_thing(draft.actor_token) and not has_force(draft, story, counts=False, armed_party=False):
        return None   # "the questions occupying fans", "an attack by vandals or hackers"
    armed = draft.actor is not None and story.rules.is_a(draft.actor.type, "armed")
    if a_thing(draft.target_token) and not armed and not has_force(draft, story, counts=False, armed_party=False) \
            and not any(of_people(c, h, draft.trigger.action_type, story) for c, h in draft.counts
                        if h is not draft.target_token):
        return None   # "unions fighting change", "eleven warrants were executed"
    target = draft.target_token
    if draft.trigger.kind == "verb" and target is not None and target.tag_ == "NN" and not target.ent_type_ \
            and not any(c.dep_ in ("det", POSS, "nummod") or c.pos_ == "PROPN" for c in target.children) \
            and not (draft.actor is not None and story.rules.is_a(draft.actor.type, "armed")) \
            and getattr(story.rules.actors.head_noun(target.lemma_), "type", None) is None \
            and not has_force(draft, story, armed_party=False):
        return None   # "campaigners attack sleaze": a bare mass noun (no name, no armed actor) is a quality
    if target is not None and _quoted_word(target) and not names_people(target, story.describe(target), story.rules) \
            and not armed and not has_force(draft, story, armed_party=False):
        return None   # "campaigners attack MTV 'sleaze'": a word in quotation marks is a label judged
    ends = [t.i for t in draft.trigger.tokens]
    inside = list(draft.trigger.token.doc[min(ends):max(ends) + 1])   # "fired a forehand shot"
    kind = [t for t in inside if t not in draft.trigger.tokens]
    kind += [c for t in draft.trigger.tokens for c in t.children
             if c.dep_ in (COMPOUND, AMOD, "nmod") and c not in kind]
    if any(_in(t, words) for t in (*kind, *(g for c in kind for g in c.children if g.dep_ in (COMPOUND, AMOD))))\
            and not has_force(draft, story, weapon=False):
        return None   # "fired a forehand shot": the contest word says what kind of shot, even a weapon's
    if has_force(draft, story):
        return draft
    if any(t.pos_ in ("NOUN", "PROPN") and _in(t, words) for t in _arguments(draft)):
        return None
    target = draft.target_token
    if any(prep.lower_ == "as" for prep, _ in _preps(draft.trigger.token)) \
            and not (target is not None and names_people(target, story.describe(target), story.rules)):
        return None   # "attacked the plan as unfair": a judgement (not "executed him as ...")
    actor = draft.actor_token
    if draft.trigger.action_type.two_sided and draft.place_how in ("none", "document") \
            and (actor is None or actor.pos_ == "PROPN"):
        return None   # "the band won the sampling battle": two sides of no armed kind, nowhere
    if draft.trigger.action_type.two_sided and _sides_are_places(draft, story):
        return None   # "Sunday's clash with Ireland": nations or towns as sides, with no force, are teams
    return draft


def _sides_are_places(draft: Draft, story: Story) -> bool:
    """True when a two-sided fight names a side only by a place ("clash with Ireland", "Leeds
    battled Chelsea") and no side is a party of a known kind (forces, a crowd, people): a
    country or town fights through its forces, which news names; a team is named by its town."""
    token = draft.trigger.token
    sides = [t for t in (draft.actor_token, draft.target_token) if t is not None]
    sides += [obj for prep, obj in _preps(token) if prep.lower_ in ("with", "against")]
    placed = [t for t in sides if story.place_at(t) is not None or t.ent_type_ == "GPE"]
    if not placed:
        return False
    return all((story.describe(t) or _NO_ONE).type is None for t in sides if t not in placed)


def drop_institution(draft: Draft, story: Story) -> Draft | None:
    """"Governing bodies", "trade bodies", "deals with 20 national Olympic bodies": a count noun
    of death with a modifier that makes it an organisation (an institution word, or a named
    event or organisation) names no dead unless a weapon is named."""
    token = draft.trigger.token
    if not _violent(draft) or draft.trigger.kind != "noun" or not draft.trigger.action_type.person_count:
        return draft
    institution = _classes(story, "institution")
    modifiers = [c for c in token.children if c.dep_ in (AMOD, COMPOUND)]
    if any(_in(c, institution) or c.ent_type_ in ("EVENT", "ORG") for c in modifiers) \
            and not has_force(draft, story, counts=False, armed_party=False):
        return None
    return draft


def drop_police_search(draft: Draft, story: Story) -> Draft | None:
    """"Federal agents raided the firm's offices", "police raided the venue and arrested the
    singer": a raid by the state is a search, violence only with force named in its sentence."""
    rules, actor = story.rules, draft.actor
    if not _violent(draft) or draft.trigger.lemma not in _classes(story, "search"):
        return draft
    if actor is None or not rules.is_a(actor.type, "state") or has_force(draft, story, armed_party=False):
        return draft
    targets = [draft.target_token, *(o for p, o in _preps(draft.trigger.token) if p.lower_ in ("against", "on"))]
    if any(rules.is_a((story.describe(t) or _NO_ONE).type, "armed") for t in targets if t is not None):
        return draft   # "a raid against militants": armed on both sides
    return None


def mishap_is_no_violence(draft: Draft, story: Story) -> Draft | None:
    """"The tragedy has left 25,000 dead", "the waves which killed 30,000", "the drug injured
    them", "at least 23,000 people killed" in a story of a tsunami: harm done by a thing that is
    no weapon, or by no one when the last means the story named is a disaster, is a mishap; its
    means is the disaster type, which has no ACLED type (the deaths are still counted). "Injured
    herself while performing" with no one else is an accident, and no event."""
    if not _violent(draft):
        return draft
    actor, target, trigger = draft.actor_token, draft.target_token, draft.trigger
    if target is not None and target.lower_ in REFLEXIVES and actor is None:
        return None
    disaster = _disaster_type(story)
    if disaster is None or trigger.means is not None and not trigger.means.violent:
        return draft
    mishaps = _classes(story, "mishap") | _disaster_words(story)
    if any(_in(obj, mishaps) for prep, obj in _preps(trigger.token) if prep.lower_ in ("in", "from", "by", "during")):
        caused = not has_force(draft, story, counts=False)   # "lost their lives in the catastrophes"
    elif actor is not None and not (trigger.token.tag_ == "VBN" and actor.dep_ != "pobj"):
        caused = _in(actor, mishaps) and not has_force(draft, story, counts=False)
    else:   # no agent: "with at least 23,000 people killed"
        caused = trigger.action_type.is_outcome and trigger.means is None \
            and not has_force(draft, story, counts=False) and _last_means_is(trigger.token, story, mishaps)
    return replace(draft, trigger=replace(trigger, means=disaster)) if caused else draft


def drop_pit_mines(draft: Draft, story: Story) -> Draft | None:
    """"I got mine 12 years ago", "a copper mine", "deep and surface mines": a pronoun is no
    weapon, and a mine that yields a mineral is a pit, not an explosive."""
    token = draft.trigger.token
    if not _violent(draft) or draft.trigger.kind != "noun":
        return draft
    if token.pos_ == "PRON" or token.lower_ in POSSESSIVE_PRONOUNS and not any(
            c.dep_ in ("det", POSS, AMOD, COMPOUND, "nummod") for c in token.children):
        return None   # "I got mine": no determiner, no modifier
    if token.lemma_.lower() not in story.rules.actions.weapons:
        return draft
    minerals = _classes(story, "mineral")
    for child in token.children:
        if child.dep_ in (COMPOUND, AMOD) and _in(child, minerals):
            return None
        if child.dep_ == AMOD and any(_in(c, minerals) for c in child.children if c.dep_ == CONJ):
            return None   # "deep and surface mines"
    return draft


def drop_aggregate(draft: Draft, story: Story) -> Draft | None:
    """"Shot dead in 1996", "70 gun crime deaths between June 2003 and 2004", "the firm has been
    battling the authorities for more than a year": an event dated only by a year, by a span
    longer than a month, or told as lasting longer than a month, is history, a tally or a long
    struggle, not one incident (ACLED codes an incident to the day, the week or at worst the
    month)."""
    when = draft.when
    if _violent(draft) and (_spans_years(draft.trigger.token) or _lasts_longer_than_incident(draft, story)):
        return None
    if not _violent(draft) or when is None or not when.value or when.carried:
        return draft
    if when.precision == "year":
        return None
    if when.end and (date.fromisoformat(when.end) - date.fromisoformat(when.value)).days > INCIDENT_DAYS:
        return None
    return draft


#: Days in a unit of a duration ("for two years", "for months"): calendar facts, not tuning.
UNIT_DAYS = {"day": 1, "night": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365, "decade": 3650,
             "century": 36500}
#: Words of an unstated number of units ("for several years"): at least two of them.
SOME_UNITS = frozenset({"several", "many", "few", "some", "couple"})


def _lasts_longer_than_incident(draft: Draft, story: Story) -> bool:
    """True for "battling ... for more than a year", "have fought for decades", "for 18 months":
    the trigger's "for" names a duration longer than INCIDENT_DAYS. Not when the period is a
    comparison ("the deadliest attack for years": a superlative or an ordinal on the trigger)
    or the event has a day or a week of its own ("on Monday")."""
    token, when = draft.trigger.token, draft.when
    if any(c.tag_ in ("JJS", "RBS") or c.ent_type_ == "ORDINAL" for c in token.children):
        return False
    if when is not None and when.value and not when.carried and when.precision in ("day", "week"):
        return False
    numbers = story.rules.date_words.numbers
    for prep, obj in _preps(token):
        if prep.lower_ != "for":
            continue
        unit = obj if obj.lemma_.lower() in UNIT_DAYS else None
        if unit is None:
            continue
        amount = 0
        for t in obj.subtree:
            word = t.lower_
            if t.like_num and word.replace(",", "").isdigit():
                amount = max(amount, int(word.replace(",", "")))
            elif word in numbers:
                amount = max(amount, numbers[word])
            elif word in ("a", "an", "one"):
                amount = max(amount, 1)
            elif word in SOME_UNITS:
                amount = max(amount, 2)
        if amount == 0 and unit.tag_ == "NNS":
            amount = 2   # "for years", "for months"
        if amount * UNIT_DAYS[unit.lemma_.lower()] > INCIDENT_DAYS:
            return True
    return False


def _spans_years(token: Token) -> bool:
    """True for "between June 2003 and 2004": a "between" whose two dates name different years."""
    for prep, obj in _preps(token):
        if prep.lower_ != "between" or obj.ent_type_ != "DATE":
            continue
        second = next((c for c in obj.children if c.dep_ == CONJ), None)
        if second is None:
            continue
        first_years = {t.text for t in obj.subtree if t.like_num and len(t.text) == 4 and t not in second.subtree}
        second_years = {t.text for t in second.subtree if t.like_num and len(t.text) == 4}
        if first_years and second_years and first_years != second_years:
            return True
    return False


def drop_era_tally(draft: Draft, story: Story) -> Draft | None:
    """"Over 3,000 people were killed under the junta's rule", "died during the civil war": harm
    told for a long period (a regime, a war) is a tally of that time, not an incident."""
    if not _violent(draft):
        return draft
    era = _classes(story, "era")
    token = draft.trigger.token
    attached = [token, *(obj for _, obj in _preps(token))]   # "killed for political reasons under ..."
    if any(_in(obj, era) for t in attached for prep, obj in _preps(t)
           if prep.lower_ in ("under", "during", "throughout")):
        return None
    return draft


def drop_quoted_talk(draft: Draft, story: Story) -> Draft | None:
    """'"They were beating up the boy out there," the coach said': violence told inside a direct
    quote by a pronoun or no agent at all, with no force (a weapon, people counted, an armed or
    crowd party), no place and no date of its own, is a speaker's account or figure of speech,
    not a report (a quoted witness who names the place, the day or the gun still reports)."""
    if not _violent(draft) or not _in_direct_quote(draft.trigger.token):
        return draft
    actor = draft.actor_token
    if (actor is not None and actor.pos_ != "PRON") or has_force(draft, story):
        return draft
    when = draft.when
    if draft.place_how in ("prep", "clause") or (when is not None and when.value and not when.carried):
        return draft
    return None


#: Double quotation marks, straight and curly, that open and close direct speech.
QUOTE_MARKS = '"\u201c\u201d'


def _in_direct_quote(token: Token) -> bool:
    """True when the last double quotation mark before the token in its line opens a quote (a
    curly opening mark, or a straight one with a space before it and none after): news often
    leaves a quote of several paragraphs open, so the marks are not counted in pairs."""
    text = token.doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    at = max(text.rfind(mark, start, token.idx) for mark in QUOTE_MARKS)
    if at < 0:
        return False
    if text[at] != '"':
        return text[at] == "\u201c"
    after = text[at + 1:at + 2]
    return (at == start or text[at - 1].isspace()) and after != "" and not after.isspace()


#: The steps of this module, in the order events.py runs them.
FIGURATIVE_STEPS = (drop_pit_mines, drop_hypothetical, drop_generic, drop_told_in_court, drop_a_condition,
                    drop_depicted, drop_contest, drop_institution, drop_police_search,
                    mishap_is_no_violence, drop_aggregate, drop_era_tally, drop_quoted_talk)


# ---------------------------------------------------------------- what the steps read


def _governing_verb(token: Token) -> Token | None:
    """The verb of the trigger's clause: itself, or the verb a noun trigger hangs from."""
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head == current:
            return None
        current = current.head
    return None


def _present(verb: Token) -> bool:
    """True when the verb's clause is in the present: "get shot", "are getting injured"; a
    participle with no finite verb of its own ("people getting hurt") takes its clause's tense."""
    for _ in range(4):
        tags = [verb.tag_, *(c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass"))]
        if any(t in ("VBD", "MD") for t in tags):
            return False
        if any(t in ("VBP", "VBZ") for t in tags):
            return True
        verb = _governing_verb(verb.head) if verb.head != verb else None
        if verb is None:
            return False
    return False


def _may_happen(verb: Token) -> bool:
    """True for "could injure", "may be linked" (not the hedged past "may have killed")."""
    while verb.dep_ == CONJ and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        verb = verb.head
    auxiliaries = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a in MAY_AUX for a in auxiliaries) and not any(a in ("have", "'ve") for a in auxiliaries)


def _nonfactual_complement(token: Token, heads: frozenset[str], attempts: frozenset[str]) -> bool:
    """True when the trigger is the infinitive or gerund of a nonfactual head: "let people
    shoot", "practise shooting", "a plot to blow up", "call for them to be killed", "the only
    way is to kill" (not "an attempt to lynch": tried violence is coded)."""
    current = token
    for _ in range(5):
        if current.dep_ == CONJ:
            if any(c.dep_ in ("aux", "auxpass", NSUBJ, NSUBJPASS) for c in current.children):
                return False   # "tried to take a weapon and was shot dead": a clause of its own
            current = current.head
            continue
        if current.dep_ not in (XCOMP, CCOMP, ADVCL, ACL, RELCL):
            return False
        head = current.head
        to = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        if to and current.dep_ in (ACL, RELCL) and head.pos_ in ("NOUN", "PROPN") and not _in(head, attempts):
            return True   # "a plot to blow up", "orders to kill", "a brotherhood ... to blow up"
        if to or current.dep_ == XCOMP or current.tag_ in ("VB", "VBG"):
            if _in(head, heads):
                return True
            if head.lemma_ == "be" and any(c.dep_ == NSUBJ and _in(c, heads) for c in head.children):
                return True
        current = head
    return False


def _is_work(token: Token | None, fiction: frozenset[str]) -> bool:
    """True for a film, a game, a book ... or a title the parser knows as a work."""
    if token is None:
        return False
    return token.ent_type_ == "WORK_OF_ART" or (token.pos_ == "NOUN" and _in(token, fiction)) \
        or _in(_compound_of(token), fiction) and token.pos_ == "NOUN"


#: The second person: the reader or player a game or a guide speaks to.
SECOND_PERSON = frozenset({"you", "yourself", "yourselves"})


def _played_by_reader(draft: Draft) -> bool:
    """True when the agent is "you" (the reader or player), or the role a verb gives "you"
    ("casts you as soldiers fighting", "you play as a sniper who kills"): a game or a guide
    tells what its player does, not what happened."""
    actor = draft.actor_token
    if actor is not None and actor.lower_ in SECOND_PERSON:
        return True
    for token in (draft.trigger.token, actor):
        if token is None:
            continue
        for ancestor in token.ancestors:
            if ancestor.dep_ == PREP and ancestor.lower_ == "as":
                if any(c.lower_ in SECOND_PERSON and c.dep_ in (DOBJ, NSUBJ, NSUBJPASS)
                       for c in ancestor.head.children):
                    return True
    return False


#: Most words a label in quotation marks holds ("'sleaze'", "'cash for honours'").
LABEL_WORDS = 4


def _quoted_word(token: Token) -> bool:
    """True when the noun is enclosed in quotation marks inside its own phrase or just around
    it: "attack MTV 'sleaze'", "fight the 'nanny state'" (a label someone used, not a thing or
    a person; "the 'Liberty' hotel" quotes a name, not its head)."""
    doc, phrase = token.doc, {t.i for t in token.subtree}
    left = token.i - 1
    while left >= 0 and left in phrase and not doc[left].is_quote:
        left -= 1
    right = token.i + 1
    while right < len(doc) and right in phrase and not doc[right].is_quote:
        right += 1
    return left >= 0 and right < len(doc) and doc[left].is_quote and doc[right].is_quote \
        and right - left - 1 <= LABEL_WORDS


def _compound_of(token: Token | None) -> Token | None:
    """The compound modifier of a noun: "film" in "film version", "location" in "location shooting"."""
    if token is None:
        return None
    return next((c for c in token.children if c.dep_ == COMPOUND), None)


def _subjects_above(token: Token) -> Iterator[Token]:
    """The subjects of the verbs above the trigger: "the film depicts an attack" -> film."""
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            yield from (c for c in ancestor.children if c.dep_ in (NSUBJ, NSUBJPASS))


def _preps(token: Token) -> Iterator[tuple[Token, Token]]:
    for child in token.children:
        if child.dep_ == PREP:
            for obj in child.children:
                if obj.dep_ == POBJ:
                    yield child, obj


def _arguments(draft: Draft) -> Iterable[Token]:
    """The trigger's arguments and modifiers, their conjuncts and compounds: who, whom, of what
    kind, in what, for what (a noun trigger's whole phrase; a verb's purpose clause too)."""
    token = draft.trigger.token
    found: list[Token] = [t for t in (draft.actor_token, draft.target_token) if t is not None]
    if draft.trigger.kind == "noun":
        found.extend(token.subtree)
        if token.dep_ == POBJ and token.head.head.pos_ == "NOUN":
            found.append(token.head.head)   # "named in the squad for the clash"
        if token.dep_ == DOBJ:
            found.extend(token.head.subtree)   # "had a battle ... to claim the medal"
    else:
        heads = [token, token.head] if token.dep_ == CONJ else [token]   # a conjunct shares them
        for child in (c for h in heads for c in h.children):
            if child.dep_ in ARGUMENT_DEPS:
                found.append(child)
            elif child.dep_ == PREP:   # "ruled out of the league clash": a prep under a prep too
                found.extend(o for p in (child, *(c for c in child.children if c.dep_ == PREP))
                             for o in p.children if o.dep_ == POBJ)
            elif child.dep_ in (ADVCL, XCOMP) and any(c.lower_ == "to" for c in child.children):
                found.extend(c for c in child.children if c.dep_ == DOBJ)   # "to take the title"
    more = [c for t in found for c in t.children if c.dep_ in (COMPOUND, CONJ)]
    return [*found, *more]


def _disaster_words(story: Story) -> frozenset[str]:
    return _words_of(story.rules, "disaster")


def _means_words(story: Story) -> frozenset[str]:
    return _words_of(story.rules, "means")


def _disaster_type(story: Story):  # -> ActionType | None
    return next((t for t in story.rules.actions.types.values() if t.family == "disaster" and t.is_means), None)


@lru_cache(maxsize=8)
def _words_of(rules: RuleSet, kind: str) -> frozenset[str]:
    """One-word triggers of the disaster family, or of the violent means and their weapons
    ("attack", "bomb", "shelling", "gun")."""
    if kind == "means":
        words: set[str] = set(w for w in rules.actions.weapons if " " not in w)
        for atype in rules.actions.types.values():
            if atype.violent and atype.is_means:
                words.update(w for w in (*atype.nouns, *atype.verbs) if " " not in w)
        return frozenset(words)
    words = set()
    for atype in rules.actions.types.values():
        if atype.family == "disaster":
            words.update(w for w in (*atype.nouns, *atype.verbs) if " " not in w)
    return frozenset(words)


def _last_means_is(token: Token, story: Story, causes: frozenset[str]) -> bool:
    """True when the nearest word before the trigger (in its sentence or any before) that names
    how harm was done is one of ``causes``: a disaster or mishap, not an attack or a weapon."""
    means = _means_words(story)
    doc = token.doc
    for i in range(token.sent.end - 1, -1, -1):
        lemma = doc[i].lemma_.lower()
        if lemma in causes and doc[i].pos_ in ("NOUN", "PROPN"):
            return True
        if lemma in means:
            return False
    return False
