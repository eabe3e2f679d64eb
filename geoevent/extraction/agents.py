"""agents.py finds who is behind the means of violence: the agent of a weapon or an attack.

News often makes the means the grammatical actor: "a drone strike by government forces killed 8
insurgents", "mortar rounds fired by Al Shabaab killed three", "an explosive device planted by
JNIM killed two soldiers"; or names the agent only beside the outcome: "three guards died
after raids by Taliban fighters", "four officers died when militants stormed a
post". The actor of such an outcome is the one behind the means (the means itself is the
action's ``means`` or its ACLED sub-event type). The means are data: ``rules/means.tsv``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..rules import builtin_path, numbered_tsv

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

#: Prepositions that tie an outcome to its cause: "killed in/after/following/during an attack by X".
CAUSE_PREPS = frozenset({"in", "after", "following", "during", "from", "by", "amid", "with"})
#: Clauses that tell the means beside the outcome: "died when militants stormed the post".
MEANS_CLAUSES = frozenset({"advcl", "conj", "ccomp"})


@lru_cache(maxsize=1)
def _lemmas() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {"noun": set(), "verb": set(), "defence": set(), "light": set()}
    for _, row in numbered_tsv(builtin_path("means.tsv"), 2):
        kinds.setdefault(row[1], set()).add(row[0].lower())
    return {kind: frozenset(words) for kind, words in kinds.items()}


def means_lemmas() -> tuple[frozenset[str], frozenset[str]]:
    """Return (means nouns, means verbs) from ``rules/means.tsv``."""
    return _lemmas()["noun"], _lemmas()["verb"]


def defence_lemmas() -> frozenset[str]:
    """Return the verbs of defence ("repel", "thwart"): their object is the attacker."""
    return _lemmas()["defence"]


def _is_means(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in means_lemmas()[0]


def _by(token: Token) -> Token | None:
    """The "by X" of a means: "a strike by X", "rounds fired by X", "a device planted by X"."""
    for child in token.children:
        if child.dep_ in ("agent", "prep") and child.lower_ == "by":
            found = next((c for c in child.children if c.dep_ == "pobj"), None)
            if found is not None:
                return found
        if child.dep_ in ("acl", "relcl") and child.tag_ == "VBN":
            found = _by(child)
            if found is not None:
                return found
    return None


def _subject(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ == "nsubj"), None)


def agent_behind_means(trigger: Token, actor: Token | None) -> Token | None:
    """Return who is behind the means of an outcome, or ``actor`` when the means names nobody.

    ``actor`` is the actor found by syntax (maybe the means itself: "a drone strike").
    """
    if actor is not None:
        if _is_means(actor):
            return _by(actor) or actor
        return actor
    if _is_means(trigger):
        # the trigger is the means itself: "rockets launched by the army landed on X"
        behind = _by(trigger)
        if behind is not None:
            return behind
    for child in trigger.children:
        # "died after raids by Taliban fighters", "killed by a bomb planted by X"
        if child.dep_ in ("prep", "agent") and child.lower_ in CAUSE_PREPS:
            cause = next((c for c in child.children if c.dep_ == "pobj"), None)
            if cause is not None and _is_means(cause):
                behind = _by(cause)
                if behind is not None:
                    return behind
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX"):
        # "army units engaged in fierce clashes with bandits", "took part in the attack"
        verb = head.head
        lemma = verb.lemma_.lower()
        particle = next((c.lower_ for c in verb.children if c.dep_ in ("dobj", "prt") and c.lower_ == "part"), None)
        if lemma in _lemmas().get("light", ()) or (particle and f"{lemma} {particle}" in _lemmas().get("light", ())):
            subject = _subject(verb)
            if subject is not None and subject.pos_ != "PRON":
                return subject
    verbs = means_lemmas()[1]
    for clause in list(trigger.children) + [trigger.head]:
        # "four officers died when militants stormed a post"
        related = clause.dep_ in MEANS_CLAUSES if clause is not trigger.head else trigger.dep_ in MEANS_CLAUSES
        if related and clause is not trigger and clause.pos_ == "VERB" and clause.lemma_.lower() in verbs:
            subject = _subject(clause)
            if subject is not None and subject.pos_ != "PRON":
                return subject
    return None


__all__ = ["agent_behind_means", "defence_lemmas", "means_lemmas"]
