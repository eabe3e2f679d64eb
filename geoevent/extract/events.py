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
from .actions import ActionLexicon, Trigger, _has_number, is_irrealis, modality, negation

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
OBJECTS = ("dobj", "obj", "attr", "oprd")
#: Prepositions that introduce the one acted upon: "opened fire on", "an attack against".
TARGET_PREPS = frozenset({"on", "against", "at", "upon", "into"})
#: Prepositions that name where an event took place or ended.
PLACE_PREPS = frozenset({
    "in", "into", "to", "at", "near", "across", "inside", "outside", "around", "on", "towards",
    "toward", "opposite", "along", "within", "throughout", "over", "off", "for",
    "through", "onto", "nearby", "beyond", "past", "under",
})
#: Prepositions that name where an actor came from, not where the event happened.
ORIGIN_PREPS = frozenset({"from"})
#: Dependency labels of clauses that borrow their subject from the clause they hang on.
BORROWING = ("conj", "xcomp", "advcl", "acl", "relcl", "pcomp")
ARMED = frozenset({"military", "police", "rebels", "militia", "unidentified_armed_group", "criminal"})
STATE = frozenset({"military", "police", "government"})
NON_STATE_ARMED = frozenset({"rebels", "militia", "unidentified_armed_group"})
UNARMED = frozenset({"civilians", "protesters", "refugees", "media", "journalists", "business"})
HUMAN_TYPES = ARMED | STATE | UNARMED | frozenset({"rioters", "political_party", "international_organisation", "judiciary"})
PRECISION_RANK = {"place": 3, "admin1": 2, "country": 1}


@dataclass(frozen=True)
class Located:
    """A place mention found in the parse, as the event extractor needs it."""

    start: int          # token offsets
    end: int
    place: Place


@dataclass(frozen=True)
class DocContext:
    """What an extraction knows about the whole document."""

    doc_id: str
    places: tuple[Located, ...] = ()
    main_place: Place | None = None
    dates: tuple = ()                 # geoevent.extract.dates.DateMention
    published: date | None = None
    published_source: str | None = None
    skip: tuple[tuple[int, int], ...] = ()   # character ranges of page clutter


@dataclass(frozen=True)
class Draft:
    """An event before ids are given: what one trigger says."""

    trigger: Trigger
    actor_token: Token | None
    target_token: Token | None
    count: Count | None
    place: Located | None
    place_how: str                    # "prep", "clause", "sentence", "document", "none"
    when: When | None


class EventRules:
    """The resources extraction reads: actions, actors, counts, dates and places."""

    def __init__(self, actions: ActionLexicon, actors=None):
        self.actions = actions
        self.actors = actors


# ---------------------------------------------------------------- roles


def _child(token: Token, deps: Sequence[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


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
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            obj = _child(child, ("pobj",))
            if obj is not None:
                return obj
    return None


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children) or (
        token.tag_ == "VBN" and token.dep_ in ("acl", "amod") and _agent(token) is not None
    )


def _borrowed_subject(token: Token, depth: int = 0) -> tuple[Token | None, bool]:
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
    if dep in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return head, _is_passive(token) or token.tag_ == "VBN"
    if dep in ("conj", "xcomp", "advcl", "pcomp", "ccomp"):
        subj = _subject(head)
        if subj is not None:
            return subj, False
        subj = _subject(head, PASSIVE_SUBJECTS)
        if subj is not None and dep == "conj":
            return subj, True
        if head.pos_ in ("VERB", "AUX"):
            return _borrowed_subject(head, depth + 1)
    if dep in ("pobj", "pcomp") and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        # "arrived in Baidoa after fleeing drought": the subject of the verb the phrase hangs on
        verb = head.head
        subj = _subject(verb)
        if subj is not None:
            return subj, False
        return _borrowed_subject(verb, depth + 1)
    return None, False


def _relative_antecedent(token: Token | None) -> Token | None:
    """Replace a relative pronoun ("who", "which", "that") by the noun it stands for."""
    if token is not None and token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
        return token.head.head
    return token


#: Entity labels that are never an actor or a target ("the June meeting", "attacks of September 11").
NOT_PARTICIPANTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
#: Action types whose other party is introduced by "with": "clashed with", "met with", "agreed with".
WITH_TYPES = frozenset({"armed_clash", "meet", "agree"})


def find_roles(trigger: Trigger) -> tuple[Token | None, Token | None]:
    """Return the head tokens of the actor (who did it) and the target (to whom) of a trigger."""
    actor, target = _roles(trigger)
    if trigger.kind != "adjective":
        actor = None if actor is not None and actor.ent_type_ in NOT_PARTICIPANTS else actor
        target = None if target is not None and target.ent_type_ in NOT_PARTICIPANTS else target
    return actor, target


def _other_party(token: Token, trigger: Trigger) -> Token | None:
    """The object of "with" for clashes, meetings and agreements."""
    if trigger.action_type.type not in WITH_TYPES:
        return None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "with":
            return _child(child, ("pobj",))
    return None


def _between(token: Token) -> tuple[Token | None, Token | None]:
    """"fighting between the Taliban and government forces" -> (Taliban, forces)."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            first = _child(child, ("pobj",))
            if first is not None:
                return first, _child(first, ("conj",))
    return None, None


def _roles(trigger: Trigger) -> tuple[Token | None, Token | None]:
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
            elif child.dep_ == "prep" and child.lower_ == "by":
                actor = _child(child, ("pobj",)) or actor
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                obj = _child(child, ("pobj",))
                if obj is not None and obj.ent_type_ not in ("GPE", "LOC", "FAC"):
                    target = target or obj
            elif child.dep_ == "prep" and child.lower_ == "of" and trigger.action_type.count_role == "target":
                target = target or _child(child, ("pobj",))
        if actor is None and token.dep_ in ("dobj",) and token.head.pos_ == "VERB":
            # "militants launched an attack": the subject of the light verb
            actor = _subject(token.head)
        if actor is None and token.dep_ == "pobj" and token.head.lower_ in ("for", "on") \
                and token.head.head.pos_ == "VERB":
            # "the minister arrived in Islamabad for a two-day visit"
            actor = _subject(token.head.head)
        if actor is None:
            actor, other = _between(token)
            target = target or other
        return _relative_antecedent(actor), target or _other_party(token, trigger)
    passive = _is_passive(token)
    subj = _subject(token)
    subj_pass = _subject(token, PASSIVE_SUBJECTS)
    if subj is None and subj_pass is None:
        borrowed, patient = _borrowed_subject(token)
        if patient or (passive and borrowed is not None):
            subj_pass = borrowed
        else:
            subj = borrowed
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
    if target is None and trigger.kind == "phrase" and last.dep_ == "prep":
        target = _child(last, ("pobj",))
    if target is None:
        for t in trigger.tokens[1:] + (token,):
            for child in t.children:
                if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                    obj = _child(child, ("pobj",))
                    if obj is not None and obj.ent_type_ not in ("GPE", "LOC", "FAC"):
                        target = obj
                        break
            if target is not None:
                break
    if target is not None and any(target == t for t in trigger.tokens):
        target = None   # "took refuge": the object is part of the phrase
    return actor, target or _other_party(token, trigger)


def _number_child(token: Token) -> Token | None:
    for child in token.children:
        if child.like_num or child.pos_ == "NUM":
            return child
    return None


# ---------------------------------------------------------------- places


def _coordinated(places: list[Located], doc: Doc) -> list[Located]:
    """Keep the coordinated places of a list ("to Tajikistan, Iran and China"); of a nested
    mention ("Arundu Sector, Chitral"; "Kagara, in Niger State") keep the most specific."""
    if len(places) <= 1:
        return places
    first = places[0]
    head_first = doc[first.start:first.end].root
    listed = [first]
    for other in places[1:]:
        root = doc[other.start:other.end].root
        chain = root
        is_conj = False
        for _ in range(6):
            if chain.dep_ != "conj":
                break
            chain = chain.head
            if first.start <= chain.i < first.end or chain == head_first or any(
                p.start <= chain.i < p.end for p in listed
            ):
                is_conj = True
                break
        if is_conj:
            listed.append(other)
    if len(listed) > 1:
        return listed
    best = max(places, key=lambda p: (PRECISION_RANK.get(p.place.precision or "", 0), -p.start))
    return [best]


def find_places_for(trigger: Trigger, sent: Span, ctx: DocContext, actor: Token | None) -> tuple[list[Located], str]:
    """Return the event's places and how they were found.

    In order: the places governed by the trigger's prepositions or object ("into Tajikistan",
    "in the village of Kadawa", "visited Uzbekistan and Tajikistan") -> "prep"; else the place
    nearest the trigger in its own clause (not in a subordinate clause) -> "clause"; else the
    document's main place -> "document". Origins ("fled Afghanistan for Pakistan", "from
    Syria") and the actor itself ("the United States withdrew") are never the event's place.
    """
    doc = sent.doc
    in_sent = [p for p in ctx.places if p.start >= sent.start and p.end <= sent.end
               and not _in_modifier(doc, p)]
    if actor is not None:
        in_sent = [p for p in in_sent if not (p.start <= actor.i < p.end)]
    if in_sent:
        anchors = {t.i for t in trigger.tokens}
        head = trigger.token.head
        if trigger.kind == "noun" and trigger.token.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in LIGHT_VERBS:
            anchors.add(head.i)   # "Protests were reported in Mombasa", "fighting broke out in Goma"
        for t in trigger.tokens:
            # "threatened to attack Goma": the place of what was threatened
            anchors.update(c.i for c in t.children if c.dep_ == "xcomp" and c.pos_ == "VERB")
        objects_are_origins = trigger.action_type.type in LEAVING
        if trigger.action_type.type in LEFT_PLACES:
            # "withdrew its troops from Avdiivka": the place left is where it happened
            for t in trigger.tokens:
                anchors.update(c.i for c in t.children if c.dep_ == "prep" and c.lower_ == "from")
        governed = [p for p in in_sent
                    if _governed(doc[p.start:p.end].root, anchors, objects_are_origins) == "place"]
        if governed:
            return _coordinated(sorted(governed, key=lambda p: p.start), doc), "prep"
        related = _related_verbs(trigger.token)
        if related:
            shared = [p for p in in_sent if _governed(doc[p.start:p.end].root, related) == "place"]
            if shared:
                return _coordinated(sorted(shared, key=lambda p: p.start), doc), "prep"
        where = _where_antecedent(trigger.token, in_sent)
        if where is not None:
            return [where], "clause"
        if trigger.kind != "noun" or trigger.token.dep_ == "dobj":
            # a verb's clause; or for an event noun that is an object ("In Khartoum, residents
            # reported air strikes"), the clause of the verb that reports it
            clause = _clause_head(trigger.token)
            nearby = [p for p in in_sent if _clause_head(doc[p.start:p.end].root) == clause
                      and _governed(doc[p.start:p.end].root, anchors) != "origin" and not _is_origin(p, doc)]
            if nearby:
                best = min(nearby, key=lambda p: abs(p.start - trigger.token.i))
                return _coordinated([best], doc), "clause"
    if ctx.main_place is not None:
        return [Located(-1, -1, ctx.main_place)], "document"
    return [], "none"


#: Types where "a man was killed" is a count of one.
PERSON_COUNT_TYPES = frozenset({"kill", "injure", "abduct", "arrest", "sexual_violence"})
#: Verbs that only say an event noun happened: its places are the event's.
LIGHT_VERBS = frozenset({
    "report", "break", "erupt", "continue", "spread", "hold", "occur", "happen", "flare", "rage",
    "resume", "intensify", "take", "escalate", "stage", "grip", "hit", "rock", "strike",
})
#: Nouns a place may hang on and still be where the event was: "in the village of Kadawa".
PLACE_NOUNS = frozenset({
    "village", "town", "city", "district", "province", "state", "region", "area", "county",
    "border", "capital", "outskirts", "suburb", "neighbourhood", "neighborhood", "camp", "market",
    "part", "parts", "north", "south", "east", "west", "centre", "center", "heart", "streets",
    "street", "road", "highway", "frontier", "sector", "municipality", "governorate", "oblast",
    "locality", "community", "settlement", "zone", "side", "coast", "port", "island", "valley",
    "hills", "mountains", "forest", "base", "airport", "prison", "hospital", "school", "mosque",
    "church", "checkpoint", "crossing", "post", "posts", "headquarters", "areas", "villages",
    "towns", "cities", "districts", "provinces", "regions", "countries", "country", "enclave",
})
#: Event nouns a place may hang on: "killed 12 in a raid on a village in Zamfara State".
EVENT_NOUNS = frozenset({
    "attack", "raid", "ambush", "assault", "strike", "airstrike", "bombing", "blast", "explosion",
    "clash", "fighting", "operation", "offensive", "incident", "violence", "protest",
    "demonstration", "rally", "march", "shooting", "attacks", "raids", "clashes", "strikes",
    "operations", "protests", "demonstrations", "crackdown", "battle", "siege", "shelling",
})
LINK_DEPS = frozenset({"conj", "appos", "compound", "nmod", "amod", "npadvmod", "cc", "punct"})


#: Action types whose object is the place left behind: "fled Afghanistan for Pakistan".
LEAVING = frozenset({"flee", "withdraw"})
#: Action types that happen where they leave: "withdrew from Avdiivka", "pulled out of Bakhmut".
LEFT_PLACES = frozenset({"withdraw"})


def _in_modifier(doc: Doc, place: Located) -> bool:
    """True for a place inside a hyphenated modifier: "Iran-aligned", "Saudi-led", "US-backed"."""
    after = place.end
    return after + 1 < len(doc) and doc[after].text == "-" and not doc[after - 1].whitespace_ \
        and doc[after + 1].pos_ in ("VERB", "ADJ") and doc[after + 1].tag_ in ("VBN", "VBD", "JJ")


def _governed(root: Token, anchors: set[int], objects_are_origins: bool = False) -> str | None:
    """Return "place" when the place ``root`` hangs on a trigger word through prepositions and
    place nouns only, "origin" when it does through "from" (or is the object of a verb of
    leaving), else None."""
    token = root
    for _ in range(8):
        dep = token.dep_
        head = token.head
        if head == token:
            return None
        if dep == "pobj":
            pass
        elif dep == "prep":
            if token.lower_ not in PLACE_PREPS and token.lower_ not in ORIGIN_PREPS and token.lower_ != "of":
                return None
        elif dep in ("dobj", "npadvmod", "attr") and head.i in anchors:
            return "origin" if dep == "dobj" and objects_are_origins else "place"
        elif dep not in LINK_DEPS:
            return None
        if head.i in anchors:
            if dep == "prep" and token.lower_ in ORIGIN_PREPS:
                return "origin"
            return "place" if dep in ("prep", "dobj", "npadvmod", "conj", "appos") else None
        if dep == "prep" and head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in PLACE_NOUNS \
                and head.lemma_.lower() not in EVENT_NOUNS and head.ent_type_ not in ("GPE", "LOC", "FAC"):
            return None    # "in the wake of advances inside Afghanistan": not where the trigger was
        if head.pos_ in ("VERB", "AUX") and head.i not in anchors:
            return None
        token = head
    return None


def _related_verbs(token: Token) -> set[int]:
    """Verbs that share the trigger's circumstances: its coordinated verbs ("killed 12 and
    abducted 40 in a raid on Kadawa") and, for a participle, the verb it hangs on ("clashed
    near Katsina, killing seven")."""
    if token.pos_ not in ("VERB", "AUX"):
        return set()
    related = {c.i for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB"}
    if token.dep_ == "conj" and token.head.pos_ == "VERB":
        related.add(token.head.i)
        related.update(c.i for c in token.head.children if c.dep_ == "conj" and c.i != token.i)
    if token.dep_ == "advcl" and token.tag_ == "VBG":
        related.add(token.head.i)
    # "were killed when jihadists ambushed an army unit near Torodi": the clause that tells how
    related.update(c.i for c in token.children if c.dep_ == "advcl" and c.pos_ == "VERB"
                   and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as", "after", "while") for m in c.children))
    return related


def _where_antecedent(token: Token, places: Sequence[Located]) -> Located | None:
    """The place a "where" clause describes: "in Kunar province, where fighting was heavy"."""
    clause = _clause_head(token)
    if clause.dep_ != "relcl" or not any(c.lower_ == "where" for c in clause.children):
        return None
    noun = clause.head
    for p in places:
        if p.start <= noun.i < p.end or (noun.lemma_.lower() in PLACE_NOUNS and _governed(noun.doc[p.start:p.end].root, {noun.i}) == "place"):
            return p
    for child in noun.children:
        for p in places:
            if child.dep_ in ("compound", "nmod") and p.start <= child.i < p.end:
                return p
    return None


def _is_origin(p: Located, doc: Doc) -> bool:
    root = doc[p.start:p.end].root
    return root.dep_ == "pobj" and root.head.lower_ == "from"


def _clause_head(token: Token) -> Token:
    """The verb whose clause contains ``token`` (the token itself when it is that verb)."""
    head = token
    for _ in range(12):
        if head.pos_ in ("VERB", "AUX") and head.dep_ not in ("amod",):
            return head
        if head.head == head:
            return head
        head = head.head
    return head


# ---------------------------------------------------------------- counts


def _count_of(token: Token | None) -> Count | None:
    from .counts import count_for

    if token is None:
        return None
    return count_for(token)


def _toll_count(trigger: Trigger) -> Count | None:
    """The figure of "the death toll rose to 32" / "the toll stands at 32"."""
    from .counts import parse_count

    verb = trigger.token.head
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "at"):
            obj = _child(child, ("pobj",))
            if obj is not None and (obj.like_num or obj.pos_ == "NUM"):
                span = obj.doc[obj.left_edge.i:obj.i + 1]
                found = parse_count(span.text)
                if found is not None:
                    return replace(found, of="deaths") if found.of is None else found
        if child.dep_ == "attr" and (child.like_num or child.pos_ == "NUM"):
            found = parse_count(child.doc[child.left_edge.i:child.i + 1].text)
            if found is not None:
                return found
    return None


def find_counts(trigger: Trigger, actor: Token | None, target: Token | None) -> list[tuple[Count | None, Token | None]]:
    """Return the counts of the event with the role token each belongs to.

    The count belongs to the role the action type names (``count_role``): the killed, not the
    killers; the ones who fled. Coordinated groups ("two soldiers and seven militants died")
    give one count each.
    """
    from .counts import conjunct_counts

    role = trigger.action_type.count_role
    if trigger.lemma in ("death toll", "toll"):
        return [(_toll_count(trigger), None)]
    if trigger.kind == "adjective":
        return [(_count_of(target), target)]
    if trigger.kind == "noun" and trigger.action_type.count_nouns and trigger.lemma in trigger.action_type.count_nouns:
        found = _count_of(trigger.token)
        if found is None:
            # "Fatalities: 3" (ACLED's notes): the number stands beside the noun
            from .counts import parse_count

            number = _number_child(trigger.token)
            found = parse_count(number.text) if number is not None else None
        return [(found, None)]
    if role is None:
        return [(None, None)]
    holder = target if role == "target" else actor
    conj = conjunct_counts(holder) if holder is not None and _has_conj(holder) else []
    if len(conj) > 1 and all(c is not None for c, _ in conj):
        return conj
    if role == "actor" and trigger.kind == "phrase":
        # "asked for shelter and safe passage for the 46 soldiers": the ones moving are the
        # beneficiaries, not the commander who asked
        beneficiary = _beneficiary(trigger)
        if beneficiary is not None:
            found = _count_of(beneficiary)
            if found is not None:
                return [(found, beneficiary)]
    found = _count_of(holder)
    if found is None and trigger.action_type.type in WITH_TYPES:
        other = actor if holder == target else target
        found = _count_of(other)
        holder = other if found is not None else holder
    return [(found, holder)]


def _beneficiary(trigger: Trigger) -> Token | None:
    """The noun of a "for" phrase under the trigger that has a count ("for 46 soldiers")."""
    for t in trigger.tokens:
        for tok in t.subtree:
            if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.pos_ in ("NOUN", "PROPN") \
                    and _count_of(tok) is not None:
                return tok
    return None


def _has_conj(token: Token) -> bool:
    return any(child.dep_ == "conj" for child in token.children)


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


#: Violence reported as its outcome (kill, injure) or as its means; ranked, most specific first.
OUTCOMES = ("kill", "injure")
MEANS = ("bombing", "air_strike", "shelling", "armed_clash", "attack", "disaster")
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


def _has_evidence(actor: Actor | None, target: Token | None, trigger: Trigger, place_how: str, rules: EventRules) -> bool:
    """True when a violence trigger is about people or places, not a metaphor or a game."""
    if actor is not None and actor.type is not None:
        return True
    if target is not None and (_describe(target, rules) or Actor("", "")).type is not None:
        return True
    if place_how in ("prep", "clause"):
        return True
    return any(_count_of(t) is not None for t in (target,) if t is not None) or _has_number(trigger.token)


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
    if victim is not None and _count_of(victim) is not None and victim.tag_ in ("NNS", "NNPS", "CD"):
        return True
    for t in trigger.token.subtree:
        lemma = t.lemma_.lower()
        if t.dep_ == "pobj" and (lemma in DEATH_CAUSES or rules.actions.is_event_noun(lemma)):
            return True
    return False


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


def extract_events(doc: Doc, ctx: DocContext, rules: EventRules) -> list[Event]:
    """Return the events of a parsed document, one record per (trigger, group, place)."""
    from .dates import date_for_trigger

    events: list[Event] = []
    name = ctx.doc_id.rsplit("/", 1)[-1] or ctx.doc_id
    published = ctx.published.isoformat() if ctx.published else None
    for sent, trigger, actor_tok, target_tok in iter_drafts(doc, ctx, rules):
        actor_tok, target_tok = _not_places(actor_tok, target_tok, ctx)
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
        actor = _describe(actor_tok, rules)
        if trigger.requires and (actor is None or actor.type not in trigger.requires):
            continue   # "families gathered" is no protest; "protesters gathered" is
        needs = trigger.action_type.actor_types
        if needs and (actor is None or (actor.type not in needs and actor_tok.ent_type_ not in NAMED_ACTORS)):
            continue   # "meeting the costs", "a five-year ban": no political actor, no event
        if trigger.undergoer_subject and not _violent_death(trigger, target_tok, rules):
            continue   # "died aged 91 at his home": a death, not a killing
        trigger = _as_riot(trigger, actor, rules)
        trigger = _as_seizure_of_person(trigger, actor, target_tok, ctx, rules)
        places, place_how = find_places_for(trigger, sent, ctx, actor_tok)
        when = date_for_trigger(trigger.token, list(ctx.dates)) if ctx.dates else None
        if when is None or (when.value is None and when.text.lower().strip() in SAME_DAY):
            # news tells one story: an undated sentence goes on from the event before it (a
            # sentence with a vague date of its own, "in recent weeks", keeps that)
            when = _carried_date(events) or when
        action = Action(
            text=trigger.text, lemma=trigger.lemma, type=trigger.action_type.type,
            negated=trigger.negated, modality=trigger.modality,
        )
        if trigger.kind == "noun" and actor is None and target_tok is None and place_how == "document" \
                and (when is None or when.value is None) and not _has_number(trigger.token):
            continue   # a bare event noun ("funding the unrest"): nothing an analyst can code
        if when is not None and when.value and ctx.published and when.value > ctx.published.isoformat():
            continue   # after the publication date: announced or planned, not an event yet
        if when is not None and when.value and ctx.published and not when.carried \
                and ((when.end or when.value) < (ctx.published - BACKGROUND).isoformat()
                     or (when.value < (ctx.published - BACKGROUND).isoformat() and when.precision in ("month", "year"))):
            continue   # "the 1994 genocide", "has killed 40,000 since 1969": background, not news
        if trigger.action_type.type in VIOLENCE and not _has_evidence(actor, target_tok, trigger, place_how, rules):
            continue   # "we attacked from the first ball": no armed actor, victim, count or place
        for count, holder in find_counts(trigger, actor_tok, target_tok):
            if count is not None and count.value == 0:
                # "Fatalities: 0", "no one was killed": reported as not having happened
                action = replace(action, negated=True)
            if count is not None and count.text.lower() in ("a", "an", "one") \
                    and trigger.action_type.type not in PERSON_COUNT_TYPES:
                count = None   # "a raid on a farming community": an article counts only victims
            target = _describe(target_tok, rules)
            if holder is not None and target_tok is not None and holder != target_tok and holder != actor_tok:
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
                    action=action,
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
