"""settings.py reads the tuning numbers of ``rules/settings.cfg``, overridden by users' files."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import RuleError, RuleText, builtin_path

#: Sections read from the built-in file only, by code that does not carry the rule set (geo/):
#: a user's override of one is an error, not a value silently ignored.
BUILTIN_ONLY_SECTIONS = frozenset({"places"})


class Settings:
    """Numbers by section and key: ``settings["confidence"]["actor"]``."""

    def __init__(self, values: dict[str, dict[str, float]]):
        self._values = values

    def __getitem__(self, section: str) -> dict[str, float]:
        return self._values[section]

    def value(self, section: str, key: str) -> float:
        return self._values[section][key]

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {s: dict(v) for s, v in self._values.items()}


def _lines(path: Path | RuleText) -> list[str]:
    if isinstance(path, RuleText):
        return path.text.splitlines()
    return path.read_text(encoding="utf-8").splitlines()


def read_settings(files: Sequence[Path | RuleText],
                  records: Iterable[tuple[Any, int, dict[str, Any]]] = ()) -> Settings:
    """Return the settings of the first file (the built-in one) overridden by the others and by
    ``{"kind": "setting", "section", "key", "value"}`` lines; RuleError with file and line for
    an unknown section or key or a value that is not a number."""
    values: dict[str, dict[str, float]] = {}
    for k, path in enumerate(files):
        section = None
        for number, line in enumerate(_lines(path), 1):
            text = line.split("#", 1)[0].split(";", 1)[0].strip()
            if not text:
                continue
            if text.startswith("[") and text.endswith("]"):
                section = text[1:-1].strip()
                if k and section not in values:
                    raise RuleError(f"{path}:{number}: unknown section [{section}] (one of {', '.join(values)})")
                values.setdefault(section, {})
                continue
            key, sep, value = text.partition("=")
            if not sep or section is None:
                raise RuleError(f"{path}:{number}: expected [section] or key = value")
            _set(values, section, key.strip(), value.strip(), f"{path}:{number}", user=k > 0)
    for path, number, record in records:
        try:
            section, key = record["section"], record["key"]
            value = record["value"]
        except KeyError as exc:
            raise RuleError(f"{path}:{number}: a setting needs {exc}") from None
        if section not in values:
            raise RuleError(f"{path}:{number}: unknown section {section!r}")
        _set(values, section, key, str(value), f"{path}:{number}", user=True)
    return Settings(values)


@lru_cache(maxsize=1)
def builtin_settings() -> Settings:
    """The settings of the built-in ``settings.cfg``, read once per process."""
    return read_settings([builtin_path("settings.cfg")])


def _set(values: dict[str, dict[str, float]], section: str, key: str, value: str, where: str, user: bool) -> None:
    if user and section in BUILTIN_ONLY_SECTIONS:
        raise RuleError(f"{where}: the [{section}] settings cannot be overridden yet (read from the built-in file only)")
    if user and key not in values[section]:
        raise RuleError(f"{where}: unknown setting {key!r} in [{section}] (one of {', '.join(values[section])})")
    try:
        values[section][key] = float(value)
    except ValueError:
        raise RuleError(f"{where}: {key} = {value!r} is not a number") from None
