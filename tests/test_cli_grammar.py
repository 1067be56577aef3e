"""The command line's one grammar (issue 8, point 6): the model given the same way in
every command, `export` with a sibling per format, a table that fits the terminal,
written files reported, one name for one meaning across formats, outputs that say
what produced them."""

from __future__ import annotations

import json
import re

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


# ---------------------------------------------------------------- what produced an output

DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def with_derived_calendar(problem):
    """The problem with its first holiday calendar marked as derived from the holidays
    library, as a `derived: {country: AT}` calendar will be."""
    from schedule_planner.domain.problem import Problem

    model = problem.model
    first = model.holidays[0].model_copy(update={"derived": {"country": "AT"}})
    return Problem(model.model_copy(update={"holidays": [first, *model.holidays[1:]]}))


def test_json_documents_record_the_version_and_the_model_digest(tmp_path):
    from schedule_planner import distribution_version

    solved = json.loads(run("solve", "-f", "json").stdout)
    made = solved["produced_by"]
    assert list(made) == ["planner", "model_digest"]  # no derived calendar: no holidays version
    assert made["planner"] == distribution_version() != ""
    assert DIGEST.fullmatch(made["model_digest"])
    checked = json.loads(run("check", "-", "-f", "json", input=json.dumps(solved)).stdout)
    explained = json.loads(run("explain", "-f", "json").stdout)
    assert checked["produced_by"] == explained["produced_by"] == made
    # another model, another digest: here only a weight differs
    heavier = json.loads(run("solve", "-f", "json", "--weight", "preferred-room=4").stdout)
    assert heavier["produced_by"]["model_digest"] != made["model_digest"]


def test_the_version_is_unknown_from_a_bare_source_tree(monkeypatch):
    import importlib.metadata

    import schedule_planner

    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(schedule_planner, "_version", not_installed)
    assert schedule_planner.distribution_version() == "unknown"


def test_the_model_digest_is_the_same_wherever_and_whenever_it_is_made(tmp_path):
    """The same model from two folders, in processes with different hash seeds, has one
    digest; reordered keys in the file change nothing, a changed value changes it."""
    import os
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    code = ("from schedule_planner.app import load\nfrom schedule_planner.render import provenance\n"
            "import sys\nprint(provenance(load(sys.argv[1]))['model_digest'])")
    digests = []
    for i, folder in enumerate([tmp_path / "a", tmp_path / "b" / "deeper"]):
        folder.mkdir(parents=True)
        for f in (ROOT / "data").glob("*.yaml"):
            shutil.copy(f, folder / f.name)
        done = subprocess.run([sys.executable, "-c", code, str(folder / "ahc-cybercrime.yaml")],
                              capture_output=True, text=True, cwd=folder,
                              env={**os.environ, "PYTHONHASHSEED": str(i + 1), "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0, done.stderr
        digests.append(done.stdout.strip())
    assert digests[0] == digests[1] and DIGEST.fullmatch(digests[0])
    builtin = json.loads(run("solve", "-f", "json").stdout)["produced_by"]["model_digest"]
    assert digests[0] == builtin

    from schedule_planner.app import load
    from schedule_planner.render import model_digest

    data = small_model_dict()
    reordered = {k: data[k] for k in reversed(list(data))}
    a = write_model(tmp_path, data, "a.yaml")
    b = write_model(tmp_path, reordered, "b.yaml")
    assert model_digest(load(str(a))) == model_digest(load(str(b)))
    data["sessions"][0]["name"] = "Opening"
    assert model_digest(load(str(write_model(tmp_path, data, "c.yaml")))) != model_digest(load(str(a)))


def test_every_format_records_the_holidays_version_only_for_derived_calendars(default_problem,
                                                                             default_result):
    from schedule_planner import distribution_version
    from schedule_planner.render import ics, provenance
    from schedule_planner.render.json import solve_document
    from schedule_planner.render.markdown import to_markdown
    from schedule_planner.rows import timetable_rows

    holidays = distribution_version("holidays")
    for problem, derived in ((default_problem, False), (with_derived_calendar(default_problem), True)):
        made = provenance(problem)
        assert ("holidays" in made) == derived and made.get("holidays", holidays) == holidays
        rows = timetable_rows(problem, default_result.timetable)
        doc = solve_document(problem, default_result)
        assert doc["produced_by"] == made
        md = to_markdown(problem, rows, default_result.findings, "OPTIMAL", 10)
        footer = md.splitlines()[-1]
        assert footer.startswith(f"*Produced by planner {made['planner']} from the model "
                                 f"{made['model_digest']}")
        assert (f"holidays {holidays}" in footer) == derived
        cal = ics.to_ics(problem, rows).replace("\r\n ", "")
        head = cal[:cal.index("BEGIN:VTIMEZONE")]
        assert f"\r\nX-PLANNER-VERSION:{made['planner']}\r\n" in head
        assert f"\r\nX-PLANNER-MODEL-DIGEST:{made['model_digest']}\r\n" in head
        assert (f"\r\nX-PLANNER-HOLIDAYS-VERSION:{holidays}\r\n" in head) == derived


def test_outputs_stay_byte_for_byte_deterministic():
    for fmt in ("json", "markdown", "ics", "csv"):
        first = run("solve", "-f", fmt).stdout_bytes
        assert first == run("solve", "-f", fmt).stdout_bytes, fmt
