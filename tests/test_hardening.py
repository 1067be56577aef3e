"""Hostile input and a hostile environment (issue 12): outputs never destroy inputs,
reads and work are bounded, interrupts and broken pipes end cleanly, every text field
is safe. Devices are never touched: FIFOs and temporary files stand in for them."""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from schedule_planner.cli import main
from schedule_planner.render.formats import TIMETABLE

MODEL = "include: [planner:ahc-cybercrime.yaml]\n"


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, env=env)


def error_of(result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.output


# D1: -o never names an input


@pytest.fixture
def folder(tmp_path):
    shutil.copy(EXAMPLES / "broken-dates.yaml", tmp_path / "bd.yaml")
    (tmp_path / "m.yaml").write_text("include: [v.yaml]\n")
    (tmp_path / "v.yaml").write_text(MODEL)
    os.symlink("v.yaml", tmp_path / "link.yaml")
    os.link(tmp_path / "bd.yaml", tmp_path / "hard.yaml")
    return tmp_path


@pytest.mark.parametrize(
    "args, victim",
    [
        (["check", "{d}/bd.yaml", "-o", "{d}/bd.yaml"], "bd.yaml"),
        (["check", "{d}/bd.yaml", "-o", "{d}/hard.yaml"], "bd.yaml"),  # a hard link
        (["solve", "{d}/m.yaml", "-f", "json", "-o", "{d}/m.yaml"], "m.yaml"),
        (["solve", "{d}/m.yaml", "-o", "{d}/v.yaml"], "v.yaml"),  # an include
        (["solve", "{d}/m.yaml", "-o", "{d}/link.yaml"], "v.yaml"),  # a link to one
        (["rules", "-m", "{d}/m.yaml", "--scenario", "{d}/bd.yaml", "-o", "{d}/bd.yaml"], "bd.yaml"),
        (["export", "json", "{d}/m.yaml", "--from", "{d}/bd.yaml", "-o", "{d}/bd.yaml"], "bd.yaml"),
        (["solve", "{d}/m.yaml", "--baseline", "{d}/bd.yaml", "-o", "{d}/bd.yaml"], "bd.yaml"),
        (["explain", "{d}/m.yaml", "--from", "{d}/bd.yaml", "-o", "{d}/../{d.name}/bd.yaml"], "bd.yaml"),
        (["diff", "{d}/bd.yaml", "{d}/m.yaml", "-o", "{d}/m.yaml"], "m.yaml"),
    ],
)
def test_output_naming_an_input_is_refused_and_the_input_kept(folder, args, victim):
    if args[0] == "rules":
        args = ["model", *args[1:]]  # `model -o` reads the model and its scenarios
    before = (folder / victim).read_bytes()
    result = run(*[a.format(d=folder) for a in args])
    assert result.exit_code == 2, result.output
    assert "is also the output file (-o)" in error_of(result)
    assert (folder / victim).read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [
        "bd.yaml",
        "hard.yaml",
        "link.yaml",
        "m.yaml",
        "v.yaml",
    ]


def test_previous_calendar_may_be_the_output(tmp_path):
    """The documented exception: `export ics --previous X -o X` updates the calendar."""
    ics = tmp_path / "ahc.ics"
    assert run("export", "ics", "--events", "sessions", "-o", ics).exit_code == 0
    result = run("export", "ics", "--events", "sessions", "--previous", ics, "-o", ics)
    assert result.exit_code == 0, result.output
    assert ics.read_text().startswith("BEGIN:VCALENDAR")


def test_empty_output_name_is_a_usage_error_before_any_work(monkeypatch):
    from schedule_planner import app

    monkeypatch.setattr(app, "load", lambda *a, **k: pytest.fail("loaded before refusing -o ''"))
    result = run("solve", "-o", "")
    assert result.exit_code == 2 and "-o needs a file name" in result.output


# D3: bounded reads


def test_an_input_larger_than_the_cap_is_refused_naming_it(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(MODEL + "#" * 2000 + "\n")
    result = run("validate", big, env={"PLANNER_MAX_INPUT_BYTES": "1000"})
    assert result.exit_code == 2
    assert (
        f"{big}: is larger than 1,000 bytes" in result.output and "PLANNER_MAX_INPUT_BYTES" in result.output
    )


def test_an_endless_include_or_stdin_stops_at_the_cap(tmp_path):
    """/dev/zero as an include, or `yes |` on standard input, is refused at the cap
    instead of being read to an end it never reaches."""
    (tmp_path / "m.yaml").write_text("include: [/dev/zero]\n")
    result = run(
        "validate", tmp_path / "m.yaml", "--allow-include-outside", env={"PLANNER_MAX_INPUT_BYTES": "100000"}
    )
    assert result.exit_code == 2 and "/dev/zero: is larger than 100,000 bytes" in result.output

    result = run("check", "-", input=Endless(), env={"PLANNER_MAX_INPUT_BYTES": "100000"})
    assert result.exit_code == 2 and "<stdin>: is larger than 100,000 bytes" in result.output


class Endless(io.RawIOBase):
    """`yes` on standard input: it never ends (a read past a few megabytes fails the test)."""

    given = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        self.given += len(buffer)
        assert self.given < 4_000_000, "standard input read without a bound"
        buffer[:] = b"y" * len(buffer)
        return len(buffer)


def test_bad_cap_setting_is_an_input_error(tmp_path):
    result = run("validate", env={"PLANNER_MAX_INPUT_BYTES": "16M"})
    assert result.exit_code == 2 and "PLANNER_MAX_INPUT_BYTES='16M'" in result.output


@pytest.mark.parametrize(
    "text, what",
    [
        (
            "sessions:\n" + "  - {id: S1, start: 2021-08-02, end: 2021-08-13}\n" * 60_000,
            "more than 200,000 values",
        ),
        ("a: " + "[" * 70 + "]" * 70 + "\n", "nests values more than 64 deep"),
    ],
)
def test_too_many_values_or_too_deep_nesting_refused_before_building(tmp_path, text, what):
    proposal = tmp_path / "p.yaml"
    proposal.write_text(text)
    result = run("check", proposal)
    assert result.exit_code == 2 and what in result.output and str(proposal) in result.output


# D4-D6: every text field is safe everywhere


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("committee.name", "|\n    Ad Hoc\n    Committee", "committee.name: holds a line break"),
        ("committee.short_name", '"AHC\\r"', "committee.short_name: holds a line break"),
        ("committee.url", '"https://example.org/\\nX-EVIL: 1"', "committee.url: holds a line break"),
        ("committee.url", '"https://example.org/a b"', "committee.url: a web address holds no spaces"),
        ("sessions.S1.name", '"First\\x07 session"', "sessions[0].name: holds the control character U+0007"),
        ("sessions.S1.task", '"Negotiate\\x1b[31m"', "sessions[0].task: holds the control character U+001B"),
    ],
)
def test_control_characters_in_text_refused_with_file_line_field(tmp_path, field, value, message):
    part, _, key = field.rpartition(".")
    body = (
        f"committee:\n  {key}: {value}\n"
        if part == "committee"
        else f"sessions:\n  - id: S1\n    {key}: {value}\n"
    )
    model = tmp_path / "m.yaml"
    model.write_text(MODEL + body)
    result = run("export", "ics", model, "-o", tmp_path / "out.ics")
    assert result.exit_code == 2 and f"{model}:" in result.output and message in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out.ics").exists()


def test_a_task_over_several_lines_is_escaped_in_every_format(tmp_path):
    model = tmp_path / "m.yaml"
    model.write_text(
        MODEL + "sessions:\n  - id: S1\n    task: |\n      Elect officers.\n      Adopt the agenda.\n"
    )
    for fmt in (name for name, f in TIMETABLE.items() if f.export):
        result = run(
            "export", fmt, model, "--from", EXAMPLES / "seed-dates.yaml", "-o", tmp_path / f"o.{fmt}"
        )
        assert result.exit_code == 0, result.output
    assert "Elect officers.\\nAdopt the agenda." in (tmp_path / "o.ics").read_text().replace("\r\n ", "")
    assert "| Elect officers. Adopt the agenda." in (tmp_path / "o.markdown").read_text()


@pytest.mark.parametrize(
    "name, message",
    [
        ('"a\\0b"', "include[0]: is not a file name"),
        ("a" * 5000, "include[0]: is not a file name"),
        ("''", "include[0]: expected a file name"),
    ],
)
def test_impossible_include_names_are_input_errors(tmp_path, name, message):
    model = tmp_path / "m.yaml"
    model.write_text(f"window: {{start: 2021-01-01, end: 2021-12-31}}\ninclude: [{name}]\n")
    result = run("validate", model)
    assert result.exit_code == 2 and f"{model}:2: {message}" in result.output


class Broken(io.TextIOBase):
    """Standard output that fails as a full device (ENOSPC) or a pipe closed early (EPIPE)."""

    def __init__(self, code):
        self.code = code

    def writable(self):
        return True

    def write(self, text):
        raise OSError(self.code, os.strerror(self.code))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EPIPE])
def test_broken_standard_output_exits_2_without_a_traceback(monkeypatch, capsys, code):
    monkeypatch.setattr(sys, "stdout", Broken(code))
    with pytest.raises(SystemExit) as exit_:
        main(["rules"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err == (
        "" if code == errno.EPIPE else "Error: cannot write to standard output: No space left on device\n"
    )


def test_closed_standard_output_and_a_pipe_closed_early_for_real(tmp_path):
    """`planner rules >&-` and `planner holidays ... | head -1` (the reader gone before
    planner writes), as the shell runs them."""
    command = [sys.executable, "-m", "schedule_planner.cli"]
    closed = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *command, "rules"], cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    assert closed.returncode == 2
    assert closed.stderr == "Error: cannot write to standard output: it is closed\n"
    with_file = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *command, "schema", "-o", tmp_path / "s.json"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert with_file.returncode == 0, with_file.stderr  # -o needs no standard output
    proc = subprocess.Popen(
        [*command, "holidays", *map(str, range(1950, 2100))],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader is gone
    err = proc.stderr.read().decode()
    assert proc.wait() == 2 and err == ""


# D7: interrupts (Ctrl-C injected as the KeyboardInterrupt it raises, never by the clock)


def test_ctrl_c_while_loading_exits_130_and_writes_nothing(tmp_path, monkeypatch):
    from schedule_planner import app

    out = tmp_path / "timetable.json"
    out.write_text("the previous timetable\n")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(app, "load", interrupted)
    result = run("solve", "-f", "json", "-o", out)
    assert result.exit_code == 130 and "interrupted" in result.output and "Aborted" not in result.output
    assert out.read_text() == "the previous timetable\n" and os.listdir(tmp_path) == ["timetable.json"]


@pytest.fixture
def sigint():
    """Python's own Ctrl-C handler for the test, whatever the process inherited: a job
    started in the background ignores SIGINT, and Python then installs none."""
    import signal

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _ctrl_c_in_search(monkeypatch, found: bool):
    """Ctrl-C pressed while CP-SAT searches: after its first solution (`found`), or before
    any (a search that would go on until stopped). The key's SIGINT goes to the main
    thread, as the terminal's does once the search threads block it."""
    import signal
    import threading

    def ctrl_c():
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    from ortools.sat.python import cp_model

    real_solve, stopped = cp_model.CpSolver.solve, threading.Event()

    class FirstSolution(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self):
            if not stopped.is_set():
                stopped.set()
                ctrl_c()

    def solve(self, model, callback=None):
        if found:
            return real_solve(self, model, FirstSolution())
        ctrl_c()
        # stopped by the interrupt; never waiting for ever, should it be lost
        assert stopped.wait(60), "the interrupt did not stop the search"
        return cp_model.UNKNOWN

    monkeypatch.setattr(cp_model.CpSolver, "solve", solve)
    monkeypatch.setattr(cp_model.CpSolver, "stop_search", lambda self: stopped.set())


def test_ctrl_c_in_search_writes_the_best_timetable_found_and_exits_130(tmp_path, monkeypatch, sigint):
    _ctrl_c_in_search(monkeypatch, found=True)
    out = tmp_path / "timetable.json"
    result = run("solve", "-f", "json", "-o", out)
    assert result.exit_code == 130, result.output
    assert "Interrupted: the search was stopped" in result.output
    import json

    doc = json.loads(out.read_text())
    assert doc["status"] in ("OPTIMAL", "FEASIBLE") and len(doc["sessions"]) == 16


def test_ctrl_c_in_search_before_any_timetable_exits_130_and_keeps_the_output(tmp_path, monkeypatch, sigint):
    _ctrl_c_in_search(monkeypatch, found=False)
    out = tmp_path / "timetable.json"
    out.write_text("the previous timetable\n")
    result = run("solve", "-f", "json", "-o", out)
    assert result.exit_code == 130 and "interrupted" in result.output
    assert "time limit" not in result.output
    assert out.read_text() == "the previous timetable\n"


def test_ctrl_c_in_the_table_says_the_search_was_stopped(monkeypatch, sigint):
    _ctrl_c_in_search(monkeypatch, found=True)
    result = run("solve")
    assert result.exit_code == 130
    assert "Interrupted (Ctrl-C): the best timetable found before the search was stopped." in result.output


# C1-C7: the smaller faults


@pytest.mark.parametrize("value", ["1_0", "١٢", "' 5'", "5.0"])
def test_integers_in_a_model_are_digits_only(tmp_path, value):
    model = tmp_path / "m.yaml"
    model.write_text(MODEL + f"documents:\n  min_gap_weeks: {value}\n")
    result = run("validate", model)
    assert result.exit_code == 2
    assert (
        f"{model}:3: documents.min_gap_weeks: expected an integer written with the digits 0-9"
        in result.output
    )


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "--weight", "lost-meeting-day=1_000"],
        ["rules", "--weight", "lost-meeting-day=١٢"],
        ["rules", "--weight", "lost-meeting-day= 5"],
        ["validate", "--set", "documents.min_gap_weeks=1_0"],
        ["solve", "--seed", "1_0"],
        ["holidays", "٢٠٢٥"],
        ["export", "ics", "--alarm-days", " 5", "-o", "x.ics"],
    ],
)
def test_integers_on_the_command_line_are_digits_only(args):
    result = run(*args)
    assert result.exit_code == 2 and (
        "an integer written with the digits 0-9" in result.output or "NAME=INTEGER" in result.output
    )


def test_a_control_character_is_one_line_with_its_line_number(tmp_path):
    model = tmp_path / "m.yaml"
    model.write_text(MODEL + "committee:\n  name: a\x07b\n")
    result = run("validate", model)
    assert result.exit_code == 2
    assert (
        result.output == f"Error: {model}:3: holds the control character U+0007, which YAML does not allow\n"
    )


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!custom", "!!int"])
def test_yaml_tags_are_refused_not_dropped(tmp_path, tag):
    model = tmp_path / "m.yaml"
    model.write_text(MODEL + f"committee:\n  short_name: {tag} x\n")
    result = run("validate", model)
    assert result.exit_code == 2
    assert f"{model}:3: committee.short_name: YAML tags" in result.output


def test_diamond_includes_are_allowed_and_cycles_name_their_chain(tmp_path):
    (tmp_path / "a.yaml").write_text("include: [b.yaml, c.yaml]\n")
    (tmp_path / "b.yaml").write_text("include: [common.yaml]\n")
    (tmp_path / "c.yaml").write_text("include: [common.yaml]\n")
    (tmp_path / "common.yaml").write_text(MODEL)
    assert run("validate", tmp_path / "a.yaml").exit_code == 0
    (tmp_path / "common.yaml").write_text("include: [a.yaml]\n")
    result = run("validate", tmp_path / "a.yaml")
    assert result.exit_code == 2
    assert (
        f"'a.yaml' includes itself: {tmp_path}/a.yaml -> {tmp_path}/b.yaml -> {tmp_path}/common.yaml"
        f" -> {tmp_path}/a.yaml"
    ) in result.output


def test_includes_stay_in_the_model_folder_unless_allowed(tmp_path):
    (tmp_path / "shared.yaml").write_text(MODEL)
    (tmp_path / "work").mkdir()
    model = tmp_path / "work" / "m.yaml"
    for name in ("../shared.yaml", str(tmp_path / "shared.yaml")):
        model.write_text(f"include: [{name}]\n")
        result = run("validate", model)
        assert result.exit_code == 2
        assert f"{model}:1: include[0]: '{name}' lies outside the model's folder" in result.output
        assert run("validate", model, "--allow-include-outside").exit_code == 0
    (tmp_path / "work" / "sub").mkdir()
    (tmp_path / "work" / "sub" / "inner.yaml").write_text(MODEL)
    model.write_text("include: [sub/inner.yaml]\n")
    assert run("validate", model).exit_code == 0


def test_includes_fanning_out_are_bounded(tmp_path):
    """Ten levels of diamonds would read 2**10 files: refused at the bound."""
    for level in range(10):
        (tmp_path / f"l{level}.yaml").write_text(f"include: [l{level + 1}a.yaml, l{level + 1}b.yaml]\n")
        for side in "ab":
            (tmp_path / f"l{level + 1}{side}.yaml").write_text(f"include: [l{level + 1}.yaml]\n")
    (tmp_path / "l10.yaml").write_text(MODEL)
    result = run("validate", tmp_path / "l0.yaml")
    assert result.exit_code == 2 and "reads more than 500 files through its includes" in result.output


def test_holiday_years_are_the_models_years():
    result = run("holidays", "2030", "2030", "--calendar", "austria")
    assert result.exit_code == 0, result.output
    assert result.output.count("2030-12-25") == 1
    assert run("holidays", "1900", "2199", "--calendar", "austria").exit_code == 0
    assert run("holidays", "1899").exit_code == 2 and run("holidays", "2200").exit_code == 2


def test_output_in_a_folder_that_takes_no_file_says_so(tmp_path):
    if not os.path.isfile("/proc/version"):
        pytest.skip("no /proc/version here")
    result = run("schema", "-o", "/proc/version")
    assert result.exit_code == 2
    assert "/proc/version: cannot write: no file can be made in /proc" in result.output


# D8-D10: bounded work (an injected clock, never the wall clock)


class Clock:
    """A monotonic clock that jumps 100 s each time it is read."""

    def __init__(self):
        self.now = 0.0

    def monotonic(self):
        self.now += 100
        return self.now


@pytest.mark.parametrize(
    "args, doing",
    [
        # --force: past the estimate, which this clock's jumps would make refuse the build
        (["solve", "--time-limit", "5", "--force"], "building the model"),
        (["export", "ics", "--time-limit", "5", "--force", "-o", "{tmp}/x.ics"], "building the model"),
        (["explain", "--from", str(EXAMPLES / "broken-dates.yaml"), "--time-limit", "5"], "explaining"),
        (["check", str(EXAMPLES / "broken-dates.yaml"), "--time-limit", "5"], "judging the timetable"),
    ],
)
def test_the_time_limit_bounds_building_and_judging_not_only_the_search(tmp_path, monkeypatch, args, doing):
    from schedule_planner.domain import time_budget

    monkeypatch.setattr(time_budget, "time", Clock())
    result = run(*[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 1, result.output
    assert f"the time limit of 5 s ran out while {doing}" in result.output
    assert not (tmp_path / "x.ics").exists()
    assert time_budget.left() == float("inf")  # the limit was that command's only


@pytest.mark.parametrize(
    "args",
    [
        ["solve", "-f", "json", "-o", "{tmp}/t.json"],
        ["explain", "-f", "json", "-o", "{tmp}/t.json"],
    ],
)
def test_a_search_that_spends_the_whole_time_limit_still_writes_its_timetable(tmp_path, monkeypatch, args):
    """The search ends at the limit with a timetable (as on any model it cannot prove
    optimal in time): judging, explaining and writing that timetable follow, past the
    limit, instead of failing with 'ran out while judging the timetable'."""
    import json
    import time

    from schedule_planner import solver
    from schedule_planner.domain import time_budget

    searched = solver.Solver.solve

    def spends_it_all(self, model, callback=None):
        status = searched(self, model, callback)
        monkeypatch.setattr(time_budget, "_end", time.monotonic() - 1)  # the limit is spent
        return status

    monkeypatch.setattr(solver.Solver, "solve", spends_it_all)
    result = run(*[a.format(tmp=tmp_path) for a in args], "--time-limit", "30")
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "t.json").read_text())
    assert doc["status"] in ("OPTIMAL", "FEASIBLE")
    assert len(doc["sessions"]) == 16


def test_a_proposed_session_longer_than_the_planning_window_is_an_input_error(tmp_path):
    proposal = tmp_path / "p.yaml"
    proposal.write_text("sessions:\n  - {id: S1, start: 1900-01-01, end: 2199-12-31}\n")
    for args in (["check", proposal], ["export", "ics", "--from", proposal, "-o", tmp_path / "x.ics"]):
        result = run(*args)
        assert result.exit_code == 2
        assert (
            f"{proposal}:2: sessions[0].end: session 'S1' would last 109573 days, longer than the "
            "model's whole planning window (2021-08-01 to 2024-06-30)" in result.output
        )
    assert not (tmp_path / "x.ics").exists()


def test_a_commands_time_limit_ends_with_it():
    from schedule_planner.domain import time_budget

    assert run("rules", "--help").exit_code == 0
    assert run("solve", "--time-limit", "5", "--seed", "x").exit_code == 2  # set, then a bad option
    assert time_budget.left() == float("inf")


def test_a_model_far_too_large_for_the_time_limit_is_refused_before_building(tmp_path):
    """Issue 12, item 3: the build is estimated (candidates x rules) before it starts;
    far beyond --time-limit it is refused (exit 2, saying what to do), unless --force;
    the default model at a three-second limit is not."""
    import yaml

    from schedule_planner.domain import time_budget
    from schedule_planner.errors import Infeasible, InputError

    sessions = [{"id": f"S{i}", "name": f"Session {i}", "length": {"weeks": 1}} for i in range(1, 201)]
    model = tmp_path / "big.yaml"
    model.write_text(
        yaml.safe_dump(
            {
                "include": ["planner:venues.yaml", "planner:holidays.yaml"],
                "committee": {"id": "big", "name": "Big"},
                "window": {"start": "2025-01-01", "end": "2044-12-31"},
                "sessions": sessions,
            }
        )
    )
    result = CliRunner().invoke(main, ["solve", str(model), "--time-limit", "2"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "about 18,781,200 candidate placements" in result.output and "--force" in result.output
    # the estimate alone, with --force and without a limit (no build run here)
    time_budget.start(2)
    try:
        with pytest.raises(InputError):
            time_budget.estimate(10_434_000, 22)
        time_budget.force(True)
        time_budget.estimate(10_434_000, 22)
    finally:
        time_budget.clear()
    time_budget.estimate(10_434_000, 22)  # no limit set: nothing to refuse
    # once a model is built, a later one that does not fit (a diagnosis's) ran out of
    # time: exit 1, status UNKNOWN, never an input error
    time_budget.start(2)
    try:
        time_budget.estimate(1_000, 22)
        with pytest.raises(Infeasible) as ran_out:
            time_budget.estimate(10_434_000, 22)
        assert ran_out.value.status == "UNKNOWN" and not isinstance(ran_out.value, InputError)
    finally:
        time_budget.clear()
    # (its weeks open on any weekday: about 17,000 options, estimated at 2 s to build)
    small = CliRunner().invoke(main, ["solve", "--time-limit", "3", "-f", "json"])
    assert small.exit_code in (0, 1) and "candidate placements" not in small.output
