"""where.py picks an event's place among the document's resolved place mentions.

In order: the places the trigger governs through prepositions and place nouns ("into
Tajikistan", "in the village of Kadawa"), those of the verbs that share its circumstances, the
place a "where" clause describes, the nearest place in the trigger's own clause, and last the
document's main place. Origins and the actor itself are never the event's place.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..model import Place
from .actions import Trigger


PRECISION_RANK = {"place": 4, "admin2": 3, "admin1": 2, "country": 1, "region": 0}


@dataclass(frozen=True)
class WhereWords:
    """The words that tie a place to an event (classes of rules/word_classes.tsv, users extend
    them with --rules): prepositions of place ("into Tajikistan") and of origin ("from Syria"),
    nouns a place may hang on ("in the village of Kadawa"), verbs that only say an event noun
    happened ("fighting broke out in Goma"), nouns of site ("X, the scene of the fighting"),
    and the event nouns a place may hang on (RuleSet.event_nouns)."""

    event_nouns: frozenset[str] = frozenset()
    site_nouns: frozenset[str] = frozenset()
    place_preps: frozenset[str] = frozenset()
    origin_preps: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()

    @classmethod
    def of(cls, rules: Any) -> WhereWords:
        classes = rules.word_classes
        return cls(rules.event_nouns, classes.get("site", frozenset()), classes.get("place_prep", frozenset()),
                   classes.get("origin_prep", frozenset()), classes.get("place_noun", frozenset()),
                   classes.get("light_verb", frozenset()))


@dataclass(frozen=True)
class Located:
    """A place mention found in the parse, as the event extractor needs it."""

    start: int          # token offsets
    end: int
    place: Place


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


def find_places_for(trigger: Trigger, sent: Span, places: Sequence[Located], main_place: Place | None,
                    actor: Token | None, words: WhereWords) -> tuple[list[Located], str]:
    """Return the event's places and how they were found (:func:`_places_for`); a place the
    sentence says the event is coded to ("X, coded to Y") replaces them."""
    found, how = _places_for(trigger, sent, places, main_place, actor, words)
    doc = sent.doc
    coded = [p for p in places if p.start >= sent.start and p.end <= sent.end and _coded_place(doc, p)]
    if coded:
        return coded[:1], how if how in ("prep", "clause") else "clause"
    return found, how


def _places_for(trigger: Trigger, sent: Span, places: Sequence[Located], main_place: Place | None,
                actor: Token | None, words: WhereWords) -> tuple[list[Located], str]:
    """Return the event's places and how they were found.

    In order: the places governed by the trigger's prepositions or object ("into Tajikistan",
    "in the village of Kadawa", "visited Uzbekistan and Tajikistan") -> "prep"; else the place
    nearest the trigger in its own clause (not in a subordinate clause) -> "clause"; else the
    document's main place -> "document". Origins ("fled Afghanistan for Pakistan", "from
    Syria") and the actor itself ("the United States withdrew") are never the event's place.
    ``words`` (:class:`WhereWords`) are the prepositions, nouns and verbs that tie a place to
    the trigger: event nouns a place may hang on ("in a raid on a village in Zamfara"), nouns
    by which a place is named the event's site ("Kunar, the scene of heavy fighting"), ...
    """
    doc = sent.doc
    in_sent = [p for p in places if p.start >= sent.start and p.end <= sent.end
               and not _in_modifier(doc, p)]
    if actor is not None:
        # the actor itself, and a country naming whose forces act ("US forces", "Russian
        # drones"), are not where the event was
        in_sent = [p for p in in_sent if not (p.start <= actor.i < p.end) and not _modifies(doc, p, actor)]
    if in_sent:
        anchors = {t.i for t in trigger.tokens}
        head = trigger.token.head
        if trigger.kind == "noun" and trigger.token.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in words.light_verbs:
            anchors.add(head.i)   # "Protests were reported in Mombasa", "fighting broke out in Goma"
        for t in trigger.tokens:
            # "threatened to attack Goma": the place of what was threatened
            anchors.update(c.i for c in t.children if c.dep_ == "xcomp" and c.pos_ == "VERB")
        objects_are_origins = trigger.action_type.object_is_origin
        if trigger.action_type.from_is_place:
            # "withdrew its troops from Avdiivka": the place left is where it happened
            for t in trigger.tokens:
                anchors.update(c.i for c in t.children if c.dep_ == "prep" and c.lower_ == "from")
        governed = [p for p in in_sent
                    if _governed(doc[p.start:p.end].root, anchors, words, objects_are_origins) == "place"]
        if governed:
            return _narrower_opening(_coordinated(sorted(governed, key=lambda p: p.start), doc), in_sent, trigger), "prep"
        related = _related_verbs(trigger.token)
        if related:
            shared = [p for p in in_sent if _governed(doc[p.start:p.end].root, related, words) == "place"]
            if shared:
                return _coordinated(sorted(shared, key=lambda p: p.start), doc), "prep"
        where = _where_antecedent(trigger.token, in_sent, words) or _site_antecedent(trigger.token, in_sent, words)
        if where is not None:
            return [where], "clause"
        if trigger.kind != "noun" or trigger.token.dep_ == "dobj":
            # a verb's clause; or for an event noun that is an object ("In Khartoum, residents
            # reported air strikes"), the clause of the verb that reports it
            clause = _clause_head(trigger.token)
            nearby = [p for p in in_sent if _clause_head(doc[p.start:p.end].root) == clause
                      and _governed(doc[p.start:p.end].root, anchors, words) != "origin"
                      and not _is_origin(p, doc)]
            if nearby:
                nearest = min(nearby, key=lambda p: abs(p.start - trigger.token.i))
                return _narrower_opening([nearest], in_sent, trigger), "clause"
    if main_place is not None:
        return [Located(-1, -1, main_place)], "document"
    return [], "none"


#: Words that say where a note's event is coded: "X, coded to Y", "X (coded as Y)": Y is the
#: event's place, the note's own choice among the places it names.
CODED_WORDS = (("coded", "to"), ("coded", "as"))


def _coded_place(doc: Doc, place: Located) -> bool:
    """True for a place written right after "coded to" or "coded as"."""
    return place.start >= 2 and (doc[place.start - 2].lower_, doc[place.start - 1].lower_) in CODED_WORDS


def _narrower_opening(found: list[Located], in_sent: Sequence[Located], trigger: Trigger) -> list[Located]:
    """Return ``found``, or, when it is only countries, the town written right after one of
    them ("the embassy of X in Y"), else the narrower place of the same country that opens the
    sentence before the trigger ("Near X village (A2, A1), rebels attacked the Myanmar
    military": the country qualifies the army, the village is where)."""
    if not found or any(PRECISION_RANK.get(p.place.precision or "", 0) > PRECISION_RANK["country"] for p in found):
        return found
    doc = trigger.token.doc
    for p in found:
        # "outside the embassy of X in Y": a country's building in a town, the town is where
        after = next((q for q in in_sent if q.start == p.end + 1 and doc[p.end].lower_ == "in"
                      and PRECISION_RANK.get(q.place.precision or "", 0) > PRECISION_RANK["country"]), None)
        if after is not None:
            return [after]
    countries = {p.place.country for p in found}
    opening = [p for p in in_sent if p.end <= trigger.token.i and p.place.country in countries
               and PRECISION_RANK.get(p.place.precision or "", 0) > PRECISION_RANK["country"]]
    if not opening:
        return found
    return [max(opening, key=lambda p: (PRECISION_RANK.get(p.place.precision or "", 0), -p.start))]


LINK_DEPS = frozenset({"conj", "appos", "compound", "nmod", "amod", "npadvmod", "cc", "punct"})


def _modifies(doc: Doc, place: Located, token: Token) -> bool:
    """True for a place that qualifies ``token`` as a modifier: "US" in "US forces"."""
    root = doc[place.start:place.end].root
    return root.head == token and root.dep_ in ("compound", "amod", "nmod", "poss")


def _in_modifier(doc: Doc, place: Located) -> bool:
    """True for a place inside a hyphenated modifier: "Iran-aligned", "Saudi-led", "US-backed"."""
    after = place.end
    return after + 1 < len(doc) and doc[after].text == "-" and not doc[after - 1].whitespace_ \
        and doc[after + 1].pos_ in ("VERB", "ADJ") and doc[after + 1].tag_ in ("VBN", "VBD", "JJ")


def _governed(root: Token, anchors: set[int], words: WhereWords, objects_are_origins: bool = False) -> str | None:
    """Return "place" when the place ``root`` hangs on a trigger word through prepositions and
    place nouns only, "origin" when it does through "from" (or is the object of a verb of
    leaving), else None."""
    token = root
    via_event = False   # "the toll from the landslide in Enga": "from" names the cause, not an origin
    for _ in range(8):
        dep = token.dep_
        head = token.head
        if head == token:
            return None
        if dep == "pobj":
            via_event = via_event or token.lemma_.lower() in words.event_nouns
        elif dep == "prep":
            if token.lower_ not in words.place_preps and token.lower_ not in words.origin_preps and token.lower_ != "of":
                return None
        elif dep in ("dobj", "npadvmod", "attr") and head.i in anchors:
            return "origin" if dep == "dobj" and objects_are_origins else "place"
        elif dep not in LINK_DEPS:
            return None
        if head.i in anchors:
            if dep == "prep" and token.lower_ in words.origin_preps and not via_event:
                return "origin"
            return "place" if dep in ("prep", "dobj", "npadvmod", "conj", "appos") else None
        if dep == "prep" and head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in words.place_nouns \
                and head.lemma_.lower() not in words.event_nouns and head.ent_type_ not in ("GPE", "LOC", "FAC"):
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


def _where_antecedent(token: Token, places: Sequence[Located], words: WhereWords) -> Located | None:
    """The place a "where" clause describes: "in Kunar province, where fighting was heavy"."""
    clause = _clause_head(token)
    if clause.dep_ != "relcl" or not any(c.lower_ == "where" for c in clause.children):
        return None
    noun = clause.head
    for p in places:
        if p.start <= noun.i < p.end or (noun.lemma_.lower() in words.place_nouns and _governed(noun.doc[p.start:p.end].root, {noun.i}, words) == "place"):
            return p
    for child in noun.children:
        for p in places:
            if child.dep_ in ("compound", "nmod") and p.start <= child.i < p.end:
                return p
    return None


def _site_antecedent(token: Token, places: Sequence[Located], words: WhereWords) -> Located | None:
    """The place a noun of site names as where the event was (class "a place named the scene of
    an event"): in apposition ("in the province of Kunar, the scene of heavy fighting", "Goma,
    the epicentre of the protests") or as the predicate of "be" ("Jos was the site of the
    riots"). The event noun is that site noun's "of" object, or the noun a relative clause
    holding the trigger hangs on ("the epicentre of the riots that killed nine")."""
    if token.dep_ == "relcl" and token.pos_ in ("VERB", "AUX"):
        token = token.head
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "of" or prep.dep_ != "prep":
        return None
    noun = prep.head
    if noun.lemma_.lower() not in words.site_nouns:
        return None
    doc = noun.doc
    left = noun.left_edge.i
    if left >= 2 and doc[left - 1].text == ",":
        # "served in the province of Takhar, the scene of ...": the parser often hangs such an
        # apposition on the verb; a place right before its comma is what it names
        for p in places:
            if p.start <= left - 2 < p.end:
                return p
    if noun.dep_ == "appos":
        anchor = noun.head
    elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
        anchor = next((c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if anchor is None:
            return None
    else:
        return None
    for p in places:
        if p.start <= anchor.i < p.end:
            return p
    if anchor.lemma_.lower() in words.place_nouns:
        # "the province of Kunar, the scene of ...": the place noun's own place
        for p in places:
            if _governed(anchor.doc[p.start:p.end].root, {anchor.i}, words) == "place":
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
