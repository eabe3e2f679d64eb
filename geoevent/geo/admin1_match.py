"""admin1_match.py pairs ISO 3166-2 first-level divisions with GeoNames admin1 codes by name.

GeoNames admin1 codes (mostly FIPS numbers) and ISO 3166-2 codes are different systems and no
installed package links them: an ISO division whose name is the name of a big town of one
GeoNames admin1 unit is that unit; equal letter codes pair too; a single division left over
pairs with the single unit left over. Used once, when :mod:`geoevent.geo.build` builds the
index (split from build.py).
"""
from __future__ import annotations

import os
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from geoevent.geo.names import fold as _fold
from geoevent.geo.names import is_latin_name as _is_latin_name

fold = lru_cache(maxsize=None)(_fold)
is_latin_name = lru_cache(maxsize=None)(_is_latin_name)

# Words that name the kind of a division, dropped to compare a division's name with town names.
_GENERIC = frozenset(
    "province provincia provinsi state estado etat region regiao oblast oblys oblasti governorate "
    "muhafazah district department departement prefecture county municipality city capital "
    "territory federal autonomous republic of the and de du la le el al administration regional "
    "division krai kray okrug voivodeship canton emirate parish peoples people area zone "
    "special metropolitan ostan velayat wilayah wilaya vilayeti ili il "
    # the kind words of Chinese, Korean, Nordic, Slavic and Arabic division names as ISO writes
    # them ("Anhui Sheng", "Gyeonggi-do", "Stockholms lan", "Adygeya, Respublika")
    "sheng shi zizhiqu teukbyeolsi gwangyeoksi teukbyeoljachido teukbyeoljachisi do lan laen "
    "kraj respublika muhafazat mintaqat".split()
)
# Foreign direction words in division names, for the English form news uses ("Nord-Kivu").
_DIRECTIONS = {"nord": "north", "sud": "south", "ouest": "west", "est": "east",
               "norte": "north", "sur": "south", "centre": "central", "centro": "central"}


def _core(name: str) -> str:
    words = [w for w in fold(name).split() if w not in _GENERIC]
    return " ".join(words)


def _clean_division_name(name: str) -> str:
    """Return an ISO division name as English news writes it: no note in brackets ("Wales
    [Cymru GB-CYM]" -> "Wales", "Eastern Visayas (Region VIII)" -> "Eastern Visayas"), no diacritics or ayn marks ("Kunaṟ" -> "Kunar")."""
    name = unicodedata.normalize("NFKD", name.split("[")[0].split(" (")[0].strip())
    name = "".join(ch for ch in name if not unicodedata.combining(ch) and ch not in "ʻ‘’ʼ")
    return unicodedata.normalize("NFC", name)


def _similarity(core: str, town_keys: Iterable[str]) -> float:
    best = 0.0
    for key in town_keys:
        if not core or not key or core[0] != key[0]:     # every pair below shares a first letter
            continue
        if key == core:
            return 1.0
        short, long_ = sorted((core, key), key=len)
        if len(short) >= 5 and len(short) >= 0.6 * len(long_) and long_.startswith(short):
            best = max(best, 0.8)     # "kharkiv" / "kharkivska"
        else:
            common = os.path.commonprefix([core, key])
            if len(common) >= 6 and len(common) >= 0.75 * len(short):
                best = max(best, 0.7)     # "zaporizka" / "zaporizhzhya"
    return best


def match_admin1(
    divisions: list[tuple[str, str]], units: dict[str, list[dict]],
    children: dict[str, list[str]] | None = None,
) -> dict[str, str]:
    """Return ``{geonames_admin1_code: iso_code}`` for one country.

    ``divisions`` are ISO 3166-2 ``(code, name)`` pairs; ``units`` maps each GeoNames admin1
    code to the cities it holds; ``children`` maps a division's code to the names of its ISO
    second-level divisions, which are mostly named after their seat (Italian provinces,
    Spanish provinces, Moroccan prefectures): the unit holding most of those towns is the
    division ("Reggio Calabria", "Cosenza" -> Calabria). Best-scoring pairs are taken first,
    each side used once. Where the pairs found by name mostly have equal codes ("PH-08" and
    GeoNames "08"), the country's GeoNames codes follow ISO and equal codes pair the rest.
    """
    town_keys: dict[str, list[set[str]]] = {}
    for code, cities in units.items():
        top = sorted(cities, key=lambda c: -c["population"])[:8]
        town_keys[code] = [{fold(c["name"])} | {fold(a) for a in c["alternatenames"]
                                                if is_latin_name(a)} for c in top]
    scores: list[tuple[float, str, str]] = []
    for iso_code, name in divisions:
        core = _core(name)
        suffix = iso_code.split("-", 1)[1]
        for code, towns in town_keys.items():
            score = 0.0
            if suffix.isalpha() and suffix == code:
                score = 1.5
            for rank, keys in enumerate(towns):
                score = max(score, _similarity(core, keys) * (1.0 - 0.04 * rank))
            if score >= 0.6:
                scores.append((score, iso_code, code))
    scores.extend(_seat_votes(divisions, units, children or {}))
    if _codes_agree(_greedy(scores)):
        # GeoNames "00" is a catch-all unit, not ISO's "00" (the capital region of the Philippines)
        scores.extend((1.4, iso_code, code) for iso_code, _ in divisions for code in units
                      if code and code != "00" and _same_code(code, iso_code))
    matched = _greedy(scores)
    used = set(matched.values())
    left_codes = [c for c in units if c and c not in matched]
    left_isos = [c for c, _ in divisions if c not in used]
    if len(left_codes) == 1 and len(left_isos) == 1:
        matched[left_codes[0]] = left_isos[0]
    return matched


def _greedy(scores: list[tuple[float, str, str]]) -> dict[str, str]:
    matched: dict[str, str] = {}
    used: set[str] = set()
    for _, iso_code, code in sorted(scores, reverse=True):
        if code not in matched and iso_code not in used:
            matched[code] = iso_code
            used.add(iso_code)
    return matched


def _same_code(code: str, iso_code: str) -> bool:
    suffix = iso_code.split("-", 1)[1]
    if code.isdigit() and suffix.isdigit():
        return int(code) == int(suffix)
    return code == suffix


def _codes_agree(matched: dict[str, str]) -> bool:
    """Return True if the pairs found by name show that GeoNames reuses the ISO codes."""
    if len(matched) < 3:
        return False
    same = sum(_same_code(code, iso_code) for code, iso_code in matched.items())
    return same >= 0.8 * len(matched)


def _seat_votes(divisions: list[tuple[str, str]], units: dict[str, list[dict]],
                children: dict[str, list[str]]) -> list[tuple[float, str, str]]:
    """Return ``(score, iso_code, geonames_code)`` pairs from second-level divisions named after
    a town of one unit: two or more such towns, most of them in that unit."""
    if not children:
        return []
    home: dict[str, set[str]] = defaultdict(set)
    for code, cities in units.items():
        for city in cities:
            home[fold(city["name"])].add(code)
    out = []
    for iso_code, _ in divisions:
        votes: dict[str, int] = defaultdict(int)
        for name in children.get(iso_code, ()):
            codes = home.get(fold(name)) or home.get(_core(name)) or set()
            if len(codes) == 1:
                votes[next(iter(codes))] += 1
        if not votes:
            continue
        code, best = max(votes.items(), key=lambda kv: kv[1])
        if best >= 2 and best >= 0.6 * sum(votes.values()):
            out.append((0.9, iso_code, code))
    return out
