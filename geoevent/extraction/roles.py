"""roles.py reads who acted, who was acted upon, and how many of them, off a trigger's parse.

Pure functions over spaCy tokens: ``find_roles`` gives the head tokens of the actor and the
target, ``find_counts`` the count of the role the action type names (the killed, not the
killers; the ones who fled).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..model import Count
from .actions import Trigger, is_acronym_aux
from .agents import agent_behind_means
from .deps import AGENT, PASSIVE_SUBJECTS, PCOMP, POBJ, PREP, SUBJECTS, first_child, prep_object, prep_objects

if TYPE_CHECKING:  # pragma: no cover
    from .counts import CountRules


#: Prepositions that introduce the one acted upon: "opened fire on", "an attack against".
TARGET_PREPS = frozenset({"on", "against", "at", "upon", "into"})


_child = first_child


def _subject(token: Token, deps: Sequence[str] = SUBJECTS) -> Token | None:
    """The subject nearest the verb: in "NAIROBI, 8 July — Kenyan police fired" the parser may
    hang the dateline on the verb as a second subject."""
    found = [c for c in token.children if c.dep_ in deps]
    if not found:
        return None
    left = [c for c in found if c.i < token.i]
    return max(left, key=lambda c: c.i) if left else found[0]


def _agent(token: Token) -> Token | None:
    """The "by X" of a passive verb or an event noun."""
    for child in token.children:
        if child.dep_ == AGENT:
            obj = _child(child, (POBJ,))
            if obj is not None:
                return obj
    return prep_object(token, ("by",))


def _is_passive(token: Token) -> bool:
    if any(is_acronym_aux(c) for c in token.children):
        return False   # "IS Sahel militants attacked": a group's acronym, no passive "is"
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children) or (
        token.tag_ == "VBN" and token.dep_ in ("acl", "amod") and _agent(token) is not None
    )


#: Tags of a finite verb (a clause of its own), and the places of a noun that stands where a
#: clause would (a subject, or the complement of "said"), for "the first of two verbs read as a noun".
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
CLAUSE_PLACES = frozenset({"nsubj", "ccomp", "ROOT", "advcl"})


def _borrowed_subject(token: Token, instruments: frozenset[str], depth: int = 0) -> tuple[Token | None, bool]:
    """Return (subject, is_patient) for a clause without its own subject, from the clause above.

    "killed 6 and injured 5" (conj), "forced hundreds to escape" (xcomp: the object of the verb
    above), "opened fire, killing 12" (advcl), "soldiers fleeing the fighting" (acl: the noun).
    """
    if depth > 4 or token.head == token:
        return None, False
    head = token.head
    dep = token.dep_
    if dep == "xcomp":
        obj = _child(head, ("dobj",))
        if obj is not None:
            return obj, False
    if dep == "acl" and token.lemma_.lower() in instruments and head.dep_ == "dobj":
        # class "the means hung on the object": in "police dispersed the crowd using tear gas"
        # the parser ties "using" to "the crowd"; who uses the means is who acted
        return _borrowed_subject(head, instruments, depth + 1) if _subject(head.head) is None else (_subject(head.head), False)
    if dep in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return head, _is_passive(token) or token.tag_ == "VBN"
    if dep == "conj" and head.pos_ in ("NOUN", "PROPN") and head.i < token.i and token.tag_ in FINITE_TAGS \
            and head.dep_ in CLAUSE_PLACES:
        # class "the first of two verbs read as a noun": in "a crowd beat and burned to death
        # 13 men" the parser may take "beat" for a noun and join "burned" to "crowd", which
        # stands where a clause would; the noun is the subject of the verb joined to it
        return head, False
    if dep in ("conj", "xcomp", "advcl", "pcomp", "ccomp"):
        subj = _subject(head)
        if subj is not None:
            return subj, False
        subj = _subject(head, PASSIVE_SUBJECTS)
        if subj is not None and dep == "conj":
            return subj, True
        if head.pos_ in ("VERB", "AUX"):
            return _borrowed_subject(head, instruments, depth + 1)
    if dep in (POBJ, PCOMP) and head.dep_ == PREP and head.head.pos_ in ("VERB", "AUX"):
        # "arrived in Baidoa after fleeing drought": the subject of the verb the phrase hangs on
        verb = head.head
        subj = _subject(verb)
        if subj is not None:
            return subj, False
        return _borrowed_subject(verb, instruments, depth + 1)
    return None, False


def _relative_antecedent(token: Token | None) -> Token | None:
    """Replace a relative pronoun ("who", "which", "that") by the noun it stands for."""
    if token is not None and token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
        return token.head.head
    return token


#: Entity labels that are never an actor or a target ("the June meeting", "attacks of September 11").
NOT_PARTICIPANTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})


def find_roles(trigger: Trigger, means: dict | None = None,
               instruments: frozenset[str] = frozenset()) -> tuple[Token | None, Token | None]:
    """Return the head tokens of the actor (who did it) and the target (to whom) of a trigger
    (``means``: RuleSet.means, the words of weapons and attacks; ``instruments``: the verbs that
    name the means an act was done with, the ``instrument`` words of rules/word_classes.tsv:
    "dispersed the crowd using tear gas")."""
    actor, target = _roles(trigger, instruments)
    if trigger.kind != "adjective":
        actor = agent_behind_means(trigger.token, actor, means)   # "a strike by X killed", "killed in an attack by X"
        actor = sides_of_clash(trigger, actor)
        actor = None if actor is not None and actor.ent_type_ in NOT_PARTICIPANTS else actor
        target = None if target is not None and target.ent_type_ in NOT_PARTICIPANTS else target
    return actor, target


def sides_of_clash(trigger: Trigger, actor: Token | None) -> Token | None:
    """Return who caused an outcome told of a clash: the clash's sides, not the clash.

    Class "an outcome hanging on a clash": "mobs burned shops as clashes left seven dead",
    "supporters of two parties clashed, leaving several injured", "clashes between herders and
    farmers left nine dead". The outcome's grammatical subject is the clash noun, or (the
    parser hangs "leaving ..." on another verb of the sentence) the subject of that other verb;
    either way the dead and hurt are the work of the clash's sides (a two-sided means of the
    sentence, ``two_sided`` in actions.jsonl): the clash noun's "between A and B" (also for an
    outcome with no actor: "four were killed in clashes between protesters and police"), else
    the subject of the clause it hangs on ("mobs" above); for a clash verb, its own subject. An
    outcome with a subject of its own ("the army said they killed 12") keeps it.
    """
    clash, token = trigger.means_token, trigger.token
    if clash is None or trigger.means is None or not trigger.means.two_sided or not trigger.action_type.is_outcome:
        return actor
    if actor is not None and actor.i == clash.i:
        first, _ = _between(clash)
        if first is not None:
            return first
        verb = clash.head
        if clash.dep_ in SUBJECTS and verb.dep_ in ("advcl", "conj") and verb.head.pos_ in ("VERB", "AUX"):
            party = _subject(verb.head)
            if party is not None and party.pos_ != "PRON":
                return party
        return actor
    if actor is None and clash.pos_ in ("NOUN", "PROPN"):
        # "four people were killed in clashes between protesters and police"
        first, _ = _between(clash)
        if first is not None:
            return first
    if clash.pos_ in ("VERB", "AUX") and _subject(token) is None and _subject(token, PASSIVE_SUBJECTS) is None:
        side = _subject(clash) or _subject_read_as_object(clash)
        if side is not None and side.pos_ != "PRON":
            return side
    return actor


#: Conjunctions the parser may read as prepositions: "after supporters of two parties clashed".
CLAUSE_OPENERS = frozenset({"after", "before", "as", "since", "until", "when", "following"})


def _subject_read_as_object(verb: Token) -> Token | None:
    """The subject of a clause the parser read as a prepositional phrase: in "arrested 18 men
    after supporters of two parties clashed" it makes "supporters" the object of "after" and
    leaves "clashed" without a subject; the object that ends right before the verb is it."""
    for child in verb.head.children:
        if child.dep_ == PREP and child.lower_ in CLAUSE_OPENERS and child.i < verb.i:
            obj = _child(child, (POBJ,))
            if obj is not None and obj.right_edge.i == verb.i - 1:
                return obj
    return None


def _other_party(token: Token, trigger: Trigger) -> Token | None:
    """The object of "with" for clashes, meetings and agreements (types marked ``with_party``)."""
    if not trigger.action_type.with_party:
        return None
    return prep_object(token, ("with",))


#: Modifiers under which the parser may hang the first of two sides: in "between the Taliban and
#: government forces" it reads one phrase, "forces" modified by "Taliban and government".
_SIDE_MODIFIERS = frozenset({"nmod", "compound", "amod"})


def _between(token: Token) -> tuple[Token | None, Token | None]:
    """"fighting between the Taliban and government forces" -> (Taliban, forces).

    Class "two sides read as one phrase": "between" always names two sides, so when its object
    has no conjunct of its own but a modifier that has one ("the Taliban and government
    forces" parsed as forces modified by "Taliban and government"), the modifier is the first
    side and the object (with the conjunct as its modifier) the second."""
    first = prep_object(token, ("between",))
    if first is None:
        return None, None
    other = _child(first, ("conj",))
    if other is None:
        for modifier in first.children:
            if modifier.dep_ in _SIDE_MODIFIERS and modifier.i < first.i and _child(modifier, ("conj",)) is not None:
                return modifier, first
    return first, other


def _roles(trigger: Trigger, instruments: frozenset[str] = frozenset()) -> tuple[Token | None, Token | None]:
    token = trigger.token
    actor: Token | None = None
    target: Token | None = None
    if trigger.kind == "adjective":
        # "32 dead", "159 wounded": the number (or the noun it counts) is the one affected
        number = token.head if token.head.like_num or token.head.pos_ == "NUM" else _number_child(token)
        return None, number
    if trigger.kind == "noun":
        for child in token.children:
            if child.dep_ == "poss" or (child.dep_ == "compound" and (child.ent_type_ in ("NORP", "ORG", "GPE") or child.pos_ == "PROPN")):
                actor = child
            elif child.dep_ == "amod" and child.ent_type_ == "NORP":
                actor = actor or child
            elif child.dep_ == PREP and child.lower_ == "by":
                actor = _child(child, (POBJ,)) or actor
            elif child.dep_ == PREP and child.lower_ in TARGET_PREPS:
                obj = _child(child, (POBJ,))
                if obj is not None and obj.ent_type_ not in ("GPE", "LOC", "FAC"):
                    target = target or obj
            elif child.dep_ == PREP and child.lower_ == "of" and trigger.action_type.count_role == "target":
                target = target or _child(child, (POBJ,))
        if actor is None and token.dep_ in ("dobj", "conj") and token.head.pos_ == "VERB":
            # "militants launched an attack": the subject of the light verb; "residents beat and
            # inflicted injuries on him": a noun the parser joined to the verb before it
            actor = _subject(token.head)
        if actor is None and token.dep_ == POBJ and token.head.lower_ in ("for", "on") \
                and token.head.head.pos_ == "VERB":
            # "the minister arrived in Islamabad for a two-day visit"
            actor = _subject(token.head.head)
        if actor is None:
            actor, other = _between(token)
            if actor is None and token.dep_ in SUBJECTS and token.head.pos_ == "VERB":
                # "clashes broke out between X and Y", "mob violence took place between ..."
                actor, other = _between(token.head)
            target = target or other
        return _relative_antecedent(actor), target or _other_party(token, trigger)
    passive = _is_passive(token)
    subj = _subject(token)
    subj_pass = _subject(token, PASSIVE_SUBJECTS)
    if subj is None and not passive and subj_pass is not None and any(is_acronym_aux(c) for c in token.children):
        # class "a group's acronym read as the verb 'is'": "IS Sahel militants attacked the
        # village" is parsed as a passive whose subject is the attackers
        subj, subj_pass = subj_pass, None
    if subj is None and subj_pass is None:
        borrowed, patient = _borrowed_subject(token, instruments)
        if patient or (passive and borrowed is not None):
            subj_pass = borrowed
        else:
            subj = borrowed
    if subj is None and subj_pass is None and passive:
        subj_pass = _range_subject(token)
    subj = _relative_antecedent(subj)
    subj_pass = _relative_antecedent(subj_pass)
    if trigger.undergoer_subject:
        return _agent(token), subj or subj_pass
    if passive or subj_pass is not None:
        actor = _agent(token)
        target = subj_pass
    else:
        actor = subj
        target = _child(token, ("dobj",))
    last = trigger.tokens[-1]
    if trigger.kind == "phrase" and last.dep_ == PREP:
        # "fired tear gas at protesters", "fired rockets at the town": the object is what was
        # fired, the phrase's own preposition names whom it was fired at
        target = _child(last, (POBJ,)) or target
    if target is not None and any(target == t for t in trigger.tokens):
        target = None   # "took refuge": the object is part of the phrase
    if target is None:
        for t in trigger.tokens[1:] + (token,):
            target = next((obj for _, obj in prep_objects(t, TARGET_PREPS)
                           if obj.ent_type_ not in ("GPE", "LOC", "FAC") and obj.ent_type_ not in NOT_PARTICIPANTS), None)
            if target is not None:
                break
    if target is None and trigger.kind == "phrase":
        target = _purpose_object(token)
    return actor, target or _other_party(token, trigger)


def _purpose_object(token: Token) -> Token | None:
    """The one a done act was meant for, told by its purpose: "fired tear gas to disperse
    demonstrators" (class "X did A to do B": A happened, B is only its purpose, and B's object
    is whom A was done to). Only for a phrase whose own object is its means ("fired tear gas",
    "used water cannon"), so "sent troops to attack the rebels" gives the troops no target."""
    for clause in token.children:
        if clause.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            obj = _child(clause, ("dobj",))
            if obj is not None and obj.ent_type_ not in ("GPE", "LOC", "FAC"):
                return obj
    return None


def _range_subject(token: Token) -> Token | None:
    """The subject of a passive verb that the parser read as a preposition's object: in "Between
    7 and 10 soldiers were killed" the range's "between" heads the counted noun (class "a toll
    given as a range")."""
    for child in token.children:
        if child.dep_ == PREP and child.lower_ == "between" and child.i < token.i:
            obj = _child(child, (POBJ,))
            if obj is not None and any(c.dep_ == "nummod" for c in obj.children):
                return obj
    return None


def _number_child(token: Token) -> Token | None:
    for child in token.children:
        if child.like_num or child.pos_ == "NUM":
            return child
    return None


def count_of(token: Token | None, rules: CountRules | None = None) -> Count | None:
    """Return the count of the noun phrase of ``token``, or None."""
    from .counts import count_for

    if token is None:
        return None
    return count_for(token, rules)


def is_tally(trigger: Trigger, rules: CountRules | None = None) -> bool:
    """True for an event noun whose figure its verb gives: "the death toll rose to 32", "the
    number of casualties stands at 12", "deaths climbed to 40" (a tally, not an event of its own)."""
    return trigger.kind == "noun" and trigger.token.dep_ in SUBJECTS and count_of(trigger.token, rules) is None \
        and _toll_count(trigger, rules) is not None


def _toll_count(trigger: Trigger, rules: CountRules | None) -> Count | None:
    """The figure of "the death toll rose to 32" / "the toll stands at 32"."""
    from .counts import parse_count

    verb = trigger.token.head
    for _, obj in prep_objects(verb, ("to", "at")):
        if obj.like_num or obj.pos_ == "NUM":
            found = parse_count(obj.doc[obj.left_edge.i:obj.i + 1].text, rules)
            if found is not None:
                return replace(found, of="deaths") if found.of is None else found
    for child in verb.children:
        if child.dep_ == "attr" and (child.like_num or child.pos_ == "NUM"):
            found = parse_count(child.doc[child.left_edge.i:child.i + 1].text, rules)
            if found is not None:
                return found
    return None


def find_counts(trigger: Trigger, actor: Token | None, target: Token | None,
                rules: CountRules | None = None) -> list[tuple[Count | None, Token | None]]:
    """Return the counts of the event with the role token each belongs to.

    The count belongs to the role the action type names (``count_role``): the killed, not the
    killers; the ones who fled. Coordinated groups ("two soldiers and seven militants died")
    give one count each.
    """
    from .counts import conjunct_counts, parse_count

    role = trigger.action_type.count_role
    if is_tally(trigger, rules):
        return [(_toll_count(trigger, rules), None)]
    if trigger.kind == "adjective":
        return [(count_of(target, rules), target)]
    if trigger.kind == "noun" and trigger.action_type.count_nouns and trigger.lemma in trigger.action_type.count_nouns:
        found = count_of(trigger.token, rules)
        if found is None:
            # "Fatalities: 3" (ACLED's notes): the number stands beside the noun
            number = _number_child(trigger.token)
            found = parse_count(number.text, rules) if number is not None else None
        return [(found, None)]
    if role is None:
        return [(None, None)]
    holder = target if role == "target" else actor
    conj = conjunct_counts(holder, rules) if holder is not None and (_has_conj(holder) or holder.dep_ == "dobj") else []
    if len(conj) > 1 and all(c is not None for c, _ in conj):
        return conj
    if role == "actor" and trigger.kind == "phrase":
        # "asked for shelter and safe passage for the 46 soldiers": the ones moving are the
        # beneficiaries, not the commander who asked
        beneficiary = _beneficiary(trigger, rules)
        if beneficiary is not None:
            found = count_of(beneficiary, rules)
            if found is not None:
                return [(found, beneficiary)]
    found = count_of(holder, rules)
    if found is None and trigger.action_type.with_party:
        other = actor if holder == target else target
        found = count_of(other, rules)
        holder = other if found is not None else holder
    return [(found, holder)]


def _beneficiary(trigger: Trigger, rules: CountRules | None = None) -> Token | None:
    """The noun of a "for" phrase under the trigger that has a count ("for 46 soldiers")."""
    for t in trigger.tokens:
        for tok in t.subtree:
            if tok.dep_ == POBJ and tok.head.lower_ == "for" and tok.pos_ in ("NOUN", "PROPN") \
                    and count_of(tok, rules) is not None:
                return tok
    return None


def _has_conj(token: Token) -> bool:
    return any(child.dep_ == "conj" for child in token.children)
