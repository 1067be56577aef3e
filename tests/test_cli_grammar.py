"""The command line's one grammar (issue 8, point 6): the model given the same way in
every command, `export` with a sibling per format, a table that fits the terminal,
written files reported, one name for one meaning across formats, outputs that say
what produced them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from schedule_planner.cli import main

from conftest import small_model_dict, write_model

SMALL_TIMETABLE = {"committee": "test", "sessions": [
    {"id": "A", "start": "2023-03-20", "end": "2023-03-24", "venue": "vic", "room": "big"},
    {"id": "B", "start": "2023-04-17", "end": "2023-04-28", "venue": "vic", "room": "big"},
    {"id": "C", "start": "2023-06-12", "end": "2023-06-14", "venue": "vic", "room": "small"},
]}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def small(tmp_path):
    """The small model with a weight of its own (so `rules` shows which model it read),
    and a timetable for it."""
    data = small_model_dict()
    data["weights"] = {"lost-meeting-day": 7}
    model = write_model(tmp_path, data)
    timetable = tmp_path / "timetable.json"
    timetable.write_text(json.dumps(SMALL_TIMETABLE))
    return model, timetable


# ---------------------------------------------------------------- one grammar for the model

def read_the_small_model(command: str, out: str) -> bool:
    """Whether a command's output shows it read the small model, not the default one."""
    if command == "rules":
        return "soft, weight 7" in out
    return '"committee": "test"' in out or "BEGIN:VCALENDAR" in out and "test.A." in out


# every command that reads a model, with what it needs besides the model
COMMANDS = {
    "solve": ["solve", "-f", "json"],
    "explain": ["explain", "-f", "json"],
    "rules": ["rules"],
    "export ics": ["export", "ics"],
    "check": ["check", "{timetable}", "-f", "json"],
}
POSITIONAL = ["solve", "explain", "rules", "export ics"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("how", ["-m", "--model", "positional", "both, the same file"])
def test_every_command_reads_the_model_with_m_and_the_main_ones_positionally(small, name, how):
    model, timetable = small
    args = [a.replace("{timetable}", str(timetable)) for a in COMMANDS[name]]
    if how in ("-m", "--model"):
        args += [how, str(model)]
    elif name not in POSITIONAL:
        pytest.skip(f"{name}'s main input is not the model")
    elif how == "positional":
        args += [str(model)]
    else:  # the same file, once relative and once absolute
        args += [str(model), "-m", str(model.parent / "." / model.name)]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert read_the_small_model(name, result.stdout), result.stdout[:300]


@pytest.mark.parametrize("name", POSITIONAL)
def test_two_different_models_are_a_usage_error(small, tmp_path, name):
    model, _ = small
    other = write_model(tmp_path, small_model_dict(), "other.yaml")
    result = run(*COMMANDS[name], str(model), "-m", str(other))
    assert result.exit_code == 2 and "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "give the model once" in errors[0], result.stderr
    assert result.stdout == ""


def test_check_takes_no_model_argument(small):
    model, timetable = small
    result = run("check", str(timetable), str(model))
    assert result.exit_code == 2 and "Got unexpected extra argument" in result.stderr


# ---------------------------------------------------------------- one name, one meaning

def test_a_csv_column_named_as_a_json_key_means_the_same():
    import csv
    import io

    doc = json.loads(run("solve", "-f", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run("solve", "-f", "csv").stdout)))
    assert [r["id"] for r in rows] == [s["id"] for s in doc["sessions"]]
    shared = set(rows[0]) & set(doc["sessions"][0])
    assert {"meeting_days", "lost_days", "start", "end", "venue", "room"} <= shared
    for row, session in zip(rows, doc["sessions"]):
        for key in shared:
            value = session[key]
            assert row[key] == (" ".join(value) if isinstance(value, list) else value), key
        assert row["meeting_day_count"] == str(len(session["meeting_days"]))
        for name, day in session["deadlines"].items():
            assert row[name] == day
