"""Scenarios without editing the model: overlay files merged onto it by id, and single
values set from the command line, with the merge rules of the model's own includes."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from conftest import ROOT, write
from constraints import LEVELS
from schedule_planner.cli import main
from schedule_planner.errors import InputError
from schedule_planner.loading import ModelSource, load_model


def test_a_scenario_file_merges_onto_the_model_by_id(tmp_path):
    overlay = write(
        tmp_path,
        "later.yaml",
        """\
        documents: {min_gap_weeks: 11}
        sessions:
          - {id: S2, window: {start: 2022-06-01, end: 2022-12-31}}
        remove: [cnd-2021-04-12]
        """,
    )
    model = load_model(ModelSource(scenarios=(overlay,)), LEVELS)
    body = model.bodies[0]
    assert body.documents.min_gap_weeks == 11 and body.documents.submission_weeks == 10
    assert model.session("S2").window.start.isoformat() == "2022-06-01"
    assert model.session("S2").name == "Second session"
    assert [s.id for s in model.sessions if s.is_session] == [f"S{i}" for i in range(1, 9)]
    assert "cnd-2021-04-12" not in {m.id for m in model.meetings}


def test_a_scenario_that_includes_files_is_refused(tmp_path):
    overlay = write(tmp_path, "s.yaml", "include: [planner:venues.yaml]\n")
    with pytest.raises(InputError, match="a scenario is merged onto the model and includes nothing"):
        load_model(ModelSource(scenarios=(overlay,)), LEVELS)


def test_set_changes_one_value_by_a_path_with_ids():
    model = load_model(
        ModelSource(
            sets=(
                "sessions[S2].length.weeks=2",
                "documents.min_gap_weeks=11",
                "venues[vic].rooms[plenary-m].seats=1200",
            )
        ),
        LEVELS,
    )
    assert model.session("S2").length.weeks == 2
    assert model.bodies[0].documents.min_gap_weeks == 11
    assert model.venue("vic").room("plenary-m").seats == 1200


@pytest.mark.parametrize(
    "option, text, words",
    [
        ("sets", "sessions[S9].length.weeks=1", "sessions[S9]: the model has no such entry"),
        ("sets", "sessions[S2]=1", "give a field of the entry to set"),
        ("sets", "sessions[S2].length.weeks", "is not PATH=VALUE"),
        ("sets", "sessions..x=1", "is not a path such as"),
        ("sets", "window[x].start=2022-01-01", "'window' is not a list of entries with ids"),
        ("unavailable", "vic:2023-01-02", "is not VENUE[:ROOM]:FROM..TO"),
        ("unavailable", "vic:2023-03-01..2023-01-01", "2023-01-01 is before 2023-03-01"),
        ("unavailable", "vic:2023-02-30..2023-03-01", "'2023-02-30' is not a calendar date"),
        ("unavailable", "nowhere:2023-01-02..2023-01-05", "the model has no venue 'nowhere'"),
        ("unavailable", "vic:attic:2023-01-02..2023-01-05", "vic has no room 'attic'"),
    ],
)
def test_a_bad_setting_or_unavailable_says_what_is_wrong(option, text, words):
    with pytest.raises(InputError) as exc:
        load_model(ModelSource(**{option: (text,)}), LEVELS)
    assert words in str(exc.value) and exc.value.field == "--" + option.rstrip("s")


def test_a_set_value_is_validated_by_the_schema_and_named_as_given():
    with pytest.raises(InputError) as exc:
        load_model(ModelSource(sets=("sessions[S2].length.weeks=two",)), LEVELS)
    assert str(exc.value).startswith("--set: sessions[1].length.weeks:")


def test_every_command_that_reads_a_model_takes_scenarios_and_settings(tmp_path):

    overlay = write(
        tmp_path, "s.yaml", "sessions:\n  - {id: S2, window: {start: 2022-03-07, end: 2022-12-31}}\n"
    )
    result = CliRunner().invoke(
        main, ["solve", "-f", "json", "--scenario", str(overlay), "--set", "sessions[S8].length.weeks=1"]
    )
    assert result.exit_code == 0, result.output
    sessions = {s["id"]: s for s in json.loads(result.stdout)["sessions"]}
    assert sessions["S2"]["start"] == "2022-03-07" and len(sessions["S8"]["meeting_days"]) == 5
    shown = CliRunner().invoke(main, ["model", "--set", "documents.min_gap_weeks=11"])
    assert "min_gap_weeks: 11  # --set" in shown.stdout
    valid = CliRunner().invoke(main, ["validate", "--scenario", str(overlay)])
    assert valid.exit_code == 0 and f"with scenario {overlay}" in valid.stdout
    bad = CliRunner().invoke(main, ["check", "examples/seed-dates.yaml", "--set", "nowhere.x=1"])
    assert bad.exit_code == 2 and "--set: nowhere: unknown key 'nowhere'" in bad.output


def test_unavailable_takes_a_room_or_a_whole_venue_for_a_while():
    model = load_model(
        ModelSource(unavailable=("vic:plenary-m:2023-01-02..2023-03-31", "vic:2023-07-03..2023-07-07")),
        LEVELS,
    )
    room, venue = [m for m in model.meetings if not m.projected][-2:]  # after the file's own
    assert (room.id, room.rooms, room.interpretation) == ("unavailable-1", ["plenary-m"], 0)
    assert venue.rooms == ["plenary-m", "board-c", "m3", "board-d"] and venue.interpretation == 2
    assert (room.start.isoformat(), room.end.isoformat()) == ("2023-01-02", "2023-03-31")


def test_not_before_postpones_every_session_without_fixed_dates():
    model = load_model(ModelSource(not_before="2022-06-01"), LEVELS)
    assert model.session("S1").window is None and model.session("S1").fixed is not None
    assert model.session("S2").window.start.isoformat() == "2022-06-01"
    assert model.session("S2").window.end.isoformat() == "2022-12-31"
    assert model.session("S5").window.start.isoformat() == "2023-01-01"  # already later


def test_not_before_past_a_window_is_an_error_naming_the_session():
    with pytest.raises(InputError) as exc:
        load_model(ModelSource(not_before="2023-01-15"), LEVELS)
    assert "session S2's window ends on 2022-12-31, before 2023-01-15" in str(exc.value)


SHIPPED = sorted(p.stem for p in (ROOT / "data" / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_scenarios_solve_the_default_model(name):
    result = CliRunner().invoke(main, ["solve", "-f", "json", "--scenario", f"planner:scenarios/{name}.yaml"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    # the committee's sessions, not its organizational session or consultations
    doc["sessions"] = [s for s in doc["sessions"] if s["kind"] == "session"]
    sessions = {s["id"]: s for s in doc["sessions"]}
    if name == "postponement":
        assert "2022-01-03" <= sessions["S1"]["start"] <= "2022-03-31"
    if name == "renovation":
        during = [s for s in doc["sessions"] if s["start"] <= "2023-06-30" and s["end"] >= "2023-01-02"]
        assert during and all(s["room"] != "plenary-m" for s in during)
    if name == "translation":  # submission 12 weeks ahead
        assert all(
            date.fromisoformat(s["start"]) - date.fromisoformat(s["deadlines"]["submission"])
            == timedelta(weeks=12)
            for s in doc["sessions"]
        )
    if name == "gap-11-weeks":  # at least 11 weeks from one session's close to the next's opening
        pairs = zip(doc["sessions"], doc["sessions"][1:])
        assert all(
            date.fromisoformat(b["start"]) - date.fromisoformat(a["end"]) >= timedelta(weeks=11)
            for a, b in pairs
        )
    if name == "six-and-concluding":  # tested in test_dropping.py, its sessions opening on Mondays
        # weeks from any weekday (at monday-start's price) fit a seventh session
        assert [d["id"] for d in doc["dropped"]] == ["S8"]
    if name == "vienna-or-new-york":  # New York is possible, Vienna preferred
        assert all(s["venue"] == "vic" for s in doc["sessions"])


def test_an_unknown_shipped_scenario_names_the_shipped_ones():
    with pytest.raises(InputError) as exc:
        load_model(ModelSource(scenarios=("planner:scenarios/nope.yaml",)), LEVELS)
    assert "planner:scenarios/postponement.yaml" in str(exc.value)


def test_what_a_scenario_sets_is_firm_in_the_diagnosis(tmp_path):
    """A postponement scenario sets S2's window: the diagnosis may shorten document
    periods or move other windows, never widen S2's window back."""
    from schedule_planner.app import load
    from schedule_planner.diagnose import diagnose

    overlay = write(
        tmp_path, "late.yaml", "sessions:\n  - {id: S2, window: {start: 2022-07-01, end: 2022-12-31}}\n"
    )
    problem = load(ModelSource(scenarios=(overlay,)))
    assert problem.is_firm("session-window", "S2") and not problem.is_firm("session-window", "S3")
    assert not problem.is_firm("document-lead-time", "S2")
    diagnosis = diagnose(problem, 300)
    assert diagnosis.relaxations and diagnosis.verified
    assert not [
        r for r in diagnosis.relaxations if (r.finding.rule, r.finding.session) == ("session-window", "S2")
    ]
    gap = load(ModelSource(sets=("documents.min_gap_weeks=11",)))
    assert gap.is_firm("session-order", "S5") and not gap.is_firm("document-lead-time", "S5")


@pytest.mark.parametrize("day", ["2021-13-01", "tomorrow", "2021-02-30"])
def test_not_before_takes_only_calendar_dates(day):
    with pytest.raises(InputError) as exc:
        load_model(ModelSource(not_before=day), LEVELS)
    assert exc.value.field == "--not-before"


@pytest.mark.parametrize(
    "args, words",
    [
        (["solve", "--set", "sessions[S2].id=S7"], "an entry's id cannot be changed with --set"),
        (["solve", "--firm", "session-window:"], "name the session after ':'"),
        (["schema", "-o", ""], "-o needs a file name"),
        (["solve", "--not-before", ""], "--not-before needs a date"),
    ],
)
def test_empty_or_identity_changing_options_are_usage_errors(args, words):
    from click.testing import CliRunner

    from schedule_planner.cli import main

    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output


def test_set_reaches_a_weight_whose_name_has_hyphens():
    model = load_model(ModelSource(sets=("weights.preferred-window=3",)), LEVELS)
    assert model.weights["preferred-window"] == 3


def test_the_re_planning_workflow_across_vienna_and_new_york(tmp_path):
    """Issue 9's done-when: the published timetable, what has been held (--today), a
    disruption as scenarios, the new timetable with the fewest moves and two
    alternatives (none in New York), a diff to send on; every JSON written on the way
    (solve's with alternatives, check's) reads back as a timetable."""
    run = lambda *a: CliRunner().invoke(main, [str(x) for x in a])  # noqa: E731
    published, new, checked = tmp_path / "published.json", tmp_path / "new.json", tmp_path / "checked.json"
    scenarios = [
        "--scenario",
        "planner:scenarios/vienna-or-new-york.yaml",
        "--scenario",
        "planner:scenarios/renovation.yaml",
    ]
    assert run("solve", "-f", "json", "-o", published).exit_code == 0
    result = run(
        "solve",
        *scenarios,
        "--baseline",
        published,
        "--today",
        "2022-06-01",
        "--alternatives",
        3,
        "-f",
        "json",
        "-o",
        new,
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(new.read_text())
    # the Plenary Hall is closed in the first half of 2023: S5 alone moves, to another room
    assert [(m["session"], m["days_moved"]) for m in doc["moves"]] == [("S5", 0)]
    # a change of city costs weeks of postponement (city-changed): no alternative crosses
    # the Atlantic while a week's move that trades other days will do
    assert not any(d["to"]["venue"] == "unhq" for a in doc["alternatives"] for d in a["differences"])
    diff = run("diff", published, new, *scenarios)
    assert diff.exit_code == 1 and "1 session moved" in diff.output
    assert run("check", new, *scenarios, "-f", "json", "-o", checked).exit_code == 0
    assert run("diff", checked, new, *scenarios).exit_code == 0
