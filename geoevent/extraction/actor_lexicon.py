"""actor_lexicon.py holds the actor lexicon: known groups (``actors.jsonl``), head nouns and
their types (``actor_types.tsv``) and nationality words (``demonyms.tsv``), as look-ups built once."""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from geoevent.rules import RuleError, RuleText, chain_files, numbered_tsv, read_jsonl, require

GROUPS_FILE = "actors.jsonl"
TYPES_FILE = "actor_types.tsv"

HEAD_FLAGS = frozenset({"quantity", "member", "weak"})
PLACE_KINDS = frozenset({"nationality", "country"})
# Kosovo is not in ISO 3166-1 but news and ACLED use it.
EXTRA_COUNTRY_CODES = frozenset({"XK"})


# --- normalising words --------------------------------------------------------------------

_POSSESSIVE = re.compile(r"['’]s\b")
_DROPPED_CHARS = re.compile(r"['’.()\"“”]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—/]+")


@functools.lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    """Return ``text`` without possessive 's, dots, quotes and hyphens, case kept."""
    text = _POSSESSIVE.sub("", text)
    text = _DROPPED_CHARS.sub("", text)
    text = _SEPARATORS.sub(" ", text).strip()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text


def _is_exact(key: str) -> bool:
    """Return True for short all-capital forms (US, IS, WHO, M23) that must match case."""
    letters = key.replace(" ", "")
    return len(letters) <= 4 and letters.isupper()


def _lower_key(key: str) -> str:
    key = key.lower()
    return key[4:] if key.startswith("the ") else key


# --- the lexicon --------------------------------------------------------------------------

@dataclass(frozen=True)
class KnownGroup:
    """A named group from ``actors.jsonl``: canonical name, country and actor type."""

    name: str
    country: str | None = None
    type: str | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class HeadNoun:
    """A row of ``actor_types.tsv``: the type a head noun gives and how it behaves."""

    type: str | None
    quantity: bool = False      # "dozens of X": the actor is X
    member: bool = False        # "Boko Haram fighters": the actor is the group
    weak: bool = False          # its type yields to a group or a typed word before it


@dataclass(frozen=True)
class PlaceWord:
    """A row of ``demonyms.tsv``: a nationality word or a country name and its ISO code."""

    country: str
    kind: str = "nationality"   # "nationality" (Afghan, Afghans) or "country" (Pakistan)


V = TypeVar("V")


class _Table(Generic[V]):
    """Phrases keyed two ways: case-insensitive, and exact for short capital forms."""

    def __init__(self) -> None:
        self.loose: dict[str, V] = {}
        self.exact: dict[str, V] = {}
        self.longest = 1

    def _slot(self, phrase: str) -> tuple[dict[str, V], str]:
        key = _norm(phrase)
        if not key:
            raise ValueError(f'"{phrase}" has no letters')
        if _is_exact(key):
            return self.exact, key
        return self.loose, _lower_key(key)

    def put(self, phrase: str, value: V) -> None:
        table, key = self._slot(phrase)
        table[key] = value
        self.longest = max(self.longest, key.count(" ") + 1)

    def find(self, words: Sequence[str]) -> V | None:
        joined = " ".join(words)
        found = self.exact.get(joined)
        return found if found is not None else self.loose.get(_lower_key(joined))

    def remove_if(self, phrase: str, value: V) -> None:
        table, key = self._slot(phrase)
        if table.get(key) is value:
            del table[key]


class ActorLexicon:
    """Known groups, head-noun types and nationality words, as dict look-ups built once.

    Build it with :meth:`load` (the built-in files, then users' files); entries of later files
    override earlier ones. A RuleSet (geoevent.rules.ruleset) holds the one a run uses.
    """

    def __init__(self, classes: dict[str, frozenset[str]] | None = None) -> None:
        #: actor type -> its classes (rules/actor_classes.tsv): what the types mean
        self.classes: dict[str, frozenset[str]] = dict(classes or {})
        self.groups: dict[str, KnownGroup] = {}
        self._group_keys: _Table[KnownGroup] = _Table()
        self._heads: dict[str, HeadNoun] = {}
        self._head_longest = 1
        self._places: _Table[PlaceWord] = _Table()

    # building ------------------------------------------------------------------------------

    def is_a(self, actor_type: str | None, name: str) -> bool:
        """True when ``actor_type`` is ``name`` or belongs to the class ``name`` ("armed")."""
        return actor_type is not None and (actor_type == name or name in self.classes.get(actor_type, ()))

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = (), classes: dict[str, frozenset[str]] | None = None,
             demonyms: Iterable[Any] | None = None) -> ActorLexicon:
        """Return the lexicon of the built-in rule files extended by ``extra_files``.

        A ``.jsonl`` file holds known groups; a ``.tsv`` file holds head-noun rows
        (``phrase, type[, flags]``) or place rows (``word, CODE[, kind]``), told apart by
        the second field. ``demonyms``: the nationality words as the RuleSet read them
        (``geoevent.rules.words.Demonym`` rows; the built-in ones when None). Raises
        :class:`RuleError` naming the file and line of a bad entry.
        """
        if classes is None:
            from ..rules.ruleset import read_actor_classes

            classes = {k: c.classes for k, c in read_actor_classes().items()}
        if demonyms is None:
            from ..rules.words import builtin_demonyms

            demonyms = builtin_demonyms()
        lexicon = cls(classes)
        lexicon.add_pycountry_names()
        for word, country, kind in demonyms:
            lexicon.add_place(word, PlaceWord(country, kind))
        for path in chain_files(TYPES_FILE) + chain_files(GROUPS_FILE):
            lexicon.add_file(path)
        for path in extra_files:
            lexicon.add_file(path)
        return lexicon

    def add_file(self, path: str | Path | RuleText) -> None:
        """Add the entries of one rule file (JSONL groups or TSV rows), overriding earlier ones."""
        path = path if isinstance(path, RuleText) else Path(path)
        if path.suffix.lower() in (".jsonl", ".json"):
            for record in read_jsonl(path, lambda r: validate_group(r, self.classes)):
                self.add_group(group_from_record(record))
            return
        for number, cells in numbered_tsv(path):
            try:
                self._add_row(cells)
            except ValueError as exc:
                raise RuleError(f"{path}:{number}: {exc}") from None

    def _add_row(self, cells: list[str]) -> None:
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise ValueError("expected PHRASE<TAB>TYPE[<TAB>FLAGS] or WORD<TAB>CODE[<TAB>KIND]")
        phrase, second, third = cells[0], cells[1], (cells[2] if len(cells) > 2 else "")
        if re.fullmatch(r"[A-Z]{2}", second):
            kind = third or "nationality"
            if kind not in PLACE_KINDS:
                raise ValueError(f'unknown kind "{kind}" (expected nationality or country)')
            self.add_place(phrase, PlaceWord(_check_country(second), kind))
            return
        if second != "-" and second not in self.classes:
            raise ValueError(
                f'"{second}" is neither an actor type ({", ".join(sorted(self.classes))}, or -) '
                "nor a country code (two capital letters)"
            )
        flags = {f.strip() for f in third.split(",") if f.strip()}
        unknown = flags - HEAD_FLAGS
        if unknown:
            raise ValueError(f'unknown flag "{sorted(unknown)[0]}" (expected {", ".join(sorted(HEAD_FLAGS))})')
        self.add_head_noun(phrase, HeadNoun(
            None if second == "-" else second,
            quantity="quantity" in flags, member="member" in flags, weak="weak" in flags,
        ))

    def add_group(self, group: KnownGroup) -> None:
        """Add a known group; one of the same name is replaced, and later aliases win."""
        old = self.groups.pop(group.name.lower(), None)
        if old is not None:
            for alias in (old.name, *old.aliases):
                self._group_keys.remove_if(alias, old)
        self.groups[group.name.lower()] = group
        for alias in (group.name, *group.aliases):
            self._group_keys.put(alias, group)

    def add_head_noun(self, phrase: str, head: HeadNoun) -> None:
        """Add (or override) the type of a head noun or a multi-word phrase."""
        key = _norm(phrase).lower()
        if not key:
            raise ValueError(f'"{phrase}" has no letters')
        self._heads[key] = head
        self._head_longest = max(self._head_longest, key.count(" ") + 1)

    def add_place(self, word: str, place: PlaceWord) -> None:
        """Add (or override) a nationality word or a country name."""
        self._places.put(word, place)

    def add_pycountry_names(self) -> None:
        """Add every country's ISO name and common name (not the "Korea, Republic of" forms)."""
        import pycountry

        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value and "," not in value and "(" not in value:
                    self._places.put(value, PlaceWord(country.alpha_2, "country"))

    # look-ups ------------------------------------------------------------------------------

    def group(self, text: str) -> KnownGroup | None:
        """Return the known group that ``text`` names as a whole ("the TTP"), or None."""
        key = _norm(text)
        return self._group_keys.find(key.split()) if key else None

    def head_noun(self, phrase: str) -> HeadNoun | None:
        """Return the row for a head noun or phrase ("soldiers", "security forces"), or None."""
        return self._heads.get(_norm(phrase).lower())

    def place(self, word: str) -> PlaceWord | None:
        """Return the nationality word or country name ``word`` ("Afghan", "DRC"), or None."""
        key = _norm(word)
        return self._places.find(key.split()) if key else None

    def _head_at(self, words: Sequence[str], lemma: str) -> tuple[int, HeadNoun] | None:
        """Return (length, row) of the longest head phrase ending with the last of ``words``."""
        for length in range(min(self._head_longest, len(words)), 0, -1):
            phrase = words[len(words) - length:]
            found = self._heads.get(" ".join(phrase))
            if found is None and lemma and lemma != phrase[-1]:
                found = self._heads.get(" ".join((*phrase[:-1], lemma)))
            if found is not None:
                return length, found
        return None


def _check_country(code: str) -> str:
    if code in EXTRA_COUNTRY_CODES or code in _iso_codes():
        return code
    raise ValueError(f'"{code}" is not an ISO 3166-1 alpha-2 country code')


@functools.lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def validate_group(record: dict[str, Any], types: Iterable[str] | None = None) -> None:
    """Raise ValueError for a bad known-group line (``types``: the actor types it may name)."""
    if types is None:
        from ..rules.ruleset import read_actor_classes

        types = read_actor_classes()
    name = require(record, "name", str)
    if not name.strip():
        raise ValueError('"name" is empty')
    aliases = record.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValueError('"aliases" must be a list of non-empty strings')
    country = record.get("country")
    if country is not None:
        if not isinstance(country, str):
            raise ValueError('"country" must be a string or null')
        _check_country(country)
    kind = record.get("type")
    if kind is not None and kind not in types:
        raise ValueError(f'unknown type "{kind}" (expected one of {", ".join(sorted(types))})')
    if not isinstance(record.get("note", ""), str):
        raise ValueError('"note" must be a string')
    unknown = set(record) - {"name", "aliases", "country", "type", "note", "kind"}
    if unknown:
        raise ValueError(f'unknown key "{sorted(unknown)[0]}"')


def group_from_record(record: dict[str, Any]) -> KnownGroup:
    return KnownGroup(
        name=record["name"].strip(),
        country=record.get("country"),
        type=record.get("type"),
        aliases=tuple(a.strip() for a in record.get("aliases", [])),
        note=record.get("note"),
    )


