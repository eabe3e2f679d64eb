"""words.py holds the word lists place finding takes from the rule set: nationality words and
place feature words, as look-ups built once per rule set.

The Extractor hands the RuleSet's lists to ``geo/`` on the gazetteer it passes
(``gazetteer.words``); :func:`use_words` puts them on the Doc that ``find_places`` resolves, so
the token-level helpers read them with the Doc. A gazetteer without words means the built-in
lists (``geoevent.rules.words``).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from geoevent.rules.words import PLACE_LIST_KINDS, Demonym, builtin_demonyms, builtin_feature_words

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: The key of the Doc's ``user_data`` that holds the PlaceWords it is resolved with.
DOC_KEY = "geoevent.place_words"


#: The word lists of place finding a user's ``--rules`` file extends (``my_places_stopwords.tsv``),
#: with the number of columns each row needs.
LIST_KINDS = PLACE_LIST_KINDS


@lru_cache(maxsize=None)
def builtin_rows(kind: str) -> tuple[tuple[str, ...], ...]:
    """The rows of the built-in file ``rules/KIND.tsv`` (one of :data:`LIST_KINDS`)."""
    from geoevent.rules import builtin_path
    from geoevent.rules.words import numbered_place_rows

    return tuple(tuple(row) for _, row in numbered_place_rows(builtin_path(kind + ".tsv"), kind))


class PlaceWords:
    """Nationality words (``demonyms.tsv`` rows), feature words (``places_features.tsv``) and the
    other word lists of place finding (:data:`LIST_KINDS`: the users' rows after the built-in)."""

    def __init__(self, demonyms: Iterable[Demonym], features: Mapping[str, str],
                 lists: Mapping[str, Iterable[Sequence[str]]] | None = None):
        self.demonyms = tuple(demonyms)
        self.features = dict(features)
        self.lists = {kind: tuple(tuple(row) for row in rows) for kind, rows in (lists or {}).items() if rows}

    def __reduce__(self) -> tuple:
        return (PlaceWords, (self.demonyms, self.features, self.lists))

    def rows(self, kind: str) -> tuple[tuple[str, ...], ...]:
        """The rows of one word list: the built-in file's, then the users'."""
        return builtin_rows(kind) + self.lists.get(kind, ())

    @cached_property
    def facility_words(self) -> frozenset[str]:
        """Words that end a facility's name ("hospital", "street")."""
        return frozenset(row[0].lower() for row in self.rows("places_facilities"))

    @cached_property
    def way_words(self) -> frozenset[str]:
        """The facility words of streets and squares (marked ``way``)."""
        return frozenset(row[0].lower() for row in self.rows("places_facilities") if len(row) > 1 and row[1] == "way")

    @cached_property
    def stop_words(self) -> dict[str, str]:
        """Folded names that are no place by themselves, and why (``places_stopwords.tsv``)."""
        from .names import fold

        return {fold(row[0]): row[1] for row in self.rows("places_stopwords")}

    @cached_property
    def land_nouns(self) -> frozenset[str]:
        return frozenset(row[0].lower() for row in self.rows("places_land_nouns"))

    @cached_property
    def body_words(self) -> frozenset[str]:
        """Words of public bodies named after the place they serve ("police", "council")."""
        return frozenset(row[0].lower() for row in self.rows("places_bodies"))

    @cached_property
    def org_words(self) -> frozenset[str]:
        """Words that make an organisation of the place name before them ("army", "post")."""
        return frozenset(row[0].lower() for row in self.rows("places_org_words"))

    @cached_property
    def town_words(self) -> frozenset[str]:
        """Feature words that call the name before them a town ("X City", "X Village")."""
        return frozenset(row[0].lower() for row in self.rows("places_town_words"))

    @cached_property
    def resident_nouns(self) -> frozenset[str]:
        """Nouns of people a town's name qualifies ("a Rockmart man", "a Tallapoosa native")."""
        return frozenset(row[0].lower() for row in self.rows("places_residents") if row[1] == "resident")

    @cached_property
    def of_nouns(self) -> frozenset[str]:
        """Nouns after which "of X" names a place ("the mayor of X", "north of X")."""
        return frozenset(row[0].lower() for row in self.rows("places_residents") if row[1] == "of")

    @cached_property
    def force_nouns(self) -> frozenset[str]:
        """Nouns of the local forces news names after their town ("Gwinnett police said")."""
        return frozenset(row[0].lower() for row in self.rows("places_residents") if row[1] == "force")

    @cached_property
    def hyphen_words(self) -> frozenset[str]:
        """Words joined to a place's name by a hyphen ("a Kent-based firm", "Leeds-born")."""
        return frozenset(row[0].lower() for row in self.rows("places_residents") if row[1] == "hyphen")

    @cached_property
    def country_cues(self) -> tuple[tuple[str, str], ...]:
        """Words that name a country without naming it, with its code ("Knesset" -> IL)."""
        return tuple((row[0], row[1]) for row in self.rows("places_country_cues"))

    @cached_property
    def people_nouns(self) -> frozenset[str]:
        return frozenset(row[0].lower() for row in self.rows("places_people_nouns"))

    @cached_property
    def region_adjectives(self) -> dict[str, str]:
        return {row[0]: row[1] for row in self.rows("places_region_adjectives")}

    @cached_property
    def after_town_abbreviations(self) -> dict[str, str]:
        return {row[0]: row[2] for row in self.rows("places_abbreviations_after_town")}

    @cached_property
    def phrase_starts(self) -> frozenset[str]:
        """The first words of the feature phrases of more than one word ("local government area")."""
        return frozenset(f.split()[0] for f in self.features if " " in f)

    @cached_property
    def codes(self) -> tuple[dict[str, str], dict[str, str]]:
        """The country of each word: all-capital forms of up to four letters (US, UK, DRC) as
        written, the others folded to lower case (the first row of a word wins)."""
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for word, code, _ in self.demonyms:
            if word.isupper() and len(word) <= 4:
                exact[word] = code
            else:
                folded.setdefault(word.lower(), code)
        return exact, folded

    def country(self, text: str) -> str | None:
        """Return the country a nationality word or short country name names ("Afghan" -> "AF")."""
        exact, folded = self.codes
        return exact.get(text) or folded.get(text.lower())

    @cached_property
    def one_word(self) -> tuple[str, ...]:
        """The one-word nationality words and country names, as written and in capitals."""
        words = {d.word for d in self.demonyms if " " not in d.word}
        return tuple(sorted(words | {w.upper() for w in words}))

    @cached_property
    def one_word_ids(self) -> frozenset[int]:
        """:attr:`one_word` as spaCy string ids, to find the words without a loop over tokens."""
        from spacy.strings import get_string_id

        return frozenset(get_string_id(w) for w in self.one_word)


@lru_cache(maxsize=1)
def builtin_words() -> PlaceWords:
    """The built-in word lists, for a gazetteer that carries none."""
    return PlaceWords(builtin_demonyms(), builtin_feature_words())


def use_words(doc: Doc, gazetteer: Any) -> PlaceWords:
    """Put the word lists of ``gazetteer`` (or the built-in ones) on ``doc`` and return them."""
    words = getattr(gazetteer, "words", None) or builtin_words()
    doc.user_data[DOC_KEY] = words
    return words


def words_of(doc: Doc) -> PlaceWords:
    """Return the word lists ``doc`` is resolved with (the built-in ones when none were put)."""
    return doc.user_data.get(DOC_KEY) or builtin_words()


__all__ = ["LIST_KINDS", "PlaceWords", "builtin_rows", "builtin_words", "use_words", "words_of"]
