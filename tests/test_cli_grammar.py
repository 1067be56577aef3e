"""The command line's one grammar (issue 8, point 6): the model given the same way in
every command, `export` with a sibling per format, a table that fits the terminal,
written files reported, one name for one meaning across formats, outputs that say
what produced them."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import SMALL_TIMETABLE, small_model_dict, write_model
from schedule_planner.cli import main
from schedule_planner.render.formats import TIMETABLE

# the formats `export` writes, from the one registry; PLAIN: those with no options of their own
FORMATS = [name for name, fmt in TIMETABLE.items() if fmt.export]
PLAIN = [name for name in FORMATS if name != "ics"]


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
    if command in ("export csv", "export markdown", "report"):
        return "Second" in out and "Fourth session" not in out
    if command == "show":
        return out.startswith("Test Committee: ")
    return '"committee": "test"' in out or ("BEGIN:VCALENDAR" in out and "test.A." in out)


# every command that reads a model, with what it needs besides the model
COMMANDS = {
    "solve": ["solve", "-f", "json"],
    "explain": ["explain", "-f", "json"],
    "rules": ["rules"],
    "export ics": ["export", "ics"],
    "export json": ["export", "json"],
    "export csv": ["export", "csv"],
    "export markdown": ["export", "markdown"],
    "check": ["check", "{timetable}", "-f", "json"],
    "show": ["show"],
    "report": ["report"],
}
POSITIONAL = [
    "solve",
    "explain",
    "rules",
    "export ics",
    "export json",
    "export csv",
    "export markdown",
    "show",
    "report",
]
# -m and --model for every command; the model as an argument for those whose main input it is
WAYS = [
    (name, how)
    for name in sorted(COMMANDS)
    for how in ["-m", "--model", "positional", "both, the same file"]
    if how in ("-m", "--model") or name in POSITIONAL
]


@pytest.mark.parametrize("name, how", WAYS)
def test_every_command_reads_the_model_with_m_and_the_main_ones_positionally(small, name, how):
    model, timetable = small
    args = [a.replace("{timetable}", str(timetable)) for a in COMMANDS[name]]
    if how in ("-m", "--model"):
        args += [how, str(model)]
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
    rows = [
        r
        for r in csv.DictReader(io.StringIO(run("solve", "-f", "csv").stdout))
        if r["kind"] in ("session", "organizational", "consultation")
    ]  # the meetings
    assert [r["id"] for r in rows] == [s["id"] for s in doc["sessions"]]
    assert [r["kind"] for r in rows] == [s["kind"] for s in doc["sessions"]]
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


def without_derived_calendars(problem):
    """The problem with no holiday calendar derived (the shipped ones are, since issue 20):
    its calendars' days as they are, listed."""
    from schedule_planner.domain.problem import Problem

    model = problem.model
    listed = [c.model_copy(update={"derived": None}) for c in model.holidays]
    return Problem(model.model_copy(update={"holidays": listed}))


def test_json_documents_record_the_version_and_the_model_digest(tmp_path):
    from schedule_planner import distribution_version

    solved = json.loads(run("solve", "-f", "json").stdout)
    made = solved["produced_by"]
    # the shipped calendars are derived: the holidays library's version is recorded
    assert list(made) == ["planner", "model_digest", "holidays"]
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

    code = (
        "from schedule_planner.app import load\nfrom schedule_planner.render import provenance\n"
        "import sys\nprint(provenance(load(sys.argv[1]))['model_digest'])"
    )
    digests = []
    for i, folder in enumerate([tmp_path / "a", tmp_path / "b" / "deeper"]):
        folder.mkdir(parents=True)
        for f in (ROOT / "data").glob("*.yaml"):
            shutil.copy(f, folder / f.name)
        done = subprocess.run(
            [sys.executable, "-c", code, str(folder / "ahc-cybercrime.yaml")],
            capture_output=True,
            text=True,
            cwd=folder,
            env={**os.environ, "PYTHONHASHSEED": str(i + 1), "PYTHONPATH": str(ROOT)},
        )
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


def test_every_format_records_the_holidays_version_only_for_derived_calendars(
    default_problem, default_result
):
    from schedule_planner import distribution_version
    from schedule_planner.render import ics, provenance
    from schedule_planner.render.json import solve_document
    from schedule_planner.render.markdown import to_markdown
    from schedule_planner.rows import timetable_rows

    holidays = distribution_version("holidays")
    for problem, derived in ((without_derived_calendars(default_problem), False), (default_problem, True)):
        made = provenance(problem)
        assert ("holidays" in made) == derived and made.get("holidays", holidays) == holidays
        rows = timetable_rows(problem, default_result.timetable)
        doc = solve_document(problem, default_result, timetable_rows(problem, default_result.timetable))
        assert doc["produced_by"] == made
        md = to_markdown(problem, rows, default_result.findings, "OPTIMAL", 10)
        footer = md.splitlines()[-1]
        assert footer.startswith(
            f"*Produced by planner {made['planner']} from the model {made['model_digest']}"
        )
        assert (f"holidays {holidays}" in footer) == derived
        cal = ics.to_ics(problem, rows).replace("\r\n ", "")
        head = cal[: cal.index("BEGIN:VTIMEZONE")]
        assert f"\r\nX-PLANNER-VERSION:{made['planner']}\r\n" in head
        assert f"\r\nX-PLANNER-MODEL-DIGEST:{made['model_digest']}\r\n" in head
        assert (f"\r\nX-PLANNER-HOLIDAYS-VERSION:{holidays}\r\n" in head) == derived


def test_outputs_stay_byte_for_byte_deterministic():
    for fmt in FORMATS:
        first = run("solve", "-f", fmt).stdout_bytes
        assert first == run("solve", "-f", fmt).stdout_bytes, fmt


# ---------------------------------------------------------------- export FORMAT


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """The default model's timetable as `solve` writes it in every format, and its JSON file."""
    out = {fmt: run("solve", "-f", fmt).stdout for fmt in FORMATS}
    path = tmp_path_factory.mktemp("solved") / "timetable.json"
    path.write_text(out["json"])
    return out, path


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_format_writes_what_solve_writes_solving_or_from_a_file(solved, fmt):
    out, path = solved
    assert run("export", fmt).stdout == out[fmt]
    from_file = run("export", fmt, "--from", str(path))
    assert from_file.exit_code == 0 and from_file.stderr == ""
    assert from_file.stdout == out[fmt]
    from_stdin = run("export", fmt, "--from", "-", input=out["json"])
    assert from_stdin.stdout == out[fmt]


def test_a_small_model_exports_alike_solved_and_from_its_json(small, tmp_path):
    model, _ = small
    solved = tmp_path / "solved.json"
    assert run("solve", str(model), "-f", "json", "-o", str(solved)).exit_code == 0
    for fmt in ("json", "markdown", "csv"):
        a = run("solve", "-m", str(model), "-f", fmt).stdout
        assert run("export", fmt, str(model), "--from", str(solved)).stdout == a
        assert run("export", fmt, "--model", str(model)).stdout == a


def edited(doc: dict, session: str, start: str, end: str) -> str:
    doc = json.loads(json.dumps(doc))
    for s in doc["sessions"]:
        if s["id"] == session:
            s["start"], s["end"] = start, end
    return json.dumps(doc)


def test_an_edited_timetable_is_given_not_solved_and_priced_by_the_rules(solved, tmp_path):
    out, _ = solved
    doc = json.loads(out["json"])
    # S4 a week earlier: room-free and document-lead-time break
    text = edited(doc, "S4", "2022-12-05", "2022-12-16")
    result = run("export", "json", "--from", "-", input=text)
    assert result.exit_code == 0
    exported = json.loads(result.stdout)
    checked = json.loads(run("check", "-", "-f", "json", input=text).stdout)
    assert exported["status"] == "GIVEN"
    assert exported["objective"] == sum(f["cost"] for f in checked["findings"] if f["level"] == "soft")
    assert exported["cost_by_rule"] == checked["cost_by_rule"]
    s4 = next(s for s in exported["sessions"] if s["id"] == "S4")
    assert s4["meeting_days"][0] == "2022-12-05" and s4["deadlines"]["submission"] == "2022-09-26"
    assert "Note: the timetable breaks 2 hard rules (first: S4 2022-12-05: room-free" in result.stderr
    md = run("export", "markdown", "--from", "-", input=text).stdout
    assert "Status: GIVEN. Total cost of soft rules: 19." in md


def test_a_recorded_status_holds_only_for_the_model_it_was_recorded_for(solved):
    out, _ = solved
    # solved with another weight: the same dates and cost, but another model
    other = run("solve", "-f", "json", "--weight", "preferred-room=4").stdout
    assert json.loads(other)["sessions"] == json.loads(out["json"])["sessions"]
    assert json.loads(run("export", "json", "--from", "-", input=other).stdout)["status"] == "GIVEN"
    # a recorded objective that the timetable does not cost
    doc = json.loads(out["json"])
    doc["objective"] = 3
    assert json.loads(run("export", "json", "--from", "-", input=json.dumps(doc)).stdout)["status"] == "GIVEN"


def test_a_partial_timetable_exports_what_it_holds_with_a_note(solved):
    out, _ = solved
    doc = json.loads(out["json"])
    doc["sessions"] = [s for s in doc["sessions"] if s["id"] in ("S1", "S2")]
    result = run("export", "csv", "--from", "-", input=json.dumps(doc))
    assert result.exit_code == 0
    lines = [line.split(",") for line in result.stdout.splitlines()]
    assert [
        line[0]
        for line in lines
        if line[1] not in ("report", "approval", "consideration", "adoption", "signing")
    ] == ["id", "OS", "S1", "S2"]
    # the held organizational session has met: it is taken at its dates, and said so
    assert "Note: OS (Organizational session) is held: taken at its dates" in result.stderr
    assert (
        "Note: not in the timetable: S3, S4, S5, S6, S7, S8, C1, C2, C3, C4, C5, C6, C7; "
        "left out" in result.stderr
    )
    exported = json.loads(run("export", "json", "--from", "-", input=json.dumps(doc)).stdout)
    assert exported["status"] == "GIVEN"


def test_export_json_of_a_model_without_timetable_writes_the_diagnosis(tmp_path):
    data = small_model_dict()
    data["sessions"][0]["fixed"] = {"start": "2023-03-06", "end": "2023-03-10"}
    data["sessions"][1]["window"] = {"start": "2023-03-13", "end": "2023-03-31"}
    model = write_model(tmp_path, data)
    solved = run("solve", str(model), "-f", "json")
    exported = run("export", "json", str(model))
    assert solved.exit_code == exported.exit_code == 1
    assert exported.stdout == solved.stdout and json.loads(exported.stdout)["status"] == "INFEASIBLE"


def test_the_export_formats_share_one_set_of_options():
    """json, csv, markdown (every format without options of its own) take exactly the
    same options, ics those and its own, and solve the same ones it has too."""

    def options(command) -> list[dict]:
        return [p.to_info_dict() for p in command.params]

    export = main.commands["export"].commands
    shared = options(export["json"])
    assert [o["name"] for o in shared] == [
        "model",
        "model_option",
        "scenarios",
        "sets",
        "unavailable",
        "not_before",
        "allow_outside",
        "source",
        "output",
        "time_limit",
        "force",
        "seed",
        "workers",
        "weights",
    ]
    assert all(options(export[fmt]) == shared for fmt in PLAIN)
    assert options(export["ics"])[: len(shared)] == shared
    solve = {o["name"]: o for o in options(main.commands["solve"])}
    assert [o for o in shared if o["name"] != "source"] == [
        solve[o["name"]] for o in shared if o["name"] != "source"
    ]


def render_lines(outcome, options):
    """A throwaway format: a line per placed session, holding its lines."""
    from schedule_planner.render.formats import Rendered

    placed = outcome.result.timetable.placements
    return Rendered("".join(f"{session}\n" for session in placed), f"{len(placed)} lines")


def test_a_format_added_to_the_registry_is_a_solve_format_and_an_export_subcommand(
    small, tmp_path, monkeypatch
):
    """A new format is a module and a line in the registry: `solve --format` offers it,
    `export` gets a subcommand for it with the shared options, described in the help."""
    import importlib

    from schedule_planner import cli
    from schedule_planner.render.formats import Format

    model, timetable = small
    monkeypatch.setitem(TIMETABLE, "lines", Format(f"{__name__}:render_lines", "a line per session"))
    try:
        planner = importlib.reload(cli).main
        solve = {p.name: p for p in planner.commands["solve"].params}["fmt"]
        assert "lines" in solve.type.choices
        export = planner.commands["export"]
        assert "`export json|csv|markdown|lines` write what" in export.help
        assert "Write the timetable as a line per session." in export.commands["lines"].help
        solved = CliRunner().invoke(planner, ["solve", str(model), "-f", "lines"])
        assert solved.exit_code == 0 and solved.stdout == "A\nB\nC\n", solved.output
        out = tmp_path / "lines.txt"
        exported = CliRunner().invoke(
            planner, ["export", "lines", str(model), "--from", str(timetable), "-o", str(out)]
        )
        assert exported.exit_code == 0 and exported.stderr == f"wrote {out}: 3 lines\n"
        assert out.read_text() == "A\nB\nC\n"
    finally:
        monkeypatch.undo()
        importlib.reload(cli)
    assert "lines" not in cli.main.commands["export"].commands


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "{tmp}/missing.json"], "missing.json: no such file"),
        (["--from", "{timetable}", "--seed", "2"], "--seed applies only when solving, not with --from"),
        (["{model}", "-m", "{tmp}/other.yaml"], "give the model once"),
        (["--time-limit", "0"], "--time-limit"),
        (["--from", "{tmp}"], "is a directory"),
    ],
)
@pytest.mark.parametrize("fmt", PLAIN)
def test_bad_export_input_gives_one_message_and_exit_2(small, tmp_path, fmt, args, message):
    model, timetable = small
    args = [a.format(tmp=tmp_path, timetable=timetable, model=model) for a in args]
    result = run("export", fmt, *args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0], result.stderr


@pytest.mark.parametrize("fmt", PLAIN)
def test_export_from_a_file_never_loads_ortools(small, tmp_path, fmt):
    import subprocess
    import sys

    from conftest import ROOT

    model, timetable = small
    code = (
        "import sys\nfrom schedule_planner.cli import main\n"
        f"main(['export', {fmt!r}, {str(model)!r}, '--from', {str(timetable)!r}, '-o', "
        f"{str(tmp_path / 'out')!r}], standalone_mode=False)\n"
        "print([m for m in sys.modules if m.startswith('ortools')])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


# ---------------------------------------------------------------- the table fits the terminal


def long_names_model(tmp_path):
    """The small model with a session across the new year (the longest dates), long room
    and session names, and a task longer than any line."""
    data = small_model_dict()
    data["window"] = {"start": "2023-03-01", "end": "2024-03-29"}
    data["venues"][0]["rooms"][0]["name"] = "Conference Room 4 (Trusteeship Council Chamber)"
    data["sessions"][0]["name"] = "Resumed first session of the Preparatory Committee"
    data["sessions"][0]["task"] = "Negotiate " * 40
    data["sessions"][2]["fixed"] = {"start": "2023-12-29", "end": "2024-01-03"}
    data["sessions"][2]["length"] = {"days": 3}
    data["holidays"][0]["days"].append({"date": "2024-01-01", "name": "New Year", "source": "test"})
    return write_model(tmp_path, data)


def table_lines(problem, timetable, width):
    from schedule_planner.render.table import render_table
    from schedule_planner.rows import timetable_rows

    text = render_table(problem, timetable_rows(problem, timetable), ["Status OPTIMAL"], width)
    return text, text.split("\n")


@pytest.mark.parametrize("width", [80, 81, 90, 100, 120, 131, 132, 139, 140, 200])
def test_the_table_fits_the_width_and_cuts_no_date_or_number(default_problem, default_result, width):
    from schedule_planner.domain.text import fmt_range, short_date
    from schedule_planner.render.markdown import SHOWN
    from schedule_planner.rows import timetable_rows

    text, lines = table_lines(default_problem, default_result.timetable, width)
    assert "…" not in text
    table = lines[: lines.index("Status OPTIMAL")]
    assert all(len(line) <= width for line in table), max(table, key=len)
    assert not [line for line in lines if line != line.rstrip()], "a line ends in spaces"
    for row in timetable_rows(default_problem, default_result.timetable):
        assert fmt_range(row.start, row.end) in text
        for d in SHOWN:  # whole, beside its name or (narrow compact layout) under it
            assert d.key not in row.deadlines or short_date(row.deadlines[d.key]) in text
        assert str(len(row.meeting_days)) in text
    task_shown = "Task" in table[2] or "Task" in table[1] or "Task" in table[3]
    assert task_shown == ("Note: the Task column is left out" not in text)
    assert task_shown or width < 110  # the consultations' long names take room


def test_at_80_columns_every_session_has_its_dates_whole(default_problem, default_result):
    from schedule_planner.domain.text import fmt_range, short_date
    from schedule_planner.rows import timetable_rows

    text, lines = table_lines(default_problem, default_result.timetable, 80)
    assert "…" not in text
    for row in timetable_rows(default_problem, default_result.timetable):
        line = next(line for line in lines if fmt_range(row.start, row.end) in line)
        assert line.startswith(row.id)
        for key in ("submission", "issuance"):  # a session's (other meetings have none)
            assert key not in row.deadlines or short_date(row.deadlines[key]) in text
    assert "Note: the Task column is left out at 80 columns; a wider terminal shows it." in lines


def test_long_names_and_dates_across_the_year_fit_or_are_never_cut(tmp_path):
    from datetime import timedelta

    from schedule_planner.app import load, solve
    from schedule_planner.domain.text import short_date

    problem = load(str(long_names_model(tmp_path)))
    timetable = solve(problem).timetable
    assert timetable.get("C").start.year == 2023 and timetable.get("C").end.year == 2024
    for width in (80, 100, 140):
        text, lines = table_lines(problem, timetable, width)
        assert "…" not in text and "Fri 29 Dec 2023 - Wed 3 Jan 2024" in text
        assert "submission" in text and short_date(timetable.get("C").start - timedelta(weeks=2)) in text
        assert "Conference" in text and "Trusteeship" in text and "Chamber)" in text
        table = lines[: lines.index("Status OPTIMAL")]
        assert all(len(line) <= width for line in table), (width, max(table, key=len))


def test_files_and_pipes_get_the_stable_width_without_trailing_spaces(tmp_path):
    out = tmp_path / "table.txt"
    piped = run("solve")
    assert run("solve", "-o", str(out)).exit_code == 0
    text = out.read_text()
    timing = re.compile(r"solved in \d+\.\d\d s")
    assert timing.sub("", text) == timing.sub("", piped.stdout)
    assert not [line for line in text.splitlines() if line != line.rstrip()]
    widest = max(len(line) for line in text.split("\n\n")[1].splitlines())  # the table's rows
    assert 130 <= widest <= 140


@pytest.mark.parametrize(
    "columns, tty, output, width",
    [
        (80, True, None, 80),
        (60, True, None, 80),
        (123, True, "-", 123),
        (300, True, None, 200),
        (80, False, None, None),
        (80, True, "table.txt", None),
    ],
)
def test_the_table_takes_the_terminals_width_and_files_and_pipes_the_stable_one(
    monkeypatch, columns, tty, output, width
):
    import os
    import shutil
    import sys

    from schedule_planner import output as out

    monkeypatch.setattr(sys, "stdout", type("Out", (), {"isatty": lambda self: tty})())
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a: os.terminal_size((columns, 24)))
    assert out.width(output) == width


# ---------------------------------------------------------------- written files are reported


@pytest.mark.parametrize(
    "args, what",
    [
        (["solve"], "8 sessions, 1 organizational session and 7 consultations"),
        (["solve", "-f", "json"], "8 sessions, 1 organizational session and 7 consultations"),
        (["solve", "-f", "csv"], "8 sessions, 1 organizational session and 7 consultations"),
        (["solve", "-f", "markdown"], "8 sessions, 1 organizational session and 7 consultations"),
        (["solve", "-f", "ics"], "217 events"),
        (["export", "ics"], "217 events"),
        (["export", "ics", "--events", "sessions", "--no-deadlines"], "20 events"),
        (["export", "json"], "8 sessions, 1 organizational session and 7 consultations"),
        (["export", "markdown", "--from", "{partial}"], "2 sessions and 1 organizational session"),
        (["check", "{partial}"], "2 sessions and 1 organizational session"),
        (["check", "{partial}", "-f", "json"], "2 sessions and 1 organizational session"),
        (["explain", "--from", "{partial}"], "2 sessions and 1 organizational session explained"),
        (["explain", "-f", "json"], "8 sessions, 1 organizational session and 7 consultations explained"),
    ],
)
def test_every_written_file_is_reported_on_stderr_in_one_line(tmp_path, args, what):
    partial = tmp_path / "partial.yaml"
    partial.write_text(
        "sessions:\n  - {id: S1, start: 2021-08-02, end: 2021-08-13}\n"
        "  - {id: S2, start: 2022-02-28, end: 2022-03-04}\n"
    )
    out = tmp_path / "out.file"
    args = [a.replace("{partial}", str(partial)) for a in args]
    result = run(*args, "-o", str(out))
    assert result.exit_code in (0, 1) and result.stdout == ""
    wrote = [line for line in result.stderr.splitlines() if line.startswith("wrote ")]
    assert wrote == [f"wrote {out}: {what}"], result.stderr
    assert "wrote" not in out.read_text()
    # to standard output, nothing is reported
    assert "wrote " not in run(*args).stderr


def test_the_count_of_events_counts_cancelled_ones_too(small, tmp_path):
    model, timetable = small
    first = tmp_path / "first.ics"
    assert run("export", "ics", str(model), "--from", str(timetable), "-o", str(first)).exit_code == 0
    doc = json.loads(timetable.read_text())
    doc["sessions"] = doc["sessions"][:2]
    timetable.write_text(json.dumps(doc))
    again = run(
        "export", "ics", str(model), "--from", str(timetable), "--previous", str(first), "-o", str(first)
    )
    assert again.exit_code == 0
    wrote = again.stderr.splitlines()[-1]
    assert re.fullmatch(rf"wrote {re.escape(str(first))}: \d+ events \(\d+ cancelled\)", wrote), wrote
    assert first.read_text().count("BEGIN:VEVENT") == int(wrote.split(": ")[1].split()[0])


def test_a_model_without_timetable_written_as_json_is_reported_too(tmp_path):
    data = small_model_dict()
    data["sessions"][0]["fixed"] = {"start": "2023-03-06", "end": "2023-03-10"}
    data["sessions"][1]["window"] = {"start": "2023-03-13", "end": "2023-03-31"}
    out = tmp_path / "out.json"
    result = run("solve", str(write_model(tmp_path, data)), "-f", "json", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert f"wrote {out}: no timetable (INFEASIBLE)" in result.stderr.splitlines()
