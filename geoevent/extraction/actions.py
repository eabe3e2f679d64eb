"""actions.py finds the action triggers of a sentence and types them with the taxonomy.

The taxonomy is data (``rules/actions.jsonl``): each action type lists the verbs, event nouns,
adjectives and multiword phrases that trigger it, its PLOVER type and its ACLED mapping.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Span, Token

from ..rules import RuleError, chain_files, read_jsonl, require

# Dependency labels (spaCy's English ClearNLP scheme) used below.
NEG = "neg"
XCOMP, CCOMP, PCOMP = "xcomp", "ccomp", "pcomp"
AUX = ("aux", "auxpass")
NUMMOD = "nummod"

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

#: Violence reported by its outcome (kill, injure) or by its means, the means ranked most
#: specific first: one incident, one record (see events.one_incident and merge.py).
OUTCOMES = ("kill", "injure")
MEANS = ("bombing", "air_strike", "shelling", "armed_clash", "attack", "disaster")

MAX_GAP = 6   # tokens allowed between the words of a multiword phrase (all in the verb's subtree)


@dataclass(frozen=True)
class ActionType:
    """One entry of the taxonomy."""

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
    actor_types: frozenset[str] = frozenset()   # if set, only actors of these types count
    description: str = ""


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

    @property
    def text(self) -> str:
        """The trigger as written, auxiliaries included ("have taken refuge")."""
        doc = self.token.doc
        start = min(t.i for t in self.tokens)
        end = max(t.i for t in self.tokens) + 1
        if self.kind in ("verb", "phrase"):
            for child in self.token.lefts:
                if child.dep_ in AUX or child.dep_ == NEG:
                    start = min(start, child.i)
        return doc[start:end].text

    @property
    def undergoer_subject(self) -> bool:
        """True when the grammatical subject is the one affected ("12 people died")."""
        return self.token.lemma_.lower() in self.action_type.undergoer_verbs


def validate_action(record: dict[str, Any]) -> None:
    require(record, "type", str)
    actor_verbs = record.get("actor_verbs", {})
    if not isinstance(actor_verbs, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in actor_verbs.values()
    ):
        raise ValueError('"actor_verbs" must map verbs to lists of actor types')
    for key in ("verbs", "nouns", "adjectives", "phrases", "count_nouns", "undergoer_verbs", "actor_types"):
        if key in record and not (
            isinstance(record[key], list) and all(isinstance(w, str) for w in record[key])
        ):
            raise ValueError(f'"{key}" must be a list of strings')
    if record.get("count_role") not in (None, "actor", "target"):
        raise ValueError('"count_role" must be "actor", "target" or null')
    acled = record.get("acled")
    if acled is not None:
        if not isinstance(acled, dict):
            raise ValueError('"acled" must be an object or null')
        for key, pair in acled.items():
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
                raise ValueError(f'"acled.{key}" must be [event_type, sub_event_type]')


def _words(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.lower().strip() for v in values if v.strip())


class ActionLexicon:
    """The taxonomy and its trigger index, built once from the rule files."""

    def __init__(self, types: Sequence[ActionType]):
        self.types: dict[str, ActionType] = {t.type: t for t in types}
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

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = (), extra_records: Iterable[dict[str, Any]] = ()) -> ActionLexicon:
        """Load the built-in taxonomy, then users' files and records (a later entry of a type
        replaces it; an entry with ``"extend": true`` adds its words to the type instead)."""
        entries: dict[str, ActionType] = {}
        records = [r for path in chain_files("actions.jsonl", extra_files) for r in read_jsonl(path, validate_action)]
        for record in [*records, *extra_records]:
            validate_action(record)
            new = _action_type(record)
            old = entries.get(new.type)
            entries[new.type] = _extend(old, new, record) if old and record.get("extend") else new
        if not entries:
            raise RuleError("no action types were loaded")
        return cls(list(entries.values()))

    def is_event_noun(self, lemma: str) -> bool:
        """True when ``lemma`` is an event noun of the taxonomy ("attack", "clash", "flood")."""
        return lemma in self._nouns or lemma in self._compound_nouns

    def find_triggers(self, sent: Span) -> list[Trigger]:
        """Return the action triggers of ``sent``, phrases before the single words they contain."""
        triggers: list[Trigger] = []
        used: set[int] = set()
        for token in sent:
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

    def _match(self, token: Token, sent: Span) -> Trigger | None:
        lemma = token.lemma_.lower()
        pos = token.pos_
        if pos == "VERB" or (pos == "AUX" and lemma in self._phrases):
            for rest, atype in self._phrases.get(lemma, ()):
                words = _follow(token, rest, sent)
                if words:
                    return Trigger(token, (token, *words), atype, " ".join((lemma, *rest)), "phrase")
        if pos == "VERB" and lemma in self._verbs:
            return Trigger(token, (token,), self._verbs[lemma], lemma, "verb")
        if pos == "VERB" and lemma in self._actor_verbs:
            atype, needs = self._actor_verbs[lemma]
            return Trigger(token, (token,), atype, lemma, "verb", requires=needs)
        if token.dep_ == "compound" and pos in ("NOUN", "PROPN"):
            return None   # a modifier, not an event: "riot police", "attack helicopters"
        if pos in ("NOUN", "PROPN") or (pos == "VERB" and token.tag_ == "VBG" and token.dep_ in ("pobj", "nsubj", "dobj")):
            for before, atype in self._compound_nouns.get(lemma, ()):
                words = _precede(token, before)
                if words:
                    return Trigger(token, (*words, token), atype, " ".join((*before, lemma)), "noun")
            if pos != "PROPN" and lemma in self._nouns:
                return Trigger(token, (token,), self._nouns[lemma], lemma, "noun")
            if lemma in self._count_nouns and has_number(token):
                return Trigger(token, (token,), self._count_nouns[lemma], lemma, "noun")
        if pos in ("ADJ", "VERB", "NOUN") and lemma in self._adjectives or token.lower_ in self._adjectives:
            word = lemma if lemma in self._adjectives else token.lower_
            if has_number(token) or _is_number(token.head):
                return Trigger(token, (token,), self._adjectives[word], word, "adjective")
        return None


def _action_type(record: dict[str, Any]) -> ActionType:
    acled = record.get("acled")
    return ActionType(
        type=record["type"],
        plover=record.get("plover"),
        acled={k: (v[0], v[1]) for k, v in acled.items()} if acled else None,
        count_role=record.get("count_role"),
        verbs=_words(record.get("verbs", ())),
        nouns=_words(record.get("nouns", ())),
        count_nouns=_words(record.get("count_nouns", ())),
        adjectives=_words(record.get("adjectives", ())),
        phrases=tuple(tuple(p.lower().split()) for p in record.get("phrases", ()) if len(p.split()) > 1),
        undergoer_verbs=_words(record.get("undergoer_verbs", ())),
        actor_verbs={k.lower(): frozenset(v) for k, v in record.get("actor_verbs", {}).items()},
        actor_types=frozenset(record.get("actor_types", ())),
        description=record.get("description", ""),
    )


def _extend(old: ActionType, new: ActionType, record: dict[str, Any]) -> ActionType:
    """Return ``old`` with the trigger words of ``new`` added (keys absent from ``record`` kept)."""
    return replace(
        old,
        verbs=old.verbs | new.verbs,
        nouns=old.nouns | new.nouns,
        count_nouns=old.count_nouns | new.count_nouns,
        adjectives=old.adjectives | new.adjectives,
        phrases=old.phrases + tuple(p for p in new.phrases if p not in old.phrases),
        undergoer_verbs=old.undergoer_verbs | new.undergoer_verbs,
        actor_types=new.actor_types if "actor_types" in record else old.actor_types,
        plover=new.plover if "plover" in record else old.plover,
        acled=new.acled if "acled" in record else old.acled,
        count_role=new.count_role if "count_role" in record else old.count_role,
    )


def _word_matches(token: Token, word: str) -> bool:
    return token.lower_ == word or token.lemma_.lower() == word


def _follow(head: Token, rest: tuple[str, ...], sent: Span) -> list[Token] | None:
    """Find ``rest`` after ``head`` in order, each within MAX_GAP tokens of the previous word."""
    found: list[Token] = []
    position = head.i
    for word in rest:
        limit = min(position + MAX_GAP + 1, sent.end)
        for i in range(position + 1, limit):
            candidate = sent.doc[i]
            if candidate.is_punct and candidate.text not in "-":
                return None
            if _word_matches(candidate, word) and _within(candidate, head):
                found.append(candidate)
                position = i
                break
        else:
            return None
    return found


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
        if head.dep_ not in (XCOMP, CCOMP, PCOMP, "pobj", "prep") or head.head == head:
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
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "pobj" and token.head.lower_ == "for" \
            and token.head.head.lemma_.lower() in REQUESTING_VERBS:
        return True   # "called for an immediate ceasefire"
    if token.pos_ == "NOUN" and token.dep_ == "pobj" and token.head.lower_ == "of" \
            and token.head.head.lemma_.lower() in ("threat", "plan", "risk", "fear"):
        return True
    return False


def modality(token: Token) -> str | None:
    """Return "possible" for hedged triggers ("may have killed"), else None."""
    for child in token.children:
        if child.dep_ in AUX and child.lower_ in POSSIBLE_AUX:
            return "possible"
    return None


@lru_cache(maxsize=1)
def default_lexicon() -> ActionLexicon:
    """The built-in taxonomy, loaded once per process."""
    return ActionLexicon.load()
