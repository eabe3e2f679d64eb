"""Who: turn the head token of an actor phrase into an :class:`~geoevent.model.Actor`.

The engine finds the head of the actor (or target) phrase by syntax; :func:`describe_actor`
reads the phrase around it and gives back its text, its name, its country and its type, using
an :class:`ActorLexicon` built from three rule files:

* ``actors.jsonl``    known groups (Taliban, Boko Haram, UNHCR, ...): name, aliases, country, type
* ``actor_types.tsv`` head nouns to actor types (soldiers -> military), with flags
* ``demonyms.tsv``    nationality words and country names to ISO codes (Afghan -> AF);
                      pycountry's country names are added beneath it at load

Choices, in the words of the README:

* ``name`` drops counts, quantifiers and determiners and keeps the rest as written
  ("Pakistan's army" stays "Pakistan's army"; the country field carries PK). A counted phrase
  names what is counted ("Hundreds of protesters" -> "protesters"). A known group, or a member
  noun of one ("Boko Haram fighters", "soldiers of the Afghan National Army", "members of
  Hamas"), is named by the group's canonical name.
* ``country`` comes from the group when one is named, else from the nationality word or country
  name nearest the head ("Pakistani police", "the army of Mali"); "Iranian-backed" and
  "pro-Russian" name someone else's country and are skipped.
* A country acting ("Pakistan said") is ``government``; a nationality as a noun ("Afghans")
  is ``civilians``. Pronouns keep their text as name and get no type.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geoevent.model import Actor

from .actor_lexicon import (  # noqa: F401  (the lexicon's names are also this module's API)
    ActorLexicon,
    HeadNoun,
    KnownGroup,
    PlaceWord,
    V,
    _norm,
    _Table,
    group_from_record,
    validate_group,
)
from .deps import POBJ, PREP, first_child, prep_objects

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependency labels (spaCy's English scheme).
_NAME_DROP_DEPS = frozenset({"det", "predet", "nummod", "quantmod"})
_LEFT_SKIP_DEPS = frozenset({
    "punct", "cc", "conj", "prep", "relcl", "acl", "appos", "advcl", "mark", "parataxis",
})
_RIGHT_KEEP_DEPS = frozenset({"compound", "flat"})
_PRONOUN_TAGS = frozenset({"PRP", "WP", "WDT", "EX"})
_QUANTITY_ADJECTIVES = frozenset({
    "several", "many", "few", "numerous", "some", "other", "more", "multiple", "various",
    "countless", "dozens", "hundreds", "thousands", "most", "all",
})
# "Iranian-backed militias" and "pro-Russian separatists" are not Iran's or Russia's own.
_PATRON_WORDS = frozenset({
    "backed", "supported", "funded", "sponsored", "trained", "allied", "aligned", "armed",
    "friendly", "leaning", "affiliated",
})
_STANCE_PREFIXES = frozenset({"pro", "anti"})
# "fighters from the RSF", "militants with the Islamic State" name the group.
_MEMBER_PREPS = ("of", "from", "with")


# --- reading a phrase ---------------------------------------------------------------------

@dataclass
class _Word:
    """A token of the phrase with the forms the look-ups use."""

    token: Token
    text: str       # normalised, case kept
    lower: str
    lemma: str


def _words(tokens: Iterable[Token]) -> list[_Word]:
    words = []
    for token in tokens:
        text = _norm(token.text)
        if text:
            words.append(_Word(token, text, text.lower(), _norm(token.lemma_).lower()))
    return words


def _find_all(words: list[_Word], table: _Table[V], capital: str) -> list[tuple[int, int, V]]:
    """Return non-overlapping (start, end, value) matches of ``table``, longest first.

    ``capital`` is "first" (the match's first word must be capitalised: "Turkey", not
    "turkey") or "any" (some word must be: "al-Shabaab").
    """
    taken = [False] * len(words)
    found: list[tuple[int, int, V]] = []
    for length in range(min(table.longest, len(words)), 0, -1):
        for start in range(len(words) - length + 1):
            if any(taken[start:start + length]):
                continue
            span = words[start:start + length]
            value = table.find([w.text for w in span])
            if value is None:
                continue
            if capital == "first" and not span[0].text[:1].isupper():
                continue
            if capital == "any" and not any(w.text[:1].isupper() for w in span):
                continue
            found.append((start, start + length, value))
            for i in range(start, start + length):
                taken[i] = True
    found.sort(key=lambda m: m[0])
    return found


def _head_noun_of(token: Token, lexicon: ActorLexicon) -> HeadNoun | None:
    word = _norm(token.text).lower()
    found = lexicon._heads.get(word)
    if found is None:
        found = lexicon._heads.get(_norm(token.lemma_).lower())
    return found


def _prep_object(head: Token, preps: Sequence[str] = ("of",)) -> Token | None:
    """Return X of "head of X" (or another of ``preps``) right after the head, else None."""
    return next((obj for prep, obj in prep_objects(head, preps) if prep.i == head.i + 1), None)


def _is_counter(head: Token, lexicon: ActorLexicon) -> bool:
    if head.pos_ == "NUM" or head.like_num:
        return True
    found = _head_noun_of(head, lexicon)
    return found is not None and found.quantity


def _phrase_bounds(head: Token, lexicon: ActorLexicon, depth: int = 0) -> tuple[int, int]:
    """Return the [start, end) token offsets of the noun phrase headed by ``head``.

    Left: every modifier with its subtree (counts, adjectives, compounds, possessors). Right:
    compounds, and an "of" phrase when it counts ("dozens of protesters"), names a member's
    group ("soldiers of the Afghan National Army") or a proper noun ("the army of Mali").
    Relative clauses, appositions, "including ..." and other prepositions are left out.
    """
    doc = head.doc
    start = head.i
    sides = head.dep_ == POBJ and head.head.lower_ == "between"
    for child in head.lefts:
        joined = first_child(child, ("conj",)) if sides and child.dep_ not in _LEFT_SKIP_DEPS else None
        if joined is not None:
            # "between the Taliban and government forces", read as one phrase: the modifier
            # with a conjunct is the first side (roles._between), the rest the second
            start = joined.left_edge.i
        elif child.dep_ not in _LEFT_SKIP_DEPS:
            start = min(start, child.left_edge.i)
    while start < head.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.left_edge.i > end:
            break
        if child.dep_ in _RIGHT_KEEP_DEPS:
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ == PREP and child.lower_ == "of" and depth < 4:
            pobj = first_child(child, (POBJ,))
            if pobj is None or not _keeps_of(head, pobj, lexicon):
                break
            end = max(end, _phrase_bounds(pobj, lexicon, depth + 1)[1])
        else:
            break
    # Glue hyphenated names the parser split ("Tehreek-e-Insaf").
    while end < len(doc) and not doc[end].is_sent_start and _hyphen_joined(doc[end - 1], doc[end]):
        end += 1
    while start > 0 and not doc[start].is_sent_start and _hyphen_joined(doc[start - 1], doc[start]):
        start -= 1
    while end > head.i + 1 and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _hyphen_joined(left: Token, right: Token) -> bool:
    return left.whitespace_ == "" and (left.text == "-" or right.text == "-")


def _keeps_of(head: Token, pobj: Token, lexicon: ActorLexicon) -> bool:
    if _is_counter(head, lexicon):
        return True
    found = _head_noun_of(head, lexicon)
    if found is not None and found.member:
        return True
    return pobj.pos_ == "PROPN" or pobj.ent_type_ != "" or any(
        c.pos_ == "PROPN" for c in pobj.lefts if c.dep_ in ("compound", "amod", "nmod")
    )


def _name_tokens(head: Token, start: int, end: int) -> list[Token]:
    """Return the phrase's tokens without counts, quantifiers and determiners of the head."""
    dropped: set[int] = set()
    for child in head.lefts:
        if child.dep_ in _NAME_DROP_DEPS or (
            child.dep_ == "amod" and child.lower_ in _QUANTITY_ADJECTIVES
        ) or (child.dep_ == "poss" and child.pos_ == "PRON"):
            dropped.update(t.i for t in child.subtree)
    tokens = [t for t in head.doc[start:end] if t.i not in dropped]
    while tokens and tokens[0].is_punct and tokens[0].i != head.i:
        tokens.pop(0)
    return tokens


def _join(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    return "".join(t.text_with_ws for t in tokens[:-1]) + tokens[-1].text


def _foreign_patron(token_start: Token, token_end: Token) -> bool:
    """Return True for "Iranian-backed", "pro-Russian", "anti-Israeli": not the actor's own."""
    doc = token_start.doc
    i, j = token_start.i, token_end.i
    if j + 2 < len(doc) and doc[j + 1].text == "-" and doc[j + 2].lower_ in _PATRON_WORDS:
        return True
    if i >= 1 and doc[i - 1].lower_ in _STANCE_PREFIXES:
        return True
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in _STANCE_PREFIXES


def _inside_person(first: Token, last: Token) -> bool:
    """Return True for "Jordan" in "Michael Jordan": a person's name around the match."""
    doc = first.doc
    if first.ent_type_ != "PERSON":
        return False
    before = first.i > 0 and doc[first.i - 1].ent_type_ == "PERSON" and first.ent_iob_ == "I"
    after = last.i + 1 < len(doc) and doc[last.i + 1].ent_type_ == "PERSON" and doc[last.i + 1].ent_iob_ == "I"
    return before or after


def _against(token: Token) -> bool:
    """Return True for the "junta" of "anti-junta"."""
    doc = token.doc
    i = token.i
    return (i >= 1 and doc[i - 1].lower_ == "anti") or (
        i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "anti"
    )


def _place_matches(words: list[_Word], lexicon: ActorLexicon) -> list[tuple[int, int, PlaceWord]]:
    matches = []
    for start, end, place in _find_all(words, lexicon._places, "first"):
        span = words[start:end]
        if _inside_person(span[0].token, span[-1].token):
            continue
        if _foreign_patron(span[0].token, span[-1].token):
            continue
        if place.kind == "country" and _ends_longer_name(span[0].token):
            continue
        matches.append((start, end, place))
    return matches


def _ends_longer_name(first: Token) -> bool:
    """True when a country's name is only the end of a longer proper name the tables do not
    hold ("New Jersey police", "New Mexico"): a capitalised proper noun compounds into it
    (names the tables hold, "South Sudan", "New Zealand", match whole, longest first)."""
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.text[:1].isupper() for c in first.lefts)


def _nearest(matches: list[tuple[int, int, V]], position: int) -> V | None:
    """Return the match nearest before ``position`` (inclusive), else the first after it."""
    before = [m for m in matches if m[0] <= position]
    if before:
        return max(before, key=lambda m: m[1])[2]
    return matches[0][2] if matches else None


# --- describing an actor ------------------------------------------------------------------

def describe_actor(head: Token, lexicon: ActorLexicon | None = None) -> Actor:
    """Return the Actor (text, name, country, type) of the phrase headed by ``head``."""
    return _describe(head, lexicon or _builtin(), 0)[0]


def _describe(head: Token, lexicon: ActorLexicon, depth: int) -> tuple[Actor, KnownGroup | None]:
    """Return the actor of the phrase headed by ``head`` and the known group it names, if any."""
    doc = head.doc
    start, end = _phrase_bounds(head, lexicon)
    if start > 0 and not doc[start].is_sent_start and _is_acronym_group(doc[start - 1], lexicon):
        start -= 1                    # "IS fighters": the parser took "IS" for a verb
    text = doc[start:end].text
    if head.pos_ == "PRON" or head.tag_ in _PRONOUN_TAGS:
        return Actor(text, text), None

    own = _head_noun_of(head, lexicon)
    counter = _is_counter(head, lexicon)
    member = own is not None and own.member
    pobj = _prep_object(head, ("of",) if counter else _MEMBER_PREPS) \
        if depth < 4 and (counter or member) else None
    if pobj is not None:
        inner, group = _describe(pobj, lexicon, depth + 1)
        # "dozens of protesters" names the protesters, "members of a militia" the militia,
        # "fighters from the RSF" the RSF; "forces of Mali" is read as one phrase below.
        if counter or group is not None or (own is not None and own.type is None):
            if pobj.head.lower_ != "of":
                end = max(end, _phrase_bounds(pobj, lexicon, depth + 1)[1])
                text = doc[start:end].text
            return Actor(text, inner.name, inner.country, inner.type), group

    runaway = _group_past_phrase(head, start, end, lexicon)
    if runaway is not None:
        run_end, group = runaway
        return Actor(doc[start:run_end].text, group.name, group.country, group.type), group

    tokens = _name_tokens(head, start, end)
    name = _join(tokens) or text
    words = _words(tokens)
    head_at = next((i for i, w in enumerate(words) if w.token.i == head.i), None)
    if head_at is None:               # the head is a bare hyphen or quote: nothing to read
        return Actor(text, name), None

    groups = _find_all(words, lexicon._group_keys, "any")
    places = _place_matches(words, lexicon)
    in_group = {i for s, e, _ in groups for i in range(s, e)}
    nearest_place = _nearest([m for m in places if m[0] not in in_group], head_at)
    country = nearest_place.country if nearest_place is not None else None

    for s, e, group in groups:
        if s <= head_at < e:
            return Actor(text, group.name, group.country or country, group.type), group

    for s, e, place in places:
        if s <= head_at < e:
            kind = "government" if place.kind == "country" else "civilians"
            return Actor(text, name, place.country, kind), None

    # The type head: the last typed word at or before the head ("soldiers"; "spokesman" in
    # "Taliban spokesman Zabihullah Mujahid"; "army" in "an army convoy").
    type_start, head_row = head_at + 1, None
    for k in range(head_at, -1, -1):
        if k in in_group:
            continue
        found = _typed_at(words, k, in_group, lexicon)
        if found is not None:
            type_start, head_row = k - found[0] + 1, found[1]
            break

    group = _nearest([g for g in groups if g[1] <= type_start or g[0] > head_at], type_start - 1) \
        if groups else None
    if group is not None and group.country:
        country = group.country

    if head_row is None:
        kind = group.type if group is not None else None
    elif head_row.member and group is not None and (
        head_row.type is None or head_row.weak or lexicon.is_a(group.type, "armed")
    ):
        return Actor(text, group.name, group.country or country, group.type), group
    elif head_row.weak or head_row.type is None:
        kind = group.type if group is not None else (
            _typed_modifier(words, type_start, in_group, lexicon) or head_row.type
        )
    else:
        kind = head_row.type

    if kind is None and depth == 0:
        # "the group, Jaish al-Adl, ..." / "Zabihullah Mujahid, a Taliban spokesman, ..."
        for child in head.rights:
            if child.dep_ != "appos":
                continue
            inner, inner_group = _describe(child, lexicon, depth + 1)
            if inner_group is not None and (head_row is None or head_row.type is None):
                if head.pos_ != "PROPN":
                    return Actor(text, inner.name, inner.country, inner.type), inner_group
            kind = inner.type
            country = country or inner.country
            break
    return Actor(text, name, country, kind), None


def _is_acronym_group(token: Token, lexicon: ActorLexicon) -> bool:
    return token.text.isupper() and token.dep_ in ("aux", "auxpass") and \
        lexicon._group_keys.exact.get(_norm(token.text)) is not None


def _group_past_phrase(
    head: Token, start: int, end: int, lexicon: ActorLexicon,
) -> tuple[int, KnownGroup] | None:
    """Return (end, group) of a known group's name that the parser split ("Doctors Without
    Borders", "Save the Children"): it covers the head and runs on past the phrase."""
    if not head.text[:1].isupper():
        return None
    doc = head.doc
    limit = end
    while limit < len(doc) and limit - end < lexicon._group_keys.longest and not doc[limit].is_sent_start:
        limit += 1
    if limit == end:
        return None
    words = _words(doc[start:limit])
    for s, e, group in _find_all(words, lexicon._group_keys, "any"):
        span = words[s:e]
        if span[0].token.i <= head.i <= span[-1].token.i and span[-1].token.i >= end:
            return span[-1].token.i + 1, group
    return None


def _typed_at(
    words: list[_Word], k: int, in_group: set[int], lexicon: ActorLexicon,
) -> tuple[int, HeadNoun] | None:
    """Return (length, row) of the head phrase ending at word ``k`` (not inside a group)."""
    first = k
    while first > 0 and k - first + 1 < lexicon._head_longest and first - 1 not in in_group:
        first -= 1
    return lexicon._head_at([w.lower for w in words[first:k + 1]], words[k].lemma)


def _typed_modifier(
    words: list[_Word], before: int, in_group: set[int], lexicon: ActorLexicon,
) -> str | None:
    """Return the type of the nearest typed word before position ``before`` ("rebel forces")."""
    for k in range(before - 1, -1, -1):
        if k in in_group:
            continue
        found = _typed_at(words[:before], k, in_group, lexicon)
        if found is not None and found[1].type is not None:
            if _against(words[k - found[0] + 1].token):
                return "rebels"       # "anti-junta fighters", "anti-government forces"
            return found[1].type
    return None


# --- countries for the engine -------------------------------------------------------------

def demonym_country(word: str, lexicon: ActorLexicon | None = None) -> str | None:
    """Return the ISO code a nationality word or country name names ("Afghan" -> "AF")."""
    place = (lexicon or _builtin()).place(word)
    return place.country if place is not None else None


def country_of_token(token: Token, lexicon: ActorLexicon | None = None) -> str | None:
    """Return the ISO code of the country or nationality that ``token`` (with its entity or
    compounds: "South Sudan", "Democratic Republic of Congo") names, or None."""
    lexicon = lexicon or _builtin()
    doc = token.doc
    if token.ent_iob_ in ("B", "I"):
        start = token.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    else:
        start = min([token.i] + [c.left_edge.i for c in token.lefts if c.dep_ == "compound"])
        end = token.i + 1
    words = _words(doc[start:end])
    matches = [m for m in _find_all(words, lexicon._places, "first")]
    for s, e, place in matches:
        if any(w.token.i == token.i for w in words[s:e]):
            return place.country
    return None


def _builtin() -> ActorLexicon:
    # callers outside extraction (the place resolver) that are given no lexicon use the built-in rules
    from ..rules.ruleset import builtin_rules

    return builtin_rules().actors


__all__ = [
    "ActorLexicon", "HeadNoun", "KnownGroup", "PlaceWord",
    "country_of_token", "demonym_country", "describe_actor",
]
