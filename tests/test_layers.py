"""Data flows one way: read -> parse -> extract -> resolve -> write. The packages of the later
steps are not imported by those of the earlier ones."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "geoevent"

# (package whose modules are checked, packages they must not import)
RULES = [
    ("geo", ("extraction", "io", "batch", "cli")),
    ("extraction", ("io", "batch", "cli")),
]


@pytest.mark.parametrize("package, forbidden", RULES)
def test_imports_run_one_way(package, forbidden):
    pattern = re.compile(r"^\s*(?:from|import)\s+(?:geoevent\.|\.\.)(%s)\b" % "|".join(forbidden), re.M)
    offenders = [f"{path.name}: {match.group(0).strip()}"
                 for path in sorted((PACKAGE / package).glob("*.py"))
                 for match in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []
