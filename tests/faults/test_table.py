"""docs/bad-input-cases.md maps every row of the bad-input table (the 37 of the shared
table, then the hardening rows of issue 17) to tests that exist."""
from __future__ import annotations

import re

from tests.conftest import ROOT


def test_every_row_names_tests_that_exist():
    rows = {}
    for line in (ROOT / "docs" / "bad-input-cases.md").read_text("utf-8").splitlines():
        match = re.match(r"\| (\d+) \|.*\| ([^|]+) \|$", line)
        if match:
            rows[int(match[1])] = match[2]
    assert sorted(rows) == list(range(1, len(rows) + 1)) and len(rows) >= 50
    sources = "\n".join(p.read_text("utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    for number, tests in rows.items():
        fixtures = re.findall(r"broken/(\d\d)", tests)
        names = re.findall(r"`(test_\w+)`", tests)
        modules = re.findall(r"((?:faults|devserver|unit|publishing|portability|incremental)(?:/\w+)?)/(test_\w+)", tests)
        assert fixtures or names or modules, f"row {number} names no test"
        for fixture in fixtures:
            assert list((ROOT / "tests" / "broken").glob(f"{fixture}-*/expected.txt")), \
                (number, fixture)
        for name in names:
            assert f"def {name}(" in sources, (number, name)
        for folder, module in modules:
            assert (ROOT / "tests" / folder / f"{module}.py").is_file(), (number, module)
