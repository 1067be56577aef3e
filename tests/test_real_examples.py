"""Three real negotiations, written from the guide as a new user would, each of another
shape: eleven sessions in 22 months on a rolling text (organized crime, Vienna
1999-2000), a conference with a resumed session (BBNJ, New York 2018-2023), and another
organisation's committee with its own document rhythm in five cities (mercury,
2010-2013). For each, `check` of the real dates finds exactly the real breaches that the
example's comments explain, and `solve` gives a plan a secretariat would recognise."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from schedule_planner.cli import main


def run(*args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, [*args, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def check_real(name: str) -> tuple[int, dict]:
    code, doc, stderr = run("check", str(EXAMPLES / f"{name}-dates.yaml"), "-m", str(EXAMPLES / f"{name}.yaml"))
    assert "Warning" not in stderr, stderr
    return code, doc


def breaches(doc: dict) -> set[tuple[str, str]]:
    return {(f["rule"], f["session"]) for f in doc["findings"] if f["level"] == "hard"}


def costs(doc: dict) -> set[tuple[str, str]]:
    return {(f["rule"], f["session"]) for f in doc["findings"] if f["level"] == "soft"}


def solved(name: str) -> dict:
    code, doc, stderr = run("solve", str(EXAMPLES / f"{name}.yaml"))
    assert code == 0 and doc["status"] == "OPTIMAL", doc.get("status")
    assert "Warning" not in stderr, stderr
    return doc


def opening(session: dict) -> date:
    return date.fromisoformat(session["start"])


@pytest.mark.parametrize("name", ["toc-1999", "bbnj", "mercury"])
def test_each_example_is_valid_without_warnings(name):
    result = CliRunner().invoke(main, ["validate", str(EXAMPLES / f"{name}.yaml")])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr, result.stderr
