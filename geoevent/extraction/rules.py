"""rules.py loads every rule file once: the built-in ones and the users' ``--rules`` files.

A user's JSONL file holds action types and actors side by side, each line in the format of the
built-in file of its kind (``rules/actions.jsonl`` or ``rules/actors.jsonl``): a line with
"name" is an actor, a line with "type" and trigger words ("verbs", "nouns", "phrases") is an
action type, and ``"kind": "action"`` or ``"kind": "actor"`` says so where it is unclear. A user's
TSV file adds actor head nouns or nationality words (the format of ``rules/actor_types.tsv``).
Every line is validated; a bad one is a RuleError naming the file and the line.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..rules import read_jsonl
from . import actions as _actions
from . import actors as _actors
from .events import EventRules

ACTION_KEYS = ("verbs", "nouns", "phrases", "adjectives", "plover", "count_role", "acled", "extend")


def rule_kind(record: dict[str, Any]) -> str:
    """Return "action" or "actor" for a line of a user's rule file."""
    kind = record.get("kind")
    if kind in ("action", "actor"):
        return kind
    if kind is not None:
        raise ValueError('"kind" must be "action" or "actor"')
    if "name" in record:
        return "actor"
    if "type" in record and any(k in record for k in ACTION_KEYS):
        return "action"
    raise ValueError('neither an action type ("type" with "verbs", "nouns" or "phrases") nor an actor ("name")')


def validate_rule(record: dict[str, Any]) -> None:
    """Raise ValueError for a line of a user's rule file that is neither a valid action type nor a valid actor."""
    kind = rule_kind(record)
    body = {k: v for k, v in record.items() if k != "kind"}
    if kind == "action":
        _actions.validate_action(body)
    else:
        _actors.validate_group(body)


def split_user_rules(files: Sequence[str | Path]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Path]]:
    """Read users' rule files: return (action records, actor records, actor TSV files)."""
    actions: list[dict[str, Any]] = []
    actors: list[dict[str, Any]] = []
    tables: list[Path] = []
    for path in map(Path, files):
        if path.suffix.lower() == ".tsv":
            tables.append(path)
            continue
        for record in read_jsonl(path, validate_rule):
            body = {k: v for k, v in record.items() if k != "kind"}
            (actions if rule_kind(record) == "action" else actors).append(body)
    return actions, actors, tables


@lru_cache(maxsize=8)
def _load(files: tuple[str, ...]) -> EventRules:
    action_records, actor_records, tables = split_user_rules(files)
    actions = _actions.ActionLexicon.load(extra_records=action_records) if action_records else _actions.default_lexicon()
    if actor_records or tables:
        actors = _actors.ActorLexicon.load(extra_files=tables)
        for record in actor_records:
            actors.add_group(_actors.group_from_record(record))
    else:
        actors = _actors.default_lexicon()
    return EventRules(actions, actors)


def load_rules(files: Sequence[str | Path] = ()) -> EventRules:
    """Return the rules for extraction, built-in plus ``files``, loaded once per process."""
    return _load(tuple(str(f) for f in files))
