"""deps.py names the dependency labels we read (spaCy's English ClearNLP scheme) and walks the
one pattern every extractor needs: a preposition under a word and its object."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

NSUBJ, CSUBJ = "nsubj", "csubj"
NSUBJPASS, CSUBJPASS = "nsubjpass", "csubjpass"
SUBJECTS = (NSUBJ, CSUBJ)
PASSIVE_SUBJECTS = (NSUBJPASS, CSUBJPASS)
DOBJ = "dobj"
PREP, POBJ, PCOMP = "prep", "pobj", "pcomp"
AGENT = "agent"
AUX, AUXPASS = "aux", "auxpass"
AUXILIARIES = (AUX, AUXPASS)
NEG = "neg"
XCOMP, CCOMP = "xcomp", "ccomp"
ADVCL, ACL, RELCL = "advcl", "acl", "relcl"
CONJ, APPOS = "conj", "appos"
COMPOUND, AMOD, NUMMOD, QUANTMOD = "compound", "amod", "nummod", "quantmod"
POSS, DET = "poss", "det"
ATTR = "attr"
MARK = "mark"


def prep_objects(token: Token, words: Iterable[str] | None = None) -> Iterator[tuple[Token, Token]]:
    """Yield ``(preposition, its object)`` for each preposition under ``token`` (only those in
    ``words`` when given): "an attack on the base" -> (on, base)."""
    wanted = None if words is None else frozenset(words)
    for child in token.children:
        if child.dep_ == PREP and (wanted is None or child.lower_ in wanted):
            obj = first_child(child, (POBJ,))
            if obj is not None:
                yield child, obj


def prep_object(token: Token, words: Iterable[str]) -> Token | None:
    """Return the object of the first preposition in ``words`` under ``token``, or None."""
    return next((obj for _, obj in prep_objects(token, words)), None)


def has_pronoun_owner(token: Token | None) -> bool:
    """Whether a noun is owned by a pronoun: "his home", "their shops"."""
    return token is not None and any(c.dep_ == POSS and c.pos_ == "PRON" for c in token.children)


def first_child(token: Token, deps: Iterable[str]) -> Token | None:
    """Return the first child of ``token`` with one of the labels ``deps``, or None."""
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None
