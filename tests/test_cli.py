"""The command line as a user drives it, through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from conftest import EXAMPLES, small_model_dict, write_model
from schedule_planner.cli import main


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def solved_json(runner):
    result = runner.invoke(main, ["solve", "--format", "json"])
    assert result.exit_code == 0, result.output
    return result.output


def test_help_documents_exit_codes(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for line in ("Exit codes:", "0  success", "1  no timetable exists", "2  usage or input error"):
        assert line in result.output


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("planner, version ")


def test_solve_table_shows_every_session_deadlines_and_summary(runner):
    result = runner.invoke(main, ["solve"])
    assert result.exit_code == 0, result.output
    out = result.output
    for sid in (f"S{i}" for i in range(1, 9)):
        assert f" {sid} " in out
    assert "Mon 2 - Fri 13 Aug 2021" in out and "Mon 12 - Fri 23 Dec 2022" in out
    assert "submission 3 Oct 2022" in out and "issuance 31 Oct 2022" in out
    assert "contributions 16 Sep 2022" in out
    assert "Plenary Hall" in out and "Vienna" in out
    assert "Status OPTIMAL; objective 10 (lost-meeting-day 10); solved in" in out
    assert "lost-meeting-day (soft): loses 1 meeting day" in out


def test_solve_json_contract(solved_json):
    doc = json.loads(solved_json)
    assert doc["status"] == "OPTIMAL" and doc["objective"] == 10
    assert sum(doc["cost_by_rule"].values()) == doc["objective"]
    s4 = next(s for s in doc["sessions"] if s["id"] == "S4")
    assert {"id", "kind", "name", "start", "end", "meeting_days", "venue", "room", "deadlines"} <= set(s4)
    assert (s4["id"], s4["start"], s4["end"]) == ("S4", "2022-12-12", "2022-12-23")
    assert len(s4["meeting_days"]) == 10 and s4["meeting_days"][0] == "2022-12-12"
    assert s4["deadlines"] == {
        "contributions-close": "2022-09-16",
        "draft-ready": "2022-09-30",
        "submission": "2022-10-03",
        "issuance": "2022-10-31",
    }
    # nothing else, in particular no wall-clock figure
    assert set(doc) == {
        "committee",
        "produced_by",
        "status",
        "objective",
        "cost_by_rule",
        "cost_by_session",
        "costs",
        "sessions",
        "dropped",
        "reports",
        "milestones",
    }
    assert doc["dropped"] == []  # every optional consultation fits
    # every meeting in date order, each with its kind
    assert [s["start"] for s in doc["sessions"]] == sorted(s["start"] for s in doc["sessions"])
    assert [s["kind"] for s in doc["sessions"]].count("consultation") == 7


def test_solve_is_deterministic(runner, solved_json):
    again = runner.invoke(main, ["solve", "--format", "json", "--seed", "0"])
    assert again.output == solved_json
    for fmt in ("csv", "markdown"):
        a = runner.invoke(main, ["solve", "--format", fmt]).output
        assert a == runner.invoke(main, ["solve", "--format", fmt]).output


def test_solve_csv_and_markdown(runner):
    rows = list(csv.DictReader(io.StringIO(runner.invoke(main, ["solve", "-f", "csv"]).output)))
    rows = [r for r in rows if r["kind"] == "session"]
    assert [r["id"] for r in rows] == [f"S{i}" for i in range(1, 9)]
    assert rows[3]["submission"] == "2022-10-03" and rows[0]["meeting_day_count"] == "10"
    assert rows[0]["meeting_days"].split()[:2] == ["2021-08-02", "2021-08-03"]
    md = runner.invoke(main, ["solve", "-f", "markdown"]).output
    assert md.startswith("# ") and "| S4 Fourth session | session | Mon 12 - Fri 23 Dec 2022 |" in md
    assert "## What the timetable trades" in md


def test_solve_output_file_and_json_round_trip_through_check(runner, tmp_path):
    out = tmp_path / "tt.json"
    result = runner.invoke(main, ["solve", "-f", "json", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"wrote {out}: 8 sessions, 1 organizational session and 7 consultations\n"
    assert json.loads(out.read_text())["status"] == "OPTIMAL"
    assert [p.name for p in tmp_path.iterdir()] == ["tt.json"]  # no temporary left behind
    checked = runner.invoke(main, ["check", str(out)])
    assert checked.exit_code == 0, checked.output
    assert "No hard rule is broken." in checked.output


def test_check_from_stdin(runner, solved_json):
    result = runner.invoke(main, ["check", "-", "--format", "json"], input=solved_json)
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["ok"] and doc["hard_violations"] == 0 and doc["cost"] == 10


def test_check_seed_dates_exit_0(runner):
    result = runner.invoke(main, ["check", str(EXAMPLES / "seed-dates.yaml")])
    assert result.exit_code == 0, result.output
    assert "No hard rule is broken." in result.output and "Soft-rule costs, 25 in all" in result.output


def test_check_broken_dates_exit_1_with_rules_named(runner):
    result = runner.invoke(main, ["check", str(EXAMPLES / "broken-dates.yaml")])
    assert result.exit_code == 1
    assert "6 hard rules are broken:" in result.output
    assert (
        "S4 2022-12-12: document-lead-time (hard): the revised draft must reach conference "
        "services by Mon 3 Oct 2022, 10 weeks ahead" in result.output
    )
    assert (
        "S5 2023-04-10: no-meeting-on-holiday (hard): would open on Mon 10 Apr 2023, Easter Monday"
        in result.output
    )
    doc = json.loads(runner.invoke(main, ["check", str(EXAMPLES / "broken-dates.yaml"), "-f", "json"]).output)
    assert not doc["ok"] and doc["hard_violations"] == 6


@pytest.mark.parametrize(
    "content, expected",
    [
        ("sessions: [\n  - {id: S1, start: 2021-13-45\n", ":2: malformed YAML"),
        ("sessions:\n  - {id: S1, start: 2021-13-45, end: 2021-12-01}\n", "sessions[0].start"),
        ("", "is empty"),
        (
            "sessions:\n  - {id: S1, start: 2021-08-02, end: 2021-08-13, colour: red}\n",
            "unknown key 'colour'",
        ),
        # a model given where a timetable belongs: one message, not one per unknown key
        (
            "window: {start: 2021-08-01, end: 2024-06-30}\nvenues: []\nsessions: []\n",
            ":1: window: this is a model file, not a timetable",
        ),
    ],
)
def test_check_bad_input_exit_2_without_traceback(runner, tmp_path, content, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output
    assert result.output.startswith("Error: ") and str(path) in result.output


def test_bad_option_values_exit_2(runner):
    assert runner.invoke(main, ["solve", "--weight", "nope=3"]).exit_code == 2
    assert runner.invoke(main, ["solve", "--weight", "lost-meeting-day"]).exit_code == 2
    assert runner.invoke(main, ["solve", "--format", "pdf"]).exit_code == 2
    assert runner.invoke(main, ["solve", "--time-limit", "0"]).exit_code == 2


def test_failed_run_leaves_no_output_file(runner, tmp_path):
    bad = tmp_path / "model.yaml"
    bad.write_text("committee: [\n")
    out = tmp_path / "out.json"
    result = runner.invoke(main, ["solve", str(bad), "-f", "json", "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_weight_override_changes_the_plan(runner, solved_json):
    # by default S5 loses a day to Eid al-Fitr (cost 10): April 2023 has no full fortnight.
    # Made dear enough, a lost day is traded for weeks outside the preferred windows.
    assert json.loads(solved_json)["cost_by_rule"] == {"lost-meeting-day": 10}
    doc = json.loads(runner.invoke(main, ["solve", "-f", "json", "--weight", "lost-meeting-day=100"]).output)
    assert "lost-meeting-day" not in doc["cost_by_rule"] and doc["cost_by_rule"]["preferred-window"] > 0
    s5 = next(s for s in doc["sessions"] if s["id"] == "S5")
    assert not s5["lost_days"] and not (s5["start"] >= "2023-04-01" and s5["end"] <= "2023-04-30")


def test_infeasible_model_exits_1_naming_the_rules(runner, tmp_path):
    data = small_model_dict()
    # B must open within 10 days of A closing, but the documents need 3 weeks
    data["sessions"][0]["fixed"] = {"start": "2023-03-06", "end": "2023-03-10"}
    data["sessions"][1]["window"] = {"start": "2023-03-13", "end": "2023-03-31"}
    result = runner.invoke(main, ["solve", str(write_model(tmp_path, data))])
    assert result.exit_code == 1
    assert "no timetable satisfies these hard rules together" in result.output
    assert "document-lead-time for B" in result.output and "session-window for B" in result.output
    assert "Traceback" not in result.output


def test_rules_lists_the_registry(runner):
    result = runner.invoke(main, ["rules"])
    assert result.exit_code == 0
    assert "document-lead-time" in result.output and "soft, weight 10" in result.output


def test_holidays_prints_entries_that_validate(runner):
    from schedule_planner.domain.schema import Holiday

    out = runner.invoke(main, ["holidays", "2025"]).output
    entries = [
        yaml.safe_load(line.strip()[2:]) for line in out.splitlines() if line.strip().startswith("- {")
    ]
    assert len(entries) > 20
    for e in entries:
        Holiday.model_validate({**e, "date": str(e["date"])})
    assert any(e["name"] == "Easter Monday" and str(e["date"]) == "2025-04-21" for e in entries)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["check", str(EXAMPLES / "seed-dates.yaml")],
        ["explain", "--from", str(EXAMPLES / "seed-dates.yaml")],
    ],
)
def test_fast_paths_do_not_import_ortools(args, tmp_path):
    code = (
        "import sys\nfrom schedule_planner.cli import main\n"
        f"try:\n    main({args!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        f"print('ortools' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_solve_log_goes_to_stderr(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "schedule_planner.cli", "solve", "-f", "json", "--log"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 0
    assert "CP-SAT" in out.stderr or "Starting" in out.stderr
    assert json.loads(out.stdout)["status"] == "OPTIMAL"


@pytest.mark.parametrize(
    "args",
    [
        ["solve", "--time-limit", "nan"],
        ["solve", "--seed", "99999999999"],
        ["solve", "--workers", "100000"],
        ["holidays", "1899"],
        ["holidays", "2200"],
    ],
)
def test_out_of_range_options_are_usage_errors(runner, args):
    result = runner.invoke(main, args)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_output_files_keep_the_umask_and_follow_links(runner, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        target = tmp_path / "tt.json"
        assert runner.invoke(main, ["solve", "-f", "json", "-o", str(target)]).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        link = tmp_path / "link.json"
        link.symlink_to(target)
        assert runner.invoke(main, ["solve", "-f", "csv", "-o", str(link)]).exit_code == 0
        assert link.is_symlink() and target.read_text().startswith("id,kind,name,start")
    finally:
        os.umask(old)


def test_export_from_stdin_and_a_note_on_broken_rules(runner):
    text = (EXAMPLES / "broken-dates.yaml").read_text()
    result = runner.invoke(main, ["export", "ics", "--from", "-"], input=text)
    assert result.exit_code == 0 and result.stdout.startswith("BEGIN:VCALENDAR")
    assert "Note: the timetable breaks 6 hard rules" in result.stderr


def test_output_onto_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path):
    """-o onto what is not a regular file (a FIFO here, /dev/null or /dev/stdout in use)
    writes into it; a temporary file renamed over it would replace the device itself."""
    import os
    import stat
    import threading

    from click.testing import CliRunner

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    result = CliRunner().invoke(main, ["schema", "-o", str(fifo)])
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and got and got[0].startswith("{")


def test_output_onto_a_full_device_is_an_error_not_a_replacement():
    import os
    import stat

    from click.testing import CliRunner

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    result = CliRunner().invoke(main, ["schema", "-o", "/dev/full"])
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
