"""Golden files: the default model's outputs in every format, byte for byte.

They pin what planner prints, so that a refactoring that should change no output
changes none. The versions of planner and of the holidays library that outputs record
(`produced_by`) are written as VERSION, so that installing or releasing changes no
golden file; the model's digest is kept. A change that does alter output regenerates
them on purpose, in a commit that says why:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from schedule_planner import distribution_version
from schedule_planner.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
TIMING = re.compile(r"; solved in \d+\.\d\d s")
# where outputs record a version (render.provenance): JSON, iCalendar, Markdown
VERSION_AT = {
    "schedule-planner": ('"planner": "{}"', "X-PLANNER-VERSION:{}\r\n", "planner {} "),
    "holidays": ('"holidays": "{}"', "X-PLANNER-HOLIDAYS-VERSION:{}\r\n", "holidays {}."),
}


def without_versions(text: str) -> str:
    for name, places in VERSION_AT.items():
        for place in places:
            text = text.replace(place.format(distribution_version(name)), place.format("VERSION"))
    return text


def infeasible_variant(folder: Path) -> Path:
    """The default model with a 6-week contributions period and S3, S4 fixed at the
    seed's dates: no timetable exists (the README's diagnosis example)."""
    for f in (ROOT / "data").glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    path = folder / "ahc-cybercrime.yaml"
    text = path.read_text().replace("contributions_weeks: 2 ", "contributions_weeks: 6 ")
    for dates in ("{start: 2022-08-22, end: 2022-09-02}", "{start: 2022-12-12, end: 2022-12-23}"):
        text = text.replace(f"preferred: {dates}", f"fixed: {dates}")
    path.write_text(text)
    return path


CASES = {
    "solve.json": (["solve", "-f", "json"], 0),
    "solve.csv": (["solve", "-f", "csv"], 0),
    "solve.md": (["solve", "-f", "markdown"], 0),
    "solve.ics": (["solve", "-f", "ics"], 0),
    "solve.txt": (["solve"], 0),
    "check-seed.txt": (["check", str(EXAMPLES / "seed-dates.yaml")], 0),
    "check-broken.txt": (["check", str(EXAMPLES / "broken-dates.yaml")], 1),
    "check-broken.json": (["check", str(EXAMPLES / "broken-dates.yaml"), "-f", "json"], 1),
    "explain.txt": (["explain"], 0),
    "explain.json": (["explain", "-f", "json"], 0),
    "export-sessions.ics": (
        ["export", "ics", "--events", "sessions", "--from", str(GOLDEN / "solve.json")],
        0,
    ),
    "rules.txt": (["rules"], 0),
    "infeasible.json": (["solve", "{variant}", "-f", "json", "--time-limit", "300"], 1),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(name, tmp_path):
    args, code = CASES[name]
    variant = infeasible_variant(tmp_path) if "{variant}" in args else None
    args = [str(variant) if a == "{variant}" else a for a in args]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [*args, "-o", str(out)] if args[0] != "rules" else args)
    text = read(out) if args[0] != "rules" else result.output
    assert result.exit_code == code, result.output
    text = without_versions(TIMING.sub("; solved in 0.00 s", text))
    if variant is not None:
        text = text.replace(f"{tmp_path}/", "")
    if UPDATE:
        with open(GOLDEN / name, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        pytest.skip(f"{name} regenerated")  # compared on the next run, not with itself
    assert text == read(GOLDEN / name), f"{name} differs from its golden file"


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:  # CRLF in .ics stays CRLF
        return fh.read()
