"""agents.py finds who is behind the means of violence: the agent of a weapon or an attack.

News often makes the means the grammatical actor: "a drone strike by government forces killed 8
insurgents", "mortar rounds fired by Al Shabaab killed three", "an explosive device planted by
JNIM killed two soldiers"; or names the agent only beside the outcome: "three guards died
after raids by Taliban fighters", "four officers died when militants stormed a
post". The actor of such an outcome is the one behind the means (the means itself is the
action's ``means`` or its ACLED sub-event type). The means are data: ``rules/means.tsv``.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..rules import RuleError, builtin_path, numbered_tsv

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

#: Prepositions that tie an outcome to its cause: "killed in/after/following/during an attack by X".
CAUSE_PREPS = frozenset({"in", "after", "following", "during", "from", "by", "amid", "with"})
#: Clauses that tell the means beside the outcome: "died when militants stormed the post".
MEANS_CLAUSES = frozenset({"advcl", "conj", "ccomp"})


#: The kinds of words of ``means.tsv``.
MEANS_KINDS = ("noun", "verb", "defence", "light")
Means = dict   # kind -> frozenset of lower-case words


def read_means(extra: Iterable[Any] = ()) -> Means:
    """Return the words of ``rules/means.tsv`` and of the users' files of its format (``extra``)
    by kind: means nouns and verbs, verbs of defence, light verbs. RuleSet.means holds them."""
    kinds: dict[str, set[str]] = {kind: set() for kind in MEANS_KINDS}
    for path in (builtin_path("means.tsv"), *extra):
        for number, row in numbered_tsv(path, 2):
            if row[1] not in kinds:
                raise RuleError(f"{path}:{number}: unknown kind {row[1]!r} (one of {', '.join(MEANS_KINDS)})")
            kinds[row[1]].add(row[0].lower())
    return {kind: frozenset(words) for kind, words in kinds.items()}


@lru_cache(maxsize=1)
def _lemmas() -> Means:
    return read_means()


def means_lemmas(means: Means | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """Return (means nouns, means verbs) of ``means`` (RuleSet.means; the built-in file's by default)."""
    means = means or _lemmas()
    return means["noun"], means["verb"]


def defence_lemmas(means: Means | None = None) -> frozenset[str]:
    """Return the verbs of defence ("repel", "thwart"): their object is the attacker."""
    return (means or _lemmas())["defence"]


def _is_means(token: Token, means: Means) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in means["noun"]


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


def agent_behind_means(trigger: Token, actor: Token | None, means: Means | None = None) -> Token | None:
    """Return who is behind the means of an outcome, or ``actor`` when the means names nobody.

    ``actor`` is the actor found by syntax (maybe the means itself: "a drone strike");
    ``means``: RuleSet.means (the built-in file's by default).
    """
    means = means or _lemmas()
    if actor is not None:
        if _is_means(actor, means):
            return _by(actor) or actor
        return actor
    if _is_means(trigger, means):
        # the trigger is the means itself: "rockets launched by the army landed on X"
        behind = _by(trigger)
        if behind is not None:
            return behind
    for child in trigger.children:
        # "died after raids by Taliban fighters", "killed by a bomb planted by X"
        if child.dep_ in ("prep", "agent") and child.lower_ in CAUSE_PREPS:
            cause = next((c for c in child.children if c.dep_ == "pobj"), None)
            if cause is not None and _is_means(cause, means):
                behind = _by(cause)
                if behind is not None:
                    return behind
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX"):
        # "army units engaged in fierce clashes with bandits", "took part in the attack"
        verb = head.head
        lemma = verb.lemma_.lower()
        particle = next((c.lower_ for c in verb.children if c.dep_ in ("dobj", "prt") and c.lower_ == "part"), None)
        if lemma in means["light"] or (particle and f"{lemma} {particle}" in means["light"]):
            subject = _subject(verb)
            if subject is not None and subject.pos_ != "PRON":
                return subject
    verbs = means["verb"]
    for clause in list(trigger.children) + [trigger.head]:
        # "four officers died when militants stormed a post"
        related = clause.dep_ in MEANS_CLAUSES if clause is not trigger.head else trigger.dep_ in MEANS_CLAUSES
        if related and clause is not trigger and clause.pos_ == "VERB" and clause.lemma_.lower() in verbs:
            subject = _subject(clause)
            if subject is not None and subject.pos_ != "PRON":
                return subject
    return None


__all__ = ["agent_behind_means", "defence_lemmas", "means_lemmas", "read_means"]
