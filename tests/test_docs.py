"""The README tells the truth: its set-up commands are what CI runs; every command is documented."""
from __future__ import annotations

import re
from pathlib import Path

from geoevent.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block, "README must open with a ```sh block of set-up commands"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_the_two_commands_ci_runs():
    commands = setup_commands()
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in commands:
        assert command in ci.splitlines(), command
    sample = re.search(r"geoevent extract (\S+)", commands[0]).group(1)
    assert (ROOT / sample).is_file()


def test_every_command_is_in_the_readme():
    names = [name for name in main.commands]
    for name in names:
        assert f"geoevent {name}" in README, name


def test_every_action_type_is_in_the_readme():
    from geoevent.rules.ruleset import builtin_rules

    for name in builtin_rules().type_names:
        assert f"`{name}`" in README, name
