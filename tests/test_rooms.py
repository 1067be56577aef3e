"""`planner show --by room`: the room-by-day grid. Meetings that overlap in a room get a
lane each and neither is drawn over the other; the grid never runs wider than the
terminal; the model's names are text, never markup; a timetable read --from shows as
the same timetable solved."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml
from click.testing import CliRunner
from rich.cells import cell_len

from conftest import ROOT, SMALL_TIMETABLE, model_from, small_model_dict, write_model
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.occupancy import MEETING, SESSION, lanes, occupancy
from schedule_planner.render import rooms as grid
from schedule_planner.rows import timetable_rows
from test_hostile_text import HOSTILE, hostile_model, prepared, terminal

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def show(*args: str) -> str:
    result = CliRunner().invoke(main, ["show", "--by", "room", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def page(text: str, month: str) -> list[str]:
    """A month's page of the grid: its lines from its heading to the blank line."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(month))
    return lines[at : lines.index("", at)]


def clashing(tmp_path) -> tuple[str, str]:
    """The small model, and its timetable with A moved into CND's week in the Big Room."""
    t = {**SMALL_TIMETABLE, "sessions": [dict(s) for s in SMALL_TIMETABLE["sessions"]]}
    t["sessions"][0].update(start="2023-03-15", end="2023-03-21")
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(t))
    return str(write_model(tmp_path, small_model_dict())), str(path)


def test_overlapping_meetings_get_a_lane_each_and_neither_is_drawn_over(tmp_path):
    model, timetable = clashing(tmp_path)
    march = page(show(model, "--from", timetable), "Mar 2023")
    at = next(i for i, line in enumerate(march) if line.startswith("  Big Room"))
    first, second, clash = march[at : at + 3]
    days = slice(grid.LABEL + 1, grid.LABEL + 1 + 31)  # a character a day at the stable width
    # CND meets Mon 13 - Fri 17 Mar in the Big Room, A Wed 15 - Tue 21: both whole
    assert first[days][12:17] == "CND▒▒" and "CND (13-17)" in first
    assert second.startswith(" " * grid.LABEL) and second[days][14:21] == "A██──██" and "A 15-21" in second
    assert clash.startswith("  ! double-booked") and clash[days].rstrip() == " " * 14 + "!!!"
    small = next(line for line in march if line.startswith("  Small Room"))
    assert set(small[days]) <= {"·", " "}  # a room with nothing in it: one free lane


def test_lanes_keep_overlapping_bookings_apart(tmp_path):
    problem = Problem(model_from(small_model_dict()))
    placed = Timetable(
        {
            "A": Placement("A", "vic", "big", date(2023, 3, 15), date(2023, 3, 21)),
            "B": Placement("B", "vic", "big", date(2023, 3, 20), date(2023, 3, 31)),
            "C": Placement("C", "vic", "big", date(2023, 3, 27), date(2023, 3, 29)),
        }
    )
    window = problem.model.window  # the grid's range: other bodies' meetings outside the span too
    occ = occupancy(problem, placed, timetable_rows(problem, placed), window.start, window.end)
    big = next(r for r in occ.rooms if r.room.id == "big")
    assert [s.who for s in big.stays] == ["CND", "A", "B", "C", "IAEA"]
    march = lanes(big.stays, date(2023, 3, 1), date(2023, 3, 31))
    # each in the first lane free when it opens: B after CND, C after A (B still meets)
    assert [[s.who for s in lane] for lane in march] == [["CND", "B"], ["A", "C"]]
    # the lane over the whole range is the same algorithm's: IAEA, later, in the first lane
    assert [s.lane for s in big.stays] == [0, 1, 0, 1, 0] and big.lanes == 2
    assert [s.kind for s in big.stays] == [MEETING, SESSION, SESSION, SESSION, MEETING]
    # the days each takes are room-free's: A does not take the room over the weekend
    assert date(2023, 3, 18) not in big.stays[1].days and date(2023, 3, 20) in big.stays[1].days
    # the days over capacity are room-free's count
    assert sorted(big.over) == [date(2023, 3, d) for d in (15, 16, 17, 20, 21, 27, 28, 29)]
    assert lanes(big.stays, date(2023, 5, 1), date(2023, 5, 31)) == [[]]
    # the report's range, the span, holds only what meets in it: not IAEA
    span = occupancy(problem, placed, timetable_rows(problem, placed))
    assert [s.who for s in next(r for r in span.rooms if r.room.id == "big").stays] == ["CND", "A", "B", "C"]


@pytest.mark.parametrize("width", [80, 81, 100, 119, 120, 163, 200])
def test_never_wider_than_the_terminal(width):
    problem = Problem(model_from(hostile_model(HOSTILE["long"])))
    text = grid.render_rooms(problem, Timetable({}), width)
    assert max(cell_len(line) for line in text.split("\n")) <= width
    wide = Problem(model_from(hostile_model(HOSTILE["unicode"])))
    text = grid.render_rooms(wide, Timetable({}), width, colour=True)
    assert max(cell_len(line) for line in ANSI.sub("", text).split("\n")) <= width


def test_a_label_is_cut_to_its_bar_whole_characters_only():
    from rich.text import Text

    bar = Text("█████")
    assert grid.opened(bar, "特別委員会", "").plain == "特別█"  # two wide characters, then the bar
    assert grid.opened(bar, "CND", "").plain == "CND██"
    assert grid.opened(Text("█"), "特", "").plain == "█"


@pytest.mark.parametrize("name", HOSTILE)
def test_model_text_is_data_in_the_grid(tmp_path_factory, name):
    paths = prepared(name, tmp_path_factory.mktemp("rooms"))
    out = show(paths["M"], "--from", paths["P"])
    terminal(out, HOSTILE[name], True)
    assert max(cell_len(line) for line in out.split("\n")) <= 100


def test_in_colour_a_name_makes_no_link_or_style():
    problem = Problem(model_from(hostile_model(HOSTILE["rich-link"])))
    text = grid.render_rooms(problem, Timetable({}), 120, colour=True)
    assert "\x1b[" in text and "\x1b]8;" not in text
    assert "[link=https://evil.example]CLICKME[/link]" in text


def test_from_a_timetable_shows_the_same(tmp_path):
    path = tmp_path / "t.json"
    assert CliRunner().invoke(main, ["solve", "-f", "json", "-o", str(path)]).exit_code == 0
    solved, given = show(), show("--from", str(path))
    assert given == solved
    # the default model: every session in its room, the Plenary Hall's lane
    for sid in (f"S{i}" for i in range(1, 9)):
        assert re.search(rf"\b{sid} \d", given), sid
    assert "Legend:" in given and "Plenary Hall" in given


def test_a_centre_every_meeting_in_its_room(centre, tmp_path):
    path = tmp_path / "t.json"
    result = CliRunner().invoke(main, ["solve", centre, "-f", "json", "-o", str(path)])
    assert result.exit_code == 0, result.output
    out = show(centre, "--from", str(path))
    placed = yaml.safe_load(path.read_text())["sessions"]
    for s in placed:  # each named in the notes of its room's lanes, with its dates
        assert re.search(rf"\b{re.escape(s['id'])} \d", out), s["id"]
    assert max(cell_len(line) for line in out.split("\n")) <= 100
    assert show(centre, "--from", str(path)) == out  # the same bytes


def test_by_month_stays_the_default():
    runner = CliRunner()
    assert runner.invoke(main, ["show"]).stdout == runner.invoke(main, ["show", "--by", "month"]).stdout
    result = runner.invoke(main, ["show", "--by", "week"])
    assert result.exit_code == 2 and "'week' is not one of 'month', 'room'" in result.output


def test_a_centre_title_counts_its_bodies_in_every_view(centre):
    from schedule_planner.app import load
    from schedule_planner.occupancy import LISTED, title
    from schedule_planner.render.calendar import render_calendar

    problem = load(centre)
    bodies = problem.model.bodies
    assert len(bodies) > LISTED
    assert title(problem) == f"{len(bodies)} bodies at the conference centre"
    # the grid and the calendar open with it, as the report does: not every body's id
    assert grid.render_rooms(problem, Timetable({})).startswith(f"{title(problem)}: rooms by day, ")
    assert render_calendar(problem, []).startswith(f"{title(problem)}: ")
    # up to LISTED bodies, each is named: the default model's title is its committee's
    assert title(load(str(ROOT / "data" / "ahc-cybercrime.yaml"))) == "Ad Hoc Committee (cybercrime)"
    assert show().startswith("Ad Hoc Committee (cybercrime): rooms by day, ")
