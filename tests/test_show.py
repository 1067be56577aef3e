"""`planner show`: the plan as a calendar in the terminal, at 80 and 120 columns, in
colour on a terminal and without it under NO_COLOR, in files and pipes."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from datetime import date

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from conftest import ROOT
from schedule_planner.cli import main
from schedule_planner.render import calendar as cal
from schedule_planner.rows import timetable_rows

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(columns: int, env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> str:
    """`planner show ARGS` run on a pseudo-terminal of `columns` columns: what it printed."""
    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    environ.update({"TERM": "xterm-256color", **(env or {})})
    proc = subprocess.Popen(
        [sys.executable, "-m", "schedule_planner.cli", "show", *args],
        cwd=ROOT,
        # stderr apart: a terminal there shows the search's live progress
        stdin=child_fd,
        stdout=child_fd,
        stderr=subprocess.DEVNULL,
        env=environ,
    )
    os.close(child_fd)
    out = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    assert proc.wait(timeout=300) == 0, out.decode()
    os.close(main_fd)
    return out.decode().replace("\r\n", "\n")


@pytest.fixture(scope="module")
def rows_of(default_problem, default_result):
    return timetable_rows(default_problem, default_result.timetable)


def month_row(text: str, month: str) -> str:
    return next(line for line in ANSI.sub("", text).split("\n") if line.startswith(month))


@pytest.mark.parametrize("columns", [80, 120])
def test_fits_the_terminal_and_shows_the_whole_plan(columns):
    out = on_terminal(columns)
    plain = ANSI.sub("", out)
    assert max(cell_len(line) for line in plain.split("\n")) <= columns
    months = [line[:8] for line in plain.split("\n") if re.match(r"[A-Z][a-z]{2} \d{4} ", line)]
    # the organizational session to the last progress report's issuance
    assert months[0] == "May 2021" and months[-1] == "Aug 2024"
    assert len(months) == 40 and len(set(months)) == 40  # a row per month
    for sid in (f"S{i}" for i in range(1, 9)):
        assert re.search(rf"{sid}█", plain), sid  # each session's bar
    assert "Legend:" in plain
    assert ANSI.search(out), "a terminal gets colour"


@pytest.mark.parametrize("columns", [80, 111, 150])
def test_the_room_grid_fits_the_terminal(columns):
    out = on_terminal(columns, args=("--by", "room"))
    plain = ANSI.sub("", out)
    assert max(cell_len(line) for line in plain.split("\n")) <= columns
    assert ANSI.search(out), "a terminal gets colour"
    assert "  Plenary Hall" in plain and "S4 12-23" in plain and "Legend:" in plain
    cell = 1 if columns < 108 else 2 if columns < 139 else 3
    # S4 meets Mon 12 - Fri 16 and Mon 19 - Fri 23 Dec 2022: its room is free over the weekend
    assert re.search(rf"S4█{{{5 * cell - 2}}}─{{{2 * cell}}}█{{{5 * cell}}}", plain)


def test_wider_terminal_gives_each_day_more_room():
    narrow, wide = (month_row(on_terminal(c), "Dec 2022") for c in (80, 120))
    # S4 meets Mon 12 - Fri 23 Dec 2022: 12 days, a character each at 80 columns, two at 120
    assert re.search(r"S4█{10}(?!█)", narrow) and narrow.index("S4") == 9 + 11
    assert re.search(r"S4█{22}(?!█)", wide) and wide.index("S4") == 9 + 22


def test_no_color_on_a_terminal():
    out = on_terminal(80, {"NO_COLOR": "1"})
    assert not ANSI.search(out)
    assert "S1█" in out and "Legend:" in out


def test_pipes_get_the_stable_width_without_colour_and_every_mark_reads():
    result = CliRunner().invoke(main, ["show"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    lines = out.split("\n")
    assert not ANSI.search(out)
    assert max(cell_len(line) for line in lines) <= cal.STABLE_WIDTH
    assert all(line == line.rstrip() for line in lines)
    grid = "".join(line[9 : 9 + 31] for line in lines if re.match(r"[A-Z][a-z]{2} \d{4} ", line))
    glyphs = [m.glyph for m in cal.LEGEND]
    assert len(set(glyphs)) == len(glyphs)  # told apart by shape, not colour
    for glyph in glyphs:
        assert glyph in grid and f"{glyph} " in month_or_legend(lines)


def month_or_legend(lines: list[str]) -> str:
    return "\n".join(lines[lines.index(next(line for line in lines if line.startswith("Legend:"))) :])


def test_marks_sit_on_their_days(default_problem, rows_of):
    text = cal.render_calendar(default_problem, rows_of, 80)
    apr = month_row(text, "Apr 2023")[9 : 9 + 30]
    # S5 opens Mon 17 Apr 2023 and loses Mon 24 Apr (Eid al-Fitr): a bar with an H in it
    assert apr[16:28] == "S5█████H████"
    assert apr[6] == "H" and apr[9] == "H"  # Good Friday, Easter Monday: closed
    assert apr[13] == "h"  # Orthodox Good Friday (GA res. 69/250)
    oct_ = month_row(text, "Oct 2022")
    assert oct_[9 + 2] == "◆" and oct_[9 + 30] == "◆"  # S4: submission 3 Oct, issuance 31 Oct
    assert "S4 submission 3; S4 issuance 31" in oct_
    mar = month_row(text, "Mar 2023")
    assert mar[9 + 12 : 9 + 17] == "mmmmm" and "CND 13-17" in mar  # CND 66th session


def test_notes_of_a_session_across_two_months(default_problem, rows_of):
    moved = next(r for r in rows_of if r.id == "S7")
    assert cal.span_text(moved.start, moved.end) == "11-22"
    assert cal.span_text(date(2023, 11, 27), date(2023, 12, 8)) == "27 Nov-8 Dec"


def test_from_a_timetable_shows_the_same(tmp_path):
    runner = CliRunner()
    path = tmp_path / "t.json"
    assert runner.invoke(main, ["solve", "-f", "json", "-o", str(path)]).exit_code == 0
    solved, given = runner.invoke(main, ["show"]), runner.invoke(main, ["show", "--from", str(path)])
    assert given.exit_code == 0 and given.stdout == solved.stdout


def test_bad_input_is_an_error_with_its_place_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sessions:\n  - {id: S1, start: 2021-08-02, end: 2021-08-13\n")
    runner = CliRunner()
    for args in (
        ["show", "--from", str(bad)],
        ["show", "--from", str(tmp_path / "none.json")],
        ["show", str(bad)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
        assert str(tmp_path) in result.output
    assert f"{bad}:3:" in runner.invoke(main, ["show", "--from", str(bad)]).output


@pytest.mark.parametrize("width, cell", [(80, 1), (101, 1), (102, 2), (132, 2), (133, 3), (200, 3)])
def test_characters_per_day_by_width(width, cell):
    assert cal.cell_width(width) == cell


def test_deadlines_on_one_day_are_all_noted(default_problem, rows_of):
    import dataclasses

    s4 = next(r for r in rows_of if r.id == "S4")
    twin = dataclasses.replace(s4, session=s4.session.model_copy(update={"id": "T4"}))
    notes = cal.Calendar(default_problem, [*rows_of, twin]).notes(date(2022, 10, 1))
    assert notes.startswith("S4 submission 3; T4 submission 3; S4 issuance 31; T4 issuance 31")
