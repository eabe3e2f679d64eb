"""actions.py finds the action triggers of a sentence and types them with the taxonomy.

The taxonomy is data (``rules/actions.jsonl``): each action type lists the verbs, event nouns,
adjectives and multiword phrases that trigger it, its PLOVER type and its ACLED mapping.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span, Token

from ..rules import require

from .deps import AUXILIARIES as AUX
from .deps import CCOMP, NEG, NUMMOD, PCOMP, POBJ, PREP, XCOMP

#: Verbs whose clausal complement is a denial: "denied firing", "rejected claims it attacked".
DENIAL_VERBS = frozenset({"deny", "refute", "dismiss", "reject"})
#: Verbs whose complement did not (yet) happen: "planned to attack", "threatened to kill".
IRREALIS_VERBS = frozenset({
    "threaten", "plan", "intend", "vow", "promise", "pledge", "want", "aim", "seek", "try",
    "attempt", "prepare", "propose", "hope", "expect", "consider", "fail", "refuse", "warn",
    "urge", "call", "ask", "order", "decide", "agree", "need", "prevent", "stop", "avoid",
})
#: Verbs whose object is wanted, not done: "called for a ceasefire", "demanded the release".
REQUESTING_VERBS = frozenset({
    "call", "urge", "demand", "seek", "ask", "appeal", "push", "press", "propose", "want",
    "request", "plead", "hope", "need", "favour", "favor", "support", "back", "welcome",
})
#: Auxiliaries that make a trigger future or hypothetical.
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
POSSIBLE_AUX = frozenset({"may", "might", "could", "can"})
#: Subordinators that make a clause hypothetical or a question.
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})

MAX_GAP = 6   # default of settings.cfg [triggers] phrase_gap: words allowed inside a phrase


@dataclass(frozen=True)
class AcledCondition:
    """A test on who did what to whom that chooses an ACLED type (``{"condition": ...}`` lines)."""

    name: str
    words: frozenset[str] = frozenset()     # one of them in the sentence
    actor: frozenset[str] = frozenset()     # actor types or classes; "none": no actor
    target: frozenset[str] = frozenset()
    head_verbs: frozenset[str] = frozenset()   # the trigger noun is the object of one of these
    paragraph_lemmas: frozenset[str] = frozenset()   # a word of the paragraph has one of these lemmas


@dataclass(frozen=True)
class ActionType:
    """One entry of the taxonomy: its trigger words and what the type means (see actions.jsonl)."""

    type: str
    plover: str | None
    acled: dict[str, tuple[str, str]] | None
    count_role: str | None
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    count_nouns: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    undergoer_verbs: frozenset[str] = frozenset()
    actor_verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    actor_types: frozenset[str] = frozenset()   # if set, only actors of these types/classes count
    description: str = ""
    family: str = ""
    violent: bool = False
    crowd: bool = False
    property_target: bool = False
    person_count: bool = False
    incident: str | None = None                 # "outcome" or "means"
    means_rank: int = 0
    object_is_origin: bool = False
    from_is_place: bool = False
    with_party: bool = False
    two_sided: bool = False
    by_crowd: str | None = None
    person_object: tuple[str, str] | None = None   # (by the state, by anyone else)
    national_forces: str | None = None             # "any" or "adjective"
    fatalities: bool = False
    weapons: frozenset[str] = frozenset()          # words naming its weapon ("grenade")
    place_objects: frozenset[str] = frozenset()    # what its object must be if not a place ("town")
    verb_means: frozenset[str] = frozenset()       # what an actor verb of it needs in its sentence ("drone")
    without_means: str | None = None               # the type such a verb is without them ("attack")
    purpose_verbs: frozenset[str] = frozenset()    # a clause of these makes an actor verb stand ("demanding")

    @property
    def is_outcome(self) -> bool:
        return self.incident == "outcome"

    @property
    def is_means(self) -> bool:
        return self.incident == "means"


@dataclass(frozen=True)
class Trigger:
    """An action trigger found in a sentence."""

    token: Token                 # the head word: the verb, noun or adjective
    tokens: tuple[Token, ...]    # every word of the trigger, in order
    action_type: ActionType
    lemma: str                   # "take refuge", "kill", "airstrike"
    kind: str                    # "verb", "noun", "adjective", "phrase"
    negated: bool = False
    modality: str | None = None  # None (asserted), "possible"
    means: ActionType | None = None   # how a killing was done ("an airstrike killed 6"): its ACLED type
    requires: frozenset[str] = frozenset()   # actor types this trigger needs ("protesters gathered")
    means_token: Token | None = None  # the word of that means in the sentence ("fired" ... "killing two")

    @property
    def text(self) -> str:
        """The trigger as written, auxiliaries included ("have taken refuge")."""
        doc = self.token.doc
        start = min(t.i for t in self.tokens)
        end = max(t.i for t in self.tokens) + 1
        if self.kind in ("verb", "phrase"):
            for child in self.token.lefts:
                if (child.dep_ in AUX or child.dep_ == NEG) and not is_acronym_aux(child):
                    start = min(start, child.i)
        return doc[start:end].text

    @property
    def undergoer_subject(self) -> bool:
        """True when the grammatical subject is the one affected ("12 people died")."""
        return self.token.lemma_.lower() in self.action_type.undergoer_verbs


def is_acronym_aux(token: Token) -> bool:
    """True for an auxiliary that is a group's acronym the parser read as a verb: "IS Sahel
    militants attacked", "JNIM or IS kidnapped" ("IS" for Islamic State, not "is"). An
    auxiliary in capitals in a sentence that is not all capitals (a headline) is a name."""
    if token.dep_ not in AUX or not token.text.isupper() or len(token.text) < 2:
        return False
    letters = [c for c in token.sent.text if c.isalpha()]
    return sum(c.isupper() for c in letters) * 2 < len(letters)


_WORD_LISTS = ("verbs", "nouns", "adjectives", "phrases", "count_nouns", "undergoer_verbs", "actor_types", "weapons",
               "place_objects", "verb_means", "purpose_verbs")
_FLAGS = ("violent", "crowd", "property_target", "person_count", "object_is_origin", "from_is_place", "with_party", "two_sided",
          "fatalities", "extend")
_CHOICES = {
    "count_role": ("actor", "target"),
    "incident": ("outcome", "means"),
    "national_forces": ("any", "adjective"),
}
ACTION_KEYS = frozenset({"type", "family", "plover", "acled", "means_rank", "by_crowd", "without_means", "person_object",
                         "actor_verbs", "description", *_WORD_LISTS, *_FLAGS, *_CHOICES})
CONDITION_KEYS = frozenset({"condition", "words", "actor", "target", "head_verbs", "paragraph_lemmas"})


@dataclass(frozen=True)
class Vocabulary:
    """What a rule line may name: codes, ACLED conditions, actor types and classes."""

    plover: frozenset[str]
    acled: dict[str, str | None]
    families: frozenset[str]              # event and sub-event types -> parent (None: a type)
    actors: frozenset[str]                    # actor types and classes
    conditions: frozenset[str] = frozenset({"default"})


def _strings(record: dict[str, Any], key: str) -> list[str]:
    value = record.get(key, [])
    if not (isinstance(value, list) and all(isinstance(w, str) for w in value)):
        raise ValueError(f'"{key}" must be a list of strings')
    return value


def _known_actors(names: Iterable[str], vocabulary: Vocabulary, key: str, extra: tuple[str, ...] = ()) -> None:
    for name in names:
        if name not in vocabulary.actors and name not in extra:
            raise ValueError(f'"{key}": unknown actor type or class "{name}"')


def validate_condition(record: dict[str, Any], vocabulary: Vocabulary) -> None:
    """Raise ValueError for a bad ACLED condition line."""
    require(record, "condition", str)
    unknown = set(record) - CONDITION_KEYS
    if unknown:
        raise ValueError(f'unknown key "{sorted(unknown)[0]}"')
    _strings(record, "words")
    _strings(record, "head_verbs")
    _strings(record, "paragraph_lemmas")
    for key in ("actor", "target"):
        _known_actors(_strings(record, key), vocabulary, key, ("none",))


def validate_action(record: dict[str, Any], vocabulary: Vocabulary | None = None) -> None:
    """Raise ValueError for a bad action type line: an unknown key, a wrong value, an unknown code."""
    require(record, "type", str)
    unknown = set(record) - ACTION_KEYS - {"kind"}
    if unknown:
        raise ValueError(f'unknown key "{sorted(unknown)[0]}"')
    actor_verbs = record.get("actor_verbs", {})
    if not isinstance(actor_verbs, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in actor_verbs.values()
    ):
        raise ValueError('"actor_verbs" must map verbs to lists of actor types')
    for key in _WORD_LISTS:
        _strings(record, key)
    for key in _FLAGS:
        if key in record and not isinstance(record[key], bool):
            raise ValueError(f'"{key}" must be true or false')
    for key, choices in _CHOICES.items():
        if record.get(key) not in (None, *choices):
            raise ValueError(f'"{key}" must be one of {", ".join(choices)} (or null)')
    if "means_rank" in record and not (isinstance(record["means_rank"], int) and record["means_rank"] > 0):
        raise ValueError('"means_rank" must be a positive integer')
    for key in ("by_crowd", "without_means", "description", "family"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ValueError(f'"{key}" must be a string')
    person = record.get("person_object")
    if person is not None and not (isinstance(person, dict) and set(person) == {"state", "other"}
                                   and all(isinstance(v, str) for v in person.values())):
        raise ValueError('"person_object" must be {"state": TYPE, "other": TYPE}')
    acled = record.get("acled")
    if acled is not None:
        if not isinstance(acled, dict):
            raise ValueError('"acled" must be an object or null')
        for key, pair in acled.items():
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
                raise ValueError(f'"acled.{key}" must be [event_type, sub_event_type]')
    plover = record.get("plover")
    if plover is not None and not isinstance(plover, str):
        raise ValueError('"plover" must be a string or null')
    if vocabulary is None:
        return
    if record.get("family") is not None and record["family"] not in vocabulary.families:
        raise ValueError(f'unknown family "{record["family"]}" (one of {", ".join(sorted(vocabulary.families))})')
    if plover is not None and plover not in vocabulary.plover:
        raise ValueError(f'unknown PLOVER type "{plover}"')
    for key, (event_type, sub) in (acled or {}).items():
        if key not in vocabulary.conditions:
            raise ValueError(f'"acled": unknown condition "{key}"')
        if vocabulary.acled.get(event_type, "") is not None:
            raise ValueError(f'unknown ACLED event type "{event_type}"')
        if vocabulary.acled.get(sub) != event_type:
            raise ValueError(f'"{sub}" is not an ACLED sub-event type of "{event_type}"')
    _known_actors(record.get("actor_types", ()), vocabulary, "actor_types")
    for verb, needs in actor_verbs.items():
        _known_actors(needs, vocabulary, f"actor_verbs.{verb}")


def _words(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.lower().strip() for v in values if v.strip())


class ActionLexicon:
    """The taxonomy and its trigger index, built once from the rule files."""

    def _index(self) -> None:
        #: every type's weapon words: a trigger that is or governs one is real violence
        self.weapons: frozenset[str] = frozenset(w for t in self.types.values() for w in t.weapons)
        self._verbs: dict[str, ActionType] = {}
        self._nouns: dict[str, ActionType] = {}
        self._compound_nouns: dict[str, list[tuple[tuple[str, ...], ActionType]]] = {}
        self._count_nouns: dict[str, ActionType] = {}
        self._adjectives: dict[str, ActionType] = {}
        self._phrases: dict[str, list[tuple[tuple[str, ...], ActionType]]] = {}
        self._actor_verbs: dict[str, tuple[ActionType, frozenset[str]]] = {}
        for t in self.types.values():
            for verb, needs in t.actor_verbs.items():
                self._actor_verbs[verb] = (t, needs)
            for verb in t.verbs | t.undergoer_verbs:
                self._verbs[verb] = t
            for noun in t.nouns:
                words = tuple(noun.split())
                if len(words) == 1:
                    self._nouns[noun] = t
                else:
                    self._compound_nouns.setdefault(words[-1], []).append((words[:-1], t))
            for noun in t.count_nouns:
                self._count_nouns[noun] = t
            for adj in t.adjectives:
                self._adjectives[adj] = t
            for words in t.phrases:
                self._phrases.setdefault(words[0], []).append((words[1:], t))
        for options in (*self._phrases.values(), *self._compound_nouns.values()):
            options.sort(key=lambda item: -len(item[0]))   # longest first

    def __init__(self, types: Sequence[ActionType], conditions: Sequence[AcledCondition] = (),
                 phrase_gap: int = MAX_GAP):
        self.types: dict[str, ActionType] = {t.type: t for t in types}
        self.conditions: tuple[AcledCondition, ...] = tuple(conditions)
        self.phrase_gap = phrase_gap
        self._index()

    def is_trigger_verb(self, lemma: str) -> bool:
        """True when ``lemma`` is a verb of the taxonomy ("flee", "condemn")."""
        return lemma in self._verbs or lemma in self._actor_verbs

    def is_event_noun(self, lemma: str) -> bool:
        """True when ``lemma`` is an event noun of the taxonomy ("attack", "clash", "flood")."""
        return lemma in self._nouns or lemma in self._compound_nouns

    def find_triggers(self, sent: Span) -> list[Trigger]:
        """Return the action triggers of ``sent``, phrases before the single words they contain."""
        triggers: list[Trigger] = []
        used: set[int] = set()
        doc = sent.doc
        may = self._may_start
        for k, (lemma, lower) in enumerate(sent.to_array([LEMMA, LOWER]).tolist()):
            # only a token whose lemma or form is some trigger's word can start one: tested on
            # the string ids, without making a Token of every word
            lemma_ok = may.get(lemma)
            if not (lemma_ok if lemma_ok is not None else self._learn(lemma, doc)):
                lower_ok = may.get(lower)
                if not (lower_ok if lower_ok is not None else self._learn(lower, doc)):
                    continue
            token = doc[sent.start + k]
            if token.i in used:
                continue
            trigger = self._match(token, sent)
            if trigger is None:
                continue
            if any(t.i in used for t in trigger.tokens):
                continue
            used.update(t.i for t in trigger.tokens)
            triggers.append(trigger)
        return triggers

    def _hits_a_weapon(self, verb: Token) -> bool:
        """True when the verb's object names a weapon: "an army truck struck a landmine" is the
        mine's blast, not the truck's strike (class "strikes told by the verb alone")."""
        for word in verb.doc[verb.i + 1:verb.sent.end]:   # the object's head noun, whatever
            if word.pos_ in ("NOUN", "PROPN") and word.dep_ != "compound":   # the parse made it
                return word.lemma_.lower() in self.weapons or word.lower_ in self.weapons
            if word.pos_ not in ("DET", "ADJ", "NUM", "NOUN", "PROPN"):
                return False
        return False

    @cached_property
    def _may_start(self) -> dict[int, bool]:
        # string id -> whether the string, in lower case, is a word that may start a trigger
        return {}

    @cached_property
    def _start_words(self) -> frozenset[str]:
        return frozenset().union(self._phrases, self._verbs, self._actor_verbs, self._compound_nouns,
                                 self._nouns, self._count_nouns, self._adjectives)

    def _learn(self, string_id: int, doc: Any) -> bool:
        found = doc.vocab.strings[string_id].lower() in self._start_words
        self._may_start[string_id] = found
        return found

    def _match(self, token: Token, sent: Span) -> Trigger | None:
        lemma = token.lemma_.lower()
        pos = token.pos_
        if pos == "VERB" and lemma not in self._phrases and token.lower_ in self._phrases:
            lemma = token.lower_   # a word form listed where the model's lemma is wrong ("stole" -> "stole")
        if pos == "VERB" or (pos == "AUX" and lemma in self._phrases):
            for rest, atype in self._phrases.get(lemma, ()):
                words = _follow(token, rest, sent, self.phrase_gap)
                if words and not _ends_in_a_date(words[-1]):
                    return Trigger(token, (token, *words), atype, " ".join((lemma, *rest)), "phrase")
        if pos == "VERB" and lemma not in self._verbs and token.lower_ in self._verbs:
            lemma = token.lower_   # a word form listed where the model's lemma is wrong ("raped" -> "rap")
        if pos == "VERB" and lemma in self._verbs:
            return Trigger(token, (token,), self._verbs[lemma], lemma, "verb")
        if pos == "VERB" and lemma in self._actor_verbs and not self._hits_a_weapon(token):
            atype, needs = self._actor_verbs[lemma]
            if atype.verb_means and atype.without_means in self.types and not _names_any(sent, atype.verb_means):
                atype = self.types[atype.without_means]   # "troops struck a camp": on the ground
            return Trigger(token, (token,), atype, lemma, "verb", requires=needs)
        if token.dep_ == "compound" and pos in ("NOUN", "PROPN"):
            return None   # a modifier, not an event: "riot police", "attack helicopters"
        if pos in ("NOUN", "PROPN") or (pos == "VERB" and token.tag_ == "VBG" and token.dep_ in ("pobj", "nsubj", "dobj")):
            for before, atype in self._compound_nouns.get(lemma, ()):
                words = _precede(token, before)
                if words:
                    return Trigger(token, (*words, token), atype, " ".join((*before, lemma)), "noun")
            # a weapon's abbreviation the model tags as a name ("an IED exploded") is the weapon;
            # other names are not event nouns ("Shell" the firm is no shelling)
            if (pos != "PROPN" or (token.text.isupper() and lemma in self.weapons)) and lemma in self._nouns:
                return Trigger(token, (token,), self._nouns[lemma], lemma, "noun")
            if lemma in self._count_nouns and has_number(token):
                return Trigger(token, (token,), self._count_nouns[lemma], lemma, "noun")
        if pos in ("ADJ", "VERB", "NOUN") and lemma in self._adjectives or token.lower_ in self._adjectives:
            word = lemma if lemma in self._adjectives else token.lower_
            if has_number(token) or _is_number(token.head):
                return Trigger(token, (token,), self._adjectives[word], word, "adjective")
        return None


def action_type(record: dict[str, Any]) -> ActionType:
    """Return the ActionType of a validated action line."""
    acled = record.get("acled")
    person = record.get("person_object")
    return ActionType(
        type=record["type"],
        plover=record.get("plover"),
        acled={k: (v[0], v[1]) for k, v in acled.items()} if acled else None,
        count_role=record.get("count_role"),
        verbs=_words(record.get("verbs", ())),
        nouns=_words(record.get("nouns", ())),
        count_nouns=_words(record.get("count_nouns", ())),
        adjectives=_words(record.get("adjectives", ())),
        phrases=tuple(dict.fromkeys(words for p in record.get("phrases", ()) for words in expand_phrase(p) if len(words) > 1)),
        undergoer_verbs=_words(record.get("undergoer_verbs", ())),
        actor_verbs={k.lower(): frozenset(v) for k, v in record.get("actor_verbs", {}).items()},
        actor_types=frozenset(record.get("actor_types", ())),
        description=record.get("description", ""),
        family=record.get("family") or "",
        violent=bool(record.get("violent")),
        crowd=bool(record.get("crowd")),
        property_target=bool(record.get("property_target")),
        person_count=bool(record.get("person_count")),
        incident=record.get("incident"),
        means_rank=record.get("means_rank", 0),
        object_is_origin=bool(record.get("object_is_origin")),
        from_is_place=bool(record.get("from_is_place")),
        with_party=bool(record.get("with_party")),
        two_sided=bool(record.get("two_sided")),
        by_crowd=record.get("by_crowd"),
        person_object=(person["state"], person["other"]) if person else None,
        national_forces=record.get("national_forces"),
        fatalities=bool(record.get("fatalities")),
        weapons=_words(record.get("weapons", ())),
        place_objects=_words(record.get("place_objects", ())),
        verb_means=_words(record.get("verb_means", ())),
        purpose_verbs=_words(record.get("purpose_verbs", ())),
        without_means=record.get("without_means"),
    )


def extended(old: ActionType, new: ActionType, record: dict[str, Any]) -> ActionType:
    """Return ``old`` with the trigger words of ``new`` added and the keys ``record`` names replaced."""
    words = dict(
        verbs=old.verbs | new.verbs,
        nouns=old.nouns | new.nouns,
        count_nouns=old.count_nouns | new.count_nouns,
        adjectives=old.adjectives | new.adjectives,
        phrases=old.phrases + tuple(p for p in new.phrases if p not in old.phrases),
        undergoer_verbs=old.undergoer_verbs | new.undergoer_verbs,
        actor_verbs={**old.actor_verbs, **new.actor_verbs},
        weapons=old.weapons | new.weapons,
    )
    keys = {f: getattr(new, f) for f in ActionType.__dataclass_fields__
            if f in record and f not in words and f != "type"}
    if "person_object" in record:
        keys["person_object"] = new.person_object
    return replace(old, **words, **keys)


def expand_phrase(phrase: str) -> list[tuple[str, ...]]:
    """Return the word sequences a phrase pattern stands for: "a|b" is either word, "(for)"
    may be left out: "seek|ask (for) refuge|asylum" -> seek refuge, seek for refuge, ask refuge, ..."""
    options: list[list[tuple[str, ...]]] = []
    for part in phrase.lower().split():
        optional = part.startswith("(") and part.endswith(")")
        words = [tuple(w.split("_")) for w in part.strip("()").split("|") if w]
        options.append(words + [()] if optional else words)
    return [tuple(w for group in combo for w in group) for combo in itertools.product(*options)]


def condition_of(record: dict[str, Any]) -> AcledCondition:
    """Return the AcledCondition of a validated condition line."""
    return AcledCondition(
        name=record["condition"],
        words=_words(record.get("words", ())),
        actor=frozenset(record.get("actor", ())),
        target=frozenset(record.get("target", ())),
        head_verbs=_words(record.get("head_verbs", ())),
        paragraph_lemmas=_words(record.get("paragraph_lemmas", ())),
    )


def _names_any(sent: Span, words: frozenset[str]) -> bool:
    """True when ``sent`` names one of ``words`` (lemmas or forms; a word of several is matched on
    the text): the aircraft or drone of a strike told by its verb alone."""
    if any(t.lemma_.lower() in words or t.lower_ in words for t in sent):
        return True
    text = " " + " ".join(t.lower_ for t in sent) + " "
    return any(" " in w and f" {w} " in text for w in words)


def _word_matches(token: Token, word: str) -> bool:
    return token.lower_ == word or token.lemma_.lower() == word


def _follow(head: Token, rest: tuple[str, ...], sent: Span, gap: int = MAX_GAP) -> list[Token] | None:
    """Find ``rest`` after ``head`` in order, each within ``gap`` tokens of the previous word."""
    found: list[Token] = []
    position = head.i
    for word in rest:
        limit = min(position + gap + 1, sent.end)
        for i in range(position + 1, limit):
            candidate = sent.doc[i]
            if candidate.is_punct and candidate.text not in "-":
                return None
            if _word_matches(candidate, word) and _within(candidate, head):
                if candidate.is_title and candidate.pos_ == "PROPN":
                    return None   # a word of a title or name: "leaving Dead Man's Shoes" is no "leave dead"
                found.append(candidate)
                position = i
                break
        else:
            return None
    return found


def _ends_in_a_date(last: Token) -> bool:
    """True when a phrase's last word is a preposition introducing a date, not the phrase's
    object: "she had been fired on 1 November" is no "fire on"."""
    if last.dep_ != PREP:
        return False
    obj = next((c for c in last.children if c.dep_ == POBJ), None)
    return obj is not None and obj.ent_type_ in ("DATE", "TIME")


def _within(token: Token, head: Token) -> bool:
    """True when ``token`` is ``head`` or hangs below it in the parse."""
    return token == head or head.is_ancestor(token)


def _precede(token: Token, before: tuple[str, ...]) -> list[Token] | None:
    """Match the words of a compound noun written before ``token`` ("air" "strike")."""
    start = token.i - len(before)
    if start < token.sent.start:
        return None
    words = [token.doc[start + k] for k in range(len(before))]
    if all(_word_matches(w, b) for w, b in zip(words, before)):
        return words
    return None


def _is_number(token: Token) -> bool:
    return token.like_num or token.pos_ == "NUM"


def has_number(token: Token) -> bool:
    return any(_is_number(child) or child.dep_ == NUMMOD for child in token.children)


def negation(token: Token) -> bool:
    """True when the trigger is negated: "did not attack", "denied firing", "no casualties"."""
    for child in token.children:
        if child.dep_ == NEG:
            return True
        if child.dep_ == "det" and child.lower_ == "no":
            return True
    head = token
    for _ in range(3):
        if head.dep_ not in (XCOMP, CCOMP, PCOMP, POBJ, PREP) or head.head == head:
            break
        head = head.head
        if head.lemma_.lower() in DENIAL_VERBS:
            return True
    return False


def is_irrealis(token: Token) -> bool:
    """True when the trigger did not (yet) happen: future, conditional, planned or threatened."""
    for child in token.children:
        if child.dep_ in AUX and child.lower_ in FUTURE_AUX:
            return True
        if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
            return True
    if token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return True   # a purpose: "marched through Basra to demand jobs"
    if token.dep_ in (XCOMP, CCOMP, "advcl") and token.head.lemma_.lower() in IRREALIS_VERBS:
        # "threatened to attack", "plans to withdraw"; but "said they attacked" is realis
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) or token.dep_ == XCOMP
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj" and token.head.pos_ == "VERB":
        if token.head.lemma_.lower() in REQUESTING_VERBS:
            return True   # "urged a ceasefire": asked for, not agreed
        return is_irrealis(token.head)   # "threatened to hold further demonstrations"
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == POBJ and token.head.lower_ == "for" \
            and token.head.head.lemma_.lower() in REQUESTING_VERBS:
        return True   # "called for an immediate ceasefire"
    if token.pos_ == "NOUN" and token.dep_ == POBJ and token.head.lower_ == "of" \
            and token.head.head.lemma_.lower() in ("threat", "plan", "risk", "fear"):
        return True
    return False


def modality(token: Token) -> str | None:
    """Return "possible" for hedged triggers ("may have killed"), else None."""
    for child in token.children:
        if child.dep_ in AUX and child.lower_ in POSSIBLE_AUX:
            return "possible"
    return None
